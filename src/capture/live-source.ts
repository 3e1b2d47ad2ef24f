// The live byte source: starts the eBPF sensor's loader (sensor/build/peregrine-sensor) and hands its stdout,
// a scap stream (SHB, MI, UL, PL, FDL, then EV_V2 event blocks), chunk by chunk to the same BlockReader that
// reads capture files. Nothing here parses events.
//
//   peregrine ──stdin: commands ("syscalls N,N,…", "prefilter …", "quit")──► peregrine-sensor
//             ◄─stdout: scap stream─────────────────────────
//             ◄─fd 3: JSON status lines (ready, stats, syscalls, prefilter)
//             ◄─stderr: one line per stage, and start-up errors
//
// The loader dies with this process (PR_SET_PDEATHSIG) and stops cleanly when its stdin closes.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { PrefilterCounts } from '../metrics/metrics.ts';

export type { PrefilterCounts };

/** One CPU's kernel-side counters (sensor/wire.h struct wire_counters). */
export interface CpuCounters {
  readonly cpu: number;
  readonly events: number;
  readonly drops_ring_full: number;
  readonly drops_too_big: number;
  readonly drops_no_scratch: number;
  readonly drops_no_ring: number;
  readonly param_faults: number;
  /** Events the prefilter dropped on purpose (no rule could match them, no state needs them): not losses. */
  readonly prefilter_dropped: number;
  /** Opens that waited in their process's slot, and those of them sent after all. */
  readonly prefilter_deferred: number;
  readonly prefilter_sent: number;
}

/** A `{"type":"stats"}` line: cumulative since the sensor started. */
export interface SensorStats {
  readonly ts: number;
  readonly records_written: number;
  /** Records committed after a newer one had been written (out of timestamp order). */
  readonly records_late: number;
  /** Records stamped after the stop request, counted and not written. */
  readonly records_after_stop: number;
  readonly bytes_written: number;
  /** Records the loader holds because peregrine has not read them yet (bytes), and the drain rounds it skipped
   * because that backlog reached its bound (the kernel then drops, and counts). */
  readonly backlog_bytes: number;
  readonly backlog_full_rounds: number;
  readonly cpus: readonly CpuCounters[];
}

/** The prefilter's counters summed over the CPUs (sensor/README.md "Losses are counted"): what /metrics shows. */
export function prefilterCounts(s: SensorStats): PrefilterCounts {
  let dropped = 0;
  let deferred = 0;
  let sent = 0;
  for (const c of s.cpus) {
    dropped += c.prefilter_dropped ?? 0;
    deferred += c.prefilter_deferred ?? 0;
    sent += c.prefilter_sent ?? 0;
  }
  return { dropped, deferred, sent };
}

export interface SensorReady {
  readonly mode: 'tracepoint' | 'raw';
  readonly cpus: number;
  readonly processes: number;
  readonly threads: number;
  readonly fds: number;
  readonly scan_ms: number;
}

/** A `{"type":"prefilter"}` line: the prefilter tables now in force (`active` 0: off), or why new ones were refused. */
export interface PrefilterAck {
  readonly active: number;
  /** When they took effect, in the clock of event timestamps (epoch ns): events stamped after this saw them. */
  readonly ts: bigint;
  readonly paths?: number;
  readonly comms?: number;
  readonly error?: string;
}

/** A `{"type":"syscalls"}` line: what the sensor enabled after a change of the wanted set. */
export interface SyscallAck {
  readonly mode: 'tracepoint' | 'raw';
  readonly enabled: readonly number[];
  readonly failed: readonly { nr: number; name: string; error: string }[];
}

export interface LiveSourceOptions {
  /** The loader binary; default: PEREGRINE_SENSOR, else sensor/build/peregrine-sensor of this checkout. */
  readonly sensorPath?: string;
  /** x86_64 syscall numbers to capture from the start. */
  readonly syscalls: readonly number[];
  /** Prefix for /proc and /etc (the sensor in a container with the host's root mounted there). */
  readonly hostRoot?: string;
  readonly ringBytes?: number;
  readonly snaplen?: number;
  readonly mode?: 'auto' | 'tracepoint' | 'raw';
  readonly statsIntervalMs?: number;
  /** Receives each chunk of the scap stream, synchronously (the engine's BlockReader.push). */
  readonly onChunk: (chunk: Uint8Array) => void;
  readonly onStats?: (s: SensorStats) => void;
  readonly onSyscalls?: (ack: SyscallAck) => void;
  /** The loader's stderr, one line at a time, without its "peregrine-sensor: " prefix. */
  readonly onLog?: (line: string) => void;
  /** The moment the loader process exits (its streams may still hold the last events). */
  readonly onExit?: (exit: LiveExit) => void;
}

export interface LiveExit {
  /** The loader's exit code (null when killed by a signal). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Its last stderr line: the reason when it failed. */
  readonly lastLog: string;
}

const SENSOR_PREFIX = 'peregrine-sensor: ';

/** Where the loader is: PEREGRINE_SENSOR, else sensor/build/ of the checkout this module is part of. */
export function defaultSensorPath(): string {
  if (process.env.PEREGRINE_SENSOR) return process.env.PEREGRINE_SENSOR;
  // src/capture/live-source.ts in a checkout, dist/peregrine.mjs in the bundle: both are one level below root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 3; i++) {
    const candidate = join(dir, 'sensor', 'build', 'peregrine-sensor');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'sensor', 'build', 'peregrine-sensor');
}

/** Splits a byte stream into lines; calls `line` for each complete one. */
function lines(stream: Readable, line: (l: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    rest += chunk;
    let nl = rest.indexOf('\n');
    while (nl >= 0) {
      line(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (rest !== '') line(rest);
  });
}

export class LiveSource {
  readonly child: ChildProcess;
  /** Resolves when the loader has exited and its stdout, status and stderr have been read to the end. */
  readonly done: Promise<LiveExit>;
  /** Set once the loader reported ready (attached, /proc scanned). */
  ready: SensorReady | undefined;
  lastStats: SensorStats | undefined;
  private lastLog = '';
  private readonly commands: Writable;
  private readonly stdout: Readable;
  private readonly pendingAcks: ((ack: SyscallAck) => void)[] = [];
  private readonly pendingPrefilterAcks: ((ack: PrefilterAck) => void)[] = [];
  private statsWaiters: (() => void)[] = [];
  private stopping = false;
  private paused = false;
  /** The loader process has exited (the stream may still be draining). */
  exited = false;

  private constructor(child: ChildProcess, opts: LiveSourceOptions, onReady: (r: SensorReady | LiveExit) => void) {
    this.child = child;
    this.commands = child.stdin as Writable;
    this.stdout = child.stdout as Readable;
    // A vanished reader is the loader's business (it exits on EPIPE); never crash on a late write.
    this.commands.on('error', () => undefined);
    const status = child.stdio[3] as Readable;
    lines(child.stderr as Readable, (l) => {
      const text = l.startsWith(SENSOR_PREFIX) ? l.slice(SENSOR_PREFIX.length) : l;
      if (text === '') return;
      this.lastLog = text;
      opts.onLog?.(text);
    });
    lines(status, (l) => {
      let msg: { type?: string } & Record<string, unknown>;
      try {
        msg = JSON.parse(l);
      } catch {
        return;
      }
      if (msg.type === 'ready') {
        this.ready = msg as unknown as SensorReady;
        onReady(this.ready);
      } else if (msg.type === 'stats') {
        this.lastStats = msg as unknown as SensorStats;
        opts.onStats?.(this.lastStats);
        const waiters = this.statsWaiters;
        this.statsWaiters = [];
        for (const w of waiters) w();
      } else if (msg.type === 'prefilter') {
        // ts is epoch nanoseconds, above 2^53: read from the text, not from the parsed number
        const ts = BigInt(/"ts":(\d+)/.exec(l)?.[1] ?? '0');
        this.pendingPrefilterAcks.shift()?.({ ...(msg as unknown as Omit<PrefilterAck, 'ts'>), ts });
      } else if (msg.type === 'syscalls') {
        const ack = msg as unknown as SyscallAck;
        opts.onSyscalls?.(ack);
        this.pendingAcks.shift()?.(ack);
      }
    });
    const onChunk = opts.onChunk;
    this.stdout.on('data', (chunk: Buffer) => onChunk(chunk));
    // The last status line (the final counters) and the last log line may arrive after the exit: wait for
    // every stream's end too.
    const ended = (s: Readable) =>
      new Promise<void>((resolve) => {
        s.once('end', resolve);
        s.once('close', resolve);
      });
    const stdoutEnded = Promise.all([ended(this.stdout), ended(status), ended(child.stderr as Readable)]);
    const exited = new Promise<LiveExit>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = true;
        const exit = { code, signal, lastLog: this.lastLog };
        opts.onExit?.(exit);
        resolve(exit);
      });
      child.once('error', (err) => {
        this.lastLog = `cannot start the sensor: ${err.message}`;
        resolve({ code: 1, signal: null, lastLog: this.lastLog });
      });
    });
    this.done = Promise.all([exited, stdoutEnded]).then(([e]) => ({ ...e, lastLog: this.lastLog }));
    void this.done.then((e) => onReady(e));
  }

  /**
   * Starts the loader and waits until it is capturing (programs attached, host state read), or until it fails:
   * then the result is its exit, whose `lastLog` is the one-sentence reason (not root, no BTF, ...).
   */
  static start(opts: LiveSourceOptions): Promise<LiveSource | LiveExit> {
    const path = opts.sensorPath ?? defaultSensorPath();
    if (!existsSync(path)) {
      return Promise.resolve({
        code: 1,
        signal: null,
        lastLog: `the eBPF sensor is not built (${path} is missing): run 'make -C sensor' (scripts/setup.sh does it)`,
      });
    }
    const args = ['--commands', '--stats-fd', '3', '--syscalls', opts.syscalls.join(',')];
    if (opts.statsIntervalMs !== undefined) args.push('--stats-interval', String(opts.statsIntervalMs));
    if (opts.ringBytes !== undefined) args.push('--ring-bytes', String(opts.ringBytes));
    if (opts.snaplen !== undefined) args.push('--snaplen', String(opts.snaplen));
    if (opts.mode !== undefined) args.push('--mode', opts.mode);
    const env = { ...process.env };
    if (opts.hostRoot !== undefined) env.HOST_ROOT = opts.hostRoot;
    const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env });
    return new Promise((resolve) => {
      let settled = false;
      const source: LiveSource = new LiveSource(child, opts, (r) => {
        if (settled) return;
        settled = true;
        resolve('mode' in r ? source : r);
      });
    });
  }

  /** Changes the captured syscalls (after a rules reload); resolves with the sensor's acknowledgement. */
  setSyscalls(native: readonly number[]): Promise<SyscallAck> {
    return new Promise((resolve) => {
      this.pendingAcks.push(resolve);
      this.commands.write(`syscalls ${native.join(',')}\n`);
    });
  }

  /**
   * Puts prefilter tables in force (`command` from src/engine/prefilter/encode.ts: `prefilter BASE64` or
   * `prefilter off`); resolves with the sensor's acknowledgement.
   */
  setPrefilter(command: string): Promise<PrefilterAck> {
    return new Promise((resolve) => {
      this.pendingPrefilterAcks.push(resolve);
      this.commands.write(`${command}\n`);
    });
  }

  /** Asks for a stats line now (it also arrives every statsIntervalMs). */
  requestStats(): void {
    this.commands.write('stats\n');
  }

  /**
   * Asks for the counters now and resolves once a stats line read by the loader at or after `notBeforeNs`
   * (wall-clock nanoseconds, the clock of the lines' `ts`) has arrived — a periodic line already on its way is
   * older than the question and does not count — or after `maxWaitMs`, or at once when the loader has stopped.
   * Never rejects; `lastStats` is then the newest line.
   */
  freshStats(maxWaitMs: number, notBeforeNs: number): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, maxWaitMs);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      function check(): void {
        if ((self.lastStats?.ts ?? 0) >= notBeforeNs) done();
        else self.statsWaiters.push(check);
      }
      this.statsWaiters.push(check);
      this.requestStats();
    });
  }

  /** Stops reading the stream (a slow consumer): the sensor then blocks, its rings fill, and the kernel counts
   * what it drops. */
  pause(): void {
    if (!this.paused) {
      this.paused = true;
      this.stdout.pause();
    }
  }

  resume(): void {
    if (this.paused) {
      this.paused = false;
      this.stdout.resume();
    }
  }

  /** Detaches and ends the stream: the loader flushes what it captured before the request, then exits. */
  stop(): Promise<LiveExit> {
    if (!this.stopping) {
      this.stopping = true;
      this.resume();
      this.commands.end('quit\n');
    }
    return this.done;
  }
}

export interface FeedLiveOptions {
  readonly syscalls: readonly number[];
  /** -M: stop after this many seconds (wall time). */
  readonly durationSeconds?: number;
  /** After each chunk: flush what it produced; a promise pauses reading until it settles. */
  readonly afterChunk?: () => Promise<void> | undefined;
  readonly onLog?: (line: string) => void;
  readonly onReady?: (source: LiveSource) => void;
  readonly sensorPath?: string;
}

/**
 * Feeds the live sensor's stream into `reader` until SIGINT/SIGTERM, -M or the sensor's end; for the recording
 * action (`peregrine -w FILE`), which has no rules to reload. Returns an error line when the sensor could not
 * start or the stream was bad.
 */
export async function feedLive(
  reader: {
    push(chunk: Uint8Array): { message: string; offset: number } | undefined;
    end(): { message: string } | undefined;
  },
  opts: FeedLiveOptions,
): Promise<{ error?: string }> {
  let error: string | undefined;
  let source: LiveSource | undefined;
  // Signals stop the recording from before the sensor starts: one sent as start-up is announced is never fatal.
  let stopRequested = false;
  const stop = (): void => {
    stopRequested = true;
    void source?.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const started = await LiveSource.start({
    syscalls: opts.syscalls,
    hostRoot: process.env.HOST_ROOT,
    sensorPath: opts.sensorPath,
    onLog: opts.onLog,
    onChunk: (chunk) => {
      if (error !== undefined) return;
      const err = reader.push(chunk);
      if (err !== undefined) {
        error = `sensor stream: ${err.message} at byte ${err.offset}`;
        void source?.stop();
        return;
      }
      const waiting = opts.afterChunk?.();
      if (waiting !== undefined && source !== undefined) {
        source.pause();
        void waiting.then(() => source?.resume());
      }
    },
  });
  if (!(started instanceof LiveSource)) {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    return { error: started.lastLog || `the sensor exited with code ${started.code}` };
  }
  source = started;
  if (stopRequested) void started.stop();
  opts.onReady?.(started);
  const timer =
    opts.durationSeconds !== undefined && opts.durationSeconds > 0
      ? setTimeout(stop, opts.durationSeconds * 1000)
      : undefined;
  const exit = await started.done;
  if (timer !== undefined) clearTimeout(timer);
  process.removeListener('SIGINT', stop);
  process.removeListener('SIGTERM', stop);
  if (error === undefined) {
    const endErr = reader.end();
    if (endErr !== undefined) error = `sensor stream: ${endErr.message}`;
  }
  if (error === undefined && !stopRequested && (exit.code !== 0 || exit.signal !== null)) {
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with status ${exit.code}`;
    error = `the sensor ${how}${exit.lastLog === '' ? '' : ` (its last message: ${exit.lastLog})`}`;
  }
  return error === undefined ? {} : { error };
}
