// A process whose argv[0] is longer than libscap's 1024-byte limit (chromium writes its whole command line
// there) is described at start the way libscap describes it: proc.exe is the first 1024 bytes, live and in a
// recording, and sysdig 0.29.3 opens the recording. (Regression: the sensor's /proc scan wrote the whole argv[0]
// into the process list, and libscap refuses such a capture: "Could not initialize reader: invalid exelen 1500".)
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { runPeregrine } from '../helpers/cli.ts';
import { sensorUnavailable } from '../sensor/helpers/sensor.ts';
import { type JsonAlert, killLiveRuns, startLive } from './helpers/live.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-argv0-'));
const recording = join(dir, 'host.scap');
const rulesFile = join(dir, 'rules.yaml');
const ARGV0 = `pg-argv0-${'x'.repeat(1500)}`;
let shell: ChildProcess;
let liveAlerts: JsonAlert[] = [];

before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the long argv[0] tests ${why}`);
  // The shell exists before Peregrine starts, so Peregrine learns its argv[0] from the /proc scan; it then waits
  // for a line on stdin and opens the marker file itself, which the rule selects.
  shell = spawn('/bin/sh', ['-c', `read line; exec 3<${dir}/marker`], {
    argv0: ARGV0,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  writeFileSync(join(dir, 'marker'), 'x');
  writeFileSync(
    rulesFile,
    `
- rule: the long argv0
  desc: the shell with the long argv[0] opens the marker
  condition: evt.type in (open, openat, openat2) and fd.name=${dir}/marker
  output: "%proc.exe"
  priority: WARNING
`,
  );
  const recorder = startLive(['-w', recording], {}, /Recording this host to/);
  const detector = startLive(['-r', rulesFile]);
  await Promise.all([recorder.ready, detector.ready]);
  shell.stdin?.end('go\n');
  await once(shell, 'exit');
  const [live, rec] = await Promise.all([detector.stop(), recorder.stop()]);
  assert.equal(live.code, 0, live.stderr);
  assert.equal(rec.code, 0, rec.stderr);
  liveAlerts = live.alerts;
});
after(() => {
  shell?.kill('SIGKILL');
  killLiveRuns();
  rmSync(dir, { recursive: true, force: true });
});

const FIRST_1024 = ARGV0.slice(0, 1024);

test('live, a process found at start has the first 1024 bytes of its argv[0] as proc.exe (as libscap keeps)', () => {
  assert.deepEqual(
    liveAlerts.map((a) => a.output_fields['proc.exe']),
    [FIRST_1024],
  );
});

test('sysdig 0.29.3 opens the recording and reads the same; a replay of it gives the live alert', async () => {
  const sysdig = await run('sysdig', ['-r', recording, '-p', '*%proc.exe', `fd.name=${dir}/marker`], {
    maxBuffer: 16 << 20,
  });
  assert.deepEqual([...new Set(sysdig.stdout.trim().split('\n'))], [FIRST_1024]);
  const r = await runPeregrine(['-e', recording, '-r', rulesFile, '-o', 'json_output=true']);
  assert.equal(r.code, 0, r.stderr);
  const replayed = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as JsonAlert).output_fields['proc.exe']);
  assert.deepEqual(replayed, [FIRST_1024]);
});
