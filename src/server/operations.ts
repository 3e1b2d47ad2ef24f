// Everything around detection that an operator runs: the logger configured from the configuration, the
// outputs, the drop monitor, the pid file, the signals (SIGUSR1 reopens outputs, SIGHUP reloads), the
// webserver (live runs only, as Falco), `metrics:` snapshots as internal alerts, and an orderly shutdown that
// delivers queued alerts within a bound. The replay and live actions both start it; the detector only calls
// `emit` (alerts) and `drops.onEvent` (per event).
import { rmSync, writeFileSync } from 'node:fs';
import type { Config } from '../config/config.ts';
import { type ReloadController, RULE_HOT_RESTART_FAILURE } from '../config/reload.ts';
import { parseDurationMs } from '../config/schema.ts';
import { exposureError } from '../console/exposure.ts';
import { type ConsoleHandler, createConsole } from '../console/handler.ts';
import type { ConsoleHealth } from '../console/health.ts';
import { type LogLevel, log } from '../log.ts';
import type { Alert } from '../outputs/alert.ts';
import { createOutputs } from '../outputs/create.ts';
import { DropMonitor } from '../outputs/drop-monitor.ts';
import type { Outputs } from '../outputs/outputs.ts';
import { type AlertStoreSettings, alertStoreTarget } from '../store/settings.ts';
import { counters } from './counters.ts';
import { metricsSnapshot } from './snapshot.ts';
import { startWebserver, type Webserver } from './webserver.ts';

export interface OperationsOptions {
  /** Live capture (webserver on when configured); false for a replay. */
  readonly live: boolean;
  /** -P */
  readonly pidfile?: string;
  /** -U: write each alert as soon as it is produced. */
  readonly unbuffered?: boolean;
  /** The sensor uses eBPF (reported in drop alerts). */
  readonly ebpf?: boolean;
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

/** The console's health panel, from the process-wide counters. */
export function consoleHealth(): ConsoleHealth {
  let userspaceDrops = 0;
  for (const n of counters.userDrops) userspaceDrops += n;
  let alerts = 0;
  for (const n of counters.alertsByPriority) alerts += n;
  return {
    eventsProcessed: counters.eventsProcessed,
    kernelDrops: counters.kernel.n_drops,
    userspaceDrops,
    alerts,
    channels: counters.channels().map((c) => ({
      name: c.name,
      depth: c.depth,
      capacity: c.capacity,
      down: c.down,
      dropped: c.dropped.queue_full + c.dropped.rejected + c.dropped.shutdown,
    })),
  };
}

export class Operations {
  /** The outputs alerts go to now (a reload may replace them). */
  outputs: Outputs;
  readonly drops: DropMonitor;
  config: Config;
  stopping = false;
  private readonly opts: OperationsOptions;
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

  constructor(cfg: Config, outputs: Outputs, opts: OperationsOptions) {
    this.config = cfg;
    this.outputs = outputs;
    this.opts = opts;
    const d = cfg.syscall_event_drops;
    this.drops = new DropMonitor(
      { actions: d.actions, threshold: d.threshold, rate: d.rate, maxBurst: d.max_burst, simulate: d.simulate_drops },
      () => this.outputs,
      { ebpf: opts.ebpf ?? false },
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
    counters.reloadFailures++;
    log.error(`${RULE_HOT_RESTART_FAILURE}: ${error}`);
    this.outputs.internal({
      rule: RULE_HOT_RESTART_FAILURE,
      priority: 'Critical',
      message: `${RULE_HOT_RESTART_FAILURE}: ${error}`,
      fields: {},
    });
  }

  /** After a reload: new configuration, new outputs (the old ones drain in the background). */
  async swap(cfg: Config, outputs: Outputs): Promise<void> {
    const old = this.outputs;
    this.config = cfg;
    this.outputs = outputs;
    counters.channels = () => outputs.stats();
    configureLogging(cfg);
    counters.configFiles = cfg.meta.files;
    counters.reloads++;
    counters.reloadTimeNs = BigInt(Date.now()) * 1_000_000n;
    this.startSnapshots();
    if (old !== outputs) await old.close(cfg.output_timeout > 0 ? cfg.output_timeout : 2000);
  }

  private startSnapshots(): void {
    if (this.snapshotTimer !== undefined) clearInterval(this.snapshotTimer);
    this.snapshotTimer = undefined;
    const m = this.config.metrics;
    if (!m.enabled || (!m.output_rule && m.output_file === '')) return;
    const interval = Math.max(100, parseDurationMs(m.interval) ?? 5000);
    this.snapshotTimer = setInterval(() => metricsSnapshot(this.config, this.outputs), interval);
    this.snapshotTimer.unref();
  }

  async start(): Promise<void> {
    if (this.opts.pidfile !== undefined) {
      try {
        writeFileSync(this.opts.pidfile, String(process.pid));
      } catch (err) {
        throw new Error(
          `Could not write pid to pidfile ${this.opts.pidfile}: ${(err as NodeJS.ErrnoException).code ?? err}`,
        );
      }
    }
    process.on('SIGUSR1', this.onUsr1);
    process.on('SIGHUP', this.onHup);
    counters.configFiles = this.config.meta.files;
    counters.reloadTimeNs = BigInt(Date.now()) * 1_000_000n;
    this.startSnapshots();
    const w = this.config.webserver;
    if (this.opts.live && w.enabled) {
      const consoleHandler = this.startConsole();
      try {
        this.webserver = await startWebserver(this.config, {
          healthy: () => !this.stopping,
          console: consoleHandler,
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

  /** Whether this run stores alerts, and where (src/store/settings.ts). */
  get live(): boolean {
    return this.opts.live;
  }

  get alertStore(): AlertStoreSettings | undefined {
    return alertStoreTarget(this.config, this.opts.live);
  }

  /**
   * The alert console on the webserver, when this run stores alerts and `console.enabled`. A webserver on an
   * address other than loopback serves it only with console.token, and over TLS unless allow_plain_http.
   */
  private startConsole(): ConsoleHandler | undefined {
    const store = this.alertStore;
    const c = this.config.console;
    if (store === undefined || !c.enabled) return undefined;
    const w = this.config.webserver;
    const exposure = exposureError(
      { address: w.listen_address, token: c.token, tls: w.ssl_enabled, allowPlainHttp: c.allow_plain_http },
      'webserver',
    );
    if (exposure !== undefined) throw new Error(exposure);
    return createConsole({ storePath: store.path, token: c.token, health: consoleHealth });
  }

  /**
   * Stops: no more reloads, delivers queued alerts while channels make progress (each channel gets
   * `output_timeout` without progress before its queue is given up and counted), removes the pid file.
   * Returns the number of alerts lost.
   */
  async close(): Promise<number> {
    this.stopping = true;
    process.off('SIGUSR1', this.onUsr1);
    process.off('SIGHUP', this.onHup);
    if (this.snapshotTimer !== undefined) clearInterval(this.snapshotTimer);
    await this.reloader?.close();
    const stall = this.config.output_timeout > 0 ? this.config.output_timeout : 2000;
    await this.outputs.drain(stall);
    const lost = await this.outputs.close(0);
    await this.webserver?.close();
    if (this.opts.pidfile !== undefined) rmSync(this.opts.pidfile, { force: true });
    log.close();
    return lost;
  }
}

/** Creates the outputs and the operations around them; an error line when an output cannot be set up. */
export async function startOperations(cfg: Config, opts: OperationsOptions): Promise<Operations | { error: string }> {
  configureLogging(cfg);
  const outputs = createOutputs(cfg, { alertStore: alertStoreTarget(cfg, opts.live) });
  if ('error' in outputs) return outputs;
  const ops = new Operations(cfg, outputs, opts);
  try {
    await ops.start();
  } catch (err) {
    await outputs.close(0);
    return { error: (err as Error).message };
  }
  return ops;
}
