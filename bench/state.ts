// The state parser alone: a capture replayed from memory through the engine with every event decoded and no rule
// (a no-op sink), this checkout against a baseline build of another commit, side by side, alternating child
// processes, several runs, medians. What it measures is the per-event cost of framing, decoding the header and
// the state handlers: the part of every replay and live run the parser owns.
//
//   node_modules/.bin/node bench/state.ts [runs] [--base=REF] [--capture=FILE]
//
// Each child loads its build's sources, replays the capture WARM_RUNS times through a fresh engine and prints the
// CPU nanoseconds per event of each run; the fastest of the runs after the first three (optimized code, the least
// disturbed by the machine's load) is that child's figure. REF defaults to 2fd80c3 (main before the state split);
// the capture to bench/results/replay-1m.scap (bench/make-capture.ts makes it when missing).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 9);
const BASE = arg('base') ?? '2fd80c3';
const ROOT = new URL('..', import.meta.url).pathname;
const NODE = join(ROOT, 'node_modules/node/bin/node');
const WARM_RUNS = 10;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Child mode (`--child=ROOT CAPTURE`): the per-event CPU of each in-memory replay, as JSON. */
async function child(root: string, cap: string): Promise<void> {
  const { Engine } = await import(join(root, 'src/engine/engine.ts'));
  const bytes = new Uint8Array(readFileSync(cap));
  const ns: number[] = [];
  for (let r = 0; r < WARM_RUNS; r++) {
    let n = 0;
    const engine = new Engine({
      event() {
        n++;
      },
    });
    engine.setRelevant(null);
    const c0 = process.cpuUsage();
    for (let p = 0; p < bytes.length; p += 1 << 20) engine.blocks.push(bytes.subarray(p, p + (1 << 20)));
    engine.blocks.end();
    const c = process.cpuUsage(c0);
    if (n === 0) throw new Error('no event reached the sink');
    ns.push(((c.user + c.system) * 1000) / engine.stats.events);
  }
  process.stdout.write(`${JSON.stringify(ns)}\n`);
}

async function measure(root: string, cap: string): Promise<number> {
  const { stdout } = await run(NODE, [new URL(import.meta.url).pathname, `--child=${root}`, cap], {
    maxBuffer: 16 << 20,
  });
  return Math.min(...(JSON.parse(stdout) as number[]).slice(3));
}

async function main(): Promise<void> {
  const childRoot = arg('child');
  if (childRoot !== undefined) {
    await child(childRoot, process.argv[process.argv.length - 1]);
    return;
  }
  let cap = arg('capture') ?? join(ROOT, 'bench/results/replay-1m.scap');
  if (!existsSync(cap)) {
    const { makeCapture } = await import('./make-capture.ts');
    await makeCapture(cap);
  }
  cap = cap.startsWith('/') ? cap : join(process.cwd(), cap);
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-state-'));
  const base = join(dir, 'base');
  mkdirSync(base);
  execFileSync('sh', ['-c', `git -C '${ROOT}' archive '${BASE}' src | tar -x -C '${base}'`]);
  symlinkSync(join(ROOT, 'node_modules'), join(base, 'node_modules'));
  console.log(
    `${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the start, ${RUNS} runs alternating, ` +
      `capture ${cap}`,
  );
  const results: Record<string, number[]> = { [`baseline ${BASE}`]: [], 'this checkout': [] };
  for (let i = 0; i < RUNS; i++) {
    results[`baseline ${BASE}`].push(await measure(base, cap));
    results['this checkout'].push(await measure(ROOT, cap));
  }
  console.log('\n| build | CPU per event, median (min–max) |\n|---|---|');
  for (const [name, xs] of Object.entries(results))
    console.log(
      `| ${name} | ${median(xs).toFixed(0)} ns (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}) |`,
    );
  const ratio = median(results['this checkout']) / median(results[`baseline ${BASE}`]);
  console.log(`\nthis / baseline: ${ratio.toFixed(2)}; load average ${loadavg()[0].toFixed(1)} at the end`);
  rmSync(dir, { recursive: true, force: true });
}

await main();
