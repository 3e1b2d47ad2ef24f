// The container runtimes Peregrine talks to, found from the settings, every socket below HOST_ROOT:
//   docker / podman   the Docker API (Podman through its Docker-compatible API)
//   cri               the CRI API (runtime.v1): containerd's CRI plugin, CRI-O
//   containerd        containerd's own API, every namespace (ctr, nerdctl; the CRI plugin's containers are
//                     handed to the CRI client of the same socket when one is connected)
// The store's resolver routes a lookup to the runtimes that can own a container of the type its cgroup names,
// in the order most likely to know it, until one does.
import { existsSync, globSync, realpathSync, statSync } from 'node:fs';
import type { CgroupContainer, ContainerType } from './cgroup-id.ts';
import { ContainerdClient } from './containerd-client.ts';
import { ContainerdWatcher } from './containerd-watcher.ts';
import { CriClient } from './cri-client.ts';
import { CriWatcher } from './cri-watcher.ts';
import { DockerClient } from './docker-client.ts';
import { RuntimeWatcher } from './runtime-watcher.ts';
import type { ContainerSettings } from './settings.ts';
import type { ContainerStore, MetadataResolver } from './store.ts';
import type { ContainerWatcher, Log, WatcherStats } from './watcher.ts';

export type RuntimeEngine = 'docker' | 'podman' | 'cri' | 'containerd';

export interface RuntimeSummary {
  readonly engine: RuntimeEngine;
  readonly socket: string;
  /** What Peregrine does with it. */
  readonly status: 'connected' | 'unreachable';
  /** The error when unreachable; for CRI, the runtime's name and version. */
  readonly detail: string;
  readonly containers: number;
}

/** One runtime's counters, for /metrics. */
export interface RuntimeStats extends WatcherStats {
  readonly engine: RuntimeEngine;
  readonly socket: string;
}

interface Entry {
  readonly engine: RuntimeEngine;
  readonly watcher: ContainerWatcher;
}

export class ContainerRuntimes implements MetadataResolver {
  private readonly entries: Entry[] = [];
  private readonly summaries: RuntimeSummary[] = [];
  private readonly settings: ContainerSettings;
  private readonly store: ContainerStore;
  private readonly log: Log;

  constructor(settings: ContainerSettings, store: ContainerStore, log: Log) {
    this.settings = settings;
    this.store = store;
    this.log = log;
  }

  /**
   * Connects to every runtime found and lists its running containers. Resolves when every first listing has
   * finished or failed; each is bounded by api_timeout_ms per request, so a dead runtime delays start-up by
   * at most a few of those. Registers itself as the store's resolver.
   */
  async start(): Promise<readonly RuntimeSummary[]> {
    const s = this.settings;
    const timeoutMs = s.apiTimeoutMs;
    const common = { store: this.store, labelMaxLen: s.labelMaxLen, log: this.log };
    const seen = new Set<string>();
    const fresh = (engine: RuntimeEngine, socket: string): boolean => {
      const key = `${engine === 'podman' ? 'docker' : engine}:${canonical(socket)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    const docker: Promise<void>[] = [];
    for (const [engine, on] of [
      ['docker', s.docker],
      ['podman', s.podman],
    ] as const) {
      if (!on.enabled) continue;
      for (const socket of expand(on.sockets, s.hostRoot)) {
        if (!fresh(engine, socket)) continue;
        const client = new DockerClient({ socketPath: socket, timeoutMs });
        docker.push(this.startOne(engine, socket, new RuntimeWatcher({ client, type: engine, ...common })));
      }
    }
    // CRI first: a containerd watcher hands the CRI plugin's containers to the CRI client of its socket, and
    // needs to know whether one answers there.
    const cri: CriWatcher[] = [];
    const containerdSockets = s.containerd.enabled ? expand(s.containerd.sockets, s.hostRoot) : [];
    const nativeCovers = new Set(containerdSockets.map(canonical));
    const criStarts: Promise<void>[] = [];
    if (s.cri.enabled) {
      for (const socket of expand(s.cri.sockets, s.hostRoot)) {
        if (!fresh('cri', socket)) continue;
        const w = new CriWatcher({
          client: new CriClient({ socketPath: socket, timeoutMs }),
          eventsElsewhere: nativeCovers.has(canonical(socket)),
          ...common,
        });
        cri.push(w);
        criStarts.push(this.startOne('cri', socket, w, () => w.runtime));
      }
    }
    await Promise.all(criStarts);
    const native: Promise<void>[] = [];
    for (const socket of containerdSockets) {
      if (!fresh('containerd', socket)) continue;
      const sameSocket = cri.find((w) => w.type === 'containerd' && canonical(w.socketPath) === canonical(socket));
      const w = new ContainerdWatcher({
        client: new ContainerdClient({ socketPath: socket, timeoutMs }),
        delegate:
          sameSocket === undefined ? undefined : (id) => (sameSocket.isConnected ? sameSocket.lookup(id) : undefined),
        ...common,
      });
      native.push(this.startOne('containerd', socket, w));
    }
    this.store.setResolver(this);
    await Promise.all([...docker, ...native]);
    return this.summaries;
  }

  private async startOne(
    engine: RuntimeEngine,
    socket: string,
    watcher: ContainerWatcher,
    detail: () => string = () => '',
  ): Promise<void> {
    this.entries.push({ engine, watcher });
    const r = await watcher.start();
    this.summaries.push(
      r.ok
        ? { engine, socket, status: 'connected', detail: detail(), containers: r.value }
        : { engine, socket, status: 'unreachable', detail: r.error, containers: 0 },
    );
  }

  async stop(): Promise<void> {
    this.store.setResolver(undefined);
    await Promise.all(this.entries.map((e) => e.watcher.stop()));
  }

  list(): readonly RuntimeSummary[] {
    return this.summaries;
  }

  stats(): RuntimeStats[] {
    return this.entries.map((e) => ({ engine: e.engine, socket: e.watcher.socketPath, ...e.watcher.stats() }));
  }

  lookup(c: CgroupContainer, store: ContainerStore): void {
    // CRI ids are 64 hex digits: a name (ctr run NAME) is never a CRI container, so do not ask CRI for it
    const hex = /^[0-9a-f]{64}$/.test(c.fullId);
    const order = this.candidatesFor(c.type).filter((w) => hex || !(w instanceof CriWatcher));
    if (order.length === 0) {
      store.fail(c.id);
      return;
    }
    void (async () => {
      for (const w of order) {
        const answer = await w.lookup(c.fullId);
        if (answer === 'found') return;
      }
      store.fail(c.id);
    })();
  }

  /** The runtimes that may know a container of this cgroup type, most likely first. */
  private candidatesFor(type: ContainerType): ContainerWatcher[] {
    const of = (engine: RuntimeEngine, runtime?: string): ContainerWatcher[] =>
      this.entries
        .filter((e) => e.engine === engine && (runtime === undefined || e.watcher.type === runtime))
        .map((e) => e.watcher);
    switch (type) {
      case 'docker':
        return [...of('docker'), ...of('podman')];
      case 'podman':
        return [...of('podman'), ...of('docker')];
      case 'containerd':
        // a CRI container of containerd (systemd cgroup driver), else one of ctr or nerdctl
        return [...of('cri', 'containerd'), ...of('containerd')];
      case 'cri-o':
        return [...of('cri', 'cri-o'), ...of('cri', 'cri')];
      case 'cri':
        // a Kubernetes container (cgroupfs driver) of any runtime; cri-dockerd keeps them in Docker
        return [...of('cri'), ...of('containerd'), ...of('docker')];
      default:
        return [];
    }
  }
}

/** The same socket reached through two paths (/var/run → /run) is one runtime. */
function canonical(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Configured socket paths below the host root, globs expanded, keeping those that exist and are sockets. */
export function expand(paths: readonly string[], hostRoot: string): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const full = `${hostRoot}${p}`;
    const matches = full.includes('*') ? globSync(full) : [full];
    for (const m of matches) {
      if (existsSync(m) && isSocket(m)) out.push(m);
    }
  }
  return out;
}

function isSocket(p: string): boolean {
  try {
    return statSync(p).isSocket();
  } catch {
    return false;
  }
}
