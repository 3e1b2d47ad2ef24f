// bin/peregrine runs the long-lived actions (live detection, the console) with V8's memory-saving flags and the
// actions a user waits for (a replay, -V, --list…) without them: they cost a replay a third of its wall time and
// save no memory anyone keeps (docs/performance.md, "Launcher flags per action"). What V8 was given is read from
// /proc/PID/cmdline of the running process (the launcher execs Node, so the pid is the same).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openForWriting } from '../../src/store/database.ts';
import { BIN, ROOT } from '../helpers/cli.ts';

const MEMORY_FLAGS = ['--single-threaded', '--optimize-for-size'];

/**
 * Starts bin/peregrine and returns Node's arguments once the launcher has exec'd it, then stops it. `fifo`: a FIFO
 * the run waits on (a replay of it), opened for writing at the end so that the replay can end.
 */
async function nodeArgsOf(args: string[], fifo?: string): Promise<string[]> {
  const child = spawn(BIN, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      let cmdline: string[];
      try {
        cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      } catch {
        assert.fail(`peregrine ${args.join(' ')} ended before it could be looked at: ${stderr}`);
      }
      const bundle = cmdline.findIndex((a) => a.endsWith('peregrine.mjs'));
      if (bundle >= 0) return cmdline.slice(1, bundle);
      await sleep(10);
    }
  } finally {
    if (fifo !== undefined && child.exitCode === null) closeSync(openSync(fifo, 'w'));
    child.kill('SIGTERM');
    await exited;
  }
}

test('a replay (here of a FIFO nobody writes yet) runs without the memory-saving flags', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-launcher-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fifo = join(dir, 'capture.fifo');
  execFileSync('mkfifo', [fifo]);
  const flags = await nodeArgsOf(['-e', fifo], fifo);
  for (const f of MEMORY_FLAGS) assert.ok(!flags.includes(f), `${f} in ${flags.join(' ')}`);
  assert.ok(flags.includes('--max-semi-space-size=4'), flags.join(' '));
});

test('the console, a long-lived action, runs with them', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-launcher-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = join(dir, 'alerts.db');
  openForWriting(store).close();
  const flags = await nodeArgsOf(['console', '--store', store, '--listen', '127.0.0.1:0']);
  for (const f of MEMORY_FLAGS) assert.ok(flags.includes(f), `${f} not in ${flags.join(' ')}`);
});
