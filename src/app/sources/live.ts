// This host, live: the eBPF sensor's loader streams scap blocks on a pipe (src/capture/live-source.ts) into the
// engine's BlockReader. The syscalls it captures are those the rules and the state tracker need
// (src/capture/syscall-set.ts), chosen again whenever the rules change. Its per-CPU loss counters are the run's
// kernel counters (the drop monitor and /metrics read them).
import { type LiveExit, LiveSource, prefilterCounts, type SensorStats } from '../../capture/live-source.ts';
import {
  baseSyscallsFromConfig,
  type SyscallSelection,
  selectSyscalls,
  syscallNames,
} from '../../capture/syscall-set.ts';
import type { Engine } from '../../engine/engine.ts';
import { compilePrefilter } from '../../engine/prefilter/compile.ts';
import { PrefilterLink, prefilterGate } from '../../engine/prefilter/link.ts';
import { log } from '../../log.ts';
import { type KernelStats, type PrefilterCounts, zeroKernelStats } from '../../metrics/metrics.ts';
import type { Ruleset } from '../../rules/ruleset.ts';
import type { Event } from '../../state/event.ts';
import type { Settings } from '../settings.ts';
import type { EventSource, RulesGate, SourceEnd } from './source.ts';

/** How long a scrape waits for the sensor's counters before it answers with the last ones (a loaded host can take
 * a while to schedule the loader). */
const STATS_WAIT_MS = 2000;

/** Sums the sensor's per-CPU counters into libscap's scap_stats names. */
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

/** The syscalls to capture for `ruleset` under the configuration's base_syscalls and -A. */
export function syscallSelection(ruleset: Ruleset<Event>, settings: Settings): SyscallSelection {
  return selectSyscalls(
    ruleset.eventCodes(),
    baseSyscallsFromConfig(settings.config.base_syscalls, settings.flags.allEvents),
  );
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

/** Why the loader ended, in words: its exit status or the signal that killed it, and its last message. */
export function sensorExitText(exit: LiveExit): string {
  const how =
    exit.signal !== null
      ? `was killed by ${exit.signal}`
      : exit.code === 0
        ? 'exited'
        : `exited with status ${exit.code}`;
  return `the sensor ${how}${exit.lastLog === '' ? '' : ` (its last message: ${exit.lastLog})`}`;
}

class LiveEventSource implements EventSource {
  readonly name = 'the eBPF sensor';
  readonly live = true;
  private source: LiveSource | undefined;
  private kernelNow: KernelStats = zeroKernelStats();
  private prefilterNow: PrefilterCounts = { dropped: 0, deferred: 0, sent: 0 };
  rulesGate: RulesGate | undefined;
  private decodeError: string | undefined;
  private stopping = false;
  private ended = false;
  private selected = 0;
  private readonly sensorPath: string | undefined;
  /** The loader's exit, the moment it happens. */
  private exit: LiveExit | undefined;

  constructor(sensorPath: string | undefined) {
    this.sensorPath = sensorPath;
  }

  get alive(): boolean {
    return this.source !== undefined && !this.ended && !this.source.exited;
  }

  problem(): string | undefined {
    if (this.exit !== undefined) return sensorExitText(this.exit);
    return this.alive ? undefined : 'the sensor is not running';
  }

  async open(engine: Engine, ruleset: Ruleset<Event>, settings: Settings): Promise<string | undefined> {
    if (settings.source.kind !== 'live') throw new Error('a live source needs live settings');
    const selection = syscallSelection(ruleset, settings);
    reportSelection(selection);
    this.selected = selection.native.length;
    const starting = LiveSource.start({
      syscalls: selection.native,
      hostRoot: settings.source.hostRoot === '' ? undefined : settings.source.hostRoot,
      ringBytes: settings.source.ringBytes,
      snaplen: settings.source.snaplen,
      ...(this.sensorPath === undefined ? {} : { sensorPath: this.sensorPath }),
      // Chunks (the metadata) arrive before start() resolves: the source is reached through `this`.
      onChunk: (chunk) => {
        if (this.decodeError !== undefined) return;
        const err = engine.blocks.push(chunk);
        if (err !== undefined) {
          this.decodeError = `sensor stream: ${err.message} at byte ${err.offset}`;
          void this.source?.stop();
        }
      },
      onStats: (s) => {
        this.kernelNow = kernelStatsOf(s);
        this.prefilterNow = prefilterCounts(s);
        // Events the loader holds because the engine is behind (memory, not yet drops): bench/live.ts reads it.
        if (s.backlog_bytes > 0) log.debug(`sensor: ${s.backlog_bytes} bytes wait for the engine`);
      },
      onSyscalls: (ack) => {
        const missing = ack.failed.filter((f) => f.error !== 'Function not implemented');
        if (missing.length > 0)
          log.warning(`the sensor cannot capture: ${missing.map((f) => `${f.name} (${f.error})`).join(', ')}`);
      },
      onLog: (line) => log.debug(`sensor: ${line}`),
      // Said the moment it happens (the stream may drain for a while after): /healthz fails from here on.
      onExit: (exit) => {
        this.exit = exit;
        if (!this.stopping && exit.code !== 0) log.error(`${sensorExitText(exit)}; stopping`);
      },
    });
    // The prefilter's first tables are compiled while the sensor loads its programs.
    const firstTables = settings.source.prefilter ? compilePrefilter([ruleset.enabled]) : undefined;
    const started = await starting;
    if (!(started instanceof LiveSource)) return started.lastLog || sensorExitText(started);
    this.source = started;
    if (firstTables !== undefined) {
      const link = new PrefilterLink(started);
      await link.start(ruleset.enabled, firstTables);
      const gate = prefilterGate<Ruleset<Event>>(link);
      this.rulesGate = {
        prepare: gate.prepare,
        swap: gate.swap,
        discard: gate.discard,
        get waiting() {
          return link.waiting;
        },
        due: (ts) => link.due(ts),
      };
    }
    return undefined;
  }

  async run(): Promise<SourceEnd> {
    const source = this.source;
    if (source === undefined) throw new Error('run() before open()');
    // Live, detection never waits for the outputs: a full output queue drops (and counts) alerts, as Falco's
    // does, instead of stalling the sensor into dropping events. So `afterChunk` is not awaited here.
    const exit = await source.done;
    this.ended = true;
    if (source.lastStats !== undefined) {
      this.kernelNow = kernelStatsOf(source.lastStats);
      this.prefilterNow = prefilterCounts(source.lastStats);
      log.debug(`sensor: final counters ${JSON.stringify(source.lastStats)}`);
    }
    if (this.decodeError !== undefined) return { stopped: this.stopping, error: this.decodeError };
    if (!this.stopping && (exit.code !== 0 || exit.signal !== null)) {
      return { stopped: false, error: sensorExitText(exit) };
    }
    return { stopped: this.stopping || exit.code === 0 };
  }

  stop(): void {
    this.stopping = true;
    void this.source?.stop();
  }

  rulesChanged(ruleset: Ruleset<Event>, settings: Settings): void {
    const sel = syscallSelection(ruleset, settings);
    reportSelection(sel);
    this.selected = sel.native.length;
    void this.source?.setSyscalls(sel.native);
  }

  kernel(): KernelStats {
    return this.kernelNow;
  }

  prefilter(): PrefilterCounts {
    return this.prefilterNow;
  }

  async refresh(): Promise<void> {
    // now, in the clock of the loader's stats lines (wall-clock ns), to the microsecond
    const now = (performance.timeOrigin + performance.now()) * 1e6;
    await this.source?.freshStats(STATS_WAIT_MS, now);
    if (this.source?.lastStats !== undefined) {
      this.kernelNow = kernelStatsOf(this.source.lastStats);
      this.prefilterNow = prefilterCounts(this.source.lastStats);
    }
  }

  describe(): string {
    const r = this.source?.ready;
    return `Capturing ${this.selected} syscalls with the eBPF sensor (${r?.mode} mode) on ${r?.cpus} CPUs; ${r?.threads} threads and ${r?.fds} fds read from /proc`;
  }
}

/** The live source; `sensorPath` overrides where the loader is (tests). */
export function liveSource(sensorPath?: string): EventSource {
  return new LiveEventSource(sensorPath);
}
