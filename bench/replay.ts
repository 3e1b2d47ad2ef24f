// Replay throughput, side by side with sysdig on the same capture and the same machine, runs interleaved:
//   (a) one simple rule               peregrine -r simple.yaml -e CAPTURE
//       vs sysdig with the same filter sysdig -r CAPTURE "FILTER"
//   (b) the three upstream rule files peregrine -r falco_rules.yaml -r …incubating… -r …sandbox… -e CAPTURE
// Wall time of the whole command (start-up included, as a user sees it), median of RUNS runs, events/s from
// the capture's event count, peak RSS from /usr/bin/time. Writes bench/results/replay.json and prints a table.
// Usage: node bench/replay.ts [RUNS]
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OUT, makeCapture } from './make-capture.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const RULES = join(root, '../shared/upstream/falco-rules');
const FILTER = 'evt.type=open and fd.name startswith /etc';
const SIMPLE_RULES = join(root, 'bench/simple-rule.yaml');
const RUNS = Number(process.argv[2] ?? 5);

interface Sample {
  seconds: number;
  rssKb: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time: wall seconds and peak RSS. */
function timed(cmd: string, args: string[]): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /(\d+\.\d+) (\d+)\s*$/.exec(err);
      if (code !== 0 || m === null) reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${err.slice(-500)}`));
      else resolve({ seconds: Number(m[1]), rssKb: Number(m[2]), stdout: out });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const capture = DEFAULT_OUT;
let events: number;
if (!existsSync(capture)) {
  events = await makeCapture(capture);
} else {
  const r = await timed(join(root, 'bin/peregrine'), ['-r', SIMPLE_RULES, '-e', capture]);
  events = Number(/^Events read: (\d+)$/m.exec(r.stdout)?.[1]);
}

const peregrine = join(root, 'bin/peregrine');
const cases = {
  'sysdig (a)': () => timed('sysdig', ['-r', capture, FILTER]),
  'peregrine (a)': () => timed(peregrine, ['-r', SIMPLE_RULES, '-e', capture]),
  'peregrine (b)': () =>
    timed(peregrine, [
      '-r',
      join(RULES, 'falco_rules.yaml'),
      '-r',
      join(RULES, 'falco-incubating_rules.yaml'),
      '-r',
      join(RULES, 'falco-sandbox_rules.yaml'),
      '-e',
      capture,
    ]),
};
const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
await timed(peregrine, ['--version']); // builds the bundle if needed, outside the measurements
for (let i = 0; i < RUNS; i++) {
  for (const [name, run] of Object.entries(cases)) samples[name].push(await run());
}

const rows = Object.entries(samples).map(([name, s]) => {
  const secs = median(s.map((x) => x.seconds));
  return {
    name,
    seconds: secs,
    eventsPerSecond: Math.round(events / secs),
    peakRssMb: Math.round(median(s.map((x) => x.rssKb)) / 1024),
    runs: s.map((x) => x.seconds),
  };
});
const sysdigA = rows[0].seconds;
const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
  node: process.version,
  capture,
  events,
  filter: FILTER,
  rows: rows.map((r) => ({ ...r, ratioToSysdig: Number((sysdigA / r.seconds).toFixed(2)) })),
};
writeFileSync(join(root, 'bench/results/replay.json'), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${events} events, ${RUNS} runs each, median wall time (start-up included)\n`);
process.stdout.write('| command | seconds | events/s | ratio to sysdig (a) | peak RSS |\n|---|---|---|---|---|\n');
for (const r of result.rows) {
  process.stdout.write(
    `| ${r.name} | ${r.seconds.toFixed(2)} | ${r.eventsPerSecond.toLocaleString('en')} | ${r.ratioToSysdig} | ${r.peakRssMb} MB |\n`,
  );
}
