// `metrics:` snapshots: the "Falco internal: metrics snapshot" alert and the output_file JSON lines.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type Config, isConfigError, loadConfig } from '../../src/config/config.ts';
import { Metrics, zeroKernelStats } from '../../src/metrics/metrics.ts';
import { Outputs } from '../../src/outputs/outputs.ts';
import { MetricsSnapshots, RULE_METRICS_SNAPSHOT } from '../../src/server/snapshot.ts';
import { memoryChannel } from '../outputs/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-snapshot-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function config(overrides: string[]): Config {
  const c = loadConfig({ overrides, defaultPath: '/nonexistent', noShippedDefault: true });
  if (isConfigError(c)) assert.fail(c.error);
  return c;
}

test('a snapshot is an Informational internal alert with Falco field names, and a JSON line in output_file', async () => {
  const metrics = new Metrics();
  metrics.eventsProcessed = 1234;
  const kernel = { ...zeroKernelStats(), n_evts: 1300, n_drops: 2 };
  metrics.kernel = () => kernel;
  metrics.alerts = () => ({
    total: 3,
    byPriority: new Float64Array(8),
    byRule: () => [{ rule: 'Write below etc', count: 3, priority: 3, source: 'syscall' }],
  });
  const file = join(dir, 'stats.jsonl');
  const cfg = config([
    'json_output=true',
    'metrics.enabled=true',
    'metrics.output_rule=true',
    `metrics.output_file=${file}`,
    'metrics.interval=1s',
  ]);
  const mem = memoryChannel();
  const outputs = new Outputs([mem], {
    json: true,
    envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
    hostname: 'h',
    capacity: 10,
    retryInitialMs: 5,
    retryMaxMs: 20,
    reportIntervalMs: 60_000,
  });
  const snapshots = new MetricsSnapshots(metrics);
  snapshots.take(cfg, outputs);
  snapshots.take(cfg, outputs);
  await outputs.flush(10_000);
  const a = JSON.parse(mem.lines[0]);
  assert.equal(a.rule, RULE_METRICS_SNAPSHOT);
  assert.equal(a.priority, 'Informational');
  assert.equal(a.output, 'Falco metrics snapshot');
  assert.equal(a.source, 'internal');
  assert.equal(a.output_fields['falco.num_evts'], 1234);
  assert.equal(a.output_fields['scap.n_evts'], 1300);
  assert.equal(a.output_fields['scap.n_drops'], 2);
  assert.equal(a.output_fields['rules.Write below etc'], 3);
  assert.equal(typeof a.output_fields['falco.memory_rss_mb'], 'number');
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => l.sample),
    [1, 2],
  );
  assert.equal(lines[1].output_fields['falco.num_evts'], 1234);
  await outputs.close(100);
});
