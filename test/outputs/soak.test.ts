// The delivery soak: a replay of 502Error.scap raising an alert for every event (about 22,000) into three
// channels at once — a file, an HTTP receiver that dies and comes back at random, and a kept-alive program that
// exits at random (Peregrine starts it again). Bounded (one capture, loopback only, a seeded random source).
//
// At the end, for every channel, delivered + counted lost = raised (the per-channel line Peregrine prints), the
// file holds every alert exactly once, the receiver acknowledged at least what Peregrine counts delivered, and
// the program wrote no alert twice.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runPeregrine, SHARED } from '../helpers/cli.ts';
import { type Receiver, startReceiver } from './receiver.ts';

const CAPTURE = join(SHARED, 'upstream/scap/sysdig-inspect/502Error.scap');
const dir = mkdtempSync(join(tmpdir(), 'peregrine-soak-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ChannelLine {
  delivered: number;
  lost: number;
  offered: number;
  internal: number;
}

/** `NAME output: D delivered, L lost (…) of O alerts (I internal)` from Peregrine's end-of-run lines. */
function channelLine(stderr: string, name: string): ChannelLine {
  const m = new RegExp(`${name} output: (\\d+) delivered, (\\d+) lost.* of (\\d+) alerts \\((\\d+) internal\\)`).exec(
    stderr,
  );
  assert.ok(m !== null, `no delivery line for ${name} in:\n${stderr.slice(-3000)}`);
  return { delivered: Number(m[1]), lost: Number(m[2]), offered: Number(m[3]), internal: Number(m[4]) };
}

/** Every alert offered is delivered or counted lost, and the rule alerts among them are all that were raised. */
function accounted(c: ChannelLine, raised: number): void {
  assert.equal(c.delivered + c.lost, c.offered);
  assert.equal(c.offered - c.internal, raised);
}

const RULE = 'Every event';
/** The evt.num of each rule alert among JSON lines (internal alerts about the outputs set aside). */
const ruleNums = (lines: readonly string[]): number[] =>
  lines
    .map((l) => JSON.parse(l) as { rule: string; output_fields: Record<string, number> })
    .filter((a) => a.rule === RULE)
    .map((a) => a.output_fields['evt.num']);
const linesOf = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

test('soak: ~22,000 alerts into a file, a dying HTTP receiver and a dying program: delivered + lost = raised', async (t) => {
  const seed = Number(process.env.PEREGRINE_SOAK_SEED ?? 11);
  t.diagnostic(`seed ${seed} (PEREGRINE_SOAK_SEED replays a run)`);
  const rand = random(seed);

  const rules = join(dir, 'every-event.yaml');
  writeFileSync(
    rules,
    `- rule: Every event
  desc: an alert per event
  condition: evt.num > 0
  output: "%evt.num %evt.type"
  priority: INFO
`,
  );
  const fileOut = join(dir, 'events.json');
  const programOut = join(dir, 'program.json');
  // Copies its input to a file and exits about once every 1,500 lines (what it read and had not written yet,
  // and what was still in the pipe, is lost with it: the program's own loss, which no writer can see).
  const program = join(dir, 'sink.sh');
  writeFileSync(
    program,
    `#!/bin/sh
exec awk -v seed=$$ 'BEGIN { srand(seed) } { print; fflush(); if (rand() < 1 / 1500) exit 3 }' >>"${programOut}"
`,
  );
  chmodSync(program, 0o755);

  // The receiver dies after a random number of requests and comes back a few milliseconds later.
  let rx: Receiver = await startReceiver();
  const port = rx.port;
  const acked: string[] = [];
  let deaths = 0;
  let stopped = false;
  const onAcked = (body: string): void => {
    acked.push(body);
    if (rand() < 1 / 1500) void die();
  };
  rx.events.on('acked', onAcked);
  async function die(): Promise<void> {
    deaths++;
    rx.events.off('acked', onAcked);
    await rx.close();
    await new Promise((r) => setTimeout(r, 1 + Math.floor(rand() * 40))); // down for a moment (not a wait in the test)
    if (stopped) return;
    rx = await startReceiver({ port });
    rx.events.on('acked', onAcked);
  }

  const res = await runPeregrine([
    '-e',
    CAPTURE,
    '-r',
    rules,
    '-o',
    'json_output=true',
    '-o',
    'stdout_output.enabled=false',
    '-o',
    'file_output.enabled=true',
    '-o',
    'file_output.keep_alive=true',
    '-o',
    `file_output.filename=${fileOut}`,
    '-o',
    'http_output.enabled=true',
    '-o',
    `http_output.url=http://127.0.0.1:${port}/`,
    '-o',
    'program_output.enabled=true',
    '-o',
    'program_output.keep_alive=true',
    '-o',
    `program_output.program=${program}`,
    '-o',
    'output_timeout=10000',
  ]);
  stopped = true;
  await rx.close();
  // A replay that lost alerts (counted) exits 1; one that lost none, 0.
  const lostAny = /output: \d+ delivered, [1-9]\d* lost/.test(res.stderr);
  assert.equal(res.code, lostAny ? 1 : 0, res.stderr.slice(-3000));
  const raised = Number(/Events detected: (\d+)/.exec(res.stdout)?.[1]);
  t.diagnostic(`raised ${raised}; receiver died ${deaths} times`);
  assert.ok(raised > 20_000, `only ${raised} alerts`);

  // The file never fails: every alert, once (and the internal alerts about the other two channels).
  const file = channelLine(res.stderr, 'file');
  accounted(file, raised);
  assert.equal(file.lost, 0);
  const fileLines = linesOf(fileOut);
  assert.equal(fileLines.length, file.delivered);
  const fileNums = ruleNums(fileLines);
  assert.equal(fileNums.length, raised);
  assert.equal(new Set(fileNums).size, raised, 'an alert was written twice to the file');

  // HTTP: every alert is delivered or counted lost; what the receiver acknowledged covers what was counted.
  const http = channelLine(res.stderr, 'http');
  t.diagnostic(`http: ${JSON.stringify(http)}`);
  accounted(http, raised);
  assert.ok(deaths > 0, 'the receiver never died: the soak proved nothing about it');
  assert.ok(new Set(acked).size >= http.delivered, 'Peregrine counted more delivered than the receiver acknowledged');

  // Program: delivered (written into its input) + lost = raised; it wrote each alert at most once, in order.
  const prog = channelLine(res.stderr, 'program');
  t.diagnostic(`program: ${JSON.stringify(prog)}`);
  accounted(prog, raised);
  const progNums = ruleNums(linesOf(programOut));
  assert.ok(progNums.length <= prog.delivered);
  assert.match(res.stderr, /program output: '.*sink.sh' exited with status 3/);
  for (let i = 1; i < progNums.length; i++) assert.ok(progNums[i] > progNums[i - 1], 'program output out of order');
});
