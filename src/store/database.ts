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

/** The schema version this code writes and reads (PRAGMA user_version). */
export const SCHEMA_VERSION = 1;

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
 *   range, and the cursor `(time, id)` continues it. The time index carries the priority, so that counts per
 *   bucket and priority over a time range read the index alone (a third of the time, measured).
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
CREATE INDEX IF NOT EXISTS alerts_time ON alerts (time, priority);
CREATE INDEX IF NOT EXISTS alerts_rule ON alerts (rule, time);
CREATE INDEX IF NOT EXISTS alerts_priority ON alerts (priority, time);
CREATE INDEX IF NOT EXISTS alerts_host ON alerts (hostname, time);
CREATE INDEX IF NOT EXISTS alerts_container ON alerts (container_id, time);
CREATE INDEX IF NOT EXISTS alerts_process ON alerts (proc_name, time);
CREATE TABLE IF NOT EXISTS ingested (
  msg_id TEXT PRIMARY KEY,
  time INTEGER NOT NULL
) WITHOUT ROWID, STRICT;
`;

/** The pragmas of a writing connection (see openForWriting). */
export const WRITER_PRAGMAS =
  'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; ' +
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
 * enough for the six indexes' working set (the 2 MB default halves the insert rate past a few 100,000 rows), fewer
 * checkpoints, and
 * a busy timeout so that a second writer (the old outputs draining after a reload) waits instead of failing.
 */
export function openForWriting(path: string): DatabaseSync {
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
    db.exec(SCHEMA);
    if (version < SCHEMA_VERSION) db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`cannot use ${path} as an alert store: ${sqliteCode(err)}`);
  }
  return db;
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
    if (version === 0) throw new StoreError(`${path} is not a Peregrine alert store (no alerts table)`);
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
