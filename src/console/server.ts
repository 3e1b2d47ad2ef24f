// `peregrine console`'s own HTTP(S) server: the console handler and nothing else (no health or metrics: there is
// no detector in this process).
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { ConsoleHandler } from './handler.ts';

const nodeRequire = createRequire(import.meta.url);

export interface ConsoleServer {
  readonly address: string;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export interface ConsoleServerOptions {
  readonly host: string;
  readonly port: number;
  /** PEM file with the certificate and its key: HTTPS. */
  readonly certificate?: string;
  readonly handler: ConsoleHandler;
}

export async function startConsoleServer(opts: ConsoleServerOptions): Promise<ConsoleServer> {
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (!opts.handler.handle(req, res)) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  };
  let server: Server;
  if (opts.certificate !== undefined && opts.certificate !== '') {
    let pem: string;
    try {
      pem = readFileSync(opts.certificate, 'utf8');
    } catch (err) {
      throw new Error(
        `console.ssl_certificate: cannot read ${opts.certificate}: ${(err as NodeJS.ErrnoException).code ?? err}`,
      );
    }
    server = (nodeRequire('node:https') as typeof import('node:https')).createServer(
      { cert: pem, key: pem },
      onRequest,
    );
  } else {
    server = (nodeRequire('node:http') as typeof import('node:http')).createServer(onRequest);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`console: cannot listen on ${opts.host}:${opts.port}: ${err.code ?? err.message}`)),
    );
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const scheme = opts.certificate !== undefined && opts.certificate !== '' ? 'https' : 'http';
  return {
    address: addr.address,
    port: addr.port,
    url: `${scheme}://${host}:${addr.port}/`,
    close: async () => {
      await opts.handler.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
