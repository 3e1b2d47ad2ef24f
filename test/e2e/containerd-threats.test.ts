// The four container threats of Peregrine's default rules, performed in containers of a real containerd
// (Debian's, started by the test with its own socket; the live Peregrine is pointed at it through
// container_engines.cri.sockets and container_engines.containerd.sockets):
//   (a) containers made with `ctr run` in namespace k8s.io, with the pod labels kubelet would put on them;
//   (b) a pod sandbox and containers in it made through the CRI API, with host networking.
// Every alert must name the container, its image and its pod: no <NA>.
//
// "Raises nothing" is checked as in container-threats.test.ts: the benign action first, then the threat in
// the same container; alerts about one container leave in order, so the threat's alert comes after anything
// the benign action raised.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../helpers/cli.ts';
import { CTR_IMAGE, noContainerd, type Pod, TestContainerd } from '../helpers/containerd.ts';
import { type AlertJson, type LivePeregrine, noLive, startLive } from '../helpers/live.ts';

const ALLOWLISTED = 'docker.io/peregrine-test/allowlisted:latest';
const skip = noLive() ?? noContainerd();
const dir = mkdtempSync(join(tmpdir(), 'peregrine-ctd-e2e-'));
const allowlist = join(dir, 'allowlist.yaml');
writeFileSync(
  allowlist,
  `- list: peregrine_allowlisted_images
  items: [docker.io/peregrine-test/allowlisted]

- macro: peregrine_allowed_process
  condition: (container.image.repository = docker.io/peregrine-test/allowlisted and proc.name in (sleep, cat))
`,
);

const rulesOf = (alerts: AlertJson[]): string[] => alerts.map((a) => a.rule);

interface Expected {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly pod: string;
  readonly ns: string;
}

/** The container, its image and its pod, in the alert's fields. */
function identity(a: AlertJson, e: Expected): void {
  assert.equal(a.output_fields['container.id'], e.id.slice(0, 12), 'container.id');
  assert.equal(a.output_fields['container.name'], e.name, 'container.name');
  assert.equal(a.output_fields['container.image'], e.image, 'container.image');
  assert.equal(a.output_fields['k8s.pod.name'], e.pod, 'k8s.pod.name');
  assert.equal(a.output_fields['k8s.ns.name'], e.ns, 'k8s.ns.name');
}

describe('the four container threats in containerd containers', { skip }, () => {
  let ctd: TestContainerd;
  let live: LivePeregrine | undefined;
  let why = '';

  before(async () => {
    ctd = await TestContainerd.start();
    await ctd.importImages();
    await ctd.tag(CTR_IMAGE, ALLOWLISTED);
    const r = await startLive([
      '-r',
      join(ROOT, 'rules/peregrine_rules.yaml'),
      '-r',
      join(ROOT, 'rules/peregrine_rules.local.yaml'),
      '-r',
      allowlist,
      '-o',
      `container_engines.cri.sockets=[${ctd.socket}]`,
      '-o',
      `container_engines.containerd.sockets=[${ctd.socket}]`,
      // k8s.ns.name and k8s.pod.name in every output (Falco's -pk)
      '-p',
      'k',
    ]);
    if ('skip' in r) why = r.skip;
    else live = r;
  });

  after(async () => {
    await live?.stop();
    await ctd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const about = (rule: string, id: string) => (x: AlertJson) =>
    x.rule === rule && x.output_fields['container.id'] === id.slice(0, 12);

  describe('(a) ctr run in namespace k8s.io with pod labels', () => {
    const podLabels = (pod: string) => ({
      'io.kubernetes.pod.name': pod,
      'io.kubernetes.pod.namespace': 'ctr-ns',
      'io.kubernetes.pod.uid': `uid-${pod}`,
    });
    const expected = (id: string, pod: string, image = CTR_IMAGE): Expected => ({
      id,
      name: id,
      image,
      pod,
      ns: 'ctr-ns',
    });

    test('a shell with a terminal: "Terminal shell in container"; without one, nothing', async (t) => {
      if (live === undefined) return t.skip(why);
      const id = `pg${process.pid}-tty`;
      await ctd.ctrRun({ id, labels: podLabels('tty-pod') });
      await ctd.exec(id, ['sh', '-c', 'true']);
      const a = await live.log.expect(
        () => ctd.exec(id, ['sh', '-c', 'exit 0'], true),
        about('Terminal shell in container', id),
      );
      identity(a, expected(id, 'tty-pod'));
      assert.deepEqual(rulesOf(live.log.forContainer(id)), ['Terminal shell in container']);
    });

    test('a process off the allow-list: "Process not allowed in container"; an allowed one, nothing', async (t) => {
      if (live === undefined) return t.skip(why);
      const id = `pg${process.pid}-allow`;
      await ctd.ctrRun({ id, image: ALLOWLISTED, labels: podLabels('allow-pod') });
      await ctd.exec(id, ['cat', '/etc/passwd']);
      const a = await live.log.expect(() => ctd.exec(id, ['ls', '/']), about('Process not allowed in container', id));
      identity(a, expected(id, 'allow-pod', ALLOWLISTED));
      assert.equal(a.output_fields['proc.name'], 'ls');
      assert.deepEqual(rulesOf(live.log.forContainer(id)), ['Process not allowed in container']);
    });

    test('a write below /etc: "Write below system directory"; a write to /tmp, nothing', async (t) => {
      if (live === undefined) return t.skip(why);
      const id = `pg${process.pid}-etc`;
      await ctd.ctrRun({ id, labels: podLabels('etc-pod') });
      await ctd.exec(id, ['sh', '-c', 'echo fine > /tmp/fine']);
      const a = await live.log.expect(
        () => ctd.exec(id, ['sh', '-c', 'echo bad > /etc/ctdmark1']),
        about('Write below system directory', id),
      );
      identity(a, expected(id, 'etc-pod'));
      assert.equal(a.output_fields['fd.name'], '/etc/ctdmark1');
      assert.deepEqual(rulesOf(live.log.forContainer(id)), ['Write below system directory']);
    });

    test('a privileged container and one with /etc mounted: both started containers are reported', async (t) => {
      if (live === undefined) return t.skip(why);
      const priv = `pg${process.pid}-priv`;
      const a = await live.log.expect(
        () => ctd.ctrRun({ id: priv, privileged: true, labels: podLabels('priv-pod') }),
        about('Privileged container started', priv),
      );
      identity(a, expected(priv, 'priv-pod'));
      const mount = `pg${process.pid}-mnt`;
      const b = await live.log.expect(
        () =>
          ctd.ctrRun({ id: mount, labels: podLabels('mnt-pod'), mounts: [{ host: '/etc', container: '/host/etc' }] }),
        about('Container with sensitive mount started', mount),
      );
      identity(b, expected(mount, 'mnt-pod'));
      assert.match(String(b.output_fields['container.mounts']), /\/etc:\/host\/etc::true:/);
    });
  });

  describe('(b) a CRI pod sandbox with host networking, and containers in it', () => {
    let pod: Pod;
    const expected = (id: string, name: string, image = CTR_IMAGE): Expected => ({
      id,
      name,
      image,
      pod: 'shop-web-0',
      ns: 'shop',
    });

    before(async () => {
      if (skip !== undefined || live === undefined) return;
      pod = await ctd.pod({
        name: 'shop-web-0',
        namespace: 'shop',
        uid: `0c0ffee1-0000-4000-8000-${String(process.pid).padStart(12, '0')}`,
        labels: { app: 'shop' },
        privileged: true,
      });
    });

    test('a shell with a terminal: "Terminal shell in container"; without one, nothing', async (t) => {
      if (live === undefined) return t.skip(why);
      const id = await pod.container({ name: 'shell' });
      await ctd.exec(id, ['sh', '-c', 'true']);
      const a = await live.log.expect(
        () => ctd.exec(id, ['sh', '-c', 'exit 0'], true),
        about('Terminal shell in container', id),
      );
      identity(a, expected(id, 'shell'));
      assert.deepEqual(rulesOf(live.log.forContainer(id)), ['Terminal shell in container']);
    });

    test('a process off the allow-list: "Process not allowed in container"; an allowed one, nothing', async (t) => {
      if (live === undefined) return t.skip(why);
      const id = await pod.container({ name: 'allow', image: ALLOWLISTED });
      await ctd.exec(id, ['cat', '/etc/passwd']);
      const a = await live.log.expect(() => ctd.exec(id, ['ls', '/']), about('Process not allowed in container', id));
      identity(a, expected(id, 'allow', ALLOWLISTED));
      assert.deepEqual(rulesOf(live.log.forContainer(id)), ['Process not allowed in container']);
    });

    test('a write below /etc: "Write below system directory"; a write to /tmp, nothing', async (t) => {
      if (live === undefined) return t.skip(why);
      const id = await pod.container({ name: 'etc' });
      await ctd.exec(id, ['sh', '-c', 'echo fine > /tmp/fine']);
      const a = await live.log.expect(
        () => ctd.exec(id, ['sh', '-c', 'echo bad > /etc/ctdmark2']),
        about('Write below system directory', id),
      );
      identity(a, expected(id, 'etc'));
      assert.deepEqual(rulesOf(live.log.forContainer(id)), ['Write below system directory']);
    });

    test('a privileged container and one with /etc mounted: both started containers are reported', async (t) => {
      if (live === undefined) return t.skip(why);
      let priv = '';
      const a = await live.log.expect(
        async () => {
          priv = await pod.container({ name: 'priv', privileged: true });
        },
        (x) => x.rule === 'Privileged container started' && x.output_fields['container.name'] === 'priv',
      );
      identity(a, expected(priv, 'priv'));
      let mounted = '';
      const b = await live.log.expect(
        async () => {
          mounted = await pod.container({ name: 'mnt', mounts: [{ host: '/etc', container: '/host/etc' }] });
        },
        (x) => x.rule === 'Container with sensitive mount started' && x.output_fields['container.name'] === 'mnt',
      );
      identity(b, expected(mounted, 'mnt'));
      assert.match(String(b.output_fields['container.mounts']), /\/etc:\/host\/etc::true:private/);
    });
  });
});
