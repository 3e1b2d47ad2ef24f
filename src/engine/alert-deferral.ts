// "No <NA> for a container that exists": an alert about a process in a container whose metadata the runtime
// has not delivered yet waits — a short, bounded time — for it, instead of printing <NA> for container.name,
// container.image and the rest.
//
// Only the alert waits, never the event pipeline. When a rule matches, the engine captures everything the
// alert needs from the event *now* (every output field that does not come from the runtime's metadata) and
// hands this module a `build` function that completes the alert later from the store. The module emits it at
// once when nothing is missing, otherwise when the container's metadata settles (the runtime answered, or
// nothing can answer) or when the wait runs out, whichever comes first.
//
// Guarantees:
// - bounded wait: no alert is held longer than `waitMs` (container_engines.metadata_wait_ms, at most 30 s);
// - bounded memory: at most `maxHeld` alerts wait; beyond that an alert is emitted at once (and counted);
// - order: alerts about one container come out in the order their events happened (a later alert queues
//   behind an earlier waiting one); alerts about different containers or the host are never held up by each
//   other;
// - nothing is lost: `flush()` (end of a replay, shutdown) emits every held alert with what is known.
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
  /** Alerts held back: waiting for metadata, or queued behind an earlier alert about the same container. */
  readonly waited: number;
  /** Of those, emitted because the metadata arrived. */
  readonly completed: number;
  /** Of those, emitted because the wait ran out (or the runtime could not describe the container). */
  readonly timedOut: number;
  /** Alerts that should have waited but were emitted at once because maxHeld alerts were already waiting. */
  readonly overflowed: number;
  /** Alerts waiting now. */
  readonly held: number;
}

interface Queue {
  readonly builds: (() => Alert)[];
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

  /** Holds an alert (after wouldHold answered true). `build` is called exactly once, when it is emitted. */
  hold(containerId: string, build: () => Alert): void {
    this.held++;
    this.waited++;
    const queue = this.queues.get(containerId);
    if (queue !== undefined) {
      queue.builds.push(build);
      return;
    }
    const q: Queue = { builds: [build], timer: undefined, cancel: { cancel() {} } };
    this.queues.set(containerId, q);
    q.timer = this.setTimer(() => this.release(containerId, q, 'timeout'), this.waitMs);
    q.cancel = this.store.whenSettled(containerId, () => this.release(containerId, q, 'settled'));
  }

  /** wouldHold and hold, or emit, in one call (for callers whose `build` stays valid). */
  submit(containerId: string | undefined, needsMetadata: boolean, build: () => Alert): void {
    if (containerId !== undefined && this.wouldHold(containerId, needsMetadata)) this.hold(containerId, build);
    else this.emit(build());
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
    for (const build of q.builds) {
      this.held--;
      if (why === 'settled' && known) this.completed++;
      else this.timedOut++;
      this.emit(build());
    }
  }
}
