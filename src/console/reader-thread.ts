// The console's reader thread: owns the read-only connection to the alert store, answers API requests
// (src/console/api.ts) and feeds live streams. SQLite calls are synchronous: here they never hold up the thread
// that serves HTTP or, in a live Peregrine, the one that runs detection.
//
// Live streams poll PRAGMA data_version (a counter SQLite bumps when another connection commits; no table read)
// every STREAM_POLL_MS while at least one stream is open, and then read what each stream has not seen. The
// reading side does not care who writes: the detector's channel, or a fleet feed.
import { parentPort, workerData } from 'node:worker_threads';
import { StoreError } from '../store/database.ts';
import { type AlertFilter, FilterError, parseFilter } from '../store/filter.ts';
import { AlertReader } from '../store/reader.ts';
import { answerApi } from './api.ts';
import type { FromReader, ToReader } from './reader-protocol.ts';

/** A new alert reaches an open stream at most this long after its commit (plus the query). */
export const STREAM_POLL_MS = 200;
/** Alerts read per stream per query; a burst is sent in several messages. */
const STREAM_CHUNK = 200;

const port = parentPort;
if (port === null) throw new Error('reader-thread.ts runs as a worker thread');
const { storePath, searchWindow } = workerData as { storePath: string; searchWindow?: number };
const send = (m: FromReader): void => port.postMessage(m);

let reader: AlertReader | undefined;
let why = '';
/** The reader, opened on first need and again after a failure (the store may appear later). */
function open(): AlertReader | undefined {
  if (reader !== undefined) return reader;
  try {
    reader = AlertReader.open(storePath, searchWindow);
  } catch (err) {
    why = err instanceof StoreError ? err.message : String(err);
  }
  return reader;
}

interface Stream {
  readonly filter: AlertFilter;
  after: number;
}
const streams = new Map<number, Stream>();
let lastVersion = -1;
let timer: NodeJS.Timeout | undefined;

function poll(): void {
  const r = open();
  if (r === undefined) return;
  try {
    const v = r.dataVersion();
    if (v === lastVersion) return;
    lastVersion = v;
    for (const [sid, s] of streams) {
      for (;;) {
        const got = r.since(s.filter, s.after, STREAM_CHUNK);
        s.after = got.lastId;
        if (got.alerts.length > 0) send({ type: 'alerts', sid, ids: got.ids, json: got.alerts });
        if (got.alerts.length < STREAM_CHUNK) break;
      }
    }
  } catch {
    // a failed read is retried at the next poll
    lastVersion = -1;
  }
}

function setPolling(): void {
  if (streams.size > 0 && timer === undefined) timer = setInterval(poll, STREAM_POLL_MS);
  if (streams.size === 0 && timer !== undefined) {
    clearInterval(timer);
    timer = undefined;
  }
}

port.on('message', (m: ToReader) => {
  if (m.type === 'request') {
    const a = answerApi(open(), why, m.path, m.query);
    send({ type: 'answer', seq: m.seq, status: a.status, body: a.body });
  } else if (m.type === 'subscribe') {
    const r = open();
    if (r === undefined) {
      send({ type: 'refused', sid: m.sid, status: 503, body: JSON.stringify({ error: why }) });
      return;
    }
    try {
      const filter = parseFilter(new URLSearchParams(m.query), ['after']);
      const after = m.after ?? r.lastId();
      streams.set(m.sid, { filter, after });
      send({ type: 'subscribed', sid: m.sid, after });
      setPolling();
      // Alerts committed since `after` (a reconnecting client's Last-Event-ID) go out at the next poll.
      lastVersion = -1;
    } catch (err) {
      const status = err instanceof FilterError ? 400 : 500;
      send({ type: 'refused', sid: m.sid, status, body: JSON.stringify({ error: (err as Error).message }) });
    }
  } else if (m.type === 'unsubscribe') {
    streams.delete(m.sid);
    setPolling();
  } else if (m.type === 'close') {
    streams.clear();
    setPolling();
    reader?.close();
    reader = undefined;
    send({ type: 'closed' });
    port.close();
  }
});
