// Keeps the store in step with one CRI runtime (containerd's CRI plugin, CRI-O): the containers and pod
// sandboxes there at start, then the runtime's container events, and any container a thread names first.
//
// Runtimes without GetContainerEvents (containerd before 1.7, CRI-O unless enable_pod_events is on) are
// followed otherwise: for containerd, its own event stream on the same socket drives this watcher
// (containerd-watcher.ts delegates CRI containers here); for the others, the container list is compared every
// `pollIntervalMs` so that new containers are described and removed ones leave the store. Either way, a
// container's first process finds its metadata through `lookup`.
import { shortContainerId } from './cgroup-id.ts';
import type { CriClient, CriContainerEvent, CriImage } from './cri-client.ts';
import { criRuntimeType, criSandboxToContainerInfo, criToContainerInfo } from './cri-metadata.ts';
import { Code } from './grpc/connection.ts';
import type { RuntimeType } from './model.ts';
import type { Result } from './result.ts';
import type { ContainerStore } from './store.ts';
import {
  type ContainerWatcher,
  EventFollower,
  InFlight,
  type Log,
  type LookupAnswer,
  sleep,
  type WatcherStats,
} from './watcher.ts';

/** Bound on the image records remembered (many containers share an image). */
const MAX_IMAGES = 1024;

export interface CriWatcherOptions {
  readonly client: CriClient;
  readonly store: ContainerStore;
  readonly labelMaxLen: number;
  readonly log: Log;
  /** Another stream reports this runtime's container changes (containerd's own, same socket): never poll. */
  readonly eventsElsewhere?: boolean;
  /** How often the container list is compared when the runtime has no event stream (default 10 s). */
  readonly pollIntervalMs?: number;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export class CriWatcher implements ContainerWatcher {
  readonly socketPath: string;
  /** `cri` until Version has named the runtime. */
  type: 'containerd' | 'cri-o' | 'cri' = 'cri';
  /** The runtime's name and version, as Version gave them. */
  runtime = '';
  private readonly client: CriClient;
  private readonly store: ContainerStore;
  private readonly labelMaxLen: number;
  private readonly log: Log;
  private readonly eventsElsewhere: boolean;
  private readonly pollIntervalMs: number;
  private readonly abort = new AbortController();
  private readonly follower: EventFollower;
  private readonly inFlight = new InFlight<LookupAnswer>();
  private readonly images = new Map<string, CriImage | null>();
  /** Ids of the containers and sandboxes the last listing found (for polling). */
  private known = new Set<string>();
  private loop: Promise<void> | undefined;
  private poller: Promise<void> | undefined;
  private versionOk = false;
  private inspects = 0;
  private inspectFailures = 0;
  private events = 0;
  private polls = 0;

  constructor(opts: CriWatcherOptions) {
    this.client = opts.client;
    this.socketPath = opts.client.socketPath;
    this.store = opts.store;
    this.labelMaxLen = opts.labelMaxLen;
    this.log = opts.log;
    this.eventsElsewhere = opts.eventsElsewhere ?? false;
    this.pollIntervalMs = opts.pollIntervalMs ?? 10_000;
    this.follower = new EventFollower({
      name: `container_engines.cri (${this.socketPath})`,
      log: this.log,
      signal: this.abort.signal,
      minBackoffMs: opts.minBackoffMs ?? 100,
      maxBackoffMs: opts.maxBackoffMs ?? 10_000,
      open: (onOpen) => this.client.streamEvents((e) => this.onEvent(e), this.abort.signal, onOpen),
      onReconnect: () => void this.listAll(),
    });
  }

  /** Up: the runtime answered Version and, when it has one, its event stream is open. */
  get isConnected(): boolean {
    return this.versionOk && (this.follower.connected || this.follower.unimplemented);
  }

  /** Whether the runtime lacks GetContainerEvents (known once start() has resolved). */
  get hasNoEventStream(): boolean {
    return this.follower.unimplemented;
  }

  stats(): WatcherStats & { readonly polls: number } {
    return {
      connected: this.isConnected,
      reconnects: this.follower.reconnects,
      inspects: this.inspects,
      inspectFailures: this.inspectFailures,
      events: this.events,
      polls: this.polls,
    };
  }

  /** Asks the runtime's name; opens its event stream (or starts polling); lists what runs. */
  async start(): Promise<Result<number>> {
    const v = await this.client.version();
    if (!v.ok) return v;
    this.versionOk = true;
    this.type = criRuntimeType(v.value.runtime_name) as 'containerd' | 'cri-o' | 'cri';
    this.runtime = `${v.value.runtime_name} ${v.value.runtime_version}`;
    this.loop = this.follower.run();
    await this.follower.firstAttempt;
    const listed = await this.listAll();
    if (this.follower.unimplemented && !this.eventsElsewhere) this.poller = this.poll();
    return listed;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await this.poller;
    this.client.close();
  }

  /** Describes a container, or a pod sandbox (its pause container), by id. */
  lookup(fullId: string): Promise<LookupAnswer> {
    return this.inFlight.run(fullId, () => this.describe(fullId));
  }

  private onEvent(e: CriContainerEvent): void {
    if (e.container_id === '') return;
    this.events++;
    if (e.container_event_type === 'CONTAINER_DELETED_EVENT') {
      this.store.remove(shortContainerId(e.container_id));
      return;
    }
    if (e.container_event_type === 'CONTAINER_CREATED_EVENT' || e.container_event_type === 'CONTAINER_STARTED_EVENT')
      void this.lookup(e.container_id);
  }

  private async listAll(): Promise<Result<number>> {
    const [containers, sandboxes] = await Promise.all([this.client.listContainers(), this.client.listPodSandboxes()]);
    if (!containers.ok) {
      this.log('warning', `container_engines.cri: cannot list containers: ${containers.error}`);
      return containers;
    }
    const ids = [...containers.value.map((c) => c.id), ...(sandboxes.ok ? sandboxes.value.map((s) => s.id) : [])];
    this.known = new Set(ids);
    await Promise.all(ids.map((id) => this.lookup(id)));
    return { ok: true, value: containers.value.length };
  }

  /** Without an event stream: every interval, describe what is new and let go of what is gone. */
  private async poll(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      await sleep(this.pollIntervalMs, signal);
      if (signal.aborted) return;
      const [containers, sandboxes] = await Promise.all([this.client.listContainers(), this.client.listPodSandboxes()]);
      if (!containers.ok || !sandboxes.ok) continue;
      this.polls++;
      const now = new Set([...containers.value.map((c) => c.id), ...sandboxes.value.map((s) => s.id)]);
      for (const id of now) if (!this.known.has(id)) void this.lookup(id);
      for (const id of this.known) if (!now.has(id)) this.store.remove(shortContainerId(id));
      this.known = now;
    }
  }

  private async describe(fullId: string): Promise<LookupAnswer> {
    // ListContainers gives the sandbox id (ContainerStatus does not); an id no container has may be a sandbox's
    const list = await this.client.listContainers(fullId);
    if (!list.ok) return this.failed(list.error);
    const c = list.value.find((x) => x.id === fullId) ?? (list.value.length === 1 ? list.value[0] : undefined);
    if (c === undefined) return this.describeSandbox(fullId);
    this.inspects++;
    const [status, sandbox] = await Promise.all([
      this.client.containerStatus(c.id),
      c.pod_sandbox_id === '' ? undefined : this.client.podSandboxStatus(c.pod_sandbox_id),
    ]);
    if (!status.ok) return status.code === Code.NOT_FOUND ? 'not-found' : this.failed(status.error);
    const s = status.value.status;
    const image = s === null ? undefined : await this.image(s.image_ref || s.image?.image || '');
    const info = criToContainerInfo(status.value, c.pod_sandbox_id, {
      type: this.type as RuntimeType,
      labelMaxLen: this.labelMaxLen,
      sandbox: sandbox?.ok ? sandbox.value : undefined,
      image,
    });
    if (info === undefined) return 'not-found';
    this.store.set(info);
    return 'found';
  }

  private async describeSandbox(id: string): Promise<LookupAnswer> {
    const r = await this.client.podSandboxStatus(id);
    if (!r.ok) return r.code === Code.NOT_FOUND ? 'not-found' : this.failed(r.error);
    this.inspects++;
    const info = criSandboxToContainerInfo(r.value, { type: this.type as RuntimeType, labelMaxLen: this.labelMaxLen });
    if (info === undefined) return 'not-found';
    this.store.set(info);
    return 'found';
  }

  private failed(error: string): LookupAnswer {
    this.inspectFailures++;
    this.log('debug', `container_engines.cri: ${error}`);
    return 'unavailable';
  }

  private async image(ref: string): Promise<CriImage | null | undefined> {
    if (ref === '') return undefined;
    if (this.images.has(ref)) return this.images.get(ref);
    const r = await this.client.imageStatus(ref);
    if (!r.ok) return undefined;
    if (this.images.size >= MAX_IMAGES) this.images.clear();
    this.images.set(ref, r.value);
    return r.value;
  }
}
