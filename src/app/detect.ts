// The one detection loop, for every source (a capture file, a FIFO or stdin, the live sensor, and whatever comes
// next): rules → outputs and operations → engine (state) → detector (rules) → source, then the run, then an
// orderly stop and Falco's summary. It is the only place that builds this pipeline; the CLI parses flags,
// resolves the settings and calls `runDetection`.
//
//   source ─chunks─► engine.blocks ─► state ─► sink.event ─► drop monitor ─► detector ─► outputs ─► channels
//                                                                              └─ (live) alert deferral
import { readFileSync } from 'node:fs';
import { EVENT_TABLE } from '../capture/event-table.ts';
import { Detector } from '../engine/detector.ts';
import { Engine } from '../engine/engine.ts';
import { recordingRegistry } from '../engine/relevance.ts';
import { log } from '../log.ts';
import { lossSummary } from '../metrics/losses.ts';
import { Metrics } from '../metrics/metrics.ts';
import { droppedTotal } from '../outputs/channel.ts';
import { ContainerAccounts } from '../state/container-accounts.ts';
import type { Event } from '../state/event.ts';
import { hostInterfaces } from '../state/host-interfaces.ts';
import { ProcThreadSource } from '../state/proc-lookup.ts';
import { prestartAlertStore } from '../store/threaded-writer.ts';
import { PEREGRINE_VERSION } from '../version.ts';
import { type ContainerMetadata, startContainerMetadata } from './containers.ts';
import { startOperations } from './operations.ts';
import { chooseRelevant, detectionReloader } from './reload.ts';
import { loadRunRules, rulesProblemsText } from './rules.ts';
import { fieldRegistry } from './rules-env.ts';
import type { Settings } from './settings.ts';
import type { EventSource, RulesGate } from './sources/source.ts';

/** Why live capture cannot start as this user, or undefined: it needs root (or CAP_SYS_ADMIN) to load eBPF. */
export function livePrivilegeError(): string | undefined {
  if (process.getuid?.() === 0) return undefined;
  let capEff = 0n;
  try {
    const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m !== null) capEff = BigInt(`0x${m[1]}`);
  } catch {
    // no /proc: treated as no capabilities
  }
  const CAP_SYS_ADMIN = 21n;
  if ((capEff >> CAP_SYS_ADMIN) & 1n) return undefined;
  return 'live detection must run as root (the eBPF sensor loads kernel programs and reads every process in /proc): run it with sudo, or replay a capture with -e FILE';
}

/** Falco's start-up lines, in both modes. */
function startupLines(settings: Settings, files: readonly string[], enabled: number, total: number): void {
  log.info(`Peregrine version: ${PEREGRINE_VERSION} (Node.js ${process.versions.node})`);
  const cfgFiles = settings.config.meta.files;
  if (cfgFiles.length > 0) {
    log.info(`Peregrine initialized with configuration files:\n${cfgFiles.map((f) => `   ${f.path}`).join('\n')}`);
  } else log.info('Peregrine initialized with the built-in default configuration');
  log.info(`Loading rules from:\n${files.map((f) => `   ${f}`).join('\n')}`);
  log.info(`${enabled} of ${total} rules enabled`);
  log.info('Loaded event sources: syscall');
  log.info('Enabled event sources: syscall');
}

/**
 * Runs detection over `source` with `settings` until the source ends, a signal, -M, or the drop monitor's exit
 * action. Returns the exit code: 0, or 1 when the run could not start, the source failed, the drop monitor
 * stopped it, or (a capture) alerts were lost.
 */
export async function runDetection(settings: Settings, source: EventSource): Promise<number> {
  const metrics = new Metrics();
  metrics.eventTypeName = (code) => EVENT_TABLE[code]?.name ?? String(code);
  const { config, flags } = settings;
  if (source.live) {
    const why = livePrivilegeError();
    if (why !== undefined) {
      process.stderr.write(`peregrine: Error: ${why}\n`);
      return 1;
    }
  }

  // The alert store's writer thread boots while the rules load (src/store/threaded-writer.ts).
  if (settings.alertStore !== undefined) prestartAlertStore(settings.alertStore);

  // The fields the rules and outputs use decide which state must be kept (src/engine/relevance.ts).
  const usedFields = new Set<string>();
  const rules = loadRunRules<Event>(
    settings.rules.files,
    flags,
    config,
    recordingRegistry(fieldRegistry<Event>(), usedFields),
    // alerts carry the store's context (process ancestry, user, container) when this run stores them
    { alertContext: settings.alertStore !== undefined },
  );
  process.stderr.write(rulesProblemsText(rules.result, flags.verbose));
  if (rules.ruleset === undefined) return 1;
  const { ruleset } = rules;
  metrics.rulesLoaded = ruleset.enabled.length;
  metrics.rulesFiles = rules.digests;

  const opsOrError = await startOperations(settings, metrics, {
    live: source.live,
    sourceAlive: () => source.alive,
    sourceProblem: () => source.problem?.(),
  });
  if ('error' in opsOrError) {
    process.stderr.write(`peregrine: Error: ${opsOrError.error}\n`);
    return 1;
  }
  const ops = opsOrError;
  startupLines(settings, [...rules.result.contents.keys()], ruleset.enabled.length, ruleset.rules.length);

  const engine = new Engine({ event() {} }, { hostname: settings.hostname });
  const state = engine.state;
  metrics.capture = () => engine.reader.stats;
  metrics.state = () => ({
    threadsDropped: state.threads.dropped,
    fdsDropped: state.threads.droppedFds,
    usersDropped: state.users.dropped,
    containersDropped: state.containers.dropped,
    threadsFromProc: state.threads.fromProc,
    threadsNotInProc: state.threads.notInProc,
  });
  metrics.kernel = () => source.kernel();
  metrics.prefilter = () => source.prefilter?.() ?? { dropped: 0, deferred: 0, sent: 0 };
  metrics.refreshKernel = () => source.refresh();

  // Live, container metadata comes from the runtimes (a capture carries its own container events): the running
  // containers are listed before the first event, and alerts about a container whose metadata is on its way
  // wait for it (bounded) instead of printing <NA>. Users and groups inside a container are its own.
  let containers: ContainerMetadata | undefined;
  if (source.live && settings.source.kind === 'live') {
    state.users.containers = new ContainerAccounts(settings.source.hostRoot, state.threads, state.containers);
    // A thread the table lacks when an event needs it is read from /proc then (libsinsp's missing-thread lookup).
    state.threadSource = new ProcThreadSource(settings.source.hostRoot);
    // The sensor's stream lists no interfaces; libscap reads them live, and fd.is_server and UDP tuples need them.
    engine.interfaces(hostInterfaces());
    const meta = await startContainerMetadata(
      config,
      state.containers,
      (severity, msg) => log[severity](msg),
      ops.emit,
    );
    if ('error' in meta) {
      await ops.close();
      process.stderr.write(`peregrine: Error: ${meta.error}\n`);
      return 1;
    }
    containers = meta;
    metrics.containerRuntimes = () => meta.stats();
  }
  const detector = new Detector(ruleset, ops.emit, {
    hostname: settings.hostname,
    timeFormatIso8601: config.time_format_iso_8601,
    // The alert context cache's off switch: the reference its differential test compares with (alert-context.ts).
    contextCache: process.env.PEREGRINE_CONTEXT_CACHE !== '0',
    ...(containers === undefined ? {} : { deferral: containers.deferral }),
  });
  metrics.alerts = () => detector.counts();
  chooseRelevant(engine, ruleset, settings, usedFields);

  // `halted`: stop evaluating at once (the drop monitor's exit action). A signal or -M only asks the source to
  // stop: what it delivered before the request still flows through state and rules.
  let halted = false;
  let dropExit = false;
  let stopSignal: NodeJS.Signals | undefined;
  // -M: a capture stops once it has covered this much event time (Falco's duration_to_tot); live, wall time.
  const limitNs =
    !source.live && flags.durationSeconds !== undefined ? BigInt(Math.round(flags.durationSeconds * 1e9)) : 0n;
  let firstTs = -1n;
  const drops = ops.drops;
  const byType = metrics.eventsByType;
  // A reload's switch of rule sets may wait for the first event the sensor filtered for both (prefilter/link.ts).
  let gate: RulesGate | undefined;
  engine.setSink({
    event(evt: Event) {
      if (halted) return;
      if (gate?.waiting === true) gate.due(evt.ts);
      if (limitNs > 0n) {
        const ts = evt.ts;
        if (firstTs < 0n) firstTs = ts;
        else if (ts - firstTs >= limitNs) {
          halted = true;
          source.stop();
          return;
        }
      }
      if (!drops.onEvent(evt)) {
        halted = true;
        dropExit = true;
        source.stop();
        return;
      }
      metrics.eventsProcessed++;
      byType[evt.type]++;
      detector.event(evt);
    },
  });

  // Signals stop the run from here on, while the source starts too (the sensor takes a moment): installed
  // before anything announces that events are being read, so a signal sent on that line is never fatal.
  // A signal also ends a wait for room in a channel that is down (a replay would otherwise wait for it forever).
  const stopped = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    log.info(`${sig} received, exiting...`);
    stopSignal = sig;
    stopped.abort();
    source.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const openError = await source.open(engine, ruleset, settings);
  if (openError !== undefined) {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await containers?.stop();
    await ops.close();
    process.stderr.write(`peregrine: Error: ${openError}\n`);
    return 1;
  }
  gate = source.rulesGate;
  // a signal during start-up: the source stops as soon as it runs
  if (stopSignal !== undefined) source.stop();
  log.info(source.describe());
  ops.setReloader(detectionReloader({ ops, detector, engine, source, metrics }));

  const timer =
    source.live && flags.durationSeconds !== undefined && flags.durationSeconds > 0
      ? setTimeout(() => source.stop(), flags.durationSeconds * 1000)
      : undefined;

  const started = process.hrtime.bigint();
  // A capture is read no faster than the slowest output delivers: nothing is dropped for want of room.
  const end = await source.run(() => ops.outputs.waitForRoom(stopped.signal) ?? undefined);
  if (timer !== undefined) clearTimeout(timer);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  // Alerts still waiting for container metadata go out now, with what is known; then every queued alert is
  // delivered (or counted) before the summary, as Falco flushes its outputs first.
  containers?.deferral.flush();
  await containers?.stop();
  await ops.close();
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;

  if (end.error !== undefined) {
    // The error is the run's last word: no summary after it, so it cannot be missed.
    process.stderr.write(`peregrine: ${source.live ? 'Error: ' : ''}${end.error}\n`);
    log.close();
    return 1;
  }
  process.stderr.write(drops.summary());
  const events = engine.stats.events;
  if (stopSignal !== undefined) {
    process.stderr.write(`peregrine: stopped by ${stopSignal} after ${events} events: the summary covers those\n`);
  }
  process.stdout.write(detector.summary(events));
  const lossText = lossSummary(metrics);
  if (lossText !== '') process.stderr.write(lossText);
  if (flags.verbose) {
    if (source.live) {
      const k = metrics.kernel();
      process.stderr.write(`Driver Events:${k.n_evts}\nDriver Drops:${k.n_drops}\n`);
      const s = metrics.state();
      process.stderr.write(
        `Threads read from /proc:${s.threadsFromProc}\nThreads not in /proc:${s.threadsNotInProc}\n`,
      );
    } else {
      const rate = elapsed > 0 ? Math.round(events / elapsed) : 0;
      process.stderr.write(
        `peregrine: ${events} events from ${source.name} in ${elapsed.toFixed(3)} s (${rate} events/s; ` +
          `${engine.stats.delivered + engine.stats.stateOnly} decoded for the rules and the state)\n`,
      );
    }
  }
  log.close();
  if (dropExit) return 1;
  // A capture whose alerts did not all reach every output is a failed run: the operator must know.
  if (!source.live && metrics.channels().some((c) => droppedTotal(c.dropped) > 0)) return 1;
  return 0;
}
