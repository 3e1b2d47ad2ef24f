// nats_output from the configuration, as the NATS channel's options.
import type { Config } from '../config/config.ts';
import { defaultSubject, type NatsOutputOptions } from './channels/nats.ts';

/** Segment size: an eighth of the bound, within 4 KiB … 8 MiB (small spools still roll, large ones stay few files). */
export function segmentBytesFor(maxBytes: number): number {
  return Math.max(4096, Math.min(8 * 1024 * 1024, Math.floor(maxBytes / 8)));
}

/** `timeoutMs`: output_timeout as the run resolved it (connect, request and acknowledgement deadline). */
export function natsOutputOptions(cfg: Config, hostname: string, timeoutMs: number): NatsOutputOptions {
  const n = cfg.nats_output;
  return {
    connect: {
      servers: n.urls.length > 0 ? n.urls : [n.url],
      tls: { ca: n.tls.ca, cert: n.tls.cert, key: n.tls.key, insecure: n.tls.insecure },
      credentials: n.credentials,
      name: `peregrine ${hostname}`,
      timeoutMs,
    },
    subject: n.subject === '' ? defaultSubject(hostname) : n.subject,
    stream: n.stream,
    streamReplicas: n.stream_replicas,
    duplicateWindowMs: n.duplicate_window_s * 1000,
    spoolPath: n.spool.path,
    spool: {
      maxBytes: n.spool.max_bytes,
      maxAlerts: n.spool.max_alerts,
      segmentBytes: segmentBytesFor(n.spool.max_bytes),
      fsyncIntervalMs: n.spool.fsync_interval_ms,
    },
    ackTimeoutMs: timeoutMs,
  };
}
