// The fleet console's feed: every host's alerts, read from the NATS JetStream stream their Peregrines publish to
// (nats_output), stored in this console's alert store, each message once (its id is kept with it: a message the
// server delivers again after a restart is not stored twice). The console then serves them like any store, with
// a host filter: one UI for the fleet.
import { type Config, outputTimeoutMs } from '../config/config.ts';
import { type NatsIngest, startNatsIngest } from '../fleet/nats-ingest.ts';
import { log } from '../log.ts';
import type { AlertStoreSettings } from '../store/settings.ts';
import { AlertStoreWriter } from '../store/writer.ts';

/** How often retention runs on a fleet store. */
const RETENTION_INTERVAL_MS = 60_000;

export interface FleetFeed {
  /** Stops reading (a running insert finishes and is acknowledged), then closes the store. */
  close(): Promise<void>;
}

/** Connects to `servers` and stores what arrives; rejects with one line when NATS or the store cannot be used. */
export async function startFleetFeed(
  cfg: Config,
  servers: readonly string[],
  store: AlertStoreSettings,
): Promise<FleetFeed> {
  const writer = AlertStoreWriter.open(store);
  let ingest: NatsIngest;
  try {
    const n = cfg.nats_output;
    ingest = await startNatsIngest({
      connect: {
        servers,
        tls: { ca: n.tls.ca, cert: n.tls.cert, key: n.tls.key, insecure: n.tls.insecure },
        credentials: n.credentials,
        name: 'peregrine console',
        timeoutMs: outputTimeoutMs(cfg),
      },
      stream: n.stream,
      async insert(alerts) {
        writer.insertOnce(alerts);
        if (writer.overLimit) writer.retain();
      },
    });
  } catch (err) {
    writer.close();
    throw err;
  }
  const retention = setInterval(() => {
    try {
      writer.retain();
    } catch (err) {
      log.error(`alert store: retention failed: ${(err as Error).message}`);
    }
  }, RETENTION_INTERVAL_MS);
  retention.unref();
  log.info(
    `console: reading the fleet's alerts from ${servers.join(', ')} (stream ${cfg.nats_output.stream}) into ${store.path}`,
  );
  return {
    async close() {
      clearInterval(retention);
      await ingest.close();
      writer.close();
    },
  };
}
