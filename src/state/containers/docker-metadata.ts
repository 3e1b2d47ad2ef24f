// Docker (and Podman compat) inspect answers → ContainerInfo, with Falco's value formats: the image reference
// split into repository, tag and digest; mounts as Docker reports them; labels capped in length; pod identity
// from the io.kubernetes.* labels that dockershim and cri-dockerd put on containers.
import type { ContainerType } from './cgroup-id.ts';
import type { DockerContainerInspect, DockerImageInspect } from './docker-client.ts';
import type { ContainerInfo, ContainerMount, HealthProbe } from './model.ts';

export interface ImageReference {
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
}

/**
 * Splits an image reference as Docker reads it: `[registry[:port]/]path[:tag][@digest]`. A colon before the
 * last slash belongs to the registry's port. With neither tag nor digest the tag is Docker's default, `latest`.
 */
export function parseImageReference(ref: string): ImageReference {
  let rest = ref;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) return { repository: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { repository: rest, tag: digest === '' ? 'latest' : '', digest };
}

/** An image given by id (`sha256:…` or a hex prefix) rather than by name. */
function isImageId(image: string, imageId: string): boolean {
  if (image.startsWith('sha256:')) return true;
  return /^[0-9a-f]{12,64}$/.test(image) && imageId.startsWith(image);
}

/** `docker.io/library/busybox` and `busybox` name the same repository. */
function sameRepository(a: string, b: string): boolean {
  return normaliseRepository(a) === normaliseRepository(b);
}

function normaliseRepository(r: string): string {
  let s = r;
  if (s.startsWith('docker.io/')) s = s.slice('docker.io/'.length);
  if (s.startsWith('library/')) s = s.slice('library/'.length);
  return s;
}

export interface ImageFields {
  readonly image: string;
  readonly imageId: string;
  readonly imageRepository: string;
  readonly imageTag: string;
  readonly imageDigest: string;
}

/** The image fields of a container from its configured image and (when the runtime gave it) the image's record. */
export function imageFields(
  configImage: string,
  containerImageId: string,
  img: DockerImageInspect | undefined,
): ImageFields {
  const imageId = stripSha(img?.Id ?? containerImageId);
  let image = configImage;
  if ((image === '' || isImageId(image, imageId)) && img?.RepoTags && img.RepoTags.length > 0) image = img.RepoTags[0];
  const ref =
    isImageId(image, imageId) || image === '' ? { repository: '', tag: '', digest: '' } : parseImageReference(image);
  let digest = ref.digest;
  if (digest === '' && img?.RepoDigests) {
    const digests = img.RepoDigests.map((d) => {
      const at = d.indexOf('@');
      return at < 0 ? undefined : { repo: d.slice(0, at), digest: d.slice(at + 1) };
    }).filter((d) => d !== undefined);
    digest =
      digests.find((d) => sameRepository(d.repo, ref.repository))?.digest ??
      (digests.length === 1 ? digests[0].digest : '');
  }
  return { image, imageId, imageRepository: ref.repository, imageTag: ref.tag, imageDigest: digest };
}

export interface ConvertOptions {
  readonly type: ContainerType;
  /** Labels whose value is longer than this are left out, as Falco's label_max_len does. */
  readonly labelMaxLen: number;
  /** The container's image record, when the runtime answered the image inspect. */
  readonly image?: DockerImageInspect;
  /** IP of the container whose network this one shares (`--network container:X`), when resolved. */
  readonly sharedNetworkIp?: string;
}

export function dockerToContainerInfo(c: DockerContainerInspect, opts: ConvertOptions): ContainerInfo {
  const cfg = c.Config ?? {};
  const host = c.HostConfig ?? {};
  const net = c.NetworkSettings ?? {};
  const labels = new Map<string, string>();
  for (const [k, v] of Object.entries(cfg.Labels ?? {})) {
    if (typeof v === 'string' && v.length <= opts.labelMaxLen) labels.set(k, v);
  }
  const name = (c.Name ?? '').replace(/^\//, '');
  const isPodSandbox = labels.get('io.kubernetes.docker.type') === 'podsandbox' || name.includes('k8s_POD');
  const podSandboxLabels = new Map<string, string>();
  if (isPodSandbox) {
    for (const [k, v] of labels)
      if (!k.startsWith('io.kubernetes.') && !k.startsWith('annotation.')) podSandboxLabels.set(k, v);
  }
  const mounts: ContainerMount[] = (c.Mounts ?? []).map((m) => ({
    source: m.Source ?? '',
    dest: m.Destination ?? '',
    mode: m.Mode ?? '',
    rdwr: m.RW === true,
    propagation: m.Propagation ?? '',
  }));
  const id = c.Id.toLowerCase();
  return {
    type: opts.type,
    id: id.slice(0, 12),
    fullId: id,
    name,
    ...imageFields(cfg.Image ?? '', c.Image ?? '', opts.image),
    privileged: host.Privileged === true,
    mounts,
    hostPid: host.PidMode === 'host',
    hostNetwork: host.NetworkMode === 'host',
    hostIpc: host.IpcMode === 'host',
    ip: primaryIp(net) || (opts.sharedNetworkIp ?? ''),
    labels,
    user: cfg.User ?? '',
    env: cfg.Env ?? [],
    createdTime: Number(rfc3339ToNs(c.Created ?? '') / 1_000_000_000n),
    startedAtNs: rfc3339ToNs(c.State?.StartedAt ?? ''),
    initPid: c.State?.Pid ?? 0,
    probes: healthcheck(cfg.Healthcheck?.Test ?? null),
    isPodSandbox,
    podSandboxId: labels.get('io.kubernetes.sandbox.id') ?? (isPodSandbox ? id : ''),
    podSandboxLabels,
    memoryLimit: host.Memory ?? 0,
    swapLimit: host.MemorySwap ?? 0,
    cpuShares: host.CpuShares && host.CpuShares > 0 ? host.CpuShares : 1024,
    cpuQuota: host.CpuQuota ?? 0,
    cpuPeriod: host.CpuPeriod && host.CpuPeriod > 0 ? host.CpuPeriod : 100000,
    cpusetCpuCount: countCpuSet(host.CpusetCpus ?? ''),
    partial: false,
  };
}

/** The id of the container whose network namespace this one joins (`NetworkMode: container:<id>`), if any. */
export function sharedNetworkContainer(c: DockerContainerInspect): string | undefined {
  const mode = c.HostConfig?.NetworkMode ?? '';
  return mode.startsWith('container:') ? mode.slice('container:'.length) : undefined;
}

function primaryIp(net: NonNullable<DockerContainerInspect['NetworkSettings']>): string {
  if (net.IPAddress) return net.IPAddress;
  for (const n of Object.values(net.Networks ?? {})) if (n.IPAddress) return n.IPAddress;
  return '';
}

/** Docker's Healthcheck.Test: ["CMD", exe, args…], ["CMD-SHELL", command] (run by /bin/sh -c), or ["NONE"]. */
function healthcheck(test: readonly string[] | null): HealthProbe[] {
  if (!test || test.length < 2) return [];
  if (test[0] === 'CMD') return [{ kind: 'healthcheck', exe: test[1], args: test.slice(2) }];
  if (test[0] === 'CMD-SHELL') return [{ kind: 'healthcheck', exe: '/bin/sh', args: ['-c', test[1]] }];
  return [];
}

function stripSha(id: string): string {
  return id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
}

/** RFC 3339 with nanoseconds (`2026-11-27T20:35:42.119664103Z`) → ns since the epoch; 0n for Go's zero time. */
export function rfc3339ToNs(s: string): bigint {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return 0n;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (!Number.isFinite(ms) || ms <= 0) return 0n;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
}

/** Number of CPUs in a cpuset list such as `0-3,7` (0 when empty or malformed). */
export function countCpuSet(set: string): number {
  if (set === '') return 0;
  let n = 0;
  for (const part of set.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return 0;
    n += m[2] === undefined ? 1 : Number(m[2]) - Number(m[1]) + 1;
  }
  return n;
}
