// The webserver with Falco's `webserver:` keys, over real HTTP: /healthz, /versions, /metrics in Prometheus
// text format with the counters the detector and the outputs keep.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { type Config, isConfigError, loadConfig } from '../../src/config/config.ts';
import { Outputs } from '../../src/outputs/outputs.ts';
import { counters } from '../../src/server/counters.ts';
import { startWebserver } from '../../src/server/webserver.ts';
import { makeAlert, memoryChannel } from '../outputs/helpers.ts';

function config(overrides: string[]): Config {
  const c = loadConfig({ overrides, defaultPath: '/nonexistent', noShippedDefault: true });
  if (isConfigError(c)) assert.fail(c.error);
  return c;
}

async function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  const r = await request(`http://127.0.0.1:${port}${path}`);
  return { status: r.statusCode, type: String(r.headers['content-type']), body: await r.body.text() };
}

test('health and versions on loopback by default; /metrics only when prometheus_metrics_enabled', async () => {
  const ws = await startWebserver(config(['webserver.enabled=true', 'webserver.listen_port=0']));
  try {
    assert.equal(ws.address, '127.0.0.1');
    const h = await get(ws.port, '/healthz');
    assert.equal(h.status, 200);
    assert.equal(h.type, 'application/json');
    assert.equal(h.body, '{"status": "ok"}');
    const v = JSON.parse((await get(ws.port, '/versions')).body);
    assert.match(v.engine_version_semver, /^\d+\.\d+\.\d+$/);
    assert.equal(v.engine_version, v.engine_version_semver.split('.')[1]);
    assert.equal((await get(ws.port, '/metrics')).status, 404);
  } finally {
    await ws.close();
  }
});

test('a custom k8s_healthz_endpoint answers; the default path then does not', async () => {
  const ws = await startWebserver(config(['webserver.listen_port=0', 'webserver.k8s_healthz_endpoint=/health/live']));
  try {
    assert.equal((await get(ws.port, '/health/live')).status, 200);
    assert.equal((await get(ws.port, '/healthz')).status, 404);
  } finally {
    await ws.close();
  }
});

test('/metrics: events, drops, alerts by rule and priority, output queues, rules loaded, CPU and memory', async () => {
  counters.reset();
  counters.eventsCaptured = 1000;
  counters.eventsProcessed = 990;
  counters.eventsByType[2] = 7;
  counters.eventTypeName = (c) => (c === 2 ? 'open' : String(c));
  counters.kernel = { ...counters.kernel, n_evts: 1010, n_drops: 10, n_drops_buffer: 10 };
  counters.userDrops[0] = 3;
  counters.rulesLoaded = 42;
  const mem = memoryChannel('file');
  const outputs = new Outputs([mem], {
    json: false,
    envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
    hostname: 'h',
    capacity: 100,
    retryInitialMs: 5,
    retryMaxMs: 20,
    reportIntervalMs: 60_000,
  });
  outputs.emit(makeAlert(1, 'Write below etc'));
  outputs.emit(makeAlert(2, 'Write below etc'));
  await outputs.flush(10_000);
  const ws = await startWebserver(config(['webserver.listen_port=0', 'webserver.prometheus_metrics_enabled=true']));
  try {
    const m = await get(ws.port, '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.type, /^text\/plain; version=0\.0\.4/);
    const expect = [
      'peregrine_events_captured_total 1000',
      'peregrine_events_processed_total 990',
      'peregrine_events_processed_by_type_total{evt_type="open"} 7',
      'peregrine_events_dropped_total{where="kernel",reason="buffer"} 10',
      'peregrine_events_dropped_total{where="userspace",reason="backlog"} 3',
      'falcosecurity_scap_n_drops_total 10',
      'falcosecurity_falco_rules_matches_total{priority="4",rule_name="Write below etc",source="syscall"} 2',
      'peregrine_alerts_total{priority="Warning"} 2',
      'peregrine_rules_loaded 42',
      'peregrine_output_delivered_total{channel="file"} 2',
      'peregrine_output_queue_depth{channel="file"} 0',
      'peregrine_output_dropped_total{channel="file",reason="queue_full"} 0',
    ];
    for (const line of expect) assert.ok(m.body.split('\n').includes(line), `missing: ${line}`);
    assert.match(m.body, /^falcosecurity_falco_cpu_usage_ratio \d/m);
    assert.match(m.body, /^falcosecurity_falco_memory_rss_bytes [1-9]\d*/m);
  } finally {
    await ws.close();
    await outputs.close(1000);
  }
});

test('a port in use is one clear error', async () => {
  const a = await startWebserver(config(['webserver.listen_port=0']));
  try {
    await assert.rejects(
      startWebserver(config([`webserver.listen_port=${a.port}`])),
      new RegExp(`^Error: webserver: cannot listen on 127\\.0\\.0\\.1:${a.port}: EADDRINUSE$`),
    );
  } finally {
    await a.close();
  }
});
