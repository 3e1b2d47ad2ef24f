// `metrics:` snapshots: every `metrics.interval`, the counters as one "Falco internal: metrics snapshot" alert
// (`metrics.output_rule`) and/or one JSON line appended to `metrics.output_file`, with Falco's field names.
import { appendFileSync } from 'node:fs';
import type { Config } from '../config/config.ts';
import { log } from '../log.ts';
import type { JsonFieldValue } from '../outputs/alert.ts';
import { droppedTotal } from '../outputs/channel.ts';
import type { Outputs } from '../outputs/outputs.ts';
import { PEREGRINE_VERSION } from '../version.ts';
import { counters, KERNEL_STAT_KEYS } from './counters.ts';

export const RULE_METRICS_SNAPSHOT = 'Falco internal: metrics snapshot';

let samples = 0;
let lastEvents = 0;
let lastAt = 0;
let lastCpu = process.cpuUsage();

/** The snapshot's output fields. */
export function snapshotFields(cfg: Config): Record<string, JsonFieldValue> {
  const m = cfg.metrics;
  const now = Date.now();
  const f: Record<string, JsonFieldValue> = {
    'falco.version': PEREGRINE_VERSION,
    'falco.start_ts': counters.startTimeNs,
    'falco.duration_sec': Math.round((now - Number(counters.startTimeNs / 1_000_000n)) / 1000),
    'falco.num_evts': counters.eventsProcessed,
    'falco.evts_rate_sec':
      lastAt === 0 ? 0 : ((counters.eventsProcessed - lastEvents) * 1000) / Math.max(1, now - lastAt),
    'falco.outputs_queue_num_drops': counters.channels().reduce((n, c) => n + c.dropped.queue_full, 0),
    'falco.reload_ts': counters.reloadTimeNs,
    'falco.rules.loaded': counters.rulesLoaded,
  };
  if (m.resource_utilization_enabled) {
    const cpu = process.cpuUsage();
    const usedUs = cpu.user - lastCpu.user + (cpu.system - lastCpu.system);
    f['falco.cpu_usage_perc'] = lastAt === 0 ? 0 : Math.round((usedUs / 10 / Math.max(1, now - lastAt)) * 100) / 100;
    const rss = process.memoryUsage.rss();
    f[m.convert_memory_to_mb ? 'falco.memory_rss_mb' : 'falco.memory_rss_kb'] = m.convert_memory_to_mb
      ? Math.round((rss / 1048576) * 100) / 100
      : Math.round(rss / 1024);
    lastCpu = cpu;
  }
  if (m.kernel_event_counters_enabled) {
    for (const k of KERNEL_STAT_KEYS) {
      const v = counters.kernel[k];
      if (v !== 0 || m.include_empty_values || k === 'n_evts' || k === 'n_drops') f[`scap.${k}`] = v;
    }
  }
  if (m.rules_counters_enabled) {
    for (const [rule, rc] of counters.alertsByRule) f[`rules.${rule}`] = rc.count;
  }
  for (const c of counters.channels()) {
    f[`peregrine.output.${c.name}.queue_depth`] = c.depth;
    f[`peregrine.output.${c.name}.dropped`] = droppedTotal(c.dropped);
  }
  lastEvents = counters.eventsProcessed;
  lastAt = now;
  return f;
}

export function metricsSnapshot(cfg: Config, outputs: Outputs): void {
  const fields = snapshotFields(cfg);
  samples++;
  if (cfg.metrics.output_rule) {
    outputs.internal({
      rule: RULE_METRICS_SNAPSHOT,
      priority: 'Informational',
      message: 'Falco metrics snapshot',
      fields,
    });
  }
  if (cfg.metrics.output_file !== '') {
    const json = JSON.stringify({ sample: samples, output_fields: fields }, (_k, v) =>
      typeof v === 'bigint' ? Number(v) : v,
    );
    try {
      appendFileSync(cfg.metrics.output_file, `${json}\n`);
    } catch (err) {
      log.error(
        `metrics.output_file: cannot write ${cfg.metrics.output_file}: ${(err as NodeJS.ErrnoException).code ?? err}`,
      );
    }
  }
}
