// Live equals replay: a mixed workload (identity changes, directories, files opened relative to the directory and
// to a dirfd, duplicated fds, pipes, sockets of each kind, forks, threads, execs, shell pipelines) runs while
// `peregrine` detects live and `peregrine -w` records; replaying the recording with the same rules must raise the
// same alerts with the same field values, event for event (paired by their kernel timestamps). The rule shows
// every part of the state (process, parents, directory, user, group, fd and its tuple, the arguments as resolved).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { runPeregrine } from '../helpers/cli.ts';
import { buildFixture, sensorUnavailable } from '../sensor/helpers/sensor.ts';
import { type JsonAlert, killLiveRuns, startLive } from './helpers/live.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-livereplay-'));
const recording = join(dir, 'live.scap');
const rulesFile = join(dir, 'rules.yaml');
const FIELDS = [
  'evt.type',
  'evt.res',
  'evt.args',
  'proc.name',
  'proc.pname',
  'proc.aname[2]',
  'proc.cmdline',
  'proc.exepath',
  'proc.cwd',
  'proc.sid',
  'proc.vpgid',
  'proc.fdlimit',
  'thread.tid',
  'user.name',
  'user.uid',
  'group.gid',
  'thread.cap_effective',
  'fd.num',
  'fd.name',
  'fd.nameraw',
  'fd.typechar',
  'fd.l4proto',
  'fd.sip',
  'fd.sport',
  'fd.cip',
  'fd.cport',
  'fd.is_server',
];
writeFileSync(
  rulesFile,
  `
- rule: workload
  desc: every state-changing or state-reading event of the workload's processes
  condition: >
    (proc.name startswith pglr- or proc.pname startswith pglr- or proc.aname[2] startswith pglr-)
    and evt.type in (open, openat, openat2, creat, close, execve, execveat, clone, clone3, fork, vfork, socket, bind,
    listen, connect, accept, accept4, sendto, socketpair, pipe, pipe2, dup, dup2, dup3, fcntl, chdir, fchdir,
    setuid, setgid, setresuid, setresgid, setreuid, setregid, capset, setsid, prlimit, setrlimit, eventfd2,
    signalfd4, timerfd_create, inotify_init1, epoll_create1, memfd_create, pidfd_open, close_range, unlinkat,
    mkdirat, renameat2)
  output: "${FIELDS.map((f) => `%${f}`).join(' ')}"
  priority: WARNING
`,
);

const CASES = [
  'setuid-fail',
  'setresuid',
  'setresgid',
  'setreuid',
  'capset',
  'chdir',
  'fchdir',
  'setsid',
  'rlimit',
  'fork',
  'thread',
  'exec',
  'dup2',
  'fcntl-dupfd',
  'fcntl-dupfd-cx',
  'openat-dirfd',
  'open-relative',
  'pipe2',
  'socketpair',
  'listen',
  'connect',
  'accept4',
  'udp-sendto',
  'eventfd',
  'memfd',
  'pidfd',
  'close-range',
];

let live: JsonAlert[] = [];
let replayed: JsonAlert[] = [];

before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the live-equals-replay test ${why}`);
  const acts = await buildFixture('state-acts', dir, 'test/live/fixtures');
  const detector = startLive(['-r', rulesFile]);
  const recorder = startLive(['-w', recording], {}, /Recording this host to/);
  await Promise.all([detector.ready, recorder.ready]);
  for (const c of CASES) {
    const bin = join(dir, `pglr-${c}`.slice(0, 15));
    copyFileSync(acts, bin);
    await run(bin, [c], { cwd: dir });
  }
  const sh = join(dir, 'pglr-shell');
  copyFileSync('/bin/sh', sh);
  await run(sh, ['-c', `cd /etc && cat hostname | wc -c >/dev/null; mkdir ${dir}/d && mv ${dir}/d ${dir}/e; true`], {
    cwd: dir,
  });
  await run(sh, ['-c', 'exec 3</etc/hostname; cat <&3 >/dev/null; sh -c "cd /usr; ls -d share >/dev/null"; true'], {
    cwd: '/tmp',
  });
  const [l, r] = await Promise.all([detector.stop(), recorder.stop()]);
  assert.equal(l.code, 0, l.stderr);
  assert.equal(r.code, 0, r.stderr);
  live = l.alerts;
  const res = await runPeregrine(['-e', recording, '-r', rulesFile, '-o', 'json_output=true']);
  assert.equal(res.code, 0, res.stderr);
  replayed = res.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as JsonAlert);
});
after(() => {
  killLiveRuns();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Each thread's alerts in its own order, every field but the time: the detector and the recorder run their own
 * sensor, whose programs stamp the same system call a few hundred nanoseconds apart.
 */
function byThread(alerts: readonly JsonAlert[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const sorted = [...alerts].sort((a, b) => Number(a.output_fields['evt.time']) - Number(b.output_fields['evt.time']));
  for (const a of sorted) {
    const { 'evt.time': _t, ...fields } = a.output_fields;
    // pidns_init_start_ts is the namespace init's start time turned into epoch time with each sensor's own
    // estimate of the boot time: the two instances differ by some nanoseconds
    fields['evt.args'] = String(fields['evt.args']).replace(/pidns_init_start_ts=\d+/, 'pidns_init_start_ts=…');
    const tid = String(fields['thread.tid']);
    const list = out.get(tid) ?? [];
    list.push(JSON.stringify([a.rule, fields]));
    out.set(tid, list);
  }
  return out;
}

test('the workload raised alerts for every kind of handler live', () => {
  const types = new Set(live.map((a) => a.output_fields['evt.type']));
  for (const t of ['execve', 'setuid', 'setresuid', 'chdir', 'dup2', 'fcntl', 'connect', 'accept4', 'sendto', 'pipe2'])
    assert.ok(types.has(t), `no ${t} alert live: ${[...types].join(' ')}`);
  assert.ok(live.length > 200, `${live.length} alerts`);
  // and the state is the one the handlers keep: after setuid(1) and a failed setuid(0), the process is daemon
  const probe = live.filter(
    (a) => a.output_fields['proc.name'] === 'pglr-setuid-fai' && a.output_fields['evt.type'] === 'openat',
  );
  assert.equal(probe.at(-1)?.output_fields['user.name'], 'daemon');
});

test('replaying the recording raises the same alerts with the same field values, event for event', () => {
  const mine = byThread(live);
  const theirs = byThread(replayed);
  assert.deepEqual([...theirs.keys()].sort(), [...mine.keys()].sort());
  for (const [tid, events] of mine) assert.deepEqual(theirs.get(tid), events, `thread ${tid}`);
  assert.equal(replayed.length, live.length);
});
