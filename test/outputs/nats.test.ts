// The NATS output against Debian's nats-server on loopback: the envelope and ids in the stream, the spool's
// bound (lost = raised − stored, counted and reported), and alerts spooled by one run sent by the next.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { log } from '../../src/log.ts';
import { Metrics } from '../../src/metrics/metrics.ts';
import { alertToJson } from '../../src/outputs/alert.ts';
import { FULL_ENVELOPE } from '../../src/outputs/alert-json.ts';
import { defaultSubject, type NatsOutputOptions, natsChannel } from '../../src/outputs/channels/nats.ts';
import { Outputs, RULE_OUTPUT_QUEUE_FULL } from '../../src/outputs/outputs.ts';
import { createMetricsEndpoint } from '../../src/server/prometheus.ts';
import { freePort, NatsServer, readStream, startNats } from '../helpers/nats.ts';
import { makeAlert, memoryChannel, when } from './helpers.ts';

const logged: string[] = [];
const logEvents = new EventEmitter();
log.setWriter((line) => {
  logged.push(line);
  logEvents.emit('line');
});

const dir = mkdtempSync(join(tmpdir(), 'peregrine-nats-'));
const servers: NatsServer[] = [];
// Closed at the end whatever happens: an output left open keeps reconnecting, and the test process alive.
const opened: Outputs[] = [];
const track = (o: Outputs): Outputs => {
  opened.push(o);
  return o;
};
after(async () => {
  for (const o of opened) await o.close(0);
  for (const s of servers) await s.kill();
  rmSync(dir, { recursive: true, force: true });
});

const settings = {
  json: true,
  envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
  hostname: 'testhost',
  capacity: 1000,
  retryInitialMs: 5,
  retryMaxMs: 50,
  reportIntervalMs: 60_000,
};

let spools = 0;
function options(url: string, over: Partial<NatsOutputOptions> = {}): NatsOutputOptions {
  return {
    connect: {
      servers: [url],
      tls: { ca: '', cert: '', key: '', insecure: false },
      credentials: '',
      name: 'peregrine test',
      timeoutMs: 2000,
    },
    subject: defaultSubject('test.host-1'),
    stream: 'ALERTS',
    streamReplicas: 1,
    duplicateWindowMs: 120_000,
    spoolPath: join(dir, `spool${++spools}`),
    spool: { maxBytes: 64 * 1024 * 1024, maxAlerts: 100_000, segmentBytes: 64 * 1024, fsyncIntervalMs: 1000 },
    ackTimeoutMs: 2000,
    ...over,
  };
}

/** /metrics as the run's webserver serves it for these outputs. */
function scrape(outputs: Outputs): Promise<string> {
  const m = new Metrics();
  outputs.publishTo(m);
  return createMetricsEndpoint(m).text();
}

/** Waits until every queue is empty (the bound is a safety net, not a wait: flush returns as soon as it is). */
async function delivered(outputs: Outputs): Promise<void> {
  assert.equal(await outputs.flush(120_000), true);
}

test('every alert is in the stream once, as the full JSON envelope, with its own message id', async () => {
  const server = await startNats(dir, 'a');
  servers.push(server);
  const outputs = track(new Outputs([natsChannel(options(server.url))], settings));
  for (let i = 0; i < 500; i++) outputs.emit(makeAlert(i));
  await delivered(outputs);
  assert.equal(await outputs.close(1000), 0);
  const stored = await readStream([server.url], 'ALERTS');
  assert.equal(stored.length, 500);
  stored.forEach((m, i) => {
    assert.equal(m.data, alertToJson(makeAlert(i), FULL_ENVELOPE));
    // The default subject: the host name as one token.
    assert.equal(m.subject, 'peregrine.alerts.test_host-1');
  });
  const j = JSON.parse(stored[0].data);
  assert.deepEqual(Object.keys(j), [
    'hostname',
    'message',
    'output',
    'output_fields',
    'priority',
    'rule',
    'source',
    'tags',
    'time',
  ]);
  assert.equal(new Set(stored.map((m) => m.id)).size, 500);
  assert.ok(stored.every((m) => /^[0-9a-f]{16}-\d+$/.test(m.id ?? '')));
  await server.kill();
});

test('past the spool bound alerts are lost, counted and reported: lost = raised − stored', async () => {
  const port = await freePort(); // no server there yet
  const memory = memoryChannel();
  const outputs = track(
    new Outputs(
      [
        natsChannel({ ...options(`nats://127.0.0.1:${port}`), spool: { ...options('').spool, maxAlerts: 100 } }),
        memory,
      ],
      settings,
    ),
  );
  const raised = 250;
  for (let i = 0; i < raised; i++) outputs.emit(makeAlert(i));
  const nats = outputs.stats().find((s) => s.name === 'nats');
  assert.equal(nats?.depth, 100);
  assert.equal(nats?.dropped.queue_full, raised - 100);
  // The operator sees it: the overflow as an internal alert on the other channels, the counter on /metrics.
  await when(memory.events, 'line', () => memory.lines.some((l) => l.includes(RULE_OUTPUT_QUEUE_FULL)));
  const text = await scrape(outputs);
  assert.match(text, /peregrine_output_dropped_total\{channel="nats",reason="queue_full"\} 150/);
  assert.match(text, /peregrine_output_queue_depth\{channel="nats"\} 100/);

  const server = new NatsServer({ dir, name: 'b', port });
  servers.push(server);
  await server.start();
  await delivered(outputs);
  await outputs.close(1000);
  const stored = await readStream([server.url], 'ALERTS');
  assert.equal(stored.length, 100);
  assert.equal(raised - stored.length, outputs.stats()[0].dropped.queue_full);
  // The oldest are kept: alerts 0..99, in order.
  assert.deepEqual(
    stored.map((m) => JSON.parse(m.data).output_fields['alert.n']),
    Array.from({ length: 100 }, (_, i) => i),
  );
  await server.kill();
});

test('alerts spooled while the server is down are sent in order by the next run, before its own', async () => {
  const port = await freePort();
  const opts = options(`nats://127.0.0.1:${port}`);
  const first = track(new Outputs([natsChannel(opts)], settings));
  for (let i = 0; i < 300; i++) first.emit(makeAlert(i));
  // Shutdown with the server still down: nothing is lost, the spool keeps them.
  assert.equal(await first.close(100), 0);
  assert.ok(logged.some((l) => l.includes(`nats output: 300 alerts wait in the spool ${opts.spoolPath}`)));

  const server = new NatsServer({ dir, name: 'c', port });
  servers.push(server);
  await server.start();
  const second = track(new Outputs([natsChannel(opts)], settings));
  for (let i = 300; i < 400; i++) second.emit(makeAlert(i));
  await delivered(second);
  await second.close(1000);
  const stored = await readStream([server.url], 'ALERTS');
  assert.deepEqual(
    stored.map((m) => JSON.parse(m.data).output_fields['alert.n']),
    Array.from({ length: 400 }, (_, i) => i),
  );
  assert.equal(new Set(stored.map((m) => m.id)).size, 400);
  await server.kill();
});

test('a stream that exists is used as it is; one that does not take the subject is a clear failure', async () => {
  const server = await startNats(dir, 'd');
  servers.push(server);
  const outputs = track(
    new Outputs([natsChannel(options(server.url, { subject: 'elsewhere.alerts', stream: 'OTHER' }))], settings),
  );
  outputs.emit(makeAlert(1));
  await delivered(outputs);
  await outputs.close(1000);
  // Created with both the fleet's subjects and the configured one.
  const stored = await readStream([server.url], 'OTHER');
  assert.equal(stored[0].subject, 'elsewhere.alerts');

  const wrong = track(
    new Outputs([natsChannel(options(server.url, { subject: 'nobody.takes.this', stream: 'OTHER' }))], {
      ...settings,
      retryMaxMs: 5,
    }),
  );
  logged.length = 0;
  wrong.emit(makeAlert(2));
  await when(logEvents, 'line', () => logged.some((l) => l.includes('no stream takes subject nobody.takes.this')));
  assert.ok(
    logged.some((l) => l.includes('stream OTHER takes peregrine.alerts.>, elsewhere.alerts, not nobody.takes.this')),
  );
  await wrong.close(0);
  await server.kill();
});

test('hostname fallback: the default subject is built from the machine name', () => {
  assert.equal(defaultSubject(hostname()).startsWith('peregrine.alerts.'), true);
  assert.equal(defaultSubject('a.b c*>'), 'peregrine.alerts.a_b_c__');
});

test('a reload: the old and the new outputs share the spool, and every alert is in the stream once, in order', async () => {
  const port = await freePort();
  const opts = options(`nats://127.0.0.1:${port}`);
  const before = track(new Outputs([natsChannel(opts)], settings));
  for (let i = 0; i < 100; i++) before.emit(makeAlert(i));
  // What a reload does: new outputs on the new configuration (same spool), then the old ones close in the
  // background while the new ones take the alerts.
  const afterReload = track(new Outputs([natsChannel(opts)], settings));
  const oldClosed = before.close(60_000);
  for (let i = 100; i < 200; i++) afterReload.emit(makeAlert(i));
  const server = new NatsServer({ dir, name: 'e', port });
  servers.push(server);
  await server.start();
  assert.equal(await oldClosed, 0);
  await delivered(afterReload);
  await afterReload.close(1000);
  const stored = await readStream([server.url], 'ALERTS');
  assert.deepEqual(
    stored.map((m) => JSON.parse(m.data).output_fields['alert.n']),
    Array.from({ length: 200 }, (_, i) => i),
  );
  await server.kill();
});

test('alerts in a damaged spool record are never published, and /metrics counts them as lost', async () => {
  const port = await freePort();
  const opts = options(`nats://127.0.0.1:${port}`);
  const first = track(new Outputs([natsChannel(opts)], settings));
  for (let i = 0; i < 50; i++) first.emit(makeAlert(i));
  await first.close(0);
  // Damage the 11th record.
  const seg = join(opts.spoolPath, readdirSync(opts.spoolPath).find((f) => f.endsWith('.seg')) as string);
  const bytes = readFileSync(seg);
  let at = 0;
  for (let i = 0; i < 10; i++) at += 16 + bytes.readUInt32LE(at);
  bytes[at + 20] ^= 0xff;
  writeFileSync(seg, bytes);

  const server = new NatsServer({ dir, name: 'f', port });
  servers.push(server);
  await server.start();
  const second = track(new Outputs([natsChannel(opts)], settings));
  await delivered(second);
  const text = await scrape(second);
  assert.match(text, /peregrine_output_dropped_total\{channel="nats",reason="spool_damaged"\} 1\n/);
  await second.close(1000);
  const stored = await readStream([server.url], 'ALERTS');
  assert.deepEqual(
    stored.map((m) => JSON.parse(m.data).output_fields['alert.n']),
    Array.from({ length: 50 }, (_, i) => i).filter((i) => i !== 10),
  );
  await server.kill();
});
