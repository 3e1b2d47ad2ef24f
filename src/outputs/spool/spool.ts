// A bounded, append-only, on-disk queue of alerts: what the NATS output keeps while its server cannot take
// them, and what survives a restart of Peregrine. Records (src/outputs/spool/records.ts) are appended to segment
// files; a cursor file says how far they were acknowledged; a segment is deleted once every record in it was.
//
// Every alert goes through the spool, not only those that meet a dead server: the order of alerts is then the
// order of the log, and an alert is on disk from the moment it is accepted, whatever happens to the process
// after. Records appended in this process are also kept in memory (up to READAHEAD_MAX) so a publisher that
// keeps up never reads them back; one that falls behind (or starts after a restart) reads them from disk.
//
// Durability, argued: the alerts of one synchronous stretch are one write(2) into the page cache at its end, so a
// crash of Peregrine (a bug, SIGKILL, the OOM killer) loses nothing written; what it can lose is the burst still
// in memory in that same stretch, as any in-memory queue would. Only a crash of the kernel or the machine can lose what was not fsynced yet;
// fdatasync runs in the background every `fsyncIntervalMs` (default 1000) while there is something new, when a
// segment is full and at close. An fsync per alert would cost milliseconds per alert on a real disk and make the
// spool the bottleneck of an alert burst; JetStream's own file store syncs every two minutes by default, so a
// one-second window keeps the spool at least as durable as the server it feeds. `fsyncIntervalMs: 0` syncs
// every append for those who want it. The cursor is written after every acknowledgement and synced with the
// records: a stale cursor only sends some alerts again, which their message ids make harmless.
//
// Damage is an answer, not a crash: a torn tail (a crash in the middle of a write) is cut off at start; a bad
// record further back makes the rest of its segment unreadable, and those alerts are counted as lost
// (`lostCorrupt`) and logged with the file and byte offset.
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  writevSync,
} from 'node:fs';
import { join } from 'node:path';
import { log } from '../../log.ts';
import type { QueuedAlert } from '../queue.ts';
import {
  CURSOR_BYTES,
  decodeCursor,
  encodeCursor,
  findRecord,
  getSeq,
  RECORD_HEADER_BYTES,
  readRecord,
  recordHeader,
  segmentFirstSeq,
  segmentName,
} from './records.ts';

export interface SpoolLimits {
  /** Most bytes of unacknowledged records on disk. */
  readonly maxBytes: number;
  /** Most unacknowledged alerts. */
  readonly maxAlerts: number;
  /** A segment file is closed and a new one started past this size. */
  readonly segmentBytes: number;
  /** fdatasync interval; 0 syncs after every append. */
  readonly fsyncIntervalMs: number;
}

interface Segment {
  readonly firstSeq: number;
  readonly path: string;
  size: number;
}

interface Position {
  seg: Segment;
  offset: number;
}

/** One spooled record, from the head of the spool. */
export interface SpoolEntry {
  readonly seq: number;
  readonly payload: Buffer;
  readonly seg: Segment;
  /** Offset of the record in its segment. */
  readonly start: number;
  /** The alert as it was pushed in this process; undefined for a record read back from disk. */
  readonly item: QueuedAlert | undefined;
}

export interface SpoolStats {
  readonly path: string;
  /** Unacknowledged alerts. */
  readonly alerts: number;
  /** Bytes of unacknowledged records. */
  readonly bytes: number;
  readonly maxAlerts: number;
  readonly maxBytes: number;
  readonly segments: number;
  /** Alerts in damaged records, skipped. */
  readonly lostCorrupt: number;
  /** Writes the disk refused (ENOSPC, EIO …). */
  readonly writeErrors: number;
  /** Alerts accepted and then lost to such a write (the runner had counted them as queued). */
  readonly lostWriteErrors: number;
}

/** Records kept in memory ahead of the publisher. */
const READAHEAD_MAX = 4096;
/** Bytes read from a segment at once when catching up. */
const READ_CHUNK = 1024 * 1024;

export class Spool {
  readonly dir: string;
  /** Random, made when the spool is made: with the sequence number it names an alert uniquely. */
  readonly id: string;
  limits: SpoolLimits;
  lostCorrupt = 0;
  /** Alerts accepted, then lost because the disk refused to write them. */
  lostWriteErrors = 0;
  /** Writes the disk refused. */
  writeErrors = 0;
  private segments: Segment[] = [];
  private totalSize = 0;
  private writeFd = -1;
  private nextSeq = 1;
  private acked = 0;
  /** Records from acked+1 on, in order; a gap only where damaged records were skipped. */
  private readahead: SpoolEntry[] = [];
  private raHead = 0;
  /** Where the record after the readahead's last is on disk, and its sequence number. */
  private reader: Position | undefined;
  private readSeq = 1;
  private readonly cursorFd: number;
  private readonly lockPath: string;
  /** Records appended and not written yet (header, payload, …), and where they begin. */
  private pending: Buffer[] = [];
  private pendingFrom: { seg: Segment; start: number; seq: number } | undefined;
  private flushScheduled = false;
  /** The last segment holds a damaged record: the next append starts a new one. */
  private rollBeforeAppend = false;
  private dirty = false;
  private syncing = false;
  private deferredClose: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  /** Opens (or makes) the spool in `dir`. Throws an Error naming the directory when it cannot. */
  constructor(dir: string, limits: SpoolLimits) {
    this.dir = dir;
    this.limits = limits;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.lockPath = join(dir, 'lock');
    takeLock(this.lockPath);
    try {
      const names = readdirSync(dir);
      for (const name of names) {
        const first = segmentFirstSeq(name);
        if (first === undefined) continue;
        const path = join(dir, name);
        this.segments.push({ firstSeq: first, path, size: statSync(path).size });
      }
      this.segments.sort((a, b) => a.firstSeq - b.firstSeq);
      const cursor = readCursor(join(dir, 'cursor'));
      this.id = readOrMakeId(join(dir, 'id'), cursor === undefined && this.segments.length === 0);
      this.cursorFd = openSync(join(dir, 'cursor'), 'w', 0o600);
      this.recover(cursor);
    } catch (err) {
      rmLock(this.lockPath);
      throw err;
    }
    this.writeCursor();
    this.setFsyncInterval();
  }

  /** Applies new limits (a reload); what is spooled stays. */
  setLimits(limits: SpoolLimits): void {
    const intervalChanged = limits.fsyncIntervalMs !== this.limits.fsyncIntervalMs;
    this.limits = limits;
    if (intervalChanged) this.setFsyncInterval();
  }

  get count(): number {
    return this.nextSeq - 1 - this.acked;
  }

  get bytes(): number {
    const head = this.headPosition();
    return this.totalSize - (head !== undefined && head.seg === this.segments[0] ? head.offset : 0);
  }

  stats(): SpoolStats {
    return {
      path: this.dir,
      alerts: this.count,
      bytes: this.bytes,
      maxAlerts: this.limits.maxAlerts,
      maxBytes: this.limits.maxBytes,
      segments: this.segments.length,
      lostCorrupt: this.lostCorrupt,
      writeErrors: this.writeErrors,
      lostWriteErrors: this.lostWriteErrors,
    };
  }

  /**
   * Appends one record. False, and nothing kept, when the spool is at its bound (or, syncing every append, the
   * disk refused the write): the caller counts the alert as lost.
   *
   * The records of one synchronous stretch (the alerts the engine raised from one chunk of events) are written
   * together, with one writev, at its end: a write(2) per alert cost ~5× the rest of an alert's output work
   * (docs/performance.md). The alert is in memory until then, as in any other channel's queue.
   */
  append(payload: Buffer, item: QueuedAlert | undefined): boolean {
    if (this.closed) return false;
    const size = RECORD_HEADER_BYTES + payload.byteLength;
    if (this.count >= this.limits.maxAlerts || this.bytes + size > this.limits.maxBytes) return false;
    let seg = this.segments[this.segments.length - 1];
    if (seg === undefined || this.writeFd < 0 || seg.size >= this.limits.segmentBytes || this.rollBeforeAppend) {
      this.flushPending();
      this.rollBeforeAppend = false;
      const made = this.roll();
      if (made === undefined) return false;
      seg = made;
    }
    const seq = this.nextSeq;
    const start = seg.size;
    this.pendingFrom ??= { seg, start, seq };
    this.pending.push(recordHeader(seq, payload), payload);
    seg.size += size;
    this.totalSize += size;
    this.nextSeq++;
    this.dirty = true;
    // A publisher that keeps up takes the record from memory: it never reads back what it was just given.
    if (this.readSeq === seq && this.readahead.length - this.raHead < READAHEAD_MAX) {
      this.readahead.push({ seq, payload, seg, start, item });
      this.reader = { seg, offset: seg.size };
      this.readSeq = seq + 1;
    }
    if (this.limits.fsyncIntervalMs === 0) return this.flushPending() === 0;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        const lost = this.flushPending();
        if (lost > 0) {
          this.lostWriteErrors += lost;
          log.error(`nats output: spool ${this.dir}: ${lost} alerts lost, the disk refused them`);
        }
      });
    }
    return true;
  }

  /**
   * Writes the records appended since the last write. On failure they are taken back out (the segment truncated
   * to where they began) and their number returned; 0 when written.
   */
  private flushPending(): number {
    const from = this.pendingFrom;
    if (from === undefined) return 0;
    const bufs = this.pending;
    this.pending = [];
    this.pendingFrom = undefined;
    let total = 0;
    for (const b of bufs) total += b.byteLength;
    try {
      let written = 0;
      // writev takes at most IOV_MAX (1024) buffers per call.
      for (let i = 0; i < bufs.length; i += 512) written += writevSync(this.writeFd, bufs.slice(i, i + 512));
      if (written !== total) throw new Error(`short write (${written} of ${total} bytes)`);
      if (this.limits.fsyncIntervalMs === 0) fdatasyncSync(this.writeFd);
      return 0;
    } catch (err) {
      this.writeErrors++;
      log.error(`nats output: spool: cannot write ${from.seg.path}: ${(err as Error).message}`);
      try {
        ftruncateSync(this.writeFd, from.start);
      } catch {
        // the next start cuts a torn tail off anyway
      }
      const lost = this.nextSeq - from.seq;
      from.seg.size = from.start;
      this.totalSize -= total;
      this.nextSeq = from.seq;
      while (this.readahead.length > this.raHead && this.readahead[this.readahead.length - 1].seq >= from.seq) {
        this.readahead.pop();
      }
      if (this.readSeq > from.seq) {
        this.readSeq = from.seq;
        this.reader = { seg: from.seg, offset: from.start };
      }
      return lost;
    }
  }

  /** Up to `n` records from the head, oldest first, without removing them. */
  peek(n: number): SpoolEntry[] {
    const lost = this.flushPending();
    if (lost > 0) {
      this.lostWriteErrors += lost;
      log.error(`nats output: spool ${this.dir}: ${lost} alerts lost, the disk refused them`);
    }
    while (this.readahead.length - this.raHead < n && this.readSeq < this.nextSeq) {
      if (!this.readFromDisk(n - (this.readahead.length - this.raHead))) {
        // Records the segments should hold but do not (a file shortened behind our back): lost, counted, and
        // the queue moves on instead of offering nothing forever.
        const lost = this.nextSeq - this.readSeq;
        this.lostCorrupt += lost;
        log.error(`nats output: spool ${this.dir}: ${lost} alerts are missing from the segment files; counted as lost`);
        this.readSeq = this.nextSeq;
        break;
      }
    }
    if (this.readahead.length === this.raHead) this.settle();
    const end = Math.min(this.readahead.length, this.raHead + n);
    return this.readahead.slice(this.raHead, end);
  }

  /** Every record up to `seq` was delivered: forget it, and its segment once it holds nothing else. */
  ackThrough(seq: number): void {
    if (seq <= this.acked) return;
    while (this.raHead < this.readahead.length && this.readahead[this.raHead].seq <= seq) this.raHead++;
    if (this.raHead > 1024 && this.raHead * 2 > this.readahead.length) {
      this.readahead = this.readahead.slice(this.raHead);
      this.raHead = 0;
    }
    this.settle();
  }

  /** Stops: syncs what was written, records the cursor, releases the directory. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    const lost = this.flushPending();
    if (lost > 0) {
      this.lostWriteErrors += lost;
      log.error(`nats output: spool ${this.dir}: ${lost} alerts lost at close, the disk refused them`);
    }
    try {
      if (this.writeFd >= 0) {
        fdatasyncSync(this.writeFd);
        this.closeFd(this.writeFd);
      }
      this.writeFd = -1;
      this.writeCursor();
      fsyncSync(this.cursorFd);
    } catch (err) {
      log.error(`nats output: spool ${this.dir}: cannot sync at close: ${(err as Error).message}`);
    }
    this.closeFd(this.cursorFd);
    rmLock(this.lockPath);
  }

  // Moves `acked` up to the record before the first one still waiting (past any skipped damaged records),
  // deletes the segments before the head, and records the cursor.
  private settle(): void {
    const nextWaiting = this.raHead < this.readahead.length ? this.readahead[this.raHead].seq : this.readSeq;
    if (nextWaiting - 1 <= this.acked) return;
    this.acked = nextWaiting - 1;
    const head = this.headPosition();
    while (this.segments.length > 1 && head !== undefined && this.segments[0] !== head.seg) {
      const gone = this.segments.shift() as Segment;
      this.totalSize -= gone.size;
      try {
        unlinkSync(gone.path);
      } catch (err) {
        log.error(`nats output: spool: cannot delete ${gone.path}: ${(err as Error).message}`);
      }
    }
    this.writeCursor();
  }

  /** Where the record after `acked` is: the first waiting entry, else the reader. */
  private headPosition(): Position | undefined {
    if (this.raHead < this.readahead.length) {
      const e = this.readahead[this.raHead];
      return { seg: e.seg, offset: e.start };
    }
    return this.reader;
  }

  private writeCursor(): void {
    const head = this.headPosition();
    const buf = encodeCursor({
      acked: this.acked,
      headFirstSeq: head?.seg.firstSeq ?? this.acked + 1,
      headOffset: head?.offset ?? 0,
    });
    try {
      writeSync(this.cursorFd, buf, 0, CURSOR_BYTES, 0);
    } catch (err) {
      // A stale cursor only resends alerts (their ids make that harmless); say so and go on.
      log.error(`nats output: spool ${this.dir}: cannot write the cursor: ${(err as Error).message}`);
    }
  }

  /** Starts a new segment at nextSeq; the old one is synced and closed. */
  private roll(): Segment | undefined {
    const old = this.segments[this.segments.length - 1];
    const seg: Segment = { firstSeq: this.nextSeq, path: join(this.dir, segmentName(this.nextSeq)), size: 0 };
    let fd: number;
    try {
      fd = openSync(seg.path, 'a', 0o600);
    } catch (err) {
      this.writeErrors++;
      log.error(`nats output: spool: cannot create ${seg.path}: ${(err as Error).message}`);
      return undefined;
    }
    if (this.writeFd >= 0) {
      try {
        fdatasyncSync(this.writeFd);
      } catch {
        // the data are written; a failed sync leaves only the power-loss window open
      }
      this.closeFd(this.writeFd);
    }
    this.writeFd = fd;
    if (old !== undefined && old.size === 0 && old.firstSeq === seg.firstSeq) {
      // An empty segment of the same name (a fresh spool, or one whose last segment was torn to nothing).
      this.segments.pop();
    }
    this.segments.push(seg);
    syncDir(this.dir);
    // A reader at the very end of the old segment continues in the new one; the old one may then go.
    if (this.reader !== undefined && this.reader.seg === old && this.reader.offset >= old.size) {
      this.reader = { seg, offset: 0 };
      if (this.raHead === this.readahead.length) this.settle();
    } else if (this.reader === undefined) this.reader = { seg, offset: 0 };
    return seg;
  }

  /** Reads records from the reader's position into the readahead. False when nothing more can be read. */
  private readFromDisk(want: number): boolean {
    let pos = this.reader;
    if (pos === undefined) return false;
    if (pos.offset >= pos.seg.size) {
      const i = this.segments.indexOf(pos.seg);
      const next = this.segments[i + 1];
      if (next === undefined) return false;
      pos = { seg: next, offset: 0 };
      this.reader = pos;
    }
    const seg = pos.seg;
    let len = Math.min(seg.size - pos.offset, READ_CHUNK);
    let buf = readAt(seg.path, pos.offset, len);
    let at = 0;
    let got = 0;
    while (got < want && at < len) {
      const r = readRecord(buf, at, len);
      if (r.kind === 'short') {
        if (pos.offset + at + r.need <= seg.size) {
          if (at > 0) break; // the next call starts a fresh chunk at this record
          len = Math.min(seg.size - pos.offset, r.need);
          buf = readAt(seg.path, pos.offset, len);
          continue;
        }
        this.skipDamaged(seg, pos.offset + at, 'the record runs past the end of the file');
        return true;
      }
      if (r.kind === 'bad' || r.seq !== this.readSeq) {
        this.skipDamaged(
          seg,
          pos.offset + at,
          r.kind === 'bad' ? r.reason : `sequence ${r.seq} where ${this.readSeq} was expected`,
        );
        return true;
      }
      this.readahead.push({ seq: r.seq, payload: r.payload, seg, start: pos.offset + at, item: undefined });
      this.readSeq = r.seq + 1;
      at += r.size;
      got++;
    }
    this.reader = { seg, offset: pos.offset + at };
    return got > 0 || at > 0;
  }

  /**
   * The record at `offset` in `seg` cannot be read: reading resumes at the next good record of the segment (the
   * alerts in between are counted as lost), or after the segment when none follows.
   */
  private skipDamaged(seg: Segment, offset: number, reason: string): void {
    const i = this.segments.indexOf(seg);
    const next = this.segments[i + 1];
    const resume = next === undefined ? this.nextSeq : next.firstSeq;
    const rest = readAt(seg.path, offset, seg.size - offset);
    const found = findRecord(rest, 1, rest.length, this.readSeq + 1, resume - 1);
    const resumeSeq = found < 0 ? resume : getSeq(rest, found);
    const lost = Math.max(0, resumeSeq - this.readSeq);
    this.lostCorrupt += lost;
    log.error(`nats output: spool ${seg.path}: byte ${offset}: ${reason}; ${lost} alerts lost`);
    this.readSeq = resumeSeq;
    if (found >= 0) this.reader = { seg, offset: offset + found };
    else this.reader = next === undefined ? { seg, offset: seg.size } : { seg: next, offset: 0 };
  }

  // At start: the cursor gives the head; the last segment is scanned for its last record and any torn tail.
  private recover(cursor: ReturnType<typeof readCursor>): void {
    let headIndex = 0;
    let headOffset = 0;
    if (cursor !== undefined) {
      const i = this.segments.findIndex((s) => s.firstSeq === cursor.headFirstSeq);
      if (i >= 0 && cursor.headOffset <= this.segments[i].size) {
        headIndex = i;
        headOffset = cursor.headOffset;
        this.acked = cursor.acked;
      } else if (this.segments.length === 0 || cursor.acked + 1 < this.segments[0].firstSeq) {
        this.acked = this.segments.length === 0 ? cursor.acked : this.segments[0].firstSeq - 1;
      } else {
        this.acked = this.segments[0].firstSeq - 1;
        log.warning(
          `nats output: spool ${this.dir}: the cursor names no segment; sending again from the oldest (message ids keep them once)`,
        );
      }
    } else if (this.segments.length > 0) {
      this.acked = this.segments[0].firstSeq - 1;
      log.warning(`nats output: spool ${this.dir}: no usable cursor; sending again from the oldest segment`);
    }
    // Segments before the head were acknowledged; a crash came between the cursor and their deletion.
    for (const s of this.segments.splice(0, headIndex)) unlinkSync(s.path);
    const last = this.segments[this.segments.length - 1];
    if (last !== undefined) {
      const lastSeq = this.scanLast(last);
      this.nextSeq = Math.max(lastSeq + 1, this.acked + 1);
      this.writeFd = openSync(last.path, 'a');
    } else this.nextSeq = this.acked + 1;
    for (const s of this.segments) this.totalSize += s.size;
    this.readSeq = this.acked + 1;
    if (this.segments.length > 0) this.reader = { seg: this.segments[0], offset: headOffset };
  }

  /**
   * The last good record's sequence number in `seg`. A torn tail (a record that runs past the end of the file: a
   * write cut short by a crash) is cut off. A damaged record with good ones after it is left for the reader to
   * skip and count; new records then go to a new segment, so none is ever written after damage.
   */
  private scanLast(seg: Segment): number {
    const buf = seg.size === 0 ? Buffer.alloc(0) : readFileSync(seg.path);
    let at = 0;
    let lastSeq = seg.firstSeq - 1;
    while (at < buf.length) {
      const r = readRecord(buf, at, buf.length);
      if (r.kind === 'record' && r.seq === lastSeq + 1) {
        lastSeq = r.seq;
        at += r.size;
        continue;
      }
      const found = r.kind === 'short' ? -1 : findRecord(buf, at + 1, buf.length, lastSeq + 2, Number.MAX_SAFE_INTEGER);
      if (found >= 0) {
        this.rollBeforeAppend = true;
        at = found;
        lastSeq = getSeq(buf, found) - 1;
        continue;
      }
      log.warning(
        `nats output: spool ${seg.path}: byte ${at}: ${r.kind === 'short' ? 'torn record' : r.kind === 'bad' ? r.reason : 'out-of-sequence record'}; cutting off the last ${buf.length - at} bytes (a write interrupted by a crash)`,
      );
      const fd = openSync(seg.path, 'r+');
      try {
        ftruncateSync(fd, at);
      } finally {
        closeSync(fd);
      }
      seg.size = at;
      break;
    }
    return lastSeq;
  }

  private setFsyncInterval(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.limits.fsyncIntervalMs <= 0) return;
    this.timer = setInterval(() => this.backgroundSync(), this.limits.fsyncIntervalMs);
    this.timer.unref();
  }

  private backgroundSync(): void {
    if (!this.dirty || this.syncing || this.writeFd < 0) return;
    this.dirty = false;
    this.syncing = true;
    fdatasync(this.writeFd, (err) => {
      if (err !== null) log.error(`nats output: spool ${this.dir}: fdatasync: ${err.message}`);
      fdatasync(this.cursorFd, () => {
        this.syncing = false;
        for (const fd of this.deferredClose.splice(0)) closeSync(fd);
      });
    });
  }

  // An fd in the middle of a background fdatasync is closed after it (its number must not be reused before).
  private closeFd(fd: number): void {
    if (this.syncing) this.deferredClose.push(fd);
    else closeSync(fd);
  }
}

function readAt(path: string, offset: number, len: number): Buffer {
  const buf = Buffer.allocUnsafe(len);
  const fd = openSync(path, 'r');
  try {
    let got = 0;
    while (got < len) {
      const n = readSync(fd, buf, got, len - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return got === len ? buf : buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function readCursor(path: string): ReturnType<typeof decodeCursor> {
  try {
    return decodeCursor(readFileSync(path));
  } catch {
    return undefined;
  }
}

function readOrMakeId(path: string, fresh: boolean): string {
  if (!fresh) {
    try {
      const id = readFileSync(path, 'utf8').trim();
      if (/^[0-9a-f]{16}$/.test(id)) return id;
    } catch {
      // made below
    }
  }
  // A new spool (or one whose records and cursor are gone) gets a new id, so no sequence number is ever reused
  // under the same id: the stream would take a reused id for a duplicate and drop the alert.
  // node:crypto is loaded by the runs that spool alerts, not by every start.
  const id = process.getBuiltinModule('node:crypto').randomBytes(8).toString('hex');
  writeFileSync(path, `${id}\n`, { mode: 0o600 });
  return id;
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // a directory that cannot be synced only widens the power-loss window
  }
}

/** One process per spool: a lock file holding the owner's pid; a lock whose process is gone is taken over. */
function takeLock(path: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number.parseInt(readFileSafe(path), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new Error(`the spool ${path.slice(0, -'/lock'.length)} is in use by process ${pid}`);
    }
    rmLock(path);
  }
  throw new Error(`cannot lock ${path}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function rmLock(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
