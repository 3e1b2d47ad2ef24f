// The Kubernetes deployment (deploy/kubernetes/) checked against what can be checked without a cluster: the
// manifests parse; the DaemonSet runs what the image holds (docker/Dockerfile, scripts/build-image.sh) with the
// environment the image and its entrypoint set; it mounts what the seed's `docker run` mounts (read from the
// Dockerfile's header) and the runtime sockets its configuration names; the configuration loads with the
// image's rules; ports and probes meet. Each fact is read from the files that define it, not repeated here, so
// a change to the image (say, its entrypoint) that the manifests do not follow fails this test.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { after, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { ROOT, runPeregrine } from '../helpers/cli.ts';

const DEPLOY = join(ROOT, 'deploy/kubernetes');
// biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field below
type Doc = any;

function docs(file: string): Doc[] {
  const parsed = parseAllDocuments(readFileSync(join(DEPLOY, file), 'utf8'));
  for (const d of parsed) assert.deepEqual(d.errors, [], `${file} parses`);
  return parsed.map((d) => d.toJS());
}

const kustomization = docs('kustomization.yaml')[0];
const resources: Doc[] = (kustomization.resources as string[]).flatMap((f) => docs(f));
const daemonset = resources.find((r) => r.kind === 'DaemonSet');
const service = resources.find((r) => r.kind === 'Service');
const pod = daemonset.spec.template.spec;
const container = pod.containers[0];
const config = docs('peregrine.yaml')[0];

const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
const entrypoint = readFileSync(join(ROOT, 'docker/entrypoint.sh'), 'utf8');
const buildImage = readFileSync(join(ROOT, 'scripts/build-image.sh'), 'utf8');

/** The Dockerfile's ENV values (one ENV instruction with continuation lines). */
function dockerEnv(): Map<string, string> {
  const m = /^ENV ((?:.*\\\n)*.*)$/m.exec(dockerfile);
  assert.ok(m, 'the Dockerfile sets ENV');
  const env = new Map<string, string>();
  for (const [, k, v] of m[1].replaceAll('\\\n', ' ').matchAll(/(\w+)=(\S+)/g)) env.set(k, v);
  return env;
}

/** Where a path in the image comes from: build-image.sh stages `/opt/peregrine` and copies into it. */
function stagedPath(repoPath: string): string {
  const stage = /^stage="\$work\/context(\/[^"]+)"$/m.exec(buildImage)?.[1];
  assert.ok(stage, 'build-image.sh names its staging directory');
  const copied = new RegExp(`^cp (?:-r )?${repoPath.replaceAll('/', '\\/')} "\\$stage/([^"]*)"$`, 'm').exec(buildImage);
  assert.ok(copied, `build-image.sh copies ${repoPath} into the image`);
  return copied[1].endsWith('/')
    ? posix.join(stage, copied[1], posix.basename(repoPath))
    : posix.join(stage, copied[1]);
}

/** The volume behind the mount that holds `path` in the container, and the rest of the path below it. */
function mountFor(path: string): { volume: Doc; mount: Doc; rest: string } | undefined {
  const mounts = [...(container.volumeMounts as Doc[])].sort((a, b) => b.mountPath.length - a.mountPath.length);
  const mount = mounts.find((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
  if (mount === undefined) return undefined;
  const volume = (pod.volumes as Doc[]).find((v) => v.name === mount.name);
  return { volume, mount, rest: path.slice(mount.mountPath.length) };
}

test('every manifest parses, and kustomize finds every file it names', () => {
  assert.equal(kustomization.kind, 'Kustomization');
  for (const f of kustomization.resources) assert.ok(existsSync(join(DEPLOY, f)), f);
  for (const g of kustomization.configMapGenerator) for (const f of g.files) assert.ok(existsSync(join(DEPLOY, f)), f);
  assert.deepEqual(resources.map((r) => r.kind).sort(), ['DaemonSet', 'Namespace', 'Service']);
  assert.equal(kustomization.images[0].name, container.image, 'the image kustomize retags is the one the pod runs');
});

test('the DaemonSet: privileged, in the host PID namespace', () => {
  assert.equal(pod.hostPID, true);
  assert.equal(container.securityContext.privileged, true);
  assert.ok(
    pod.tolerations.some((t: Doc) => t.operator === 'Exists'),
    'runs on every node',
  );
});

test("the command is the image's init and Peregrine's binary as build-image.sh stages it", () => {
  const entry = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
  assert.equal(container.command[0], entry[0], "the image's init (tini)");
  assert.equal(container.command[1], '--');
  assert.equal(container.command[2], stagedPath('bin/peregrine'));
  assert.deepEqual(container.args, ['-c', '/etc/peregrine/peregrine.yaml']);
});

test('the environment: what the Dockerfile sets, and what its entrypoint would have exported', () => {
  const env = new Map((container.env as Doc[]).map((e) => [e.name, e]));
  for (const [k, v] of dockerEnv()) {
    if (k === 'PATH') continue;
    assert.equal(env.get(k)?.value, v, `${k} as in the Dockerfile`);
  }
  // the entrypoint does not run here: whatever it exports must come from the manifest
  for (const [, name] of entrypoint.matchAll(/^\s*export (\w+)/gm)) assert.ok(env.has(name), `${name} is set`);
});

test("the seed's docker run mounts, below the same paths", () => {
  const header = dockerfile
    .split('\n')
    .filter((l) => l.startsWith('#'))
    .join('\n');
  const binds = [...header.matchAll(/-v (\/\S+?):(\/[^\s:]+)(?::ro)?/g)].map((m) => ({ host: m[1], dest: m[2] }));
  assert.ok(binds.length >= 4, 'the Dockerfile documents its docker run');
  for (const { host, dest } of binds) {
    const m = mountFor(dest);
    assert.ok(m !== undefined, `${dest} is mounted`);
    if (dest === '/etc/peregrine') {
      assert.equal(m.volume.configMap?.name, 'peregrine-config', 'the configuration comes from the ConfigMap');
    } else {
      assert.equal(`${m.volume.hostPath?.path}${m.rest}`, host, `${dest} is the host's ${host}`);
    }
  }
});

test('every runtime socket the configuration names is reachable below HOST_ROOT', () => {
  const hostRoot = dockerEnv().get('HOST_ROOT') ?? '';
  const engines = config.container_engines;
  const sockets: string[] = [];
  for (const key of ['cri', 'containerd', 'docker']) sockets.push(...engines[key].sockets);
  assert.ok(sockets.includes('/run/containerd/containerd.sock') && sockets.includes('/run/crio/crio.sock'));
  for (const s of sockets) {
    const m = mountFor(`${hostRoot}${s}`);
    assert.ok(m?.volume.hostPath !== undefined, `${s} is below a host mount`);
    assert.equal(`${m.volume.hostPath.path}${m.rest}`, s, `${hostRoot}${s} is the host's ${s}`);
    assert.notEqual(
      m.rest,
      '',
      'a directory is mounted, never the socket itself (a missing one would become a directory)',
    );
  }
});

test('rules files: the image’s own, the ConfigMaps’ keys; alerts to a mounted directory', () => {
  const keys = new Map<string, string[]>(
    (kustomization.configMapGenerator as Doc[]).map((g) => [g.name, g.files.map((f: string) => posix.basename(f))]),
  );
  for (const f of config.rules_files as string[]) {
    const m = mountFor(f);
    if (m === undefined) {
      // in the image: build-image.sh copies rules/ there
      const staged = stagedPath('rules');
      assert.ok(f.startsWith(`${staged}/`), `${f} is in the image`);
      assert.ok(existsSync(join(ROOT, 'rules', f.slice(staged.length + 1))), `${f} is one of rules/`);
    } else {
      const cm = m.volume.configMap?.name as string;
      assert.ok(keys.has(cm), `${f} comes from a generated ConfigMap`);
      if (m.rest !== '') assert.ok(keys.get(cm)?.includes(m.rest.slice(1)), `${f} is a key of ${cm}`);
    }
  }
  const configMount = mountFor('/etc/peregrine/peregrine.yaml');
  assert.ok(keys.get(configMount?.volume.configMap?.name)?.includes('peregrine.yaml'));
  assert.ok(mountFor(posix.dirname(config.file_output.filename))?.volume.hostPath, 'alerts land on the node');
  // the alert store and the NATS spool (their defaults unless the ConfigMap names others) survive the pod
  const storePath = config.alert_store?.path ?? '/var/lib/peregrine/alerts.db';
  const spoolPath = config.nats_output?.spool?.path ?? '/var/lib/peregrine/nats-spool';
  assert.ok(mountFor(posix.dirname(storePath))?.volume.hostPath, `the alert store ${storePath} is on the node`);
  assert.ok(mountFor(spoolPath)?.volume.hostPath, `the NATS spool ${spoolPath} is on the node`);
  assert.equal(
    readFileSync(join(DEPLOY, 'peregrine_rules.local.yaml'), 'utf8'),
    readFileSync(join(ROOT, 'rules/peregrine_rules.local.yaml'), 'utf8'),
    "the allow-lists start as Peregrine's shipped peregrine_rules.local.yaml",
  );
});

test('the webserver answers where the probes and the Service look', () => {
  const port = container.ports.find((p: Doc) => p.name === 'http');
  assert.equal(config.webserver.enabled, true);
  assert.equal(config.webserver.listen_port, port.containerPort);
  assert.equal(config.webserver.listen_address, '0.0.0.0', 'reachable from the pod network');
  for (const probe of [container.readinessProbe, container.livenessProbe]) {
    assert.equal(probe.httpGet.path, config.webserver.k8s_healthz_endpoint);
    assert.equal(probe.httpGet.port, 'http');
  }
  assert.equal(service.spec.ports[0].targetPort, 'http');
  for (const [k, v] of Object.entries(service.spec.selector)) {
    assert.equal(daemonset.spec.template.metadata.labels[k], v, 'the Service selects the pods');
  }
});

const tmp = mkdtempSync(join(tmpdir(), 'peregrine-k8s-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the configuration and the rules load, with the paths of the pod mapped onto this checkout', async () => {
  const text = readFileSync(join(DEPLOY, 'peregrine.yaml'), 'utf8')
    .replaceAll(`${stagedPath('rules')}/`, `${join(ROOT, 'rules')}/`)
    .replaceAll('/etc/peregrine-rules.d', join(DEPLOY, 'rules.d'))
    .replaceAll('/etc/peregrine/', `${DEPLOY}/`)
    .replaceAll('/var/log/peregrine/', `${tmp}/`);
  const file = join(tmp, 'peregrine.yaml');
  writeFileSync(file, text);
  const r = await runPeregrine(['-c', file, '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
});
