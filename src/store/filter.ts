// The console's alert filter: parsed from an API query string (with a clear message for a bad value), and
// turned into one SQL condition whose every part is an index range or a check on rows already found.
import { PRIORITIES, parsePriority, severity } from '../rules/priority.ts';

export interface AlertFilter {
  /** Any of these rules (exact names). */
  readonly rules: readonly string[];
  /** At least this priority: severity <= this (0 Emergency … 7 Debug). */
  readonly maxSeverity?: number;
  /** Event time from (inclusive) and until (exclusive), nanoseconds since the epoch. */
  readonly since?: bigint;
  readonly until?: bigint;
  readonly host?: string;
  /** container.id (12 characters; `host` for the host). */
  readonly container?: string;
  readonly image?: string;
  /** proc.name */
  readonly process?: string;
  /** Text the output must contain (case-insensitive for ASCII letters). */
  readonly text?: string;
}

export class FilterError extends Error {}

/**
 * A time: an RFC 3339 date (`2026-11-28T10:00:00Z`, `2026-11-28T10:00:00.123456789Z`), an integer of nanoseconds
 * since the epoch, or a duration before now (`15m`, `24h`, `7d`).
 */
export function parseTime(text: string, key: string, nowMs: number = Date.now()): bigint {
  const t = text.trim();
  if (/^\d{1,19}$/.test(t)) return BigInt(t);
  const ago = /^(\d+)(s|m|h|d|w)$/.exec(t);
  if (ago !== null) {
    const unit: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
    return BigInt(Math.max(0, nowMs - Number(ago[1]) * unit[ago[2]])) * 1_000_000n;
  }
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(t);
  const ms = m === null ? Number.NaN : Date.parse(`${m[1]}${m[3]}`);
  if (m === null || Number.isNaN(ms)) {
    throw new FilterError(
      `${key}: '${text}' is not a time (RFC 3339 such as 2026-11-28T10:00:00Z, nanoseconds since the epoch, or a duration before now such as 15m, 24h, 7d)`,
    );
  }
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
}

const KEYS = new Set(['rule', 'priority', 'since', 'until', 'host', 'container', 'image', 'process', 'q']);

/** The filter in a query string; `extra` lists other keys the endpoint takes. Throws FilterError. */
export function parseFilter(params: URLSearchParams, extra: readonly string[] = []): AlertFilter {
  for (const key of params.keys()) {
    if (!KEYS.has(key) && !extra.includes(key)) throw new FilterError(`unknown parameter '${key}'`);
  }
  const one = (key: string): string | undefined => {
    const all = params.getAll(key);
    if (all.length > 1) throw new FilterError(`${key}: given ${all.length} times; give it once`);
    const v = all[0];
    return v === undefined || v === '' ? undefined : v;
  };
  const rules = params.getAll('rule').filter((r) => r !== '');
  let maxSeverity: number | undefined;
  const p = one('priority');
  if (p !== undefined) {
    const parsed = parsePriority(p);
    if (parsed === undefined)
      throw new FilterError(`priority: '${p}' is not one of ${PRIORITIES.map((x) => x.toLowerCase()).join(', ')}`);
    maxSeverity = severity(parsed);
  }
  const sinceText = one('since');
  const untilText = one('until');
  const since = sinceText === undefined ? undefined : parseTime(sinceText, 'since');
  const until = untilText === undefined ? undefined : parseTime(untilText, 'until');
  if (since !== undefined && until !== undefined && until <= since)
    throw new FilterError('until: must be later than since');
  const text = one('q');
  if (text !== undefined && text.length > 200) throw new FilterError('q: at most 200 characters');
  return {
    rules,
    ...(maxSeverity === undefined ? {} : { maxSeverity }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    ...optional('host', one('host')),
    ...optional('container', one('container')),
    ...optional('image', one('image')),
    ...optional('process', one('process')),
    ...optional('text', text),
  };
}

function optional<K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}

export type SqlParam = string | number | bigint;

export interface SqlCondition {
  /** `WHERE …` or the empty string. */
  readonly where: string;
  readonly params: SqlParam[];
  /**
   * `INDEXED BY alerts_time` when no filter has an index of its own (rule, container, process, host): the page is
   * then read newest first along the time index, which carries the priority and the output, and stops at a page's
   * worth of matches. SQLite, having no statistics, would otherwise scan the whole table and sort it (a text search
   * for a common word took 2.3 s over 1,000,000 alerts, 0.5 ms along the index).
   */
  readonly indexedBy: string;
}

/** `%`, `_` and the escape character itself are literal in the search text. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The filter as a WHERE clause over `alerts`.
 *
 * SQLite has no statistics on these columns, and on a query with several equalities picked the host index (a
 * third of a three-host store) over the rule's (a fortieth): 1.3 s instead of milliseconds over 1,000,000 alerts.
 * So the filter names the index: the first of rule, container, process, host (most selective first, as alerts
 * spread) keeps its index; the others are written `+column`, which SQLite then checks on the rows found rather
 * than use as an index.
 */
export function filterSql(f: AlertFilter): SqlCondition {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  let indexed = false;
  const col = (name: string): string => {
    if (indexed) return `+${name}`;
    indexed = true;
    return name;
  };
  if (f.rules.length > 0) {
    parts.push(`${col('rule')} IN (${f.rules.map(() => '?').join(', ')})`);
    params.push(...f.rules);
  }
  if (f.container !== undefined) {
    parts.push(`${col('container_id')} = ?`);
    params.push(f.container);
  }
  if (f.process !== undefined) {
    parts.push(`${col('proc_name')} = ?`);
    params.push(f.process);
  }
  if (f.host !== undefined) {
    parts.push(`${col('hostname')} = ?`);
    params.push(f.host);
  }
  if (f.image !== undefined) {
    parts.push('image = ?');
    params.push(f.image);
  }
  if (f.maxSeverity !== undefined) {
    parts.push('priority <= ?');
    params.push(f.maxSeverity);
  }
  if (f.since !== undefined) {
    parts.push('time >= ?');
    params.push(f.since);
  }
  if (f.until !== undefined) {
    parts.push('time < ?');
    params.push(f.until);
  }
  if (f.text !== undefined) {
    parts.push("output LIKE ? ESCAPE '\\'");
    params.push(likePattern(f.text));
  }
  return {
    where: parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`,
    params,
    indexedBy: indexed ? '' : 'INDEXED BY alerts_time',
  };
}

/** Whether alert_counts can count the filter's alerts: it filters on nothing but rule, priority, host and time. */
export function countable(f: AlertFilter): boolean {
  return f.container === undefined && f.image === undefined && f.process === undefined && f.text === undefined;
}

/** The filter's rule, priority and host conditions over alert_counts (`AND …` parts, possibly none). */
export function countsSql(f: AlertFilter): { readonly and: string; readonly params: SqlParam[] } {
  let and = '';
  const params: SqlParam[] = [];
  if (f.rules.length > 0) {
    and += ` AND rule IN (${f.rules.map(() => '?').join(', ')})`;
    params.push(...f.rules);
  }
  if (f.maxSeverity !== undefined) {
    and += ' AND priority <= ?';
    params.push(f.maxSeverity);
  }
  if (f.host !== undefined) {
    and += ' AND hostname = ?';
    params.push(f.host);
  }
  return { and, params };
}
