// Messages between the alert store channel (main thread) and its writer thread (writer-thread.ts).
import type { Alert } from '../outputs/alert.ts';

export type ToWriter =
  /** Insert these alerts in one transaction; the answer carries the same `seq`. */
  | { readonly type: 'insert'; readonly seq: number; readonly alerts: readonly Alert[] }
  /** Close the database (checkpointing the WAL) and end the thread. */
  | { readonly type: 'close' };

export type FromWriter =
  | { readonly type: 'ready'; readonly rows: number }
  | { readonly type: 'inserted'; readonly seq: number; readonly lastId: number }
  /** `seq` 0: the store could not be opened. `sqlite`: SQLite's primary result code, when SQLite raised it. */
  | { readonly type: 'failed'; readonly seq: number; readonly message: string; readonly sqlite?: number }
  | { readonly type: 'log'; readonly message: string }
  | { readonly type: 'closed' };
