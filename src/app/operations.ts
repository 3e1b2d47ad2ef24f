// Everything around detection that an operator runs: the logger configured from the configuration, the
// outputs, the drop monitor, the pid file, the signals (SIGUSR1 reopens outputs, SIGHUP reloads), the
// webserver (live runs only, as Falco), `metrics:` snapshots as internal alerts, and an orderly shutdown that
// delivers queued alerts while the channels make progress. The detection loop only calls `emit` (alerts) and
// `drops.onEvent` (per event).
import { rmSync, writeFileSync } from 'node:fs';
import type { Config } from '../config/config.ts';
import { type ReloadController, RULE_HOT_RESTART_FAILURE } from '../config/reload.ts';
import { parseDurationMs } from '../config/schema.ts';
import { exposureError } from '../console/exposure.ts';
import { type ConsoleHandler, createConsole } from '../console/handler.ts';
import type { ConsoleHealth } from '../console/health.ts';
import { type LogLevel, log } from '../log.ts';
import { losses } from '../metrics/losses.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Alert } from '../outputs/alert.ts';
import { droppedTotal } from '../outputs/channel.ts';
import { createOutputs } from '../outputs/create.ts';
import { DropMonitor } from '../outputs/drop-monitor.ts';
import type { Outputs } from '../outputs/outputs.ts';
import { MetricsSnapshots } from '../server/snapshot.ts';
import { startWebserver, type Webserver } from '../server/webserver.ts';
import type { Settings } from './settings.ts';

export interface OperationsOptions {
  /** Live capture: the webserver runs when configured (Falco does not start it for a capture). */
  readonly live: boolean;
  /** Whether the event source still delivers: /healthz fails as soon as it does not. */
  readonly sourceAlive: () => boolean;
  /** Why it does not (`the sensor was killed by SIGKILL`): what /healthz answers then. */
  readonly sourceProblem?: () => string | undefined;
}

/** Applies `log_level`, `log_stderr`, `log_syslog`, `time_format_iso_8601` and prints the config warnings. */
export function configureLogging(cfg: Config): void {
  log.configure({
    level: cfg.log_level as LogLevel,
    stderr: cfg.log_stderr,
    syslog: cfg.log_syslog,
    iso8601: cfg.time_format_iso_8601,
  });
  for (const w of cfg.meta.warnings) log.warning(w);
}

/** The outputs of the settings; `{error}` when they cannot run. Published to the metrics when they start. */
export function outputsFor(settings: Settings): Outputs | { error: string } {
  return createOutputs(settings.config, {
    timeoutMs: settings.outputTimeoutMs,
    hostname: settings.hostname,
    alertStore: settings.alertStore,
  });
}

/** The console's health panel, from the run's metrics. */
export function consoleHealth(metrics: Metrics): ConsoleHealth {
  let userspaceDrops = 0;
  for (const l of losses(metrics)) if (l.where === 'capture') userspaceDrops += l.count;
  return {
    eventsProcessed: metrics.eventsProcessed,
    kernelDrops: metrics.kernel().n_drops,
    userspaceDrops,
    alerts: metrics.alerts().total,
    channels: metrics.channels().map((c) => ({
      name: c.name,
      depth: c.depth,
      capacity: c.capacity,
      down: c.down,
      dropped: droppedTotal(c.dropped),
    })),
  };
}

export class Operations {
  /** The outputs alerts go to now (a reload may replace them). */
  outputs: Outputs;
  readonly drops: DropMonitor;
  settings: Settings;
  stopping = false;
  private readonly metrics: Metrics;
  private readonly opts: OperationsOptions;
  private readonly snapshots: MetricsSnapshots;
  private webserver: Webserver | undefined;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private reloader: ReloadController | undefined;
  private readonly onUsr1 = (): void => {
    log.info('SIGUSR1 received, reopening outputs');
    void this.outputs.reopen();
  };
  private readonly onHup = (): void => {
    log.info('SIGHUP received, reloading configuration and rules');
    void this.reloader?.reload('SIGHUP');
  };

  constructor(settings: Settings, outputs: Outputs, metrics: Metrics, opts: OperationsOptions) {
    this.settings = settings;
    this.outputs = outputs;
    this.metrics = metrics;
    this.opts = opts;
    outputs.publishTo(metrics);
    this.snapshots = new MetricsSnapshots(metrics);
    const d = settings.config.syscall_event_drops;
    this.drops = new DropMonitor(
      { actions: d.actions, threshold: d.threshold, rate: d.rate, maxBurst: d.max_burst, simulate: d.simulate_drops },
      () => this.outputs,
      () => metrics.kernel(),
      { ebpf: opts.live },
    );
  }

  /** Every rule alert goes through here. */
  readonly emit = (alert: Alert): void => {
    this.outputs.emit(alert);
  };

  /** Installs the reload controller SIGHUP drives. */
  setReloader(r: ReloadController): void {
    this.reloader = r;
  }

  /** The hot-restart-failure internal alert and log line. */
  reloadRefused(error: string): void {
    this.metrics.reloadFailures++;
    log.error(`${RULE_HOT_RESTART_FAILURE}: ${error}`);
    this.outputs.internal({
      rule: RULE_HOT_RESTART_FAILURE,
      priority: 'Critical',
      message: `${RULE_HOT_RESTART_FAILURE}: ${error}`,
      fields: {},
    });
  }

  /** After a reload: new settings, new outputs (the old ones drain in the background). */
  async swap(settings: Settings, outputs: Outputs): Promise<void> {
    const old = this.outputs;
    this.settings = settings;
    this.outputs = outputs;
    outputs.publishTo(this.metrics);
    configureLogging(settings.config);
    this.reportPreflight();
    this.metrics.configFiles = settings.config.meta.files;
    this.metrics.reloads++;
    this.metrics.reloadTimeNs = BigInt(Date.now()) * 1_000_000n;
    this.startSnapshots();
    if (old !== outputs) await old.close(settings.outputTimeoutMs);
  }

  private reportPreflight(): void {
    for (const p of this.outputs.preflight()) log.error(`${p}: its alerts will be counted as lost until it can write`);
  }

  private startSnapshots(): void {
    if (this.snapshotTimer !== undefined) clearInterval(this.snapshotTimer);
    this.snapshotTimer = undefined;
    const cfg = this.settings.config;
    const m = cfg.metrics;
    if (!m.enabled || (!m.output_rule && m.output_file === '')) return;
    const interval = Math.max(100, parseDurationMs(m.interval) ?? 5000);
    this.snapshotTimer = setInterval(() => this.snapshots.take(this.settings.config, this.outputs), interval);
    this.snapshotTimer.unref();
  }

  async start(): Promise<void> {
    const pidfile = this.settings.flags.pidfile;
    if (pidfile !== undefined) {
      try {
        writeFileSync(pidfile, String(process.pid));
      } catch (err) {
        throw new Error(`Could not write pid to pidfile ${pidfile}: ${(err as NodeJS.ErrnoException).code ?? err}`);
      }
    }
    process.on('SIGUSR1', this.onUsr1);
    process.on('SIGHUP', this.onHup);
    this.reportPreflight();
    this.metrics.configFiles = this.settings.config.meta.files;
    this.metrics.reloadTimeNs = BigInt(Date.now()) * 1_000_000n;
    this.startSnapshots();
    const w = this.settings.config.webserver;
    if (this.opts.live && w.enabled) {
      const consoleHandler = this.startConsole();
      try {
        this.webserver = await startWebserver(this.settings.config, {
          metrics: this.metrics,
          healthy: () => {
            if (!this.opts.sourceAlive()) {
              return { ok: false, status: this.opts.sourceProblem?.() ?? 'the event source is gone' };
            }
            return !this.stopping;
          },
          ...(consoleHandler === undefined ? {} : { console: consoleHandler }),
        });
      } catch (err) {
        await consoleHandler?.close();
        throw err;
      }
      log.info(
        `Starting health webserver with threadiness ${w.threadiness}, listening on ${this.webserver.address}:${this.webserver.port}${w.ssl_enabled ? ' (SSL)' : ''}`,
      );
    }
  }

  /**
   * The alert console on the webserver, when this run stores alerts and `console.enabled`. A webserver on an
   * address other than loopback serves it only with console.token, and over TLS unless allow_plain_http.
   */
  private startConsole(): ConsoleHandler | undefined {
    const store = this.settings.alertStore;
    const cfg = this.settings.config;
    const c = cfg.console;
    if (store === undefined || !c.enabled) return undefined;
    const w = cfg.webserver;
    const exposure = exposureError(
      { address: w.listen_address, token: c.token, tls: w.ssl_enabled, allowPlainHttp: c.allow_plain_http },
      'webserver',
    );
    if (exposure !== undefined) throw new Error(exposure);
    return createConsole({ storePath: store.path, token: c.token, health: () => consoleHealth(this.metrics) });
  }

  /**
   * Stops: no more reloads, delivers queued alerts while channels make progress (a channel gets `output_timeout`
   * without progress before its queue is given up and counted), removes the pid file. Returns the number of
   * alerts lost at shutdown.
   */
  async close(): Promise<number> {
    this.stopping = true;
    process.off('SIGUSR1', this.onUsr1);
    process.off('SIGHUP', this.onHup);
    if (this.snapshotTimer !== undefined) clearInterval(this.snapshotTimer);
    await this.reloader?.close();
    await this.outputs.drain(this.settings.outputTimeoutMs);
    const lost = await this.outputs.close(0);
    await this.webserver?.close();
    const pidfile = this.settings.flags.pidfile;
    if (pidfile !== undefined) rmSync(pidfile, { force: true });
    return lost;
  }
}

/** Creates the outputs and the operations around them; an error line when they cannot be set up. */
export async function startOperations(
  settings: Settings,
  metrics: Metrics,
  opts: OperationsOptions,
): Promise<Operations | { error: string }> {
  configureLogging(settings.config);
  const outputs = outputsFor(settings);
  if ('error' in outputs) return outputs;
  const ops = new Operations(settings, outputs, metrics, opts);
  try {
    await ops.start();
  } catch (err) {
    await outputs.close(0);
    return { error: (err as Error).message };
  }
  return ops;
}
