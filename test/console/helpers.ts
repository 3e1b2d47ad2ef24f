// A console over a store, served on an ephemeral loopback port, for the API and browser tests; and reading a
// Server-Sent Events stream as events arrive (never on the clock).

import { createConsole } from '../../src/console/handler.ts';
import type { ConsoleHealth } from '../../src/console/health.ts';
import { type ConsoleServer, startConsoleServer } from '../../src/console/server.ts';

export async function serveConsole(
  storePath: string,
  opts: { token?: string; health?: () => ConsoleHealth; searchWindow?: number } = {},
): Promise<ConsoleServer> {
  const handler = createConsole({ storePath, ...opts });
  return startConsoleServer({ host: '127.0.0.1', port: 0, handler });
}

export interface SseEvent {
  readonly id: string;
  readonly event: string;
  readonly data: string;
}

/** Reads a text/event-stream body; `next()` resolves with the next event as it arrives. */
export class SseReader {
  private buf = '';
  private readonly events: SseEvent[] = [];
  private waiting: ((e: SseEvent) => void) | undefined;

  constructor(body: AsyncIterable<Uint8Array>) {
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of body) this.feed(decoder.decode(chunk, { stream: true }));
    })().catch(() => {});
  }

  private feed(text: string): void {
    this.buf += text;
    let end = this.buf.indexOf('\n\n');
    while (end >= 0) {
      const block = this.buf.slice(0, end);
      this.buf = this.buf.slice(end + 2);
      const e = { id: '', event: 'message', data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) e.id = line.slice(4);
        else if (line.startsWith('event: ')) e.event = line.slice(7);
        else if (line.startsWith('data: ')) e.data += line.slice(6);
      }
      if (e.data !== '') {
        const w = this.waiting;
        this.waiting = undefined;
        if (w !== undefined) w(e);
        else this.events.push(e);
      }
      end = this.buf.indexOf('\n\n');
    }
  }

  next(): Promise<SseEvent> {
    const e = this.events.shift();
    if (e !== undefined) return Promise.resolve(e);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}
