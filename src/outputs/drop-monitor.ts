// `syscall_event_drops`: once per second of event time, compare the kernel's drop counters with the previous
// second and act when the share of dropped events exceeds the threshold: log, alert ("Falco internal: syscall
// event drop") or exit, rate-limited by a token bucket — Falco's syscall_evt_drop_mgr, same settings, same
// messages, same summary. `simulate_drops` adds one drop per check (and a zero threshold) for testing.
//
// Hot path: `onEvent(ts)` is one bigint comparison per event; the work happens once per event-second.
import { log } from '../log.ts';
import { KERNEL_STAT_KEYS, type KernelStats, zeroKernelStats } from '../metrics/metrics.ts';
import type { Outputs } from './outputs.ts';

export const RULE_SYSCALL_EVENT_DROP = 'Falco internal: syscall event drop';

/** What the monitor reads of an event: the timestamp, as 32-bit halves (cheap) and exact. */
export interface TimedEvent {
  readonly ts: bigint;
  readonly tsHi: number;
  readonly tsLo: number;
}

export interface DropMonitorSettings {
  readonly actions: readonly string[];
  readonly threshold: number;
  readonly rate: number;
  readonly maxBurst: number;
  readonly simulate: boolean;
}

/** libsinsp's token bucket: `rate` tokens per second up to `maxTokens`, starting full. */
export class TokenBucket {
  private tokens: number;
  private lastSeen: bigint;
  private readonly rate: number;
  private readonly maxTokens: number;

  constructor(rate: number, maxTokens: number, now: bigint = BigInt(Date.now()) * 1_000_000n) {
    this.rate = rate;
    this.maxTokens = maxTokens;
    this.tokens = maxTokens;
    this.lastSeen = now;
  }

  claim(tokens: number, now: bigint): boolean {
    // An event time before the bucket's start (a replayed capture) wraps around in libsinsp's unsigned
    // arithmetic and refills the bucket; the same here.
    const gained = now >= this.lastSeen ? (this.rate * Number(now - this.lastSeen)) / 1e9 : Number.POSITIVE_INFINITY;
    this.lastSeen = now;
    this.tokens = Math.min(this.maxTokens, this.tokens + gained);
    if (this.tokens < tokens) return false;
    this.tokens -= tokens;
    return true;
  }
}

export class DropMonitor {
  /** Checks that found drops above the threshold. */
  occurrences = 0;
  /** Of those, the ones the token bucket let act. */
  actionsTaken = 0;
  /** Next check time, ns as a double: precise to ~256 ns at today's epoch, plenty for a 1 s period. */
  private nextCheck = 0;
  private last: KernelStats;
  private readonly settings: DropMonitorSettings;
  private readonly threshold: number;
  private readonly bucket: TokenBucket;
  private readonly outputs: () => Outputs | undefined;
  private readonly kernel: () => KernelStats;
  private readonly ebpf: boolean;

  /** `kernel`: the source's kernel counters now (Metrics.kernel). */
  constructor(
    settings: DropMonitorSettings,
    outputs: () => Outputs | undefined,
    kernel: () => KernelStats,
    opts: { ebpf?: boolean } = {},
  ) {
    this.settings = settings;
    this.kernel = kernel;
    this.threshold = settings.simulate ? 0 : settings.threshold;
    this.bucket = new TokenBucket(settings.rate, settings.maxBurst);
    this.outputs = outputs;
    this.ebpf = opts.ebpf ?? false;
    this.last = { ...kernel() };
  }

  /**
   * Per event, before rules. Returns false when the `exit` action asks the detector to stop. Only the two
   * 32-bit halves of the timestamp are read per event (no bigint); the exact time only once per second.
   */
  onEvent(evt: TimedEvent): boolean {
    const approx = evt.tsHi * 4294967296 + evt.tsLo;
    if (this.nextCheck === 0) {
      this.nextCheck = approx + 1e9;
      return true;
    }
    if (this.nextCheck >= approx) return true;
    this.nextCheck = approx + 1e9;
    return this.check(evt.ts);
  }

  private check(ts: bigint): boolean {
    const now = this.kernel();
    const delta = zeroKernelStats();
    for (const k of KERNEL_STAT_KEYS) delta[k] = now[k] - this.last[k];
    this.last = { ...now };
    if (this.settings.simulate) {
      log.info('Simulating syscall event drop');
      delta.n_drops++;
    }
    if (delta.n_drops <= 0) return true;
    // n_evts includes the drops. With no events counted (a capture file) the ratio is infinite, as in Falco.
    const ratio = delta.n_evts > 0 ? delta.n_drops / delta.n_evts : Number.POSITIVE_INFINITY;
    if (!(ratio > this.threshold)) return true;
    this.occurrences++;
    if (!this.bucket.claim(1, ts)) {
      log.debug('Syscall event drop but token bucket depleted, skipping actions');
      return true;
    }
    this.actionsTaken++;
    return this.act(ts, delta);
  }

  private act(ts: bigint, delta: KernelStats): boolean {
    const msg = `${RULE_SYSCALL_EVENT_DROP}. ${delta.n_drops} system calls dropped in last second.`;
    let proceed = true;
    for (const act of this.settings.actions) {
      if (act === 'log') log.debug(msg);
      else if (act === 'alert') {
        this.outputs()?.internal({
          rule: RULE_SYSCALL_EVENT_DROP,
          priority: 'Debug',
          message: msg,
          time: ts,
          fields: {
            n_evts: String(delta.n_evts),
            n_drops: String(delta.n_drops),
            n_drops_buffer_total: String(delta.n_drops_buffer),
            n_drops_buffer_clone_fork_exit: String(delta.n_drops_buffer_clone_fork_exit),
            n_drops_buffer_execve_exit: String(delta.n_drops_buffer_execve_exit),
            n_drops_buffer_connect_exit: String(delta.n_drops_buffer_connect_exit),
            n_drops_buffer_open_exit: String(delta.n_drops_buffer_open_exit),
            n_drops_buffer_dir_file_exit: String(delta.n_drops_buffer_dir_file_exit),
            n_drops_buffer_other_interest_exit: String(delta.n_drops_buffer_other_interest_exit),
            n_drops_buffer_close_exit: String(delta.n_drops_buffer_close_exit),
            n_drops_buffer_proc_exit: String(delta.n_drops_buffer_proc_exit),
            n_drops_scratch_map: String(delta.n_drops_scratch_map),
            n_drops_page_faults: String(delta.n_drops_pf),
            n_drops_bug: String(delta.n_drops_bug),
            ebpf_enabled: this.ebpf ? '1' : '0',
          },
        });
      } else if (act === 'exit') {
        log.critical(msg);
        log.critical('Exiting.');
        proceed = false;
      }
    }
    return proceed;
  }

  /** Falco's end-of-run lines (printed to stderr). */
  summary(): string {
    return (
      'Syscall event drop monitoring:\n' +
      `   - event drop detected: ${this.occurrences} occurrences\n` +
      `   - num times actions taken: ${this.actionsTaken}\n`
    );
  }
}
