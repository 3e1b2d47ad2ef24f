// The http channel against a real HTTP server in this process: every alert arrives as Falco's JSON; a receiver
// that goes away and comes back loses nothing within the queue bound; overflow is counted and reported.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { log } from '../../src/log.ts';
import { Metrics } from '../../src/metrics/metrics.ts';
import { httpChannel } from '../../src/outputs/channels/http.ts';
import { Outputs, RULE_OUTPUT_DELIVERY, RULE_OUTPUT_QUEUE_FULL } from '../../src/outputs/outputs.ts';
import { createMetricsEndpoint } from '../../src/server/prometheus.ts';
import { makeAlert, memoryChannel, when } from './helpers.ts';

log.setWriter(() => {});

interface Receiver {
  server: Server;
  port: number;
  bodies: string[];
  requests: IncomingMessage[];
  events: EventEmitter;
  close(): Promise<void>;
}

function startReceiver(port = 0, status = (_body: string): number => 200): Promise<Receiver> {
  const bodies: string[] = [];
  const requests: IncomingMessage[] = [];
  const events = new EventEmitter();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let buf = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') buf = gunzipSync(buf);
      const body = buf.toString('utf8');
      const code = status(body);
      if (code === 200) {
        bodies.push(body);
        requests.push(req);
      }
      res.writeHead(code).end('ok');
      events.emit('request');
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        bodies,
        requests,
        events,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

const settings = (capacity: number) => ({
  json: true,
  envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
  hostname: 'testhost',
  capacity,
  retryInitialMs: 5,
  retryMaxMs: 20,
  reportIntervalMs: 60_000,
});

const httpOpts = (port: number) => ({
  url: `http://127.0.0.1:${port}/alerts`,
  userAgent: 'falcosecurity/falco',
  json: true,
  insecure: false,
  caCert: '',
  caBundle: '',
  caPath: '/etc/ssl/certs',
  mtls: false,
  clientCert: '',
  clientKey: '',
  echo: false,
  compressUploads: false,
  keepAlive: true,
  timeoutMs: 2000,
});

const toClose: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const c of toClose) await c();
});

test('every alert reaches the receiver as Falco JSON, in order, with Falco headers', async () => {
  const rx = await startReceiver();
  toClose.push(() => rx.close());
  const outputs = new Outputs([httpChannel(httpOpts(rx.port))], settings(1000));
  for (let i = 0; i < 50; i++) outputs.emit(makeAlert(i));
  await when(rx.events, 'request', () => rx.bodies.length === 50);
  for (let i = 0; i < 50; i++) {
    const j = JSON.parse(rx.bodies[i]);
    assert.equal(j.output_fields['alert.n'], i);
    assert.deepEqual(Object.keys(j), [
      'hostname',
      'output',
      'output_fields',
      'priority',
      'rule',
      'source',
      'tags',
      'time',
    ]);
    assert.equal(j.time, `2016-08-04T16:17:57.${String(881781397 + i).padStart(9, '0')}Z`);
  }
  assert.equal(rx.requests[0].headers['content-type'], 'application/json');
  assert.equal(rx.requests[0].headers['user-agent'], 'falcosecurity/falco');
  assert.equal(rx.requests[0].url, '/alerts');
  assert.equal(await outputs.close(1000), 0);
});

test('a receiver that stops mid-stream and comes back gets every alert once, in order', async () => {
  let rx = await startReceiver();
  const port = rx.port;
  const mem = memoryChannel();
  const outputs = new Outputs([httpChannel(httpOpts(port)), mem], settings(1000));
  for (let i = 0; i < 10; i++) outputs.emit(makeAlert(i));
  await when(rx.events, 'request', () => rx.bodies.length === 10);
  const firstBodies = [...rx.bodies];
  await rx.close();

  for (let i = 10; i < 40; i++) outputs.emit(makeAlert(i));
  // The channel notices the receiver is gone and says so through the other channels.
  await when(mem.events, 'line', () => mem.lines.some((l) => l.includes(RULE_OUTPUT_DELIVERY)));
  const down = JSON.parse(mem.lines.find((l) => l.includes(RULE_OUTPUT_DELIVERY)) as string);
  assert.equal(down.source, 'internal');
  assert.equal(down.output_fields.channel, 'http');
  assert.equal(outputs.stats()[0].down, true);

  rx = await startReceiver(port);
  toClose.push(() => rx.close());
  await when(rx.events, 'request', () => rx.bodies.length === 30);
  assert.equal(await outputs.flush(10_000), true);
  const all = [...firstBodies, ...rx.bodies].map((b) => JSON.parse(b).output_fields['alert.n']);
  assert.deepEqual(
    all,
    Array.from({ length: 40 }, (_, i) => i),
  );
  const s = outputs.stats()[0];
  assert.equal(s.delivered, 40);
  assert.ok(s.retries > 0);
  assert.deepEqual(s.dropped, { queue_full: 0, rejected: 0, program_exited: 0, shutdown: 0 });
  assert.equal(await outputs.close(1000), 0);
});

test('overflow beyond the queue bound is counted in /metrics and reported as an internal alert', async () => {
  let rx = await startReceiver();
  const port = rx.port;
  await rx.close(); // the receiver is down from the start
  const mem = memoryChannel();
  const outputs = new Outputs([httpChannel(httpOpts(port)), mem], settings(8));
  for (let i = 0; i < 20; i++) {
    outputs.emit(makeAlert(i));
    // Let the in-memory channel keep up, so only the http queue (whose receiver is down) overflows.
    await new Promise(setImmediate);
  }
  const http = () => outputs.stats()[0];
  assert.equal(http().dropped.queue_full, 12);
  assert.equal(http().depth, 8);

  await when(mem.events, 'line', () => mem.lines.some((l) => l.includes(RULE_OUTPUT_QUEUE_FULL)));
  const j = JSON.parse(mem.lines.find((l) => l.includes(RULE_OUTPUT_QUEUE_FULL)) as string);
  assert.equal(j.rule, RULE_OUTPUT_QUEUE_FULL);
  assert.equal(j.output_fields.channel, 'http');
  assert.equal(j.output_fields.reason, 'queue_full');

  const m = new Metrics();
  outputs.publishTo(m);
  const metrics = await createMetricsEndpoint(m).text();
  assert.match(metrics, /peregrine_output_dropped_total\{channel="http",reason="queue_full"\} 12/);
  assert.match(metrics, /peregrine_output_queue_depth\{channel="http"\} 8/);
  assert.match(metrics, /peregrine_output_channel_up\{channel="http"\} [01]/);

  rx = await startReceiver(port);
  toClose.push(() => rx.close());
  await when(rx.events, 'request', () => rx.bodies.length === 8);
  assert.deepEqual(
    rx.bodies.map((b) => JSON.parse(b).output_fields['alert.n']),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
  await outputs.close(1000);
});

test('an alert the receiver refuses (HTTP 400) is dropped, counted and reported; the next ones go through', async () => {
  const rx = await startReceiver(0, (body) => (body.includes('alert number 3 ') ? 400 : 200));
  toClose.push(() => rx.close());
  const mem = memoryChannel();
  const outputs = new Outputs([httpChannel(httpOpts(rx.port)), mem], settings(100));
  for (let i = 0; i < 6; i++) outputs.emit(makeAlert(i));
  await when(rx.events, 'request', () => rx.bodies.length === 5);
  await when(mem.events, 'line', () => mem.lines.some((l) => l.includes('HTTP 400')));
  await outputs.flush(10_000);
  assert.deepEqual(
    rx.bodies.map((b) => JSON.parse(b).output_fields['alert.n']),
    [0, 1, 2, 4, 5],
  );
  assert.equal(outputs.stats()[0].dropped.rejected, 1);
  assert.ok(mem.lines.some((l) => l.includes('HTTP 400')));
  await outputs.close(1000);
});

test('compress_uploads sends gzip; text output is text/plain', async () => {
  const rx = await startReceiver();
  toClose.push(() => rx.close());
  const outputs = new Outputs([httpChannel({ ...httpOpts(rx.port), json: false, compressUploads: true })], {
    ...settings(10),
    json: false,
  });
  outputs.emit(makeAlert(7));
  await when(rx.events, 'request', () => rx.bodies.length === 1);
  assert.equal(rx.bodies[0], makeAlert(7).output);
  assert.equal(rx.requests[0].headers['content-encoding'], 'gzip');
  assert.equal(rx.requests[0].headers['content-type'], 'text/plain');
  await outputs.close(1000);
});

test('close() counts what a dead receiver never got as dropped for shutdown', async () => {
  const rx = await startReceiver();
  const port = rx.port;
  await rx.close();
  const outputs = new Outputs([httpChannel(httpOpts(port))], settings(100));
  for (let i = 0; i < 5; i++) outputs.emit(makeAlert(i));
  const lost = await outputs.close(50);
  assert.equal(lost, 5);
  assert.equal(outputs.stats()[0].dropped.shutdown, 5);
});
