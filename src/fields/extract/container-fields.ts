// Extractors of the container.* and k8s.* fields: the thread's container id (from its cgroups) and the metadata
// the capture's container-json events carried. A host process has container.id "host".
import type { ContainerInfo, ContainerMount } from '../../state/containers/table.ts';
import type { Event } from '../../state/event.ts';
import type { FieldArg, FieldValue } from '../types.ts';
import { type Bind, type ExtractorMap, plain } from './common.ts';

function containerOf(evt: Event): ContainerInfo | null | undefined {
  const t = evt.thread;
  const s = evt.state;
  if (t === null || s === null) return undefined;
  if (t.containerId === '') return null;
  return s.containers.get(t.containerId) ?? undefined;
}

/** A metadata field: null for host processes and for containers without metadata, or when empty. */
function meta(get: (c: ContainerInfo) => FieldValue | null, host: FieldValue | null = null): Bind {
  return plain((evt) => {
    const c = containerOf(evt);
    if (c === null) return evt.thread === null ? null : host;
    if (c === undefined) return null;
    const v = get(c);
    return v === '' ? null : v;
  });
}

function mountText(m: ContainerMount): string {
  return `${m.source}:${m.dest}:${m.mode}:${m.rw ? 'true' : 'false'}:${m.propagation}`;
}

/** fnmatch-style glob (no flags), enough for container.mount[/path/*] selectors. */
function glob(pattern: string, s: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(s);
}

/** container.mount* [index or path glob]: the mount's text or one of its parts. */
function mountField(part: (m: ContainerMount) => string, byDest: boolean, noneText: string | null): Bind {
  return (arg: FieldArg | undefined) => {
    if (arg === undefined) return { error: 'container.mount fields need an argument: an index or a path' };
    return (evt: Event) => {
      const c = containerOf(evt);
      if (c === null || c === undefined) return null;
      let m: ContainerMount | undefined;
      if (arg.index !== undefined) m = c.mounts[arg.index];
      else m = c.mounts.find((x) => glob(arg.raw, byDest ? x.dest : x.source));
      if (m === undefined) return noneText;
      return part(m);
    };
  };
}

function label(c: ContainerInfo, key: string): string | null {
  return c.labels.get(key) ?? null;
}

export const extractors: ExtractorMap = {
  'container.id': plain((evt) => {
    const t = evt.thread;
    if (t === null) return null;
    return t.containerId === '' ? 'host' : t.containerId;
  }),
  'container.full_id': plain((evt) => {
    const t = evt.thread;
    if (t === null) return null;
    if (t.containerId === '') return 'host';
    const c = evt.state?.containers.get(t.containerId);
    return c !== undefined && c.fullId !== '' ? c.fullId : t.containerId;
  }),
  'container.name': meta((c) => c.name, 'host'),
  'container.image': meta((c) => c.image),
  'container.image.id': meta((c) => c.imageId),
  'container.image.repository': meta((c) => c.imageRepo),
  'container.image.tag': meta((c) => c.imageTag),
  'container.image.digest': meta((c) => c.imageDigest),
  'container.type': plain((evt) => {
    const c = containerOf(evt);
    if (c === null) return 'host';
    return c === undefined ? null : c.type;
  }),
  'container.privileged': meta((c) => c.privileged),
  'container.mounts': meta((c) => c.mounts.map(mountText).join(',')),
  'container.mount': mountField(mountText, false, 'none'),
  'container.mount.source': mountField((m) => m.source, true, null),
  'container.mount.dest': mountField((m) => m.dest, false, null),
  'container.mount.mode': mountField((m) => m.mode, false, null),
  'container.mount.rdwr': mountField((m) => (m.rw ? 'true' : 'false'), false, null),
  'container.mount.propagation': mountField((m) => m.propagation, false, null),
  'container.healthcheck': meta((c) => c.healthcheck),
  'container.liveness_probe': meta((c) => c.livenessProbe),
  'container.readiness_probe': meta((c) => c.readinessProbe),
  'container.start_ts': meta((c) => (c.createdTime === 0n ? null : c.createdTime)),
  'container.duration': plain((evt) => {
    const c = containerOf(evt);
    if (c === null || c === undefined || c.createdTime === 0n) return null;
    return Number(evt.ts - c.createdTime);
  }),
  'container.ip': meta((c) =>
    c.ip === 0 ? null : Uint8Array.of(c.ip & 0xff, (c.ip >>> 8) & 0xff, (c.ip >>> 16) & 0xff, c.ip >>> 24),
  ),
  'container.label': (arg) => {
    if (arg === undefined) return { error: 'container.label needs an argument: a label name' };
    return meta((c) => label(c, arg.raw))(undefined);
  },
  'container.labels': meta((c) => [...c.labels].map(([k, v]) => `${k}:${v}`).join(', ')),
  'k8s.ns.name': meta((c) => label(c, 'io.kubernetes.pod.namespace')),
  'k8s.pod.name': meta((c) => label(c, 'io.kubernetes.pod.name')),
  'k8s.pod.uid': meta((c) => label(c, 'io.kubernetes.pod.uid')),
  'k8s.pod.id': meta((c) => label(c, 'io.kubernetes.pod.uid')),
  'k8s.pod.sandbox_id': meta((c) => {
    const id = label(c, 'io.kubernetes.sandbox.id');
    return id === null ? null : id.slice(0, 12);
  }),
  'k8s.pod.full_sandbox_id': meta((c) => label(c, 'io.kubernetes.sandbox.id')),
  'k8s.pod.label': (arg) => {
    if (arg === undefined) return { error: 'k8s.pod.label needs an argument: a label name' };
    return meta((c) => label(c, arg.raw))(undefined);
  },
  'k8s.pod.labels': meta((c) => [...c.labels].map(([k, v]) => `${k}:${v}`).join(', ')),
  'k8s.pod.ip': meta((c) =>
    c.ip === 0 ? null : Uint8Array.of(c.ip & 0xff, (c.ip >>> 8) & 0xff, (c.ip >>> 16) & 0xff, c.ip >>> 24),
  ),
};
