// A bounded FIFO of formatted alerts for one channel. A ring buffer: push and shift are O(1) and allocate
// nothing once the buffer has grown to its working size. A full queue refuses the push; the caller counts it.

import type { Alert } from './alert.ts';

export interface QueuedAlert {
  /** The formatted alert, without a trailing newline. */
  readonly line: string;
  /** Syslog severity of the alert's priority (0 Emergency … 7 Debug). */
  readonly severity: number;
  /**
   * The structured alert (internal alerts too, as source `internal`): for channels that keep or forward the
   * alert itself (the alert store, NATS) rather than the configured text/JSON line.
   */
  readonly alert: Alert;
}

/**
 * What a ChannelRunner queues into: the in-memory BoundedQueue below, or a channel's own durable queue (the NATS
 * output's on-disk spool, src/outputs/spool/). `clear` returns how many alerts it gave up: a durable queue keeps
 * them for the next start and returns 0.
 */
export interface AlertQueue {
  readonly length: number;
  readonly capacity: number;
  push(item: QueuedAlert): boolean;
  peek(n: number): QueuedAlert[];
  drop(n: number): void;
  clear(): number;
}

export class BoundedQueue implements AlertQueue {
  private buf: (QueuedAlert | undefined)[];
  private head = 0;
  private count = 0;
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.buf = new Array(Math.min(capacity, 1024));
  }

  get length(): number {
    return this.count;
  }

  /** Returns false, and keeps nothing, when the queue is full. */
  push(item: QueuedAlert): boolean {
    if (this.count >= this.capacity) return false;
    if (this.count === this.buf.length) this.grow();
    this.buf[(this.head + this.count) % this.buf.length] = item;
    this.count++;
    return true;
  }

  /** Up to `n` items from the head, without removing them. */
  peek(n: number): QueuedAlert[] {
    const out: QueuedAlert[] = [];
    const m = Math.min(n, this.count);
    for (let i = 0; i < m; i++) out.push(this.buf[(this.head + i) % this.buf.length] as QueuedAlert);
    return out;
  }

  /** Removes `n` items from the head. */
  drop(n: number): void {
    const m = Math.min(n, this.count);
    for (let i = 0; i < m; i++) {
      this.buf[this.head] = undefined;
      this.head = (this.head + 1) % this.buf.length;
    }
    this.count -= m;
  }

  clear(): number {
    const n = this.count;
    this.drop(n);
    return n;
  }

  private grow(): void {
    const size = Math.min(this.capacity, Math.max(16, this.buf.length * 2));
    const next: (QueuedAlert | undefined)[] = new Array(size);
    for (let i = 0; i < this.count; i++) next[i] = this.buf[(this.head + i) % this.buf.length];
    this.buf = next;
    this.head = 0;
  }
}
