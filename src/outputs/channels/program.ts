// program_output: alerts written to the standard input of `sh -c PROGRAM`.
//
// Without keep_alive, as Falco's popen/pclose: a new process per alert, run exactly once. A program that does
// not read its input (EPIPE) still ran, and is never run again for the same alert; a non-zero exit status (or a
// signal) counts the alert as refused. Only a failure to start the shell at all (fork refused) is retried.
//
// With keep_alive one process takes every alert, one per line. An alert counts as delivered when it has been
// written into the program's input; lines the program had not read yet when it exits are lost with it, as
// with any pipe (and with Falco). Its exit is noticed at once and logged with its status (rate-limited); the
// next alert starts it again. A program the shell cannot run (status 126 or 127) is not restarted: every alert
// after it is counted lost (`program_exited`) until SIGUSR1 or a reload. Delivered + lost = raised, always.
import type { ChildProcess } from 'node:child_process';
import { log } from '../../log.ts';
import type { Channel } from '../channel.ts';
import { DeliveryError } from '../channel.ts';
import type { QueuedAlert } from '../queue.ts';
import { programProblem } from './program-lookup.ts';

export interface ProgramChannelOptions {
  program: string;
  keepAlive: boolean;
}

/** How long close() lets a keep-alive program finish reading before it is terminated. */
const EXIT_GRACE_MS = 2000;
/** Shortest interval between two log lines about a kept-alive program's exits. */
const EXIT_REPORT_INTERVAL_MS = 10_000;

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** `status 3`, `signal SIGKILL`, with the shell's meaning of 126 and 127. */
export function describeExit(e: Exit): string {
  if (e.signal !== null) return `signal ${e.signal}`;
  if (e.code === 127) return 'status 127: command not found';
  if (e.code === 126) return 'status 126: command not executable';
  return `status ${e.code}`;
}

/** sh's statuses for a command it could not run at all. */
const cannotRun = (e: Exit): boolean => e.signal === null && (e.code === 126 || e.code === 127);

/** Errors a write into a reader that went away gives: the program exited or closed its input. */
const READER_GONE = new Set(['EPIPE', 'ECONNRESET', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

function start(program: string): ChildProcess {
  // node:child_process is loaded by the runs that have a program output, not by every start.
  const { spawn } = process.getBuiltinModule('node:child_process');
  const c = spawn('/bin/sh', ['-c', program], { stdio: ['pipe', 'inherit', 'inherit'] });
  // Failures arrive through exit/close and the write callbacks; these listeners only keep them from throwing.
  c.on('error', () => {});
  c.stdin?.on('error', () => {});
  return c;
}

/** The process's exit, or a start failure (spawn error) as `{error}`. */
function exited(c: ChildProcess): Promise<Exit | { error: string }> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve({ code: c.exitCode, signal: c.signalCode });
  return new Promise((resolve) => {
    c.once('exit', (code, signal) => resolve({ code, signal }));
    c.once('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
  });
}

/**
 * Writes the lines one at a time, each after the previous one was taken, and `ack(1)` as each is: a write that
 * fails then fails alone. (Several writes in flight are coalesced into one writev, and when the reader exits
 * during it every line of it reports the error, including those it had already taken: retried, they would reach
 * the restarted program twice.) Rejects with the first write error.
 */
async function writeLines(c: ChildProcess, batch: readonly QueuedAlert[], ack: (n: number) => void): Promise<void> {
  const stdin = c.stdin;
  if (stdin === null) throw Object.assign(new Error('no input'), { code: 'ERR_STREAM_DESTROYED' });
  for (const a of batch) {
    if (stdin.destroyed || !stdin.writable) throw Object.assign(new Error('input closed'), { code: 'EPIPE' });
    await new Promise<void>((resolve, reject) => {
      stdin.write(`${a.line}\n`, (err) => (err ? reject(err) : resolve()));
    });
    ack(1);
  }
}

function errorCode(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? e?.message ?? String(err);
}

export function programChannel(opts: ProgramChannelOptions): Channel {
  const problem = programProblem(opts.program);
  if (problem !== undefined) throw new Error(`program_output.program: cannot run '${opts.program}': ${problem}`);
  return opts.keepAlive ? keptAliveProgram(opts.program) : programPerAlert(opts.program);
}

/** Falco's popen/pclose per alert. */
function programPerAlert(program: string): Channel {
  return {
    name: 'program',
    batchMax: 1,
    async deliver(batch: readonly QueuedAlert[]): Promise<void> {
      const c = start(program);
      const done = exited(c);
      try {
        await writeLines(c, batch, () => {});
      } catch (err) {
        // The program ran and did not read its input: that is its choice, and it is never run twice.
        if (!READER_GONE.has(errorCode(err))) throw new DeliveryError(`program '${program}': ${errorCode(err)}`);
      } finally {
        c.stdin?.end();
      }
      const e = await done;
      // The shell never started (fork refused): nothing ran, so trying again is safe.
      if ('error' in e) throw new DeliveryError(`program '${program}' could not be started: ${e.error}`);
      if (e.code !== 0) throw new DeliveryError(`program '${program}' exited with ${describeExit(e)}`, true);
    },
    async close(): Promise<void> {},
  };
}

/** One long-lived process fed one alert per line, started again when it exits. */
function keptAliveProgram(program: string): Channel {
  let child: ChildProcess | undefined;
  /** Set when the shell could not run the program: alerts are counted lost until reopen. */
  let unrunnable: string | undefined;
  let exitsUnreported = 0;
  let lastReport = 0;
  /** Alerts written into the current process's input, and into the exited ones since the last report. */
  let takenByChild = 0;
  let takenUnreported = 0;

  function noteExit(e: Exit, takenByIt: number): void {
    takenUnreported += takenByIt;
    if (cannotRun(e)) {
      unrunnable = `exited with ${describeExit(e)}`;
      log.error(`program output: '${program}' ${unrunnable}; alerts are counted lost until SIGUSR1 or a reload`);
      return;
    }
    exitsUnreported++;
    const now = Date.now();
    if (now - lastReport < EXIT_REPORT_INTERVAL_MS) return;
    lastReport = now;
    const more = exitsUnreported > 1 ? `, ${exitsUnreported} exits since the last report` : '';
    const taken = takenUnreported;
    exitsUnreported = 0;
    takenUnreported = 0;
    // The writer cannot see how much of its input a program read before it exited: say what it was given.
    log.warning(
      `program output: '${program}' exited with ${describeExit(e)} (${taken} alerts had been written to its input${more}; ` +
        'any it had not read are lost with it); it is started again for the next alert',
    );
  }

  function running(): ChildProcess {
    if (child !== undefined) return child;
    const c = start(program);
    child = c;
    takenByChild = 0;
    c.once('exit', (code, signal) => {
      // A process this channel stopped itself (reopen, close) is no longer `child`: its exit is expected.
      if (child !== c) return;
      child = undefined;
      noteExit({ code, signal }, takenByChild);
    });
    return c;
  }

  async function stop(c: ChildProcess): Promise<void> {
    c.stdin?.end();
    const timer = setTimeout(() => c.kill('SIGTERM'), EXIT_GRACE_MS);
    await exited(c);
    clearTimeout(timer);
  }

  return {
    name: 'program',
    batchMax: 4096,
    async deliver(batch: readonly QueuedAlert[], _signal: AbortSignal, ack: (n: number) => void): Promise<void> {
      if (unrunnable !== undefined) {
        throw new DeliveryError(`program '${program}' ${unrunnable}`, true, 0, 'program_exited');
      }
      const c = running();
      try {
        await writeLines(c, batch, (n) => {
          if (child === c) takenByChild += n;
          ack(n);
        });
      } catch (err) {
        const code = errorCode(err);
        if (!READER_GONE.has(code)) throw new DeliveryError(`program '${program}': ${code}`);
        // It exited while these lines were on their way: wait for its status, then the runner retries the
        // lines it did not take into a new process (or counts them lost if the program cannot run).
        const e = await exited(c);
        if (child === c) child = undefined;
        if (!('error' in e) && cannotRun(e)) {
          unrunnable ??= `exited with ${describeExit(e)}`;
          throw new DeliveryError(`program '${program}' ${unrunnable}`, true, 0, 'program_exited');
        }
        throw new DeliveryError(`program '${program}' exited (${'error' in e ? e.error : describeExit(e)})`);
      }
    },
    async reopen(): Promise<void> {
      unrunnable = undefined;
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
