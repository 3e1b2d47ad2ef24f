// `metrics:` snapshots: every `metrics.interval`, the counters as one "Falco internal: metrics snapshot" alert
// (`metrics.output_rule`) and/or one JSON line appended to `metrics.output_file`, with Falco's field names.
import { appendFileSync } from 'node:fs';
import type { Config } from '../config/config.ts';
import { log } from '../log.ts';
import { KERNEL_STAT_KEYS, type Metrics } from '../metrics/metrics.ts';
import type { JsonFieldValue } from '../outputs/alert.ts';
import { droppedTotal } from '../outputs/channel.ts';
import type { Outputs } from '../outputs/outputs.ts';
import { PEREGRINE_VERSION } from '../version.ts';

export const RULE_METRICS_SNAPSHOT = 'Falco internal: metrics snapshot';

/** Takes snapshots of one run's metrics; rates are per interval, between this snapshot and the previous one. */
export class MetricsSnapshots {
  private readonly metrics: Metrics;
  private samples = 0;
  private lastEvents = 0;
  private lastAt = 0;
  private lastCpu = process.cpuUsage();

  constructor(metrics: Metrics) {
    this.metrics = metrics;
  }

  /** The snapshot's output fields. */
  fields(cfg: Config): Record<string, JsonFieldValue> {
    const c = this.metrics;
    const m = cfg.metrics;
    const now = Date.now();
    const channels = c.channels();
    const f: Record<string, JsonFieldValue> = {
      'falco.version': PEREGRINE_VERSION,
      'falco.start_ts': c.startTimeNs,
      'falco.duration_sec': Math.round((now - Number(c.startTimeNs / 1_000_000n)) / 1000),
      'falco.num_evts': c.eventsProcessed,
      'falco.evts_rate_sec':
        this.lastAt === 0 ? 0 : ((c.eventsProcessed - this.lastEvents) * 1000) / Math.max(1, now - this.lastAt),
      'falco.outputs_queue_num_drops': channels.reduce((n, ch) => n + ch.dropped.queue_full, 0),
      'falco.reload_ts': c.reloadTimeNs,
      'falco.rules.loaded': c.rulesLoaded,
    };
    if (m.resource_utilization_enabled) {
      const cpu = process.cpuUsage();
      const usedUs = cpu.user - this.lastCpu.user + (cpu.system - this.lastCpu.system);
      f['falco.cpu_usage_perc'] =
        this.lastAt === 0 ? 0 : Math.round((usedUs / 10 / Math.max(1, now - this.lastAt)) * 100) / 100;
      const rss = process.memoryUsage.rss();
      f[m.convert_memory_to_mb ? 'falco.memory_rss_mb' : 'falco.memory_rss_kb'] = m.convert_memory_to_mb
        ? Math.round((rss / 1048576) * 100) / 100
        : Math.round(rss / 1024);
      this.lastCpu = cpu;
    }
    if (m.kernel_event_counters_enabled) {
      const kernel = c.kernel();
      for (const k of KERNEL_STAT_KEYS) {
        const v = kernel[k];
        if (v !== 0 || m.include_empty_values || k === 'n_evts' || k === 'n_drops') f[`scap.${k}`] = v;
      }
    }
    if (m.rules_counters_enabled) {
      for (const rc of c.alerts().byRule()) f[`rules.${rc.rule}`] = rc.count;
    }
    for (const ch of channels) {
      f[`peregrine.output.${ch.name}.queue_depth`] = ch.depth;
      f[`peregrine.output.${ch.name}.dropped`] = droppedTotal(ch.dropped);
    }
    this.lastEvents = c.eventsProcessed;
    this.lastAt = now;
    return f;
  }

  /** One snapshot: the internal alert and/or the line in metrics.output_file, as configured. */
  take(cfg: Config, outputs: Outputs): void {
    const fields = this.fields(cfg);
    this.samples++;
    if (cfg.metrics.output_rule) {
      outputs.internal({
        rule: RULE_METRICS_SNAPSHOT,
        priority: 'Informational',
        message: 'Falco metrics snapshot',
        fields,
      });
    }
    if (cfg.metrics.output_file !== '') {
      const json = JSON.stringify({ sample: this.samples, output_fields: fields }, (_k, v) =>
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
}
