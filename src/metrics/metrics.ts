// The counters of one detection run, in one object that the app creates and passes to whatever counts or
// publishes (no module-level state: two runs in one process, as the tests do, never share counts).
//
// Each thing is counted in exactly one place, by the component that sees it happen: the capture reader counts
// the blocks and events it skips, the thread table what it evicts, each output channel what it delivers and
// drops, the detector its alerts. Those components register a *view* of their own counters here when they are
// built (`metrics.capture = () => reader.stats`); /metrics, `metrics:` snapshots and the exit summary read the
// views when they need a value, so a count is never copied into a second counter that could disagree with it.
// What belongs to no component (events handed to the rules, by type; reloads; the files loaded) is kept here
// and set by the app.
//
// Hot-path contract: the app's event loop increments `eventsProcessed` and one `eventsByType` slot per event,
// a few nanoseconds; label sets are built only when /metrics is scraped (src/server/prometheus.ts).

/**
 * Kernel-side statistics, cumulative since the sensor started (libscap's scap_stats names). For a capture file
 * every counter stays 0.
 */
export interface KernelStats {
  n_evts: number;
  n_drops: number;
  n_drops_buffer: number;
  n_drops_buffer_clone_fork_exit: number;
  n_drops_buffer_execve_exit: number;
  n_drops_buffer_connect_exit: number;
  n_drops_buffer_open_exit: number;
  n_drops_buffer_dir_file_exit: number;
  n_drops_buffer_other_interest_exit: number;
  n_drops_buffer_close_exit: number;
  n_drops_buffer_proc_exit: number;
  n_drops_scratch_map: number;
  n_drops_pf: number;
  n_drops_bug: number;
  n_preemptions: number;
}

export const KERNEL_STAT_KEYS: readonly (keyof KernelStats)[] = [
  'n_evts',
  'n_drops',
  'n_drops_buffer',
  'n_drops_buffer_clone_fork_exit',
  'n_drops_buffer_execve_exit',
  'n_drops_buffer_connect_exit',
  'n_drops_buffer_open_exit',
  'n_drops_buffer_dir_file_exit',
  'n_drops_buffer_other_interest_exit',
  'n_drops_buffer_close_exit',
  'n_drops_buffer_proc_exit',
  'n_drops_scratch_map',
  'n_drops_pf',
  'n_drops_bug',
  'n_preemptions',
];

export function zeroKernelStats(): KernelStats {
  const s = {} as KernelStats;
  for (const k of KERNEL_STAT_KEYS) s[k] = 0;
  return s;
}

/** What the capture reader saw: every event read, and what it skipped because it cannot decode it. */
/**
 * The kernel prefilter's counters (live): events dropped on purpose because no rule could match them and no state
 * needs them (not losses), opens that waited in their process's slot for their close, and those of them sent.
 */
export interface PrefilterCounts {
  readonly dropped: number;
  readonly deferred: number;
  readonly sent: number;
}

export interface CaptureCounts {
  /** Every event read (evt.num of the last one), including those skipped undecoded because no rule needs them. */
  readonly events: number;
  /** Event blocks whose code is beyond the event table (a newer writer's), skipped as libscap does. */
  readonly skippedUnknown: number;
  /** Blocks of a type the reader does not know, skipped. */
  readonly skippedBlocks: number;
}

/** What the state tables refused because a bound was reached (src/state/): each refusal is a loss of state. */
export interface StateCounts {
  readonly threadsDropped: number;
  readonly fdsDropped: number;
  readonly usersDropped: number;
  readonly containersDropped: number;
  /** Live: threads the table lacked when an event needed them, read from /proc then (libsinsp's lookup). */
  readonly threadsFromProc: number;
  /** Live: of those, threads /proc no longer had (a placeholder stands in: their fields are <NA>). */
  readonly threadsNotInProc: number;
}

/**
 * Why an output channel did not deliver an alert: the queue was full; the receiver refused it (HTTP 4xx, a
 * program that exited non-zero for it); a kept-alive program had exited and could not be run again; shutdown
 * came first.
 */
export type DropReason = 'queue_full' | 'rejected' | 'program_exited' | 'shutdown';
export const DROP_REASONS: readonly DropReason[] = ['queue_full', 'rejected', 'program_exited', 'shutdown'];

/** One output channel's counters (src/outputs/channel.ts keeps them). */
export interface ChannelStats {
  readonly name: string;
  /** Every alert offered to the channel (delivered + dropped + queued = offered), and of those the internal ones. */
  readonly offered: number;
  readonly offeredInternal: number;
  readonly capacity: number;
  readonly depth: number;
  readonly delivered: number;
  readonly retries: number;
  readonly dropped: Readonly<Record<DropReason, number>>;
  readonly down: boolean;
  /** Losses the channel itself reports (Channel.lost: the NATS spool's damaged records, refused writes), by reason. */
  readonly lost?: Readonly<Record<string, number>>;
}

/** One rule's alert count, with the labels Falco's `rules_matches_total` carries. */
export interface RuleCount {
  readonly rule: string;
  readonly count: number;
  /** Priority index: 0 Emergency … 7 Debug. */
  readonly priority: number;
  readonly source: string;
}

/** The detector's alert counts. */
export interface AlertCounts {
  readonly total: number;
  /** By priority index (0 Emergency … 7 Debug). */
  readonly byPriority: ArrayLike<number>;
  /** Rules with at least one alert, including rules a reload removed. */
  byRule(): Iterable<RuleCount>;
}

/** One container runtime's connection (src/state/containers/: Docker, Podman, containerd, CRI). */
export interface ContainerRuntimeCounts {
  readonly engine: string;
  readonly socket: string;
  readonly connected: boolean;
  readonly reconnects: number;
  /** Containers described (listing, events and lookups). */
  readonly inspects: number;
  readonly inspectFailures: number;
  /** Container events received. */
  readonly events: number;
}

export interface FileDigest {
  readonly path: string;
  readonly sha256: string;
}

const NO_ALERTS: AlertCounts = { total: 0, byPriority: new Float64Array(8), byRule: () => [] };
const NO_CAPTURE: CaptureCounts = { events: 0, skippedUnknown: 0, skippedBlocks: 0 };
const NO_STATE: StateCounts = {
  threadsDropped: 0,
  fdsDropped: 0,
  usersDropped: 0,
  containersDropped: 0,
  threadsFromProc: 0,
  threadsNotInProc: 0,
};
const NO_KERNEL: KernelStats = zeroKernelStats();
const NO_PREFILTER: PrefilterCounts = { dropped: 0, deferred: 0, sent: 0 };

export class Metrics {
  readonly startTimeNs = BigInt(Date.now()) * 1_000_000n;

  // Counted here, by the app's event loop.
  /** Events that went through state and rules. */
  eventsProcessed = 0;
  /** Processed events by event type code (the event table's numbering). */
  readonly eventsByType = new Float64Array(1024);

  // Set by the app when it loads or reloads.
  /** Rules enabled in the running ruleset. */
  rulesLoaded = 0;
  reloads = 0;
  reloadFailures = 0;
  /** Wall-clock time of the last successful (re)load, nanoseconds. */
  reloadTimeNs = 0n;
  configFiles: readonly FileDigest[] = [];
  rulesFiles: readonly FileDigest[] = [];

  // Views, registered by the components that count.
  capture: () => CaptureCounts = () => NO_CAPTURE;
  /** The event source's kernel counters (live); zero for a capture file. */
  kernel: () => KernelStats = () => NO_KERNEL;
  /** The kernel prefilter's counters (live, when it is on); zero otherwise. */
  prefilter: () => PrefilterCounts = () => NO_PREFILTER;
  state: () => StateCounts = () => NO_STATE;
  alerts: () => AlertCounts = () => NO_ALERTS;
  channels: () => readonly ChannelStats[] = () => [];
  /** Container runtimes asked for metadata (live). */
  containerRuntimes: () => readonly ContainerRuntimeCounts[] = () => [];
  /** Internal alerts by rule name (counted by the outputs). */
  internalAlerts: () => ReadonlyMap<string, number> = () => new Map();
  /** Name of an event type code, for labels. */
  eventTypeName: (code: number) => string = (code) => String(code);
  /** Brings the source's kernel counters up to date (live: asks the sensor); never rejects. */
  refreshKernel: () => Promise<void> = () => Promise.resolve();

  private held: { readonly capture: CaptureCounts; readonly processed: number } | undefined;

  /**
   * Before a scrape: holds the user-space counts as they are now, then brings the kernel's up to date, so that
   * within one scrape the kernel has counted at least every event user space has (n_evts ≥ captured ≥
   * processed). `release()` after the scrape.
   */
  async hold(): Promise<void> {
    this.held = { capture: { ...this.capture() }, processed: this.eventsProcessed };
    await this.refreshKernel();
  }

  release(): void {
    this.held = undefined;
  }

  /** The capture counts: held ones during a scrape, else the reader's now. */
  captured(): CaptureCounts {
    return this.held?.capture ?? this.capture();
  }

  /** Events processed: the held count during a scrape, else now. */
  processed(): number {
    return this.held?.processed ?? this.eventsProcessed;
  }
}
