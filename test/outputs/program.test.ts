// program_output against real shell programs: a program runs exactly once per alert (as Falco's popen), a
// kept-alive program's exit is noticed and logged and the program started again, a program that cannot run is
// an error at start, and delivered + lost always equals what was raised.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { log } from '../../src/log.ts';
import { droppedTotal } from '../../src/outputs/channel.ts';
import { programChannel } from '../../src/outputs/channels/program.ts';
import { Outputs } from '../../src/outputs/outputs.ts';
import { makeAlert, when } from './helpers.ts';

const logs: string[] = [];
const logEvents = new EventEmitter();
log.setWriter((line) => {
  logs.push(line);
  logEvents.emit('line');
});
const dir = mkdtempSync(join(tmpdir(), 'peregrine-program-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const settings = {
  json: false,
  envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
  hostname: 'testhost',
  capacity: 1000,
  retryInitialMs: 5,
  retryMaxMs: 20,
  reportIntervalMs: 60_000,
};

const lines = (file: string): string[] => {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

test('without keep_alive a program that does not read its input runs once per alert, never again on EPIPE', async () => {
  const runs = join(dir, 'runs-epipe.txt');
  const outputs = new Outputs([programChannel({ program: `echo run >> ${runs}`, keepAlive: false })], settings);
  // 1 MiB cannot fit in the pipe: the program exits before it is written, so the write fails with EPIPE.
  const big = { ...makeAlert(0), output: 'x'.repeat(1 << 20) };
  outputs.emit(big);
  outputs.emit(makeAlert(1));
  assert.equal(await outputs.flush(10_000), true);
  assert.deepEqual(lines(runs), ['run', 'run']);
  const s = outputs.stats()[0];
  assert.equal(s.delivered, 2);
  assert.equal(s.retries, 0);
  await outputs.close(1000);
});

test('without keep_alive a failing program (exit 1) runs once per alert; each alert is counted refused', async () => {
  const runs = join(dir, 'runs-exit1.txt');
  const outputs = new Outputs([programChannel({ program: `echo run >> ${runs}; exit 1`, keepAlive: false })], settings);
  for (let i = 0; i < 20; i++) outputs.emit(makeAlert(i));
  assert.equal(await outputs.flush(10_000), true);
  assert.equal(lines(runs).length, 20);
  const s = outputs.stats()[0];
  assert.equal(s.retries, 0);
  assert.equal(s.dropped.rejected, 20);
  assert.equal(s.delivered + droppedTotal(s.dropped), 20);
  await outputs.close(1000);
});

test('keep_alive: the program exiting is logged with its status, and the next alert starts it again', async () => {
  const out = join(dir, 'one-line-each.txt');
  // Takes one line, then exits with status 3.
  const program = `echo START >> ${out}; IFS= read -r l; printf '%s\\n' "$l" >> ${out}; exit 3`;
  const outputs = new Outputs([programChannel({ program, keepAlive: true })], settings);
  outputs.emit(makeAlert(0));
  await when(logEvents, 'line', () => logs.some((l) => l.includes('exited with status 3')));
  assert.match(logs.find((l) => l.includes('exited with status 3')) as string, /started again for the next alert/);
  outputs.emit(makeAlert(1));
  assert.equal(await outputs.flush(10_000), true);
  await outputs.close(5000);
  assert.deepEqual(lines(out), ['START', makeAlert(0).output, 'START', makeAlert(1).output]);
  const s = outputs.stats()[0];
  assert.equal(s.delivered, 2);
  assert.equal(droppedTotal(s.dropped), 0);
});

test('keep_alive: a program the shell cannot run is not restarted; every later alert is counted lost', async () => {
  // The leading `cd` hides the missing command from the start-up check: the shell finds out (status 127).
  const outputs = new Outputs(
    [programChannel({ program: 'cd / && /nonexistent/alert-sink', keepAlive: true })],
    settings,
  );
  outputs.emit(makeAlert(0));
  await when(logEvents, 'line', () => logs.some((l) => l.includes('status 127: command not found')));
  for (let i = 1; i < 6; i++) outputs.emit(makeAlert(i));
  assert.equal(await outputs.flush(10_000), true);
  const s = outputs.stats()[0];
  // The first line may have gone into the pipe before the shell gave up; the next five cannot.
  assert.ok(s.dropped.program_exited >= 5, JSON.stringify(s));
  assert.equal(s.delivered + droppedTotal(s.dropped), 6);
  await outputs.close(1000);
});

test('a program that does not exist is an error when the channel is built, naming it', () => {
  assert.throws(
    () => programChannel({ program: '/nonexistent/alert-sink --json', keepAlive: true }),
    /program_output.program: cannot run '\/nonexistent\/alert-sink --json': \/nonexistent\/alert-sink: not found/,
  );
  assert.throws(
    () => programChannel({ program: 'no-such-command-peregrine | cat', keepAlive: false }),
    /no-such-command-peregrine: command not found/,
  );
  // What the shell interprets first is left to it.
  assert.doesNotThrow(() => programChannel({ program: 'cd / && cat > /dev/null', keepAlive: false }));
  assert.doesNotThrow(() => programChannel({ program: 'FOO=1 cat', keepAlive: false }));
});
