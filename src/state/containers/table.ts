// Container metadata keyed by container.id: filled from the capture's container-json meta events (Falco and
// sysdig write one per known container), and, for containers only seen through a thread's cgroups, a bare
// record with id and type so container.type answers while name and image stay unknown.

/** libsinsp's sinsp_container_type numbering, as container-json events carry it. */
export const CONTAINER_TYPE_NAMES: readonly string[] = [
  'docker',
  'lxc',
  'libvirt-lxc',
  'mesos',
  'rkt',
  'custom',
  'cri',
  'containerd',
  'cri-o',
  'bpm',
  'static',
  'podman',
];

export interface ContainerMount {
  readonly source: string;
  readonly dest: string;
  readonly mode: string;
  readonly rw: boolean;
  readonly propagation: string;
}

export interface ContainerInfo {
  id: string;
  fullId: string;
  /** container.type as text (docker, cri-o, …). */
  type: string;
  name: string;
  image: string;
  imageId: string;
  imageRepo: string;
  imageTag: string;
  imageDigest: string;
  privileged: boolean | null;
  mounts: ContainerMount[];
  labels: Map<string, string>;
  /** Container IPv4 address as the little-endian u32 of its network-order bytes; 0 when unknown. */
  ip: number;
  /** Nanoseconds since the epoch; 0n when unknown. */
  createdTime: bigint;
  isPodSandbox: boolean;
  healthcheck: string | null;
  livenessProbe: string | null;
  readinessProbe: string | null;
  /** Whether the record came from metadata (container-json) rather than only from a cgroup id. */
  complete: boolean;
}

export function emptyContainer(id: string, type: string): ContainerInfo {
  return {
    id,
    fullId: '',
    type,
    name: '',
    image: '',
    imageId: '',
    imageRepo: '',
    imageTag: '',
    imageDigest: '',
    privileged: null,
    mounts: [],
    labels: new Map(),
    ip: 0,
    createdTime: 0n,
    isPodSandbox: false,
    healthcheck: null,
    livenessProbe: null,
    readinessProbe: null,
    complete: false,
  };
}

/** Bound on the number of containers kept, so a hostile capture cannot grow the table without limit. */
export const MAX_CONTAINERS = 2048;
/** Container metadata longer than this is not kept (real container-json events are a few KiB). */
export const MAX_CONTAINER_JSON = 64 * 1024;

export class ContainerTable {
  readonly map: Map<string, ContainerInfo>;

  constructor() {
    this.map = new Map();
  }

  clear(): void {
    this.map.clear();
  }

  get(id: string): ContainerInfo | undefined {
    return this.map.get(id);
  }

  /** A container seen only through cgroups: recorded once, never overwriting metadata. */
  noteId(id: string, type: string): void {
    if (this.map.has(id) || this.map.size >= MAX_CONTAINERS) return;
    this.map.set(id, emptyContainer(id, type));
  }

  put(info: ContainerInfo): void {
    if (!this.map.has(info.id) && this.map.size >= MAX_CONTAINERS) return;
    this.map.set(info.id, info);
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/**
 * Parses a container-json event's payload (`{"container": {...}}`, the layout libsinsp writes). Returns null
 * for text that is not such an object. Only the fields Falco reads are kept.
 */
export function parseContainerJson(text: string): ContainerInfo | null {
  if (text.length > MAX_CONTAINER_JSON) return null;
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof root !== 'object' || root === null) return null;
  const c = (root as Record<string, unknown>).container;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return null;
  const o = c as Record<string, unknown>;
  const typeNum = typeof o.type === 'number' ? o.type : 0;
  const info = emptyContainer(str(o.id), CONTAINER_TYPE_NAMES[typeNum] ?? 'unknown');
  info.fullId = str(o.full_id);
  info.name = str(o.name);
  info.image = str(o.image);
  info.imageId = str(o.imageid);
  info.imageRepo = str(o.imagerepo);
  info.imageTag = str(o.imagetag);
  info.imageDigest = str(o.imagedigest);
  info.privileged = typeof o.privileged === 'boolean' ? o.privileged : null;
  info.isPodSandbox = o.is_pod_sandbox === true;
  if (typeof o.created_time === 'number') info.createdTime = BigInt(Math.trunc(o.created_time)) * 1_000_000_000n;
  if (Array.isArray(o.Mounts)) {
    for (const m of o.Mounts) {
      if (typeof m !== 'object' || m === null) continue;
      const r = m as Record<string, unknown>;
      info.mounts.push({
        source: str(r.Source),
        dest: str(r.Destination),
        mode: str(r.Mode),
        rw: r.RW === true,
        propagation: str(r.Propagation),
      });
    }
  }
  if (typeof o.labels === 'object' && o.labels !== null) {
    for (const [k, v] of Object.entries(o.labels as Record<string, unknown>)) info.labels.set(k, str(v));
  }
  if (typeof o.ip === 'string') {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(o.ip);
    if (m !== null) info.ip = (Number(m[1]) | (Number(m[2]) << 8) | (Number(m[3]) << 16) | (Number(m[4]) << 24)) >>> 0;
  }
  const probes = (key: string): string | null => {
    const p = o[key];
    if (typeof p !== 'object' || p === null) return null;
    const r = p as Record<string, unknown>;
    const exe = str(r.exe);
    const args = Array.isArray(r.args) ? r.args.map(str) : [];
    return [exe, ...args].join(' ');
  };
  info.healthcheck = probes('healthcheck');
  info.livenessProbe = probes('liveness_probe');
  info.readinessProbe = probes('readiness_probe');
  info.complete = true;
  return info;
}
