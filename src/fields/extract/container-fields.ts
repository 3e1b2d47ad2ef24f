// Extractors of the container.* and k8s.* fields (and proc.is_container_healthcheck & co.): the event thread's
// container, from its cgroups (thread.containerId), and that container's record in the metadata store
// (state.containers: the runtimes' APIs live, container-json events in a replay). The values and their Falco
// semantics are in container-values.ts; this file only connects them to the event model.

import { type ContainerInfo, type HealthProbe, partialInfo } from '../../state/containers/model.ts';
import type { Event } from '../../state/event.ts';
import type { ThreadInfo } from '../../state/thread.ts';
import { compileGlob } from '../../text/glob.ts';
import { containerClass } from '../catalog/container.ts';
import { k8sClass } from '../catalog/k8s.ts';
import type { Bind, ExtractorMap } from './common.ts';
import { onThread } from './common.ts';
import { bindContainerValue, type ContainerEventAccess, HOST } from './container-values.ts';

// A thread whose container the store does not hold (it keeps at most MAX_CONTAINERS): id only.
const orphans = new Map<string, ContainerInfo>();
function orphan(id: string): ContainerInfo {
  let c = orphans.get(id);
  if (c === undefined) {
    if (orphans.size >= 1024) orphans.clear();
    c = partialInfo('unknown', id, id);
    orphans.set(id, c);
  }
  return c;
}

const access: ContainerEventAccess<Event> = {
  container(evt) {
    const t = evt.thread;
    const s = evt.state;
    if (t === null || s === null) return undefined;
    if (t.containerId === '') return HOST;
    return s.containers.get(t.containerId) ?? orphan(t.containerId);
  },
  pidnsInitStartTs: (evt) => evt.thread?.pidnsInitStartTs ?? 0n,
  ts: (evt) => evt.ts,
  lookup: (evt, id) => evt.state?.containers.get(id),
};

function bind(name: string): Bind {
  return (arg) => {
    const fn = bindContainerValue(name, arg, access, compileGlob);
    if (fn === undefined) return { error: `no extractor for ${name}` };
    if ('error' in fn) return fn;
    return (evt: Event) => {
      const c = access.container(evt);
      return c === undefined ? null : fn(c, evt);
    };
  };
}

/** Whether a thread runs its container's health check or probe (exe and arguments as the runtime gave them). */
function runsProbe(t: ThreadInfo, probes: readonly HealthProbe[], kind: HealthProbe['kind']): boolean {
  for (const p of probes) {
    if (p.kind !== kind || (p.exe !== t.exe && p.exe !== t.exepath)) continue;
    if (p.args.length === t.args.length && p.args.every((a, i) => a === t.args[i])) return true;
  }
  return false;
}

function probeField(kind: HealthProbe['kind']): Bind {
  return onThread((t, _evt, s) => {
    if (t.containerId === '') return false;
    const c = s.containers.get(t.containerId);
    if (c === undefined || c.probes.length === 0) return false;
    if (runsProbe(t, c.probes, kind)) return true;
    // a probe's children belong to the probe too (Falco's thread category is inherited)
    const parent = s.threads.get(t.ptid);
    return parent !== undefined && parent.containerId === t.containerId && runsProbe(parent, c.probes, kind);
  });
}

const map: ExtractorMap = {};
for (const f of [...containerClass.fields, ...k8sClass.fields]) {
  if (!f.name.startsWith('proc.')) map[f.name] = bind(f.name);
}
map['proc.is_container_healthcheck'] = probeField('healthcheck');
map['proc.is_container_liveness_probe'] = probeField('liveness_probe');
map['proc.is_container_readiness_probe'] = probeField('readiness_probe');

export const extractors: ExtractorMap = map;
