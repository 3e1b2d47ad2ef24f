// The NATS output live (eBPF sensor, as root): alerts about this test's own file opens reach the stream; with the
// server killed, a live detector never waits: alerts fill the spool, the ones past its bound are lost and
// counted (lost = raised − stored), and the spooled ones arrive once the server is back.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RULE_OUTPUT_QUEUE_FULL } from '../../src/outputs/outputs.ts';
import { type LivePeregrine, noLive, startLive } from '../helpers/live.ts';
import { type NatsServer, readStream, startNats } from '../helpers/nats.ts';

const skip = noLive();
const dir = mkdtempSync(join(tmpdir(), 'peregrine-nats-live-'));
const marker = join(dir, 'marker-');
let server: NatsServer | undefined;
let live: LivePeregrine | undefined;
after(async () => {
  await live?.stop();
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

function openMarkers(from: number, to: number): void {
  for (let i = from; i < to; i++) closeSync(openSync(`${marker}${i}`, 'w'));
}

test('live: alerts to NATS; the server killed, the spool bound exceeded: lost = raised − stored', {
  skip,
}, async () => {
  server = await startNats(dir, 'live');
  const rules = join(dir, 'rules.yaml');
  writeFileSync(
    rules,
    `- rule: Marker open
  desc: this test's own opens
  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name startswith ${marker}
  output: "marker %fd.name"
  priority: WARNING
`,
  );
  const started = await startLive([
    '-r',
    rules,
    '-o',
    'json_include_message_property=true',
    '-o',
    'nats_output.enabled=true',
    '-o',
    `nats_output.url=${server.url}`,
    '-o',
    'nats_output.stream=LIVE',
    '-o',
    `nats_output.spool.path=${join(dir, 'spool')}`,
    '-o',
    'nats_output.spool.max_alerts=100',
  ]);
  if ('skip' in started) return;
  live = started;
  const markerAlerts = () => started.log.alerts.filter((a) => a.rule === 'Marker open');
  const alertFor = (i: number) => (a: { rule: string; output_fields: Readonly<Record<string, unknown>> }) =>
    a.rule === 'Marker open' && a.output_fields['fd.name'] === `${marker}${i}`;

  openMarkers(0, 20);
  await started.log.waitFor(alertFor(19));
  await server.kill();
  openMarkers(20, 400);
  await started.log.waitFor(alertFor(399));
  await server.start();
  await live.stop();
  live = undefined;

  const raised = markerAlerts();
  const overflow = started.log.alerts.filter((a) => a.rule === RULE_OUTPUT_QUEUE_FULL);
  assert.ok(overflow.length > 0, 'the overflow was reported');
  const lost = Math.max(...overflow.map((a) => Number(a.output_fields.dropped_total)));
  const stored = await readStream([server.url], 'LIVE');
  const storedMarkers = stored.filter((m) => JSON.parse(m.data).rule === 'Marker open');
  assert.ok(lost > 0);
  assert.equal(storedMarkers.length, raised.length - lost);
  assert.equal(new Set(stored.map((m) => m.id)).size, stored.length);
  // The first alerts (delivered, then the oldest spooled) are the ones kept: the spool drops the newest.
  const names = storedMarkers.map((m) => JSON.parse(m.data).output_fields['fd.name']);
  assert.deepEqual(
    names.slice(0, 20),
    Array.from({ length: 20 }, (_, i) => `${marker}${i}`),
  );
});
