// Falco's classic `docker run`, with only the image name changed, must run Peregrine on the mounted
// /etc/falco/falco.yaml and the rules it names, exactly as Falco would:
//
//   docker run --rm -i -t --privileged -v /var/run/docker.sock:/host/var/run/docker.sock -v /dev:/host/dev \
//     -v /proc:/host/proc:ro -v /boot:/host/boot:ro -v /lib/modules:/host/lib/modules:ro -v /usr:/host/usr:ro \
//     -v /etc/falco/falco.yaml:/etc/falco/falco.yaml -v /etc/falco/falco_rules.yaml:/etc/falco/falco_rules.yaml \
//     -v /var/log/falco_events.log:/var/log/falco_events.log peregrine/peregrine
//
// played with temporary files on the host for the three mounted files (detached instead of -i -t): a falco.yaml
// whose file_output writes /var/log/falco_events.log, and a rules file with one user rule. The alert for that
// rule must land in the events file on the host. The image is built first (scripts/build-image.sh), under a tag
// of this test's own so that a concurrent build of :latest cannot swap it.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT } from '../helpers/cli.ts';
import { dockerCli, removeTestContainers, startContainer } from '../helpers/docker.ts';
import { AlertLog, followFile, noLive, READY } from '../helpers/live.ts';

const skip = noLive();
const IMAGE = `peregrine/peregrine:falco-deployment-${process.pid}`;
const NAME = `peregrine-falco-deployment-${process.pid}`;
const MARKER = `peregrine-falco-marker-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'peregrine-falco-deployment-'));
const falcoYaml = join(dir, 'falco.yaml');
const falcoRules = join(dir, 'falco_rules.yaml');
const eventsLog = join(dir, 'falco_events.log');

/**
 * A host directory of the command, or an empty stand-in when this host has none: `docker run -v` would create
 * the missing directory on the host (a CI machine may have no /lib/modules).
 */
function hostDir(path: string): string {
  if (existsSync(path)) return path;
  const stand = join(dir, path.replaceAll('/', '_'));
  mkdirSync(stand, { recursive: true });
  return stand;
}

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

/** Follows `docker logs -f` until Peregrine is capturing, or the container stops (then its logs). */
function waitReady(): Promise<{ ready: boolean; logs: string }> {
  return new Promise((resolve) => {
    const logs: ChildProcess = spawn('docker', ['logs', '-f', NAME], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const on = (d: Buffer) => {
      text += d.toString();
      if (READY.test(text)) {
        logs.kill();
        resolve({ ready: true, logs: text });
      }
    };
    logs.stdout?.on('data', on);
    logs.stderr?.on('data', on);
    logs.on('close', () => resolve({ ready: READY.test(text), logs: text }));
  });
}

before(async () => {
  if (skip !== undefined) return;
  const built = await run(join(ROOT, 'scripts/build-image.sh'), ['--tag', IMAGE]);
  assert.equal(built.code, 0, `scripts/build-image.sh failed:\n${built.out}`);
});

after(async () => {
  if (skip === undefined) {
    await dockerCli('rm', '-f', NAME).catch(() => '');
    await removeTestContainers();
    await dockerCli('rmi', IMAGE).catch(() => '');
  }
  rmSync(dir, { recursive: true, force: true });
});

test("Falco's docker run: the mounted falco.yaml and its rules are used, the alert lands in falco_events.log", {
  skip,
}, async () => {
  // A falco.yaml as a Falco user writes one: Falco's rules_files, JSON alerts to the events file.
  writeFileSync(
    falcoYaml,
    `rules_files:
  - /etc/falco/falco_rules.yaml
  - /etc/falco/falco_rules.local.yaml
  - /etc/falco/rules.d
json_output: true
json_include_output_property: true
json_include_output_fields_property: true
file_output:
  enabled: true
  keep_alive: false
  filename: /var/log/falco_events.log
stdout_output:
  enabled: true
`,
  );
  writeFileSync(
    falcoRules,
    `- rule: Falco deployment marker
  desc: a user rule in the mounted falco_rules.yaml
  condition: evt.type in (execve, execveat) and container.id != host and proc.cmdline contains ${MARKER}
  output: marker in %container.name (cmdline=%proc.cmdline container_id=%container.id)
  priority: WARNING
`,
  );
  writeFileSync(eventsLog, '');
  const log = new AlertLog();
  const follow = followFile(eventsLog, log);
  try {
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
      `${hostDir('/boot')}:/host/boot:ro`,
      '-v',
      `${hostDir('/lib/modules')}:/host/lib/modules:ro`,
      '-v',
      '/usr:/host/usr:ro',
      '-v',
      `${falcoYaml}:/etc/falco/falco.yaml`,
      '-v',
      `${falcoRules}:/etc/falco/falco_rules.yaml`,
      '-v',
      `${eventsLog}:/var/log/falco_events.log`,
      IMAGE,
    );
    const r = await waitReady();
    assert.ok(r.ready, `Peregrine's container stopped before it was ready:\n${r.logs}`);
    assert.match(r.logs, /using \/etc\/falco\/falco.yaml/);

    const c = await startContainer();
    const a = await log.expect(
      () => dockerCli('exec', c.name, 'sh', '-c', `true ${MARKER}`),
      (x) => x.rule === 'Falco deployment marker' && x.output_fields['container.id'] === c.id.slice(0, 12),
    );
    assert.equal(a.output_fields['container.name'], c.name);
    // Only the mounted rules are loaded: none of Peregrine's own defaults fires for that shell.
    assert.deepEqual([...new Set(log.alerts.map((x) => x.rule))], ['Falco deployment marker']);
  } finally {
    follow.stop();
  }
});
