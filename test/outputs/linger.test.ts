// A lingering channel (Channel.linger: the alert store) waits for `min` alerts, or `ms`, before a delivery, so that
// a replay raising 20,000 alerts a second hands its writer thread a few large batches instead of hundreds of small
// ones; and anyone waiting for the queue to empty (shutdown, a flush, replay backpressure) cuts the wait short.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Channel } from '../../src/outputs/channel.ts';
import { Outputs } from '../../src/outputs/outputs.ts';
import type { QueuedAlert } from '../../src/outputs/queue.ts';
import { makeAlert } from './helpers.ts';

const SETTINGS = {
  json: false,
  envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
  hostname: 'h',
  capacity: 1000,
  retryInitialMs: 5,
  retryMaxMs: 20,
  reportIntervalMs: 60_000,
};

function lingering(ms: number, min: number): Channel & { batches: number[] } {
  const batches: number[] = [];
  return {
    name: 'lingering',
    batchMax: 100,
    linger: { ms, min },
    batches,
    async deliver(batch: readonly QueuedAlert[]) {
      batches.push(batch.length);
    },
    async close() {},
  };
}

/** Lets every queued microtask and ready callback run (a turn of the event loop). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('alerts raised in separate stretches wait and go out as one batch once the minimum is queued', async () => {
  const channel = lingering(3_600_000, 30);
  const outputs = new Outputs([channel], SETTINGS);
  for (let stretch = 0; stretch < 3; stretch++) {
    for (let i = 0; i < 10; i++) outputs.emit(makeAlert(stretch * 10 + i));
    await turn();
    // Without linger every stretch was its own batch: [10, 10, 10].
    if (stretch < 2) assert.deepEqual(channel.batches, [], `after stretch ${stretch + 1}`);
  }
  assert.deepEqual(channel.batches, [30]);
  assert.equal(await outputs.flush(60_000), true);
  await outputs.close(60_000);
});

test('fewer than the minimum go out when the linger time has passed', async () => {
  const channel = lingering(20, 1000);
  const outputs = new Outputs([channel], SETTINGS);
  for (let i = 0; i < 5; i++) outputs.emit(makeAlert(i));
  await turn();
  assert.deepEqual(channel.batches, []);
  while (channel.batches.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(channel.batches, [5]);
  await outputs.close(60_000);
});

test('a flush does not wait out the linger time (an hour here): shutdown delivers at once', async () => {
  const channel = lingering(3_600_000, 1000);
  const outputs = new Outputs([channel], SETTINGS);
  for (let i = 0; i < 7; i++) outputs.emit(makeAlert(i));
  await turn();
  assert.deepEqual(channel.batches, []);
  assert.equal(await outputs.flush(60_000), true, 'the queue emptied');
  assert.deepEqual(channel.batches, [7]);
  await outputs.close(60_000);
});
