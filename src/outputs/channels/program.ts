// program_output: alerts written to the standard input of `sh -c PROGRAM`. Without keep_alive a new process
// takes each alert and is waited for, as Falco's popen/pclose does; with keep_alive one process takes every
// alert, one per line, and is respawned when it exits or on SIGUSR1.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Channel } from '../channel.ts';
import { DeliveryError } from '../channel.ts';
import type { QueuedAlert } from '../queue.ts';

export interface ProgramChannelOptions {
  program: string;
  keepAlive: boolean;
}

/** How long close() lets a keep-alive program finish reading before it is terminated. */
const EXIT_GRACE_MS = 2000;

export function programChannel(opts: ProgramChannelOptions): Channel {
  let child: ChildProcess | undefined;

  function start(): ChildProcess {
    const c = spawn('/bin/sh', ['-c', opts.program], { stdio: ['pipe', 'inherit', 'inherit'] });
    c.on('error', () => {});
    c.stdin?.on('error', () => {});
    return c;
  }

  function exited(c: ChildProcess): Promise<number | null> {
    if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve(c.exitCode);
    return new Promise((resolve) => {
      c.once('close', (code) => resolve(code));
      c.once('error', () => resolve(null));
    });
  }

  function write(c: ChildProcess, text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = c.stdin;
      if (stdin === null || stdin.destroyed || !stdin.writable) {
        reject(new DeliveryError(`program '${opts.program}' is not accepting input`));
        return;
      }
      stdin.write(text, (err) => {
        if (err)
          reject(new DeliveryError(`program '${opts.program}': ${(err as NodeJS.ErrnoException).code ?? err.message}`));
        else resolve();
      });
    });
  }

  async function stop(c: ChildProcess): Promise<void> {
    c.stdin?.end();
    const timer = setTimeout(() => c.kill('SIGTERM'), EXIT_GRACE_MS);
    await exited(c);
    clearTimeout(timer);
  }

  return {
    name: 'program',
    batchMax: opts.keepAlive ? 4096 : 1,
    async deliver(batch: readonly QueuedAlert[]): Promise<void> {
      let text = '';
      for (const a of batch) text += `${a.line}\n`;
      if (opts.keepAlive) {
        if (child === undefined || child.exitCode !== null || child.signalCode !== null) child = start();
        await write(child, text);
        return;
      }
      const c = start();
      const done = exited(c);
      try {
        await write(c, text);
      } finally {
        c.stdin?.end();
      }
      const code = await done;
      if (code !== 0) {
        throw new DeliveryError(
          `program '${opts.program}' exited with ${code === null ? 'a signal' : `status ${code}`}`,
          true,
        );
      }
    },
    async reopen(): Promise<void> {
      const c = child;
      child = undefined;
      if (c !== undefined) await stop(c);
    },
    async close(): Promise<void> {
      const c = child;
      child = undefined;
      if (c !== undefined) await stop(c);
    },
  };
}
