// The main thread's side of the console's reader thread: API requests as promises, live streams as callbacks.
// A reader thread that dies is started again on the next request; its open streams end (the browser reconnects
// with Last-Event-ID and misses nothing).
import type { Worker } from 'node:worker_threads';
import { threadScript } from '../thread-script.ts';
import type { ApiAnswer } from './api.ts';
import type { FromReader, ToReader } from './reader-protocol.ts';

export interface StreamSink {
  /** The stream is open; alerts after `after` follow. */
  opened(after: number): void;
  refused(status: number, body: string): void;
  alerts(ids: readonly number[], json: readonly string[]): void;
  /** The reader went away: end the response. */
  ended(): void;
}

export class ReaderClient {
  private readonly storePath: string;
  private worker: Worker | undefined;
  private seq = 0;
  private sid = 0;
  private readonly answers = new Map<number, (a: ApiAnswer) => void>();
  private readonly streams = new Map<number, StreamSink>();
  private closing: Promise<void> | undefined;

  private readonly searchWindow: number | undefined;

  constructor(storePath: string, searchWindow?: number) {
    this.storePath = storePath;
    this.searchWindow = searchWindow;
  }

  request(path: string, query: string): Promise<ApiAnswer> {
    if (this.closing !== undefined) return Promise.resolve({ status: 503, body: '{"error":"shutting down"}' });
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.answers.set(seq, resolve);
      this.post({ type: 'request', seq, path, query });
    });
  }

  /** Opens a live stream; returns the function that closes it. */
  subscribe(query: string, after: number | undefined, sink: StreamSink): () => void {
    const sid = ++this.sid;
    this.streams.set(sid, sink);
    this.post({ type: 'subscribe', sid, query, ...(after === undefined ? {} : { after }) });
    return () => {
      if (this.streams.delete(sid)) this.post({ type: 'unsubscribe', sid });
    };
  }

  private post(m: ToReader): void {
    const w = this.started();
    w.postMessage(m);
    this.refresh();
  }

  /** The thread keeps the process alive only while a request waits (open streams do not hold a stopping process). */
  private refresh(): void {
    if (this.answers.size > 0 || this.closing !== undefined) this.worker?.ref();
    else this.worker?.unref();
  }

  private started(): Worker {
    if (this.worker !== undefined) return this.worker;
    // node:worker_threads is loaded here, by the runs that serve the console, not by every start.
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    const w = new Worker(threadScript(import.meta.url, './reader-thread.ts', 'console-reader.mjs'), {
      workerData: { storePath: this.storePath, searchWindow: this.searchWindow },
    });
    w.on('message', (m: FromReader) => this.onMessage(m));
    const gone = (why: string): void => {
      if (this.worker !== w) return;
      this.worker = undefined;
      for (const resolve of this.answers.values()) resolve({ status: 500, body: JSON.stringify({ error: why }) });
      this.answers.clear();
      for (const s of this.streams.values()) s.ended();
      this.streams.clear();
    };
    w.on('error', (err) => gone(`the console's reader thread failed: ${err.message}`));
    w.on('exit', (code) => gone(`the console's reader thread exited (${code})`));
    this.worker = w;
    return w;
  }

  private onMessage(m: FromReader): void {
    switch (m.type) {
      case 'answer': {
        const resolve = this.answers.get(m.seq);
        this.answers.delete(m.seq);
        resolve?.({ status: m.status, body: m.body });
        break;
      }
      case 'subscribed':
        this.streams.get(m.sid)?.opened(m.after);
        break;
      case 'refused': {
        const s = this.streams.get(m.sid);
        this.streams.delete(m.sid);
        s?.refused(m.status, m.body);
        break;
      }
      case 'alerts':
        this.streams.get(m.sid)?.alerts(m.ids, m.json);
        break;
      case 'closed':
        break;
    }
    this.refresh();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const s of this.streams.values()) s.ended();
      this.streams.clear();
      const w = this.worker;
      if (w === undefined) return;
      w.ref();
      await new Promise<void>((resolve) => {
        w.once('exit', () => resolve());
        w.postMessage({ type: 'close' } satisfies ToReader);
      });
      this.worker = undefined;
    })();
    return this.closing;
  }
}
