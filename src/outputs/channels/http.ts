// http_output: each alert is one POST to `url` (what falcosidekick and webhooks expect), `application/json`
// with json_output and `text/plain` without, as Falco sends it. Requests go out one at a time, as Falco's
// libcurl output thread sends them, so alerts arrive in order and a retry never duplicates a later alert; undici
// keeps the connection open between alerts. The price: a receiver that takes T per answer gets at most 1/T
// alerts per second (docs/performance.md), and the queue bound absorbs the bursts beyond it.
//
// Transient failures (connection refused or reset, timeout, 408, 429, 5xx) are retried by the channel runner
// with backoff; any other 4xx means the receiver refuses this alert and retrying cannot help.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { Client } from 'undici';
import { loadUndici } from '../../undici.ts';
import type { Channel } from '../channel.ts';
import { DeliveryError } from '../channel.ts';
import type { QueuedAlert } from '../queue.ts';

// node:zlib is loaded by the runs that compress uploads, not by every start.
const gzipAsync = (data: string): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    process.getBuiltinModule('node:zlib').gzip(data, (err, out) => (err === null ? resolve(out) : reject(err))),
  );

export interface HttpChannelOptions {
  url: string;
  userAgent: string;
  json: boolean;
  insecure: boolean;
  caCert: string;
  caBundle: string;
  caPath: string;
  mtls: boolean;
  clientCert: string;
  clientKey: string;
  echo: boolean;
  compressUploads: boolean;
  keepAlive: boolean;
  /** Per-request deadline for the response headers and body, milliseconds (falco.yaml `output_timeout`). */
  timeoutMs: number;
  /** Where `echo` writes the receiver's answers. */
  echoStream?: NodeJS.WritableStream;
}

/** Falco strips one level of quotes around the URL; so do we. */
export function unquoteUrl(url: string): string {
  const u = url.trim();
  if (u.length >= 2 && ((u[0] === '"' && u.endsWith('"')) || (u[0] === "'" && u.endsWith("'")))) return u.slice(1, -1);
  return u;
}

/** Falco's `ca_path` is a directory of PEM files (OpenSSL's hashed layout); read every regular file in it. */
function readCaPath(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    try {
      if (!statSync(p).isFile()) continue;
      const text = readFileSync(p, 'utf8');
      if (text.includes('-----BEGIN CERTIFICATE-----')) out.push(text);
    } catch {
      // unreadable entries are skipped, as OpenSSL skips them
    }
  }
  return out;
}

export interface TlsMaterial {
  ca?: string[];
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

/** Reads the TLS files the configuration names. Throws an Error naming the key and file on failure. */
export function loadTls(opts: HttpChannelOptions): TlsMaterial {
  const tls: TlsMaterial = { rejectUnauthorized: !opts.insecure };
  const read = (key: string, path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`http_output.${key}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`);
    }
  };
  if (opts.caCert !== '') tls.ca = [read('ca_cert', opts.caCert)];
  else if (opts.caBundle !== '') tls.ca = [read('ca_bundle', opts.caBundle)];
  else if (opts.caPath !== '' && opts.caPath !== '/etc/ssl/certs') {
    // The default path is the system store, which Node already trusts; only a custom one needs reading.
    tls.ca = readCaPath(opts.caPath);
  }
  if (opts.mtls) {
    tls.cert = read('client_cert', opts.clientCert);
    tls.key = read('client_key', opts.clientKey);
  }
  return tls;
}

export function httpChannel(opts: HttpChannelOptions): Channel {
  const url = new URL(unquoteUrl(opts.url));
  const path = `${url.pathname}${url.search}`;
  const isHttps = url.protocol === 'https:';
  const tls = isHttps ? loadTls(opts) : undefined;
  const headers: Record<string, string> = {
    'content-type': opts.json ? 'application/json' : 'text/plain',
    'user-agent': opts.userAgent,
  };
  if (opts.compressUploads) headers['content-encoding'] = 'gzip';
  if (url.username !== '') {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  }
  let client: Client | undefined;
  async function connect(): Promise<Client> {
    if (client !== undefined) return client;
    // one delivery at a time per channel: nothing else creates a client while this waits
    const undici = await loadUndici();
    client = new undici.Client(url.origin, {
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      connectTimeout: opts.timeoutMs,
      keepAliveTimeout: 4000,
      connect: {
        keepAlive: opts.keepAlive,
        ...(tls !== undefined
          ? {
              rejectUnauthorized: tls.rejectUnauthorized,
              ca: tls.ca,
              cert: tls.cert,
              key: tls.key,
              // SNI carries host names only (RFC 6066); an IP address is checked against the certificate's SANs.
              ...(isIP(url.hostname.replace(/^\[|\]$/g, '')) === 0 ? { servername: url.hostname } : {}),
            }
          : {}),
      },
    });
    return client;
  }

  async function post(line: string, signal: AbortSignal): Promise<void> {
    const body = opts.compressUploads ? await gzipAsync(line) : line;
    let res: Awaited<ReturnType<Client['request']>>;
    try {
      res = await (await connect()).request({ path, method: 'POST', headers, body, signal });
    } catch (err) {
      const e = err as { code?: string; message?: string };
      throw new DeliveryError(`${url.origin}: ${e.code ?? e.message ?? String(err)}`);
    }
    const status = res.statusCode;
    let text = '';
    try {
      text = await res.body.text();
    } catch {
      // the status decides; a truncated answer body does not matter
    }
    if (opts.echo && text !== '') (opts.echoStream ?? process.stdout).write(text.endsWith('\n') ? text : `${text}\n`);
    if (status >= 200 && status < 300) return;
    const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
    throw new DeliveryError(`${url.origin}${path}: HTTP ${status}`, permanent);
  }

  return {
    name: 'http',
    batchMax: 64,
    async deliver(batch: readonly QueuedAlert[], signal: AbortSignal, ack: (n: number) => void): Promise<void> {
      // One request at a time, each acknowledged as its answer arrives: the order is kept, a retry never
      // duplicates a later alert, and shutdown sees progress per request.
      for (let i = 0; i < batch.length; i++) {
        await post(batch[i].line, signal);
        ack(1);
      }
    },
    async close(): Promise<void> {
      const c = client;
      client = undefined;
      if (c !== undefined) await c.close().catch(() => c.destroy());
    },
  };
}
