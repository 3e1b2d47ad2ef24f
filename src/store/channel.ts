// The alert store as an output channel (`alert_store`), after http in Falco's channel order. Like every channel it
// gets its own bounded queue, retries and drop counts from the ChannelRunner (src/outputs/channel.ts); a batch is
// one transaction on the writer thread. It stores the structured alert (with its context), not the text line.

import type { Alert } from '../outputs/alert.ts';
import type { Channel } from '../outputs/channel.ts';
import type { QueuedAlert } from '../outputs/queue.ts';
import { packAlerts } from './row.ts';
import type { AlertStoreSettings } from './settings.ts';
import { ThreadedAlertStore } from './threaded-writer.ts';

/**
 * Alerts per transaction, at most: a batch is what waited in the queue while the writer thread was busy with the
 * previous one, so this is reached only when the store is behind. 2000 rather than 500: while the detection thread
 * is busy with a chunk of events, a writer that has committed its batch waits idle for the next (only that
 * thread hands batches over), and the bigger the batch the less of that waiting (bench/store-replay.ts with 500
 * and 2000, interleaved: the replay phase with the store 1.65 → 1.40 s and 4.28 → 3.59 s, the process's CPU time
 * 5 % lower). A transaction of 2000 holds the write lock for about 0.1 s; readers do not wait for it (WAL).
 */
export const STORE_BATCH_MAX = 2000;

function* alertsOf(batch: readonly QueuedAlert[]): Iterable<Alert> {
  for (const item of batch) yield item.alert;
}

/** Throws a StoreError (naming the file) when the store cannot be opened. */
export function alertStoreChannel(settings: AlertStoreSettings): Channel {
  let store: ThreadedAlertStore;
  try {
    store = new ThreadedAlertStore(settings);
  } catch (err) {
    throw new Error(`alert_store.path: ${(err as Error).message}`);
  }
  return {
    name: 'alert_store',
    batchMax: STORE_BATCH_MAX,
    async deliver(batch: readonly QueuedAlert[]): Promise<void> {
      await store.insertPacked(packAlerts(alertsOf(batch)));
    },
    close: () => store.close(),
  };
}
