// evt.abspath.src and evt.abspath.dst in a rule are the two paths of renameat, renameat2 and linkat, each joined
// to its own directory fd: live, in a replay of a recording of the same activity, and as sysdig 0.29.3 reads that
// recording. (Regression: the registry dropped the .src/.dst extractors as keys of no catalogue field, and the
// dotted names resolved to evt.abspath, which ignored its argument: evt.abspath.dst was the source path.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { runPeregrine } from '../helpers/cli.ts';
import { sensorUnavailable } from '../sensor/helpers/sensor.ts';
import { type JsonAlert, killLiveRuns, startLive } from './helpers/live.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-abspath-'));
const LAUNCHER = 'pg-abspath';
const recording = join(dir, 'host.scap');
const rulesFile = join(dir, 'rules.yaml');
const TYPES = 'renameat, renameat2, linkat';
let liveAlerts: JsonAlert[] = [];

writeFileSync(
  rulesFile,
  `
- rule: two paths
  desc: the source and destination of a rename or link
  condition: proc.pname=${LAUNCHER} and evt.type in (${TYPES}) and evt.rawres=0
  output: "%evt.type %evt.abspath %evt.abspath.src %evt.abspath.dst"
  priority: WARNING
`,
);

// Python gives renameat and linkat two different directory fds; coreutils mv gives renameat2 AT_FDCWD twice.
const PYTHON = `
import os, sys
a = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
b = os.open(sys.argv[2], os.O_RDONLY | os.O_DIRECTORY)
os.rename('one', 'two', src_dir_fd=a, dst_dir_fd=b)
os.link('two', 'three', src_dir_fd=b, dst_dir_fd=a)
`;

before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the abspath tests ${why}`);
  for (const d of ['a', 'b']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'a/one'), 'x');
  writeFileSync(join(dir, 'x'), 'x');
  const recorder = startLive(['-w', recording, `proc.pname=${LAUNCHER}`], {}, /Recording this host to/);
  const detector = startLive(['-r', rulesFile]);
  await Promise.all([recorder.ready, detector.ready]);
  const sh = join(dir, LAUNCHER);
  copyFileSync('/bin/sh', sh);
  await run(sh, ['-c', `python3 -c "$0" a b && mv x y`, PYTHON], { cwd: dir });
  const [live, rec] = await Promise.all([detector.stop(), recorder.stop()]);
  assert.equal(live.code, 0, live.stderr);
  assert.equal(rec.code, 0, rec.stderr);
  liveAlerts = live.alerts.filter((a) => a.rule === 'two paths');
});
after(() => {
  killLiveRuns();
  rmSync(dir, { recursive: true, force: true });
});

const EXPECTED = [
  { 'evt.type': 'renameat', src: `${dir}/a/one`, dst: `${dir}/b/two` },
  { 'evt.type': 'linkat', src: `${dir}/b/two`, dst: `${dir}/a/three` },
  { 'evt.type': 'renameat2', src: `${dir}/x`, dst: `${dir}/y` },
];

function paths(alerts: JsonAlert[]): unknown[] {
  return alerts.map((a) => {
    const f = a.output_fields;
    assert.equal(f['evt.abspath'], f['evt.abspath.src'], 'evt.abspath is the source path');
    return { 'evt.type': f['evt.type'], src: f['evt.abspath.src'], dst: f['evt.abspath.dst'] };
  });
}

test('live, evt.abspath.src and evt.abspath.dst are the source and the destination, each in its directory', () => {
  assert.deepEqual(paths(liveAlerts), EXPECTED);
});

test('a replay of the recording gives the same paths, and sysdig 0.29.3 reads the same from it', async () => {
  const r = await runPeregrine(['-e', recording, '-r', rulesFile, '-o', 'json_output=true']);
  assert.equal(r.code, 0, r.stderr);
  const replayed = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as JsonAlert);
  assert.deepEqual(paths(replayed), EXPECTED);
  const sysdig = await run('sysdig', [
    '-r',
    recording,
    '-p',
    '*%evt.type %evt.abspath.src %evt.abspath.dst',
    `proc.pname=${LAUNCHER} and evt.type in (${TYPES}) and evt.rawres=0`,
  ]);
  assert.deepEqual(
    sysdig.stdout.trim().split('\n'),
    EXPECTED.map((e) => `${e['evt.type']} ${e.src} ${e.dst}`),
  );
});
