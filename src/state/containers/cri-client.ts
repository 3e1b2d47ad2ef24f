// A small typed client for the CRI API that kubelet speaks (runtime.v1.RuntimeService and ImageService, from
// kubernetes/cri-api v0.36.3's api.proto): containerd's CRI plugin and CRI-O answer it on their sockets. Only
// what container metadata needs: version, container and sandbox listings and statuses (verbose, for the
// runtime's own details), image status, and the container event stream (which older runtimes do not have).
//
// Every request has a deadline and every failure is a value (grpc/connection.ts).
import { type CallResult, Code, GrpcConnection } from './grpc/connection.ts';
import type { StreamEnd } from './result.ts';

// --- The parts of the messages we read (field names as in api.proto) -------------------------------------------

export interface CriVersion {
  readonly runtime_name: string;
  readonly runtime_version: string;
  readonly runtime_api_version: string;
}

export interface CriContainer {
  readonly id: string;
  readonly pod_sandbox_id: string;
  readonly metadata: { readonly name: string; readonly attempt: number } | null;
  readonly state: string;
  readonly created_at: number;
  readonly labels: Readonly<Record<string, string>>;
}

export interface CriMount {
  readonly container_path: string;
  readonly host_path: string;
  readonly readonly: boolean;
  readonly propagation: string;
}

export interface CriContainerStatus {
  readonly id: string;
  readonly metadata: { readonly name: string } | null;
  readonly state: string;
  readonly created_at: number;
  readonly started_at: number;
  readonly image: { readonly image: string; readonly user_specified_image: string } | null;
  readonly image_ref: string;
  readonly image_id: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly mounts: readonly CriMount[];
  readonly user: { readonly linux: { readonly uid: number } | null } | null;
  readonly resources: {
    readonly linux: {
      readonly cpu_period: number;
      readonly cpu_quota: number;
      readonly cpu_shares: number;
      readonly memory_limit_in_bytes: number;
      readonly memory_swap_limit_in_bytes: number;
      readonly cpuset_cpus: string;
    } | null;
  } | null;
}

export interface CriPodSandboxStatus {
  readonly id: string;
  readonly metadata: {
    readonly name: string;
    readonly uid: string;
    readonly namespace: string;
  } | null;
  readonly state: string;
  readonly created_at: number;
  readonly network: { readonly ip: string } | null;
  readonly linux: {
    readonly namespaces: {
      readonly options: { readonly network: string; readonly pid: string; readonly ipc: string } | null;
    } | null;
  } | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A status with the runtime's verbose details: `info.info` is a JSON document of the runtime's own. */
export interface Verbose<T> {
  readonly status: T | null;
  readonly info: Readonly<Record<string, string>>;
}

export interface CriImage {
  readonly id: string;
  readonly repo_tags: readonly string[];
  readonly repo_digests: readonly string[];
}

/** One message of GetContainerEvents. */
export interface CriContainerEvent {
  readonly container_id: string;
  readonly container_event_type: string;
  readonly pod_sandbox_status: CriPodSandboxStatus | null;
}

const RT = '/runtime.v1.RuntimeService/';
const IMG = '/runtime.v1.ImageService/';

export class CriClient {
  readonly socketPath: string;
  private readonly conn: GrpcConnection;

  constructor(opts: { socketPath: string; timeoutMs: number }) {
    this.socketPath = opts.socketPath;
    this.conn = new GrpcConnection(opts);
  }

  version(): Promise<CallResult<CriVersion>> {
    return this.conn.unary<CriVersion>(`${RT}Version`, {});
  }

  /** Containers (running or not); with an id, the ones whose id starts with it. */
  async listContainers(id?: string): Promise<CallResult<CriContainer[]>> {
    const r = await this.conn.unary<{ containers: CriContainer[] }>(
      `${RT}ListContainers`,
      id === undefined ? {} : { filter: { id } },
    );
    return r.ok ? { ok: true, value: r.value.containers } : r;
  }

  async listPodSandboxes(): Promise<CallResult<{ id: string; state: string }[]>> {
    const r = await this.conn.unary<{ items: { id: string; state: string }[] }>(`${RT}ListPodSandbox`, {});
    return r.ok ? { ok: true, value: r.value.items } : r;
  }

  containerStatus(id: string): Promise<CallResult<Verbose<CriContainerStatus>>> {
    return this.conn.unary<Verbose<CriContainerStatus>>(`${RT}ContainerStatus`, { container_id: id, verbose: true });
  }

  podSandboxStatus(id: string): Promise<CallResult<Verbose<CriPodSandboxStatus>>> {
    return this.conn.unary<Verbose<CriPodSandboxStatus>>(`${RT}PodSandboxStatus`, {
      pod_sandbox_id: id,
      verbose: true,
    });
  }

  /** The image a container runs, by the reference or id its status gives; null when the runtime has none. */
  async imageStatus(image: string): Promise<CallResult<CriImage | null>> {
    const r = await this.conn.unary<{ image: CriImage | null }>(`${IMG}ImageStatus`, { image: { image } });
    return r.ok ? { ok: true, value: r.value.image } : r;
  }

  /**
   * Follows container events until `signal` aborts or the stream ends. A runtime without the call (containerd
   * before 1.7, CRI-O without enable_pod_events) ends it at once with `unimplemented: true`.
   */
  async streamEvents(
    onEvent: (e: CriContainerEvent) => void,
    signal: AbortSignal,
    onOpen: () => void,
  ): Promise<StreamEnd & { readonly unimplemented?: boolean }> {
    const end = await this.conn.serverStream<CriContainerEvent>(`${RT}GetContainerEvents`, {}, onEvent, signal, onOpen);
    return end.reason !== 'aborted' && end.code === Code.UNIMPLEMENTED ? { ...end, unimplemented: true } : end;
  }

  close(): void {
    this.conn.close();
  }
}
