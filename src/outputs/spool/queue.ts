// The spool as a ChannelRunner's queue (src/outputs/queue.ts AlertQueue): the runner's retry, backoff, drop
// counting and "channel down" reports work on it unchanged, and its queue bound is the spool's.
//
// One Spool per directory per process, shared by every queue opened on it: a reload builds new outputs (a new
// runner, a new view) while the old ones still deliver what they hold. Both may then publish the same head
// records; an acknowledgement from either moves the one shared cursor, and the alerts' message ids make the
// duplicate publish harmless. Alerts stay in the order of the log: each view publishes in order, so the first
// copy of each alert to arrive comes after the first copy of the one before it.
import { resolve } from 'node:path';
import type { Alert } from '../alert.ts';
import type { AlertQueue, QueuedAlert } from '../queue.ts';
import { Spool, type SpoolEntry, type SpoolLimits, type SpoolStats } from './spool.ts';

/** How a queue turns alerts into records and back (records read from disk after a restart). */
export interface SpoolCodec {
  encode(item: QueuedAlert): Buffer;
  decode(payload: Buffer): { alert: Alert; severity: number };
}

/** A spooled alert: the queued alert plus its record, sequence number and stable id. */
export class SpooledAlert implements QueuedAlert {
  readonly seq: number;
  /** Unique to the alert and the same on every retry and after a restart: the spool's id and the sequence. */
  readonly id: string;
  /** The record: what is published. */
  readonly payload: Buffer;
  private readonly item: QueuedAlert | undefined;
  private readonly codec: SpoolCodec;
  private decoded: { alert: Alert; severity: number } | undefined;

  constructor(spoolId: string, entry: SpoolEntry, codec: SpoolCodec) {
    this.seq = entry.seq;
    this.id = `${spoolId}-${entry.seq}`;
    this.payload = entry.payload;
    this.item = entry.item;
    this.codec = codec;
  }

  get line(): string {
    return this.item?.line ?? this.payload.toString('utf8');
  }

  get alert(): Alert {
    return this.item?.alert ?? this.fromRecord().alert;
  }

  get severity(): number {
    return this.item?.severity ?? this.fromRecord().severity;
  }

  private fromRecord(): { alert: Alert; severity: number } {
    this.decoded ??= this.codec.decode(this.payload);
    return this.decoded;
  }
}

interface Shared {
  readonly spool: Spool;
  views: number;
}

const openSpools = new Map<string, Shared>();

export class SpoolQueue implements AlertQueue {
  private readonly shared: Shared;
  private readonly key: string;
  private readonly codec: SpoolCodec;
  private peeked: SpooledAlert[] = [];
  private droppedSincePeek = 0;
  private released = false;

  constructor(key: string, shared: Shared, codec: SpoolCodec) {
    this.key = key;
    this.shared = shared;
    this.codec = codec;
  }

  get spool(): Spool {
    return this.shared.spool;
  }

  get length(): number {
    return this.shared.spool.count;
  }

  /**
   * Alerts the spool holds at most: `max_alerts`, or fewer when the byte bound comes first at the current
   * average record size, so "more than half full" (a replay's backpressure) holds for either bound.
   */
  get capacity(): number {
    const s = this.shared.spool;
    const count = s.count;
    const bytes = s.bytes;
    if (count === 0 || bytes === 0) return s.limits.maxAlerts;
    return Math.max(1, Math.min(s.limits.maxAlerts, Math.floor((count * s.limits.maxBytes) / bytes)));
  }

  push(item: QueuedAlert): boolean {
    return this.shared.spool.append(this.codec.encode(item), item);
  }

  peek(n: number): SpooledAlert[] {
    const id = this.shared.spool.id;
    this.peeked = this.shared.spool.peek(n).map((e) => new SpooledAlert(id, e, this.codec));
    this.droppedSincePeek = 0;
    return this.peeked;
  }

  /** The first `n` not yet dropped of the last peek were delivered (or refused): acknowledge them. */
  drop(n: number): void {
    if (n <= 0) return;
    const last = this.peeked[Math.min(this.peeked.length, this.droppedSincePeek + n) - 1];
    this.droppedSincePeek += n;
    if (last !== undefined) this.shared.spool.ackThrough(last.seq);
  }

  /** Nothing is given up: what is spooled stays on disk for the next start. */
  clear(): number {
    return 0;
  }

  stats(): SpoolStats {
    return this.shared.spool.stats();
  }

  /** This view is done; the spool closes (synced, unlocked) with its last view. True when it closed. */
  release(): boolean {
    if (this.released) return false;
    this.released = true;
    this.shared.views--;
    if (this.shared.views > 0) return false;
    openSpools.delete(this.key);
    this.shared.spool.close();
    return true;
  }
}

/** A queue on the spool in `dir`, opened (or made) on first use. Throws an Error naming the directory. */
export function openSpoolQueue(dir: string, limits: SpoolLimits, codec: SpoolCodec): SpoolQueue {
  const key = resolve(dir);
  let shared = openSpools.get(key);
  if (shared === undefined) {
    shared = { spool: new Spool(key, limits), views: 0 };
    openSpools.set(key, shared);
  } else shared.spool.setLimits(limits);
  shared.views++;
  return new SpoolQueue(key, shared, codec);
}
