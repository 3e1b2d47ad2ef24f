// /metrics in Prometheus text format. Label sets are built here, on scrape, from the run's Metrics (its views of
// the counters each component keeps; src/metrics/metrics.ts). A scrape first refreshes the views
// (`Metrics.refresh`: live, the sensor's counters are asked for now), so every value in one answer is from the
// same moment. Metric names follow Falco's where Falco has one
// (falcosecurity_falco_*, falcosecurity_scap_*), so existing dashboards keep working; the rest are peregrine_*.

import { basename } from 'node:path';
import { Counter, Gauge, Registry } from '@prometheus-io/client';
import { losses } from '../metrics/losses.ts';
import { type ContainerRuntimeCounts, DROP_REASONS, KERNEL_STAT_KEYS, type Metrics } from '../metrics/metrics.ts';
import { PRIORITIES } from '../rules/priority.ts';
import { PEREGRINE_VERSION } from '../version.ts';

export interface MetricsEndpoint {
  readonly contentType: string;
  text(): Promise<string>;
}

const HELP = 'https://falco.org/docs/metrics/';

export function createMetricsEndpoint(c: Metrics): MetricsEndpoint {
  const registry = new Registry();
  const reg = [registry];

  new Gauge({
    name: 'falcosecurity_falco_version_info',
    help: HELP,
    labelNames: ['version'],
    registers: reg,
    collect() {
      this.set({ version: PEREGRINE_VERSION }, 1);
    },
  });
  new Gauge({
    name: 'falcosecurity_falco_sha256_rules_files_info',
    help: HELP,
    labelNames: ['file_name', 'sha256'],
    registers: reg,
    collect() {
      this.reset();
      for (const f of c.rulesFiles) this.set({ file_name: basename(f.path), sha256: f.sha256 }, 1);
    },
  });
  new Gauge({
    name: 'falcosecurity_falco_sha256_config_files_info',
    help: HELP,
    labelNames: ['file_name', 'sha256'],
    registers: reg,
    collect() {
      this.reset();
      for (const f of c.configFiles) this.set({ file_name: basename(f.path), sha256: f.sha256 }, 1);
    },
  });
  new Gauge({
    name: 'falcosecurity_falco_reload_timestamp_nanoseconds',
    help: 'Wall-clock time of the last successful load or reload of configuration and rules',
    registers: reg,
    collect() {
      this.set(Number(c.reloadTimeNs));
    },
  });
  new Counter({
    name: 'falcosecurity_falco_rules_matches_total',
    help: 'Alerts raised, by rule',
    labelNames: ['priority', 'rule_name', 'source'],
    registers: reg,
    collect() {
      this.reset();
      for (const rc of c.alerts().byRule())
        this.inc({ priority: String(rc.priority), rule_name: rc.rule, source: rc.source }, rc.count);
    },
  });
  new Counter({
    name: 'peregrine_alerts_total',
    help: 'Alerts raised, by priority',
    labelNames: ['priority'],
    registers: reg,
    collect() {
      this.reset();
      const byPriority = c.alerts().byPriority;
      PRIORITIES.forEach((p, i) => {
        this.inc({ priority: p }, byPriority[i]);
      });
    },
  });
  new Counter({
    name: 'peregrine_internal_alerts_total',
    help: 'Internal alerts (Falco internal: ...), by rule',
    labelNames: ['rule_name'],
    registers: reg,
    collect() {
      this.reset();
      for (const [rule, n] of c.internalAlerts()) this.inc({ rule_name: rule }, n);
    },
  });
  new Gauge({
    name: 'peregrine_rules_loaded',
    help: 'Rules enabled in the running ruleset',
    registers: reg,
    collect() {
      this.set(c.rulesLoaded);
    },
  });
  new Counter({
    name: 'peregrine_reloads_total',
    help: 'Configuration and rules reloads, by result',
    labelNames: ['result'],
    registers: reg,
    collect() {
      this.reset();
      this.inc({ result: 'applied' }, c.reloads);
      this.inc({ result: 'refused' }, c.reloadFailures);
    },
  });

  // Events: captured (handed to user space), processed, dropped in the kernel and in user space.
  new Counter({
    name: 'peregrine_events_captured_total',
    help: 'Events the source handed to user space',
    registers: reg,
    collect() {
      this.reset();
      this.inc(c.captured().events);
    },
  });
  new Counter({
    name: 'peregrine_events_processed_total',
    help: 'Events that went through state tracking and rules',
    registers: reg,
    collect() {
      this.reset();
      this.inc(c.processed());
    },
  });
  new Counter({
    name: 'peregrine_events_processed_by_type_total',
    help: 'Events processed, by event type',
    labelNames: ['evt_type'],
    registers: reg,
    collect() {
      this.reset();
      const a = c.eventsByType;
      for (let i = 0; i < a.length; i++) if (a[i] > 0) this.inc({ evt_type: c.eventTypeName(i) }, a[i]);
    },
  });
  // Every loss (src/metrics/losses.ts): events in the kernel and the capture reader, state the tables refused;
  // output losses are peregrine_output_dropped_total below, by channel.
  new Counter({
    name: 'peregrine_events_dropped_total',
    help: 'Events lost, by where (kernel: the sensor could not send them; capture: read but not decodable) and why',
    labelNames: ['where', 'reason'],
    registers: reg,
    collect() {
      this.reset();
      for (const l of losses(c))
        if (l.where === 'kernel' || l.where === 'capture') this.inc({ where: l.where, reason: l.reason }, l.count);
    },
  });
  new Counter({
    name: 'peregrine_state_dropped_total',
    help: 'Threads, file descriptors, users and containers not tracked because their table was full',
    labelNames: ['table'],
    registers: reg,
    collect() {
      this.reset();
      for (const l of losses(c)) if (l.where === 'state') this.inc({ table: l.reason }, l.count);
    },
  });
  for (const key of KERNEL_STAT_KEYS) {
    new Counter({
      name: `falcosecurity_scap_${key}_total`,
      help: HELP,
      registers: reg,
      collect() {
        this.reset();
        this.inc(c.kernel()[key]);
      },
    });
  }

  // The kernel prefilter (live): what it dropped on purpose is not a loss, so it has its own counters.
  new Counter({
    name: 'peregrine_prefilter_dropped_events_total',
    help: 'Events the kernel prefilter dropped because no loaded rule could match them and no state needs them (not losses)',
    registers: reg,
    collect() {
      this.reset();
      this.inc(c.prefilter().dropped);
    },
  });
  new Counter({
    name: 'peregrine_prefilter_deferred_opens_total',
    help: 'Opens the kernel prefilter held back until their close (sent: sent after all, because a later event needed them)',
    labelNames: ['result'],
    registers: reg,
    collect() {
      this.reset();
      const p = c.prefilter();
      this.inc({ result: 'held' }, p.deferred);
      this.inc({ result: 'sent' }, p.sent);
    },
  });

  // Outputs: per channel queue depth, capacity, deliveries, retries and drops.
  new Gauge({
    name: 'peregrine_output_queue_depth',
    help: 'Alerts waiting in a channel queue',
    labelNames: ['channel'],
    registers: reg,
    collect() {
      this.reset();
      for (const s of c.channels()) this.set({ channel: s.name }, s.depth);
    },
  });
  new Gauge({
    name: 'peregrine_output_queue_capacity',
    help: 'Bound of a channel queue',
    labelNames: ['channel'],
    registers: reg,
    collect() {
      this.reset();
      for (const s of c.channels()) this.set({ channel: s.name }, s.capacity);
    },
  });
  new Gauge({
    name: 'peregrine_output_channel_up',
    help: '1 when the channel delivers, 0 while it is failing and retrying',
    labelNames: ['channel'],
    registers: reg,
    collect() {
      this.reset();
      for (const s of c.channels()) this.set({ channel: s.name }, s.down ? 0 : 1);
    },
  });
  new Counter({
    name: 'peregrine_output_delivered_total',
    help: 'Alerts delivered, by channel',
    labelNames: ['channel'],
    registers: reg,
    collect() {
      this.reset();
      for (const s of c.channels()) this.inc({ channel: s.name }, s.delivered);
    },
  });
  new Counter({
    name: 'peregrine_output_retries_total',
    help: 'Failed delivery attempts that were retried, by channel',
    labelNames: ['channel'],
    registers: reg,
    collect() {
      this.reset();
      for (const s of c.channels()) this.inc({ channel: s.name }, s.retries);
    },
  });
  new Counter({
    name: 'peregrine_output_dropped_total',
    help: 'Alerts not delivered, by channel and reason (queue_full, rejected, shutdown; the NATS spool adds spool_damaged and spool_write_error)',
    labelNames: ['channel', 'reason'],
    registers: reg,
    collect() {
      this.reset();
      for (const s of c.channels()) {
        for (const r of DROP_REASONS) this.inc({ channel: s.name, reason: r }, s.dropped[r]);
        for (const [r, n] of Object.entries(s.lost ?? {})) this.inc({ channel: s.name, reason: r }, n);
      }
    },
  });
  new Counter({
    name: 'falcosecurity_falco_outputs_queue_num_drops_total',
    help: HELP,
    registers: reg,
    collect() {
      this.reset();
      let n = 0;
      for (const s of c.channels()) n += s.dropped.queue_full;
      this.inc(n);
    },
  });

  new Counter({
    name: 'peregrine_threads_from_proc_total',
    help: 'Threads the table lacked when an event needed them, looked up in /proc: found, or already gone',
    labelNames: ['result'],
    registers: reg,
    collect() {
      this.reset();
      const s = c.state();
      this.inc({ result: 'found' }, s.threadsFromProc);
      this.inc({ result: 'gone' }, s.threadsNotInProc);
    },
  });

  // Container runtimes (live): connection and how much they were asked.
  new Gauge({
    name: 'peregrine_container_runtime_connected',
    help: '1 while the runtime answers on its socket',
    labelNames: ['engine', 'socket'],
    registers: reg,
    collect() {
      this.reset();
      for (const r of c.containerRuntimes()) this.set({ engine: r.engine, socket: r.socket }, r.connected ? 1 : 0);
    },
  });
  const runtimeCounter = (name: string, help: string, of: (r: ContainerRuntimeCounts) => number): void => {
    new Counter({
      name,
      help,
      labelNames: ['engine', 'socket'],
      registers: reg,
      collect() {
        this.reset();
        for (const r of c.containerRuntimes()) this.inc({ engine: r.engine, socket: r.socket }, of(r));
      },
    });
  };
  runtimeCounter('peregrine_container_runtime_reconnects_total', 'Reconnections to the runtime', (r) => r.reconnects);
  runtimeCounter('peregrine_container_runtime_lookups_total', 'Containers the runtime described', (r) => r.inspects);
  runtimeCounter(
    'peregrine_container_runtime_lookup_failures_total',
    'Containers the runtime could not describe',
    (r) => r.inspectFailures,
  );
  runtimeCounter('peregrine_container_runtime_events_total', 'Container events from the runtime', (r) => r.events);

  // Resources.
  new Gauge({
    name: 'falcosecurity_falco_cpu_usage_ratio',
    // Since the process started, as Falco computes it: a value that does not depend on who scraped last.
    help: 'CPU used by this process since it started, as a fraction of one CPU',
    registers: reg,
    collect() {
      const cpu = process.cpuUsage();
      const wallUs = process.uptime() * 1e6;
      this.set(wallUs > 0 ? (cpu.user + cpu.system) / wallUs : 0);
    },
  });
  new Gauge({
    name: 'falcosecurity_falco_memory_rss_bytes',
    help: 'Resident set size of this process',
    registers: reg,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  new Gauge({
    name: 'peregrine_memory_heap_used_bytes',
    help: 'V8 heap in use',
    registers: reg,
    collect() {
      this.set(process.memoryUsage().heapUsed);
    },
  });
  new Gauge({
    name: 'peregrine_start_time_seconds',
    help: 'Process start time, seconds since the epoch',
    registers: reg,
    collect() {
      this.set(Number(c.startTimeNs / 1_000_000n) / 1000);
    },
  });

  return {
    contentType: registry.contentType,
    async text() {
      await c.hold();
      try {
        return await registry.metrics();
      } finally {
        c.release();
      }
    },
  };
}
