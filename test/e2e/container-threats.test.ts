// The four container threats, performed in real containers (dockerd from scripts/start-dockerd.sh) while a live
// Peregrine watches this host:
//   - with Peregrine's default rules, each threat raises exactly the expected alert, with container.id,
//     container.name and container.image filled in, and each benign twin raises nothing;
//   - with Falco's three upstream rules files, the corresponding Falco rules fire.
//
// "Raises nothing" is checked without waiting on the clock: the benign action happens first, then, in the same
// container, the threat; events of one container are processed in order, and alerts about one container leave
// in order (src/engine/alert-deferral.ts), so when the threat's alert arrives, anything the benign action raised
// has arrived before it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, SHARED } from '../helpers/cli.ts';
import { dockerCli, removeTestContainers, startContainer, TEST_IMAGE, type TestContainer } from '../helpers/docker.ts';
import { type AlertJson, type LivePeregrine, noLive, startLive } from '../helpers/live.ts';

const ALLOWLISTED_IMAGE = 'peregrine-test/allowlisted:latest';

const skip = noLive();
const dir = mkdtempSync(join(tmpdir(), 'peregrine-e2e-'));
// The test's allow-list: what a user puts in peregrine_rules.local.yaml for their image.
const allowlist = join(dir, 'allowlist.yaml');
writeFileSync(
  allowlist,
  `- list: peregrine_allowlisted_images
  items: [peregrine-test/allowlisted]

- list: allowed_processes_allowlisted
  items: [sleep, cat]

- macro: peregrine_allowed_process
  condition: (container.image.repository = peregrine-test/allowlisted and proc.name in (allowed_processes_allowlisted))
`,
);

function identity(a: AlertJson, c: TestContainer, image = TEST_IMAGE): void {
  assert.equal(a.output_fields['container.id'], c.id.slice(0, 12), 'container.id');
  assert.equal(a.output_fields['container.name'], c.name, 'container.name');
  assert.equal(a.output_fields['container.image'], image, 'container.image');
}

function rulesOf(alerts: AlertJson[]): string[] {
  return alerts.map((a) => a.rule);
}

describe("Peregrine's rules catch the four container threats", { skip }, () => {
  let live: LivePeregrine | undefined;
  let why = '';

  before(async () => {
    await dockerCli('tag', TEST_IMAGE, ALLOWLISTED_IMAGE);
    const r = await startLive([
      '-r',
      join(ROOT, 'rules/peregrine_rules.yaml'),
      '-r',
      join(ROOT, 'rules/peregrine_rules.local.yaml'),
      '-r',
      allowlist,
    ]);
    if ('skip' in r) why = r.skip;
    else live = r;
  });

  after(async () => {
    await live?.stop();
    await removeTestContainers();
    await dockerCli('rmi', ALLOWLISTED_IMAGE).catch(() => '');
  });

  /** An alert of `rule` about container `c` (read when the predicate runs: `c` may be started by the action). */
  const about = (rule: string, c: () => TestContainer | undefined) => (x: AlertJson) =>
    x.rule === rule && x.output_fields['container.id'] === c()?.id.slice(0, 12);

  test('a shell with a terminal raises "Terminal shell in container"; one without raises nothing', async (t) => {
    if (live === undefined) return t.skip(why);
    const c = await startContainer();
    await dockerCli('exec', c.name, 'sh', '-c', 'true'); // benign: no terminal
    const a = await live.log.expect(
      () => dockerCli('exec', '-t', c.name, 'sh', '-c', 'exit 0'),
      about('Terminal shell in container', () => c),
    );
    identity(a, c);
    assert.deepEqual(rulesOf(live.log.forContainer(c.id)), ['Terminal shell in container']);
  });

  test('a process off its image’s allow-list raises "Process not allowed in container"; an allowed one nothing', async (t) => {
    if (live === undefined) return t.skip(why);
    const c = await startContainer({ image: ALLOWLISTED_IMAGE }); // sleep: allowed
    await dockerCli('exec', c.name, 'cat', '/etc/hostname'); // benign: allowed
    const a = await live.log.expect(
      () => dockerCli('exec', c.name, 'ls', '/'),
      about('Process not allowed in container', () => c),
    );
    identity(a, c, ALLOWLISTED_IMAGE);
    assert.equal(a.output_fields['proc.name'], 'ls');
    assert.deepEqual(rulesOf(live.log.forContainer(c.id)), ['Process not allowed in container']);
  });

  test('a write below /etc raises "Write below system directory"; a write to /tmp nothing', async (t) => {
    if (live === undefined) return t.skip(why);
    const c = await startContainer();
    await dockerCli('exec', c.name, 'sh', '-c', 'echo fine > /tmp/fine'); // benign
    const a = await live.log.expect(
      () => dockerCli('exec', c.name, 'sh', '-c', 'echo bad > /etc/evil'),
      about('Write below system directory', () => c),
    );
    identity(a, c);
    assert.equal(a.output_fields['fd.name'], '/etc/evil');
    assert.deepEqual(rulesOf(live.log.forContainer(c.id)), ['Write below system directory']);
  });

  test('a privileged container raises "Privileged container started"', async (t) => {
    if (live === undefined) return t.skip(why);
    let c: TestContainer | undefined;
    const a = await live.log.expect(
      async () => {
        c = await startContainer({ flags: ['--privileged'] });
      },
      about('Privileged container started', () => c),
    );
    const started = c as TestContainer;
    identity(a, started);
    // a sentinel in the same container: everything its start raised has arrived by then
    await live.log.expect(
      () => dockerCli('exec', started.name, 'sh', '-c', 'echo x > /etc/sentinel'),
      about('Write below system directory', () => started),
    );
    assert.deepEqual(rulesOf(live.log.forContainer(started.id)), [
      'Privileged container started',
      'Write below system directory',
    ]);
  });

  test('a container with the Docker socket mounted raises "Container with sensitive mount started"', async (t) => {
    if (live === undefined) return t.skip(why);
    let c: TestContainer | undefined;
    const a = await live.log.expect(
      async () => {
        c = await startContainer({
          flags: ['-v', '/var/run/docker.sock:/var/run/docker.sock', '-v', '/etc:/host/etc:ro'],
        });
      },
      about('Container with sensitive mount started', () => c),
    );
    identity(a, c as TestContainer);
    assert.match(
      String(a.output_fields['container.mounts']),
      /\/var\/run\/docker\.sock:\/var\/run\/docker\.sock::true:/,
    );
  });

  test('a container without sensitive mounts raises nothing at start', async (t) => {
    if (live === undefined) return t.skip(why);
    const data = mkdtempSync(join(dir, 'data-'));
    const c = await startContainer({ flags: ['-v', `${data}:/data`] });
    await live.log.expect(
      () => dockerCli('exec', c.name, 'sh', '-c', 'echo x > /etc/sentinel'),
      about('Write below system directory', () => c),
    );
    assert.deepEqual(rulesOf(live.log.forContainer(c.id)), ['Write below system directory']);
  });
});

describe("Falco's upstream rules fire on the same threats", { skip }, () => {
  let live: LivePeregrine | undefined;
  let why = '';
  const upstream = join(SHARED, 'upstream/falco-rules');

  before(async () => {
    const r = await startLive([
      '-r',
      join(upstream, 'falco_rules.yaml'),
      '-r',
      join(upstream, 'falco-incubating_rules.yaml'),
      '-r',
      join(upstream, 'falco-sandbox_rules.yaml'),
      '-o',
      'rule_matching=all',
      // Falco 0.41+ appends container_id and container_name to every syscall rule (append_output with
      // suggested_output); -pc asks for the same
      '-p',
      'c',
    ]);
    if ('skip' in r) why = r.skip;
    else live = r;
  });

  after(async () => {
    await live?.stop();
    await removeTestContainers();
  });

  const about = (rule: string, c: () => TestContainer | undefined) => (x: AlertJson) =>
    x.rule === rule && x.output_fields['container.id'] === c()?.id.slice(0, 12);

  test('Terminal shell in container, Write below etc, Drop and execute new binary in container', async (t) => {
    if (live === undefined) return t.skip(why);
    const c = await startContainer();
    await live.log.expect(
      () => dockerCli('exec', '-t', c.name, 'sh', '-c', 'exit 0'),
      about('Terminal shell in container', () => c),
    );
    await live.log.expect(
      () => dockerCli('exec', c.name, 'sh', '-c', 'echo bad > /etc/evil'),
      about('Write below etc', () => c),
    );
    await live.log.expect(
      () => dockerCli('exec', c.name, 'sh', '-c', 'cp /bin/busybox /tmp/dropped && /tmp/dropped true || true'),
      about('Drop and execute new binary in container', () => c),
    );
  });

  test('Launch Privileged Container', async (t) => {
    if (live === undefined) return t.skip(why);
    let c: TestContainer | undefined;
    await live.log.expect(
      async () => {
        c = await startContainer({ flags: ['--privileged'] });
      },
      about('Launch Privileged Container', () => c),
    );
  });

  test('Launch Sensitive Mount Container', async (t) => {
    if (live === undefined) return t.skip(why);
    let c: TestContainer | undefined;
    await live.log.expect(
      async () => {
        c = await startContainer({ flags: ['-v', '/etc:/host/etc:ro'] });
      },
      about('Launch Sensitive Mount Container', () => c),
    );
  });
});

after(() => rmSync(dir, { recursive: true, force: true }));
