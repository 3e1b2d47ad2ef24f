// Shared pieces of the outputs tests: alerts, an in-memory channel, and waiting on events (never on the clock).
import { EventEmitter } from 'node:events';
import type { Alert } from '../../src/outputs/alert.ts';
import type { Channel } from '../../src/outputs/channel.ts';
import type { QueuedAlert } from '../../src/outputs/queue.ts';

export function makeAlert(i: number, rule = 'Test rule'): Alert {
  return {
    time: 1470327477881781397n + BigInt(i),
    rule,
    priority: 'Warning',
    source: 'syscall',
    tags: ['test', 'filesystem'],
    output: `16:17:57.881781397: Warning alert number ${i} (proc.name=cat)`,
    message: `alert number ${i} (proc.name=cat)`,
    outputFields: { 'evt.time': 1470327477881781397n + BigInt(i), 'proc.name': 'cat', 'alert.n': i },
    hostname: 'testhost',
  };
}

/** A channel that keeps every line; emits 'line' for each. */
export function memoryChannel(name = 'memory'): Channel & { lines: string[]; events: EventEmitter } {
  const lines: string[] = [];
  const events = new EventEmitter();
  return {
    name,
    batchMax: 1000,
    lines,
    events,
    async deliver(batch: readonly QueuedAlert[]) {
      for (const a of batch) {
        lines.push(a.line);
        events.emit('line', a.line);
      }
    },
    async close() {},
  };
}

/** Resolves once `cond()` holds, re-checking each time `emitter` emits `event`. */
export function when(emitter: EventEmitter, event: string, cond: () => boolean): Promise<void> {
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
