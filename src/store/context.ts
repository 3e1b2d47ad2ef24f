// The context the alert store keeps with every alert, for the console's detail view: the process and its
// ancestors (pid, name, command line), the user, the container, its image and its pod. Falco's UI shows only the
// rule's own output fields; an on-call engineer's first questions are "what started this" and "where".
//
// The fields are compiled once per ruleset, like the `%evt.time` prefix, into the rules' shared field cache
// (src/rules/loader.ts), so an alert deferred for container metadata snapshots them with the rest; they are
// extracted only when an alert fires, and only when the store is on (`alertContext` in the rules' load options).

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

/** The output format that extracts them (leading `*`: every field is present, null when not available). */
export const ALERT_CONTEXT_FORMAT = `*${ALERT_CONTEXT_FIELDS.map((f) => `%${f}`).join(' ')}`;
