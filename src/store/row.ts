// An Alert as the values of one `alerts` row (src/store/database.ts): the JSON columns written as Falco's
// envelope writes them (keys sorted, integers exact), and the filter columns picked out of the alert's fields.
import type { Alert, JsonFieldValue } from '../outputs/alert.ts';
import { type Priority, parsePriority, severity } from '../rules/priority.ts';

export type RowValue = string | number | bigint | null;

/** Column order of INSERT_SQL. */
export const INSERT_SQL =
  'INSERT INTO alerts (time, priority, rule, source, hostname, container_id, container_name, image, proc_name, ' +
  'output, tags, output_fields, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

function jsonValue(v: JsonFieldValue | undefined): string {
  if (v === undefined) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map((x) => jsonValue(x)).join(',')}]`;
  return JSON.stringify(v);
}

/** A fields record as a JSON object, keys sorted (Falco's order), bigints written as exact integers. */
export function fieldsJson(fields: Readonly<Record<string, JsonFieldValue>>): string {
  let s = '{';
  let first = true;
  for (const key of Object.keys(fields).sort()) {
    s += `${first ? '' : ','}${JSON.stringify(key)}:${jsonValue(fields[key])}`;
    first = false;
  }
  return `${s}}`;
}

/**
 * The context as a JSON object: in the order the context format lists its fields (the same for every alert, so
 * not sorted), without the fields that have no value (the missing ancestors: a third of its size). A copy through
 * the native JSON.stringify costs half of writing it by hand; no context field is a nanosecond time, so a bigint
 * (none expected) is written as a number.
 */
export function contextJson(fields: Readonly<Record<string, JsonFieldValue>>): string {
  const kept: Record<string, unknown> = {};
  for (const key in fields) {
    const v = fields[key];
    if (v === null || v === undefined) continue;
    kept[key] = typeof v === 'bigint' ? Number(v) : v;
  }
  return JSON.stringify(kept);
}

/** The first of `names` that the alert's output fields or its context give as a non-empty string. */
function pick(alert: Alert, ...names: string[]): string {
  for (const source of [alert.outputFields, alert.context]) {
    if (source === undefined) continue;
    for (const n of names) {
      const v = source[n];
      if (typeof v === 'string' && v !== '' && v !== '<NA>') return v;
    }
  }
  return '';
}

/** `repository:tag`, or whichever of the two is known. */
function imageOf(alert: Alert): string {
  const full = pick(alert, 'container.image');
  if (full !== '') return full;
  const repo = pick(alert, 'container.image.repository');
  const tag = pick(alert, 'container.image.tag');
  return repo === '' ? '' : tag === '' ? repo : `${repo}:${tag}`;
}

/** Severity 0 (Emergency) … 7 (Debug); an alert from elsewhere (a fleet peer) may spell its priority freely. */
function severityOf(p: Priority): number {
  const s = severity(p);
  if (s >= 0) return s;
  const parsed = parsePriority(String(p));
  return parsed === undefined ? 7 : severity(parsed);
}

/** The values of INSERT_SQL's placeholders for one alert. */
export function alertRow(alert: Alert): RowValue[] {
  return [
    alert.time,
    severityOf(alert.priority),
    alert.rule,
    alert.source,
    alert.hostname,
    pick(alert, 'container.id'),
    pick(alert, 'container.name'),
    imageOf(alert),
    pick(alert, 'proc.name'),
    alert.output,
    JSON.stringify([...alert.tags].sort()),
    fieldsJson(alert.outputFields),
    alert.context === undefined ? null : contextJson(alert.context),
  ];
}
