// The container metadata store: what Peregrine knows about each container, keyed by container.id (12
// characters), and whether more is on its way.
//
// Every read is a Map lookup (the extractors call `get` per event). Writes come from the runtime watchers
// (startup listing, the event stream, on-demand lookups) and from container-json meta events in a replay.
// A container moves through three states:
//   pending   its threads are seen but its runtime has not answered yet: an alert may wait for it
//   known     the runtime described it (or a capture did)
//   failed    no runtime can describe it (no API for its engine, runtime down, or "not found"): nothing to wait for
// The store never waits itself; `whenSettled` lets the alert path (src/engine/) wait with its own deadline.
import type { CgroupContainer } from './cgroup-id.ts';
import { type ContainerInfo, partialInfo, type RuntimeType } from './model.ts';

export type ContainerState = 'pending' | 'known' | 'failed';

/** Asks runtimes about a container the store has not heard of; answers by calling the store back. */
export interface MetadataResolver {
  /** Starts a lookup; must not block and must settle (set or fail) the container within its own deadline. */
  lookup(c: CgroupContainer, store: ContainerStore): void;
}

interface Entry {
  info: ContainerInfo;
  state: ContainerState;
  waiters: (() => void)[] | null;
  /** Set when the runtime said the container is gone: removed after a grace period so late events resolve. */
  removeAt: number;
}

export interface StoreStats {
  readonly known: number;
  readonly pending: number;
  readonly failed: number;
  /** Lookups started because a thread's container was not known. */
  readonly lookups: number;
}

/**
 * Bound on the containers kept, so a hostile capture or a churning host cannot grow the store without limit (a
 * busy Kubernetes node runs a few hundred).
 */
export const MAX_CONTAINERS = 2048;

/** How long a destroyed container's metadata stays: events of its last processes can trail its removal. */
const REMOVE_GRACE_MS = 30_000;

export class ContainerStore {
  private readonly entries = new Map<string, Entry>();
  private resolver: MetadataResolver | undefined;
  private lookups = 0;
  /** Containers in the pending state now: lets the per-event path skip its lookup when there are none. */
  pendingCount = 0;
  /** Containers not tracked because the store was full (MAX_CONTAINERS): their alerts show id and type only. */
  dropped = 0;
  /**
   * Bumped by every change of a record or of the set of records (what container.* and k8s.* fields read): part of
   * SystemState.epoch. Not by a notice of a container already known with nothing new, the per-exec case.
   */
  changes = 0;
  private readonly now: () => number;
  private readonly listeners = new Set<(info: ContainerInfo) => void>();

  constructor(opts: { resolver?: MetadataResolver; now?: () => number } = {}) {
    this.resolver = opts.resolver;
    this.now = opts.now ?? Date.now;
  }

  setResolver(resolver: MetadataResolver | undefined): void {
    this.resolver = resolver;
  }

  /** The container's record (possibly partial), or undefined when no thread or runtime has named it. */
  get(id: string): ContainerInfo | undefined {
    return this.entries.get(shortId(id))?.info;
  }

  state(id: string): ContainerState | undefined {
    return this.entries.get(shortId(id))?.state;
  }

  /** True while metadata for the container may still arrive. */
  isPending(id: string): boolean {
    return this.entries.get(shortId(id))?.state === 'pending';
  }

  /**
   * A thread of this container was seen. Unknown containers get a partial record at once (so container.id and
   * container.type extract) and a lookup; known ones cost one Map lookup.
   */
  notice(c: CgroupContainer): void {
    const e = this.entries.get(c.id);
    if (e !== undefined) {
      if (e.removeAt !== 0) e.removeAt = 0; // seen alive again (a restarted container keeps its id)
      // old captures' container-json events carry only the 12-character id; the cgroup has the full one
      if (e.info.fullId.length < c.fullId.length && c.fullId.startsWith(e.info.fullId)) {
        e.info = { ...e.info, fullId: c.fullId };
        this.changes++;
      }
      return;
    }
    this.changes++;
    if (this.entries.size >= MAX_CONTAINERS) {
      this.dropped++;
      return;
    }
    const entry: Entry = { info: partialInfo(c.type, c.fullId, c.id), state: 'pending', waiters: null, removeAt: 0 };
    this.entries.set(c.id, entry);
    if (this.resolver === undefined) {
      entry.state = 'failed';
      return;
    }
    this.pendingCount++;
    this.lookups++;
    this.resolver.lookup(c, this);
  }

  /** The runtime (or a capture) described a container. A partial record never replaces a full one. */
  set(info: ContainerInfo): void {
    this.changes++;
    const e = this.entries.get(info.id);
    if (e === undefined) {
      if (this.entries.size >= MAX_CONTAINERS) {
        this.dropped++;
        return;
      }
      this.entries.set(info.id, { info, state: info.partial ? 'failed' : 'known', waiters: null, removeAt: 0 });
    } else {
      if (info.partial && !e.info.partial) return;
      e.info = info;
      e.removeAt = 0;
      if (!info.partial) this.settle(e, 'known');
    }
    for (const l of this.listeners) l(info);
  }

  /**
   * Calls `cb` with every record set from now on (a capture writer turns them into container-json events; tests
   * wait on them). Returns the function that stops the calls.
   */
  subscribe(cb: (info: ContainerInfo) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** No runtime can describe this container (now): alerts about it stop waiting. */
  fail(id: string, type?: RuntimeType): void {
    const e = this.entries.get(shortId(id));
    if (e === undefined) return;
    this.changes++;
    if (type !== undefined && e.info.partial && e.info.type !== type) e.info = { ...e.info, type };
    if (e.state === 'pending') this.settle(e, 'failed');
  }

  /** Marks a container for removal; it goes after a grace period unless it is seen again. */
  remove(id: string): void {
    const e = this.entries.get(shortId(id));
    if (e !== undefined) e.removeAt = this.now() + REMOVE_GRACE_MS;
    this.changes++;
    this.sweep();
  }

  /**
   * Calls `cb` once the container's metadata is settled (known or failed): at once if it already is. The caller
   * bounds the wait; `cancel` drops the callback when the caller stops waiting first.
   */
  whenSettled(id: string, cb: () => void): { cancel(): void } {
    const e = this.entries.get(shortId(id));
    if (e === undefined || e.state !== 'pending') {
      cb();
      return { cancel() {} };
    }
    if (e.waiters === null) e.waiters = [];
    e.waiters.push(cb);
    return {
      cancel() {
        if (e.waiters === null) return;
        const i = e.waiters.indexOf(cb);
        if (i >= 0) e.waiters.splice(i, 1);
      },
    };
  }

  /** Every record, for listing and for dumping state into a capture. */
  *all(): IterableIterator<ContainerInfo> {
    for (const e of this.entries.values()) yield e.info;
  }

  /** Forgets every container (a concatenated capture starts over); waiters are released. */
  clear(): void {
    for (const e of this.entries.values()) if (e.state === 'pending') this.settle(e, 'failed');
    this.entries.clear();
    this.pendingCount = 0;
    this.changes++;
  }

  stats(): StoreStats {
    let known = 0;
    let pending = 0;
    let failed = 0;
    for (const e of this.entries.values()) {
      if (e.state === 'known') known++;
      else if (e.state === 'pending') pending++;
      else failed++;
    }
    return { known, pending, failed, lookups: this.lookups };
  }

  private settle(e: Entry, state: ContainerState): void {
    if (e.state === 'pending') this.pendingCount--;
    e.state = state;
    const waiters = e.waiters;
    e.waiters = null;
    if (waiters !== null) for (const w of waiters) w();
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, e] of this.entries) {
      if (e.removeAt !== 0 && e.removeAt <= t) {
        this.changes++;
        this.entries.delete(id);
        if (e.state === 'pending') this.settle(e, 'failed');
      }
    }
  }
}

function shortId(id: string): string {
  return id.length === 64 ? id.slice(0, 12).toLowerCase() : id;
}
