// The container runtimes Peregrine talks to, found from the settings: Docker and Podman (its Docker-compatible
// API) on every configured socket that exists below HOST_ROOT; containerd and CRI-O sockets are detected and
// reported — Peregrine does not speak the CRI gRPC API, so their containers get container.id and
// container.type (from the cgroup) and nothing more. The store's resolver routes lookups to the runtimes that
// can own a container of the type its cgroup names.
import { existsSync, globSync, statSync } from 'node:fs';
import type { CgroupContainer, ContainerType } from './cgroup-id.ts';
import { DockerClient } from './docker-client.ts';
import { type Log, RuntimeWatcher } from './runtime-watcher.ts';
import type { ContainerSettings } from './settings.ts';
import type { ContainerStore, MetadataResolver } from './store.ts';

export interface RuntimeSummary {
  readonly engine: 'docker' | 'podman' | 'cri';
  readonly socket: string;
  /** What Peregrine does with it. */
  readonly status: 'connected' | 'unreachable' | 'detected-not-supported';
  readonly detail: string;
  readonly containers: number;
}

export class ContainerRuntimes implements MetadataResolver {
  private readonly watchers: RuntimeWatcher[] = [];
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
   * at most that. Registers itself as the store's resolver.
   */
  async start(): Promise<readonly RuntimeSummary[]> {
    const s = this.settings;
    const candidates: { engine: 'docker' | 'podman'; socket: string }[] = [];
    if (s.docker.enabled)
      for (const p of expand(s.docker.sockets, s.hostRoot)) candidates.push({ engine: 'docker', socket: p });
    if (s.podman.enabled)
      for (const p of expand(s.podman.sockets, s.hostRoot)) candidates.push({ engine: 'podman', socket: p });
    const seen = new Set<string>();
    const starts = candidates
      .filter((c) => !seen.has(c.socket) && seen.add(c.socket))
      .map(async ({ engine, socket }) => {
        const client = new DockerClient({ socketPath: socket, timeoutMs: s.apiTimeoutMs });
        const watcher = new RuntimeWatcher({
          client,
          type: engine,
          store: this.store,
          labelMaxLen: s.labelMaxLen,
          log: this.log,
        });
        this.watchers.push(watcher);
        const r = await watcher.start();
        this.summaries.push(
          r.ok
            ? { engine, socket, status: 'connected', detail: '', containers: r.value }
            : { engine, socket, status: 'unreachable', detail: r.error, containers: 0 },
        );
      });
    if (s.cri.enabled) {
      for (const socket of expand(s.cri.sockets, s.hostRoot)) {
        const detail =
          'Peregrine does not speak the CRI gRPC API: containers of this runtime get container.id and container.type only';
        this.summaries.push({ engine: 'cri', socket, status: 'detected-not-supported', detail, containers: 0 });
        this.log('warning', `container_engines.cri: ${socket} found. ${detail}`);
      }
    }
    this.store.setResolver(this);
    await Promise.all(starts);
    return this.summaries;
  }

  async stop(): Promise<void> {
    this.store.setResolver(undefined);
    await Promise.all(this.watchers.map((w) => w.stop()));
  }

  list(): readonly RuntimeSummary[] {
    return this.summaries;
  }

  lookup(c: CgroupContainer, store: ContainerStore): void {
    const order = this.candidatesFor(c.type);
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

  private candidatesFor(type: ContainerType): RuntimeWatcher[] {
    const docker = this.watchers.filter((w) => w.type === 'docker');
    const podman = this.watchers.filter((w) => w.type === 'podman');
    switch (type) {
      case 'docker':
      case 'cri': // cri-dockerd keeps Kubernetes containers in Docker
        return [...docker, ...podman];
      case 'podman':
        return [...podman, ...docker];
      default:
        return [];
    }
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
