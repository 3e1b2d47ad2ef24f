// `peregrine` with no capture file (engine.kind modern_ebpf, the default): detection on this host. The eBPF
// sensor's loader streams scap blocks on a pipe (src/capture/live-source.ts); the same Engine and Detector as
// replay decode them, update the state and run the rules. The sensor captures the syscalls the rules and the
// state tracker need (src/capture/syscall-set.ts), re-chosen on every rules reload. Its per-CPU loss counters
// feed the syscall_event_drops monitor. -M SECONDS stops after that long; SIGINT/SIGTERM detach and flush.

import { EVENT_TABLE } from '../../capture/event-table.ts';
import { type LiveExit, LiveSource, type SensorStats } from '../../capture/live-source.ts';
import {
  baseSyscallsFromConfig,
  type SyscallSelection,
  selectSyscalls,
  syscallNames,
} from '../../capture/syscall-set.ts';
import type { Config } from '../../config/config.ts';
import { Detector } from '../../engine/detector.ts';
import { Engine } from '../../engine/engine.ts';
import { compilePrefilter } from '../../engine/prefilter/compile.ts';
import { PrefilterLink, prefilterGate } from '../../engine/prefilter/link.ts';
import { recordingRegistry } from '../../engine/relevance.ts';
import { log } from '../../log.ts';
import type { Ruleset } from '../../rules/ruleset.ts';
import { counters, type KernelStats, zeroKernelStats } from '../../server/counters.ts';
import { startOperations } from '../../server/operations.ts';
import { ContainerAccounts } from '../../state/container-accounts.ts';
import { startContainerMetadata } from '../../state/containers/service.ts';
import type { Event } from '../../state/event.ts';
import type { CliOptions } from '../options.ts';
import { fieldRegistry } from '../rules-env.ts';
import { loadConfiguredRules } from './dry-run.ts';
import { chooseRelevant, detectorReloader, rulesDigests } from './reload-target.ts';
import { alertHostname, detectEvent } from './replay.ts';
import { loadCliConfig } from './validate.ts';

/** Engine kinds that run the live sensor. Falco's other drivers (kmod, ebpf, gvisor) do not exist here. */
const LIVE_KINDS = new Set(['modern_ebpf']);

/** `engine.kind` unless it is a live kind: then the line explaining why live detection cannot start. */
export function liveEngineError(config: Config): string | undefined {
  const kind = (config.engine as { kind?: unknown } | undefined)?.kind ?? 'modern_ebpf';
  if (typeof kind === 'string' && LIVE_KINDS.has(kind)) return undefined;
  return `engine.kind '${String(kind)}' is not supported: Peregrine captures with its own eBPF sensor (engine.kind=modern_ebpf, the default) or replays a capture (-e FILE)`;
}

/** Sums the sensor's per-CPU counters into libscap's scap_stats names (what the drop monitor and /metrics read). */
export function kernelStatsOf(s: SensorStats): KernelStats {
  const k = zeroKernelStats();
  for (const c of s.cpus) {
    const buffer = c.drops_ring_full + c.drops_no_ring;
    k.n_evts += c.events;
    k.n_drops_buffer += buffer;
    k.n_drops_scratch_map += c.drops_no_scratch;
    k.n_drops += buffer + c.drops_no_scratch + c.drops_too_big;
  }
  return k;
}

/** Falco's messages about the selected set (configure_interesting_sets), on the log. */
function reportSelection(sel: SyscallSelection): void {
  if (sel.invalidPositive.length > 0)
    log.warning(
      `Invalid (positive) syscall names: warning (base_syscalls override): ${sel.invalidPositive.join(', ')}`,
    );
  if (sel.invalidNegative.length > 0)
    log.warning(
      `Invalid (negative) syscall names: warning (base_syscalls override): ${sel.invalidNegative.join(', ')}`,
    );
  if (sel.repaired.length > 0) log.info(`+(${sel.repaired.length}) repaired syscalls: ${sel.repaired.join(', ')}`);
  if (sel.rulesNotSelected.length > 0) {
    log.warning(
      'Loaded rules match syscalls that are not activated (e.g. were removed via config settings such as no -A flag or negative base_syscalls elements) or unsupported with current configuration: warning (unsupported-evttype): ' +
        sel.rulesNotSelected.join(', '),
    );
  }
  log.debug(`(${sel.ppmSc.size}) syscalls selected in total (final set): ${syscallNames(sel.ppmSc).join(', ')}`);
}

export async function runLive(opts: CliOptions, config?: Config): Promise<number> {
  const cfg = config ?? loadCliConfig(opts);
  if (cfg === undefined) return 1;
  const kindError = liveEngineError(cfg);
  if (kindError !== undefined) {
    process.stderr.write(`peregrine: Error: ${kindError}\n`);
    return 1;
  }
  if (opts.unbuffered) cfg.buffered_outputs = false;
  // The fields the rules and outputs use decide which state must be kept (src/engine/relevance.ts), as in replay.
  const usedFields = new Set<string>();
  const rules = loadConfiguredRules<Event>(opts, cfg, recordingRegistry(fieldRegistry<Event>(), usedFields));
  if (rules?.ruleset === undefined) return 1;

  const ops0 = await startOperations(cfg, {
    live: true,
    pidfile: opts.pidfile,
    unbuffered: opts.unbuffered,
    ebpf: true,
  });
  if ('error' in ops0) {
    process.stderr.write(`peregrine: Error: ${ops0.error}\n`);
    return 1;
  }
  const ops = ops0;
  counters.rulesLoaded = rules.ruleset.enabled.length;
  counters.rulesFiles = rulesDigests(rules.contents);
  counters.eventTypeName = (code) => EVENT_TABLE[code]?.name ?? String(code);
  const hostname = alertHostname();
  const engine = new Engine({ event() {} }, { hostname });
  // Users and groups inside a container are the container's own (its /etc/passwd), as Falco resolves them.
  const state = engine.state;
  state.users.containers = new ContainerAccounts(process.env.HOST_ROOT ?? '', state.threads, state.containers);
  // Container metadata before the first event: the runtimes' running containers are listed (each request
  // bounded by container_engines.api_timeout_ms) and their event streams followed from here on.
  const meta = await startContainerMetadata(
    cfg,
    engine.state.containers,
    (severity, msg) => log[severity](msg),
    ops.emit,
  );
  if ('error' in meta) {
    await ops.close();
    process.stderr.write(`peregrine: Error: ${meta.error}\n`);
    return 1;
  }
  const detector = new Detector(rules.ruleset, ops.emit, {
    hostname,
    timeFormatIso8601: cfg.time_format_iso_8601,
    deferral: meta.deferral,
  });
  // Events nothing reads pass undecoded (the sensor sends only the wanted syscalls, but state-only events
  // still arrive).
  chooseRelevant(engine, rules.ruleset, cfg, usedFields);

  const base = baseSyscallsFromConfig(cfg.base_syscalls, opts.allEvents);
  const selection = selectSyscalls(rules.ruleset.eventCodes(), base);
  reportSelection(selection);

  // `halt`: stop processing at once (the drop monitor's exit action, a bad stream). A signal or -M only asks
  // the sensor to stop: what it captured before the request still flows through state and rules.
  let halt = false;
  let stopping = false;
  let dropExit = false;
  const drops = ops.drops;
  let prefilter: PrefilterLink | undefined;
  engine.setSink({
    event(evt: Event) {
      if (halt) return;
      // a reload's switch of rule sets waits for the first event the sensor filtered for both (prefilter/link.ts)
      if (prefilter?.waiting) prefilter.due(evt.ts);
      if (!detectEvent(drops, detector, evt)) {
        halt = true;
        dropExit = true;
      }
    },
  });

  let decodeError: string | undefined;
  // Chunks (the metadata) arrive before start() resolves: the callbacks reach the source through this.
  let liveSource: LiveSource | undefined;
  const modern = (cfg.engine as { modern_ebpf?: { buf_size_preset?: number; prefilter?: boolean } } | undefined)
    ?.modern_ebpf;
  const starting = LiveSource.start({
    syscalls: selection.native,
    hostRoot: process.env.HOST_ROOT,
    ringBytes: ringBytesOfPreset(modern?.buf_size_preset),
    snaplen: snaplenOf(cfg),
    onChunk: (chunk) => {
      if (decodeError !== undefined) return;
      const err = engine.blocks.push(chunk);
      counters.eventsCaptured = engine.stats.events;
      if (err !== undefined) {
        decodeError = `sensor stream: ${err.message} at byte ${err.offset}`;
        halt = true;
        void liveSource?.stop();
        return;
      }
      // Live, detection never waits for outputs: a full output queue drops (and counts) alerts, as Falco's
      // does, instead of stalling the sensor into dropping events.
      if (halt) void liveSource?.stop();
    },
    onStats: (s) => {
      counters.kernel = kernelStatsOf(s);
      // Events the loader holds because the engine is behind (memory, not yet drops): bench/live.ts reads it.
      if (s.backlog_bytes > 0) log.debug(`sensor: ${s.backlog_bytes} bytes wait for the engine`);
    },
    onSyscalls: (ack) => {
      const missing = ack.failed.filter((f) => f.error !== 'Function not implemented');
      if (missing.length > 0)
        log.warning(`the sensor cannot capture: ${missing.map((f) => `${f.name} (${f.error})`).join(', ')}`);
    },
    onLog: (line) => log.debug(`sensor: ${line}`),
  });
  // The prefilter's tables are compiled while the sensor loads its programs.
  const firstPrefilter = modern?.prefilter !== false ? compilePrefilter([rules.ruleset.enabled]) : undefined;
  const source = await starting;
  if (!(source instanceof LiveSource)) {
    await meta.stop();
    await ops.close();
    process.stderr.write(`peregrine: Error: ${source.lastLog || `the sensor exited with code ${source.code}`}\n`);
    return 1;
  }
  liveSource = source;
  // engine.modern_ebpf.prefilter: drop in the kernel the open-family events no rule can match (sensor/README.md)
  if (firstPrefilter !== undefined) {
    prefilter = new PrefilterLink(source);
    await prefilter.start(rules.ruleset.enabled, firstPrefilter);
  }
  log.info(
    `Capturing ${selection.native.length} syscalls with the eBPF sensor (${source.ready?.mode} mode) on ${source.ready?.cpus} CPUs; ${source.ready?.threads} threads and ${source.ready?.fds} fds read from /proc`,
  );

  // Rules reloads re-choose the syscalls and what the engine decodes.
  ops.setReloader(
    detectorReloader(
      opts,
      ops,
      detector,
      engine,
      (ruleset: Ruleset<Event>, newCfg: Config) => {
        const sel = selectSyscalls(ruleset.eventCodes(), baseSyscallsFromConfig(newCfg.base_syscalls, opts.allEvents));
        reportSelection(sel);
        void source.setSyscalls(sel.native);
      },
      prefilter && prefilterGate(prefilter),
    ),
  );

  const onSignal = (sig: NodeJS.Signals) => {
    log.info(`${sig === 'SIGINT' ? 'SIGINT' : 'SIGTERM'} received, exiting...`);
    stopping = true;
    void source.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // -M: Falco stops after this much event time; live, that is wall time since the capture started.
  const timer =
    opts.durationSeconds !== undefined && opts.durationSeconds > 0
      ? setTimeout(() => {
          stopping = true;
          void source.stop();
        }, opts.durationSeconds * 1000)
      : undefined;

  const exit: LiveExit = await source.done;
  if (timer !== undefined) clearTimeout(timer);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  if (source.lastStats !== undefined) {
    counters.kernel = kernelStatsOf(source.lastStats);
    log.debug(`sensor: final counters ${JSON.stringify(source.lastStats)}`);
  }
  const endErr = decodeError === undefined ? engine.blocks.end() : undefined;
  // alerts still waiting for container metadata go out now, with what is known
  meta.deferral.flush();
  await meta.stop();
  await ops.close();
  process.stderr.write(drops.summary());
  if (decodeError !== undefined || endErr !== undefined) {
    process.stderr.write(`peregrine: Error: ${decodeError ?? `sensor stream: ${endErr?.message}`}\n`);
    return 1;
  }
  if (!stopping && !halt && (exit.code !== 0 || exit.signal !== null)) {
    process.stderr.write(
      `peregrine: Error: the sensor stopped: ${exit.lastLog || `exit ${exit.code ?? exit.signal}`}\n`,
    );
    return 1;
  }
  process.stdout.write(detector.summary(engine.stats.events));
  if (opts.verbose) {
    const k = counters.kernel;
    process.stderr.write(`Driver Events:${k.n_evts}\nDriver Drops:${k.n_drops}\n`);
  }
  return dropExit ? 1 : 0;
}

/** engine.modern_ebpf.buf_size_preset → bytes per CPU ring, Falco's table (preset 4 = 8 MiB). */
export function ringBytesOfPreset(preset: number | undefined): number {
  const sizes = [0, 1 << 20, 2 << 20, 4 << 20, 8 << 20, 16 << 20, 32 << 20, 64 << 20, 128 << 20, 256 << 20, 512 << 20];
  const p = preset === undefined || preset <= 0 || preset >= sizes.length ? 4 : preset;
  return sizes[p];
}

/** falco_libs.snaplen (0 = the default, 80 bytes). */
function snaplenOf(cfg: Config): number | undefined {
  const s = (cfg.falco_libs as { snaplen?: unknown } | undefined)?.snaplen;
  return typeof s === 'number' && s > 0 ? Math.min(s, 4096) : undefined;
}
