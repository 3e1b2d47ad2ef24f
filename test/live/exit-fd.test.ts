// The sensor sends exit events only. An exit's fd is the one it carries (libsinsp's exit fd location), never
// the fd of whatever the thread opened before: a failed open has fd.num -1 and its own path as fd.name, and a
// close of fd 1 closes fd 1. (Regression: the parser kept sysdig 0.29's "last enter's fd" for exits without
// their enter, so a failed open for writing looked like a successful one on the previous file, and a close of
// fd 1 removed fd 0 from the thread's table.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { sensorUnavailable } from '../sensor/helpers/sensor.ts';
import { type JsonAlert, killLiveRuns, startLive } from './helpers/live.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-exitfd-'));
const SHELL = 'pg-exitfd';
const rulesFile = join(dir, 'rules.yaml');
let alerts: JsonAlert[] = [];

writeFileSync(
  rulesFile,
  `
- rule: open for writing
  desc: Falco's open_write macro
  condition: proc.name=${SHELL} and evt.type in (open,openat,openat2) and evt.is_open_write=true and fd.typechar='f' and fd.num>=0
  output: "%fd.name %fd.num"
  priority: WARNING
- rule: failed open
  desc: the fd of a failed open
  condition: proc.name=${SHELL} and evt.type in (open,openat,openat2) and evt.failed=true and evt.arg.name startswith /nonexistent
  output: "%fd.name %fd.num"
  priority: WARNING
- rule: close
  desc: the fd of a close
  condition: proc.name=${SHELL} and evt.type=close and evt.rawres=0
  output: "%fd.num %evt.rawarg.fd %fd.name"
  priority: WARNING
`,
);

before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the exit-fd tests ${why}`);
  const live = startLive(['-r', rulesFile]);
  await live.ready;
  const sh = join(dir, SHELL);
  copyFileSync('/bin/sh', sh);
  // fd 3 opened for writing, then a failed open for writing (on a regular builtin: a failed redirection of
  // `exec` would end the shell), then fds 3 and 1 closed
  await run(sh, ['-c', `exec 3>${dir}/ok; true 4>/nonexistent/dir/x; exec 3>&- 1>&-`], { cwd: dir }).catch(
    () => undefined,
  );
  const r = await live.stop();
  assert.equal(r.code, 0, r.stderr);
  alerts = r.alerts;
});
after(() => {
  killLiveRuns();
  rmSync(dir, { recursive: true, force: true });
});

const of = (rule: string) => alerts.filter((a) => a.rule === rule).map((a) => a.output_fields);

test('a failed open for writing is not an open for writing of the previous file', () => {
  // (the default configuration appends the suggested container fields too: not what this test is about)
  assert.deepEqual(
    of('open for writing').map((f) => ({ 'fd.name': f['fd.name'], 'fd.num': f['fd.num'] })),
    [{ 'fd.name': `${dir}/ok`, 'fd.num': 3 }],
  );
});

test('a failed open has fd.num -1 and its own path as fd.name', () => {
  const failed = of('failed open');
  assert.equal(failed.length, 1, JSON.stringify(alerts));
  assert.equal(failed[0]?.['fd.num'], -1);
  assert.equal(failed[0]?.['fd.name'], '/nonexistent/dir/x');
});

test('a close names the fd it closes', () => {
  const closes = of('close');
  const closed = closes.map((c) => c['evt.rawarg.fd']);
  assert.ok(closed.includes(1) && closed.includes(3), JSON.stringify(closes));
  for (const c of closes) assert.equal(c['fd.num'], c['evt.rawarg.fd'], JSON.stringify(c));
  assert.ok(
    closes.some((c) => c['fd.num'] === 3 && c['fd.name'] === `${dir}/ok`),
    JSON.stringify(closes),
  );
});
