// CRI answers (a container's verbose status, its pod sandbox's status, its image) → ContainerInfo, with the
// container plugin's readings (plugins/container/go-worker/pkg/container/cri.go): the pod's name, namespace
// and uid become the io.kubernetes.* labels the k8s.* fields read, the sandbox's labels are the pod's labels,
// host namespaces come from the sandbox, `privileged` from the runtime's verbose details (containerd keeps the
// CRI config there, CRI-O a `privileged` key).
import { shortContainerId } from './cgroup-id.ts';
import type { CriContainerStatus, CriImage, CriMount, CriPodSandboxStatus, Verbose } from './cri-client.ts';
import { countCpuSet, parseImageReference } from './docker-metadata.ts';
import type { ContainerInfo, ContainerMount, RuntimeType } from './model.ts';

/** The runtime's verbose details that metadata reads (containerd's and CRI-O's `info` documents). */
interface VerboseInfo {
  readonly pid?: number;
  readonly privileged?: boolean;
  readonly image?: string;
  readonly config?: {
    readonly image?: { readonly image?: string; readonly user_specified_image?: string };
    readonly envs?: readonly { readonly key?: string; readonly value?: string }[];
    readonly linux?: { readonly security_context?: { readonly privileged?: boolean } };
  };
  readonly runtimeSpec?: { readonly annotations?: Readonly<Record<string, string>> };
}

/** Verbose details larger than this are not parsed (they hold an OCI spec: a few KiB). */
const MAX_INFO_BYTES = 1024 * 1024;

export function verboseInfo(v: Verbose<unknown> | undefined): VerboseInfo {
  const text = v?.info?.info;
  if (text === undefined || text.length > MAX_INFO_BYTES) return {};
  try {
    const o = JSON.parse(text) as unknown;
    return o !== null && typeof o === 'object' ? (o as VerboseInfo) : {};
  } catch {
    return {};
  }
}

/** The runtime a CRI socket belongs to, as container.type says it (Version's runtime_name). */
export function criRuntimeType(runtimeName: string): RuntimeType {
  if (runtimeName === 'containerd') return 'containerd';
  if (runtimeName === 'cri-o') return 'cri-o';
  return 'cri';
}

const PROPAGATION: Readonly<Record<string, string>> = {
  PROPAGATION_PRIVATE: 'private',
  PROPAGATION_HOST_TO_CONTAINER: 'rslave',
  PROPAGATION_BIDIRECTIONAL: 'rshared',
};

export interface CriConvertOptions {
  readonly type: RuntimeType;
  readonly labelMaxLen: number;
  /** The container's pod sandbox, when the runtime answered for it. */
  readonly sandbox: Verbose<CriPodSandboxStatus> | undefined;
  /** The container's image record, when the runtime answered for it. */
  readonly image: CriImage | null | undefined;
}

export function criToContainerInfo(
  verbose: Verbose<CriContainerStatus>,
  podSandboxId: string,
  opts: CriConvertOptions,
): ContainerInfo | undefined {
  const s = verbose.status;
  if (s === null) return undefined;
  const info = verboseInfo(verbose);
  const sandbox = opts.sandbox?.status ?? null;
  const labels = capped(s.labels, opts.labelMaxLen);
  addPodLabels(labels, sandbox, podSandboxId);
  const linux = s.resources?.linux ?? null;
  const mounts: ContainerMount[] = (s.mounts ?? []).map((m: CriMount) => ({
    source: m.host_path,
    dest: m.container_path,
    mode: '',
    rdwr: !m.readonly,
    propagation: PROPAGATION[m.propagation] ?? 'unknown',
  }));
  const image = criImage(s, info, opts.image);
  const id = s.id.toLowerCase();
  return {
    type: opts.type,
    id: shortContainerId(id),
    fullId: id,
    name: s.metadata?.name ?? '',
    ...image,
    privileged: info.privileged ?? info.config?.linux?.security_context?.privileged ?? false,
    mounts,
    ...hostNamespaces(sandbox),
    ip: sandbox?.network?.ip ?? '',
    labels,
    user: s.user?.linux ? String(s.user.linux.uid) : '',
    env: (info.config?.envs ?? []).map((e) => `${e.key ?? ''}=${e.value ?? ''}`),
    createdTime: Math.floor(s.created_at / 1e9),
    // CRI times are int64 nanoseconds; decoded as doubles they keep ~0.25 µs, which start_ts can spare
    startedAtNs: s.started_at > 0 ? BigInt(Math.round(s.started_at)) : 0n,
    initPid: info.pid ?? 0,
    probes: [],
    isPodSandbox: false,
    podSandboxId,
    podSandboxLabels: capped(sandbox?.labels ?? {}, opts.labelMaxLen),
    memoryLimit: linux?.memory_limit_in_bytes ?? 0,
    swapLimit: linux?.memory_swap_limit_in_bytes ?? 0,
    cpuShares: linux?.cpu_shares && linux.cpu_shares > 0 ? linux.cpu_shares : 1024,
    cpuQuota: linux?.cpu_quota ?? 0,
    cpuPeriod: linux?.cpu_period && linux.cpu_period > 0 ? linux.cpu_period : 100000,
    cpusetCpuCount: countCpuSet(linux?.cpuset_cpus ?? ''),
    partial: false,
  };
}

/**
 * A pod sandbox (the pause container) as a container: the pod's name, the sandbox image, the pod's labels. Its
 * processes run in a cgroup named by the sandbox id, like any container's.
 */
export function criSandboxToContainerInfo(
  verbose: Verbose<CriPodSandboxStatus>,
  opts: { readonly type: RuntimeType; readonly labelMaxLen: number },
): ContainerInfo | undefined {
  const s = verbose.status;
  if (s === null) return undefined;
  const info = verboseInfo(verbose);
  const id = s.id.toLowerCase();
  const labels = capped(s.labels, opts.labelMaxLen);
  addPodLabels(labels, s, id);
  const imageName = info.image ?? '';
  const ref = imageName === '' ? { repository: '', tag: '', digest: '' } : parseImageReference(imageName);
  return {
    type: opts.type,
    id: shortContainerId(id),
    fullId: id,
    name: s.metadata?.name ?? '',
    image: imageName,
    imageId: '',
    imageRepository: ref.repository,
    imageTag: ref.tag,
    imageDigest: ref.digest,
    privileged: false,
    mounts: [],
    ...hostNamespaces(s),
    ip: s.network?.ip ?? '',
    labels,
    user: '',
    env: [],
    createdTime: Math.floor(s.created_at / 1e9),
    startedAtNs: 0n,
    initPid: info.pid ?? 0,
    probes: [],
    isPodSandbox: true,
    podSandboxId: id,
    podSandboxLabels: capped(s.labels, opts.labelMaxLen),
    memoryLimit: 0,
    swapLimit: 0,
    cpuShares: 1024,
    cpuQuota: 0,
    cpuPeriod: 100000,
    cpusetCpuCount: 0,
    partial: false,
  };
}

function capped(labels: Readonly<Record<string, string>>, max: number): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(labels ?? {})) if (v.length <= max) m.set(k, v);
  return m;
}

/** The pod's identity as the io.kubernetes.* labels kubelet would have put there (k8s.* fields read them). */
function addPodLabels(labels: Map<string, string>, sandbox: CriPodSandboxStatus | null, sandboxId: string): void {
  if (sandboxId !== '') labels.set('io.kubernetes.sandbox.id', sandboxId);
  const md = sandbox?.metadata;
  if (md) {
    labels.set('io.kubernetes.pod.uid', md.uid);
    labels.set('io.kubernetes.pod.name', md.name);
    labels.set('io.kubernetes.pod.namespace', md.namespace);
  }
}

function hostNamespaces(s: CriPodSandboxStatus | null): { hostPid: boolean; hostNetwork: boolean; hostIpc: boolean } {
  const o = s?.linux?.namespaces?.options ?? null;
  return { hostPid: o?.pid === 'NODE', hostNetwork: o?.network === 'NODE', hostIpc: o?.ipc === 'NODE' };
}

/** `sha256:…` or bare hex: an image id, not a name. */
function isImageId(name: string): boolean {
  return name.startsWith('sha256:') || /^[0-9a-f]{64}$/.test(name);
}

interface CriImageFields {
  readonly image: string;
  readonly imageId: string;
  readonly imageRepository: string;
  readonly imageTag: string;
  readonly imageDigest: string;
}

/**
 * The image fields. image_ref is either the image id
 * (`sha256:…`, containerd) or a digested reference (`repo@sha256:…`, CRI-O). A name that is itself an id is
 * replaced by the name the runtime recorded in the spec's annotations, or the image's first tag.
 */
function criImage(s: CriContainerStatus, info: VerboseInfo, img: CriImage | null | undefined): CriImageFields {
  // The name the container was created with, first: the pod spec's image (user_specified_image, newer kubelets
  // and runtimes), the image the CRI request named (kubelet names it by id; other clients by name), then what
  // the runtime recorded. containerd's status and annotation give the image's *first* tag, another name when
  // the image has several.
  const ann = info.runtimeSpec?.annotations ?? {};
  const candidates = [
    s.image?.user_specified_image,
    info.config?.image?.user_specified_image,
    info.config?.image?.image,
    ann['io.kubernetes.cri.image-name'],
    ann['io.kubernetes.cri-o.ImageName'],
    s.image?.image,
    ann['io.kubernetes.cri-o.Image'],
    img?.repo_tags?.[0],
  ];
  const name = candidates.find((n) => n !== undefined && n !== '' && !isImageId(n)) ?? '';
  const ref = s.image_ref ?? '';
  let imageId = s.image_id || (ref.startsWith('sha256:') ? ref : '') || img?.id || '';
  if (imageId.startsWith('sha256:')) imageId = imageId.slice('sha256:'.length);
  const parsed =
    name === '' || name.startsWith('sha256:') ? { repository: '', tag: '', digest: '' } : parseImageReference(name);
  let digest = parsed.digest;
  const at = ref.indexOf('@sha256:');
  if (digest === '' && at > 0) digest = ref.slice(at + 1);
  if (digest === '' && img) {
    const digests = img.repo_digests.map((d) => ({
      repo: d.slice(0, d.indexOf('@')),
      digest: d.slice(d.indexOf('@') + 1),
    }));
    digest =
      digests.find((d) => d.repo === parsed.repository)?.digest ?? (digests.length === 1 ? digests[0].digest : '');
  }
  return { image: name, imageId, imageRepository: parsed.repository, imageTag: parsed.tag, imageDigest: digest };
}
