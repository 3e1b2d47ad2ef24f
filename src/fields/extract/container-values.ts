// Values of the container.* and k8s.* fields, from a container's metadata record. Independent of the event
// model: `container.ts` and `k8s.ts` bind these to events through a ContainerEventAccess.
//
// Semantics follow Falco's container plugin (plugins/container/src/caps/extract/extract.cpp):
// - a host thread is the container "host": container.id, full_id, name and type are `host`; string fields are
//   empty, booleans false; mount lookups and k8s fields have no value;
// - a container whose metadata is not known (yet) has container.id and container.type (from its cgroup) and,
//   here, container.full_id; every runtime-provided field is null (`<NA>`), never a guess;
// - container.mount*[N] picks the Nth mount; container.mount*[PATTERN] the first mount whose *source* matches
//   the glob (for container.mount.source: whose *destination* matches). No match: null.
// - container.start_ts is proc.pidns_init_start_ts (kernel time of the container's init), falling back to the
//   runtime's State.StartedAt; container.duration is the event time minus it.

import {
  type ContainerInfo,
  type ContainerMount,
  labelsToString,
  mountToString,
  probeToString,
} from '../../state/containers/model.ts';
import type { BindError, FieldArg, FieldValue } from '../types.ts';

/** The host "container" a thread outside every container belongs to. */
export const HOST = 'host' as const;

/** What a container field sees of one event. */
export interface ContainerEventAccess<E> {
  /** The container of the event's thread: its record, HOST, or undefined when the thread is unknown. */
  container(evt: E): ContainerInfo | typeof HOST | undefined;
  /** proc.pidns_init_start_ts of the event's thread (nanoseconds since the epoch), 0n when unknown. */
  pidnsInitStartTs(evt: E): bigint;
  /** The event's timestamp, nanoseconds since the epoch. */
  ts(evt: E): bigint;
  /** Another container's record, by id (a pod's sandbox), if known. */
  lookup(evt: E, id: string): ContainerInfo | undefined;
}

/** Compiles a Falco glob (fnmatch with no flags) once; the matcher runs per event. */
export type GlobCompiler = (pattern: string) => (s: string) => boolean;

/** A value function: the field's value for one container (or the host) and event. */
export type ContainerValue<E> = (c: ContainerInfo | typeof HOST, evt: E) => FieldValue | null;

/** Fields that have a value even before the runtime described the container. */
const KNOWN_FROM_CGROUP = new Set([
  'container.id',
  'container.full_id',
  'container.type',
  'container.start_ts',
  'container.duration',
]);

/**
 * Whether a field's value comes from the runtime's metadata (and so may be missing while a container's
 * metadata is pending). The alert path defers formatting only for these.
 */
export function isRuntimeMetadataField(name: string): boolean {
  if (name.startsWith('k8s.')) return true;
  if (
    name === 'proc.is_container_healthcheck' ||
    name === 'proc.is_container_liveness_probe' ||
    name === 'proc.is_container_readiness_probe'
  ) {
    return true;
  }
  return name.startsWith('container.') && !KNOWN_FROM_CGROUP.has(name);
}

/**
 * Binds one container.* or k8s.* field (with its argument) to a value function. Returns undefined for a name this
 * module does not serve, a BindError for an unusable argument.
 */
export function bindContainerValue<E>(
  name: string,
  arg: FieldArg | undefined,
  access: ContainerEventAccess<E>,
  glob: GlobCompiler,
): ContainerValue<E> | BindError | undefined {
  const meta = (f: (c: ContainerInfo) => FieldValue | null, host: FieldValue | null): ContainerValue<E> => {
    return (c) => (c === HOST ? host : c.partial ? null : f(c));
  };
  switch (name) {
    case 'container.id':
      return (c) => (c === HOST ? HOST : c.id);
    case 'container.full_id':
      return (c) => (c === HOST ? HOST : c.fullId);
    case 'container.type':
      return (c) => (c === HOST ? HOST : c.type);
    case 'container.name':
      return meta((c) => c.name, HOST);
    case 'container.image':
      return meta((c) => c.image, '');
    case 'container.image.id':
      return meta((c) => c.imageId, '');
    case 'container.image.repository':
      return meta((c) => c.imageRepository, '');
    case 'container.image.tag':
      return meta((c) => c.imageTag, '');
    case 'container.image.digest':
      return meta((c) => c.imageDigest, '');
    case 'container.privileged':
      return meta((c) => c.privileged, false);
    case 'container.host_pid':
      return meta((c) => c.hostPid, false);
    case 'container.host_network':
      return meta((c) => c.hostNetwork, false);
    case 'container.host_ipc':
      return meta((c) => c.hostIpc, false);
    case 'container.ip':
      return meta((c) => c.ip, '');
    case 'container.cni.json':
      return meta(() => '', '');
    case 'container.mounts':
      return meta((c) => c.mounts.map(mountToString).join(','), '');
    case 'container.labels':
      return meta((c) => labelsToString(c.labels), '');
    case 'container.label': {
      if (arg === undefined || arg.raw === '') return { error: `${name} requires a label name, e.g. ${name}[app]` };
      const key = arg.raw;
      return meta((c) => c.labels.get(key) ?? null, null);
    }
    case 'container.healthcheck':
    case 'container.liveness_probe':
    case 'container.readiness_probe': {
      const kind = name.slice('container.'.length);
      return meta((c) => {
        const p = c.probes.find((x) => x.kind === kind);
        return p === undefined ? null : probeToString(p);
      }, null);
    }
    case 'container.start_ts':
      return (c, evt) => startTs(c, evt, access);
    case 'container.duration':
      return (c, evt) => {
        const start = startTs(c, evt, access);
        return start === null ? null : Number(access.ts(evt) - start);
      };
    case 'container.mount':
    case 'container.mount.source':
    case 'container.mount.dest':
    case 'container.mount.mode':
    case 'container.mount.rdwr':
    case 'container.mount.propagation':
      return bindMount(name, arg, glob);
    default:
      return bindK8s(name, arg, access);
  }
}

function startTs<E>(c: ContainerInfo | typeof HOST, evt: E, access: ContainerEventAccess<E>): bigint | null {
  if (c === HOST) return null;
  const t = access.pidnsInitStartTs(evt);
  if (t !== 0n) return t;
  return c.startedAtNs !== 0n ? c.startedAtNs : null;
}

function bindMount<E>(name: string, arg: FieldArg | undefined, glob: GlobCompiler): ContainerValue<E> | BindError {
  if (arg === undefined || arg.raw === '') {
    return { error: `${name} requires a mount index or path, e.g. ${name}[0] or ${name}[/var/run/docker.sock]` };
  }
  const render = (m: ContainerMount): FieldValue => {
    switch (name) {
      case 'container.mount':
        return mountToString(m);
      case 'container.mount.source':
        return m.source;
      case 'container.mount.dest':
        return m.dest;
      case 'container.mount.mode':
        return m.mode;
      case 'container.mount.rdwr':
        return m.rdwr ? 'true' : 'false';
      default:
        return m.propagation;
    }
  };
  let pick: (mounts: readonly ContainerMount[]) => ContainerMount | undefined;
  if (arg.index !== undefined) {
    const i = arg.index;
    pick = (mounts) => mounts[i];
  } else {
    const matches = glob(arg.raw);
    // container.mount.source[X] finds a mount by destination; every other form by source (Falco's choice).
    pick =
      name === 'container.mount.source'
        ? (mounts) => mounts.find((m) => matches(m.dest))
        : (mounts) => mounts.find((m) => matches(m.source));
  }
  return (c) => {
    if (c === HOST || c.partial) return null;
    const m = pick(c.mounts);
    return m === undefined ? null : render(m);
  };
}

const DEPRECATED_K8S = new Set([
  'k8s.rc.name',
  'k8s.rc.id',
  'k8s.rc.label',
  'k8s.rc.labels',
  'k8s.svc.name',
  'k8s.svc.id',
  'k8s.svc.label',
  'k8s.svc.labels',
  'k8s.ns.id',
  'k8s.ns.label',
  'k8s.ns.labels',
  'k8s.rs.name',
  'k8s.rs.id',
  'k8s.rs.label',
  'k8s.rs.labels',
  'k8s.deployment.name',
  'k8s.deployment.id',
  'k8s.deployment.label',
  'k8s.deployment.labels',
]);

function bindK8s<E>(
  name: string,
  arg: FieldArg | undefined,
  access: ContainerEventAccess<E>,
): ContainerValue<E> | BindError | undefined {
  const label =
    (key: string): ContainerValue<E> =>
    (c) =>
      c === HOST || c.partial ? null : (c.labels.get(key) ?? null);
  const sandbox = (c: ContainerInfo, evt: E): ContainerInfo | undefined =>
    c.podSandboxId === '' || c.isPodSandbox ? undefined : access.lookup(evt, c.podSandboxId.slice(0, 12));
  switch (name) {
    case 'k8s.pod.name':
      return label('io.kubernetes.pod.name');
    case 'k8s.ns.name':
      return label('io.kubernetes.pod.namespace');
    case 'k8s.pod.id':
    case 'k8s.pod.uid':
      return label('io.kubernetes.pod.uid');
    case 'k8s.pod.sandbox_id':
      return (c) => (c === HOST || c.partial || c.podSandboxId === '' ? null : c.podSandboxId.slice(0, 12));
    case 'k8s.pod.full_sandbox_id':
      return (c) => (c === HOST || c.partial || c.podSandboxId === '' ? null : c.podSandboxId);
    case 'k8s.pod.label': {
      if (arg === undefined || arg.raw === '') return { error: `${name} requires a label name, e.g. ${name}[app]` };
      const key = arg.raw;
      return (c, evt) => {
        if (c === HOST || c.partial) return null;
        return sandbox(c, evt)?.podSandboxLabels.get(key) ?? c.podSandboxLabels.get(key) ?? null;
      };
    }
    case 'k8s.pod.labels':
      return (c, evt) => {
        if (c === HOST || c.partial || !isK8s(c)) return null;
        const s = sandbox(c, evt);
        return labelsToString(s !== undefined && s.podSandboxLabels.size > 0 ? s.podSandboxLabels : c.podSandboxLabels);
      };
    case 'k8s.pod.ip':
      return (c, evt) => {
        if (c === HOST || c.partial || !isK8s(c)) return null;
        const s = sandbox(c, evt);
        return s !== undefined ? s.ip : c.ip;
      };
    case 'k8s.pod.cni.json':
      return (c) => (c === HOST || c.partial || !isK8s(c) ? null : '');
    default:
      if (DEPRECATED_K8S.has(name)) return () => null;
      return undefined;
  }
}

function isK8s(c: ContainerInfo): boolean {
  return c.labels.has('io.kubernetes.pod.name') || c.podSandboxId !== '';
}
