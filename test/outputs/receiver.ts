// A real HTTP receiver for alerts on loopback, with the behaviours the delivery tests need: answer after a
// delay per request (a slow webhook), stop answering after N requests (a receiver that hangs), die and come
// back on the same port. It counts what it acknowledged, so a test compares that with what Peregrine says.
import { EventEmitter } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceiverOptions {
  /** Port to listen on (0: any free one). */
  port?: number;
  /** Milliseconds before each answer: how slow this receiver is. */
  delayMs?: number;
  /** Answer this many requests, then accept further ones and never answer them. */
  answerAtMost?: number;
}

export interface Receiver {
  readonly port: number;
  /** Bodies of the requests answered 200, in the order answered. */
  readonly acked: string[];
  /** Emits 'request' after each request is read, and 'acked' as each 200 is handed to the connection. */
  readonly events: EventEmitter;
  /** Requests read but not answered (held by answerAtMost). */
  readonly held: ServerResponse[];
  /** Stops listening and cuts every connection (a receiver that dies). */
  close(): Promise<void>;
}

export function startReceiver(opts: ReceiverOptions = {}): Promise<Receiver> {
  const acked: string[] = [];
  const held: ServerResponse[] = [];
  const events = new EventEmitter();
  const sockets = new Set<Socket>();
  let seen = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen++;
      if (opts.answerAtMost !== undefined && seen > opts.answerAtMost) {
        held.push(res);
        events.emit('request', body);
        return;
      }
      events.emit('request', body);
      const answer = (): void => {
        if (res.destroyed) return;
        // Counted as acknowledged when the answer is handed over, not when it is flushed: a receiver that dies
        // right after may never see the flush, yet the sender can have read its 200.
        res.writeHead(200).end('ok');
        acked.push(body);
        events.emit('acked', body);
      };
      if (opts.delayMs !== undefined && opts.delayMs > 0) setTimeout(answer, opts.delayMs);
      else answer();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        acked,
        events,
        held,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

/** Resolves once `cond()` holds, re-checking each time `emitter` emits `event`. */
export function whenEmitted(emitter: EventEmitter, event: string, cond: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (cond()) {
      resolve();
      return;
    }
    const check = (): void => {
      if (cond()) {
        emitter.off(event, check);
        resolve();
      }
    };
    emitter.on(event, check);
  });
}
