// An alert as the values of one `alerts` row (src/store/database.ts): the JSON columns written as Falco's
// envelope writes them (keys sorted, integers exact), and the filter columns picked out of the alert's fields.
//
// The detection thread only packs what a row needs into one flat array per batch (`packAlert`), which the
// structured clone copies to the writer thread faster than alert objects (no property names per alert, no
// `message`, which the store does not keep); the writer thread makes the rows from it (`RowBuilder`). Both steps
// are per alert, so they allocate little: the builder reuses one row array and remembers, per rule, the JSON of its
// tags and the sorted order of its output fields' names (the same for every alert of a rule).
import type { Alert, JsonFieldValue } from '../outputs/alert.ts';
import { type Priority, parsePriority, severity } from '../rules/priority.ts';
import { ALERT_CONTEXT_FIELDS, CONTEXT_INDEX } from './context.ts';

export type RowValue = string | number | bigint | null;

/** Column order of INSERT_SQL. */
export const INSERT_SQL =
  'INSERT INTO alerts (time, priority, rule, source, hostname, container_id, container_name, image, proc_name, ' +
  'output, tags, output_fields, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * Alerts packed for the writer thread: PACKED_STRIDE slots per alert, in this order: time (bigint), severity,
 * rule, source, hostname, output, tags, output fields, context (array or null). Alerts come in runs of one rule
 * from one process, whose fields, ancestry, user and container repeat, and what is not sent costs the detection
 * thread nothing to copy; so, relative to the previous alert of the same batch:
 * - output fields with the same names in the same order are sent as an array of their values, and
 * - in those values and in a context, a value equal to the previous alert's is left undefined.
 * unpackAlerts puts it all back, on the writer thread.
 */
export type PackedAlerts = unknown[];
export const PACKED_STRIDE = 9;

/** Severity 0 (Emergency) … 7 (Debug); an alert from elsewhere (a fleet peer) may spell its priority freely. */
function severityOf(p: Priority): number {
  const s = severity(p);
  if (s >= 0) return s;
  const parsed = parsePriority(String(p));
  return parsed === undefined ? 7 : severity(parsed);
}

/** The context as packed after `previous` (the context of the alert packed before it in the same batch). */
function packContext(
  context: readonly JsonFieldValue[] | undefined,
  previous: readonly JsonFieldValue[] | undefined,
): readonly (JsonFieldValue | undefined)[] | null {
  if (context === undefined) return null;
  if (previous === undefined) return context;
  const out: (JsonFieldValue | undefined)[] = context.slice();
  for (let k = 0; k < out.length; k++) if (out[k] === previous[k]) out[k] = undefined;
  return out;
}

type Fields = Readonly<Record<string, JsonFieldValue>>;

/**
 * Output fields as packed after `previous`: the object itself, or, when its names are the previous alert's in the
 * same order, the array of its values (undefined where the previous alert had the same value).
 */
function packFields(fields: Fields, previous: Fields | undefined): Fields | (JsonFieldValue | undefined)[] {
  if (previous === undefined) return fields;
  const values: (JsonFieldValue | undefined)[] = [];
  const names = Object.keys(previous);
  let i = 0;
  for (const name in fields) {
    if (names[i] !== name) return fields;
    const v = fields[name];
    values.push(v === previous[name] ? undefined : v);
    i++;
  }
  return i === names.length ? values : fields;
}

/**
 * Appends alerts to a packed batch (a fresh one per batch: each packed context is relative to the one before it
 * in the same batch).
 */
export function packAlerts(alerts: Iterable<Alert>, out: PackedAlerts = []): PackedAlerts {
  let previous: readonly JsonFieldValue[] | undefined;
  let previousFields: Fields | undefined;
  for (const alert of alerts) {
    out.push(
      alert.time,
      severityOf(alert.priority),
      alert.rule,
      alert.source,
      alert.hostname,
      alert.output,
      alert.tags,
      packFields(alert.outputFields, previousFields),
      packContext(alert.context, previous),
    );
    previous = alert.context;
    previousFields = alert.outputFields;
  }
  return out;
}

function jsonValue(v: JsonFieldValue | undefined): string {
  if (v === undefined) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map((x) => jsonValue(x)).join(',')}]`;
  return JSON.stringify(v);
}

/** A fields record as a JSON object, keys sorted (Falco's order), bigints written as exact integers. */
export function fieldsJson(fields: Readonly<Record<string, JsonFieldValue>>): string {
  return fieldsJsonIn(fields, sortedKeys(Object.keys(fields)));
}

interface SortedKeys {
  readonly names: readonly string[];
  /** `"name":` of each. */
  readonly heads: readonly string[];
}

function sortedKeys(keys: string[]): SortedKeys {
  const names = keys.sort();
  return { names, heads: names.map((k) => `${JSON.stringify(k)}:`) };
}

function fieldsJsonIn(fields: Readonly<Record<string, JsonFieldValue>>, keys: SortedKeys): string {
  let s = '{';
  for (let i = 0; i < keys.names.length; i++) {
    const v = fields[keys.names[i]];
    s += `${i === 0 ? '' : ','}${keys.heads[i]}${typeof v === 'string' ? JSON.stringify(v) : jsonValue(v)}`;
  }
  return `${s}}`;
}

/** `"name":` of each context field, in ALERT_CONTEXT_FIELDS order. */
const CONTEXT_KEYS = ALERT_CONTEXT_FIELDS.map((f) => `${JSON.stringify(f)}:`);

/**
 * The context (values in ALERT_CONTEXT_FIELDS order) as a JSON object keyed by field name, in that order (the same
 * for every alert, so not sorted), without the fields that have no value (the missing ancestors: a third of its
 * size).
 */
export function contextJson(values: readonly JsonFieldValue[]): string {
  let s = '';
  const n = Math.min(values.length, CONTEXT_KEYS.length);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    s += `${s === '' ? '{' : ','}${CONTEXT_KEYS[i]}${typeof v === 'string' ? JSON.stringify(v) : jsonValue(v)}`;
  }
  return s === '' ? '{}' : `${s}}`;
}

function known(v: unknown): v is string {
  return typeof v === 'string' && v !== '' && v !== '<NA>';
}

const CONTEXT_CONTAINER_ID = CONTEXT_INDEX.get('container.id') ?? -1;
const CONTEXT_CONTAINER_NAME = CONTEXT_INDEX.get('container.name') ?? -1;
const CONTEXT_IMAGE_REPOSITORY = CONTEXT_INDEX.get('container.image.repository') ?? -1;
const CONTEXT_IMAGE_TAG = CONTEXT_INDEX.get('container.image.tag') ?? -1;
const CONTEXT_PROC_NAME = CONTEXT_INDEX.get('proc.name') ?? -1;

/** The field as the output fields give it, else as the context does (at `at`), as a non-empty string; or ''. */
function pick(
  fields: Readonly<Record<string, JsonFieldValue>>,
  context: readonly JsonFieldValue[] | null,
  name: string,
  at: number,
): string {
  const v = fields[name];
  if (known(v)) return v;
  const c = context?.[at];
  return known(c) ? c : '';
}

interface RuleCache {
  tags: readonly string[];
  tagsJson: string;
  keys: SortedKeys;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `keys` are exactly the names of `fields` (a rule's fields keep their names from alert to alert). */
function sameKeys(fields: Readonly<Record<string, JsonFieldValue>>, keys: SortedKeys): boolean {
  let n = 0;
  for (const _ in fields) n++;
  if (n !== keys.names.length) return false;
  for (const k of keys.names) if (!Object.hasOwn(fields, k)) return false;
  return true;
}

/**
 * A packed batch's output fields and contexts as they were (see PackedAlerts), in place: the batch is this
 * thread's own copy.
 */
export function unpackAlerts(p: PackedAlerts): void {
  let previous: JsonFieldValue[] | undefined;
  let previousFields: Record<string, JsonFieldValue> | undefined;
  let names: string[] = [];
  for (let at = 0; at < p.length; at += PACKED_STRIDE) {
    const f = p[at + 7] as Record<string, JsonFieldValue> | (JsonFieldValue | undefined)[];
    if (Array.isArray(f) && previousFields !== undefined) {
      const fields: Record<string, JsonFieldValue> = {};
      for (let k = 0; k < names.length; k++) {
        const v = f[k];
        fields[names[k]] = v === undefined ? (previousFields[names[k]] ?? null) : v;
      }
      p[at + 7] = fields;
      previousFields = fields;
    } else {
      previousFields = f as Record<string, JsonFieldValue>;
      names = Object.keys(previousFields);
    }
    const c = p[at + 8] as (JsonFieldValue | undefined)[] | null;
    if (c === null) continue;
    if (previous !== undefined) {
      for (let k = 0; k < c.length; k++) if (c[k] === undefined) c[k] = previous[k] ?? null;
    }
    previous = c as JsonFieldValue[];
  }
}

/** Makes rows, on the writer thread. One row array, overwritten by each call: bind it before the next. */
export class RowBuilder {
  private readonly row: RowValue[] = new Array(13).fill(null);
  private readonly rules = new Map<string, RuleCache>();

  /** The row of the packed alert at slot `at` (a multiple of PACKED_STRIDE), after unpackAlerts. */
  packed(p: PackedAlerts, at: number): RowValue[] {
    return this.make(
      p[at] as bigint,
      p[at + 1] as number,
      p[at + 2] as string,
      p[at + 3] as string,
      p[at + 4] as string,
      p[at + 5] as string,
      p[at + 6] as readonly string[],
      p[at + 7] as Readonly<Record<string, JsonFieldValue>>,
      p[at + 8] as readonly JsonFieldValue[] | null,
    );
  }

  alert(a: Alert): RowValue[] {
    return this.make(
      a.time,
      severityOf(a.priority),
      a.rule,
      a.source,
      a.hostname,
      a.output,
      a.tags,
      a.outputFields,
      a.context ?? null,
    );
  }

  private cacheFor(rule: string, tags: readonly string[], fields: Readonly<Record<string, JsonFieldValue>>): RuleCache {
    let c = this.rules.get(rule);
    if (c === undefined) {
      if (this.rules.size >= 4096) this.rules.clear();
      c = { tags, tagsJson: JSON.stringify([...tags].sort()), keys: sortedKeys(Object.keys(fields)) };
      this.rules.set(rule, c);
      return c;
    }
    // A reload may change a rule's tags or output: check, and learn the new ones.
    if (!sameStrings(c.tags, tags)) {
      c.tags = tags;
      c.tagsJson = JSON.stringify([...tags].sort());
    }
    if (!sameKeys(fields, c.keys)) c.keys = sortedKeys(Object.keys(fields));
    return c;
  }

  private make(
    time: bigint,
    sev: number,
    rule: string,
    source: string,
    hostname: string,
    output: string,
    tags: readonly string[],
    fields: Readonly<Record<string, JsonFieldValue>>,
    context: readonly JsonFieldValue[] | null,
  ): RowValue[] {
    const cache = this.cacheFor(rule, tags, fields);
    const r = this.row;
    r[0] = time;
    r[1] = sev;
    r[2] = rule;
    r[3] = source;
    r[4] = hostname;
    r[5] = pick(fields, context, 'container.id', CONTEXT_CONTAINER_ID);
    r[6] = pick(fields, context, 'container.name', CONTEXT_CONTAINER_NAME);
    // `repository:tag`, or whichever of the two is known
    let image = pick(fields, null, 'container.image', -1);
    if (image === '') {
      const repo = pick(fields, context, 'container.image.repository', CONTEXT_IMAGE_REPOSITORY);
      const tag = pick(fields, context, 'container.image.tag', CONTEXT_IMAGE_TAG);
      image = repo === '' ? '' : tag === '' ? repo : `${repo}:${tag}`;
    }
    r[7] = image;
    r[8] = pick(fields, context, 'proc.name', CONTEXT_PROC_NAME);
    r[9] = output;
    r[10] = cache.tagsJson;
    r[11] = fieldsJsonIn(fields, cache.keys);
    r[12] = context === null ? null : contextJson(context);
    return r;
  }
}

/** The values of INSERT_SQL's placeholders for one alert (a fresh array). */
export function alertRow(alert: Alert): RowValue[] {
  return [...new RowBuilder().alert(alert)];
}
