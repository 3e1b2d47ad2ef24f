// Runs the real `bin/peregrine` (the built bundle on the pinned Node) the way a user does.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));
export const BIN = `${ROOT}bin/peregrine`;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runPeregrine(
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env: { ...process.env, ...opts.env }, cwd: opts.cwd ?? ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** A FIFO at `dir/capture.fifo`: a replay of it (`-e`) waits, alive, until someone opens it for writing. */
export function captureFifo(dir: string): string {
  const fifo = `${dir}/capture.fifo`;
  execFileSync('mkfifo', [fifo]);
  return fifo;
}

/**
 * Starts bin/peregrine and calls `probe(pid)` every 20 ms until it returns a value, which this returns; fails,
 * with the run's stderr, when the process ends first. Then stops the run: `fifo`, the FIFO it replays
 * (captureFifo), is opened for writing so that the replay can end, and the process gets SIGTERM.
 */
export async function probeWhileRunning<T>(
  args: string[],
  fifo: string | undefined,
  probe: (pid: number) => T | undefined,
): Promise<T> {
  const child = spawn(BIN, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error(`peregrine ${args.join(' ')} ended before it could be looked at: ${stderr}`);
      const found = probe(child.pid as number);
      if (found !== undefined) return found;
      await sleep(20);
    }
  } finally {
    if (fifo !== undefined && !exited) closeSync(openSync(fifo, 'w'));
    child.kill('SIGTERM');
    await exit;
  }
}
