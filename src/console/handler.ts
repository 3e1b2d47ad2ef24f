// The console as a request handler: the page and its assets, the read-only API (answered by the reader thread),
// the live stream (Server-Sent Events) and the health panel's numbers. Mounted by `peregrine console`
// (src/console/server.ts) and by the live webserver (src/server/webserver.ts), which keeps /healthz, /metrics and
// /versions for itself.
//
// Safe by default:
// - Every response carries a Content-Security-Policy that allows only this origin's script and style files: no
//   inline script, no eval, no other origin. The UI renders alert strings as text (Preact text nodes).
// - With a token, every /api/ request must carry `Authorization: Bearer TOKEN`. Without one (allowed on a
//   loopback address only; src/console/listen.ts), the Host header must name a loopback host, so that a web page
//   elsewhere cannot reach the API through DNS rebinding.
// - The API is read-only: GET and HEAD only, a read-only connection with query_only set.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Asset, loadAssets } from './assets.ts';
import { type ConsoleHealth, healthJson } from './health.ts';
import { ReaderClient } from './reader-client.ts';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Comments sent on an idle stream so that proxies and the browser keep it open. */
const STREAM_KEEPALIVE_MS = 15_000;

export interface ConsoleOptions {
  /** The alert store file to read. */
  readonly storePath: string;
  /** Bearer token the API requires; '' or undefined: none (loopback only). */
  readonly token?: string;
  /** The live detector's numbers for the health panel; undefined when the console runs over a file alone. */
  readonly health?: () => ConsoleHealth;
  /** Where assets are read from (tests); default dist/console/. */
  readonly assetsDir?: string;
  /** Alerts a text search without a time range reads (src/store/reader.ts SEARCH_WINDOW; smaller in tests). */
  readonly searchWindow?: number;
}

export interface ConsoleHandler {
  /** Answers the request when its path is the console's (`/`, `/assets/…`, `/api/…`); false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Ends open streams and the reader thread. */
  close(): Promise<void>;
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  // node:crypto is loaded here, on the console's first authenticated request, not by every start.
  return a.length === b.length && process.getBuiltinModule('node:crypto').timingSafeEqual(a, b);
}

export function createConsole(opts: ConsoleOptions): ConsoleHandler {
  const assets: Map<string, Asset> = loadAssets(opts.assetsDir);
  const reader = new ReaderClient(opts.storePath, opts.searchWindow);
  const token = opts.token ?? '';
  const open = new Set<ServerResponse>();

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean): void => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store' });
    res.end(head ? undefined : body);
  };
  const json = (res: ServerResponse, status: number, body: string, head = false): void =>
    send(res, status, 'application/json', body, head);

  function authorized(req: IncomingMessage, res: ServerResponse): boolean {
    if (token !== '') {
      const auth = req.headers.authorization ?? '';
      if (auth.startsWith('Bearer ') && sameToken(auth.slice(7), token)) return true;
      res.setHeader('www-authenticate', 'Bearer realm="peregrine console"');
      json(res, 401, '{"error":"this console needs its token: Authorization: Bearer TOKEN"}');
      return false;
    }
    if (LOOPBACK_HOST.test(req.headers.host ?? '')) return true;
    json(res, 403, '{"error":"without a token the console answers only requests addressed to a loopback host"}');
    return false;
  }

  function stream(req: IncomingMessage, res: ServerResponse, query: string): void {
    const lastEventId = req.headers['last-event-id'];
    const afterText = typeof lastEventId === 'string' ? lastEventId : new URLSearchParams(query).get('after');
    const after = afterText !== null && /^\d{1,16}$/.test(afterText) ? Number(afterText) : undefined;
    let keepalive: NodeJS.Timeout | undefined;
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      if (keepalive !== undefined) clearInterval(keepalive);
      open.delete(res);
      close();
      res.end();
    };
    const close = reader.subscribe(query, after, {
      opened(from) {
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          'x-accel-buffering': 'no',
        });
        // retry: how long a browser waits before reconnecting; the first comment flushes the headers.
        res.write(`retry: 1000\n: stream after ${from}\n\n`);
        open.add(res);
        keepalive = setInterval(() => res.write(': keepalive\n\n'), STREAM_KEEPALIVE_MS);
        keepalive.unref();
      },
      refused(status, body) {
        ended = true;
        json(res, status, body);
      },
      alerts(ids, list) {
        let chunk = '';
        for (let i = 0; i < list.length; i++) chunk += `id: ${ids[i]}\nevent: alert\ndata: ${list[i]}\n\n`;
        res.write(chunk);
      },
      ended: end,
    });
    req.on('close', end);
  }

  return {
    handle(req, res) {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      const query = q < 0 ? '' : url.slice(q + 1);
      const head = req.method === 'HEAD';
      if (path === '/' || path === '/index.html' || path.startsWith('/assets/')) {
        const a = assets.get(path === '/index.html' ? '/' : path);
        if (a === undefined) {
          send(res, 404, 'text/plain', 'not found\n', head);
          return true;
        }
        if (req.headers['if-none-match'] === a.etag) {
          res.writeHead(304, { ...SECURITY_HEADERS, etag: a.etag }).end();
          return true;
        }
        res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': a.type, etag: a.etag, 'cache-control': 'no-cache' });
        res.end(head ? undefined : a.body);
        return true;
      }
      if (path !== '/api' && !path.startsWith('/api/')) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD' }).end();
        return true;
      }
      if (!authorized(req, res)) return true;
      if (path === '/api/health') {
        json(res, 200, healthJson(opts.health), head);
        return true;
      }
      if (path === '/api/stream') {
        stream(req, res, query);
        return true;
      }
      reader.request(path, query).then(
        (a) => json(res, a.status, a.body, head),
        (err: Error) => json(res, 500, JSON.stringify({ error: err.message }), head),
      );
      return true;
    },
    async close() {
      for (const res of open) res.end();
      open.clear();
      await reader.close();
    },
  };
}
