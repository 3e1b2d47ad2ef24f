// The process-wide counters behind /metrics, `metrics:` snapshots and --support.
//
// Hot-path contract: the engine and the sensor increment plain numbers and typed-array slots here
// (`counters.eventsProcessed++`, `counters.eventsByType[code]++`): a few nanoseconds, no labels, no
// allocation. Prometheus label sets are built only when /metrics is scraped (src/server/prometheus.ts).
import type { ChannelStats } from '../outputs/channel.ts';

/**
 * Kernel-side statistics, cumulative since the sensor started (libscap's scap_stats names). The sensor replaces
 * `counters.kernel` with a fresh object whenever it reads its BPF counters; the drop monitor and /metrics read
 * it. For a capture file every drop counter stays 0.
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

/** Why user space lost an event; index into `counters.userDrops`. */
export const USER_DROP_REASONS = ['backlog', 'decode_error', 'oversize'] as const;
export type UserDropReason = (typeof USER_DROP_REASONS)[number];
export const USER_DROP: Readonly<Record<UserDropReason, number>> = { backlog: 0, decode_error: 1, oversize: 2 };

/** One rule's alert count, with the labels Falco's `rules_matches_total` carries. */
export interface RuleCount {
  count: number;
  readonly priority: number;
  readonly source: string;
  readonly tags: readonly string[];
}

export interface FileDigest {
  readonly path: string;
  readonly sha256: string;
}

export class Counters {
  /** Events the source handed to user space (sensor ring buffer reads, capture file blocks). */
  eventsCaptured = 0;
  /** Events that went through state and rules. */
  eventsProcessed = 0;
  /** Processed events by event type code (the event table's numbering). */
  readonly eventsByType = new Float64Array(1024);
  /** Events user space lost, by USER_DROP index. */
  readonly userDrops = new Float64Array(USER_DROP_REASONS.length);
  /** Kernel statistics; replaced wholesale by the sensor. */
  kernel: KernelStats = zeroKernelStats();
  /** Rules enabled in the running ruleset. */
  rulesLoaded = 0;
  reloads = 0;
  reloadFailures = 0;
  /** Wall-clock time of the last successful (re)load, nanoseconds. */
  reloadTimeNs = 0n;
  /** Alerts by priority index (0 Emergency … 7 Debug). Maintained by the outputs. */
  readonly alertsByPriority = new Float64Array(8);
  /** Alerts by rule name. Maintained by the outputs (alerts are rare next to events; a Map is fine here). */
  readonly alertsByRule = new Map<string, RuleCount>();
  /** Internal alerts by rule name. */
  readonly internalAlerts = new Map<string, number>();
  /** Name of an event type code, for labels; the engine installs the event table's. */
  eventTypeName: (code: number) => string = (code) => String(code);
  /** Per-channel queue statistics; the outputs install their provider. */
  channels: () => readonly ChannelStats[] = () => [];
  configFiles: readonly FileDigest[] = [];
  rulesFiles: readonly FileDigest[] = [];
  readonly startTimeNs = BigInt(Date.now()) * 1_000_000n;

  /** Back to zero; for tests. */
  reset(): void {
    this.eventsCaptured = 0;
    this.eventsProcessed = 0;
    this.eventsByType.fill(0);
    this.userDrops.fill(0);
    this.kernel = zeroKernelStats();
    this.rulesLoaded = 0;
    this.reloads = 0;
    this.reloadFailures = 0;
    this.reloadTimeNs = 0n;
    this.alertsByPriority.fill(0);
    this.alertsByRule.clear();
    this.internalAlerts.clear();
  }
}

/** The process-wide counters. */
export const counters = new Counters();
