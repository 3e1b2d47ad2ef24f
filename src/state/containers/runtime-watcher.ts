// Keeps the store in step with one Docker-API runtime (Docker, or Podman's compat API): the containers running
// at startup, then every create/start/destroy from its event stream, and any container a thread names that the
// store has not heard of. Nothing here runs on the event path: the engine's only contact is `lookup`, which
// starts a request and returns.
//
// A runtime that is down or slow costs bounded time: each request has a deadline, the event stream reconnects
// with exponential backoff (and re-lists on reconnect, to catch what happened while it was away), and lookups
// for containers of an unreachable runtime fail at once so alerts do not wait for an answer that cannot come.
import type { ContainerType } from './cgroup-id.ts';
import type { DockerClient, DockerEvent, DockerImageInspect, Result } from './docker-client.ts';
import { dockerToContainerInfo, sharedNetworkContainer } from './docker-metadata.ts';
import type { ContainerInfo } from './model.ts';
import type { ContainerStore } from './store.ts';
import { type ContainerWatcher, InFlight, type LookupAnswer, sleep, type WatcherStats } from './watcher.ts';

export type { Log, LookupAnswer, WatcherStats } from './watcher.ts';

import type { Log } from './watcher.ts';

export interface WatcherOptions {
  readonly client: DockerClient;
  /** `docker` or `podman`: the container.type of what this runtime describes. */
  readonly type: ContainerType;
  readonly store: ContainerStore;
  readonly labelMaxLen: number;
  readonly log: Log;
  /** First reconnect delay; doubles up to maxBackoffMs. */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export class RuntimeWatcher implements ContainerWatcher {
  readonly type: ContainerType;
  readonly client: DockerClient;
  private readonly store: ContainerStore;
  private readonly labelMaxLen: number;
  private readonly log: Log;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly abort = new AbortController();
  private readonly inFlight = new InFlight<LookupAnswer>();
  private readonly images = new Map<string, DockerImageInspect>();
  private connected = false;
  private loop: Promise<void> | undefined;
  /** Resolved when the first attempt to open the event stream has succeeded or failed. */
  private firstAttempt: () => void = () => {};
  /** Time of the last event seen (seconds, as the API's `since` takes it), to replay what a reconnect missed. */
  private lastEventTime = '';
  private reconnects = 0;
  private inspects = 0;
  private inspectFailures = 0;
  private events = 0;

  constructor(opts: WatcherOptions) {
    this.type = opts.type;
    this.client = opts.client;
    this.store = opts.store;
    this.labelMaxLen = opts.labelMaxLen;
    this.log = opts.log;
    this.minBackoffMs = opts.minBackoffMs ?? 100;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
  }

  get socketPath(): string {
    return this.client.socketPath;
  }

  /** Whether the event stream is up (the runtime answers). */
  get isConnected(): boolean {
    return this.connected;
  }

  stats(): WatcherStats {
    return {
      connected: this.connected,
      reconnects: this.reconnects,
      inspects: this.inspects,
      inspectFailures: this.inspectFailures,
      events: this.events,
    };
  }

  /**
   * Lists the running containers, then follows the event stream in the background. Resolves once the first
   * listing is done or has failed (each request bounded by the client's deadline), so a caller can have the
   * pre-existing containers before it starts reading events.
   */
  async start(): Promise<Result<number>> {
    // The stream first, then the list: a container created between the two is then in one or the other (an
    // event stream only tells what happens after it opens).
    const opened = new Promise<void>((resolve) => {
      this.firstAttempt = resolve;
    });
    this.loop = this.follow();
    await opened;
    return this.listAll();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await this.client.close();
  }

  /** Describes one container on demand; de-duplicated while a request for it is in flight. */
  lookup(fullId: string): Promise<LookupAnswer> {
    return this.inFlight.run(fullId, () => this.inspectInto(fullId));
  }

  private async listAll(): Promise<Result<number>> {
    const list = await this.client.listContainers();
    if (!list.ok) {
      this.log('warning', `container_engines.${this.type}: cannot list containers: ${list.error}`);
      return list;
    }
    await Promise.all(list.value.map((c) => this.lookup(c.Id)));
    return { ok: true, value: list.value.length };
  }

  private async follow(): Promise<void> {
    let backoff = this.minBackoffMs;
    let firstConnect = true;
    while (!this.abort.signal.aborted) {
      const end = await this.client.streamEvents(
        (e) => this.onEvent(e),
        this.abort.signal,
        () => {
          this.connected = true;
          backoff = this.minBackoffMs;
          if (!firstConnect) {
            this.reconnects++;
            this.log('info', `container_engines.${this.type}: event stream reconnected (${this.client.socketPath})`);
            // anything that happened while we were away: the missed events are replayed (since=), and the
            // running containers listed again in case the runtime restarted and lost its event history
            void this.listAll();
          }
          firstConnect = false;
          this.firstAttempt();
        },
        this.lastEventTime,
      );
      const wasConnected = this.connected;
      this.connected = false;
      this.firstAttempt();
      if (end.reason === 'aborted') return;
      if (wasConnected || firstConnect) {
        this.log('warning', `container_engines.${this.type}: ${end.error}; reconnecting with backoff`);
        firstConnect = false;
      }
      await sleep(backoff, this.abort.signal);
      backoff = Math.min(backoff * 2, this.maxBackoffMs);
    }
  }

  private onEvent(e: DockerEvent): void {
    const id = e.Actor?.ID;
    if (typeof e.timeNano === 'number') this.lastEventTime = nanosToSince(e.timeNano);
    else if (typeof e.time === 'number') this.lastEventTime = String(e.time);
    if (e.Type !== 'container' || typeof id !== 'string' || id.length === 0) return;
    this.events++;
    switch (e.Action) {
      case 'create':
      case 'start':
      case 'rename':
        void this.lookup(id);
        break;
      case 'destroy':
        this.store.remove(id);
        break;
      default:
        break;
    }
  }

  private async inspectInto(fullId: string): Promise<LookupAnswer> {
    this.inspects++;
    const r = await this.client.inspectContainer(fullId);
    if (!r.ok) {
      this.inspectFailures++;
      if (r.error.includes('not found')) return 'not-found';
      this.log('debug', `container_engines.${this.type}: ${r.error}`);
      return 'unavailable';
    }
    const c = r.value;
    const image = await this.image(c.Image ?? '');
    let sharedNetworkIp: string | undefined;
    const other = sharedNetworkContainer(c);
    if (other !== undefined) {
      const o = await this.client.inspectContainer(other);
      if (o.ok) sharedNetworkIp = o.value.NetworkSettings?.IPAddress ?? '';
    }
    const info: ContainerInfo = dockerToContainerInfo(c, {
      type: this.type,
      labelMaxLen: this.labelMaxLen,
      image,
      sharedNetworkIp,
    });
    this.store.set(info);
    return 'found';
  }

  /** Image records change rarely and many containers share one: remember them (bounded). */
  private async image(id: string): Promise<DockerImageInspect | undefined> {
    if (id === '') return undefined;
    const hit = this.images.get(id);
    if (hit !== undefined) return hit;
    const r = await this.client.inspectImage(id);
    if (!r.ok) return undefined;
    if (this.images.size >= 1024) this.images.clear();
    this.images.set(id, r.value);
    return r.value;
  }
}

/** The API's `since`: seconds with a nanosecond fraction. timeNano exceeds 2^53, so split it as a string. */
function nanosToSince(ns: number): string {
  const digits = BigInt(Math.trunc(ns)).toString().padStart(10, '0');
  return `${digits.slice(0, -9)}.${digits.slice(-9)}`;
}
