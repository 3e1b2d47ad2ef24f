// Does storing alerts slow a replay? The same replay with and without the alert store, interleaved, RUNS times
// each, medians: wall time of the whole command, the replay phase (-v: from the first block to the outputs' close,
// so the store's last commits are inside it), and the CPU time of the main thread (the detection loop) and of the
// whole process (bench/cpu-at-exit.ts). Two rule sets:
//   (a) bench/simple-rule.yaml: 8,325 alerts over the 1M capture
//   (b) bench/store-rule.yaml: every open that succeeds, about 6 times as many alerts
//   (c) bench/store-rate-rule.yaml: about 20,000 alerts per second of replay over the 10M capture (MIN_EVENTS
//       10000000), the load issue 13 names
// Each stored run writes a fresh store and must hold exactly the alerts the run reports (Events detected), or the
// numbers are void. The capture is bench/make-capture.ts's (502Error.scap back to back, at least MIN_EVENTS).
//
//   node_modules/.bin/node bench/store-replay.ts [RUNS] [MIN_EVENTS] [--baseline=DIST] [--rules=a,b]
//
// --baseline=DIST: also run another build's bundle (a copy of its dist/ directory placed inside this checkout, so
// that it finds config/ as dist/ does), interleaved with this one: before and after, on the same machine load.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { makeCapture } from './make-capture.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const option = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(positional[0] ?? 7);
const MIN_EVENTS = Number(positional[1] ?? 1_000_000);
const baseline = option('baseline');
const only = (option('rules') ?? 'c,a,b').split(',');
const capture = join(root, `bench/results/replay-${MIN_EVENTS / 1_000_000}m.scap`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
if (!existsSync(capture)) await makeCapture(capture, MIN_EVENTS);
const node = join(root, 'node_modules/node/bin/node');
const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-store-replay-'));

const BUILDS: Record<string, string> = {
  this: join(root, 'dist'),
  ...(baseline === undefined ? {} : { baseline: resolve(baseline) }),
};

interface Sample {
  wall: number;
  phase: number;
  mainCpu: number;
  processCpu: number;
  alerts: number;
  stored: number;
}

function run(dist: string, rules: string, store: string | undefined): Promise<Sample> {
  // Alerts to /dev/null through the file output in both runs: a run needs one output (the summary is on stdout).
  // The shipped configuration named for both builds: a baseline's bundle copied under bench/results/ is too deep
  // for its search of config/ (chunks/, then four levels up), and ran without it (no append_output, among others).
  const args = ['-c', join(root, 'config/peregrine.yaml'), '-v', '-r', rules, '-e', capture];
  args.push('-o', 'stdout_output.enabled=false');
  args.push('-o', 'file_output.enabled=true', '-o', 'file_output.filename=/dev/null');
  if (store !== undefined) args.push('-o', 'alert_store.enabled=true', '-o', `alert_store.path=${store}`);
  // As bin/peregrine runs a replay (its young-generation size and compile cache; no memory-saving flags, which it
  // gives only to live detection and the console), plus the CPU report.
  const nodeArgs = [
    '--max-semi-space-size=4',
    '--min-semi-space-size=4',
    '--import',
    join(root, 'bench/cpu-at-exit.ts'),
    join(dist, 'peregrine.mjs'),
  ];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(node, [...nodeArgs, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_COMPILE_CACHE: join(tmpdir(), 'peregrine-node-compile-cache') },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      const phase = /events from .* in (\d+\.\d+) s/.exec(err);
      const detected = /Events detected: (\d+)/.exec(out);
      const cpu = /peregrine-bench-cpu main_us=(\d+) process_us=(\d+)/.exec(err);
      if (code !== 0 || phase === null || detected === null || cpu === null) {
        reject(new Error(`peregrine ${args.join(' ')} failed (${code}): ${err.slice(-400)}`));
        return;
      }
      let stored = 0;
      if (store !== undefined) {
        const db = new DatabaseSync(store, { readOnly: true });
        stored = (db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n;
        db.close();
        rmSync(store, { force: true });
        rmSync(`${store}-wal`, { force: true });
        rmSync(`${store}-shm`, { force: true });
      }
      resolve({
        wall,
        phase: Number(phase[1]),
        mainCpu: Number(cpu[1]) / 1e6,
        processCpu: Number(cpu[2]) / 1e6,
        alerts: Number(detected[1]),
        stored,
      });
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (a: number, b: number): string => `${(((b - a) / a) * 100).toFixed(1)} %`;
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

const RULESETS: Record<string, [string, string]> = {
  a: ['(a) simple rule', join(root, 'bench/simple-rule.yaml')],
  b: ['(b) every successful open', join(root, 'bench/store-rule.yaml')],
  c: ['(c) 20,000 alerts/s', join(root, 'bench/store-rate-rule.yaml')],
};
await run(BUILDS.this, RULESETS.a[1], undefined); // warm the compile cache and the page cache
console.log(`capture: ${capture}; ${RUNS} interleaved runs each; load average at start ${load()}\n`);
console.log(
  '| rules | build | store | alerts | wall s | replay phase s | main thread CPU s | process CPU s | phase vs no store | main CPU vs no store |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const key of only) {
  const [name, rules] = RULESETS[key];
  const samples: Record<string, { no: Sample[]; yes: Sample[] }> = {};
  for (const b of Object.keys(BUILDS)) samples[b] = { no: [], yes: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [b, dist] of Object.entries(BUILDS)) {
      samples[b].no.push(await run(dist, rules, undefined));
      const s = await run(dist, rules, join(dir, `store-${b}-${i}.db`));
      if (s.stored !== s.alerts) throw new Error(`${name}, ${b}: ${s.alerts} alerts detected, ${s.stored} stored`);
      samples[b].yes.push(s);
    }
  }
  for (const [b, { no, yes }] of Object.entries(samples)) {
    const m = (xs: Sample[], k: keyof Sample): number => median(xs.map((s) => s[k]));
    for (const [label, xs] of [
      ['no', no],
      ['yes', yes],
    ] as const) {
      const added = label === 'yes';
      console.log(
        `| ${name} | ${b} | ${label} | ${xs[0].alerts} | ${m(xs, 'wall').toFixed(2)} | ${m(xs, 'phase').toFixed(3)} | ` +
          `${m(xs, 'mainCpu').toFixed(3)} | ${m(xs, 'processCpu').toFixed(3)} | ` +
          `${added ? pct(m(no, 'phase'), m(yes, 'phase')) : ''} | ${added ? pct(m(no, 'mainCpu'), m(yes, 'mainCpu')) : ''} |`,
      );
    }
    console.log(
      `| | ${b} | runs | | | no: ${no.map((s) => s.phase.toFixed(3)).join(' ')}; yes: ${yes.map((s) => s.phase.toFixed(3)).join(' ')} | ` +
        `no: ${no.map((s) => s.mainCpu.toFixed(2)).join(' ')}; yes: ${yes.map((s) => s.mainCpu.toFixed(2)).join(' ')} | | | |`,
    );
  }
}
console.log(`\nload average at the end ${load()}`);
rmSync(dir, { recursive: true, force: true });
