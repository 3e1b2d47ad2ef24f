// The alert store's reading side, for the console's API: pages of alerts newest first with a cursor, one alert
// with its context, counts per time bucket, top values, and the alerts added since an id (the live stream).
// Read-only connection (src/store/database.ts). Answers are JSON text assembled from the stored JSON columns,
// which pass through unparsed: integers stay exact and nothing is parsed twice. Totals, the timeline and the top
// rules and hosts are counted by src/store/counting.ts (from the counts per minute where the filter allows).
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { isoTimeUtc } from '../outputs/alert.ts';
import { PRIORITIES } from '../rules/priority.ts';
import { AlertCounting, type CountKey, type CountRow } from './counting.ts';
import { openForReading } from './database.ts';
import { type AlertFilter, FilterError, filterSql, type SqlParam } from './filter.ts';

/**
 * Alerts a text search reads when no start time is given: the newest ones. A search reads the output of every
 * alert in its range (no index can find a substring), about 0.1 s per 200,000 alerts along the time index, which
 * carries the output (docs/performance.md); the answer's `search_since` says where this one stopped, and a
 * `since` searches further back.
 */
export const SEARCH_WINDOW = 200_000;

const MINUTE_MS = 60_000;

/** The columns an API alert is made of; `time` split so that no value exceeds a double's exact range. */
const COLUMNS =
  'id, time / 1000000000 AS sec, time % 1000000000 AS nsec, priority, rule, source, hostname, tags, output, ' +
  'output_fields, container_id, container_name, image, proc_name';

interface AlertRow {
  id: number;
  sec: number;
  nsec: number;
  priority: number;
  rule: string;
  source: string;
  hostname: string;
  tags: string;
  output: string;
  output_fields: string;
  container_id: string;
  container_name: string;
  image: string;
  proc_name: string;
  context?: string | null;
}

export interface Page {
  /** Alerts matching the filter, all pages together (within the search window, for a text search). */
  readonly total: number;
  /** `{"total":…,"alerts":[…],"next":…}`, and `"search_since"` when a text search stopped at SEARCH_WINDOW. */
  readonly json: string;
}

/** Where the next page starts: after the alert with this time and id (newest first). */
interface Cursor {
  readonly time: bigint;
  readonly id: number;
  /** The start of a text search's window, kept from page to page so that new alerts do not move it. */
  readonly searchSince?: bigint;
}

export function encodeCursor(c: Cursor): string {
  return `${c.time}_${c.id}${c.searchSince === undefined ? '' : `_${c.searchSince}`}`;
}

export function decodeCursor(text: string): Cursor {
  const m = /^(\d{1,19})_(\d{1,16})(?:_(\d{1,19}))?$/.exec(text);
  if (m === null) throw new FilterError(`cursor: '${text}' is not a cursor this API gave`);
  const c = { time: BigInt(m[1]), id: Number(m[2]) };
  return m[3] === undefined ? c : { ...c, searchSince: BigInt(m[3]) };
}

/**
 * Falco's alert keys as one JSON object, with the store's id and what the store indexed about the alert's
 * container and process (from its fields or its context; '' when unknown).
 */
function alertJson(r: AlertRow): string {
  const time = isoTimeUtc(BigInt(r.sec) * 1_000_000_000n + BigInt(r.nsec));
  let s =
    `{"id":${r.id},"time":"${time}","rule":${JSON.stringify(r.rule)},"priority":"${PRIORITIES[r.priority] ?? 'Debug'}",` +
    `"source":${JSON.stringify(r.source)},"hostname":${JSON.stringify(r.hostname)},"tags":${r.tags},` +
    `"output":${JSON.stringify(r.output)},"output_fields":${r.output_fields},` +
    `"container":{"id":${JSON.stringify(r.container_id)},"name":${JSON.stringify(r.container_name)},` +
    `"image":${JSON.stringify(r.image)}},"process":${JSON.stringify(r.proc_name)}`;
  if (r.context !== undefined) s += `,"context":${r.context ?? 'null'}`;
  return `${s}}`;
}

export type TopField = 'rule' | 'host' | 'container' | 'image' | 'process';
const TOP_COLUMN: Record<TopField, string> = {
  rule: 'rule',
  host: 'hostname',
  container: 'container_id',
  image: 'image',
  process: 'proc_name',
};
export const TOP_FIELDS = Object.keys(TOP_COLUMN) as TopField[];

export type CountBy = 'priority' | 'rule';

/** Count rows summed per key (rows of alert_counts and of a range's ends may share one). */
function perKey(rows: readonly CountRow[]): Map<string | number | null, number> {
  const m = new Map<string | number | null, number>();
  for (const r of rows) m.set(r.k, (m.get(r.k) ?? 0) + r.n);
  return m;
}

export class AlertReader {
  readonly path: string;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private readonly counting: AlertCounting;
  /** Alerts a text search without a start time reads (SEARCH_WINDOW; smaller in tests). */
  readonly searchWindow: number;

  private constructor(path: string, db: DatabaseSync, searchWindow = SEARCH_WINDOW) {
    this.path = path;
    this.db = db;
    this.searchWindow = searchWindow;
    const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    // A version-1 store (not yet upgraded by a writer) has no alert_counts: everything is counted from the alerts.
    this.counting = new AlertCounting(db, version >= 2);
  }

  /** Opens an existing store read-only. Throws a StoreError naming the file. */
  static open(path: string, searchWindow?: number): AlertReader {
    return new AlertReader(path, openForReading(path), searchWindow);
  }

  /** Over a connection opened elsewhere (bench/store.ts runs the same queries through another SQLite binding). */
  static over(path: string, db: DatabaseSync): AlertReader {
    return new AlertReader(path, db);
  }

  /** Statements are prepared once per distinct SQL text (a filter shape), not per request. */
  private statement(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      if (this.statements.size > 256) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }

  private all<T>(sql: string, params: readonly SqlParam[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  /**
   * Where a text search without a start time begins: the time of the searchWindow-th newest alert (before
   * `until`), or undefined when there are not that many.
   */
  private searchWindowStart(until: bigint | undefined): bigint | undefined {
    const r = this.all<{ s: number; ns: number }>(
      `SELECT time / 1000000000 AS s, time % 1000000000 AS ns FROM alerts INDEXED BY alerts_time ${until === undefined ? '' : 'WHERE time < ?'} ORDER BY time DESC LIMIT 1 OFFSET ?`,
      until === undefined ? [this.searchWindow - 1] : [until, this.searchWindow - 1],
    )[0];
    return r === undefined ? undefined : BigInt(r.s) * 1_000_000_000n + BigInt(r.ns);
  }

  /** A text search without a start time, limited to searchWindow alerts (from `searchSince` when a cursor kept it). */
  private windowed(filter: AlertFilter, searchSince?: bigint): { f: AlertFilter; searchSince?: bigint } {
    if (filter.text === undefined || filter.since !== undefined) return { f: filter };
    const since = searchSince ?? this.searchWindowStart(filter.until);
    return since === undefined ? { f: filter } : { f: { ...filter, since }, searchSince: since };
  }

  /** One page, newest first, after `cursor` when given. */
  page(filter: AlertFilter, limit: number, cursor?: string): Page {
    const c = cursor === undefined ? undefined : decodeCursor(cursor);
    const { f, searchSince } = this.windowed(filter, c?.searchSince);
    const total = this.counting.total(f);
    const cond = filterSql(f);
    const params = [...cond.params];
    let where = cond.where;
    if (c !== undefined) {
      where = `${where === '' ? 'WHERE' : `${where} AND`} (time, id) < (?, ?)`;
      params.push(c.time, c.id);
    }
    // Ids first from the index (the sort, when the planner needs one, sorts index entries, not whole rows), then
    // the rows by id.
    const ids = this.all<{ id: number }>(
      `SELECT id FROM alerts ${cond.indexedBy} ${where} ORDER BY time DESC, id DESC LIMIT ?`,
      [...params, limit + 1],
    ).map((r) => r.id);
    const more = ids.length > limit;
    if (more) ids.pop();
    const rows =
      ids.length === 0
        ? []
        : this.all<AlertRow>(
            `SELECT ${COLUMNS} FROM alerts WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY time DESC, id DESC`,
            ids,
          );
    const last = rows[rows.length - 1];
    const next =
      more && last !== undefined
        ? JSON.stringify(
            encodeCursor({
              time: BigInt(last.sec) * 1_000_000_000n + BigInt(last.nsec),
              id: last.id,
              ...(searchSince === undefined ? {} : { searchSince }),
            }),
          )
        : 'null';
    const window = searchSince === undefined ? '' : `,"search_since":"${isoTimeUtc(searchSince)}"`;
    return { total, json: `{"total":${total},"alerts":[${rows.map(alertJson).join(',')}],"next":${next}${window}}` };
  }

  /** One alert with its context, or undefined. */
  get(id: number): string | undefined {
    const row = this.all<AlertRow>(`SELECT ${COLUMNS}, context FROM alerts WHERE id = ?`, [id])[0];
    return row === undefined ? undefined : alertJson(row);
  }

  /** The oldest and newest alert the filter matches, in milliseconds, or undefined when none does. */
  private rangeMs(f: AlertFilter): { lo: number; hi: number } | undefined {
    if (this.counting.usesCounts(f)) {
      const m = this.counting.minuteRange(f);
      return m === undefined ? undefined : { lo: m.first * MINUTE_MS, hi: (m.last + 1) * MINUTE_MS - 1 };
    }
    const cond = filterSql(f);
    // Two statements: SQLite reads an index end for min() or max() alone, not for both in one.
    const lo = this.all<{ v: number | null }>(
      `SELECT min(time) / 1000000 AS v FROM alerts ${cond.indexedBy} ${cond.where}`,
      cond.params,
    )[0]?.v;
    const hi = this.all<{ v: number | null }>(
      `SELECT max(time) / 1000000 AS v FROM alerts ${cond.indexedBy} ${cond.where}`,
      cond.params,
    )[0]?.v;
    return lo === null || lo === undefined || hi === null || hi === undefined ? undefined : { lo, hi };
  }

  /** The values of `key` among the filter's alerts, most frequent first, with their counts. */
  private ranked(f: AlertFilter, key: Exclude<CountKey, undefined>): [string | number, number][] {
    const m = perKey(this.counting.count(f, key));
    return ([...m] as [string | number, number][]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }

  /**
   * Counts per time bucket and priority (or rule: the `top` rules, the rest together as `other`), over the
   * filter's time range, or the store's when the filter has none (a text search: its window). Buckets are whole seconds, and whole minutes
   * when they are a minute or longer and the counts per minute can count the filter (they then start on a minute).
   */
  counts(unbounded: AlertFilter, by: CountBy, buckets: number, top = 8): string {
    const filter = this.windowed(unbounded).f;
    const range = filter.since === undefined || filter.until === undefined ? this.rangeMs(filter) : undefined;
    let fromMs =
      filter.since !== undefined
        ? Number(filter.since / 1_000_000n)
        : (range?.lo ?? Math.floor(Date.now() / 1000) * 1000);
    const toMs = filter.until !== undefined ? Number(filter.until / 1_000_000n) : (range?.hi ?? fromMs) + 1;
    // Round bucket widths to whole seconds, at least one.
    let bucketMs = Math.max(1000, Math.ceil((toMs - fromMs) / buckets / 1000) * 1000);
    if (bucketMs >= MINUTE_MS && this.counting.usesCounts(filter)) {
      bucketMs = Math.ceil(bucketMs / MINUTE_MS) * MINUTE_MS;
      fromMs = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
    }
    const n = Math.max(1, Math.ceil((toMs - fromMs) / bucketMs));
    const keys =
      by === 'priority'
        ? [...PRIORITIES]
        : this.ranked(filter, 'rule')
            .slice(0, top)
            .map(([k]) => k as string);
    const rows = this.counting.count(filter, by, {
      start: BigInt(fromMs) * 1_000_000n,
      width: BigInt(bucketMs) * 1_000_000n,
    });
    const series = new Map<string, number[]>();
    for (const k of keys) series.set(k, new Array(n).fill(0));
    let other: number[] | undefined;
    for (const r of rows) {
      if (r.b < 0 || r.b >= n) continue;
      const key = by === 'priority' ? (PRIORITIES[r.k as number] ?? 'Debug') : (r.k as string);
      let s = series.get(key);
      if (s === undefined) {
        other ??= new Array(n).fill(0);
        s = other;
      }
      s[r.b] += r.n;
    }
    if (other !== undefined) series.set('other', other);
    const times = Array.from({ length: n }, (_, i) => (fromMs + i * bucketMs) / 1000);
    return JSON.stringify({
      by,
      bucket_seconds: bucketMs / 1000,
      times,
      series: [...series].map(([key, counts]) => ({ key, counts })),
    });
  }

  /** The most frequent values of a column among the filter's alerts. */
  top(unbounded: AlertFilter, field: TopField, limit: number): string {
    const filter = this.windowed(unbounded).f;
    if ((field === 'rule' || field === 'host') && this.counting.usesCounts(filter)) {
      const items = this.ranked(filter, field === 'rule' ? 'rule' : 'hostname')
        .filter(([v]) => v !== '')
        .slice(0, limit)
        .map(([value, count]) => ({ value, count }));
      return JSON.stringify({ field, items });
    }
    const cond = filterSql(filter);
    const col = TOP_COLUMN[field];
    const where = `${cond.where === '' ? 'WHERE' : `${cond.where} AND`} ${col} != ''`;
    if (field === 'container') {
      const rows = this.all<{ v: string; name: string; image: string; n: number }>(
        `SELECT container_id AS v, max(container_name) AS name, max(image) AS image, count(*) AS n FROM alerts ${where} GROUP BY v ORDER BY n DESC, v LIMIT ?`,
        [...cond.params, limit],
      );
      return JSON.stringify({
        field,
        items: rows.map((r) => ({ value: r.v, name: r.name, image: r.image, count: r.n })),
      });
    }
    const rows = this.all<{ v: string; n: number }>(
      `SELECT ${col} AS v, count(*) AS n FROM alerts ${where} GROUP BY v ORDER BY n DESC, v LIMIT ?`,
      [...cond.params, limit],
    );
    return JSON.stringify({ field, items: rows.map((r) => ({ value: r.v, count: r.n })) });
  }

  /** The alerts with an id above `after` that match the filter, oldest first (the live tail), at most `limit`. */
  since(filter: AlertFilter, after: number, limit: number): { lastId: number; ids: number[]; alerts: string[] } {
    const cond = filterSql(filter);
    const where = `${cond.where === '' ? 'WHERE' : `${cond.where} AND`} id > ?`;
    const rows = this.all<AlertRow>(`SELECT ${COLUMNS} FROM alerts ${where} ORDER BY id LIMIT ?`, [
      ...cond.params,
      after,
      limit,
    ]);
    return {
      lastId: rows.length === 0 ? after : rows[rows.length - 1].id,
      ids: rows.map((r) => r.id),
      alerts: rows.map(alertJson),
    };
  }

  /** The highest id in the store (0 when empty): where a live tail starts. */
  lastId(): number {
    return (this.all<{ id: number | null }>('SELECT max(id) AS id FROM alerts', [])[0]?.id ?? 0) as number;
  }

  /**
   * A number that changes whenever another connection commits (PRAGMA data_version): the live stream polls it,
   * which costs no table read while nothing is written.
   */
  dataVersion(): number {
    return (this.db.prepare('PRAGMA data_version').get() as { data_version: number }).data_version;
  }

  /**
   * What the console's header shows about the store. Each part reads an index end or walks the host index one
   * host at a time: milliseconds whatever the store's size (one statement with count, min and max read every
   * alert: 0.2 s over 1,000,000).
   */
  summary(): string {
    const n = this.all<{ n: number }>('SELECT count(*) AS n FROM alerts', [])[0]?.n ?? 0;
    const lo = this.all<{ v: number | null }>('SELECT min(time) / 1000000 AS v FROM alerts', [])[0]?.v ?? null;
    const hi = this.all<{ v: number | null }>('SELECT max(time) / 1000000 AS v FROM alerts', [])[0]?.v ?? null;
    const hosts = this.all<{ h: string }>(
      'WITH RECURSIVE h(x) AS (SELECT min(hostname) FROM alerts UNION ALL ' +
        'SELECT (SELECT min(hostname) FROM alerts WHERE hostname > h.x) FROM h WHERE h.x IS NOT NULL) ' +
        'SELECT x AS h FROM h WHERE x IS NOT NULL LIMIT 100',
      [],
    ).map((x) => x.h);
    return JSON.stringify({
      path: this.path,
      alerts: n,
      oldest_ms: lo,
      newest_ms: hi,
      hosts,
      priorities: PRIORITIES,
    });
  }

  close(): void {
    this.db.close();
  }
}
