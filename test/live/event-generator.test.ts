// Live detection end to end: `peregrine` with Falco's three upstream rule files watches this host while the test
// reproduces host-side behaviours of Falco's event-generator (falcosecurity/event-generator events/syscall/*.go)
// with its own commands, then asserts the exact upstream rule and its key output fields (process, parent,
// command line, user, file, terminal). Every behaviour has a benign twin, the same kind of action without the
// suspicious part, which must raise no alert of that rule.
//
// Each action runs under its own launcher: a copy of /bin/sh with a unique name, so the alert's parent
// (proc.pname) says which action caused it; actions whose own process is the rule's subject run a copy of a
// program under a unique name. Needs root, the built sensor, the fixtures' C compiler.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { buildFixture, sensorUnavailable } from '../sensor/helpers/sensor.ts';
import { type JsonAlert, killLiveRuns, type LiveRun, startLive, UPSTREAM_RULES } from './helpers/live.ts';

const execFileP = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-evgen-'));
const tag = dir.slice(-6).replace(/[^A-Za-z0-9]/g, 'x');
let acts = '';

/** A copy of `src` called `name` in the scratch directory (its process name is then `name`). */
function copyAs(src: string, name: string): string {
  const path = join(dir, name);
  copyFileSync(src, path);
  return path;
}

/** Runs `script` under a launcher shell called `launcher`; `; true` keeps the shell as the commands' parent. */
async function under(launcher: string, script: string): Promise<void> {
  await execFileP(copyAs('/bin/sh', launcher), ['-c', `${script}; true`], { cwd: dir }).catch(() => undefined);
}

interface Behaviour {
  /** The event-generator action reproduced. */
  readonly action: string;
  readonly rule: string;
  run(): Promise<void>;
  /** The benign twin. */
  benign(): Promise<void>;
  /** Finds the alert(s) this behaviour caused, and the benign twin's. */
  mine(a: JsonAlert): boolean;
  theirs(a: JsonAlert): boolean;
  /** Output fields the alert must carry (strings compared as printed). */
  readonly fields: Record<string, string | number>;
}

const pname = (name: string) => (a: JsonAlert) => a.output_fields['proc.pname'] === name;
const procName = (name: string) => (a: JsonAlert) => a.output_fields['proc.name'] === name;

const shadowLink = join(dir, 'shadow_link');
const etcFile = `/etc/pg-evgen-${tag}`;
const binDir = `/usr/bin/pg-evgen-dir-${tag}`;
const binFile = `/usr/bin/pg-evgen-${tag}`;
const binOld = `/usr/bin/pg-evgen-old-${tag}`;
const binNew = `/usr/bin/pg-evgen-new-${tag}`;
const shmScript = `/dev/shm/pg-evgen-${tag}.sh`;

const behaviours: Behaviour[] = [
  {
    action: 'ReadSensitiveFileUntrusted: open /etc/shadow',
    rule: 'Read sensitive file untrusted',
    run: () => under('pg-shadow', 'cat /etc/shadow >/dev/null'),
    benign: () => under('pg-shadow-ok', 'cat /etc/hostname >/dev/null'),
    mine: pname('pg-shadow'),
    theirs: pname('pg-shadow-ok'),
    fields: {
      'proc.name': 'cat',
      'proc.pname': 'pg-shadow',
      'proc.cmdline': 'cat /etc/shadow',
      'user.name': 'root',
      'user.uid': 0,
      'fd.name': '/etc/shadow',
      'proc.tty': 0,
      'evt.type': 'openat',
    },
  },
  {
    action: 'DirectoryTraversalMonitoredFileRead: open /etc/../etc/../etc/shadow',
    rule: 'Directory traversal monitored file read',
    run: () => under('pg-trav', `${acts} open /etc/../etc/../etc/shadow`),
    benign: () => under('pg-trav-ok', `${acts} open /tmp/../tmp/../tmp/pg-nothing`),
    mine: pname('pg-trav'),
    theirs: pname('pg-trav-ok'),
    fields: {
      'proc.name': 'acts',
      'fd.name': '/etc/shadow',
      'fd.nameraw': '/etc/../etc/../etc/shadow',
      'proc.cmdline': 'acts open /etc/../etc/../etc/shadow',
      'user.name': 'root',
      'proc.tty': 0,
    },
  },
  {
    action: 'CreateSymlinkOverSensitiveFiles: ln -s /etc',
    rule: 'Create Symlink Over Sensitive Files',
    run: () => under('pg-symlink', `ln -s /etc ${dir}/etc_link`),
    benign: () => under('pg-symlink-ok', `ln -s /tmp ${dir}/tmp_link`),
    mine: pname('pg-symlink'),
    theirs: pname('pg-symlink-ok'),
    fields: { 'proc.name': 'ln', 'proc.cmdline': `ln -s /etc ${dir}/etc_link`, 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'CreateHardlinkOverSensitiveFiles: ln /etc/shadow',
    rule: 'Create Hardlink Over Sensitive Files',
    run: () => under('pg-hardlink', `ln /etc/shadow ${shadowLink}; rm -f ${shadowLink}`),
    benign: () => under('pg-hardlink-ok', `touch ${dir}/plain && ln ${dir}/plain ${dir}/plain_link`),
    mine: pname('pg-hardlink'),
    theirs: pname('pg-hardlink-ok'),
    fields: { 'proc.name': 'ln', 'proc.cmdline': `ln /etc/shadow ${shadowLink}`, 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'ClearLogActivities: open a log file with O_TRUNC',
    rule: 'Clear Log Activities',
    run: () => under('pg-clearlog', `${acts} truncate ${dir}/syslog`),
    benign: () => under('pg-clearlog-ok', `${acts} truncate ${dir}/notes.txt`),
    mine: pname('pg-clearlog'),
    theirs: pname('pg-clearlog-ok'),
    fields: { 'proc.name': 'acts', 'fd.name': `${dir}/syslog`, 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'RemoveBulkDataFromDisk: shred -u',
    rule: 'Remove Bulk Data from Disk',
    run: () => under('pg-shred', `echo bulk > ${dir}/bulk && shred -u ${dir}/bulk`),
    benign: () => under('pg-shred-ok', `echo bulk > ${dir}/bulk2 && rm ${dir}/bulk2`),
    mine: pname('pg-shred'),
    theirs: pname('pg-shred-ok'),
    fields: { 'proc.name': 'shred', 'proc.cmdline': `shred -u ${dir}/bulk`, 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'PtraceAttachedToProcess: PTRACE_ATTACH',
    rule: 'PTRACE attached to process',
    run: () => under('pg-ptrace', `${acts} ptrace-attach`),
    benign: () => under('pg-ptrace-ok', `${acts} ptrace-peek`),
    mine: pname('pg-ptrace'),
    theirs: pname('pg-ptrace-ok'),
    fields: { 'proc.name': 'acts', 'proc.cmdline': 'acts ptrace-attach', 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'PtraceAntiDebugAttempt: PTRACE_TRACEME',
    rule: 'PTRACE anti-debug attempt',
    run: async () => under('pg-antidebug', `${copyAs(acts, 'antidebug')} traceme`),
    benign: async () => under('pg-antidebug-ok', `${copyAs(acts, 'antidebug-ok')} ptrace-peek`),
    mine: procName('antidebug'),
    theirs: procName('antidebug-ok'),
    fields: { 'proc.name': 'antidebug', 'proc.pname': 'antidebug', 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'FindAwsCredentials: find -iname .aws/credentials',
    rule: 'Find AWS Credentials',
    run: () => under('pg-aws', `find ${dir} -maxdepth 1 -iname .aws/credentials`),
    benign: () => under('pg-aws-ok', `find ${dir} -maxdepth 1 -iname credentials.txt`),
    mine: pname('pg-aws'),
    theirs: pname('pg-aws-ok'),
    fields: {
      'proc.name': 'find',
      'proc.cmdline': `find ${dir} -maxdepth 1 -iname .aws/credentials`,
      'user.name': 'root',
      'proc.tty': 0,
    },
  },
  {
    action: 'SearchPrivateKeysOrPasswords: find -iname id_rsa',
    rule: 'Search Private Keys or Passwords',
    run: () => under('pg-keys', `find ${dir} -maxdepth 1 -iname id_rsa`),
    benign: () => under('pg-keys-ok', `find ${dir} -maxdepth 1 -iname readme`),
    mine: pname('pg-keys'),
    theirs: pname('pg-keys-ok'),
    fields: { 'proc.name': 'find', 'proc.cmdline': `find ${dir} -maxdepth 1 -iname id_rsa`, 'user.name': 'root' },
  },
  {
    action: 'ExecutionFromDevShm: run a script from /dev/shm',
    rule: 'Execution from /dev/shm',
    run: async () => {
      writeFileSync(shmScript, "#!/bin/sh\necho 'hello world'\n", { mode: 0o755 });
      await under('pg-shm', `sh -c ${shmScript}`);
    },
    benign: async () => {
      writeFileSync(join(dir, 'hello.sh'), "#!/bin/sh\necho 'hello world'\n", { mode: 0o755 });
      await under('pg-shm-ok', `sh -c ${join(dir, 'hello.sh')}`);
    },
    mine: pname('pg-shm'),
    theirs: pname('pg-shm-ok'),
    fields: { 'proc.name': 'sh', 'proc.cmdline': `sh -c ${shmScript}`, 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'FilelessExecutionViaMemfdCreate: execute a memfd',
    rule: 'Fileless execution via memfd_create',
    run: () => under('pg-memfd', `${acts} memfd-exec /bin/true true`),
    benign: () => under('pg-memfd-ok', `${acts} exec /bin/true true`),
    mine: pname('pg-memfd'),
    theirs: pname('pg-memfd-ok'),
    fields: { 'proc.pname': 'pg-memfd', 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'RunShellUntrusted: a shell under a web server name (httpd)',
    rule: 'Run shell untrusted',
    run: () => under('httpd', 'sh -c true'),
    benign: () => under('pg-notweb', 'sh -c true'),
    mine: pname('httpd'),
    theirs: pname('pg-notweb'),
    fields: {
      'proc.name': 'sh',
      'proc.pname': 'httpd',
      'proc.cmdline': 'sh -c true',
      'user.name': 'root',
      'proc.tty': 0,
    },
  },
  {
    action: 'LaunchSuspiciousNetworkToolOnHost: nmap',
    rule: 'Launch Suspicious Network Tool on Host',
    run: () => under('pg-nettool', `${copyAs('/bin/true', 'nmap')} -sS localhost`),
    benign: () => under('pg-nettool-ok', `${copyAs('/bin/true', 'mapper')} -sS localhost`),
    mine: pname('pg-nettool'),
    theirs: pname('pg-nettool-ok'),
    fields: { 'proc.name': 'nmap', 'proc.cmdline': 'nmap -sS localhost', 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'DeleteOrRenameShellHistory: rm .bash_history',
    rule: 'Delete or rename shell history',
    run: () => under('pg-history', `touch ${dir}/.bash_history && rm ${dir}/.bash_history`),
    benign: () => under('pg-history-ok', `touch ${dir}/.bash_notes && rm ${dir}/.bash_notes`),
    mine: pname('pg-history'),
    theirs: pname('pg-history-ok'),
    fields: { 'proc.name': 'rm', 'proc.cmdline': `rm ${dir}/.bash_history`, 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'SetSetuidOrSetgidBit: chmod u+s',
    rule: 'Set Setuid or Setgid bit',
    run: () => under('pg-suid', `touch ${dir}/suidfile && chmod u+s ${dir}/suidfile`),
    benign: () => under('pg-suid-ok', `touch ${dir}/plainmode && chmod 0755 ${dir}/plainmode`),
    mine: pname('pg-suid'),
    theirs: pname('pg-suid-ok'),
    fields: { 'proc.name': 'chmod', 'proc.cmdline': `chmod u+s ${dir}/suidfile`, 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'NonSudoSetuid: a non-root process calls setuid',
    rule: 'Non sudo setuid',
    run: () => under('pg-setuid', `setpriv --reuid=1 --regid=1 --clear-groups ${copyAs(acts, 'setuider')} setuid 0`),
    benign: () => under('pg-setuid-ok', `${copyAs(acts, 'setuider-ok')} setuid 0`),
    mine: procName('setuider'),
    theirs: procName('setuider-ok'),
    fields: { 'proc.name': 'setuider', 'user.name': 'daemon', 'user.uid': 1, 'evt.type': 'setuid', 'proc.tty': 0 },
  },
  {
    action: 'NonSudoSetuid: a root process drops to daemon with setuid, then tries setuid(0)',
    rule: 'Non sudo setuid',
    run: () => under('pg-setuid2', `${copyAs(acts, 'setuid2')} setuid-twice 1 0`),
    benign: () => under('pg-setuid2-ok', `${copyAs(acts, 'setuid2-ok')} setuid-twice 0 0`),
    // the second call: the identity the first one set is the thread's, live as in a replay
    mine: (a) => procName('setuid2')(a) && a.output_fields['evt.arg.uid'] === 'root',
    theirs: procName('setuid2-ok'),
    fields: { 'proc.name': 'setuid2', 'user.name': 'daemon', 'user.uid': 1, 'evt.arg.uid': 'root', 'proc.tty': 0 },
  },
  {
    action: 'NonSudoSetuid: a root process drops to daemon with setresuid, then tries setuid(0)',
    rule: 'Non sudo setuid',
    run: () => under('pg-resuid', `${copyAs(acts, 'resuider')} setresuid-setuid 1 0`),
    benign: () => under('pg-resuid-ok', `${copyAs(acts, 'resuider-ok')} setresuid-setuid 0 0`),
    mine: procName('resuider'),
    theirs: procName('resuider-ok'),
    fields: { 'proc.name': 'resuider', 'user.name': 'daemon', 'user.uid': 1, 'evt.arg.uid': 'root', 'proc.tty': 0 },
  },
  {
    action: 'ReadSensitiveFileUntrusted: cat a path relative to the working directory (cd /etc; cat shadow)',
    rule: 'Read sensitive file untrusted',
    run: () => under('pg-relcwd', 'cd /etc && cat shadow >/dev/null'),
    benign: () => under('pg-relcwd-ok', 'cd /etc && cat hostname >/dev/null'),
    mine: pname('pg-relcwd'),
    theirs: pname('pg-relcwd-ok'),
    fields: { 'proc.name': 'cat', 'fd.name': '/etc/shadow', 'proc.cmdline': 'cat shadow', 'user.name': 'root' },
  },
  {
    action: 'ReadSensitiveFileUntrusted: openat relative to a directory fd (openat(open("/etc"), "shadow"))',
    rule: 'Read sensitive file untrusted',
    run: () => under('pg-dirfd', `${acts} openat-dirfd /etc shadow`),
    benign: () => under('pg-dirfd-ok', `${acts} openat-dirfd /etc hostname`),
    mine: pname('pg-dirfd'),
    theirs: pname('pg-dirfd-ok'),
    fields: { 'proc.name': 'acts', 'fd.name': '/etc/shadow', 'proc.cmdline': 'acts openat-dirfd /etc shadow' },
  },
  {
    action:
      'ReadSensitiveFileUntrusted: the working directory inherited across fork and exec (cd /etc; sh -c "cat shadow")',
    rule: 'Read sensitive file untrusted',
    run: () => under('pg-cwdfork', "cd /etc && sh -c 'cat shadow >/dev/null; true'"),
    benign: () => under('pg-cwdfork-ok', "cd /etc && sh -c 'cat hostname >/dev/null; true'"),
    mine: (a) => a.output_fields['proc.aname[2]'] === 'pg-cwdfork',
    theirs: (a) => a.output_fields['proc.aname[2]'] === 'pg-cwdfork-ok',
    fields: { 'proc.name': 'cat', 'proc.pname': 'sh', 'fd.name': '/etc/shadow', 'proc.cmdline': 'cat shadow' },
  },
  {
    action: 'ChangeThreadNamespace: setns',
    rule: 'Change thread namespace',
    run: () => under('pg-setns', `${copyAs(acts, 'nsjoiner')} setns /proc/self/ns/uts`),
    benign: () => under('pg-setns-ok', `${copyAs(acts, 'nsjoiner-ok')} unshare`),
    mine: procName('nsjoiner'),
    theirs: procName('nsjoiner-ok'),
    fields: { 'proc.name': 'nsjoiner', 'proc.pname': 'pg-setns', 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'WriteBelowEtc: create a file in /etc',
    rule: 'Write below etc',
    run: () => under('pg-etc', `touch ${etcFile} && rm -f ${etcFile}`),
    benign: () => under('pg-etc-ok', `touch ${dir}/etcfile && rm -f ${dir}/etcfile`),
    mine: pname('pg-etc'),
    theirs: pname('pg-etc-ok'),
    fields: { 'proc.name': 'touch', 'fd.name': etcFile, 'proc.cmdline': `touch ${etcFile}`, 'user.name': 'root' },
  },
  {
    action: 'MkdirBinaryDirs: mkdir below /usr/bin',
    rule: 'Mkdir binary dirs',
    run: () => under('pg-mkbin', `mkdir ${binDir} && rmdir ${binDir}`),
    benign: () => under('pg-mkbin-ok', `mkdir ${dir}/d && rmdir ${dir}/d`),
    mine: pname('pg-mkbin'),
    theirs: pname('pg-mkbin-ok'),
    fields: { 'proc.name': 'mkdir', 'proc.cmdline': `mkdir ${binDir}`, 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'WriteBelowBinaryDir: create a file in /usr/bin',
    rule: 'Write below binary dir',
    run: () => under('pg-wbin', `touch ${binFile} && rm -f ${binFile}`),
    benign: () => under('pg-wbin-ok', `touch ${dir}/binfile && rm -f ${dir}/binfile`),
    mine: pname('pg-wbin'),
    theirs: pname('pg-wbin-ok'),
    fields: { 'proc.name': 'touch', 'fd.name': binFile, 'user.name': 'root', 'proc.tty': 0 },
  },
  {
    action: 'ModifyBinaryDirs: rename a file in /usr/bin',
    rule: 'Modify binary dirs',
    run: () => under('pg-mvbin', `touch ${binOld} && mv ${binOld} ${binNew} && rm -f ${binNew}`),
    benign: () => under('pg-mvbin-ok', `touch ${dir}/old && mv ${dir}/old ${dir}/new`),
    mine: pname('pg-mvbin'),
    theirs: pname('pg-mvbin-ok'),
    fields: { 'proc.name': 'mv', 'proc.cmdline': `mv ${binOld} ${binNew}`, 'user.name': 'root', 'proc.tty': 0 },
  },
];

let live: LiveRun;
let alerts: JsonAlert[] = [];

before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the live tests ${why}`);
  acts = await buildFixture('acts', dir, 'test/live/fixtures');
  live = startLive(UPSTREAM_RULES.flatMap((r) => ['-r', r]));
  await live.ready;
  for (const b of behaviours) {
    await b.run();
    await b.benign();
  }
  const res = await live.stop();
  assert.equal(res.code, 0, res.stderr);
  alerts = res.alerts;
});

after(() => {
  killLiveRuns();
  rmSync(dir, { recursive: true, force: true });
  for (const p of [etcFile, binFile, binOld, binNew, shmScript]) rmSync(p, { force: true });
  rmSync(binDir, { recursive: true, force: true });
});

describe('event-generator behaviours on the host raise the upstream rule; their benign twins do not', () => {
  for (const b of behaviours) {
    test(`${b.action} → ${b.rule}`, () => {
      const mine = alerts.filter((a) => a.rule === b.rule && b.mine(a));
      assert.ok(
        mine.length > 0,
        `no "${b.rule}" alert; alerts of this action: ${JSON.stringify(alerts.filter(b.mine).map((a) => a.rule))}`,
      );
      const a = mine[0];
      for (const [k, v] of Object.entries(b.fields)) {
        assert.equal(String(a.output_fields[k]), String(v), `${b.rule}: ${k} (${a.output})`);
      }
      const twin = alerts.filter((x) => x.rule === b.rule && b.theirs(x));
      assert.deepEqual(
        twin.map((x) => x.output),
        [],
        'the benign twin raised the rule',
      );
    });
  }

  test('at least fifteen behaviours, from the three rule files', () => {
    assert.ok(behaviours.length >= 15);
    assert.ok(new Set(alerts.map((a) => a.rule)).size >= 15);
  });
});
