// The alert store's writer thread runs at a lower priority than detection (nice 10; src/store/writer-thread.ts):
// on two cores a busy writer took the CPU the capture's read-ahead and V8's collector needed. A replay of a FIFO
// that nobody writes yet keeps the process (and its prestarted writer thread) alive while /proc is read
// (probeWhileRunning).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { captureFifo, probeWhileRunning } from '../helpers/cli.ts';

interface Task {
  readonly tid: number;
  readonly name: string;
  readonly nice: number;
}

function tasks(pid: number): Task[] {
  const out: Task[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      // field 19 (nice) is the 17th after the `(comm) ` part
      out.push({ tid: Number(tid), name, nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

function holdsOpen(pid: number, path: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

test('the writer thread runs at nice 10, detection at the nice it was started with', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-writer-nice-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fifo = captureFifo(dir);
  const store = join(dir, 'alerts.db');
  const args = ['-e', fifo, '-o', 'alert_store.enabled=true', '-o', `alert_store.path=${store}`];
  // The writer thread lowers its priority first thing, then opens the store and keeps it open (start-up's own
  // check of the path closes it again before the thread starts): once the store is held open, it has.
  const { pid, writer, all } = await probeWhileRunning(args, fifo, (pid) => {
    const writer = tasks(pid).find((task) => task.name === 'WorkerThread');
    return writer !== undefined && holdsOpen(pid, store) ? { pid, writer, all: tasks(pid) } : undefined;
  });
  assert.equal(all.find((task) => task.tid === writer.tid)?.nice, 10, 'the writer thread at nice 10');
  assert.equal(all.find((task) => task.tid === pid)?.nice, 0, 'the main (detection) thread keeps nice 0');
  assert.deepEqual(
    all.filter((task) => task.nice !== 0).map((task) => task.name),
    ['WorkerThread'],
    'no other thread is lowered',
  );
});
