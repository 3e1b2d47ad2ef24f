// The outputs: every alert is formatted once (Falco's text line or JSON envelope) and offered to each enabled
// channel's own bounded queue. A slow or dead channel fills its own queue only; detection and the other
// channels go on. Every alert that cannot be delivered is counted by channel and reason (each channel's runner
// counts; `Metrics.channels` reads them for /metrics) and reported, rate-limited, as a Falco-style internal alert and a log line.
//
// Public API (stable; the engine, the sensor, the reload controller and the CLI call it):
//   emit(alert)            a rule alert; never blocks, never throws
//   internal(alert)        "Falco internal: …" alerts (syscall event drop, hot restart failure, metrics snapshot)
//   reopen()               SIGUSR1: reopen files, respawn programs
//   flush(deadlineMs)      wait until every queue is empty or the deadline passes
//   close(deadlineMs)      flush, then stop; what is left is counted as dropped for shutdown
//   waitForRoom()          replay only: a promise while a queue is more than half full (backpressure)
import { hostname as osHostname } from 'node:os';
import { log } from '../log.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { type Priority, severity } from '../rules/priority.ts';
import { type Alert, alertToJson, isoTimeUtc, type JsonEnvelopeOptions, type JsonFieldValue } from './alert.ts';
import {
  type Channel,
  type ChannelEvents,
  ChannelRunner,
  type ChannelStats,
  DROP_REASONS,
  type DropReason,
  droppedTotal,
} from './channel.ts';
import { BoundedQueue } from './queue.ts';

/** A Falco-style internal alert: the rule name is `Falco internal: …`, the source `internal`. */
export interface InternalAlert {
  readonly rule: string;
  readonly priority: Priority;
  /** The whole message, e.g. `Falco internal: syscall event drop. 9 system calls dropped in last second.` */
  readonly message: string;
  readonly fields?: Readonly<Record<string, JsonFieldValue>>;
  /** Nanoseconds since the epoch; default now. Event-driven alerts pass the event's time. */
  readonly time?: bigint;
}

export interface OutputsSettings {
  readonly json: boolean;
  readonly envelope: JsonEnvelopeOptions;
  readonly hostname: string;
  /** Per-channel queue capacity. */
  readonly capacity: number;
  /** Backoff of retries while a channel is down. */
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  /** Shortest interval between two internal alerts about the same channel problem. */
  readonly reportIntervalMs: number;
}

export const INTERNAL_SOURCE = 'internal';
export const RULE_OUTPUT_DELIVERY = 'Falco internal: output delivery failure';
export const RULE_OUTPUT_QUEUE_FULL = 'Falco internal: outputs queue overflow';

/** The host name alerts carry: PEREGRINE_HOSTNAME, FALCO_HOSTNAME (as Falco honours it), else the kernel's. */
export function resolveHostname(env: NodeJS.ProcessEnv = process.env): string {
  return env.PEREGRINE_HOSTNAME || env.FALCO_HOSTNAME || osHostname();
}

/** `HH:MM:SS.nnnnnnnnn` in local time, as libsinsp's ts_to_string(ts, date=false, ns=true) prints it. */
export function clockTimeNs(ns: bigint): string {
  const sec = Number(ns / 1_000_000_000n);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  const d = new Date(sec * 1000);
  const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
  return `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${frac}`;
}

function jsonValue(v: JsonFieldValue): string {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map((x) => jsonValue(x)).join(',')}]`;
  return JSON.stringify(v);
}

/**
 * An internal alert as Falco's falco_outputs::handle_msg renders it: text
 * `HH:MM:SS.ns: Priority message (k=v k=v)` with JSON-encoded values in key order, or a JSON object with
 * hostname, output, output_fields, priority, rule, source and time (no tags, no message).
 */
export function formatInternal(a: InternalAlert, json: boolean, hostname: string, time: bigint): string {
  const fields = a.fields ?? {};
  const keys = Object.keys(fields).sort();
  if (json) {
    const of = keys.map((k) => `${JSON.stringify(k)}:${jsonValue(fields[k])}`).join(',');
    return (
      `{"hostname":${JSON.stringify(hostname)},"output":${JSON.stringify(a.message)},"output_fields":{${of}},` +
      `"priority":${JSON.stringify(a.priority)},"rule":${JSON.stringify(a.rule)},"source":"${INTERNAL_SOURCE}",` +
      `"time":"${isoTimeUtc(time)}"}`
    );
  }
  return `${clockTimeNs(time)}: ${a.priority} ${a.message} (${keys.map((k) => `${k}=${jsonValue(fields[k])}`).join(' ')})`;
}

/** An internal alert in the shape of a rule alert, as Falco's JSON gives it (no tags, output = message). */
export function internalAsAlert(a: InternalAlert, hostname: string, time: bigint): Alert {
  return {
    time,
    rule: a.rule,
    priority: a.priority,
    source: INTERNAL_SOURCE,
    tags: [],
    output: a.message,
    message: a.message,
    outputFields: a.fields ?? {},
    hostname,
  };
}

/**
 * One line per channel when it closes: `http output: 183 delivered, 2 lost (rejected 2) of 185 alerts (1
 * internal)`. Delivered plus lost is every alert the channel was offered: the rule alerts and the internal
 * alerts about other channels, drops and reloads.
 */
export function deliverySummary(s: ChannelStats): string {
  const lost = droppedTotal(s.dropped);
  const reasons = DROP_REASONS.filter((r) => s.dropped[r] > 0).map((r) => `${r} ${s.dropped[r]}`);
  return (
    `${s.name} output: ${s.delivered} delivered, ${lost} lost${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}` +
    ` of ${s.offered} alerts (${s.offeredInternal} internal)`
  );
}

export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

interface ProblemReport {
  lastReport: number;
  unreported: number;
  error: string | undefined;
  timer: NodeJS.Timeout | undefined;
}

export class Outputs {
  private readonly settings: OutputsSettings;
  private readonly runners: ChannelRunner[];
  private readonly problems = new Map<string, ProblemReport>();
  /** Internal alerts by rule name. */
  private readonly internalCounts = new Map<string, number>();
  private closed = false;

  /**
   * `metrics`: where /metrics reads the channels' counters and the internal alert counts; a reload's new
   * outputs register themselves there when they are swapped in (`publishTo`), not when they are built.
   */
  constructor(channels: readonly Channel[], settings: OutputsSettings) {
    this.settings = settings;
    const events: ChannelEvents = {
      down: (channel, error) => this.onDown(channel, error),
      recovered: (channel, retries, downMs) => {
        log.notice(`${channel} output: delivering again after ${retries} retries (${(downMs / 1000).toFixed(1)} s)`);
      },
      dropped: (channel, reason, count, error) => this.onDropped(channel, reason, count, error),
    };
    this.runners = channels.map(
      (c) =>
        new ChannelRunner(c, c.queue ?? new BoundedQueue(settings.capacity), events, {
          initialMs: settings.retryInitialMs,
          maxMs: settings.retryMaxMs,
        }),
    );
  }

  /** Makes these outputs the ones `metrics` reports (at start, and when a reload swaps them in). */
  publishTo(metrics: Metrics): void {
    metrics.channels = () => this.stats();
    metrics.internalAlerts = () => this.internalCounts;
  }

  get channelNames(): string[] {
    return this.runners.map((r) => r.channel.name);
  }

  /** A rule alert. Never blocks, never throws. */
  emit(alert: Alert): void {
    try {
      const sev = severity(alert.priority);
      const line = this.settings.json ? alertToJson(alert, this.settings.envelope) : alert.output;
      const item = { line, severity: sev, alert };
      for (const r of this.runners) r.offer(item);
    } catch (err) {
      // A formatting bug must not stop detection; say so once per occurrence in the log.
      log.error(`outputs: cannot format an alert of rule '${alert.rule}': ${(err as Error).message}`);
    }
  }

  /** A Falco-style internal alert to every channel (except `skip`, the channel an alert is about). */
  internal(a: InternalAlert, skip?: string): void {
    try {
      this.internalCounts.set(a.rule, (this.internalCounts.get(a.rule) ?? 0) + 1);
      const time = a.time ?? nowNs();
      const line = formatInternal(a, this.settings.json, this.settings.hostname, time);
      const item = { line, severity: severity(a.priority), alert: internalAsAlert(a, this.settings.hostname, time) };
      for (const r of this.runners) if (r.channel.name !== skip) r.offer(item);
    } catch (err) {
      log.error(`outputs: cannot format internal alert '${a.rule}': ${(err as Error).message}`);
    }
  }

  stats(): ChannelStats[] {
    return this.runners.map((r) => r.stats());
  }

  /** Problems the channels know of before any alert (see Channel.preflight), one line each. */
  preflight(): string[] {
    const out: string[] = [];
    for (const r of this.runners) {
      const p = r.channel.preflight?.();
      if (p !== undefined) out.push(`${r.channel.name} output: ${p}`);
    }
    return out;
  }

  /** Total alerts dropped, all channels and reasons. */
  droppedTotal(): number {
    let n = 0;
    for (const r of this.runners) n += droppedTotal(r.dropped);
    return n;
  }

  /** SIGUSR1. */
  async reopen(): Promise<void> {
    await Promise.all(
      this.runners.map((r) =>
        r.reopen().catch((err) => log.error(`${r.channel.name} output: reopen failed: ${err.message}`)),
      ),
    );
  }

  /**
   * For replay: resolves once no queue is more than half full, so a capture file is not read faster than the
   * slowest channel delivers (a channel that is down holds the replay until it is back), or when `stop` aborts
   * (SIGTERM, SIGINT). Returns null when there is room (the common case: no promise is created).
   */
  waitForRoom(stop?: AbortSignal): Promise<void> | null {
    const full = this.runners.find((r) => r.depth * 2 > r.stats().capacity);
    if (full === undefined) return null;
    return full.idle(Number.POSITIVE_INFINITY, stop).then(() => undefined);
  }

  /** Waits until every queue is empty; false when `deadlineMs` from now passed first. */
  async flush(deadlineMs: number): Promise<boolean> {
    const deadline = Date.now() + deadlineMs;
    const results = await Promise.all(this.runners.map((r) => r.idle(deadline)));
    return results.every(Boolean);
  }

  /**
   * Waits while the channels make progress: returns true once every queue is empty, false when `stallMs`
   * passed without any channel delivering or dropping an alert (a channel that is down for good).
   */
  async drain(stallMs: number): Promise<boolean> {
    for (;;) {
      const before = this.progress();
      if (await this.flush(stallMs)) return true;
      if (this.progress() === before) return false;
    }
  }

  private progress(): number {
    let n = 0;
    for (const r of this.runners) n += r.delivered + droppedTotal(r.dropped);
    return n;
  }

  /**
   * SIGTERM: delivers what is queued within `deadlineMs`, then stops every channel. Alerts still queued at the
   * deadline are counted as dropped (reason `shutdown`) and logged. Returns how many were lost.
   */
  async close(deadlineMs: number): Promise<number> {
    if (this.closed) return 0;
    this.reportPending();
    await this.flush(deadlineMs);
    this.closed = true;
    let lost = 0;
    for (const r of this.runners) {
      const n = await r.close();
      if (n > 0) log.error(`${r.channel.name} output: ${n} alerts could not be delivered before shutdown`);
      lost += n;
      log.info(deliverySummary(r.stats()));
    }
    return lost;
  }

  private onDown(channel: string, error: string): void {
    log.error(`${channel} output: ${error}; retrying, alerts are kept in the queue`);
    this.internal(
      {
        rule: RULE_OUTPUT_DELIVERY,
        priority: 'Error',
        message: `${RULE_OUTPUT_DELIVERY}: ${channel} output is failing (${error}); alerts are queued and retried`,
        fields: { channel, error },
      },
      channel,
    );
  }

  private onDropped(channel: string, reason: DropReason, count: number, error?: string): void {
    if (reason === 'shutdown') return; // logged once by close()
    const key = `${channel}/${reason}`;
    let p = this.problems.get(key);
    if (p === undefined) {
      p = { lastReport: 0, unreported: 0, error: undefined, timer: undefined };
      this.problems.set(key, p);
    }
    p.unreported += count;
    if (error !== undefined) p.error = error;
    const wait = p.lastReport + this.settings.reportIntervalMs - Date.now();
    if (p.lastReport === 0 || wait <= 0) this.report(channel, reason, p);
    else if (p.timer === undefined) {
      // Report what accumulates in the meantime once the interval is over, even if no further drop comes.
      const problem = p;
      problem.timer = setTimeout(() => {
        problem.timer = undefined;
        if (problem.unreported > 0) this.report(channel, reason, problem);
      }, wait);
      problem.timer.unref();
    }
  }

  private report(channel: string, reason: DropReason, p: ProblemReport): void {
    const n = p.unreported;
    const error = p.error;
    p.unreported = 0;
    p.error = undefined;
    p.lastReport = Date.now();
    const runner = this.runners.find((r) => r.channel.name === channel);
    const total = runner?.dropped[reason] ?? n;
    const rule = reason === 'queue_full' ? RULE_OUTPUT_QUEUE_FULL : RULE_OUTPUT_DELIVERY;
    const detail = error === undefined ? '' : ` (${error})`;
    const what =
      reason === 'queue_full'
        ? `${n} alerts dropped: the ${channel} output queue is full (capacity ${runner?.stats().capacity})`
        : reason === 'program_exited'
          ? `${n} alerts lost: the ${channel} output's program exited and cannot be run${detail}`
          : `${n} alerts refused by the ${channel} output${detail}`;
    log.error(`${channel} output: ${what}; ${total} in total`);
    this.internal(
      {
        rule,
        priority: 'Error',
        message: `${rule}: ${what}`,
        fields: { channel, reason, dropped: n, dropped_total: total, ...(error === undefined ? {} : { error }) },
      },
      channel,
    );
  }

  /** Reports drops still waiting for their interval (called before shutdown). */
  private reportPending(): void {
    for (const [key, p] of this.problems) {
      if (p.timer !== undefined) clearTimeout(p.timer);
      p.timer = undefined;
      const [channel, reason] = key.split('/') as [string, DropReason];
      if (p.unreported > 0) this.report(channel, reason, p);
    }
  }
}
