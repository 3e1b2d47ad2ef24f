// containerd's own view of a container (its record, the OCI runtime spec in it, its image, its task) →
// ContainerInfo, with the container plugin's readings (plugins/container/go-worker/pkg/container/containerd.go):
// host namespaces are the ones missing from the spec, `privileged` is the spec containerd's WithPrivileged
// writes, mounts are the spec's. Where Peregrine reads differently, the comment says so.
import { shortContainerId } from './cgroup-id.ts';
import type { ContainerdContainer } from './containerd-client.ts';
import { countCpuSet, parseImageReference } from './docker-metadata.ts';
import type { ContainerInfo, ContainerMount } from './model.ts';

/** The parts of an OCI runtime spec (runtime-spec 1.x config.json) that container metadata reads. */
export interface OciSpec {
  readonly process?: {
    readonly user?: { readonly uid?: number };
    readonly env?: readonly string[];
    readonly selinuxLabel?: string;
    readonly apparmorProfile?: string;
  };
  readonly mounts?: readonly {
    readonly destination?: string;
    readonly type?: string;
    readonly source?: string;
    readonly options?: readonly string[];
  }[];
  readonly annotations?: Readonly<Record<string, string>>;
  readonly linux?: {
    readonly namespaces?: readonly { readonly type?: string; readonly path?: string }[];
    readonly maskedPaths?: readonly string[];
    readonly readonlyPaths?: readonly string[];
    readonly seccomp?: unknown;
    readonly rootfsPropagation?: string;
    readonly resources?: {
      readonly cpu?: {
        readonly shares?: number;
        readonly quota?: number;
        readonly period?: number;
        readonly cpus?: string;
      };
      readonly memory?: { readonly limit?: number; readonly swap?: number };
    };
  };
}

/** OCI specs are a few KiB; one far larger is not read (a hostile or broken runtime cannot make us parse MBs). */
const MAX_SPEC_BYTES = 1024 * 1024;

/** The container's OCI spec, from the JSON containerd keeps in an Any; undefined when absent or unreadable. */
export function parseSpec(c: ContainerdContainer): OciSpec | undefined {
  const v = c.spec?.value;
  if (v === undefined || v.byteLength === 0 || v.byteLength > MAX_SPEC_BYTES) return undefined;
  try {
    const spec = JSON.parse(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8')) as unknown;
    return spec !== null && typeof spec === 'object' ? (spec as OciSpec) : undefined;
  } catch {
    return undefined;
  }
}

/** What else was learnt about the container besides its record. */
export interface ContainerdExtras {
  /** Digest of the image's manifest (or index), from the image service. */
  readonly imageDigest: string;
  /** Host pid of the task's init process, 0 when the container has no task. */
  readonly initPid: number;
  /** Labels of the pod sandbox the container belongs to (the sandbox container's own labels). */
  readonly sandboxLabels: ReadonlyMap<string, string> | undefined;
  readonly labelMaxLen: number;
}

/** Labels containerd's CRI plugin puts on its containers: `io.cri-containerd.kind` is `sandbox` or `container`. */
export const CRI_KIND_LABEL = 'io.cri-containerd.kind';

const NO_LABELS: ReadonlyMap<string, string> = new Map();

const PROPAGATIONS = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

export function containerdToContainerInfo(
  c: ContainerdContainer,
  spec: OciSpec | undefined,
  x: ContainerdExtras,
): ContainerInfo {
  const labels = new Map<string, string>();
  for (const [k, v] of Object.entries(c.labels ?? {})) if (v.length <= x.labelMaxLen) labels.set(k, v);
  const linux = spec?.linux;
  const namespaces = new Set((linux?.namespaces ?? []).map((n) => n.type));
  const mounts: ContainerMount[] = (spec?.mounts ?? []).map((m) => {
    const options = m.options ?? [];
    const mode = options.find((o) => o.startsWith('mode='));
    return {
      source: m.source ?? '',
      dest: m.destination ?? '',
      mode: mode === undefined ? '' : mode.slice('mode='.length),
      rdwr: !options.includes('ro'),
      // the mount's own propagation option (ctr --mount …,options=rbind:rshared); the plugin reports the rootfs's
      propagation: options.find((o) => PROPAGATIONS.has(o)) ?? '',
    };
  });
  const cpu = linux?.resources?.cpu;
  const memory = linux?.resources?.memory;
  const ref = c.image === '' ? { repository: '', tag: '', digest: '' } : parseImageReference(c.image);
  const isPodSandbox = labels.get(CRI_KIND_LABEL) === 'sandbox';
  const sandboxId = c.sandbox || (spec?.annotations?.['io.kubernetes.cri.sandbox-id'] ?? '');
  const podSandboxLabels = new Map<string, string>();
  for (const [k, v] of x.sandboxLabels ?? (isPodSandbox ? labels : NO_LABELS)) {
    if (!k.startsWith('io.cri-containerd.') && !k.startsWith('io.kubernetes.') && v.length <= x.labelMaxLen)
      podSandboxLabels.set(k, v);
  }
  return {
    type: 'containerd',
    id: shortContainerId(c.id),
    fullId: c.id,
    // The plugin names every containerd container by its short id. The id is the name `ctr run` was given
    // (hex ids are the CRI plugin's, whose containers normally go through the CRI client): kept whole; a
    // Kubernetes container name or nerdctl's name label wins.
    name: labels.get('io.kubernetes.container.name') ?? labels.get('nerdctl/name') ?? c.id,
    image: c.image,
    imageId: '',
    imageRepository: ref.repository,
    imageTag: ref.tag,
    imageDigest: ref.digest || x.imageDigest,
    privileged: spec === undefined ? false : isPrivileged(spec),
    mounts,
    hostPid: linux !== undefined && !namespaces.has('pid'),
    hostNetwork: linux !== undefined && !namespaces.has('network'),
    hostIpc: linux !== undefined && !namespaces.has('ipc'),
    ip: '',
    labels,
    user: spec?.process?.user?.uid === undefined ? '' : String(spec.process.user.uid),
    env: spec?.process?.env ?? [],
    createdTime: c.created_at?.seconds ?? 0,
    startedAtNs: 0n,
    initPid: x.initPid,
    probes: [],
    isPodSandbox,
    podSandboxId: isPodSandbox ? c.id : sandboxId,
    podSandboxLabels,
    memoryLimit: memory?.limit ?? 0,
    swapLimit: memory?.swap ?? 0,
    cpuShares: cpu?.shares && cpu.shares > 0 ? cpu.shares : 1024,
    cpuQuota: cpu?.quota ?? 0,
    cpuPeriod: cpu?.period && cpu.period > 0 ? cpu.period : 100000,
    cpusetCpuCount: countCpuSet(cpu?.cpus ?? ''),
    partial: false,
  };
}

/**
 * What containerd's oci.WithPrivileged leaves in a spec (the plugin's reading): no masked or read-only paths,
 * no SELinux label, no AppArmor profile (or unconfined), no seccomp, and sysfs and cgroupfs not mounted
 * read-only. The spec keeps no "privileged" flag of its own.
 */
export function isPrivileged(spec: OciSpec): boolean {
  const linux = spec.linux;
  const process = spec.process;
  if (linux === undefined || process === undefined) return false;
  if ((linux.maskedPaths?.length ?? 0) > 0 || (linux.readonlyPaths?.length ?? 0) > 0) return false;
  if ((process.selinuxLabel ?? '') !== '') return false;
  const apparmor = process.apparmorProfile ?? '';
  if (apparmor !== '' && apparmor !== 'unconfined') return false;
  if (linux.seccomp !== undefined && linux.seccomp !== null) return false;
  for (const m of spec.mounts ?? []) {
    if ((m.type === 'sysfs' || m.type === 'cgroup') && (m.options ?? []).includes('ro')) return false;
  }
  return true;
}
