// Peregrine in its own container, started the way the issue (and Falco's classic deployment) does:
//
//   docker run -d --name peregrine --privileged -v /var/run/docker.sock:/host/var/run/docker.sock \
//     -v /dev:/host/dev -v /proc:/host/proc:ro -v /etc/peregrine:/etc/peregrine \
//     -v /var/log/peregrine:/var/log/peregrine peregrine/peregrine
//
// with temporary directories standing in for the host's /etc/peregrine and /var/log/peregrine. It must catch the
// four container threats (alerts read from the file on the host), and `docker restart` must reload its
// configuration and rules. The image is built first (scripts/build-image.sh: no registry).
//
// PEREGRINE_CONTAINER_RUN_ARGS and PEREGRINE_CONTAINER_CMD (JSON arrays) add `docker run` arguments and replace
// the command, for running a development harness inside the image; unset, the image runs as shipped.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../helpers/cli.ts';
import { dockerCli, removeTestContainers, startContainer, TEST_IMAGE, type TestContainer } from '../helpers/docker.ts';
import { type AlertJson, AlertLog, followFile, NOT_BUILT, noLive, READY } from '../helpers/live.ts';

const skip = noLive();
const IMAGE = 'peregrine/peregrine:latest';
const ALLOWLISTED_IMAGE = 'peregrine-test/allowlisted-c:latest';
const NAME = `peregrine-e2e-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'peregrine-in-container-'));
const etc = join(dir, 'etc');
const logDir = join(dir, 'log');
mkdirSync(join(etc, 'rules.d'), { recursive: true });
mkdirSync(logDir, { recursive: true });

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    c.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    c.on('close', (code) => resolve({ code, out }));
  });
}

/** Follows `docker logs -f` until the n-th readiness line, or the container stopping. */
function waitReady(n: number): Promise<{ ready: true } | { ready: false; logs: string }> {
  return new Promise((resolve) => {
    const logs: ChildProcess = spawn('docker', ['logs', '-f', NAME], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const on = (d: Buffer) => {
      text += d.toString();
      const count = text.split('\n').filter((l) => READY.test(l)).length;
      if (count >= n) {
        logs.kill();
        resolve({ ready: true });
      }
    };
    logs.stdout?.on('data', on);
    logs.stderr?.on('data', on);
    logs.on('close', () => resolve({ ready: false, logs: text }));
  });
}

const envList = (name: string): string[] =>
  process.env[name] ? (JSON.parse(process.env[name] ?? '[]') as string[]) : [];

describe('Peregrine in its own container', { skip }, () => {
  const log = new AlertLog();
  let follow: { stop(): void } | undefined;
  let why = '';

  before(async () => {
    const built = await run(join(ROOT, 'scripts/build-image.sh'), []);
    assert.equal(built.code, 0, `scripts/build-image.sh failed:\n${built.out}`);
    await dockerCli('tag', TEST_IMAGE, ALLOWLISTED_IMAGE);
    // the user's own rules file, next to the defaults the entrypoint copies in
    writeFileSync(
      join(etc, 'rules.d', 'allowlist.yaml'),
      `- list: peregrine_allowlisted_images
  items: [peregrine-test/allowlisted-c]
- list: allowed_processes_c
  items: [sleep, cat]
- macro: peregrine_allowed_process
  condition: (container.image.repository = peregrine-test/allowlisted-c and proc.name in (allowed_processes_c))
`,
    );
    // the image's default configuration, plus: every dropped event reported (log.expect redoes an action whose
    // events may have been lost)
    writeFileSync(
      join(etc, 'peregrine.yaml'),
      `${readFileSync(join(ROOT, 'docker/peregrine.yaml'), 'utf8')}
syscall_event_drops:
  threshold: 0
  actions: [alert]
  rate: 1000
  max_burst: 1000
`,
    );
    follow = followFile(join(logDir, 'events.json'), log);
    await dockerCli(
      'run',
      '-d',
      '--name',
      NAME,
      '--privileged',
      '-v',
      '/var/run/docker.sock:/host/var/run/docker.sock',
      '-v',
      '/dev:/host/dev',
      '-v',
      '/proc:/host/proc:ro',
      '-v',
      `${etc}:/etc/peregrine`,
      '-v',
      `${logDir}:/var/log/peregrine`,
      ...envList('PEREGRINE_CONTAINER_RUN_ARGS'),
      IMAGE,
      ...envList('PEREGRINE_CONTAINER_CMD'),
    );
    const r = await waitReady(1);
    if (!r.ready) {
      const line = r.logs.split('\n').find((l) => NOT_BUILT.test(l));
      if (line !== undefined) why = `the image's Peregrine has no live detection yet: ${line.trim()}`;
      else assert.fail(`Peregrine's container stopped before it was ready:\n${r.logs}`);
    }
  });

  after(async () => {
    follow?.stop();
    await dockerCli('rm', '-f', NAME).catch(() => '');
    await removeTestContainers();
    await dockerCli('rmi', ALLOWLISTED_IMAGE).catch(() => '');
    rmSync(dir, { recursive: true, force: true });
  });

  const about = (rule: string, c: () => TestContainer | undefined) => (x: AlertJson) =>
    x.rule === rule && x.output_fields['container.id'] === c()?.id.slice(0, 12);

  test('the four threats raise their alerts, written to the file on the host, with the container named', async (t) => {
    if (why !== '') return t.skip(why);
    const shell = await startContainer();
    const a1 = await log.expect(
      () => dockerCli('exec', '-t', shell.name, 'sh', '-c', 'exit 0'),
      about('Terminal shell in container', () => shell),
    );
    assert.equal(a1.output_fields['container.name'], shell.name);
    assert.equal(a1.output_fields['container.image'], TEST_IMAGE);

    const allow = await startContainer({ image: ALLOWLISTED_IMAGE });
    await dockerCli('exec', allow.name, 'cat', '/etc/hostname');
    const a2 = await log.expect(
      () => dockerCli('exec', allow.name, 'ls', '/'),
      about('Process not allowed in container', () => allow),
    );
    assert.equal(a2.output_fields['proc.name'], 'ls');
    assert.equal(a2.output_fields['container.name'], allow.name);

    const a3 = await log.expect(
      () => dockerCli('exec', shell.name, 'sh', '-c', 'echo bad > /etc/evil'),
      about('Write below system directory', () => shell),
    );
    assert.equal(a3.output_fields['fd.name'], '/etc/evil');

    let priv: TestContainer | undefined;
    const a4 = await log.expect(
      async () => {
        priv = await startContainer({ flags: ['--privileged'] });
      },
      about('Privileged container started', () => priv),
    );
    assert.equal(a4.output_fields['container.name'], priv?.name);

    let mounted: TestContainer | undefined;
    const a5 = await log.expect(
      async () => {
        mounted = await startContainer({ flags: ['-v', '/proc:/host/proc:ro'] });
      },
      about('Container with sensitive mount started', () => mounted),
    );
    assert.equal(a5.output_fields['container.name'], mounted?.name);

    // Peregrine's own container (privileged, with /proc and the Docker socket) is trusted by the default rules
    assert.equal(log.alerts.filter((a) => a.output_fields['container.name'] === NAME).length, 0);
  });

  test('docker restart reloads configuration and rules', async (t) => {
    if (why !== '') return t.skip(why);
    writeFileSync(
      join(etc, 'rules.d', 'marker.yaml'),
      `- rule: Reload marker
  desc: a rule added while Peregrine ran
  condition: evt.type in (execve, execveat) and container.id != host and proc.args contains peregrine-reload-marker
  output: marker seen in %container.name (container_id=%container.id cmdline=%proc.cmdline)
  priority: NOTICE
`,
    );
    await dockerCli('restart', NAME);
    const r = await waitReady(2);
    assert.ok(r.ready, 'ready again after the restart');
    const c = await startContainer();
    const a = await log.expect(
      () => dockerCli('exec', c.name, 'sh', '-c', 'true peregrine-reload-marker'),
      about('Reload marker', () => c),
    );
    assert.equal(a.output_fields['container.name'], c.name);
  });
});
