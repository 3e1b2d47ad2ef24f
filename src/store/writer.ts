// The alert store's writing side: `insert(alerts)` (one transaction per call) and retention. Synchronous, for
// whichever thread owns the file: the output channel runs it in a worker thread (writer-thread.ts), off the
// detection path; a feed that is not an output channel (the fleet console reading NATS) can call it directly.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Alert } from '../outputs/alert.ts';
import { openForWriting, StoreError } from './database.ts';
import { MinuteCounts, UNCOUNT_DOOMED_SQL } from './minute-counts.ts';
import { INSERT_SQL, PACKED_STRIDE, type PackedAlerts, RowBuilder, type RowValue, unpackAlerts } from './row.ts';
import type { AlertStoreSettings } from './settings.ts';

/** Rows deleted per retention transaction: a long delete would hold the write lock from the inserts. */
const DELETE_CHUNK = 5000;

export class AlertStoreWriter {
  readonly path: string;
  private readonly db: DatabaseSync;
  private readonly insertRow: StatementSync;
  private readonly rememberId: StatementSync;
  private readonly rowBuilder = new RowBuilder();
  private readonly counts: MinuteCounts;
  private readonly settings: AlertStoreSettings;
  /** Rows in the table, counted at open and kept up to date (max_rows is checked without a count(*)). */
  private rows: number;

  private constructor(db: DatabaseSync, settings: AlertStoreSettings) {
    this.db = db;
    this.path = settings.path;
    this.settings = settings;
    this.insertRow = db.prepare(INSERT_SQL);
    this.rememberId = db.prepare('INSERT OR IGNORE INTO ingested (msg_id, time) VALUES (?, ?)');
    this.counts = new MinuteCounts(db);
    // The ids a retention chunk deletes (temp_store is memory: see WRITER_PRAGMAS).
    db.exec('CREATE TEMP TABLE IF NOT EXISTS doomed (id INTEGER PRIMARY KEY)');
    this.rows = (db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n;
  }

  /** Opens or creates the store. Throws a StoreError naming the file. */
  static open(settings: AlertStoreSettings): AlertStoreWriter {
    return new AlertStoreWriter(openForWriting(settings.path), settings);
  }

  get rowCount(): number {
    return this.rows;
  }

  /**
   * Inserts the alerts in one transaction: all of them are committed, or (an exception) none. Returns the id of
   * the last one.
   */
  insert(alerts: readonly Alert[]): number {
    return this.transaction(alerts.length, (i) => this.rowBuilder.alert(alerts[i]));
  }

  /** insert() for alerts packed by packAlert (src/store/row.ts): what the output channel sends this thread. */
  insertPacked(packed: PackedAlerts): number {
    unpackAlerts(packed);
    return this.transaction(Math.floor(packed.length / PACKED_STRIDE), (i) =>
      this.rowBuilder.packed(packed, i * PACKED_STRIDE),
    );
  }

  /**
   * Inserts the alerts whose message id is not in the store yet, in one transaction with their ids and their
   * counts (a fleet console's redelivered messages are stored and counted once). Returns how many were new.
   */
  insertOnce(items: readonly { readonly id: string; readonly alert: Alert }[]): number {
    const before = this.rows;
    this.transaction(items.length, (i) => {
      const { id, alert } = items[i];
      return this.rememberId.run(id, alert.time).changes === 0 ? undefined : this.rowBuilder.alert(alert);
    });
    return this.rows - before;
  }

  /** Inserts row(0 … n-1) (undefined: none for that i) and their counts in one transaction; the last id. */
  private transaction(n: number, row: (i: number) => RowValue[] | undefined): number {
    if (n === 0) return 0;
    let last = 0;
    let added = 0;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (let i = 0; i < n; i++) {
        const r = row(i);
        if (r === undefined) continue;
        last = Number(this.insertRow.run(...r).lastInsertRowid);
        this.counts.add(r[0] as bigint, r[2] as string, r[1] as number, r[4] as string);
        added++;
      }
      this.counts.write();
      this.db.exec('COMMIT');
    } catch (err) {
      this.counts.clear();
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
    this.rows += added;
    return last;
  }

  /** True when max_rows is exceeded by more than 1% (retention then runs without waiting for its timer). */
  get overLimit(): boolean {
    const max = this.settings.maxRows;
    return max > 0 && this.rows > max + Math.max(100, max / 100);
  }

  /**
   * Deletes at most one chunk of what retention removes: alerts whose event time is older than max_age, then the
   * oldest alerts beyond max_rows; and takes them out of alert_counts, in the same transaction. Returns how many
   * rows went; call again while it returns a full chunk.
   */
  retainChunk(nowMs: number = Date.now()): number {
    const db = this.db;
    let doomed = 0;
    db.exec('BEGIN IMMEDIATE');
    try {
      if (this.settings.maxAgeMs > 0) {
        const cutoff = BigInt(Math.max(0, nowMs - this.settings.maxAgeMs)) * 1_000_000n;
        doomed = Number(
          db
            .prepare('INSERT INTO temp.doomed SELECT id FROM alerts WHERE time < ? ORDER BY time LIMIT ?')
            .run(cutoff, DELETE_CHUNK).changes,
        );
      }
      const excess = this.settings.maxRows > 0 ? this.rows - doomed - this.settings.maxRows : 0;
      if (doomed < DELETE_CHUNK && excess > 0) {
        // Insertion order: the oldest rows are the lowest ids (a rowid range, no sort).
        doomed += Number(
          db
            .prepare(
              'INSERT INTO temp.doomed SELECT id FROM alerts WHERE id NOT IN (SELECT id FROM temp.doomed) ORDER BY id LIMIT ?',
            )
            .run(Math.min(excess, DELETE_CHUNK - doomed)).changes,
        );
      }
      if (doomed > 0) {
        db.exec(UNCOUNT_DOOMED_SQL);
        db.exec('DELETE FROM alerts WHERE id IN (SELECT id FROM temp.doomed)');
        db.exec('DELETE FROM temp.doomed');
        // Message ids are needed as long as an alert of their age is kept (a redelivery of an older one would be
        // removed again by this retention anyway).
        db.exec('DELETE FROM ingested WHERE time < coalesce((SELECT min(time) FROM alerts), 9223372036854775807)');
      }
      db.exec('COMMIT');
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      db.exec('DELETE FROM temp.doomed');
      throw err;
    }
    this.rows -= doomed;
    return doomed;
  }

  /** Runs retention to the end; returns the rows deleted. */
  retain(nowMs: number = Date.now()): number {
    let total = 0;
    for (;;) {
      const n = this.retainChunk(nowMs);
      total += n;
      if (n < DELETE_CHUNK) return total;
    }
  }

  close(): void {
    try {
      // Fold the WAL back into the file so a reader of a closed store finds one file.
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch {
      // another connection still reads: the checkpoint happens at its close
    }
    this.db.close();
  }
}

export { StoreError };
