// The open/close hot path (state parsing, relevance, rule evaluation with Falco's three upstream rule files),
// this checkout against a baseline build of another commit, side by side in the same script, alternating,
// several runs, medians:
//
//   (a) replay of a recorded open/close storm (`bench/storm.c open`, recorded live with `peregrine -w`): the
//       replay phase that `-v` reports and the CPU time of the whole process, and the steady CPU per event of a
//       warm in-process replay (each build's own sources); the alerts both builds print must be byte-identical,
//       or the script fails;
//   (b) live (root, the sensor built): the wall time of `storm open PAIRS` with nothing beside it, beside the
//       baseline's peregrine and beside this checkout's, and the CPU time each peregrine process used.
//
//   node_modules/.bin/node bench/hotpath.ts [runs] [--base=REF] [--pairs=N] [--capture=FILE] [--only=a,b]
//
// REF defaults to e04881e (main before this work). Both builds are bundled as scripts/build.ts does and run on the
// pinned Node with bin/peregrine's flags. Without --capture, a storm of 300,000 pairs is recorded first (root).
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 7);
const BASE = arg('base') ?? 'e04881e';
const PAIRS = Number(arg('pairs') ?? 500_000);
/** The recorded storm: long enough that the replay phase is mostly optimized code, as a live run is. */
const RECORD_PAIRS = 300_000;
const ONLY = arg('only')?.split(',');
const part = (p: string) => ONLY === undefined || ONLY.includes(p);
const ROOT = new URL('..', import.meta.url).pathname;
const NODE = join(ROOT, 'node_modules/node/bin/node');
const SENSOR = join(ROOT, 'sensor/build/peregrine-sensor');
const RULES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].flatMap((f) => [
  '-r',
  join(ROOT, '../shared/upstream/falco-rules', f),
]);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-hotpath-'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = (): number => Number(process.hrtime.bigint()) / 1e9;
const CLK_TCK = 100;

interface Build {
  readonly name: string;
  readonly bundle: string;
}

/** Bundles `ref` of this repository (or the working tree when ref is undefined) as scripts/build.ts does. */
function bundle(ref: string | undefined): Build {
  let root = ROOT;
  if (ref !== undefined) {
    root = join(dir, 'base');
    mkdirSync(root);
    execFileSync('sh', ['-c', `git -C '${ROOT}' archive '${ref}' | tar -x -C '${root}'`]);
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  }
  execFileSync(NODE, [join(root, 'scripts/build.ts')], { cwd: root, stdio: 'inherit' });
  return { name: ref === undefined ? 'this checkout' : `baseline ${ref}`, bundle: join(root, 'dist/peregrine.mjs') };
}

/** peregrine as bin/peregrine runs it, with the sensor of this checkout. */
function peregrine(b: Build, args: string[]): ChildProcess {
  return spawn(NODE, ['--enable-source-maps', '--max-semi-space-size=4', b.bundle, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PEREGRINE_SENSOR: SENSOR },
  });
}

function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  return { out: () => out, err: () => err };
}

function until(child: ChildProcess, text: () => string, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (pattern.test(text())) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`exited ${code} before ${pattern}: ${text()}`));
    });
  });
}

/** CPU seconds (user + system) of a live process so far, from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}

async function record(storm: string, b: Build): Promise<string> {
  const cap = join(dir, 'storm.scap');
  const child = peregrine(b, ['-w', cap, '-o', 'webserver.enabled=false']);
  const io = collect(child);
  await until(child, () => io.err() + io.out(), /Recording this host to/);
  await run(storm, ['open', String(RECORD_PAIRS)]);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
  return cap;
}

/** (a): one replay; the replay phase (seconds, from -v), the process CPU (seconds) and the alerts. */
async function replay(b: Build, cap: string): Promise<{ phase: number; cpu: number; out: string }> {
  const { stdout, stderr } = await run(
    '/usr/bin/time',
    ['-f', 'cpu %U %S', NODE, '--enable-source-maps', '--max-semi-space-size=4', b.bundle, '-v', '-e', cap, ...RULES],
    { maxBuffer: 256 << 20 },
  );
  const phase = Number(/events from .* in ([\d.]+) s/.exec(stderr)?.[1] ?? Number.NaN);
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  return { phase, cpu: m ? Number(m[1]) + Number(m[2]) : Number.NaN, out: stdout };
}

/** (b): the storm's wall seconds beside `b` (or nothing), and the CPU seconds peregrine used meanwhile. */
async function live(storm: string, b: Build | undefined): Promise<{ wall: number; cpu: number; events: number }> {
  if (b === undefined) {
    const t = now();
    await run(storm, ['open', String(PAIRS)]);
    return { wall: now() - t, cpu: 0, events: 0 };
  }
  const child = peregrine(b, [...RULES, '-o', 'webserver.enabled=false', '-v']);
  const io = collect(child);
  await until(child, io.err, /Capturing \d+ syscalls/);
  const pid = child.pid as number;
  const cpu0 = cpuSeconds(pid);
  let cpu = cpu0;
  const poll = setInterval(() => {
    const c = cpuSeconds(pid);
    if (!Number.isNaN(c)) cpu = c;
  }, 10);
  const t = now();
  await run(storm, ['open', String(PAIRS)]);
  const wall = now() - t;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
  clearInterval(poll);
  const events = Number(/Driver Events:(\d+)/.exec(io.err())?.[1] ?? Number.NaN);
  return { wall, cpu: cpu - cpu0, events };
}

/**
 * Child mode (`--warm=ROOT CAPTURE`): loads the three rule files with ROOT's sources, replays the capture from
 * memory WARM_RUNS times through a fresh engine and detector each time, and prints the CPU nanoseconds per event
 * of each run as JSON. The runs after the first few are optimized code throughout: the steady per-event cost.
 */
const WARM_RUNS = 10;
async function warmChild(root: string, cap: string): Promise<void> {
  const src = (m: string) => import(join(root, 'src', m));
  const { parseCli } = await src('cli/options.ts');
  const { loadCliConfig } = await src('cli/commands/validate.ts');
  const { loadConfiguredRules } = await src('cli/commands/dry-run.ts');
  const { fieldRegistry } = await src('cli/rules-env.ts');
  const { recordingRegistry } = await src('engine/relevance.ts');
  const { Detector } = await src('engine/detector.ts');
  const { Engine } = await src('engine/engine.ts');
  const opts = parseCli(['node', 'peregrine', '-e', cap, ...RULES]);
  const used = new Set<string>();
  const rules = loadConfiguredRules(opts, loadCliConfig(opts), recordingRegistry(fieldRegistry(), used));
  const bytes = new Uint8Array(readFileSync(cap));
  const ns: number[] = [];
  for (let r = 0; r < WARM_RUNS; r++) {
    const detector = new Detector(rules.ruleset, () => {}, { hostname: 'h', timeFormatIso8601: false });
    const engine = new Engine(detector, { hostname: 'h' });
    engine.setRelevant(rules.ruleset.eventCodes(), used);
    const c0 = process.cpuUsage();
    for (let p = 0; p < bytes.length; p += 1 << 20) engine.blocks.push(bytes.subarray(p, p + (1 << 20)));
    engine.blocks.end();
    const c = process.cpuUsage(c0);
    ns.push(((c.user + c.system) * 1000) / engine.stats.events);
  }
  process.stdout.write(`${JSON.stringify(ns)}\n`);
}

/** (a) warm: the fastest optimized run of each child process (the least disturbed by the machine's load). */
async function warm(b: Build, cap: string): Promise<number> {
  const root = join(b.bundle, '../..');
  const { stdout } = await run(NODE, [new URL(import.meta.url).pathname, `--warm=${root}`, cap], {
    maxBuffer: 16 << 20,
  });
  const ns = JSON.parse(stdout) as number[];
  return Math.min(...ns.slice(3));
}

async function main(): Promise<void> {
  const warmRoot = arg('warm');
  if (warmRoot !== undefined) {
    await warmChild(warmRoot, process.argv[process.argv.length - 1]);
    return;
  }
  const storm = join(dir, 'storm');
  await run('cc', ['-O2', '-o', storm, join(ROOT, 'bench/storm.c')]);
  const base = bundle(BASE);
  const mine = bundle(undefined);
  const builds = [base, mine];
  const load = loadavg()[0].toFixed(1);
  console.log(
    `${cpus().length} cores, load average ${load} at the start, Node ${execFileSync(NODE, ['--version']).toString().trim()}, ${RUNS} runs, medians (min–max)`,
  );
  const range = (xs: number[], d: number) =>
    `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`;

  if (part('a')) {
    const cap = arg('capture') ?? (await record(storm, mine));
    const phase = new Map<Build, number[]>(builds.map((b) => [b, []]));
    const steady = new Map<Build, number[]>(builds.map((b) => [b, []]));
    const cpu = new Map<Build, number[]>(builds.map((b) => [b, []]));
    const outs = new Map<Build, string>();
    for (let r = 0; r < RUNS; r++) {
      for (const b of r % 2 === 0 ? builds : [...builds].reverse()) {
        const res = await replay(b, cap);
        phase.get(b)?.push(res.phase);
        cpu.get(b)?.push(res.cpu);
        const prev = outs.get(b);
        if (prev !== undefined && prev !== res.out) throw new Error(`${b.name}: alerts differ between runs`);
        outs.set(b, res.out);
        steady.get(b)?.push(await warm(b, cap));
      }
    }
    if (outs.get(base) !== outs.get(mine)) throw new Error('the alerts of the two builds differ');
    const alerts = /Events detected: (\d+)/.exec(outs.get(mine) ?? '')?.[1];
    const events = /Events read: (\d+)/.exec(outs.get(mine) ?? '')?.[1];
    console.log(`\n(a) replay of ${cap} (${events} events), three rule files; the same ${alerts} alerts from both\n`);
    console.log('| build | replay phase s | process CPU s | warm, in-process: CPU per event |');
    console.log('|---|---|---|---|');
    for (const b of builds)
      console.log(
        `| ${b.name} | ${range(phase.get(b) ?? [], 3)} | ${range(cpu.get(b) ?? [], 2)} | ${range(steady.get(b) ?? [], 0)} ns |`,
      );
    const ratio = median(phase.get(mine) ?? []) / median(phase.get(base) ?? []);
    const ratioCpu = median(cpu.get(mine) ?? []) / median(cpu.get(base) ?? []);
    const ratioWarm = median(steady.get(mine) ?? []) / median(steady.get(base) ?? []);
    console.log(
      `\nthis / baseline: replay phase ${ratio.toFixed(2)}, process CPU ${ratioCpu.toFixed(2)}, warm CPU per event ${ratioWarm.toFixed(2)}`,
    );
  }

  if (part('b')) {
    const monitors: (Build | undefined)[] = [undefined, base, mine];
    const wall = new Map<Build | undefined, number[]>(monitors.map((m) => [m, []]));
    const cpu = new Map<Build | undefined, number[]>(monitors.map((m) => [m, []]));
    const events = new Map<Build | undefined, number[]>(monitors.map((m) => [m, []]));
    for (let r = 0; r < RUNS; r++) {
      for (const m of r % 2 === 0 ? monitors : [...monitors].reverse()) {
        const res = await live(storm, m);
        wall.get(m)?.push(res.wall);
        cpu.get(m)?.push(res.cpu);
        events.get(m)?.push(res.events);
      }
    }
    const none = median(wall.get(undefined) ?? []);
    console.log(`\n(b) live: \`storm open ${PAIRS}\` beside peregrine with the three rule files\n`);
    console.log('| beside the storm | storm wall s | slowdown | peregrine CPU s | kernel events | CPU per event |');
    console.log('|---|---|---|---|---|---|');
    console.log(`| nothing | ${range(wall.get(undefined) ?? [], 2)} | 1.00× | | | |`);
    for (const b of [base, mine]) {
      const w = wall.get(b) ?? [];
      const c = median(cpu.get(b) ?? []);
      const e = median(events.get(b) ?? []);
      console.log(
        `| ${b.name} | ${range(w, 2)} | **${(median(w) / none).toFixed(2)}×** | ${range(cpu.get(b) ?? [], 2)} | ${e.toLocaleString('en')} | ${((c / e) * 1e9).toFixed(0)} ns |`,
      );
    }
  }
}

main()
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
