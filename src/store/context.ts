// The context the alert store keeps with every alert, for the console's detail view: the process and its
// ancestors (pid, name, command line), the user, the container, its image and its pod. Falco's UI shows only the
// rule's own output fields; an on-call engineer's first questions are "what started this" and "where".
//
// The fields are compiled once per ruleset, like the `%evt.time` prefix, into the rules' shared field cache
// (src/rules/loader.ts), so an alert deferred for container metadata snapshots them with the rest; they are
// extracted only when an alert fires, and only when the store is on (`alertContext` in the rules' load options).
// An alert carries their values as an array in the order of ALERT_CONTEXT_FIELDS, not as an object keyed by
// name: V8 keeps an object given some forty keys one by one as a hash table, slower to build, to send to the
// writer thread and to collect (the detection thread pays for each of these).
import type { JsonFieldValue } from '../outputs/alert.ts';

/** Ancestors kept: the parent and four more generations (Falco's own rules look at most five levels up). */
export const ANCESTRY_DEPTH = 5;

function ancestry(): string[] {
  const out: string[] = [];
  for (let n = 1; n <= ANCESTRY_DEPTH; n++) out.push(`proc.apid[${n}]`, `proc.aname[${n}]`, `proc.acmdline[${n}]`);
  return out;
}

export const ALERT_CONTEXT_FIELDS: readonly string[] = [
  'evt.type',
  'proc.pid',
  'proc.name',
  'proc.exepath',
  'proc.cmdline',
  'proc.cwd',
  'proc.tty',
  'user.name',
  'user.uid',
  'user.loginname',
  'group.name',
  ...ancestry(),
  'fd.name',
  'container.id',
  'container.name',
  'container.image.repository',
  'container.image.tag',
  'container.privileged',
  'k8s.ns.name',
  'k8s.pod.name',
];

/** Where each context field's value is in an alert's `context` array. */
export const CONTEXT_INDEX: ReadonlyMap<string, number> = new Map(ALERT_CONTEXT_FIELDS.map((f, i) => [f, i]));

/** A context given by field name (tests, alerts from elsewhere) as an alert carries it: values in field order. */
export function contextValues(byName: Readonly<Record<string, JsonFieldValue>>): JsonFieldValue[] {
  return ALERT_CONTEXT_FIELDS.map((f) => byName[f] ?? null);
}
