// The syslog, file and program channels against real receivers: a unix datagram socket standing in for
// /dev/log, a log file rotated under the writer, and shell programs.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { log } from '../../src/log.ts';
import { fileChannel } from '../../src/outputs/channels/file.ts';
import { programChannel } from '../../src/outputs/channels/program.ts';
import { syslogChannel } from '../../src/outputs/channels/syslog.ts';
import { Outputs, RULE_OUTPUT_DELIVERY } from '../../src/outputs/outputs.ts';
import { syslogLine } from '../../src/syslog-sink.ts';
import { makeAlert, memoryChannel, when } from './helpers.ts';

log.setWriter(() => {});
const dir = mkdtempSync(join(tmpdir(), 'peregrine-outputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const settings = (json = false) => ({
  json,
  envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
  hostname: 'testhost',
  capacity: 1000,
  retryInitialMs: 5,
  retryMaxMs: 20,
  reportIntervalMs: 60_000,
});

interface DgramServer {
  on(ev: 'message', fn: (buf: Buffer) => void): void;
  on(ev: 'error', fn: (err: Error) => void): void;
  bind(path: string): void;
  close(): void;
}
const dgram = createRequire(import.meta.url)('unix-dgram') as { createSocket(t: 'unix_dgram'): DgramServer };

test('syslog: each alert is one datagram <PRI>Mmm dd HH:MM:SS peregrine: line, severity from the priority', async () => {
  const path = join(dir, 'log.sock');
  const got: string[] = [];
  const events = new EventEmitter();
  const server = dgram.createSocket('unix_dgram');
  server.on('message', (buf) => {
    got.push(buf.toString('utf8'));
    events.emit('message');
  });
  server.bind(path);
  const outputs = new Outputs([syslogChannel({ path })], settings());
  for (let i = 0; i < 5; i++) outputs.emit(makeAlert(i));
  outputs.emit({ ...makeAlert(5), priority: 'Critical' });
  await when(events, 'message', () => got.length === 6);
  for (let i = 0; i < 5; i++) {
    // facility USER (1) * 8 + Warning (4) = 12
    assert.match(
      got[i],
      new RegExp(
        `^<12>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d peregrine: ${makeAlert(i).output.replace(/[.()]/g, '\\$&')}$`,
      ),
    );
  }
  assert.match(got[5], /^<10>/); // Critical = 2
  await outputs.close(1000);
  server.close();
});

test('syslog: no socket at the path is a failure that is retried and reported, not a crash', async () => {
  const path = join(dir, 'absent.sock');
  const mem = memoryChannel();
  const outputs = new Outputs([syslogChannel({ path }), mem], settings());
  outputs.emit(makeAlert(0));
  await when(mem.events, 'line', () => mem.lines.some((l) => l.includes(RULE_OUTPUT_DELIVERY)));
  assert.match(mem.lines.find((l) => l.includes(RULE_OUTPUT_DELIVERY)) as string, /syslog output is failing/);
  // The socket appears (a syslog daemon starts): the queued alert is delivered.
  const got: string[] = [];
  const events = new EventEmitter();
  const server = dgram.createSocket('unix_dgram');
  server.on('message', (buf) => {
    got.push(buf.toString('utf8'));
    events.emit('message');
  });
  server.bind(path);
  await when(events, 'message', () => got.length === 1);
  assert.ok(got[0].endsWith(makeAlert(0).output));
  await outputs.close(1000);
  server.close();
});

test('syslogLine pads the day like glibc (%e)', () => {
  assert.equal(syslogLine(4, 'peregrine', 'hi', new Date(2026, 0, 5, 7, 8, 9)), '<12>Jan  5 07:08:09 peregrine: hi');
  assert.equal(syslogLine(7, 'x', 'y', new Date(2026, 10, 27, 23, 0, 1)), '<15>Nov 27 23:00:01 x: y');
});

test('file: keep_alive file rotated by rename, then reopen (SIGUSR1) continues in the new file', async () => {
  const filename = join(dir, 'events.txt');
  const ch = fileChannel({ filename, keepAlive: true });
  const outputs = new Outputs([ch], settings());
  for (let i = 0; i < 3; i++) outputs.emit(makeAlert(i));
  assert.equal(await outputs.flush(10_000), true);
  renameSync(filename, `${filename}.1`); // logrotate's move
  outputs.emit(makeAlert(3)); // still written to the open (renamed) file, as with Falco
  assert.equal(await outputs.flush(10_000), true);
  await outputs.reopen();
  for (let i = 4; i < 6; i++) outputs.emit(makeAlert(i));
  assert.equal(await outputs.flush(10_000), true);
  const old = readFileSync(`${filename}.1`, 'utf8').trim().split('\n');
  const now = readFileSync(filename, 'utf8').trim().split('\n');
  assert.deepEqual(
    old,
    [0, 1, 2, 3].map((i) => makeAlert(i).output),
  );
  assert.deepEqual(
    now,
    [4, 5].map((i) => makeAlert(i).output),
  );
  await outputs.close(1000);
});

test('file: without keep_alive each delivery reopens, so a rotated file is followed at once', async () => {
  const filename = join(dir, 'events2.txt');
  const outputs = new Outputs([fileChannel({ filename, keepAlive: false })], settings(true));
  outputs.emit(makeAlert(0));
  assert.equal(await outputs.flush(10_000), true);
  renameSync(filename, `${filename}.1`);
  outputs.emit(makeAlert(1));
  assert.equal(await outputs.flush(10_000), true);
  assert.equal(JSON.parse(readFileSync(filename, 'utf8')).output_fields['alert.n'], 1);
  assert.equal(JSON.parse(readFileSync(`${filename}.1`, 'utf8')).output_fields['alert.n'], 0);
  await outputs.close(1000);
});

test('file: an unwritable path is reported and the alerts wait in the queue', async () => {
  const filename = join(dir, 'no-such-dir', 'events.txt');
  const mem = memoryChannel();
  const outputs = new Outputs([fileChannel({ filename, keepAlive: false }), mem], settings());
  outputs.emit(makeAlert(0));
  await when(mem.events, 'line', () => mem.lines.some((l) => l.includes('failed to open output file')));
  assert.equal(outputs.stats()[0].depth, 1);
  assert.equal(await outputs.close(20), 1);
});

test('program: without keep_alive one process per alert (cat >> file), like Falco', async () => {
  const out = join(dir, 'program_output.txt');
  const outputs = new Outputs([programChannel({ program: `cat >> ${out}`, keepAlive: false })], settings());
  for (let i = 0; i < 4; i++) outputs.emit(makeAlert(i));
  assert.equal(await outputs.flush(10_000), true);
  assert.deepEqual(
    readFileSync(out, 'utf8').trim().split('\n'),
    [0, 1, 2, 3].map((i) => makeAlert(i).output),
  );
  await outputs.close(1000);
});

test('program: keep_alive keeps one process; reopen respawns it', async () => {
  const out = join(dir, 'program_keep.txt');
  // Each process writes a header line first, so the number of spawns is visible in the file.
  const outputs = new Outputs(
    [programChannel({ program: `echo START >> ${out}; cat >> ${out}`, keepAlive: true })],
    settings(),
  );
  for (let i = 0; i < 3; i++) outputs.emit(makeAlert(i));
  assert.equal(await outputs.flush(10_000), true);
  await outputs.reopen();
  outputs.emit(makeAlert(3));
  assert.equal(await outputs.flush(10_000), true);
  await outputs.close(5000);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  assert.deepEqual(lines, ['START', ...[0, 1, 2].map((i) => makeAlert(i).output), 'START', makeAlert(3).output]);
});

test('program: a failing program is counted as refused, not retried forever', async () => {
  const mem = memoryChannel();
  const outputs = new Outputs(
    [programChannel({ program: 'cat > /dev/null; exit 3', keepAlive: false }), mem],
    settings(),
  );
  outputs.emit(makeAlert(0));
  outputs.emit(makeAlert(1));
  await outputs.flush(10_000);
  assert.equal(outputs.stats()[0].dropped.rejected, 2);
  await when(mem.events, 'line', () => mem.lines.some((l) => l.includes('exited with status 3')));
  await outputs.close(1000);
});

test('a channel that never answers delays neither detection nor the other channels', async () => {
  let calls = 0;
  const stuck = {
    name: 'http',
    batchMax: 64,
    deliver: () => {
      calls++;
      return new Promise<void>(() => {}); // a receiver that accepted the connection and never answers
    },
    close: async () => {},
  };
  const mem = memoryChannel();
  const outputs = new Outputs([stuck, mem], { ...settings(), capacity: 100 });
  let emitNs = 0;
  // Bursts of 50 leave room in the in-memory channel's queue (capacity 100) for the internal alert as well.
  for (let chunk = 0; chunk < 20; chunk++) {
    const t0 = process.hrtime.bigint();
    for (let i = chunk * 50; i < chunk * 50 + 50; i++) outputs.emit(makeAlert(i));
    emitNs += Number(process.hrtime.bigint() - t0);
    await new Promise(setImmediate); // the engine reads its next chunk
  }
  const ruleLines = () => mem.lines.filter((l) => l.includes('alert number')).length;
  await when(mem.events, 'line', () => ruleLines() === 1000);
  assert.equal(calls, 1, 'the stuck channel holds its first delivery');
  assert.equal(outputs.stats()[0].depth, 100);
  assert.equal(outputs.stats()[0].dropped.queue_full, 900);
  // 1000 emits return without waiting for any channel (well under a millisecond each even on a loaded host).
  assert.ok(emitNs / 1000 < 1_000_000, `emit took ${emitNs / 1000} ns on average`);
  assert.equal(await outputs.close(10), 100);
});
