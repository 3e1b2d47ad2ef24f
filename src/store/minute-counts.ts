// alert_counts on the writing side (src/store/database.ts): the alerts of one insert, counted per minute, rule,
// priority and host, added to the table in the same transaction (one upsert per distinct key, a handful per batch
// of a real detector); and the SQL retention uses to take deleted alerts back out.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { MINUTE_NS } from './database.ts';

const UPSERT =
  'INSERT INTO alert_counts (minute, rule, priority, hostname, n) VALUES (?, ?, ?, ?, ?) ' +
  'ON CONFLICT (minute, rule, priority, hostname) DO UPDATE SET n = n + excluded.n';

/**
 * Takes the alerts whose ids are in temp.doomed back out of alert_counts (before they are deleted), then drops
 * the counts that reached zero, within the minutes those alerts were in.
 */
export const UNCOUNT_DOOMED_SQL = `
UPDATE alert_counts SET n = alert_counts.n - d.n FROM (
  SELECT time / ${MINUTE_NS} AS minute, rule, priority, hostname, count(*) AS n
  FROM alerts WHERE id IN (SELECT id FROM temp.doomed) GROUP BY 1, 2, 3, 4
) AS d
WHERE alert_counts.minute = d.minute AND alert_counts.rule = d.rule AND alert_counts.priority = d.priority
  AND alert_counts.hostname = d.hostname;
DELETE FROM alert_counts WHERE n <= 0 AND minute BETWEEN
  (SELECT min(time) / ${MINUTE_NS} FROM alerts WHERE id IN (SELECT id FROM temp.doomed)) AND
  (SELECT max(time) / ${MINUTE_NS} FROM alerts WHERE id IN (SELECT id FROM temp.doomed));
`;

interface Count {
  minute: bigint;
  rule: string;
  priority: number;
  hostname: string;
  n: number;
}

export class MinuteCounts {
  private readonly upsert: StatementSync;
  private readonly byKey = new Map<string, Count>();
  /** The count the previous alert went to: alerts come in runs of the same rule, minute and host. */
  private last: Count | undefined;

  constructor(db: DatabaseSync) {
    this.upsert = db.prepare(UPSERT);
  }

  add(time: bigint, rule: string, priority: number, hostname: string): void {
    const minute = time / MINUTE_NS;
    const l = this.last;
    if (
      l !== undefined &&
      l.minute === minute &&
      l.rule === rule &&
      l.priority === priority &&
      l.hostname === hostname
    ) {
      l.n++;
      return;
    }
    // the host's length makes the key unambiguous whatever characters the host and rule names hold
    const key = `${minute} ${priority} ${hostname.length} ${hostname}${rule}`;
    let c = this.byKey.get(key);
    if (c === undefined) {
      c = { minute, rule, priority, hostname, n: 0 };
      this.byKey.set(key, c);
    }
    c.n++;
    this.last = c;
  }

  /** Adds what was counted to alert_counts (inside the caller's transaction) and starts afresh. */
  write(): void {
    for (const c of this.byKey.values()) this.upsert.run(c.minute, c.rule, c.priority, c.hostname, c.n);
    this.clear();
  }

  /** Forgets what was counted (the transaction was rolled back). */
  clear(): void {
    this.byKey.clear();
    this.last = undefined;
  }
}
