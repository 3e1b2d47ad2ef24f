// Container metadata for live detection, in one call: the settings from the configuration, the runtimes found
// (HOST_ROOT-aware), the pre-existing containers listed into the store, and the alert deferral that keeps
// alerts about a container from printing <NA> while its metadata is on the way.
//
// How the live command uses it (state first, then rules, as the engine does):
//
//   const engine = new Engine(sink, { hostname });
//   const meta = await startContainerMetadata(cfg, engine.state.containers, log, emit);   // before capture
//   if ('error' in meta) …;
//   const detector = new Detector(ruleset, emit, { hostname, timeFormatIso8601, deferral: meta.deferral });
//   … capture …
//   on shutdown: meta.deferral.flush(); await meta.stop();
//
// Start-up waits for the first listing of each runtime (bounded by container_engines.api_timeout_ms per
// request), so containers running before Peregrine starts are known before the first event is read.
import { AlertDeferral } from '../engine/alert-deferral.ts';
import type { Alert } from '../outputs/alert.ts';
import type { Log } from '../state/containers/runtime-watcher.ts';
import { ContainerRuntimes, type RuntimeStats, type RuntimeSummary } from '../state/containers/runtimes.ts';
import { type ContainerSettings, containerSettingsFrom } from '../state/containers/settings.ts';
import type { ContainerStore } from '../state/containers/store.ts';

export interface ContainerMetadata {
  readonly settings: ContainerSettings;
  readonly runtimes: readonly RuntimeSummary[];
  readonly deferral: AlertDeferral;
  /** Per-runtime counters (connected, reconnects, containers described, failures, events), for /metrics. */
  stats(): RuntimeStats[];
  /** Stops following the runtimes (the store keeps what it knows). */
  stop(): Promise<void>;
}

export async function startContainerMetadata(
  config: Readonly<Record<string, unknown>>,
  store: ContainerStore,
  log: Log,
  emit: (alert: Alert) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ContainerMetadata | { readonly error: string }> {
  const settings = containerSettingsFrom(config, env);
  if ('error' in settings) return settings;
  const runtimes = new ContainerRuntimes(settings, store, log);
  const summaries = await runtimes.start();
  for (const r of summaries) {
    if (r.status === 'connected') {
      const what = r.detail === '' ? '' : ` (${r.detail})`;
      log('info', `Container runtime ${r.engine}${what} on ${r.socket}: ${r.containers} container(s) known`);
    } else if (r.status === 'unreachable') {
      log('warning', `Container runtime ${r.engine} on ${r.socket} does not answer: ${r.detail}`);
    }
  }
  if (!summaries.some((r) => r.status === 'connected')) {
    log(
      'info',
      'No container runtime answers: container.* fields other than container.id and container.type stay <NA>',
    );
  }
  const deferral = new AlertDeferral({ store, waitMs: settings.metadataWaitMs, emit });
  return {
    settings,
    runtimes: summaries,
    deferral,
    stats: () => runtimes.stats(),
    stop: () => runtimes.stop(),
  };
}
