// The alert store's SQLite file: opening it (WAL, the pragmas, the schema) for the writer and for readers.
//
// Why node:sqlite (built into Node 24) rather than better-sqlite3: on this workload — batches of alerts inserted in
// one transaction into a table with six indexes, and the console's indexed queries — both drive the same SQLite
// C code and measured within a few percent of each other (bench/store.ts, docs/performance.md "Alert store"),
// node:sqlite slightly ahead on inserts. Being part of Node it needs no native add-on built or shipped for each
// Node version and platform, and nothing to install.
//
// Crash safety: WAL journal, `synchronous=NORMAL`. A transaction is committed once its WAL frames are written;
// a killed process (kill -9) loses nothing it committed, since the frames are in the OS's page cache and the
// next open replays them. Only a power loss can lose the last transactions before a checkpoint, never corrupt the
// file (SQLite's documented WAL guarantees); `synchronous=FULL` would fsync every batch to close that window.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

// Required on first use, not imported: a run without the store never loads SQLite (start-up time, memory).
const nodeRequire = createRequire(import.meta.url);
function sqlite(): typeof import('node:sqlite') {
  return nodeRequire('node:sqlite') as typeof import('node:sqlite');
}

/**
 * The schema version this code writes (PRAGMA user_version). 2 added the counts per minute (alert_counts) and the
 * output in the time index, and dropped the priority index; a version-1 store is upgraded by its next writer
 * (upgradeSchema) and read as it is until then (the reader falls back to counting the alerts themselves).
 */
export const SCHEMA_VERSION = 2;

/** The oldest schema this code reads. */
export const OLDEST_READABLE_VERSION = 1;

/** Nanoseconds in a minute: alert_counts' unit of time (`time / MINUTE_NS`). */
export const MINUTE_NS = 60_000_000_000n;

const COUNTS_TABLE = `CREATE TABLE IF NOT EXISTS alert_counts (
  minute INTEGER NOT NULL,
  rule TEXT NOT NULL,
  priority INTEGER NOT NULL,
  hostname TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (minute, rule, priority, hostname)
) STRICT, WITHOUT ROWID;`;

const INGESTED_TABLE = `CREATE TABLE IF NOT EXISTS ingested (
  msg_id TEXT PRIMARY KEY,
  time INTEGER NOT NULL
) WITHOUT ROWID, STRICT;`;

/**
 * One row per alert, with Falco's JSON keys (time, rule, priority, source, hostname, tags, output, output_fields)
 * plus the context Peregrine captured with the alert (process ancestry, user, container, pod: `context`) and the
 * columns the console filters on, copied out of the fields once at insert so that every filter is an index
 * range: host, container, image, process.
 *
 * - `time`: the event's time, nanoseconds since the epoch (an int64 holds it until 2262).
 * - `priority`: Falco's priority as its severity number, 0 Emergency … 7 Debug, so "at least Warning" is `<= 4`.
 * - `tags`, `output_fields`, `context`: JSON text as Falco's envelope writes it (integers exact, never through a
 *   double), passed through to API answers without being parsed again.
 * - `id` is AUTOINCREMENT: never reused, even after retention emptied the table, so a live stream's "after id N"
 *   and the API's cursors stay valid.
 * - STRICT: a value of the wrong type is refused, never stored as something else.
 * - `ingested`: the message ids of alerts a fleet console took from NATS (src/fleet/nats-ingest.ts), so that a
 *   message delivered again (the console stopped between storing and acknowledging) is stored once. Kept as long
 *   as alerts of that age are; a store written by a detector never fills it.
 * - Every index but the first ends in `time` (and implicitly the rowid): a filtered page newest-first is one index
 *   range, and the cursor `(time, id)` continues it. Each index costs about a tenth of an insert (bench/store.ts),
 *   so there are as few as the filters need:
 *   - the time index carries the priority and the output: "at least Error" and a text search read the index
 *     newest first and stop at a page's worth of matches, without reading the rows (2 KB each, with the context);
 *     a text search that has to read every alert reads a sixth of the bytes. Priority has no index of its own:
 *     with the priority in the time index a priority-only page reads at most that index, and its total comes
 *     from alert_counts;
 *   - rule, host, container and process: each filter is an index range.
 *
 * `alert_counts`: how many alerts each minute (`time / MINUTE_NS`) holds per rule, priority and host, kept by the
 * writer in the same transaction as the alerts (one upsert per distinct key of a batch) and by retention. The
 * console's timeline, top rules and totals over a time range read it instead of counting the alerts: an
 * all-time timeline of whole-minute buckets over 1,000,000 alerts went from 0.9 s to under 1 ms, top rules from 0.3 s
 * to under 1 ms (docs/performance.md).
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  rule TEXT NOT NULL,
  source TEXT NOT NULL,
  hostname TEXT NOT NULL,
  container_id TEXT NOT NULL,
  container_name TEXT NOT NULL,
  image TEXT NOT NULL,
  proc_name TEXT NOT NULL,
  output TEXT NOT NULL,
  tags TEXT NOT NULL,
  output_fields TEXT NOT NULL,
  context TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS alerts_time ON alerts (time, priority, output);
CREATE INDEX IF NOT EXISTS alerts_rule ON alerts (rule, time);
CREATE INDEX IF NOT EXISTS alerts_host ON alerts (hostname, time);
CREATE INDEX IF NOT EXISTS alerts_container ON alerts (container_id, time);
CREATE INDEX IF NOT EXISTS alerts_process ON alerts (proc_name, time);
${COUNTS_TABLE}
${INGESTED_TABLE}
`;

/**
 * Version 1 to 2, in one transaction: the time index rebuilt with the output, the counts made from the alerts
 * (`ingested` kept as it is; made when a version-1 store predates it).
 */
const UPGRADE_1_TO_2 = `
DROP INDEX IF EXISTS alerts_priority;
DROP INDEX IF EXISTS alerts_time;
CREATE INDEX alerts_time ON alerts (time, priority, output);
${COUNTS_TABLE}
${INGESTED_TABLE}
DELETE FROM alert_counts;
INSERT INTO alert_counts (minute, rule, priority, hostname, n)
  SELECT time / ${MINUTE_NS}, rule, priority, hostname, count(*) FROM alerts GROUP BY 1, 2, 3, 4;
PRAGMA user_version = 2;
`;

/** The pragmas of a writing connection (see openForWriting). */
export const WRITER_PRAGMAS =
  'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; ' +
  // Checkpoint every 4000 pages (16 MB of WAL) rather than 1000: a third more inserts per second measured
  // (bench/store.ts); the WAL file is cut back to 64 MB at most after a checkpoint, and removed at close.
  'PRAGMA wal_autocheckpoint = 4000; PRAGMA journal_size_limit = 67108864;';

/** A store that cannot be opened or used: the message names the file. */
export class StoreError extends Error {}

function sqliteCode(err: unknown): string {
  const e = err as { code?: string; errstr?: string; message?: string };
  return e.errstr ?? e.message ?? String(err);
}

/**
 * Opens (creating it and its directory when missing) the store for writing: WAL, NORMAL sync, a page cache big
 * enough for the indexes' working set (the 2 MB default halves the insert rate past a few 100,000 rows), fewer
 * checkpoints, and a busy timeout so that a second writer (the old outputs draining after a reload) waits instead
 * of failing. `upgrade`: bring an older store to this schema (the writer thread does; a check of the path at
 * start-up does not, so that start-up does not wait for it).
 */
export function openForWriting(path: string, upgrade = true): DatabaseSync {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
  } catch (err) {
    throw new StoreError(`cannot create the directory of ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  let db: DatabaseSync;
  try {
    db = new (sqlite().DatabaseSync)(path, { timeout: 10_000 });
  } catch (err) {
    throw new StoreError(`cannot open ${path}: ${sqliteCode(err)}`);
  }
  try {
    db.exec(WRITER_PRAGMAS);
    const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        `${path} was written by a newer Peregrine (store schema ${version}; this one knows ${SCHEMA_VERSION})`,
      );
    }
    if (version === 0) {
      db.exec(`BEGIN IMMEDIATE; ${SCHEMA} PRAGMA user_version = ${SCHEMA_VERSION}; COMMIT`);
    } else if (version < SCHEMA_VERSION && upgrade) {
      upgradeSchema(db);
    } else if (upgrade) {
      // a version-2 store made before the fleet console's `ingested` table was part of it
      db.exec(INGESTED_TABLE);
    }
  } catch (err) {
    if (db.isOpen && db.isTransaction) db.exec('ROLLBACK');
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`cannot use ${path} as an alert store: ${sqliteCode(err)}`);
  }
  return db;
}

/** Upgrades a store written by an older Peregrine to SCHEMA_VERSION, in one transaction. */
function upgradeSchema(db: DatabaseSync): void {
  db.exec('BEGIN IMMEDIATE');
  // Another writer may have upgraded it while this one waited for the lock.
  const now = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  if (now === 1) db.exec(UPGRADE_1_TO_2);
  db.exec('COMMIT');
}

/**
 * Opens an existing store for reading only (`query_only`: no statement can change it, whatever the SQL). A
 * missing file is an error: the console never creates a store.
 */
export function openForReading(path: string): DatabaseSync {
  let db: DatabaseSync;
  try {
    db = new (sqlite().DatabaseSync)(path, { readOnly: true, timeout: 5000 });
  } catch (err) {
    throw new StoreError(`cannot open the alert store ${path}: ${sqliteCode(err)}`);
  }
  try {
    db.exec('PRAGMA query_only = 1; PRAGMA cache_size = -32768;');
    const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    if (version < OLDEST_READABLE_VERSION)
      throw new StoreError(`${path} is not a Peregrine alert store (no alerts table)`);
    if (version > SCHEMA_VERSION) {
      throw new StoreError(`${path} was written by a newer Peregrine (store schema ${version})`);
    }
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`${path} is not a readable alert store: ${sqliteCode(err)}`);
  }
  return db;
}
