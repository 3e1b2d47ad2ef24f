// Container metadata as Peregrine keeps it: one record per container, whichever runtime described it (the
// Docker API, Podman's compat API, or a container-json meta event replayed from a capture). The container.*
// and k8s.* extractors read only this record; value formats follow Falco's (see fields.md).
import type { ContainerType } from './cgroup-id.ts';

export interface ContainerMount {
  readonly source: string;
  readonly dest: string;
  /** Docker's mode string as given (`ro`, `z`, `rw,Z`, or empty). */
  readonly mode: string;
  readonly rdwr: boolean;
  /** `rprivate`, `rshared`, … or empty. */
  readonly propagation: string;
}

/** A health check or Kubernetes probe: the command a runtime runs inside the container. */
export interface HealthProbe {
  readonly kind: 'healthcheck' | 'liveness_probe' | 'readiness_probe';
  readonly exe: string;
  readonly args: readonly string[];
}

/**
 * `container.type` values: the runtimes a cgroup names, and the older kinds a capture's container-json events
 * may carry (Falco's container_type enum).
 */
export type RuntimeType = ContainerType | 'mesos' | 'rkt' | 'custom' | 'static' | 'unknown';

export interface ContainerInfo {
  /** What described it: the runtime that answered, or `cri` when only a Kubernetes cgroup said so. */
  readonly type: RuntimeType;
  /** `container.id`: 12 characters for runc-style ids. */
  readonly id: string;
  readonly fullId: string;
  readonly name: string;
  /** The image as the container was started with it (`nginx:latest`, `registry:5000/a/b@sha256:…`). */
  readonly image: string;
  /** Image id without its `sha256:` prefix. */
  readonly imageId: string;
  readonly imageRepository: string;
  readonly imageTag: string;
  /** `sha256:…`, or empty when the image came from no registry. */
  readonly imageDigest: string;
  readonly privileged: boolean;
  readonly mounts: readonly ContainerMount[];
  readonly hostPid: boolean;
  readonly hostNetwork: boolean;
  readonly hostIpc: boolean;
  /** Primary IPv4 address, or empty. */
  readonly ip: string;
  readonly labels: ReadonlyMap<string, string>;
  readonly user: string;
  readonly env: readonly string[];
  /** Creation time, seconds since the epoch (0 when unknown). */
  readonly createdTime: number;
  /** Start time from the runtime, nanoseconds since the epoch (0n when unknown). */
  readonly startedAtNs: bigint;
  /** The host pid of the container's first process, from the runtime (0 when unknown). */
  readonly initPid: number;
  readonly probes: readonly HealthProbe[];
  readonly isPodSandbox: boolean;
  /** The pod sandbox (pause container) id, full, or empty. */
  readonly podSandboxId: string;
  /** Pod labels when the runtime gave them with this container (CRI, or a sandbox container's own labels). */
  readonly podSandboxLabels: ReadonlyMap<string, string>;
  readonly memoryLimit: number;
  readonly swapLimit: number;
  readonly cpuShares: number;
  readonly cpuQuota: number;
  readonly cpuPeriod: number;
  readonly cpusetCpuCount: number;
  /** Only the id and type are known: the runtime could not be asked or did not answer in time. */
  readonly partial: boolean;
}

/** Falco's `container.mount[...]` rendering of one mount: `source:dest:mode:rdwr:propagation`. */
export function mountToString(m: ContainerMount): string {
  return `${m.source}:${m.dest}:${m.mode}:${m.rdwr ? 'true' : 'false'}:${m.propagation}`;
}

/** Labels Falco leaves out of `container.labels` and `k8s.pod.labels`: annotations and Kubernetes internals. */
export function isInternalLabel(key: string): boolean {
  return key.startsWith('annotation.') || key.startsWith('io.kubernetes.');
}

/** Falco's `k1:v1, k2:v2` rendering of labels (sorted by key, internal labels left out, `:v` omitted if empty). */
export function labelsToString(labels: ReadonlyMap<string, string>): string {
  let s = '';
  for (const key of [...labels.keys()].sort()) {
    if (isInternalLabel(key)) continue;
    const v = labels.get(key) ?? '';
    if (s.length > 0) s += ', ';
    s += v.length > 0 ? `${key}:${v}` : key;
  }
  return s;
}

/** The command line of a probe as Falco prints it: exe and args joined by spaces. */
export function probeToString(p: HealthProbe): string {
  return p.args.length === 0 ? p.exe : `${p.exe} ${p.args.join(' ')}`;
}

const NO_LABELS: ReadonlyMap<string, string> = new Map();

/** A record for a container whose runtime has not described it (yet): id and type only. */
export function partialInfo(type: RuntimeType, fullId: string, id: string): ContainerInfo {
  return {
    type,
    id,
    fullId,
    name: '',
    image: '',
    imageId: '',
    imageRepository: '',
    imageTag: '',
    imageDigest: '',
    privileged: false,
    mounts: [],
    hostPid: false,
    hostNetwork: false,
    hostIpc: false,
    ip: '',
    labels: NO_LABELS,
    user: '',
    env: [],
    createdTime: 0,
    startedAtNs: 0n,
    initPid: 0,
    probes: [],
    isPodSandbox: false,
    podSandboxId: '',
    podSandboxLabels: NO_LABELS,
    memoryLimit: 0,
    swapLimit: 0,
    cpuShares: 1024,
    cpuQuota: 0,
    cpuPeriod: 100000,
    cpusetCpuCount: 0,
    partial: true,
  };
}

const ipv4Cache = new WeakMap<ContainerInfo, number>();

/**
 * The container's IPv4 address as the little-endian u32 of its network-order bytes (how the fd table keeps
 * addresses), 0 when it has none. Memoised per record: the fd fields ask per event.
 */
export function containerIpv4(c: ContainerInfo): number {
  let n = ipv4Cache.get(c);
  if (n === undefined) {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(c.ip);
    n = m === null ? 0 : (Number(m[1]) | (Number(m[2]) << 8) | (Number(m[3]) << 16) | (Number(m[4]) << 24)) >>> 0;
    ipv4Cache.set(c, n);
  }
  return n;
}
