// A hot reload frees what the previous rules held: 1,000 SIGHUP reloads of Falco's stable rules file under a
// capped heap (the leak once seen kept every rules file ever loaded, and with it this file's text: it would
// take the heap past the cap), and the resident memory after the first 200 reloads stays where it is.
//
// The detector reads a FIFO nobody writes, so it runs until the test ends it; each reload is waited for on its
// log line ("Reload: …"), never on the clock.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BIN, ROOT, SHARED } from '../helpers/cli.ts';

const RELOADS = 1000;
const WARMED_UP = 200;
/** Heap cap: a little over what one load needs; what main kept per reload (~60 KB of this file) crossed it at reload 589. */
const HEAP_MB = 64;
/** Allowed RSS growth between reload 200 and reload 1000 (the leak would add about 800 MB). */
const SLACK_MB = 40;

const dir = mkdtempSync(join(tmpdir(), 'peregrine-reload-memory-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const RULES = [join(SHARED, 'upstream/falco-rules/falco_rules.yaml')];

const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

test(`${RELOADS} SIGHUP reloads of Falco's rules with a ${HEAP_MB} MB heap: memory stays flat`, async (t) => {
  const fifo = join(dir, 'capture.fifo');
  execFileSync('mkfifo', [fifo]);
  const child = spawn(BIN, ['-e', fifo, ...RULES.flatMap((r) => ['-r', r]), '-o', 'log_level=info'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` },
  });
  // Holding the FIFO open for writing (without writing) keeps the replay waiting for its first byte.
  const writer = openSync(fifo, constants.O_RDWR);
  let stderr = '';
  let reloads = 0;
  let notify: (() => void) | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    reloads += (d.match(/Reload: \d+ rules files loaded/g) ?? []).length;
    notify?.();
  });
  const until = (cond: () => boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (cond()) resolve();
        else if (child.exitCode !== null || child.signalCode !== null)
          reject(new Error(`peregrine exited after ${reloads} reloads:\n${stderr.slice(-2000)}`));
      };
      notify = check;
      void exited.then(check);
      check();
    });
  try {
    await until(() => /Reading events from/.test(stderr));
    let warmRss = 0;
    for (let i = 1; i <= RELOADS; i++) {
      child.kill('SIGHUP');
      await until(() => reloads >= i);
      if (i === WARMED_UP) warmRss = rssMb(child.pid as number);
    }
    const endRss = rssMb(child.pid as number);
    t.diagnostic(`RSS ${warmRss.toFixed(1)} MB at reload ${WARMED_UP}, ${endRss.toFixed(1)} MB at reload ${RELOADS}`);
    assert.doesNotMatch(stderr, /hot restart failure/);
    assert.ok(
      endRss - warmRss < SLACK_MB,
      `RSS grew from ${warmRss.toFixed(0)} MB at reload ${WARMED_UP} to ${endRss.toFixed(0)} MB at reload ${RELOADS}`,
    );
  } finally {
    child.kill('SIGKILL');
    closeSync(writer);
    await exited;
  }
});
