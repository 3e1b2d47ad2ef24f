// nats_output: every alert to a NATS JetStream stream, Falco's JSON envelope with every optional property, one
// message per alert on `subject` (default peregrine.alerts.<hostname>), each acknowledged by the stream
// (at-least-once) and carrying a message id unique to the alert (Nats-Msg-Id: the spool's id and the alert's
// sequence number), so the stream's duplicate window stores a re-sent alert once.
//
// The channel's queue is its on-disk spool (src/outputs/spool/): every alert is written there first, and the
// ChannelRunner publishes from it with its usual retry and backoff while the servers cannot be reached; what the
// spool cannot hold is counted by the runner as queue_full. The id is assigned when the alert enters the spool,
// not derived from its content: two alerts of one rule with the same event time on the same host (the same
// capture replayed twice, two CPUs in the same nanosecond) are different alerts, and a content-derived id would
// make the stream drop the second as a duplicate, silently.
//
// A batch is published pipelined (every publication sent, then the acknowledgements awaited in order): one
// connection delivers in order, so the stream stores the batch in order. A failure part-way reports how many
// alerts at the head were stored; the rest are sent again (a copy that was stored after all is a duplicate the
// stream drops).
import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { log } from '../../log.ts';
import { alertToJson } from '../alert.ts';
import { FULL_ENVELOPE, parseAlertJson } from '../alert-json.ts';
import { type Channel, DeliveryError } from '../channel.ts';
import { loadJetStream, type NatsConnectSettings, natsConnect, natsMaterial } from '../nats-connect.ts';
import { ensureAlertStream } from '../nats-stream.ts';
import type { QueuedAlert } from '../queue.ts';
import { openSpoolQueue, type SpoolCodec, type SpooledAlert, type SpoolQueue } from '../spool/queue.ts';
import type { SpoolLimits, SpoolStats } from '../spool/spool.ts';

export interface NatsOutputOptions {
  readonly connect: NatsConnectSettings;
  readonly subject: string;
  readonly stream: string;
  /** Replicas of a stream this output creates (a cluster keeps the stream when a server fails). */
  readonly streamReplicas: number;
  /** Duplicate window of a stream this output creates, milliseconds. */
  readonly duplicateWindowMs: number;
  readonly spoolPath: string;
  readonly spool: SpoolLimits;
  /** How long a publication waits for the stream's acknowledgement. */
  readonly ackTimeoutMs: number;
}

export interface NatsChannel extends Channel {
  readonly queue: SpoolQueue;
  /** The spool's numbers (alerts and bytes waiting, bounds, damaged records skipped) for /metrics. */
  spoolStats(): SpoolStats;
}

/** A host name as one subject token: anything but letters, digits, `-` and `_` becomes `_`. */
export function subjectToken(name: string): string {
  const t = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return t === '' ? '_' : t;
}

export function defaultSubject(hostname: string): string {
  return `peregrine.alerts.${subjectToken(hostname)}`;
}

export const alertCodec: SpoolCodec = {
  encode: (item: QueuedAlert) => Buffer.from(alertToJson(item.alert, FULL_ENVELOPE)),
  decode: (payload: Buffer) => parseAlertJson(payload.toString('utf8')),
};

/** Opens the spool now (an error names the directory); connects on the first delivery. Throws an Error. */
export function natsChannel(opts: NatsOutputOptions): NatsChannel {
  const material = natsMaterial(opts.connect, 'nats_output');
  let queue: SpoolQueue;
  try {
    queue = openSpoolQueue(opts.spoolPath, opts.spool, alertCodec);
  } catch (err) {
    throw new Error(`nats_output.spool.path: ${(err as Error).message}`);
  }
  const stream = {
    stream: opts.stream,
    subject: opts.subject,
    replicas: opts.streamReplicas,
    duplicateWindowMs: opts.duplicateWindowMs,
  };
  let nc: NatsConnection | undefined;
  let js: JetStreamClient | undefined;
  let streamReady = false;
  let maxPayload = Number.POSITIVE_INFINITY;
  let closed = false;

  async function ready(): Promise<JetStreamClient> {
    if (nc === undefined || nc.isClosed()) {
      js = undefined;
      streamReady = false;
      try {
        nc = await natsConnect(material);
      } catch (err) {
        throw new DeliveryError(`cannot connect to ${opts.connect.servers.join(', ')}: ${(err as Error).message}`);
      }
      if (closed) {
        await nc.close();
        throw new DeliveryError('closed');
      }
      maxPayload = nc.info?.max_payload ?? maxPayload;
    }
    const jsmod = await loadJetStream();
    if (!streamReady) {
      try {
        const jsm = await jsmod.jetstreamManager(nc, { timeout: opts.ackTimeoutMs });
        await ensureAlertStream(jsm, jsmod, stream, 'nats output');
      } catch (err) {
        throw new DeliveryError(`stream ${opts.stream}: ${(err as Error).message}`);
      }
      streamReady = true;
    }
    js ??= jsmod.jetstream(nc, { timeout: opts.ackTimeoutMs });
    return js;
  }

  function describe(err: unknown): string {
    const e = err as Error;
    if (e.name === 'JetStreamNotEnabled' || e.name === 'NoRespondersError' || /no responders/i.test(e.message)) {
      // JetStream answers nothing for a subject no stream takes (the client calls it "not enabled").
      streamReady = false;
      return `no stream takes subject ${opts.subject} (is stream ${opts.stream} there?)`;
    }
    return e.message;
  }

  return {
    name: 'nats',
    batchMax: 256,
    queue,
    async deliver(batch: readonly QueuedAlert[]): Promise<void> {
      const j = await ready();
      const acks = batch.map((item) => {
        const a = item as SpooledAlert;
        if (a.payload.byteLength > maxPayload) {
          return Promise.reject(
            new DeliveryError(`an alert of ${a.payload.byteLength} bytes is over the server's max_payload`, true),
          );
        }
        return j.publish(opts.subject, a.payload, { msgID: a.id, timeout: opts.ackTimeoutMs });
      });
      const results = await Promise.allSettled(acks);
      for (let i = 0; i < results.length; i++) {
        const r = results[i];
        if (r.status === 'fulfilled') continue;
        const permanent = r.reason instanceof DeliveryError && r.reason.permanent;
        throw new DeliveryError(permanent ? r.reason.message : describe(r.reason), permanent, i);
      }
    },
    spoolStats: () => queue.stats(),
    lost() {
      const st = queue.stats();
      return { spool_damaged: st.lostCorrupt, spool_write_error: st.lostWriteErrors };
    },
    async close(): Promise<void> {
      closed = true;
      const left = queue.length;
      // Only the last user of the spool speaks: after a reload the new outputs go on sending what it holds.
      if (queue.release() && left > 0) {
        log.notice(`nats output: ${left} alerts wait in the spool ${queue.spool.dir} and are sent at the next start`);
      }
      const c = nc;
      nc = undefined;
      if (c !== undefined) await c.close().catch(() => {});
    },
  };
}
