// Keeps the store in step with one containerd through its own API, every namespace: the containers there at
// start, then each create/update/start/delete from the event stream (reconnecting with backoff, listing again
// after an outage), and any container a thread names first.
//
// Two kinds of containers are left to someone better placed to describe them:
//   - `moby`: Docker's own containers (dockerd keeps them in containerd's `moby` namespace); the Docker API
//     describes them with their names, and their cgroups name them `docker`;
//   - the CRI plugin's (label io.cri-containerd.kind): when a CRI client is connected to the same containerd,
//     it describes them with their pod (`delegate`); else they are described from containerd's own record.
import { shortContainerId } from './cgroup-id.ts';
import type { ContainerdClient, ContainerdContainer, ContainerdEvent } from './containerd-client.ts';
import { CRI_KIND_LABEL, containerdToContainerInfo, parseSpec } from './containerd-metadata.ts';
import { Code } from './grpc/connection.ts';
import type { Result } from './result.ts';
import type { ContainerStore } from './store.ts';
import {
  type ContainerWatcher,
  EventFollower,
  InFlight,
  type Log,
  type LookupAnswer,
  type WatcherStats,
} from './watcher.ts';

/** Namespaces whose containers another runtime describes. */
const SKIPPED_NAMESPACES: ReadonlySet<string> = new Set(['moby']);

/** Bound on the image digests remembered: many containers share an image, and images change rarely. */
const MAX_IMAGES = 1024;

export interface ContainerdWatcherOptions {
  readonly client: ContainerdClient;
  readonly store: ContainerStore;
  readonly labelMaxLen: number;
  readonly log: Log;
  /**
   * Describes a CRI plugin container through the CRI API of the same containerd; undefined when no CRI client
   * is connected to it. Only `unavailable` (or no client) falls back to containerd's own record.
   */
  readonly delegate?: (fullId: string) => Promise<LookupAnswer> | undefined;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export class ContainerdWatcher implements ContainerWatcher {
  readonly type = 'containerd' as const;
  readonly socketPath: string;
  private readonly client: ContainerdClient;
  private readonly store: ContainerStore;
  private readonly labelMaxLen: number;
  private readonly log: Log;
  private readonly delegate: ContainerdWatcherOptions['delegate'];
  private readonly abort = new AbortController();
  private readonly follower: EventFollower;
  private readonly inFlight = new InFlight<LookupAnswer>();
  /** Namespaces last listed: where a container named only by its id is looked for first. */
  private namespaces: string[] = [];
  private readonly imageDigests = new Map<string, string>();
  private loop: Promise<void> | undefined;
  private inspects = 0;
  private inspectFailures = 0;
  private events = 0;

  constructor(opts: ContainerdWatcherOptions) {
    this.client = opts.client;
    this.socketPath = opts.client.socketPath;
    this.store = opts.store;
    this.labelMaxLen = opts.labelMaxLen;
    this.log = opts.log;
    this.delegate = opts.delegate;
    this.follower = new EventFollower({
      name: `container_engines.containerd (${this.socketPath})`,
      log: this.log,
      signal: this.abort.signal,
      minBackoffMs: opts.minBackoffMs ?? 100,
      maxBackoffMs: opts.maxBackoffMs ?? 10_000,
      open: (onOpen) => this.client.streamEvents((e) => this.onEvent(e), this.abort.signal, onOpen),
      onReconnect: () => void this.listAll(),
    });
  }

  get isConnected(): boolean {
    return this.follower.connected;
  }

  stats(): WatcherStats {
    return {
      connected: this.follower.connected,
      reconnects: this.follower.reconnects,
      inspects: this.inspects,
      inspectFailures: this.inspectFailures,
      events: this.events,
    };
  }

  /** The event stream first, then the listing: a container made in between is in one or the other. */
  async start(): Promise<Result<number>> {
    this.loop = this.follower.run();
    await this.follower.firstAttempt;
    return this.listAll();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.client.close();
  }

  /** Describes a container by its id, in whichever namespace holds it. */
  lookup(fullId: string): Promise<LookupAnswer> {
    return this.inFlight.run(fullId, () => this.find(fullId));
  }

  private async listAll(): Promise<Result<number>> {
    const ns = await this.client.namespaces();
    if (!ns.ok) {
      this.log('warning', `container_engines.containerd: cannot list namespaces: ${ns.error}`);
      return ns;
    }
    this.namespaces = ns.value;
    let count = 0;
    for (const namespace of ns.value) {
      if (SKIPPED_NAMESPACES.has(namespace)) continue;
      const list = await this.client.containers(namespace);
      if (!list.ok) {
        this.log('warning', `container_engines.containerd: cannot list namespace ${namespace}: ${list.error}`);
        continue;
      }
      count += list.value.length;
      await Promise.all(
        list.value.map((c) =>
          // the CRI client of this socket has listed its own containers already
          this.delegate !== undefined &&
          c.labels?.[CRI_KIND_LABEL] !== undefined &&
          this.store.state(shortContainerId(c.id)) === 'known'
            ? undefined
            : this.inFlight.run(c.id, () => this.describe(namespace, c)),
        ),
      );
    }
    return { ok: true, value: count };
  }

  private onEvent(e: ContainerdEvent): void {
    if (SKIPPED_NAMESPACES.has(e.namespace)) return;
    const p = e.payload ?? {};
    const id = typeof p.id === 'string' ? p.id : typeof p.container_id === 'string' ? p.container_id : '';
    if (id === '') return;
    this.events++;
    if (e.topic === '/containers/delete') {
      this.store.remove(shortContainerId(id));
      return;
    }
    // create, update (labels, image), task start (its pid): describe it again
    void this.inFlight.run(id, () => this.describeById(e.namespace, id));
  }

  /** Looks in the namespaces known (listing them again when none holds it). */
  private async find(id: string): Promise<LookupAnswer> {
    for (let attempt = 0; attempt < 2; attempt++) {
      let unavailable = false;
      for (const namespace of this.namespaces) {
        if (SKIPPED_NAMESPACES.has(namespace)) continue;
        const answer = await this.describeById(namespace, id);
        if (answer === 'found') return answer;
        if (answer === 'unavailable') unavailable = true;
      }
      if (unavailable) return 'unavailable';
      if (attempt === 0) {
        const ns = await this.client.namespaces();
        if (!ns.ok) return 'unavailable';
        if (ns.value.every((n) => this.namespaces.includes(n))) break;
        this.namespaces = ns.value;
      }
    }
    return 'not-found';
  }

  private async describeById(namespace: string, id: string): Promise<LookupAnswer> {
    const r = await this.client.container(namespace, id);
    if (!r.ok) {
      if (r.code === Code.NOT_FOUND) return 'not-found';
      this.inspectFailures++;
      this.log('debug', `container_engines.containerd: ${r.error}`);
      return 'unavailable';
    }
    return this.describe(namespace, r.value);
  }

  private async describe(namespace: string, c: ContainerdContainer): Promise<LookupAnswer> {
    if (this.delegate !== undefined && c.labels?.[CRI_KIND_LABEL] !== undefined) {
      // The CRI client answers for the CRI plugin's containers. "Not found" is an answer too: at
      // /containers/create the plugin has not registered the container yet, and describing it from
      // containerd's record then would settle it without its name and pod (the task-start event asks again).
      const answer = await this.delegate(c.id);
      if (answer !== undefined && answer !== 'unavailable') return answer;
    }
    this.inspects++;
    const spec = parseSpec(c);
    const [imageDigest, task, sandboxLabels] = await Promise.all([
      this.imageDigest(namespace, c.image),
      this.client.task(namespace, c.id),
      this.sandboxLabels(namespace, c, spec?.annotations?.['io.kubernetes.cri.sandbox-id']),
    ]);
    this.store.set(
      containerdToContainerInfo(c, spec, {
        imageDigest,
        initPid: task.ok ? task.value.pid : 0,
        sandboxLabels,
        labelMaxLen: this.labelMaxLen,
      }),
    );
    return 'found';
  }

  private async imageDigest(namespace: string, name: string): Promise<string> {
    if (name === '') return '';
    const key = `${namespace}/${name}`;
    const hit = this.imageDigests.get(key);
    if (hit !== undefined) return hit;
    const r = await this.client.image(namespace, name);
    if (!r.ok) return '';
    const digest = r.value.target?.digest ?? '';
    if (this.imageDigests.size >= MAX_IMAGES) this.imageDigests.clear();
    this.imageDigests.set(key, digest);
    return digest;
  }

  /** The pod's labels: those of the sandbox container the CRI plugin made for the pod. */
  private async sandboxLabels(
    namespace: string,
    c: ContainerdContainer,
    annotated: string | undefined,
  ): Promise<ReadonlyMap<string, string> | undefined> {
    const sandboxId = c.sandbox || annotated || '';
    if (sandboxId === '' || sandboxId === c.id) return undefined;
    const r = await this.client.container(namespace, sandboxId);
    return r.ok ? new Map(Object.entries(r.value.labels ?? {})) : undefined;
  }
}
