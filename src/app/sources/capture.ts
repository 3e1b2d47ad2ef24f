// A capture file given to -e (raw or gzip), or a FIFO/stdin carrying one.
import type { ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { captureError, formatCaptureError } from '../../capture/errors.ts';
import { feedFile, feedStream, type SourceResult } from '../../capture/source.ts';
import type { Engine } from '../../engine/engine.ts';
import { type KernelStats, zeroKernelStats } from '../../metrics/metrics.ts';
import type { EventSource, SourceEnd } from './source.ts';

const NO_KERNEL: KernelStats = zeroKernelStats();

/** A FIFO, character device or socket given to -e (a pipe, /dev/stdin): read as a stream, not by position. */
function isStream(file: string): boolean {
  try {
    const st = statSync(file);
    return st.isFIFO() || st.isCharacterDevice() || st.isSocket();
  } catch {
    return false;
  }
}

abstract class CaptureSource implements EventSource {
  readonly name: string;
  readonly live = false;
  alive = true;
  protected engine: Engine | undefined;
  protected stopping = false;

  constructor(file: string) {
    this.name = file;
  }

  async open(engine: Engine): Promise<string | undefined> {
    this.engine = engine;
    return undefined;
  }

  async run(afterChunk: () => Promise<void> | undefined): Promise<SourceEnd> {
    const engine = this.engine;
    if (engine === undefined) throw new Error('run() before open()');
    const res = await this.feed(engine, { shouldStop: () => this.stopping, afterChunk });
    this.alive = false;
    // A stop cuts the stream wherever it was: what the cut leaves unfinished is not an error of the capture.
    if (this.stopping) return { stopped: true };
    return res.error === undefined
      ? { stopped: false }
      : { stopped: false, error: formatCaptureError(this.name, res.error) };
  }

  protected abstract feed(
    engine: Engine,
    hooks: { shouldStop: () => boolean; afterChunk: () => Promise<void> | undefined },
  ): Promise<SourceResult>;

  stop(): void {
    this.stopping = true;
  }

  rulesChanged(): void {}

  kernel(): KernelStats {
    return NO_KERNEL;
  }

  refresh(): Promise<void> {
    return Promise.resolve();
  }

  describe(): string {
    return `Reading events from ${this.name}`;
  }
}

/** A capture file read by position, with a progress bar when stderr is a terminal that alerts do not go to. */
class FileSource extends CaptureSource {
  private readonly progress: boolean;

  constructor(file: string, progress: boolean) {
    super(file);
    this.progress = progress;
  }

  protected async feed(
    engine: Engine,
    hooks: { shouldStop: () => boolean; afterChunk: () => Promise<void> | undefined },
  ): Promise<SourceResult> {
    let mib = 0;
    try {
      mib = statSync(this.name).size / 1048576;
    } catch {
      // feedFile reports the file it cannot open
    }
    // cli-progress (and node:readline with it) is loaded only to draw a bar.
    const bar = this.progress
      ? new (await import('cli-progress')).SingleBar({
          format: 'replay [{bar}] {percentage}% | {value}/{total} MiB | {events} events',
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: true,
        })
      : undefined;
    const total = Math.round(mib * 10) / 10;
    bar?.start(total, 0, { events: 0 });
    return feedFile(this.name, engine.blocks, {
      ...hooks,
      onProgress:
        bar === undefined
          ? undefined
          : (f) => bar.update(Math.round(f * mib * 10) / 10, { events: engine.stats.events }),
    }).finally(() => bar?.stop());
  }
}

/** Names of our own standard input: read through the inherited descriptor, never opened again. */
const STDIN_NAMES = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** cat's complaint without its own name: `cat: /x: Is a directory` → `Is a directory`. */
function catReason(stderr: string, file: string): string {
  const line = stderr.trim().split('\n').pop() ?? '';
  return line.replace(/^cat: /, '').replace(`${file}: `, '');
}

/**
 * A FIFO or stdin, raw or gzip (told apart by content, src/capture/source.ts). fs streams read it with blocking
 * reads in libuv's thread pool, which a signal cannot interrupt; `cat` turns it into a pipe that can be closed
 * when the run must stop. Our own stdin is handed to cat as its stdin: opening /dev/stdin again fails when it is
 * a socket (a parent process's pipe).
 *
 * cat is an implementation detail, so its words are not the user's: when Peregrine stops reading first (the
 * bytes are not a capture, a signal, -M), cat is ended and what it says about the closed pipe is dropped; when
 * cat itself fails (a read error), its reason becomes Peregrine's one error line.
 */
class StreamSource extends CaptureSource {
  private reader: ChildProcess | undefined;

  protected async feed(
    engine: Engine,
    hooks: { shouldStop: () => boolean; afterChunk: () => Promise<void> | undefined },
  ): Promise<SourceResult> {
    // node:child_process is loaded by the runs that read a stream, not by every start.
    const cat = process
      .getBuiltinModule('node:child_process')
      .spawn('cat', [STDIN_NAMES.has(this.name) ? '-' : this.name], { stdio: ['inherit', 'pipe', 'pipe'] });
    this.reader = cat;
    let stderr = '';
    cat.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 4096) stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => {
      cat.once('close', (code) => resolve(code));
      cat.once('error', () => resolve(null));
    });
    const res = await feedStream(cat.stdout as Readable, engine.blocks, hooks);
    // Stopped reading before cat finished (a decode error, a signal, -M): end it, and ignore its EPIPE.
    const early = res.error !== undefined || hooks.shouldStop();
    if (early) this.endReader();
    const code = await exited;
    if (early || code === 0) return res;
    // cat failed on its own: its reason is the error (the stream then looked empty or cut short).
    const reason = catReason(stderr, this.name) || `cat exited with status ${code}`;
    return { ...res, error: captureError(res.bytes, `read error: ${reason}`) };
  }

  private endReader(): void {
    this.reader?.kill();
    this.reader?.stdout?.destroy();
  }

  override stop(): void {
    super.stop();
    this.endReader();
  }
}

/**
 * The source for a capture file or stream. `progress`: draw a progress bar on stderr (only sensible when stderr
 * is a terminal and alerts are not printed on the same terminal, where the bar would be drawn through them).
 */
export function captureSource(file: string, progress: boolean): EventSource {
  return isStream(file) ? new StreamSource(file) : new FileSource(file, progress);
}
