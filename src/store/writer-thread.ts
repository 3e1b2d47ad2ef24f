// The alert store's worker thread: owns the SQLite connection, inserts each batch the output channel posts in
// one transaction, answers with the outcome, and runs retention (every minute, and at once when max_rows is
// exceeded). Detection never waits for SQLite: it only posts messages (src/store/threaded-writer.ts).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { AlertStoreSettings } from './settings.ts';
import type { FromWriter, ToWriter } from './thread-protocol.ts';
import { AlertStoreWriter } from './writer.ts';

const RETENTION_INTERVAL_MS = 60_000;

const port = parentPort;
if (port === null) throw new Error('writer-thread.ts runs as a worker thread');
const settings = workerData as AlertStoreSettings;
const send = (m: FromWriter): void => port.postMessage(m);

/**
 * This thread yields the CPU to detection: its Linux nice value is raised to WRITER_NICE (a thread has its own, and
 * any thread may lower its own priority). On two cores a busy writer otherwise took the core that the capture's
 * read-ahead and V8's collector needed, and detection waited for them: the replay of bench/store-replay.ts (c) took
 * about 4 % longer at nice 0 (docs/performance.md, "Alert store"). 10 rather than 19: on a host whose CPUs are
 * saturated the writer still gets about a tenth of a core against each busy task (19: about 1.5 %), enough for the
 * alert rates of live detection, so the store does not fall behind and drop alerts (counted) for hours. Not fatal
 * where it cannot be done (no /proc).
 */
export const WRITER_NICE = 10;

function yieldToDetection(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, WRITER_NICE);
  } catch {
    // the thread keeps the process's priority
  }
}
yieldToDetection();

let writer: AlertStoreWriter | undefined;
try {
  writer = AlertStoreWriter.open(settings);
  writer.retain();
  send({ type: 'ready', rows: writer.rowCount });
} catch (err) {
  send({ type: 'failed', seq: 0, message: (err as Error).message, sqlite: sqliteCode(err) });
}

/** SQLite's primary result code (SQLITE_BUSY 5, SQLITE_FULL 13, …) when the error came from SQLite. */
function sqliteCode(err: unknown): number | undefined {
  const e = err as { code?: string; errcode?: number };
  return e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number' ? e.errcode & 0xff : undefined;
}

let retaining = false;
/** Retention a chunk at a time, a turn of the event loop between chunks so inserts interleave. */
function retainSoon(): void {
  if (retaining || writer === undefined) return;
  retaining = true;
  const step = (): void => {
    try {
      if (writer !== undefined && writer.retainChunk() > 0) {
        setImmediate(step);
        return;
      }
    } catch (err) {
      send({ type: 'log', message: `alert store retention: ${(err as Error).message}` });
    }
    retaining = false;
  };
  setImmediate(step);
}
setInterval(retainSoon, RETENTION_INTERVAL_MS).unref();

port.on('message', (m: ToWriter) => {
  if (m.type === 'insert') {
    if (writer === undefined) {
      send({ type: 'failed', seq: m.seq, message: 'the alert store is not open' });
      return;
    }
    try {
      const lastId = writer.insertPacked(m.alerts);
      send({ type: 'inserted', seq: m.seq, lastId });
      if (writer.overLimit) retainSoon();
    } catch (err) {
      send({ type: 'failed', seq: m.seq, message: (err as Error).message, sqlite: sqliteCode(err) });
    }
  } else if (m.type === 'close') {
    writer?.close();
    writer = undefined;
    send({ type: 'closed' });
    port.close();
  }
});
