// Counting a filter's alerts, for the console's totals, timeline and top rules: from alert_counts (per minute, rule,
// priority and host: src/store/database.ts) when the filter allows, else from the alerts themselves.
//
// alert_counts counts whole minutes. A time range that does not start or end on a minute is counted exactly all
// the same: the whole minutes inside it from alert_counts, the parts of a minute at either end from the alerts (a
// time-index range of less than a minute each). Buckets of a timeline are whole minutes when they come from
// alert_counts (see bucketsFor).
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { MINUTE_NS } from './database.ts';
import { type AlertFilter, countable, countsSql, filterSql, type SqlParam } from './filter.ts';

/** What is counted apart: the priority, the rule, the host, or nothing (one count). */
export type CountKey = 'priority' | 'rule' | 'hostname' | undefined;

/** Buckets of `width` nanoseconds from `start`: bucket b holds [start + b·width, start + (b+1)·width). */
export interface Buckets {
  readonly start: bigint;
  readonly width: bigint;
}

export interface CountRow {
  /** The bucket (0 without buckets); may fall outside the buckets asked for when the filter's range does. */
  readonly b: number;
  /** The priority (severity number), the rule or the host; null when not counted apart. */
  readonly k: string | number | null;
  readonly n: number;
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a % b === 0n ? a / b : a / b + 1n);

export class AlertCounting {
  private readonly db: DatabaseSync;
  /** Whether the store has alert_counts (schema 2; a version-1 store not yet upgraded has not). */
  readonly hasCounts: boolean;
  private readonly statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, hasCounts: boolean) {
    this.db = db;
    this.hasCounts = hasCounts;
  }

  private all<T>(sql: string, params: readonly SqlParam[]): T[] {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      if (this.statements.size > 256) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s.all(...params) as T[];
  }

  /** Whether `count` reads alert_counts for this filter. */
  usesCounts(f: AlertFilter): boolean {
    return this.hasCounts && countable(f);
  }

  /** How many alerts match the filter. */
  total(f: AlertFilter): number {
    let n = 0;
    for (const r of this.count(f, undefined)) n += r.n;
    return n;
  }

  /**
   * The filter's alerts counted per bucket (when `buckets` is given) and per key. With alert_counts the buckets
   * must be whole minutes (bucketsFor makes them so), or the counts come from the alerts.
   */
  count(f: AlertFilter, key: CountKey, buckets?: Buckets): CountRow[] {
    const minuteBuckets =
      buckets === undefined || (buckets.start % MINUTE_NS === 0n && buckets.width % MINUTE_NS === 0n);
    if (!this.usesCounts(f) || !minuteBuckets) return this.fromAlerts(f, key, buckets);
    // Whole minutes inside [since, until) from alert_counts; the parts of a minute at either end from the alerts.
    const first = f.since === undefined ? undefined : ceilDiv(f.since, MINUTE_NS);
    const end = f.until === undefined ? undefined : f.until / MINUTE_NS;
    if (first !== undefined && end !== undefined && first >= end) return this.fromAlerts(f, key, buckets);
    const rows = this.fromCounts(f, key, buckets, first, end);
    if (f.since !== undefined && first !== undefined && first * MINUTE_NS > f.since) {
      rows.push(...this.fromAlerts({ ...f, until: first * MINUTE_NS }, key, buckets));
    }
    if (f.until !== undefined && end !== undefined && end * MINUTE_NS < f.until) {
      rows.push(...this.fromAlerts({ ...f, since: end * MINUTE_NS }, key, buckets));
    }
    return rows;
  }

  /** The first and last minute holding one of the filter's alerts (from alert_counts), or undefined. */
  minuteRange(f: AlertFilter): { first: number; last: number } | undefined {
    const c = countsSql(f);
    const r = this.all<{ lo: number | null; hi: number | null }>(
      `SELECT min(minute) AS lo, max(minute) AS hi FROM alert_counts WHERE 1${c.and}`,
      c.params,
    )[0];
    if (r === undefined || r.lo === null || r.hi === null) return undefined;
    return { first: r.lo, last: r.hi };
  }

  private fromCounts(
    f: AlertFilter,
    key: CountKey,
    buckets: Buckets | undefined,
    first: bigint | undefined,
    end: bigint | undefined,
  ): CountRow[] {
    const c = countsSql(f);
    const params: SqlParam[] = [];
    let bucket = '0';
    if (buckets !== undefined) {
      bucket = `(minute * ${MINUTE_NS} - ?) / ?`;
      params.push(buckets.start, buckets.width);
    }
    let range = '';
    if (first !== undefined) {
      range += ' AND minute >= ?';
      params.push(first);
    }
    if (end !== undefined) {
      range += ' AND minute < ?';
      params.push(end);
    }
    params.push(...c.params);
    return this.all<CountRow>(
      `SELECT ${bucket} AS b, ${key ?? 'NULL'} AS k, sum(n) AS n FROM alert_counts WHERE 1${range}${c.and} GROUP BY b, k`,
      params,
    );
  }

  private fromAlerts(f: AlertFilter, key: CountKey, buckets: Buckets | undefined): CountRow[] {
    const cond = filterSql(f);
    const params: SqlParam[] = [];
    let bucket = '0';
    if (buckets !== undefined) {
      bucket = '(time - ?) / ?';
      params.push(buckets.start, buckets.width);
    }
    params.push(...cond.params);
    if (key === undefined && buckets === undefined) {
      return this.all<CountRow>(
        `SELECT 0 AS b, NULL AS k, count(*) AS n FROM alerts ${cond.indexedBy} ${cond.where}`,
        cond.params,
      );
    }
    return this.all<CountRow>(
      `SELECT ${bucket} AS b, ${key ?? 'NULL'} AS k, count(*) AS n FROM alerts ${cond.indexedBy} ${cond.where} GROUP BY b, k`,
      params,
    );
  }
}
