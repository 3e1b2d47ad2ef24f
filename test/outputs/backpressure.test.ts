// Replay backpressure: Outputs.waitForRoom() waits until the full queue has drained to half. It used to ask
// ChannelRunner.idle for an infinite deadline, which set a timer of Infinity ms — clamped by Node to 1 ms, so the
// wait ended at once (no backpressure) with a TimeoutOverflowWarning each time (seen with the alert store).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Channel } from '../../src/outputs/channel.ts';
import { Outputs } from '../../src/outputs/outputs.ts';
import type { QueuedAlert } from '../../src/outputs/queue.ts';
import { makeAlert } from './helpers.ts';

test('waitForRoom waits for the channel to drain, with no timer warning', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const delivered: string[] = [];
  const slow: Channel = {
    name: 'slow',
    batchMax: 100,
    async deliver(batch: readonly QueuedAlert[]) {
      await gate;
      for (const a of batch) delivered.push(a.line);
    },
    async close() {},
  };
  const warnings: string[] = [];
  const onWarning = (w: Error): void => {
    warnings.push(`${w.name}: ${w.message}`);
  };
  process.on('warning', onWarning);
  const outputs = new Outputs([slow], {
    json: false,
    envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
    hostname: 'h',
    capacity: 10,
    retryInitialMs: 5,
    retryMaxMs: 20,
    reportIntervalMs: 60_000,
  });
  try {
    for (let i = 0; i < 8; i++) outputs.emit(makeAlert(i));
    const room = outputs.waitForRoom();
    assert.notEqual(room, null, 'eight of ten queued: no room');
    let released = false;
    const waited = (room as Promise<void>).then(() => released);
    // A warning is emitted synchronously by setTimeout; give the process one turn to report it.
    await new Promise((resolve) => setImmediate(resolve));
    released = true;
    release();
    assert.equal(await waited, true, 'waitForRoom resolved only after the channel delivered');
    assert.equal(delivered.length, 8);
    assert.deepEqual(
      warnings.filter((w) => w.startsWith('TimeoutOverflowWarning')),
      [],
    );
  } finally {
    process.off('warning', onWarning);
    await outputs.close(1000);
  }
});
