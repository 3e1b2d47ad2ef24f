// Messages between the alert store channel (main thread) and its writer thread (writer-thread.ts).
import type { PackedAlerts } from './row.ts';

export type ToWriter =
  /** Insert these alerts (packed by src/store/row.ts packAlert) in one transaction; the answer carries `seq`. */
  | { readonly type: 'insert'; readonly seq: number; readonly alerts: PackedAlerts }
  /** Close the database (checkpointing the WAL) and end the thread. */
  | { readonly type: 'close' };

export type FromWriter =
  | { readonly type: 'ready'; readonly rows: number }
  | { readonly type: 'inserted'; readonly seq: number; readonly lastId: number }
  /** `seq` 0: the store could not be opened. `sqlite`: SQLite's primary result code, when SQLite raised it. */
  | { readonly type: 'failed'; readonly seq: number; readonly message: string; readonly sqlite?: number }
  | { readonly type: 'log'; readonly message: string }
  | { readonly type: 'closed' };
