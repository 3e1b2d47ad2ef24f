// One output channel and the worker that feeds it from its own bounded queue.
//
// The detector never waits for a channel: `offer` only appends to the queue (or counts a drop when the queue is
// full) and schedules the worker. The worker delivers in order, in batches where the channel allows it. A
// transient failure (receiver down, timeout, 5xx, broken pipe) keeps the alert at the head of the queue and
// retries with exponential backoff for as long as the channel stays down; the queue bound is what limits the
// loss, and every alert beyond it is counted. A permanent failure (the receiver refuses this alert, e.g. HTTP
// 400) drops that alert, counted. Nothing is dropped without a count.
//
// A channel acknowledges alerts one by one as its receiver takes them (`ack`), not per batch: an alert leaves the
// queue and counts as delivered the moment it is acknowledged, so shutdown sees progress per request, and what
// is still queued when the runner gives up is exactly what was never acknowledged.
import { type ChannelStats, DROP_REASONS, type DropReason } from '../metrics/metrics.ts';
import type { AlertQueue, QueuedAlert } from './queue.ts';

export { type ChannelStats, DROP_REASONS, type DropReason } from '../metrics/metrics.ts';

/** Alerts dropped for any reason. */
export function droppedTotal(d: Readonly<Record<DropReason, number>>): number {
  let n = 0;
  for (const r of DROP_REASONS) n += d[r];
  return n;
}

/** Thrown (or rejected) by a channel's deliver. */
export class DeliveryError extends Error {
  /** True when retrying the same alert cannot succeed (the receiver rejected it). */
  readonly permanent: boolean;
  /** How many alerts at the head of the batch were delivered before the failure. */
  readonly done: number;
  /** For a permanent failure: the reason the refused alert is counted under (default `rejected`). */
  readonly reason: DropReason;
  constructor(message: string, permanent = false, done = 0, reason: DropReason = 'rejected') {
    super(message);
    this.permanent = permanent;
    this.done = done;
    this.reason = reason;
  }
}

export interface Channel {
  /** `stdout`, `file`, `syslog`, `program` or `http`: the falco.yaml block without `_output`. */
  readonly name: string;
  /** Most alerts one deliver call takes. 1 when each alert is its own request or process. */
  readonly batchMax: number;
  /**
   * Delivers the alerts in order. Resolves when they are written; rejects with a DeliveryError. A channel whose
   * receiver takes alerts one at a time calls `ack(n)` as each prefix of the batch is taken (at most
   * batch.length in total); what it did not ack is counted delivered when the promise resolves.
   */
  deliver(batch: readonly QueuedAlert[], signal: AbortSignal, ack: (n: number) => void): Promise<void>;
  /**
   * The channel's own queue (the NATS output's on-disk spool); without one the runner gets an in-memory
   * BoundedQueue of `outputs_queue.capacity`.
   */
  readonly queue?: AlertQueue;
  /**
   * Alerts the channel itself lost after the runner handed them over, by reason (the NATS spool: damaged records,
   * writes the disk refused); /metrics adds them to the channel's drops.
   */
  lost?(): Readonly<Record<string, number>>;
  /** SIGUSR1: close and reopen files, respawn programs. */
  reopen?(): Promise<void>;
  /**
   * A problem known before the first alert (the file's directory does not exist): one line that start-up shows,
   * so nobody learns of it from the first lost alert. Undefined when delivery can be attempted.
   */
  preflight?(): string | undefined;
  close(): Promise<void>;
}

/** What a runner tells its owner about; the owner turns these into logs and internal alerts. */
export interface ChannelEvents {
  down(channel: string, error: string): void;
  recovered(channel: string, retries: number, downMs: number): void;
  dropped(channel: string, reason: DropReason, count: number, error?: string): void;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export class ChannelRunner {
  readonly channel: Channel;
  private readonly queue: AlertQueue;
  private readonly events: ChannelEvents;
  private readonly backoff: BackoffPolicy;
  private running = false;
  private scheduled = false;
  private closed = false;
  private downSince = 0;
  private downRetries = 0;
  private abort = new AbortController();
  private wakeBackoff: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];
  delivered = 0;
  retries = 0;
  offered = 0;
  offeredInternal = 0;
  readonly dropped: Record<DropReason, number> = { queue_full: 0, rejected: 0, program_exited: 0, shutdown: 0 };
  /** Alerts of the batch in flight already acknowledged (and removed from the queue). */
  private acked = 0;
  private readonly ack = (n: number): void => {
    // After close() the queue was cleared and its alerts counted lost: a late acknowledgement changes nothing.
    if (this.closed || n <= 0) return;
    this.queue.drop(n);
    this.delivered += n;
    this.acked += n;
  };

  constructor(channel: Channel, queue: AlertQueue, events: ChannelEvents, backoff: BackoffPolicy) {
    this.channel = channel;
    this.queue = queue;
    this.events = events;
    this.backoff = backoff;
  }

  /** Never blocks, never throws. Returns false when the alert was dropped (and counted). */
  offer(item: QueuedAlert): boolean {
    this.offered++;
    // outputs.ts INTERNAL_SOURCE: "Falco internal: …" alerts about the outputs, the drops, reloads.
    if (item.alert.source === 'internal') this.offeredInternal++;
    if (this.closed) {
      this.dropped.shutdown++;
      this.events.dropped(this.channel.name, 'shutdown', 1);
      return false;
    }
    if (!this.queue.push(item)) {
      this.dropped.queue_full++;
      this.events.dropped(this.channel.name, 'queue_full', 1);
      return false;
    }
    if (!this.running && !this.scheduled) {
      this.scheduled = true;
      // Deliver after the current synchronous stretch of detection: alerts raised together go out together.
      queueMicrotask(() => {
        this.scheduled = false;
        void this.drain();
      });
    }
    return true;
  }

  get depth(): number {
    return this.queue.length;
  }

  get isDown(): boolean {
    return this.downSince !== 0;
  }

  stats(): ChannelStats {
    return {
      name: this.channel.name,
      offered: this.offered,
      offeredInternal: this.offeredInternal,
      capacity: this.queue.capacity,
      depth: this.queue.length,
      delivered: this.delivered,
      retries: this.retries,
      dropped: { ...this.dropped },
      down: this.isDown,
      ...(this.channel.lost === undefined ? {} : { lost: this.channel.lost() }),
    };
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.abort.signal.aborted) {
        const batch = this.queue.peek(this.channel.batchMax);
        this.acked = 0;
        try {
          await this.channel.deliver(batch, this.abort.signal, this.ack);
          this.ack(batch.length - this.acked);
          this.upAgain();
        } catch (err) {
          if (this.abort.signal.aborted) break;
          const message = err instanceof Error ? err.message : String(err);
          if (err instanceof DeliveryError && err.done > this.acked) this.ack(err.done - this.acked);
          if (this.acked > 0) this.upAgain();
          if (err instanceof DeliveryError && err.permanent) {
            // Only the head alert is refused; the rest of the batch is retried on the next turn.
            this.queue.drop(1);
            this.dropped[err.reason]++;
            this.events.dropped(this.channel.name, err.reason, 1, message);
            continue;
          }
          this.retries++;
          // The receiver took part of the batch before failing (a program that exited mid-batch, a webhook
          // restarted between two requests): it works, so the rest goes again at once, without backoff. Only a
          // receiver that takes nothing is down.
          if (this.acked > 0) continue;
          if (this.downSince === 0) {
            this.downSince = Date.now();
            this.events.down(this.channel.name, message);
          }
          this.downRetries++;
          await this.sleep(
            Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.min(this.downRetries - 1, 20)),
          );
        }
      }
    } finally {
      this.running = false;
      if (this.queue.length === 0 || this.abort.signal.aborted) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
    }
  }

  /** After a delivery: a channel that was down is up again. */
  private upAgain(): void {
    if (this.downSince === 0) return;
    this.events.recovered(this.channel.name, this.downRetries, Date.now() - this.downSince);
    this.downSince = 0;
    this.downRetries = 0;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wakeBackoff = undefined;
        resolve();
      }, ms);
      this.wakeBackoff = () => {
        clearTimeout(t);
        this.wakeBackoff = undefined;
        resolve();
      };
    });
  }

  /** Retry now instead of waiting out the backoff (used by flush and reopen). */
  nudge(): void {
    this.wakeBackoff?.();
    if (!this.running && this.queue.length > 0) void this.drain();
  }

  /** Resolves when the queue is empty (true), or the deadline passed or `stop` aborted first (false). */
  idle(deadline: number, stop?: AbortSignal): Promise<boolean> {
    if (this.queue.length === 0 && !this.running) return Promise.resolve(true);
    if (stop?.aborted) return Promise.resolve(false);
    this.nudge();
    return new Promise((resolve) => {
      stop?.addEventListener('abort', () => resolve(false), { once: true });
      // No timer for an infinite deadline (waitForRoom): setTimeout clamps Infinity to 1 ms, which resolved the
      // wait at once (no backpressure) and printed a TimeoutOverflowWarning each time.
      const timer = Number.isFinite(deadline)
        ? setTimeout(() => resolve(this.queue.length === 0), Math.max(0, deadline - Date.now()))
        : undefined;
      this.idleWaiters.push(() => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(this.queue.length === 0);
      });
    });
  }

  async reopen(): Promise<void> {
    await this.channel.reopen?.();
    this.nudge();
  }

  /**
   * Stops the worker: what is still queued is counted as dropped for shutdown. Call after `idle` so the
   * queue had its chance to drain.
   */
  async close(): Promise<number> {
    this.closed = true;
    this.abort.abort();
    this.wakeBackoff?.();
    const lost = this.queue.clear();
    if (lost > 0) {
      this.dropped.shutdown += lost;
      this.events.dropped(this.channel.name, 'shutdown', lost);
    }
    try {
      await this.channel.close();
    } catch {
      // closing a broken channel has nothing left to report
    }
    return lost;
  }
}
