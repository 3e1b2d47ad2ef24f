// A small typed client for containerd's own gRPC API (proto/containerd, containerd v2.3.4's protos; the
// services used here are wire-compatible with containerd 1.6 and later): namespaces, containers, images,
// tasks, and the event stream. Every call but the event stream is scoped to a namespace through the
// `containerd-namespace` header; the event stream without one carries every namespace.
//
// Every request has a deadline and every failure is a value (grpc/connection.ts).
import { type CallResult, GrpcConnection, loadGrpc, unpackAny } from './grpc/connection.ts';
import type { StreamEnd } from './result.ts';

// --- The parts of the messages we read (field names as in the protos) -----------------------------------------

export interface Timestamp {
  readonly seconds: number;
  readonly nanos: number;
}

export interface AnyMessage {
  readonly type_url: string;
  readonly value: Uint8Array;
}

export interface ContainerdContainer {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly image: string;
  readonly spec: AnyMessage | null;
  readonly created_at: Timestamp | null;
  /** The sandbox the container belongs to (containerd 2's sandbox API); empty on 1.x. */
  readonly sandbox: string;
}

export interface ContainerdImage {
  readonly name: string;
  readonly target: { readonly media_type: string; readonly digest: string; readonly size: number } | null;
}

export interface ContainerdProcess {
  readonly id: string;
  readonly pid: number;
  readonly status: string;
}

/** One message of the event stream, its payload decoded when the descriptor knows its type. */
export interface ContainerdEvent {
  readonly namespace: string;
  readonly topic: string;
  readonly payload: Readonly<Record<string, unknown>> | undefined;
}

interface Envelope {
  readonly namespace: string;
  readonly topic: string;
  readonly event: AnyMessage | null;
}

/** The topics that change what Peregrine knows about a container. */
export const CONTAINERD_TOPICS = ['/containers/create', '/containers/update', '/containers/delete', '/tasks/start'];

const SVC = {
  version: '/containerd.services.version.v1.Version/',
  namespaces: '/containerd.services.namespaces.v1.Namespaces/',
  containers: '/containerd.services.containers.v1.Containers/',
  images: '/containerd.services.images.v1.Images/',
  tasks: '/containerd.services.tasks.v1.Tasks/',
  events: '/containerd.services.events.v1.Events/',
};

export class ContainerdClient {
  readonly socketPath: string;
  private readonly conn: GrpcConnection;

  constructor(opts: { socketPath: string; timeoutMs: number }) {
    this.socketPath = opts.socketPath;
    this.conn = new GrpcConnection(opts);
  }

  async version(): Promise<CallResult<string>> {
    const r = await this.conn.unary<{ version: string }>(`${SVC.version}Version`, {});
    return r.ok ? { ok: true, value: r.value.version } : r;
  }

  async namespaces(): Promise<CallResult<string[]>> {
    const r = await this.conn.unary<{ namespaces: { name: string }[] }>(`${SVC.namespaces}List`, {});
    return r.ok ? { ok: true, value: r.value.namespaces.map((n) => n.name) } : r;
  }

  async containers(namespace: string): Promise<CallResult<ContainerdContainer[]>> {
    const r = await this.conn.unary<{ containers: ContainerdContainer[] }>(`${SVC.containers}List`, {}, { namespace });
    return r.ok ? { ok: true, value: r.value.containers } : r;
  }

  /** One container; a `not found` failure (code NOT_FOUND) when the namespace has no such container. */
  async container(namespace: string, id: string): Promise<CallResult<ContainerdContainer>> {
    const r = await this.conn.unary<{ container: ContainerdContainer }>(`${SVC.containers}Get`, { id }, { namespace });
    return r.ok ? { ok: true, value: r.value.container } : r;
  }

  async image(namespace: string, name: string): Promise<CallResult<ContainerdImage>> {
    const r = await this.conn.unary<{ image: ContainerdImage }>(`${SVC.images}Get`, { name }, { namespace });
    return r.ok ? { ok: true, value: r.value.image } : r;
  }

  /** The container's task (its init process); NOT_FOUND when it has none (created, not started). */
  async task(namespace: string, containerId: string): Promise<CallResult<ContainerdProcess>> {
    const r = await this.conn.unary<{ process: ContainerdProcess }>(
      `${SVC.tasks}Get`,
      { container_id: containerId },
      { namespace },
    );
    return r.ok ? { ok: true, value: r.value.process } : r;
  }

  /**
   * Follows the events of every namespace on the given topics until `signal` aborts or the stream ends.
   * Resolves, never rejects, with why it ended.
   */
  async streamEvents(
    onEvent: (e: ContainerdEvent) => void,
    signal: AbortSignal,
    onOpen: () => void,
    topics: readonly string[] = CONTAINERD_TOPICS,
  ): Promise<StreamEnd> {
    const { root } = await loadGrpc();
    const filters = topics.map((t) => `topic=="${t}"`);
    return this.conn.serverStream<Envelope>(
      `${SVC.events}Subscribe`,
      { filters },
      (env) =>
        onEvent({
          namespace: env.namespace,
          topic: env.topic,
          payload: unpackAny<Record<string, unknown>>(root, env.event),
        }),
      signal,
      onOpen,
    );
  }

  close(): void {
    this.conn.close();
  }
}
