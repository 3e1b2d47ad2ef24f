// `-e` of a FIFO or stdin (`cat x.scap.gz | peregrine -e /dev/stdin`): raw or gzip, told apart by content
// (src/capture/source.ts). fs streams read such files with blocking reads in libuv's thread pool, which a
// signal cannot interrupt; a `cat` child turns the file into a pipe that can be closed when the run stops.
//
// cat is an implementation detail, so its words are not the user's: when Peregrine stops reading first (the
// bytes are not a capture, a signal, -M), cat is ended and what it says about the closed pipe is dropped; when
// cat itself fails (a read error), its reason becomes Peregrine's one error line.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { captureError } from '../../capture/errors.ts';
import { feedStream, type SourceResult } from '../../capture/source.ts';
import type { Engine } from '../../engine/engine.ts';

interface Hooks {
  shouldStop: () => boolean;
  afterChunk: () => Promise<void> | undefined;
}

export interface StreamSource {
  readonly name: string;
  readonly live: false;
  feed(engine: Engine, hooks: Hooks): Promise<SourceResult>;
  interrupt(): void;
}

const STDIN_NAMES = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** cat's complaint without its own name: `cat: /x: Is a directory` → `Is a directory`. */
function catReason(stderr: string, file: string): string {
  const line = stderr.trim().split('\n').pop() ?? '';
  return line.replace(/^cat: /, '').replace(`${file}: `, '');
}

export function streamSource(file: string): StreamSource {
  let interrupted = false;
  let kill: (() => void) | undefined;
  return {
    name: file,
    live: false,
    async feed(engine, hooks) {
      // Our own standard input is read through the inherited descriptor: opening /dev/stdin again fails when it
      // is a socket (a parent process's pipe), and works the same for a pipe or a terminal.
      const arg = STDIN_NAMES.has(file) ? '-' : file;
      const cat = spawn('cat', [arg], { stdio: ['inherit', 'pipe', 'pipe'] });
      let stderr = '';
      cat.stderr.setEncoding('utf8').on('data', (d: string) => {
        if (stderr.length < 4096) stderr += d;
      });
      const exited = new Promise<number | null>((resolve) => {
        cat.once('close', (code) => resolve(code));
        cat.once('error', () => resolve(null));
      });
      const stdout = cat.stdout as Readable;
      kill = () => {
        cat.kill();
        stdout.destroy();
      };
      const res = await feedStream(stdout, engine.blocks, hooks);
      // Stopped reading before cat finished (a decode error, a signal, -M): end it, and ignore its EPIPE.
      const early = res.error !== undefined || interrupted || hooks.shouldStop();
      if (early) kill();
      const code = await exited;
      if (early || code === 0) return res;
      // cat failed on its own: its reason is the error (the stream then looked empty or cut short).
      const reason = catReason(stderr, file) || `cat exited with status ${code}`;
      return { ...res, error: captureError(res.bytes, `read error: ${reason}`) };
    },
    interrupt() {
      interrupted = true;
      kill?.();
    },
  };
}
