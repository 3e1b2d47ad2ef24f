// Rules engine benchmarks, each against a baseline measured side by side in the same run:
//   1. the whole CLI (bin/peregrine, as users run it) loading Falco's three upstream rules files (stable,
//      incubating, sandbox, in that order) in a fresh process: `peregrine -V a -V b -V c` and `peregrine --dry-run -r a -r b -r c`,
//      against `peregrine --version` (the start-up floor: Node, module evaluation), interleaved;
//   2. loadRules alone with the real field registry, in a fresh process (cold JIT, as at start-up) and again in
//      the same process (warm); baselines: the same load compiling everything from scratch after each file (as
//      Falco does, reuseCompilations: false), and the `yaml` library parsing the three files alone;
//   3. cost per event of the compiled ruleset (indexed by event type, shared field cache) against the same
//      compiled conditions evaluated without the index.
// Process CPU counts every thread (V8 compiles and collects garbage on helper threads); "main" is the main
// thread's CPU time alone, the steadiest number on a shared machine.
// Usage: node bench/rules.ts [runs]   (prints medians and minimums; docs/performance.md records them)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parseAllDocuments } from 'yaml';
import { eventTypeMap } from '../src/app/rules-env.ts';
import { syscallRegistry } from '../src/fields/registry.ts';
import { loadRules } from '../src/rules/loader.ts';
import { parseFast } from '../src/text/yaml-fast.ts';
import { evt, type TestEvent, testEventTypes, testRegistry } from '../test/rules/fixtures/registry.ts';

const ROOT = process.env.PEREGRINE_ROOT ?? fileURLToPath(new URL('..', import.meta.url));
const U = join(ROOT, '../shared/upstream/falco-rules');
const FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => join(U, f));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Timing {
  wall: number;
  cpu: number;
  main: number;
}

/** Wall, process CPU and main-thread CPU milliseconds of f. */
function timed<T>(f: () => T): { value: T } & Timing {
  const c0 = process.cpuUsage();
  const m0 = process.threadCpuUsage();
  const t0 = performance.now();
  const value = f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const m = process.threadCpuUsage(m0);
  return { value, wall, cpu: (c.user + c.system) / 1000, main: (m.user + m.system) / 1000 };
}

type LoadKind = 'validate' | 'fresh' | 'yaml' | 'fast-yaml';

/** One measurement in a fresh process (the --child mode of the bundled benchmark). */
function child(kind: LoadKind): void {
  const opts = { registry: syscallRegistry, eventTypes: eventTypeMap, validate: true };
  const contents = FILES.map((f) => readFileSync(f, 'utf8'));
  const once = () => {
    switch (kind) {
      case 'validate':
        if (!loadRules(FILES, opts).successful) throw new Error('upstream rules failed to load');
        return;
      case 'fresh':
        if (!loadRules(FILES, { ...opts, reuseCompilations: false }).successful) throw new Error('failed');
        return;
      case 'yaml':
        for (const c of contents) parseAllDocuments(c, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
        return;
      case 'fast-yaml':
        for (const c of contents) if (parseFast(c) === undefined) throw new Error('fast reader gave up');
        return;
    }
  };
  const cold: Timing = timed(once);
  let warm: Timing = timed(once);
  for (let i = 0; i < 3; i++) warm = timed(once);
  process.stdout.write(JSON.stringify({ cold, warm }));
}

/** The CPU milliseconds of this process's finished children so far (utime + stime, /proc/self/stat). */
function childrenCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 (cutime, cstime) are at indexes 13 and 14 after the command name.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

function runCli(bin: string, args: string[]): { wall: number; cpu: number } {
  const c0 = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`peregrine ${args.join(' ')} failed: ${r.stderr}`);
  return { wall, cpu: childrenCpu() - c0 };
}

const NAMES = ['bash', 'sh', 'cat', 'python3', 'node', 'sshd', 'nginx', 'curl', 'ls', 'runc'];
const PATHS = [
  '/etc/shadow',
  '/etc/passwd',
  '/tmp/x',
  '/usr/bin/ls',
  '/proc/self/maps',
  '/home/u/.ssh/id_rsa',
  '/var/log/syslog',
];
const TYPES = [
  'open',
  'openat',
  'openat2',
  'execve',
  'connect',
  'accept',
  'close',
  'read',
  'write',
  'clone',
  'setuid',
  'unlinkat',
  'mkdir',
  'ptrace',
];

function events(n: number): TestEvent[] {
  const out: TestEvent[] = [];
  let x = 12345;
  const rnd = (k: number) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % k;
  };
  for (let i = 0; i < n; i++) {
    const name = NAMES[rnd(NAMES.length)];
    out.push(
      evt(TYPES[rnd(TYPES.length)], {
        'proc.name': name,
        'proc.pname': NAMES[rnd(NAMES.length)],
        'proc.exe': name,
        'proc.exepath': `/usr/bin/${name}`,
        'proc.cmdline': `${name} -c something`,
        'proc.aname': [NAMES[rnd(NAMES.length)], 'systemd'],
        'proc.pid': rnd(5000),
        'fd.name': PATHS[rnd(PATHS.length)],
        'fd.directory': '/etc',
        'fd.typechar': 'f',
        'fd.num': rnd(20),
        'evt.is_open_read': rnd(2) === 0,
        'evt.is_open_write': rnd(2) === 0,
        'evt.res': 'SUCCESS',
        'user.name': 'root',
        'user.uid': 0,
        'container.id': rnd(3) === 0 ? 'host' : 'abc123',
      }),
    );
  }
  return out;
}

function evalBench(runs: number): { indexedNs: number; flatNs: number; checksPerEvent: number } {
  const res = loadRules<TestEvent>(FILES, { registry: testRegistry, eventTypes: testEventTypes, ruleMatching: 'all' });
  const rs = res.ruleset!;
  const evs = events(20000);
  const all = rs.enabled;
  const out: unknown[] = [];
  const indexed: number[] = [];
  const flat: number[] = [];
  let candidates = 0;
  for (const e of evs) candidates += rs.rulesFor(e.type).length;
  for (let r = 0; r < runs; r++) {
    let t = process.hrtime.bigint();
    for (const e of evs) {
      e.num += 1_000_000;
      out.length = 0;
      rs.matchAll(e, out as never[]);
    }
    indexed.push(Number(process.hrtime.bigint() - t) / evs.length);
    t = process.hrtime.bigint();
    for (const e of evs) {
      e.num += 1_000_000;
      out.length = 0;
      for (const rule of all) if (rule.condition(e)) out.push(rule);
    }
    flat.push(Number(process.hrtime.bigint() - t) / evs.length);
  }
  return { indexedNs: median(indexed), flatNs: median(flat), checksPerEvent: candidates / evs.length };
}

const f0 = (x: number) => x.toFixed(0);
const stats = (xs: number[]) => `${f0(median(xs))} (min ${f0(Math.min(...xs))})`;

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 9);
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-'));
  const banner = { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" };
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node24',
    logLevel: 'warning' as const,
    banner,
  };
  // The CLI as users run it: bin/peregrine (the split bundle in dist/, Node's compile cache, its V8 flags),
  // built first so that no run pays for a rebuild.
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.ts')], { stdio: 'inherit' });
  const cli = join(ROOT, 'bin/peregrine');
  const self = join(dir, 'rules-bench.mjs');
  await build({ ...common, entryPoints: [fileURLToPath(import.meta.url)], outfile: self });

  const vArgs = FILES.flatMap((f) => ['-V', f]);
  const dArgs = ['--dry-run', ...FILES.flatMap((f) => ['-r', f])];
  const procs: Record<string, { wall: number[]; cpu: number[] }> = {
    version: { wall: [], cpu: [] },
    validate: { wall: [], cpu: [] },
    dryRun: { wall: [], cpu: [] },
  };
  for (let i = 0; i < runs; i++) {
    for (const [k, args] of [
      ['version', ['--version']],
      ['validate', vArgs],
      ['dryRun', dArgs],
    ] as const) {
      const r = runCli(cli, [...args]);
      procs[k].wall.push(r.wall);
      procs[k].cpu.push(r.cpu);
    }
  }
  console.log(`whole process, ${runs} runs each, interleaved, median (min) ms:`);
  for (const [k, label] of [
    ['validate', 'peregrine -V stable -V incubating -V sandbox'],
    ['dryRun', 'peregrine --dry-run -r stable -r incubating -r sandbox'],
    ['version', 'baseline: peregrine --version'],
  ] as const) {
    console.log(`  ${label.padEnd(56)} wall ${stats(procs[k].wall)}, CPU ${stats(procs[k].cpu)}`);
  }

  const kinds: LoadKind[] = ['validate', 'fresh', 'yaml', 'fast-yaml'];
  const loads = new Map<LoadKind, { cold: Timing; warm: Timing }[]>(kinds.map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const k of kinds) {
      const out = execFileSync(process.execPath, [self, '--child', k], {
        env: { ...process.env, PEREGRINE_ROOT: ROOT },
      });
      loads.get(k)?.push(JSON.parse(out.toString()));
    }
  }
  console.log(`in-process, real registry, ${runs} fresh processes each, median (min) ms:`);
  for (const [k, label] of [
    ['validate', 'loadRules, the three files (-V)'],
    ['fresh', 'baseline: the same, compiling from scratch after each file'],
    ['yaml', 'reference: yaml library parsing the three files'],
    ['fast-yaml', 'reference: the fast YAML reader on the three files'],
  ] as const) {
    const l = loads.get(k) ?? [];
    const part = (w: 'cold' | 'warm', m: keyof Timing) => stats(l.map((x) => x[w][m]));
    console.log(`  ${label}`);
    console.log(
      `    first in process: wall ${part('cold', 'wall')}, CPU ${part('cold', 'cpu')}, main ${part('cold', 'main')}`,
    );
    console.log(
      `    warm:             wall ${part('warm', 'wall')}, CPU ${part('warm', 'cpu')}, main ${part('warm', 'main')}`,
    );
  }

  const ev = evalBench(runs);
  console.log(`evaluation, 20000 synthetic events, rule_matching all, ${runs} runs:`);
  console.log(
    `  indexed ruleset ${ev.indexedNs.toFixed(0)} ns/event (${ev.checksPerEvent.toFixed(1)} candidate rules/event, ${(ev.indexedNs / Math.max(ev.checksPerEvent, 1)).toFixed(0)} ns/condition)`,
  );
  console.log(
    `  baseline without the index ${ev.flatNs.toFixed(0)} ns/event (${(ev.flatNs / ev.indexedNs).toFixed(1)}x slower)`,
  );
}

if (process.argv[2] === '--child') {
  child(process.argv[3] as LoadKind);
} else {
  await main();
}
