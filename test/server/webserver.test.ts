// The webserver with Falco's `webserver:` keys, over real HTTP: /healthz, /versions, /metrics in Prometheus
// text format with the counters the detector and the outputs keep.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { type Config, isConfigError, loadConfig } from '../../src/config/config.ts';
import { Metrics, zeroKernelStats } from '../../src/metrics/metrics.ts';
import { Outputs } from '../../src/outputs/outputs.ts';
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

const metrics = new Metrics();

test('health and versions on loopback by default; /metrics only when prometheus_metrics_enabled', async () => {
  const ws = await startWebserver(config(['webserver.enabled=true', 'webserver.listen_port=0']), { metrics });
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
  const ws = await startWebserver(config(['webserver.listen_port=0', 'webserver.k8s_healthz_endpoint=/health/live']), {
    metrics,
  });
  try {
    assert.equal((await get(ws.port, '/health/live')).status, 200);
    assert.equal((await get(ws.port, '/healthz')).status, 404);
  } finally {
    await ws.close();
  }
});

test('/metrics: events, every loss, alerts by rule and priority, output queues, rules loaded, CPU and memory', async () => {
  const m0 = new Metrics();
  m0.capture = () => ({ events: 1000, skippedUnknown: 2, skippedBlocks: 0 });
  m0.eventsProcessed = 990;
  m0.eventsByType[2] = 7;
  m0.eventTypeName = (c) => (c === 2 ? 'open' : String(c));
  const kernel = { ...zeroKernelStats(), n_evts: 1010, n_drops: 10, n_drops_buffer: 10 };
  m0.kernel = () => kernel;
  m0.state = () => ({
    threadsDropped: 0,
    fdsDropped: 5,
    usersDropped: 0,
    containersDropped: 0,
    threadsFromProc: 0,
    threadsNotInProc: 0,
  });
  m0.alerts = () => ({
    total: 2,
    byPriority: Float64Array.of(0, 0, 0, 0, 2, 0, 0, 0),
    byRule: () => [{ rule: 'Write below etc', count: 2, priority: 4, source: 'syscall' }],
  });
  let refreshed = 0;
  m0.refreshKernel = async () => {
    refreshed++;
  };
  m0.rulesLoaded = 42;
  m0.containerRuntimes = () => [
    {
      engine: 'containerd',
      socket: '/run/containerd/containerd.sock',
      connected: true,
      reconnects: 1,
      inspects: 3,
      inspectFailures: 0,
      events: 9,
    },
  ];
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
  outputs.publishTo(m0);
  const ws = await startWebserver(config(['webserver.listen_port=0', 'webserver.prometheus_metrics_enabled=true']), {
    metrics: m0,
  });
  try {
    const m = await get(ws.port, '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.type, /^text\/plain; version=0\.0\.4/);
    const expect = [
      'peregrine_events_captured_total 1000',
      'peregrine_events_processed_total 990',
      'peregrine_events_processed_by_type_total{evt_type="open"} 7',
      'peregrine_events_dropped_total{where="kernel",reason="buffer"} 10',
      'peregrine_events_dropped_total{where="capture",reason="unknown_event"} 2',
      'peregrine_state_dropped_total{table="fds"} 5',
      'falcosecurity_scap_n_drops_total 10',
      'falcosecurity_falco_rules_matches_total{priority="4",rule_name="Write below etc",source="syscall"} 2',
      'peregrine_alerts_total{priority="Warning"} 2',
      'peregrine_rules_loaded 42',
      'peregrine_container_runtime_connected{engine="containerd",socket="/run/containerd/containerd.sock"} 1',
      'peregrine_container_runtime_events_total{engine="containerd",socket="/run/containerd/containerd.sock"} 9',
      'peregrine_output_delivered_total{channel="file"} 2',
      'peregrine_output_queue_depth{channel="file"} 0',
      'peregrine_output_dropped_total{channel="file",reason="queue_full"} 0',
    ];
    for (const line of expect) assert.ok(m.body.split('\n').includes(line), `missing: ${line}`);
    assert.match(m.body, /^falcosecurity_falco_cpu_usage_ratio \d/m);
    // every scrape brings the views up to date first (live: the sensor's counters of that moment)
    assert.equal(refreshed, 1);
    assert.match(m.body, /^falcosecurity_falco_memory_rss_bytes [1-9]\d*/m);
  } finally {
    await ws.close();
    await outputs.close(1000);
  }
});

test('a port in use is one clear error', async () => {
  const a = await startWebserver(config(['webserver.listen_port=0']), { metrics });
  try {
    await assert.rejects(
      startWebserver(config([`webserver.listen_port=${a.port}`]), { metrics }),
      new RegExp(`^Error: webserver: cannot listen on 127\\.0\\.0\\.1:${a.port}: EADDRINUSE$`),
    );
  } finally {
    await a.close();
  }
});
