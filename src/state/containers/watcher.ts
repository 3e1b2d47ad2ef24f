// What every runtime watcher does for the store (Docker/Podman: runtime-watcher.ts; containerd's own API:
// containerd-watcher.ts; the CRI API: cri-watcher.ts), and the event-stream loop they share.
//
// The contract: `start()` opens the runtime's event stream, then lists the running containers into the store,
// and resolves when that listing is done or failed (each request bounded by its deadline); from then on the
// stream is followed, reconnecting with backoff, and `lookup` describes a container a thread names first.
// Nothing here runs on the event path and nothing throws: failures are values and log lines.
import type { ContainerType } from './cgroup-id.ts';
import type { Result, StreamEnd } from './result.ts';

export type Log = (severity: 'error' | 'warning' | 'info' | 'debug', msg: string) => void;

/** `found`: the store has it now; `not-found`: this runtime does not know it; `unavailable`: it did not answer. */
export type LookupAnswer = 'found' | 'not-found' | 'unavailable';

export interface WatcherStats {
  readonly connected: boolean;
  readonly reconnects: number;
  /** Containers described (listing, events and lookups). */
  readonly inspects: number;
  readonly inspectFailures: number;
  /** Container events received. */
  readonly events: number;
}

export interface ContainerWatcher {
  /** The container.type of what this runtime describes (`cri` until a CRI runtime has said its name). */
  readonly type: ContainerType;
  readonly socketPath: string;
  readonly isConnected: boolean;
  start(): Promise<Result<number>>;
  stop(): Promise<void>;
  lookup(fullId: string): Promise<LookupAnswer>;
  stats(): WatcherStats;
}

export interface FollowOptions {
  /** `container_engines.containerd (/run/containerd/containerd.sock)`: how log lines name the stream. */
  readonly name: string;
  readonly log: Log;
  readonly signal: AbortSignal;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Opens the stream once: calls `onOpen` when it is up, resolves when it ends. */
  open(onOpen: () => void): Promise<StreamEnd & { readonly unimplemented?: boolean }>;
  /** The stream is up again after having been down: catch up on what happened meanwhile. */
  onReconnect(): void;
}

/**
 * Follows an event stream until `signal` aborts: reconnects with exponential backoff, logs the first failure of
 * each outage (not every retry), and tells when the first attempt has opened or failed (`firstAttempt`). A
 * runtime that does not implement the stream (`unimplemented`) ends the loop: `unimplemented` is then true.
 */
export class EventFollower {
  connected = false;
  reconnects = 0;
  unimplemented = false;
  readonly firstAttempt: Promise<void>;
  private resolveFirst: () => void = () => {};
  private readonly opts: FollowOptions;

  constructor(opts: FollowOptions) {
    this.opts = opts;
    this.firstAttempt = new Promise((resolve) => {
      this.resolveFirst = resolve;
    });
  }

  async run(): Promise<void> {
    const o = this.opts;
    let backoff = o.minBackoffMs;
    let firstConnect = true;
    while (!o.signal.aborted) {
      const end = await o.open(() => {
        this.connected = true;
        backoff = o.minBackoffMs;
        if (!firstConnect) {
          this.reconnects++;
          o.log('info', `${o.name}: event stream reconnected`);
          o.onReconnect();
        }
        firstConnect = false;
        this.resolveFirst();
      });
      const wasConnected = this.connected;
      this.connected = false;
      if (end.reason === 'aborted') break;
      if (end.unimplemented === true) {
        this.unimplemented = true;
        o.log('info', `${o.name}: the runtime has no container event stream (${end.error})`);
        break;
      }
      if (wasConnected || firstConnect) {
        o.log('warning', `${o.name}: ${end.error}; reconnecting with backoff`);
        firstConnect = false;
      }
      this.resolveFirst();
      await sleep(backoff, o.signal);
      backoff = Math.min(backoff * 2, o.maxBackoffMs);
    }
    this.resolveFirst();
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** De-duplicates concurrent requests for the same key: one in flight per key, every caller gets its answer. */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, f: () => Promise<T>): Promise<T> {
    const hit = this.running.get(key);
    if (hit !== undefined) return hit;
    const p = f().finally(() => this.running.delete(key));
    this.running.set(key, p);
    return p;
  }
}
