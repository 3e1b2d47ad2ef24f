// Everything around detection that an operator runs: the logger configured from the configuration, the
// outputs, the drop monitor, the pid file, the signals (SIGUSR1 reopens outputs, SIGHUP reloads), the
// webserver (live runs only, as Falco), `metrics:` snapshots as internal alerts, and an orderly shutdown that
// delivers queued alerts within a bound. The replay and live actions both start it; the detector only calls
// `emit` (alerts) and `drops.onEvent` (per event).
import { rmSync, writeFileSync } from 'node:fs';
import type { Config } from '../config/config.ts';
import { type ReloadController, RULE_HOT_RESTART_FAILURE } from '../config/reload.ts';
import { parseDurationMs } from '../config/schema.ts';
import { type LogLevel, log } from '../log.ts';
import type { Alert } from '../outputs/alert.ts';
import { createOutputs } from '../outputs/create.ts';
import { DropMonitor } from '../outputs/drop-monitor.ts';
import type { Outputs } from '../outputs/outputs.ts';
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
  /** Why the event source is gone (live: the sensor exited), or undefined while it delivers. */
  private sourceHealth: () => string | undefined = () => undefined;
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

  /** What /healthz asks the event source: undefined while it runs, else why it is gone. */
  setSourceHealth(check: () => string | undefined): void {
    this.sourceHealth = check;
  }

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
      this.webserver = await startWebserver(this.config, {
        healthy: () => {
          const gone = this.sourceHealth();
          if (gone !== undefined) return { ok: false, status: gone };
          return !this.stopping;
        },
      });
      log.info(
        `Starting health webserver with threadiness ${w.threadiness}, listening on ${this.webserver.address}:${this.webserver.port}${w.ssl_enabled ? ' (SSL)' : ''}`,
      );
    }
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
  const outputs = createOutputs(cfg);
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
