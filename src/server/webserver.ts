// Falco's embedded webserver (`webserver:` keys): the health endpoint (`k8s_healthz_endpoint`, default
// /healthz), /versions, and /metrics in Prometheus format when `prometheus_metrics_enabled` is true; and, when the
// run stores alerts, Peregrine's alert console on the other paths (src/console/). HTTPS with
// `ssl_enabled` (the certificate file holds certificate and key, as Falco's). Bound to 127.0.0.1 unless
// `listen_address` says otherwise.
//
// This port is scraped and probed (Kubernetes), so no client may make it hold unbounded memory: a connection may
// have at most MAX_PIPELINED requests waiting for their answers to be taken (a client that pipelines without
// reading is closed at the next one), concurrent /metrics requests share one rendering, and /healthz is answered
// at once, whatever else is queued.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import type { Config } from '../config/config.ts';
import type { ConsoleHandler } from '../console/handler.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { MetricsEndpoint } from './prometheus.ts';
import { versionsInfo } from './versions.ts';

// node:http and node:https through require, not import: an ESM import builds the module's facade, which reads
// every export, including the lazy WebSocket ones that load Node's internal undici — 45 ms of every start.
const nodeRequire = createRequire(import.meta.url);

export interface Webserver {
  /** The port actually bound (useful with listen_port 0). */
  readonly port: number;
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Requests one connection may have in flight (received, answer not yet taken by the client). HTTP clients that
 * pipeline at all (none of Prometheus, kubelet or curl do) send a handful.
 */
export const MAX_PIPELINED = 16;

/** What /healthz answers: `ok`, or why not (`stopping`, `the sensor was killed by SIGKILL`). */
export type Health = { readonly ok: true } | { readonly ok: false; readonly status: string };

export interface WebserverOptions {
  /** What /metrics publishes. */
  readonly metrics: Metrics;
  /** Health: true (or `{ok: true}`) while the detector runs; `/healthz` answers 503 with the status otherwise. */
  readonly healthy?: () => boolean | Health;
  /** The alert console (src/console/handler.ts), mounted on `/`, `/assets/…` and `/api/…`. */
  readonly console?: ConsoleHandler;
  /** Called when a connection is closed for pipelining beyond MAX_PIPELINED (for the log and tests). */
  readonly onAbuse?: (remote: string) => void;
}

function healthOf(h: boolean | Health): Health {
  if (typeof h !== 'boolean') return h;
  return h ? { ok: true } : { ok: false, status: 'stopping' };
}

export async function startWebserver(cfg: Config, opts: WebserverOptions): Promise<Webserver> {
  const w = cfg.webserver;
  const versions = JSON.stringify(versionsInfo());
  let metrics: MetricsEndpoint | undefined;
  if (w.prometheus_metrics_enabled) {
    // The metrics client is loaded only when the endpoint is on.
    const { createMetricsEndpoint } = await import('./prometheus.ts');
    metrics = createMetricsEndpoint(opts.metrics);
  }
  // One rendering at a time: every /metrics request that arrives meanwhile gets the same text.
  let rendering: Promise<string> | undefined;
  const renderMetrics = (m: MetricsEndpoint): Promise<string> => {
    rendering ??= m.text().finally(() => {
      rendering = undefined;
    });
    return rendering;
  };
  const inFlight = new WeakMap<Socket, number>();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const socket = req.socket;
    // Requests parsed from the same read as the one that closed the connection: nobody will take the answers.
    if (socket.destroyed) return;
    const queued = (inFlight.get(socket) ?? 0) + 1;
    if (queued > MAX_PIPELINED) {
      // A client that pipelines without taking its answers: close it rather than buffer for it.
      opts.onAbuse?.(`${socket.remoteAddress}:${socket.remotePort}`);
      socket.destroy();
      return;
    }
    inFlight.set(socket, queued);
    let counted = true;
    const settled = (): void => {
      if (!counted) return;
      counted = false;
      inFlight.set(socket, (inFlight.get(socket) ?? 1) - 1);
    };
    res.once('finish', settled);
    res.once('close', settled);
    const url = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url === w.k8s_healthz_endpoint) {
      const h = healthOf(opts.healthy?.() ?? true);
      res
        .writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(h.ok ? '{"status": "ok"}' : `{"status": ${JSON.stringify(h.status)}}`);
      return;
    }
    if (url === '/versions') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(versions);
      return;
    }
    if (url === '/metrics' && metrics !== undefined) {
      const m = metrics;
      renderMetrics(m).then(
        (text) => res.writeHead(200, { 'content-type': m.contentType }).end(text),
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err.message}\n`),
      );
      return;
    }
    if (opts.console?.handle(req, res) === true) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  };
  let server: Server;
  if (w.ssl_enabled) {
    let pem: string;
    try {
      pem = readFileSync(w.ssl_certificate, 'utf8');
    } catch (err) {
      throw new Error(
        `webserver.ssl_certificate: cannot read ${w.ssl_certificate}: ${(err as NodeJS.ErrnoException).code ?? err}`,
      );
    }
    server = (nodeRequire('node:https') as typeof import('node:https')).createServer({ cert: pem, key: pem }, handler);
  } else {
    server = (nodeRequire('node:http') as typeof import('node:http')).createServer(handler);
  }
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`webserver: cannot listen on ${w.listen_address}:${w.listen_port}: ${err.code ?? err.message}`)),
    );
    server.listen(w.listen_port, w.listen_address.trim(), () => resolve());
  });
  server.unref();
  const addr = server.address() as AddressInfo;
  return {
    port: addr.port,
    address: addr.address,
    close: async () => {
      await opts.console?.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
