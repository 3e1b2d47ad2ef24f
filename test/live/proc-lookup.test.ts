// A thread read from /proc when an event needs it (src/state/proc-reader.ts, proc-fds.ts) equals the entry the
// sensor's start-up scan writes for it (sensor/scan.c, after libscap's scanner): the same fields from the same
// files, so a thread filled in later reads like one scanned at the start. A held process (a file open on fd 5,
// its stdio on Node's socket pairs) is scanned by a sensor run and read by the lookup at about the same moment.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type FdEntry, FdType, type ProcEntry } from '../../src/capture/metadata.ts';
import { readProcFds } from '../../src/state/proc-fds.ts';
import { readProcThread } from '../../src/state/proc-reader.ts';
import { captureWhile, decodeCapture, killSensors, scratchDir, sensorUnavailable } from '../sensor/helpers/sensor.ts';

const dir = scratchDir('proclookup');
let scanned: ProcEntry | undefined;
let scannedFds: FdEntry[] = [];
let read: ProcEntry | null = null;
let readFds: FdEntry[] = [];

before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the /proc lookup test ${why}`);
  const held = spawn('/bin/bash', ['-c', 'exec 5</etc/hostname; exec cat'], { cwd: '/usr', stdio: 'pipe' });
  const pid = held.pid as number;
  // cat is running once the shell has exec'd it: wait for what it echoes
  held.stdin.write('ready\n');
  await new Promise((resolve) => held.stdout.once('data', resolve));
  const file = join(dir, 'scan.scap');
  await captureWhile(file, async () => undefined);
  const d = await decodeCapture(file, () => false);
  scanned = d.procs.find((p) => p.tid === pid);
  scannedFds = d.fds.find((b) => b.tid === pid)?.fds ?? [];
  read = readProcThread('', pid, d.machine?.bootTsEpoch ?? 0n);
  readFds = readProcFds('', pid);
  held.stdin.end();
  await new Promise((resolve) => held.once('close', resolve));
});
after(() => {
  killSensors();
  rmSync(dir, { recursive: true, force: true });
});

test('the thread read from /proc equals the scanned one', () => {
  assert.ok(scanned !== undefined && read !== null);
  // counters that move while the process runs
  const moving = ['vmsizeKb', 'vmrssKb', 'vmswapKb', 'pfmajor', 'pfminor'];
  const strip = (p: ProcEntry) => Object.fromEntries(Object.entries(p).filter(([k]) => !moving.includes(k)));
  assert.deepEqual(strip(read), strip(scanned));
  assert.equal(read.comm, 'cat');
  assert.equal(read.cwd, '/usr');
});

test('its fds equal the scanned ones, sockets and the file included', () => {
  const byFd = (l: FdEntry[]) => [...l].sort((a, b) => a.fd - b.fd);
  assert.deepEqual(byFd(readFds), byFd(scannedFds));
  assert.ok(readFds.some((f) => f.fd === 5 && f.name === '/etc/hostname'));
  // the stdio Node gave it: socket pairs, typed from the network namespace's tables
  assert.deepEqual(
    readFds.filter((f) => f.fd <= 2).map((f) => f.type),
    [FdType.UNIX_SOCK, FdType.UNIX_SOCK, FdType.UNIX_SOCK],
  );
});
