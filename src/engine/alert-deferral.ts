// "No <NA> for a container that exists": work about a container whose metadata the runtime has not delivered
// yet — an alert to render, or rules whose conditions read that metadata — waits a short, bounded time for it,
// instead of printing <NA> for container.name and container.image (or missing a match on container.privileged).
//
// Only that work waits, never the event pipeline. The detector snapshots what the event knows now (its field
// values, src/engine/field-snapshot.ts) and hands this module a task that finishes the job later from the
// snapshot and the store. The task runs when the container's metadata settles (the runtime answered, or nothing
// can answer) or when the wait runs out, whichever comes first.
//
// Guarantees:
// - bounded wait: nothing is held longer than `waitMs` (container_engines.metadata_wait_ms, at most 30 s);
// - bounded memory: at most `maxHeld` items wait; beyond that work goes at once (and is counted);
// - order: alerts about one container come out in the order their events happened (later work queues behind
//   earlier held work); alerts about different containers or the host are never held up by each other;
// - nothing is lost: `flush()` (end of a replay, shutdown) runs every held task with what is known.
import type { Alert } from '../outputs/alert.ts';
import type { ContainerStore } from '../state/containers/store.ts';

export interface DeferralOptions {
  readonly store: ContainerStore;
  /** container_engines.metadata_wait_ms. 0 disables waiting. */
  readonly waitMs: number;
  /** Most alerts held at once. */
  readonly maxHeld?: number;
  readonly emit: (alert: Alert) => void;
  /** Timer functions, replaceable in tests. */
  readonly setTimer?: (cb: () => void, ms: number) => unknown;
  readonly clearTimer?: (t: unknown) => void;
}

export interface DeferralStats {
  /** Alerts (or rule evaluations) held back: waiting for metadata, or behind earlier ones of the same container. */
  readonly waited: number;
  /** Of those, completed because the metadata arrived. */
  readonly completed: number;
  /** Of those, completed because the wait ran out (or the runtime could not describe the container). */
  readonly timedOut: number;
  /** Work that should have waited but went at once because maxHeld items were already waiting. */
  readonly overflowed: number;
  /** Held now. */
  readonly held: number;
}

/** Held work: evaluates or renders, then emits whatever alerts result (none, one or more). */
export type HeldTask = (emit: (alert: Alert) => void) => void;

interface Queue {
  readonly tasks: HeldTask[];
  timer: unknown;
  cancel: { cancel(): void };
}

export class AlertDeferral {
  private readonly store: ContainerStore;
  private readonly waitMs: number;
  private readonly maxHeld: number;
  private readonly emit: (alert: Alert) => void;
  private readonly setTimer: (cb: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;
  private readonly queues = new Map<string, Queue>();
  private held = 0;
  private waited = 0;
  private completed = 0;
  private timedOut = 0;
  private overflowed = 0;

  constructor(opts: DeferralOptions) {
    this.store = opts.store;
    this.waitMs = opts.waitMs;
    this.maxHeld = opts.maxHeld ?? 10_000;
    this.emit = opts.emit;
    this.setTimer = opts.setTimer ?? ((cb, ms) => setTimeout(cb, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  /**
   * Whether an alert about this container must be held: an earlier one is waiting (order), or the alert uses
   * runtime metadata (`needsMetadata`, see isRuntimeMetadataField) that is still pending. `containerId` is the
   * event thread's container.id, undefined for the host or an unknown thread. When this answers true the caller
   * snapshots the alert and calls `hold`; otherwise it emits the alert itself, at once.
   */
  wouldHold(containerId: string | undefined, needsMetadata: boolean): boolean {
    if (containerId === undefined) return false;
    if (this.held === 0 && this.store.pendingCount === 0) return false; // the usual case: one comparison
    const waiting = this.queues.has(containerId);
    if (!waiting && (!needsMetadata || this.waitMs === 0 || !this.store.isPending(containerId))) return false;
    if (this.held >= this.maxHeld) {
      this.overflowed++;
      // keep order: what waits for this container goes out before the alert the caller now emits
      const q = this.queues.get(containerId);
      if (q !== undefined) this.release(containerId, q, 'timeout');
      return false;
    }
    return true;
  }

  /**
   * Holds work about a container (after wouldHold answered true): a snapshotted alert to render, or rules to
   * evaluate once the metadata is there. `task` runs exactly once, when the container's turn comes.
   */
  hold(containerId: string, task: HeldTask): void {
    this.held++;
    this.waited++;
    const queue = this.queues.get(containerId);
    if (queue !== undefined) {
      queue.tasks.push(task);
      return;
    }
    const q: Queue = { tasks: [task], timer: undefined, cancel: { cancel() {} } };
    this.queues.set(containerId, q);
    q.timer = this.setTimer(() => this.release(containerId, q, 'timeout'), this.waitMs);
    q.cancel = this.store.whenSettled(containerId, () => this.release(containerId, q, 'settled'));
  }

  /** wouldHold and hold, or emit, in one call (for callers whose `build` stays valid). */
  submit(containerId: string | undefined, needsMetadata: boolean, build: () => Alert): void {
    if (containerId !== undefined && this.wouldHold(containerId, needsMetadata))
      this.hold(containerId, (emit) => emit(build()));
    else this.emit(build());
  }

  /** Whether any container has held work (a cheap check for the per-event path). */
  get holding(): boolean {
    return this.held > 0;
  }

  /** Emits every held alert now, with whatever metadata is known. */
  flush(): void {
    for (const [id, q] of [...this.queues]) this.release(id, q, 'timeout');
  }

  stats(): DeferralStats {
    return {
      waited: this.waited,
      completed: this.completed,
      timedOut: this.timedOut,
      overflowed: this.overflowed,
      held: this.held,
    };
  }

  private release(containerId: string, q: Queue, why: 'settled' | 'timeout'): void {
    if (this.queues.get(containerId) !== q) return; // already released
    this.queues.delete(containerId);
    this.clearTimer(q.timer);
    q.cancel.cancel();
    const known = this.store.state(containerId) === 'known';
    for (const task of q.tasks) {
      this.held--;
      if (why === 'settled' && known) this.completed++;
      else this.timedOut++;
      task(this.emit);
    }
  }
}
