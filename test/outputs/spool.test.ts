// The NATS output's on-disk spool without a server: order, bounds, restarts, a torn tail, damaged records, a
// damaged cursor, the lock, and two views of one spool (a reload) acknowledging the same records.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { log } from '../../src/log.ts';
import { alertToJson } from '../../src/outputs/alert.ts';
import { FULL_ENVELOPE, parseAlertJson } from '../../src/outputs/alert-json.ts';
import { alertCodec } from '../../src/outputs/channels/nats.ts';
import type { QueuedAlert } from '../../src/outputs/queue.ts';
import { openSpoolQueue, type SpooledAlert, type SpoolQueue } from '../../src/outputs/spool/queue.ts';
import type { SpoolLimits } from '../../src/outputs/spool/spool.ts';
import { makeAlert } from './helpers.ts';

const logged: string[] = [];
log.setWriter((line) => logged.push(line));

const root = mkdtempSync(join(tmpdir(), 'peregrine-spool-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `s${++dirs}`);

const limits = (over: Partial<SpoolLimits> = {}): SpoolLimits => ({
  maxBytes: 64 * 1024 * 1024,
  maxAlerts: 1_000_000,
  segmentBytes: 8192,
  fsyncIntervalMs: 1000,
  ...over,
});

const item = (i: number): QueuedAlert => {
  const alert = makeAlert(i);
  return { line: alert.output, severity: 4, alert };
};

const open = (dir: string, over: Partial<SpoolLimits> = {}): SpoolQueue =>
  openSpoolQueue(dir, limits(over), alertCodec);

/** Peeks and acknowledges everything, `batch` at a time; returns the alert numbers in the order delivered. */
function drainAll(q: SpoolQueue, batch = 100): { n: number[]; ids: string[] } {
  const n: number[] = [];
  const ids: string[] = [];
  for (;;) {
    const got = q.peek(batch) as SpooledAlert[];
    if (got.length === 0) break;
    for (const a of got) {
      n.push(a.alert.outputFields['alert.n'] as number);
      ids.push(a.id);
    }
    q.drop(got.length);
  }
  return { n, ids };
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

test('alerts come out in order, as the full JSON envelope, each with an id that survives a restart', () => {
  const dir = freshDir();
  let q = open(dir);
  for (let i = 0; i < 300; i++) assert.equal(q.push(item(i)), true);
  const first = q.peek(3) as SpooledAlert[];
  assert.equal(first[0].payload.toString(), alertToJson(makeAlert(0), FULL_ENVELOPE));
  const idsBefore = first.map((a) => a.id);
  q.drop(1); // alert 0 delivered
  assert.equal(q.release(), true);

  q = open(dir);
  assert.equal(q.length, 299);
  const again = q.peek(2) as SpooledAlert[];
  // Read back from disk after the restart: same ids, same alerts (parsed back from the record).
  assert.deepEqual(
    again.map((a) => a.id),
    idsBefore.slice(1, 3),
  );
  assert.deepEqual(again[0].alert, parseAlertJson(alertToJson(makeAlert(1), FULL_ENVELOPE)).alert);
  assert.equal(again[0].alert.time, makeAlert(1).time);
  const out = drainAll(q, 64);
  assert.deepEqual(out.n, range(1, 300));
  assert.equal(new Set(out.ids).size, 299);
  assert.equal(q.length, 0);
  // Delivered segments are deleted; only the one being written may remain.
  assert.ok(readdirSync(dir).filter((f) => f.endsWith('.seg')).length <= 1);
  q.release();
});

test('appends after a restart continue the sequence: no id is ever given twice', () => {
  const dir = freshDir();
  let q = open(dir);
  for (let i = 0; i < 10; i++) q.push(item(i));
  const ids1 = drainAll(q).ids;
  q.release();
  q = open(dir);
  for (let i = 10; i < 20; i++) q.push(item(i));
  const ids2 = drainAll(q).ids;
  q.release();
  assert.equal(new Set([...ids1, ...ids2]).size, 20);
});

test('more records than the memory readahead are read back from disk, across segments, in order', () => {
  const dir = freshDir();
  const q = open(dir, { segmentBytes: 64 * 1024 });
  for (let i = 0; i < 6000; i++) assert.equal(q.push(item(i)), true);
  assert.ok(readdirSync(dir).filter((f) => f.endsWith('.seg')).length > 3);
  assert.deepEqual(drainAll(q, 256).n, range(0, 6000));
  q.release();
});

test('the count bound and the byte bound refuse alerts (the runner counts them); delivering makes room', () => {
  const dir = freshDir();
  const q = open(dir, { maxAlerts: 50 });
  let accepted = 0;
  for (let i = 0; i < 80; i++) if (q.push(item(i))) accepted++;
  assert.equal(accepted, 50);
  assert.equal(q.capacity, 50);
  q.peek(10);
  q.drop(10);
  assert.equal(q.push(item(80)), true);
  const out = drainAll(q).n;
  assert.deepEqual(out, [...range(10, 50), 80]);
  q.release();

  let twenty = 0;
  for (let i = 0; i < 20; i++) twenty += 16 + alertCodec.encode(item(i)).byteLength;
  const b = open(freshDir(), { maxBytes: twenty + 5 });
  let n = 0;
  for (let i = 0; i < 40; i++) if (b.push(item(i))) n++;
  assert.equal(n, 20);
  // Capacity in alerts at the current record size: "half full" means half the byte bound.
  assert.equal(b.capacity, 20);
  b.release();
});

test('a torn tail (a crash in the middle of a write) is cut off at start; the alerts before it are kept', () => {
  const dir = freshDir();
  const q = open(dir);
  for (let i = 0; i < 5; i++) q.push(item(i));
  q.release();
  const seg = join(dir, readdirSync(dir).filter((f) => f.endsWith('.seg'))[0]);
  const whole = readFileSync(seg);
  // Half of a sixth record: its header and part of its payload.
  const rec = Buffer.concat([Buffer.from([0xff, 0, 0, 0]), Buffer.alloc(40, 7)]);
  appendFileSync(seg, rec);
  logged.length = 0;
  const r = open(dir);
  assert.equal(r.length, 5);
  assert.ok(logged.some((l) => l.includes(`byte ${whole.length}`) && l.includes('cutting off the last 44 bytes')));
  assert.equal(readFileSync(seg).length, whole.length);
  r.push(item(5));
  assert.deepEqual(drainAll(r).n, range(0, 6));
  r.release();
});

test('a damaged record is never published: it is counted as lost, the good records after it are sent', () => {
  const dir = freshDir();
  const q = open(dir, { segmentBytes: 4096 });
  for (let i = 0; i < 60; i++) q.push(item(i));
  q.release();
  const segs = readdirSync(dir)
    .filter((f) => f.endsWith('.seg'))
    .sort();
  assert.ok(segs.length >= 3);
  const firstSeg = join(dir, segs[0]);
  const bytes = readFileSync(firstSeg);
  // Flip a byte inside the second record's payload, and ruin the fourth record's length.
  const len = (at: number): number => 16 + bytes.readUInt32LE(at);
  const second = len(0);
  const fourth = second + len(second) + len(second + len(second));
  bytes[second + 16 + 10] ^= 0xff;
  bytes.writeUInt32LE(0x7fffffff, fourth);
  writeFileSync(firstSeg, bytes);
  logged.length = 0;
  const r = open(dir);
  const out = drainAll(r).n;
  // Alerts 1 and 3 (sequence numbers 2 and 4) are lost; everything else arrives, in order.
  assert.deepEqual(out, [0, 2, ...range(4, 60)]);
  assert.equal(r.stats().lostCorrupt, 2);
  assert.ok(logged.some((l) => l.includes(`${segs[0]}: byte ${second}: checksum mismatch; 1 alerts lost`)));
  assert.ok(logged.some((l) => l.includes(`${segs[0]}: byte ${fourth}: record length 2147483647 is not plausible`)));
  assert.equal(r.length, 0);
  r.release();
});

test('damage in the segment being written is not taken for a torn tail: counted, and new alerts go to a new segment', () => {
  const dir = freshDir();
  const q = open(dir);
  for (let i = 0; i < 10; i++) q.push(item(i));
  q.release();
  const seg = join(dir, readdirSync(dir).find((f) => f.endsWith('.seg')) as string);
  const bytes = readFileSync(seg);
  bytes[16 + 5] ^= 0xff; // the first record's payload
  writeFileSync(seg, bytes);
  const r = open(dir);
  assert.equal(readFileSync(seg).length, bytes.length, 'nothing cut off');
  r.push(item(10));
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.seg')).length, 2);
  assert.deepEqual(drainAll(r).n, range(1, 11));
  assert.equal(r.stats().lostCorrupt, 1);
  r.release();
});

test('a damaged cursor sends again from the oldest segment (the ids keep those alerts once downstream)', () => {
  const dir = freshDir();
  const q = open(dir);
  for (let i = 0; i < 10; i++) q.push(item(i));
  const ids = (q.peek(4) as SpooledAlert[]).map((a) => a.id);
  q.drop(4);
  q.release();
  writeFileSync(join(dir, 'cursor'), Buffer.alloc(24, 1));
  const r = open(dir);
  assert.equal(r.length, 10);
  const again = drainAll(r);
  assert.deepEqual(again.n, range(0, 10));
  assert.deepEqual(again.ids.slice(0, 4), ids);
  r.release();
});

test('two views of one spool (outputs before and after a reload) never acknowledge a record twice', () => {
  const dir = freshDir();
  const oldView = open(dir);
  for (let i = 0; i < 20; i++) oldView.push(item(i));
  const newView = open(dir);
  const a = oldView.peek(5) as SpooledAlert[];
  const b = newView.peek(8) as SpooledAlert[];
  assert.deepEqual(
    a.map((x) => x.id),
    b.slice(0, 5).map((x) => x.id),
  );
  newView.drop(8); // the new outputs delivered 0..7
  oldView.drop(5); // the old ones delivered 0..4 (duplicates): nothing more is acknowledged
  assert.equal(newView.length, 12);
  assert.equal(oldView.release(), false); // the spool stays open for the new view
  newView.push(item(20));
  assert.deepEqual(drainAll(newView).n, range(8, 21));
  assert.equal(newView.release(), true);
});

test('a refused alert in the middle of a batch: the runner drops the delivered head, then the refused one', () => {
  const q = open(freshDir());
  for (let i = 0; i < 6; i++) q.push(item(i));
  q.peek(6);
  q.drop(2); // delivered
  q.drop(1); // refused (counted by the runner)
  assert.deepEqual(drainAll(q).n, [3, 4, 5]);
  q.release();
});

test('one process per spool: a live owner is an error naming it; a dead owner’s lock is taken over', async () => {
  const dir = freshDir();
  open(dir).release();
  const sleeper = spawn('sleep', ['60']);
  after(() => sleeper.kill());
  writeFileSync(join(dir, 'lock'), `${sleeper.pid}\n`);
  assert.throws(() => open(dir), new RegExp(`spool ${dir} is in use by process ${sleeper.pid}`));
  sleeper.kill();
  await once(sleeper, 'exit');
  const q = open(dir);
  assert.equal(readFileSync(join(dir, 'lock'), 'utf8').trim(), String(process.pid));
  q.release();
});

test('fsync on every append (fsync_interval_ms 0) keeps the same records', () => {
  const dir = freshDir();
  const q = open(dir, { fsyncIntervalMs: 0 });
  for (let i = 0; i < 20; i++) q.push(item(i));
  q.release();
  const r = open(dir, { fsyncIntervalMs: 0 });
  assert.deepEqual(drainAll(r).n, range(0, 20));
  r.release();
});
