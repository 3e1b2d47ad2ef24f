// Every state handler, live: test/live/fixtures/state-acts.c performs one state-changing system call for real
// (the sensor sends exit events only, each carrying its parameters), prints what /proc says at that moment, and
// then makes an event the rules below catch: a failed open for the thread's identity, directory, session,
// capabilities and fd limit, or a close for the fd the call created or changed. The alert's fields must equal the
// ground truth. (Regression, issue 14: the handlers read the stored enter event, which live never exists, so a
// setuid, a socket(), an fcntl(F_DUPFD) changed nothing live while replays of old captures were right.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { buildFixture, sensorUnavailable } from '../sensor/helpers/sensor.ts';
import { type JsonAlert, killLiveRuns, startLive } from './helpers/live.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-state-'));
const rulesFile = join(dir, 'rules.yaml');

writeFileSync(
  rulesFile,
  `
- rule: state probe
  desc: the thread's state, shown by a failed open of a marker path
  condition: proc.name startswith pgs- and evt.type in (open, openat, openat2) and fd.name=/nonexistent/pgstate-probe
  output: "%proc.name %user.uid %user.name %group.gid %group.name %proc.cwd %proc.sid %proc.vpgid %proc.fdlimit %thread.cap_effective %thread.cap_permitted %proc.pname %proc.ppid %proc.exepath %proc.cmdline"
  priority: WARNING
- rule: namespace change
  desc: makes the sensor capture unshare, which the default syscall set leaves out (as Falco's does)
  condition: proc.name startswith pgs- and evt.type in (unshare, setns)
  output: "%proc.name %evt.type"
  priority: WARNING
- rule: fd probe
  desc: the fields of the fd a close names
  condition: proc.name startswith pgs- and evt.type=close
  output: "%proc.name %fd.num %fd.name %fd.nameraw %fd.typechar %fd.l4proto %fd.ino %fd.is_server"
  priority: WARNING
`,
);

/** What state-acts printed for a case: the ground truth at the moment of the probe. */
interface Truth {
  readonly case: string;
  readonly kind: 'probe' | 'fd';
  readonly uid: number;
  readonly user: string;
  readonly gid: number;
  readonly group: string;
  readonly cwd: string;
  readonly sid: number;
  readonly vpgid: number;
  readonly fdlimit: string;
  readonly capeff: string;
  readonly capprm: string;
  readonly exe: string;
  readonly parent: string;
  readonly ppid: number;
  readonly fd: number;
  readonly link: string;
  readonly local: string;
  readonly peer: string;
  readonly pid: number;
}

/** Linux capability names by bit (capability.h), as thread.cap_* print a set. */
const CAPS = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];
const capNames = (hex: string) => {
  const v = BigInt(`0x${hex}`);
  return CAPS.filter((_, i) => ((v >> BigInt(i)) & 1n) === 1n).join(' ');
};
const withSlash = (p: string) => (p.endsWith('/') ? p : `${p}/`);

/** The probe cases, and which of the probe's fields each one's handler maintains (checked against /proc). */
const IDENTITY = ['user.uid', 'user.name', 'group.gid', 'group.name'];
const PROBES: Record<string, readonly string[]> = {
  setuid: IDENTITY,
  'setuid-fail': IDENTITY,
  setgid: IDENTITY,
  setresuid: IDENTITY,
  'setresuid-keep': IDENTITY,
  setresgid: IDENTITY,
  setreuid: IDENTITY,
  setregid: IDENTITY,
  capset: ['thread.cap_effective', 'thread.cap_permitted'],
  'unshare-user': ['thread.cap_effective', 'thread.cap_permitted'],
  chdir: ['proc.cwd'],
  fchdir: ['proc.cwd'],
  setsid: ['proc.sid'],
  rlimit: ['proc.fdlimit'],
  fork: ['proc.cwd', 'proc.pname', 'proc.vpgid', 'proc.exepath', ...IDENTITY],
  thread: ['proc.cwd', 'proc.exepath', ...IDENTITY],
  exec: ['proc.exepath', 'proc.cwd', 'proc.vpgid'],
  // the parent exited first: the kernel gave the process to the subreaper, and so does the state (procexit's
  // reaper_tid, libsinsp 0.13+); before, proc.pname was <NA>
  orphan: ['proc.pname', 'proc.ppid'],
};

/** The fd cases: what the close's alert must show for the fd, from its /proc link or socket ends. */
const FDS: Record<string, (t: Truth) => Record<string, string | number | boolean>> = {
  dup: (t) => ({ 'fd.name': t.link, 'fd.typechar': 'f' }),
  dup2: (t) => ({ 'fd.name': t.link, 'fd.typechar': 'f', 'fd.num': 40 }),
  dup3: (t) => ({ 'fd.name': t.link, 'fd.typechar': 'f', 'fd.num': 41 }),
  'fcntl-dupfd': (t) => ({ 'fd.name': t.link, 'fd.typechar': 'f', 'fd.num': 50 }),
  'fcntl-dupfd-cx': (t) => ({ 'fd.name': t.link, 'fd.typechar': 'f', 'fd.num': 52 }),
  'openat-dirfd': (t) => ({ 'fd.name': t.link, 'fd.nameraw': 'hostname', 'fd.typechar': 'f' }),
  'open-relative': (t) => ({ 'fd.name': t.link, 'fd.nameraw': './hostname', 'fd.typechar': 'f' }),
  pipe: (t) => ({ 'fd.typechar': 'p', 'fd.ino': Number(/pipe:\[(\d+)\]/.exec(t.link)?.[1]) }),
  pipe2: (t) => ({ 'fd.typechar': 'p', 'fd.ino': Number(/pipe:\[(\d+)\]/.exec(t.link)?.[1]) }),
  socketpair: () => ({ 'fd.typechar': 'u' }),
  listen: (t) => ({ 'fd.name': t.local, 'fd.typechar': '4', 'fd.l4proto': 'tcp', 'fd.is_server': true }),
  connect: (t) => ({ 'fd.name': `${t.local}->${t.peer}`, 'fd.typechar': '4', 'fd.l4proto': 'tcp' }),
  accept: (t) => ({
    'fd.name': `${t.peer}->${t.local}`,
    'fd.typechar': '4',
    'fd.l4proto': 'tcp',
    'fd.is_server': true,
  }),
  accept4: (t) => ({
    'fd.name': `${t.peer}->${t.local}`,
    'fd.typechar': '4',
    'fd.l4proto': 'tcp',
    'fd.is_server': true,
  }),
  // an unbound UDP socket's address is 0.0.0.0 (the kernel picks the port); libsinsp names the local end by the
  // interface that reaches the destination
  'udp-sendto': (t) => ({ 'fd.name': `127.0.0.1:${t.local.split(':')[1]}->127.0.0.1:9`, 'fd.l4proto': 'udp' }),
  eventfd: () => ({ 'fd.typechar': 'e' }),
  signalfd: () => ({ 'fd.typechar': 's' }),
  timerfd: () => ({ 'fd.typechar': 't' }),
  inotify: () => ({ 'fd.typechar': 'i' }),
  epoll: () => ({ 'fd.typechar': 'l' }),
  memfd: () => ({ 'fd.typechar': 'm', 'fd.name': 'pgs-memfd' }),
  // named as libsinsp approximates it: /proc/PID of the process it opened (here, itself)
  pidfd: (t) => ({ 'fd.typechar': 'P', 'fd.name': `/proc/${t.pid}` }),
  // the fd is gone (/proc has no link): nothing of the file it was is left
  'close-range': (t) => ({ 'fd.name': t.link }),
};

const truths = new Map<string, Truth>();
let alerts: JsonAlert[] = [];

before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the live state tests ${why}`);
  const acts = await buildFixture('state-acts', dir, 'test/live/fixtures');
  const live = startLive(['-r', rulesFile]);
  await live.ready;
  for (const c of [...Object.keys(PROBES), ...Object.keys(FDS)]) {
    // a copy per case, so that each alert's proc.name says which case made it (comm keeps 15 characters)
    const bin = join(dir, `pgs-${c}`);
    copyFileSync(acts, bin);
    const { stdout, stderr } = await run(bin, [c], { cwd: dir });
    assert.equal(stderr, '');
    for (const line of stdout.trim().split('\n')) {
      const t = JSON.parse(line) as Truth;
      truths.set(t.case, t);
    }
  }
  const r = await live.stop();
  assert.equal(r.code, 0, r.stderr);
  alerts = r.alerts;
});
after(() => {
  killLiveRuns();
  rmSync(dir, { recursive: true, force: true });
});

const comm = (c: string) => `pgs-${c}`.slice(0, 15);

describe('live: each handler keeps the field it maintains equal to /proc', () => {
  for (const [c, fields] of Object.entries(PROBES)) {
    test(`${c} → ${fields.join(', ')}`, () => {
      const t = truths.get(c);
      assert.ok(t !== undefined, `no ground truth for ${c}`);
      const a = alerts.filter((x) => x.rule === 'state probe' && x.output_fields['proc.name'] === comm(c));
      assert.equal(
        a.length,
        1,
        `${c}: ${JSON.stringify(alerts.filter((x) => x.output_fields['proc.name'] === comm(c)))}`,
      );
      const f = a[0].output_fields;
      const want: Record<string, string | number> = {
        'user.uid': t.uid,
        'user.name': t.user,
        'group.gid': t.gid,
        'group.name': t.group,
        'proc.cwd': withSlash(t.cwd),
        'proc.sid': t.sid,
        'proc.vpgid': t.vpgid,
        'proc.fdlimit': t.fdlimit === 'unlimited' ? -1 : Number(t.fdlimit),
        'thread.cap_effective': capNames(t.capeff),
        'thread.cap_permitted': capNames(t.capprm),
        'proc.pname': t.parent,
        'proc.ppid': t.ppid,
        'proc.exepath': t.exe,
      };
      for (const k of fields) assert.equal(f[k], want[k], `${c}: ${k} (${a[0].output})`);
    });
  }
  for (const [c, expect] of Object.entries(FDS)) {
    test(`${c} → fd fields`, () => {
      const t = truths.get(c);
      assert.ok(t !== undefined, `no ground truth for ${c}`);
      const a = alerts.filter(
        (x) => x.rule === 'fd probe' && x.output_fields['proc.name'] === comm(c) && x.output_fields['fd.num'] === t.fd,
      );
      assert.ok(a.length > 0, `${c}: no close of fd ${t.fd}`);
      const f = a[a.length - 1].output_fields;
      for (const [k, v] of Object.entries(expect(t))) assert.equal(f[k], v, `${c}: ${k} (${a[a.length - 1].output})`);
    });
  }
});
