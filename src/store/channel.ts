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
 * Alerts per transaction. A few hundred: large enough that the commit's cost is shared (20,000 alerts/s are 40
 * commits), small enough that one transaction holds the write lock for milliseconds, not seconds.
 */
export const STORE_BATCH_MAX = 500;

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
