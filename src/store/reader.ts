// The alert store's reading side, for the console's API: pages of alerts newest first with a cursor, one alert
// with its context, counts per time bucket, top values, and the alerts added since an id (the live stream).
// Read-only connection (src/store/database.ts). Answers are JSON text assembled from the stored JSON columns,
// which pass through unparsed: integers stay exact and nothing is parsed twice.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { isoTimeUtc } from '../outputs/alert.ts';
import { PRIORITIES } from '../rules/priority.ts';
import { openForReading } from './database.ts';
import { type AlertFilter, FilterError, filterSql, type SqlParam } from './filter.ts';

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
  /** Alerts matching the filter, all pages together. */
  readonly total: number;
  /** `{"total":…,"alerts":[…],"next":…}` */
  readonly json: string;
}

/** Where the next page starts: after the alert with this time and id (newest first). */
interface Cursor {
  readonly time: bigint;
  readonly id: number;
}

export function encodeCursor(c: Cursor): string {
  return `${c.time}_${c.id}`;
}

export function decodeCursor(text: string): Cursor {
  const m = /^(\d{1,19})_(\d{1,16})$/.exec(text);
  if (m === null) throw new FilterError(`cursor: '${text}' is not a cursor this API gave`);
  return { time: BigInt(m[1]), id: Number(m[2]) };
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

export class AlertReader {
  readonly path: string;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.db = db;
  }

  /** Opens an existing store read-only. Throws a StoreError naming the file. */
  static open(path: string): AlertReader {
    return new AlertReader(path, openForReading(path));
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

  /** One page, newest first, after `cursor` when given. */
  page(filter: AlertFilter, limit: number, cursor?: string): Page {
    const cond = filterSql(filter);
    const total = (this.all<{ n: number }>(`SELECT count(*) AS n FROM alerts ${cond.where}`, cond.params)[0]?.n ??
      0) as number;
    const params = [...cond.params];
    let where = cond.where;
    if (cursor !== undefined) {
      const c = decodeCursor(cursor);
      where = `${where === '' ? 'WHERE' : `${where} AND`} (time, id) < (?, ?)`;
      params.push(c.time, c.id);
    }
    // Ids first from the index (the sort, when the planner needs one, sorts index entries, not whole rows), then
    // the rows by id.
    const ids = this.all<{ id: number; sec: number; nsec: number }>(
      `SELECT id FROM alerts ${where} ORDER BY time DESC, id DESC LIMIT ?`,
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
        ? JSON.stringify(encodeCursor({ time: BigInt(last.sec) * 1_000_000_000n + BigInt(last.nsec), id: last.id }))
        : 'null';
    return { total, json: `{"total":${total},"alerts":[${rows.map(alertJson).join(',')}],"next":${next}}` };
  }

  /** One alert with its context, or undefined. */
  get(id: number): string | undefined {
    const row = this.all<AlertRow>(`SELECT ${COLUMNS}, context FROM alerts WHERE id = ?`, [id])[0];
    return row === undefined ? undefined : alertJson(row);
  }

  /**
   * Counts per time bucket and priority (or rule: the `top` rules, the rest together as `other`), over the
   * filter's time range, or the store's when the filter has none.
   */
  counts(filter: AlertFilter, by: CountBy, buckets: number, top = 8): string {
    const cond = filterSql(filter);
    const range = this.all<{ lo: number | null; hi: number | null }>(
      `SELECT min(time) / 1000000 AS lo, max(time) / 1000000 AS hi FROM alerts ${cond.where}`,
      cond.params,
    )[0];
    const fromMs =
      filter.since !== undefined
        ? Number(filter.since / 1_000_000n)
        : (range?.lo ?? Math.floor(Date.now() / 1000) * 1000);
    const toMs = filter.until !== undefined ? Number(filter.until / 1_000_000n) : (range?.hi ?? fromMs) + 1;
    // Round bucket widths to whole seconds, at least one.
    const bucketMs = Math.max(1000, Math.ceil((toMs - fromMs) / buckets / 1000) * 1000);
    const n = Math.max(1, Math.ceil((toMs - fromMs) / bucketMs));
    const start = BigInt(fromMs) * 1_000_000n;
    const width = BigInt(bucketMs) * 1_000_000n;
    let keys: string[];
    let column: string;
    if (by === 'priority') {
      keys = [...PRIORITIES];
      column = 'priority';
    } else {
      keys = this.all<{ v: string }>(
        `SELECT rule AS v, count(*) AS n FROM alerts ${cond.where} GROUP BY rule ORDER BY n DESC LIMIT ?`,
        [...cond.params, top],
      ).map((r) => r.v);
      column = 'rule';
    }
    const rows = this.all<{ b: number; k: string | number; n: number }>(
      `SELECT (time - ?) / ? AS b, ${column} AS k, count(*) AS n FROM alerts ${cond.where} GROUP BY b, k`,
      [start, width, ...cond.params],
    );
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
  top(filter: AlertFilter, field: TopField, limit: number): string {
    const cond = filterSql(filter);
    const col = TOP_COLUMN[field];
    const where = `${cond.where === '' ? 'WHERE' : `${cond.where} AND`} ${col} != ''`;
    if (field === 'container') {
      const rows = this.all<{ v: string; name: string; image: string; n: number }>(
        `SELECT container_id AS v, max(container_name) AS name, max(image) AS image, count(*) AS n FROM alerts ${where} GROUP BY v ORDER BY n DESC LIMIT ?`,
        [...cond.params, limit],
      );
      return JSON.stringify({
        field,
        items: rows.map((r) => ({ value: r.v, name: r.name, image: r.image, count: r.n })),
      });
    }
    const rows = this.all<{ v: string; n: number }>(
      `SELECT ${col} AS v, count(*) AS n FROM alerts ${where} GROUP BY v ORDER BY n DESC LIMIT ?`,
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

  /** What the console's header shows about the store. */
  summary(): string {
    const r = this.all<{ n: number; lo: number | null; hi: number | null }>(
      'SELECT count(*) AS n, min(time) / 1000000 AS lo, max(time) / 1000000 AS hi FROM alerts',
      [],
    )[0];
    const hosts = this.all<{ h: string }>('SELECT DISTINCT hostname AS h FROM alerts ORDER BY h LIMIT 100', []).map(
      (x) => x.h,
    );
    return JSON.stringify({
      path: this.path,
      alerts: r?.n ?? 0,
      oldest_ms: r?.lo ?? null,
      newest_ms: r?.hi ?? null,
      hosts,
      priorities: PRIORITIES,
    });
  }

  close(): void {
    this.db.close();
  }
}
