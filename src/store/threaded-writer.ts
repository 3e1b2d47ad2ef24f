// The main thread's handle on the alert store's writer thread: `insert(alerts)` posts a batch and resolves when
// it is committed. The only work left on the detection thread is posting the message (a structured clone of the
// alerts); SQLite, JSON and retention run on the worker.
//
// A worker that dies (an exception, an out-of-memory kill of the thread) fails what was in flight as transient
// and is started again on the next insert, so the channel runner's retry delivers the batch again.
import type { Worker } from 'node:worker_threads';
import { log } from '../log.ts';
import type { Alert } from '../outputs/alert.ts';
import { DeliveryError } from '../outputs/channel.ts';
import { threadScript } from '../thread-script.ts';
import { openForWriting, StoreError } from './database.ts';
import { type PackedAlerts, packAlerts } from './row.ts';
import type { AlertStoreSettings } from './settings.ts';
import type { FromWriter, ToWriter } from './thread-protocol.ts';

/** SQLite result codes that may go away by themselves: busy or locked, I/O error, disk full, cannot open. */
const TRANSIENT = new Set([5, 6, 7, 8, 10, 13, 14, 15]);

interface Pending {
  resolve(lastId: number): void;
  reject(err: Error): void;
}

export class ThreadedAlertStore {
  readonly settings: AlertStoreSettings;
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private closing: Promise<void> | undefined;

  /**
   * Opens the store once on this thread first, so that a path that cannot be used is an error now, at start-up,
   * with the file named (a StoreError), rather than a delivery failure later. Takes over the thread
   * prestartAlertStore started for the same settings, if any (the store was checked then).
   */
  constructor(settings: AlertStoreSettings) {
    this.settings = settings;
    const early = takePrestarted(settings);
    if (early !== undefined) {
      this.adopt(early.worker);
      for (const m of early.messages) this.onMessage(m);
      return;
    }
    openForWriting(settings.path, false).close();
    // Started now, not at the first alert: starting a thread and opening the store takes a good part of a
    // second on a busy host, which the first alert would otherwise wait for.
    this.started();
  }

  /** Inserts the alerts in one transaction on the writer thread; rejects with a DeliveryError. */
  insert(alerts: readonly Alert[]): Promise<number> {
    return this.insertPacked(packAlerts(alerts));
  }

  /** insert() for alerts already packed (src/store/row.ts packAlert). */
  insertPacked(alerts: PackedAlerts): Promise<number> {
    if (this.closing !== undefined) return Promise.reject(new DeliveryError('the alert store is closed', true));
    const worker = this.started();
    const seq = ++this.seq;
    return new Promise<number>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      // Keep the process alive while a batch is in flight (the thread is unref'd when idle).
      worker.ref();
      const message: ToWriter = { type: 'insert', seq, alerts };
      worker.postMessage(message);
    });
  }

  private started(): Worker {
    if (this.worker !== undefined) return this.worker;
    return this.adopt(startWriterThread(this.settings));
  }

  private adopt(worker: Worker): Worker {
    worker.on('message', (m: FromWriter) => this.onMessage(m));
    worker.on('error', (err) => this.onGone(worker, `the alert store's writer thread failed: ${err.message}`));
    worker.on('exit', (code) => this.onGone(worker, `the alert store's writer thread exited (${code})`));
    this.worker = worker;
    return worker;
  }

  private onMessage(m: FromWriter): void {
    if (m.type === 'inserted') {
      const p = this.pending.get(m.seq);
      this.pending.delete(m.seq);
      p?.resolve(m.lastId);
    } else if (m.type === 'failed') {
      const transient = m.sqlite === undefined || TRANSIENT.has(m.sqlite);
      const error = new DeliveryError(`${this.settings.path}: ${m.message}`, !transient);
      if (m.seq === 0) {
        // The store did not open in the thread: every batch fails until it does; start afresh next time.
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
        void this.worker?.terminate();
        this.worker = undefined;
        return;
      }
      const p = this.pending.get(m.seq);
      this.pending.delete(m.seq);
      p?.reject(error);
    } else if (m.type === 'log') {
      log.error(m.message);
    }
    // Idle: the thread need not keep the process alive — unless it is closing, when the process must wait for
    // its exit (the last commit and the checkpoint).
    if (this.pending.size === 0 && this.closing === undefined) this.worker?.unref();
  }

  private onGone(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.pending.size > 0) {
      const error = new DeliveryError(why);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    }
  }

  /** Waits for the batches in flight, closes the database (checkpointing the WAL) and ends the thread. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    worker.ref();
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      const message: ToWriter = { type: 'close' };
      worker.postMessage(message);
    });
    this.worker = undefined;
  }
}

/** A writer thread, unref'd: it keeps the process alive only while a batch is in flight or it is closing. */
function startWriterThread(settings: AlertStoreSettings): Worker {
  // node:worker_threads is loaded here, by the runs that store alerts, not by every start.
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const worker = new Worker(threadScript(import.meta.url, './writer-thread.ts', 'store-writer.mjs'), {
    workerData: settings,
  });
  worker.unref();
  return worker;
}

interface Prestarted {
  readonly settings: AlertStoreSettings;
  readonly worker: Worker;
  /** What the thread said before its channel took it over (that it is ready, or could not open the store). */
  readonly messages: FromWriter[];
}

/** Writer threads started ahead of their channel, by store path. */
const prestarted = new Map<string, Prestarted>();

/**
 * Starts the writer thread of the store a run is about to write, before the run builds its outputs, so that the
 * thread boots (starting an isolate, loading SQLite, opening the store: a good part of a second on a busy host)
 * while the rules load rather than while the first events are read. The alert_store channel made later for the
 * same settings takes it over; until then the thread does nothing and keeps nothing alive. A store that cannot be
 * opened starts nothing here: the channel reports it, as it does without this.
 */
export function prestartAlertStore(settings: AlertStoreSettings): void {
  if (prestarted.has(settings.path)) return;
  try {
    openForWriting(settings.path, false).close();
  } catch {
    return;
  }
  const entry: Prestarted = { settings, worker: startWriterThread(settings), messages: [] };
  entry.worker.on('message', (m: FromWriter) => entry.messages.push(m));
  entry.worker.on('error', () => {});
  entry.worker.once('exit', () => {
    if (prestarted.get(settings.path) === entry) prestarted.delete(settings.path);
  });
  prestarted.set(settings.path, entry);
}

function takePrestarted(settings: AlertStoreSettings): Prestarted | undefined {
  const entry = prestarted.get(settings.path);
  if (entry === undefined) return undefined;
  prestarted.delete(settings.path);
  entry.worker.removeAllListeners('message');
  entry.worker.removeAllListeners('error');
  const s = entry.settings;
  if (s.maxAgeMs !== settings.maxAgeMs || s.maxRows !== settings.maxRows) {
    // Started for other settings (a reload changed them): not this store's thread.
    void entry.worker.terminate();
    return undefined;
  }
  return entry;
}

export { StoreError };
