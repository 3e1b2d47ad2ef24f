// The fleet's reading side: a durable JetStream consumer on the alerts stream hands every host's alerts, parsed
// back into the Alert shape (hostname included), to a store's `insert`, and acknowledges them only once `insert`
// resolved. A console that dies between the two gets the same alerts again (after the consumer's ack_wait) and
// must keep them once: `IngestedAlert.id` is the key for that (see its comment).
//
// Messages are taken as they come and inserted in batches: while one insert runs, the next batch gathers (the
// consumer's max_ack_pending bounds how many wait). A message that is not an alert envelope is terminated (never
// redelivered), counted and logged with its subject and stream sequence; a failed insert is negatively
// acknowledged with a delay, so the server redelivers the batch later, and the consumer goes on.
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { log } from '../log.ts';
import type { Alert } from '../outputs/alert.ts';
import { parseAlertJson } from '../outputs/alert-json.ts';
import { loadJetStream, type NatsConnectSettings, natsConnect, natsMaterial } from '../outputs/nats-connect.ts';
import { ALERTS_SUBJECTS, DEFAULT_STREAM, ensureAlertStream } from '../outputs/nats-stream.ts';

export interface IngestedAlert {
  /**
   * The store's key for "this alert": the message id the publisher gave it (Nats-Msg-Id, `<spool id>-<sequence>`;
   * the same on every retry and redelivery, different for every alert, even two with the same host, time, rule and
   * output). A message published without one (not by Peregrine) gets `<stream>#<stream sequence>`, which a
   * redelivery keeps too.
   */
  readonly id: string;
  readonly alert: Alert;
  readonly subject: string;
  /** The message's sequence in the stream. */
  readonly streamSeq: number;
  /** True when the server delivered it before (a previous insert failed or was not acknowledged in time). */
  readonly redelivered: boolean;
}

export interface NatsIngestOptions {
  readonly connect: NatsConnectSettings;
  /** The stream to read; made (as the NATS output makes it) when it does not exist yet. */
  readonly stream?: string;
  /** The durable consumer's name: the console's place in the stream survives its restarts. */
  readonly durable?: string;
  /** Subjects to read; default every host's. */
  readonly filterSubject?: string;
  /** Most alerts one insert call gets. */
  readonly batchMax?: number;
  /** How long the server waits for an acknowledgement before it delivers a message again. */
  readonly ackWaitMs?: number;
  /** How long a failed insert's messages wait before they are delivered again. */
  readonly retryDelayMs?: number;
  /** Stores alerts; acknowledgement follows its resolution. */
  insert(alerts: IngestedAlert[]): Promise<void>;
}

export interface IngestStats {
  /** Messages received (redeliveries included). */
  readonly received: number;
  /** Alerts handed to a successful insert and acknowledged. */
  readonly inserted: number;
  /** Messages that were not alert envelopes (terminated). */
  readonly rejected: number;
  /** Insert calls that failed (their alerts come again). */
  readonly insertFailures: number;
}

export interface NatsIngest {
  stats(): IngestStats;
  /** Stops taking messages, lets a running insert finish (and acknowledge), closes the connection. */
  close(): Promise<void>;
}

export const DEFAULT_DURABLE = 'peregrine-console';

/** Connects, binds (or makes) the durable consumer and starts handing alerts to `insert`. Rejects on failure. */
export async function startNatsIngest(opts: NatsIngestOptions): Promise<NatsIngest> {
  const streamName = opts.stream ?? DEFAULT_STREAM;
  const durable = opts.durable ?? DEFAULT_DURABLE;
  const batchMax = opts.batchMax ?? 256;
  // Declared before the consumer starts: its callback may run as soon as it does.
  let received = 0;
  let inserted = 0;
  let rejected = 0;
  let insertFailures = 0;
  const pending: JsMsg[] = [];
  let running: Promise<void> | undefined;
  let scheduled = false;
  let closed = false;
  const jsmod = await loadJetStream();
  const nc: NatsConnection = await natsConnect(natsMaterial(opts.connect, '--nats'));
  let messages: ConsumerMessages;
  try {
    const jsm = await jsmod.jetstreamManager(nc, { timeout: opts.connect.timeoutMs });
    await ensureAlertStream(jsm, jsmod, { stream: streamName, replicas: 1, duplicateWindowMs: 120_000 }, 'nats ingest');
    try {
      await jsm.consumers.info(streamName, durable);
    } catch (err) {
      if (!(err instanceof jsmod.JetStreamApiError) || err.code !== jsmod.JetStreamApiCodes.ConsumerNotFound) throw err;
      await jsm.consumers.add(streamName, {
        durable_name: durable,
        ack_policy: jsmod.AckPolicy.Explicit,
        deliver_policy: jsmod.DeliverPolicy.All,
        filter_subject: opts.filterSubject ?? ALERTS_SUBJECTS,
        ack_wait: (opts.ackWaitMs ?? 30_000) * 1_000_000,
        // Bounds what gathers while an insert runs.
        max_ack_pending: batchMax * 4,
      });
    }
    const consumer = await jsmod.jetstream(nc).consumers.get(streamName, durable);
    messages = await consumer.consume({ max_messages: batchMax * 2, callback: (m) => take(m) });
  } catch (err) {
    await nc.close();
    throw err;
  }

  function take(m: JsMsg): void {
    received++;
    pending.push(m);
    if (running === undefined && !scheduled) {
      scheduled = true;
      // Messages that arrive together are inserted together.
      setImmediate(() => {
        scheduled = false;
        running = drain().finally(() => {
          running = undefined;
        });
      });
    }
  }

  async function drain(): Promise<void> {
    while (pending.length > 0 && !closed) {
      const batch = pending.splice(0, batchMax);
      const alerts: IngestedAlert[] = [];
      const good: JsMsg[] = [];
      for (const m of batch) {
        try {
          const { alert } = parseAlertJson(m.string());
          const id = m.headers?.get('Nats-Msg-Id') || `${streamName}#${m.seq}`;
          alerts.push({ id, alert, subject: m.subject, streamSeq: m.seq, redelivered: m.redelivered });
          good.push(m);
        } catch (err) {
          rejected++;
          log.error(`nats ingest: ${m.subject} #${m.seq}: not an alert (${(err as Error).message}); dropped`);
          m.term('not a Falco alert envelope');
        }
      }
      if (alerts.length === 0) continue;
      try {
        await opts.insert(alerts);
      } catch (err) {
        insertFailures++;
        log.error(`nats ingest: storing ${alerts.length} alerts failed (${(err as Error).message}); they come again`);
        for (const m of good) m.nak(opts.retryDelayMs ?? 1000);
        continue;
      }
      for (const m of good) m.ack();
      inserted += alerts.length;
    }
  }

  return {
    stats: () => ({ received, inserted, rejected, insertFailures }),
    async close() {
      if (closed) return;
      closed = true;
      await messages.close().catch(() => {});
      // The insert in progress finishes and acknowledges; what waits behind it is redelivered to the next reader.
      if (running !== undefined) await running;
      await nc.drain().catch(() => nc.close());
    },
  };
}
