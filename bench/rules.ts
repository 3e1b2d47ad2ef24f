// Rules engine benchmarks, each against a baseline measured side by side in the same run:
//   1. load+compile of Falco's three upstream rules files together (stable, incubating, sandbox), in a
//      fresh process each run (cold JIT, as at start-up) and warm; baseline: parsing the same YAML alone.
//   2. cost per event of the compiled ruleset (indexed by event type, shared field cache) against the same
//      compiled conditions evaluated without the index.
// The load runs use an esbuild bundle of this file, as the CLI runs from dist/: Node's type stripping of
// the sources would otherwise be measured too.
// Usage: node bench/rules.ts [runs]   (prints medians; docs/performance.md records them)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parseAllDocuments } from 'yaml';
import { loadRules } from '../src/rules/loader.ts';
import { evt, type TestEvent, testEventTypes, testRegistry } from '../test/rules/fixtures/registry.ts';

const ROOT = process.env.PEREGRINE_ROOT ?? fileURLToPath(new URL('..', import.meta.url));
const U = join(ROOT, '../shared/upstream/falco-rules');
const FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => join(U, f));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wall and CPU milliseconds of f (CPU time is steadier on a machine shared with other work). */
function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}

function child(): void {
  const contents = FILES.map((f) => readFileSync(f, 'utf8'));
  const yaml = timed(() => {
    for (const c of contents) parseAllDocuments(c);
  });
  const cold = timed(() => loadRules<TestEvent>(FILES, { registry: testRegistry, eventTypes: testEventTypes }));
  if (!cold.value.successful) throw new Error('upstream rules failed to load');
  const warm = timed(() => loadRules<TestEvent>(FILES, { registry: testRegistry, eventTypes: testEventTypes }));
  process.stdout.write(
    JSON.stringify({
      yamlMs: yaml.wall,
      yamlCpu: yaml.cpu,
      coldMs: cold.wall,
      coldCpu: cold.cpu,
      warmMs: warm.wall,
      warmCpu: warm.cpu,
      rules: cold.value.ruleset?.rules.length,
    }),
  );
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

if (process.argv.includes('--child')) {
  child();
} else {
  const runs = Number(process.argv[2] ?? 7);
  const bundle = join(mkdtempSync(join(tmpdir(), 'peregrine-bench-')), 'rules-bench.mjs');
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  type Load = {
    yamlMs: number;
    yamlCpu: number;
    coldMs: number;
    coldCpu: number;
    warmMs: number;
    warmCpu: number;
    rules: number;
  };
  const loads: Load[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [bundle, '--child'], { env: { ...process.env, PEREGRINE_ROOT: ROOT } });
    loads.push(JSON.parse(out.toString()));
  }
  const m = (k: keyof Load) => median(loads.map((l) => l[k])).toFixed(1);
  console.log(
    `load+compile, 3 upstream files (${loads[0].rules} rules), ${runs} fresh processes, medians (wall / CPU ms):`,
  );
  console.log(`  first load ${m('coldMs')} / ${m('coldCpu')}, second load ${m('warmMs')} / ${m('warmCpu')}`);
  console.log(`  baseline: YAML parse of the same files alone ${m('yamlMs')} / ${m('yamlCpu')}`);
  const ev = evalBench(runs);
  console.log(`evaluation, 20000 synthetic events, rule_matching all, ${runs} runs:`);
  console.log(
    `  indexed ruleset ${ev.indexedNs.toFixed(0)} ns/event (${ev.checksPerEvent.toFixed(1)} candidate rules/event, ${(ev.indexedNs / Math.max(ev.checksPerEvent, 1)).toFixed(0)} ns/condition)`,
  );
  console.log(
    `  baseline without the index ${ev.flatNs.toFixed(0)} ns/event (${(ev.flatNs / ev.indexedNs).toFixed(1)}x slower)`,
  );
}
