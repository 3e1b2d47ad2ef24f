// A thread the state table lacks when its own or its child's event arrives is read from /proc at that moment
// (libsinsp's missing-thread lookup). The sensor is told not to capture the clone family (base_syscalls.custom_set
// with negative names, as a Falco user may configure), so every process started meanwhile is first seen by its
// execve: its directory, its session and the fds it inherited exist only in /proc. The child stays alive until the
// detector has stopped, so that /proc still has it when the detector looks (a process already gone gets a
// placeholder, as in libsinsp, and is counted apart).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { buildFixture, sensorUnavailable } from '../sensor/helpers/sensor.ts';
import { type JsonAlert, killLiveRuns, startLive } from './helpers/live.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-missing-'));
const rulesFile = join(dir, 'rules.yaml');
writeFileSync(
  rulesFile,
  `
- rule: missing probe
  desc: the state of a process the table first saw at its execve
  condition: proc.name=pgm-child and evt.type in (open, openat) and fd.name=/nonexistent/pgstate-probe
  output: "%proc.name %proc.pname %proc.aname[2] %proc.cmdline %proc.cwd %proc.sid %proc.vpgid %user.name"
  priority: WARNING
- rule: missing fd
  desc: an fd the process inherited from a parent the table never saw either
  condition: proc.name=pgm-child and evt.type=fcntl and fd.num=7
  output: "%proc.name %fd.num %fd.name %fd.typechar"
  priority: WARNING
`,
);

interface Truth {
  readonly kind: string;
  readonly cwd: string;
  readonly sid: number;
  readonly vpgid: number;
  readonly user: string;
  readonly parent: string;
  readonly link: string;
}

let alerts: JsonAlert[] = [];
let truths: Truth[] = [];
let stderr = '';
let grandparent = '';

before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the missing-thread tests ${why}`);
  const acts = await buildFixture('state-acts', dir, 'test/live/fixtures');
  const child = join(dir, 'pgm-child');
  copyFileSync(acts, child);
  const parent = join(dir, 'pgm-parent');
  copyFileSync('/bin/bash', parent);
  const live = startLive([
    '-v',
    '-r',
    rulesFile,
    '-o',
    'base_syscalls.custom_set=["!clone","!clone3","!fork","!vfork"]',
  ]);
  await live.ready;
  const sh = spawn(parent, ['-c', `exec 7</etc/hostname; ${child} hold; true`], {
    cwd: '/usr',
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  // The child has made its events once it printed both lines; it then waits, alive, until the detector has
  // stopped (everything captured before the stop is processed first), so /proc still has it when it is read.
  const printed = new Promise<void>((resolve) => {
    (sh.stdout as Readable).setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.split('\n').length > 2) resolve();
    });
  });
  grandparent = readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim();
  await printed;
  const r = await live.stop();
  sh.stdin?.end();
  await new Promise((resolve) => sh.once('close', resolve));
  truths = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Truth);
  assert.equal(r.code, 0, r.stderr);
  alerts = r.alerts;
  stderr = r.stderr;
});
after(() => {
  killLiveRuns();
  rmSync(dir, { recursive: true, force: true });
});

test('a process first seen at its execve has its directory, session and parents from /proc', () => {
  const truth = truths.find((t) => t.kind === 'probe');
  assert.ok(truth !== undefined);
  const a = alerts.filter((x) => x.rule === 'missing probe');
  assert.equal(a.length, 1, JSON.stringify(alerts));
  // (the container and pod fields the default configuration's append_output adds are not this test's subject)
  const own = Object.entries(a[0].output_fields).filter(([k]) => !k.startsWith('container.') && !k.startsWith('k8s.'));
  assert.deepEqual(
    { ...Object.fromEntries(own), 'evt.time': 0 },
    {
      'evt.time': 0,
      'proc.name': 'pgm-child',
      'proc.pname': 'pgm-parent',
      'proc.aname[2]': grandparent,
      'proc.cmdline': 'pgm-child hold',
      'proc.cwd': '/usr/',
      'proc.sid': truth.sid,
      'proc.vpgid': truth.vpgid,
      'user.name': truth.user,
    },
  );
  assert.equal(truth.cwd, '/usr');
  assert.equal(truth.parent, 'pgm-parent');
});

test('the fds it inherited are its own from /proc', () => {
  const truth = truths.find((t) => t.kind === 'fd');
  assert.equal(truth?.link, '/etc/hostname');
  const a = alerts.filter((x) => x.rule === 'missing fd');
  assert.equal(a.length, 1, JSON.stringify(alerts));
  assert.equal(a[0].output_fields['fd.name'], '/etc/hostname', JSON.stringify(a[0]));
  assert.equal(a[0].output_fields['fd.typechar'], 'f');
});

test('the lookups are counted', () => {
  const n = Number(/^Threads read from \/proc:(\d+)$/m.exec(stderr)?.[1]);
  // at least the child and its parent, both started after the scan and never announced by a clone event
  assert.ok(n >= 2, stderr);
});
