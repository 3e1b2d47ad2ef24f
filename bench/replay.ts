// Replay throughput, side by side with sysdig 0.29.3 on the same capture and the same machine, runs interleaved
// (sysdig, peregrine (a), peregrine (b), sysdig, …) so that a busy machine slows every command alike:
//   (a) one simple rule               peregrine -r bench/simple-rule.yaml -e CAPTURE
//       vs sysdig with the same filter sysdig -r CAPTURE "FILTER"
//   (b) the three upstream rule files peregrine -r falco_rules.yaml -r …incubating… -r …sandbox… -e CAPTURE
// For each command: wall and CPU (user+sys) seconds of the whole command, start-up included, as a user sees it
// (median of RUNS runs); events/s from the capture's event count; peak RSS. For Peregrine also the replay phase
// alone (from -v: the time between the first and the last block, without start-up and rule loading). The
// alert counts of (a) and sysdig must agree, or the numbers are void.
// Usage: node bench/replay.ts [RUNS] [MIN_EVENTS]   (the capture is built by bench/make-capture.ts if missing)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCapture } from './make-capture.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const RULES = join(root, '../shared/upstream/falco-rules');
const FILTER = 'evt.type=open and fd.name startswith /etc';
const SIMPLE_RULES = join(root, 'bench/simple-rule.yaml');
const RUNS = Number(process.argv[2] ?? 5);
const MIN_EVENTS = Number(process.argv[3] ?? 1_000_000);

interface Sample {
  wall: number;
  cpu: number;
  rssKb: number;
  stdout: string;
  stderr: string;
}

/** Runs a command under /usr/bin/time: wall and CPU seconds, peak RSS. */
function timed(cmd: string, args: string[]): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '@@ %e %U %S %M', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
      const m = /@@ (\d+\.\d+) (\d+\.\d+) (\d+\.\d+) (\d+)\s*$/.exec(err);
      if (code !== 0 || m === null) reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${err.slice(-500)}`));
      else
        resolve({
          wall: Number(m[1]),
          cpu: Number(m[2]) + Number(m[3]),
          rssKb: Number(m[4]),
          stdout: out,
          stderr: err.slice(0, m.index),
        });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const capture = join(root, `bench/results/replay-${MIN_EVENTS / 1_000_000}m.scap`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
if (!existsSync(capture)) await makeCapture(capture, MIN_EVENTS);

const peregrine = join(root, 'bin/peregrine');
const upstream = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].flatMap((f) => [
  '-r',
  join(RULES, f),
]);
const cases: Record<string, () => Promise<Sample>> = {
  'sysdig (a)': () => timed('sysdig', ['-r', capture, FILTER]),
  'peregrine (a)': () => timed(peregrine, ['-v', '-r', SIMPLE_RULES, '-e', capture]),
  'peregrine (b)': () => timed(peregrine, ['-v', ...upstream, '-e', capture]),
};
const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
await timed(peregrine, ['--version']); // builds the bundle and fills the compile cache, outside the measurements
for (let i = 0; i < RUNS; i++) {
  for (const [name, run] of Object.entries(cases)) samples[name].push(await run());
}

const first = samples['peregrine (a)'][0];
const events = Number(/^Events read: (\d+)$/m.exec(first.stdout)?.[1]);
const alertsA = Number(/^Events detected: (\d+)$/m.exec(first.stdout)?.[1]);
const alertsSysdig = samples['sysdig (a)'][0].stdout.split('\n').filter((l) => l !== '').length;
if (alertsA !== alertsSysdig) throw new Error(`(a) found ${alertsA} events, sysdig ${alertsSysdig}: not comparable`);

/** The replay phase from -v's line: "N events from F in S s (…)". */
function replaySeconds(s: Sample): number | undefined {
  const m = / in (\d+\.\d+) s \(/.exec(s.stderr);
  return m === null ? undefined : Number(m[1]);
}

const rows = Object.entries(samples).map(([name, s]) => {
  const wall = median(s.map((x) => x.wall));
  const replay = s.map(replaySeconds).filter((x): x is number => x !== undefined);
  return {
    name,
    wallSeconds: wall,
    cpuSeconds: median(s.map((x) => x.cpu)),
    eventsPerSecond: Math.round(events / wall),
    replaySeconds: replay.length > 0 ? median(replay) : undefined,
    replayEventsPerSecond: replay.length > 0 ? Math.round(events / median(replay)) : undefined,
    peakRssMb: Math.round(median(s.map((x) => x.rssKb)) / 1024),
    wallRuns: s.map((x) => x.wall),
  };
});
const sysdig = rows[0];
const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  capture,
  events,
  filter: FILTER,
  alertsA,
  rows: rows.map((r) => ({
    ...r,
    ratioToSysdigWall: Number((sysdig.wallSeconds / r.wallSeconds).toFixed(2)),
    ratioToSysdigCpu: Number((sysdig.cpuSeconds / r.cpuSeconds).toFixed(2)),
  })),
};
writeFileSync(
  join(root, `bench/results/replay-${MIN_EVENTS / 1_000_000}m.json`),
  `${JSON.stringify(result, null, 2)}\n`,
);
process.stdout.write(
  `${events.toLocaleString('en')} events, ${alertsA} matches for (a), ${RUNS} runs each, medians; ${result.machine}\n`,
);
process.stdout.write(
  '| command | wall s | CPU s | events/s (wall) | ratio to sysdig (wall) | ratio to sysdig (CPU) | replay phase s | replay events/s | peak RSS |\n' +
    '|---|---|---|---|---|---|---|---|---|\n',
);
for (const r of result.rows) {
  process.stdout.write(
    `| ${r.name} | ${r.wallSeconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${r.eventsPerSecond.toLocaleString('en')} | ` +
      `${r.ratioToSysdigWall} | ${r.ratioToSysdigCpu} | ${r.replaySeconds?.toFixed(2) ?? '—'} | ` +
      `${r.replayEventsPerSecond?.toLocaleString('en') ?? '—'} | ${r.peakRssMb} MB |\n`,
  );
}
