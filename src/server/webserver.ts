// Falco's embedded webserver (`webserver:` keys): the health endpoint (`k8s_healthz_endpoint`, default
// /healthz), /versions, and /metrics in Prometheus format when `prometheus_metrics_enabled` is true; and, when the
// run stores alerts, Peregrine's alert console on the other paths (src/console/). HTTPS with
// `ssl_enabled` (the certificate file holds certificate and key, as Falco's). Bound to 127.0.0.1 unless
// `listen_address` says otherwise.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
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

export interface WebserverOptions {
  /** What /metrics publishes. */
  readonly metrics: Metrics;
  /** Health: true while the detector runs; `/healthz` answers 503 otherwise. */
  readonly healthy?: () => boolean;
  /** The alert console (src/console/handler.ts), mounted on `/`, `/assets/…` and `/api/…`. */
  readonly console?: ConsoleHandler;
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
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url === w.k8s_healthz_endpoint) {
      const ok = opts.healthy?.() ?? true;
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(ok ? '{"status": "ok"}' : '{"status": "stopping"}');
      return;
    }
    if (url === '/versions') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(versions);
      return;
    }
    if (url === '/metrics' && metrics !== undefined) {
      const m = metrics;
      m.text().then(
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
