// Hot reload: on SIGHUP, or when a watched configuration or rules file changes (`watch_config_files`), load the
// configuration and the rules anew, validate them completely, and only then hand them to the running
// detector. A configuration or rules set that does not load is refused: the old one keeps running and a
// "Falco internal: hot restart failure" alert says why. Capture is never stopped, so no event is missed:
// the detector switches between two events (see ReloadTarget.prepare / apply).
//
// File changes are watched with chokidar (a bare fs.watch goes silent after an editor's save-by-rename or a
// Kubernetes ConfigMap swap) and debounced, so a burst of writes causes one reload.
import { EventEmitter } from 'node:events';
import { log } from '../log.ts';
import { type Config, type ConfigSources, isConfigError, loadConfig } from './config.ts';

export const RULE_HOT_RESTART_FAILURE = 'Falco internal: hot restart failure';

/** What a reload has built, ready to swap in. */
export interface PreparedReload {
  /** Swaps the new configuration and rules in. Synchronous, between two events; must not fail. */
  apply(): void;
  /** Releases what prepare built, when the reload is abandoned. */
  discard?(): void;
  /** Rules files and directories the new set was loaded from, to watch. */
  readonly rulesFiles: readonly string[];
  readonly rulesFolders: readonly string[];
}

/** The running detector, as the reload controller sees it. */
export interface ReloadTarget {
  /**
   * Builds everything the new configuration needs (rules loaded and compiled, outputs created) without
   * touching what runs. Returns an error sentence when anything is invalid.
   */
  prepare(cfg: Config): Promise<PreparedReload | { error: string }>;
}

export interface ReloadControllerOptions {
  readonly sources: ConfigSources;
  readonly target: ReloadTarget;
  /** Called with the reason when a reload is refused (the caller emits the internal alert and logs). */
  readonly onRefused: (error: string) => void;
  /** Called after a reload was applied. */
  readonly onApplied?: (cfg: Config) => void;
  /** Quiet time after the last file event before reloading. */
  readonly debounceMs?: number;
}

interface Watcher {
  on(ev: string, fn: (...args: unknown[]) => void): unknown;
  close(): Promise<void>;
}

/**
 * Emits 'reloading' (reason), 'applied' (cfg), 'refused' (error) and 'watching' (paths) — for logs and tests.
 */
export class ReloadController extends EventEmitter {
  private readonly opts: ReloadControllerOptions;
  private watcher: Watcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<boolean> | undefined;
  private again = false;
  private closed = false;
  private watchEnabled = false;

  constructor(opts: ReloadControllerOptions) {
    super();
    this.opts = opts;
  }

  /** Start watching these paths when `watch_config_files` is true (call again after each reload). */
  async watch(cfg: Config, rulesFiles: readonly string[], rulesFolders: readonly string[]): Promise<void> {
    this.watchEnabled = cfg.watch_config_files;
    await this.unwatch();
    if (!this.watchEnabled || this.closed) return;
    const paths = [...cfg.meta.files.map((f) => f.path), ...cfg.meta.folders, ...rulesFiles, ...rulesFolders].filter(
      (p, i, a) => p !== '' && a.indexOf(p) === i,
    );
    if (paths.length === 0) return;
    const { watch } = await import('chokidar');
    const w = watch(paths, { ignoreInitial: true, persistent: false, depth: 0 }) as unknown as Watcher;
    this.watcher = w;
    w.on('all', (_event: unknown, path: unknown) => this.request(`${String(path)} changed`));
    w.on('error', () => {});
    await new Promise<void>((resolve) => w.on('ready', () => resolve()));
    for (const p of paths) log.debug(`Watching '${p}'`);
    this.emit('watching', paths);
  }

  private async unwatch(): Promise<void> {
    const w = this.watcher;
    this.watcher = undefined;
    if (w !== undefined) await w.close();
  }

  /** Debounced reload request (file events). */
  request(reason: string): void {
    if (this.closed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload(reason);
    }, this.opts.debounceMs ?? 250);
    this.timer.unref();
  }

  /**
   * Reloads now (SIGHUP). Concurrent requests coalesce: one more reload runs after the current one, so the
   * last change always wins. Resolves true when the new set was applied.
   */
  reload(reason: string): Promise<boolean> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = this.run(reason).finally(() => {
      this.running = undefined;
      if (this.again && !this.closed) {
        this.again = false;
        void this.reload('changes during the previous reload');
      }
    });
    return this.running;
  }

  private async run(reason: string): Promise<boolean> {
    this.emit('reloading', reason);
    const cfg = loadConfig(this.opts.sources);
    if (isConfigError(cfg)) return this.refuse(cfg.error);
    let prepared: PreparedReload | { error: string };
    try {
      prepared = await this.opts.target.prepare(cfg);
    } catch (err) {
      prepared = { error: (err as Error).message };
    }
    if ('error' in prepared) return this.refuse(prepared.error);
    if (this.closed) {
      prepared.discard?.();
      return false;
    }
    prepared.apply();
    this.opts.onApplied?.(cfg);
    this.emit('applied', cfg);
    await this.watch(cfg, prepared.rulesFiles, prepared.rulesFolders);
    return true;
  }

  private refuse(error: string): boolean {
    this.opts.onRefused(error);
    this.emit('refused', error);
    return false;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.unwatch();
  }
}
