// Container metadata as captures carry it: the JSON of the container meta events (PPME_CONTAINER_JSON_E 272,
// PPME_CONTAINER_JSON_2_E 324, and the container plugin's async "container" events), `{"container": {...}}`
// with Falco's keys (plugins/container/src/container_info_json.cpp; older libsinsp wrote a subset). A replayed
// capture fills the store from these, so container.* fields of old captures have their values; a capture
// Peregrine writes carries them too (`containerToJson`).
import type { ContainerInfo, ContainerMount, HealthProbe, RuntimeType } from './model.ts';

/** Falco's container_type enum (plugins/container/src/container_type.h), by number. */
const TYPES: readonly RuntimeType[] = [
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

function typeName(n: unknown): RuntimeType {
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < TYPES.length) return TYPES[n];
  if (typeof n === 'string' && (TYPES as readonly string[]).includes(n)) return n as RuntimeType;
  return 'unknown';
}

function typeNumber(t: RuntimeType): number {
  const i = TYPES.indexOf(t);
  return i >= 0 ? i : 0xffff;
}

type Json = Record<string, unknown>;

/** Container metadata longer than this is not kept (real container-json events are a few KiB). */
export const MAX_CONTAINER_JSON = 64 * 1024;

const str = (o: Json, k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');
const bool = (o: Json, k: string): boolean => o[k] === true;
const num = (o: Json, k: string, d = 0): number =>
  typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : d;

function stringMap(v: unknown): Map<string, string> {
  const m = new Map<string, string>();
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Json)) if (typeof x === 'string') m.set(k, x);
  }
  return m;
}

/** An IPv4 address: a dotted string, or (very old captures) a 32-bit number in host order. */
function ip(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 0xffffffff) {
    return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
  }
  return '';
}

/** Parses one container-json payload; an error says what is wrong with it. */
export function parseContainerJson(text: string): ContainerInfo | { readonly error: string } {
  if (text.length > MAX_CONTAINER_JSON) return { error: `container JSON: longer than ${MAX_CONTAINER_JSON} bytes` };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { error: `container JSON: ${(err as Error).message}` };
  }
  const c = (doc as Json | null)?.container;
  if (!c || typeof c !== 'object' || Array.isArray(c)) return { error: 'container JSON: no "container" object' };
  const o = c as Json;
  const fullId = str(o, 'full_id') || str(o, 'id');
  const id = str(o, 'id') || fullId.slice(0, 12);
  if (id === '') return { error: 'container JSON: the container has no id' };
  const mounts: ContainerMount[] = Array.isArray(o.Mounts)
    ? (o.Mounts as unknown[])
        .filter((m): m is Json => !!m && typeof m === 'object')
        .map((m) => ({
          source: str(m, 'Source'),
          dest: str(m, 'Destination'),
          mode: str(m, 'Mode'),
          rdwr: bool(m, 'RW'),
          propagation: str(m, 'Propagation'),
        }))
    : [];
  const probes: HealthProbe[] = [];
  for (const kind of ['healthcheck', 'liveness_probe', 'readiness_probe'] as const) {
    const p = o[kind];
    if (p && typeof p === 'object' && !Array.isArray(p)) {
      const args = Array.isArray((p as Json).args)
        ? ((p as Json).args as unknown[]).filter((a) => typeof a === 'string')
        : [];
      probes.push({ kind, exe: str(p as Json, 'exe'), args: args as string[] });
    }
  }
  return {
    type: typeName(o.type),
    id,
    fullId,
    name: str(o, 'name'),
    image: str(o, 'image'),
    imageId: str(o, 'imageid'),
    imageRepository: str(o, 'imagerepo'),
    imageTag: str(o, 'imagetag'),
    imageDigest: str(o, 'imagedigest'),
    privileged: bool(o, 'privileged'),
    mounts,
    hostPid: bool(o, 'host_pid'),
    hostNetwork: bool(o, 'host_network'),
    hostIpc: bool(o, 'host_ipc'),
    ip: ip(o.ip),
    labels: stringMap(o.labels),
    user: str(o, 'User'),
    env: Array.isArray(o.env) ? (o.env as unknown[]).filter((x): x is string => typeof x === 'string') : [],
    createdTime: num(o, 'created_time'),
    startedAtNs: 0n,
    initPid: 0,
    probes,
    isPodSandbox: bool(o, 'is_pod_sandbox'),
    podSandboxId: str(o, 'pod_sandbox_id'),
    podSandboxLabels: stringMap(o.pod_sandbox_labels),
    memoryLimit: num(o, 'memory_limit'),
    swapLimit: num(o, 'swap_limit'),
    cpuShares: num(o, 'cpu_shares', 1024),
    cpuQuota: num(o, 'cpu_quota'),
    cpuPeriod: num(o, 'cpu_period', 100000),
    cpusetCpuCount: num(o, 'cpuset_cpu_count'),
    partial: isPlaceholder(o),
  };
}

/**
 * A record libsinsp wrote while its lookup was still running: lookup_state STARTED (0), or, before that key
 * existed, the docker engine's placeholder with every name "incomplete". It says the container exists, nothing
 * more: Peregrine keeps it as a partial record (null fields) rather than report "incomplete" as a name.
 */
function isPlaceholder(o: Json): boolean {
  if (o.lookup_state === 0) return true;
  return o.name === 'incomplete' && o.image === 'incomplete' && o.imageid === 'incomplete';
}

/** The container-json payload for a record, as Falco's container plugin writes it. */
export function containerToJson(c: ContainerInfo): string {
  const container: Json = {
    type: typeNumber(c.type),
    id: c.id,
    name: c.name,
    image: c.image,
    imagedigest: c.imageDigest,
    imageid: c.imageId,
    imagerepo: c.imageRepository,
    imagetag: c.imageTag,
    User: c.user,
    cni_json: '',
    cpu_period: c.cpuPeriod,
    cpu_quota: c.cpuQuota,
    cpu_shares: c.cpuShares,
    cpuset_cpu_count: c.cpusetCpuCount,
    created_time: c.createdTime,
    size: -1,
    env: c.env,
    full_id: c.fullId,
    host_ipc: c.hostIpc,
    host_network: c.hostNetwork,
    host_pid: c.hostPid,
    ip: c.ip,
    is_pod_sandbox: c.isPodSandbox,
    labels: Object.fromEntries(c.labels),
    memory_limit: c.memoryLimit,
    swap_limit: c.swapLimit,
    pod_sandbox_id: c.podSandboxId,
    privileged: c.privileged,
    pod_sandbox_labels: c.podSandboxLabels.size > 0 ? Object.fromEntries(c.podSandboxLabels) : null,
    port_mappings: [],
    Mounts: c.mounts.map((m) => ({
      Source: m.source,
      Destination: m.dest,
      Mode: m.mode,
      RW: m.rdwr,
      Propagation: m.propagation,
    })),
  };
  for (const p of c.probes) container[p.kind] = { args: p.args, exe: p.exe };
  return JSON.stringify({ container });
}
