// bin/peregrine runs the long-lived actions (live detection, the console) with V8's memory-saving flags and the
// actions a user waits for (a replay, -V, --list…) without them: they cost a replay a third of its wall time and
// save no memory anyone keeps (docs/performance.md, "Launcher flags per action"). What V8 was given is read from
// /proc/PID/cmdline of the running process (the launcher execs Node, so the pid is the same).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openForWriting } from '../../src/store/database.ts';
import { captureFifo, probeWhileRunning } from '../helpers/cli.ts';

const MEMORY_FLAGS = ['--single-threaded', '--optimize-for-size'];

/** Node's arguments (before the bundle) of the running process, once the launcher has exec'd it. */
function nodeArgs(pid: number): string[] | undefined {
  let cmdline: string[];
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined; // gone: probeWhileRunning says so
  }
  const bundle = cmdline.findIndex((a) => a.endsWith('peregrine.mjs'));
  return bundle >= 0 ? cmdline.slice(1, bundle) : undefined;
}

test('a replay (here of a FIFO nobody writes yet) runs without the memory-saving flags', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-launcher-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fifo = captureFifo(dir);
  const flags = await probeWhileRunning(['-e', fifo], fifo, nodeArgs);
  for (const f of MEMORY_FLAGS) assert.ok(!flags.includes(f), `${f} in ${flags.join(' ')}`);
  assert.ok(flags.includes('--max-semi-space-size=4'), flags.join(' '));
});

test('the console, a long-lived action, runs with them', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-launcher-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = join(dir, 'alerts.db');
  openForWriting(store).close();
  const flags = await probeWhileRunning(['console', '--store', store, '--listen', '127.0.0.1:0'], undefined, nodeArgs);
  for (const f of MEMORY_FLAGS) assert.ok(flags.includes(f), `${f} not in ${flags.join(' ')}`);
});
