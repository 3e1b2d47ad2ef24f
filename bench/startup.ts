// Issue 15, items 2 and 4: start-up and whole-process replay, this checkout against a baseline build of another
// commit and against sysdig, every command run as a user runs it (bin/peregrine: the sh wrapper, the pinned
// Node, its flags and compile cache), interleaved round by round so that the machine's load hits all alike:
//
//   floor      node -e 0 (the pinned Node doing nothing: what no change of ours can go below)
//   version    peregrine --version                                                     target < 60 ms
//   validate   peregrine -V falco_rules.yaml -V falco-incubating… -V falco-sandbox…     target < 250 ms
//   replay1    peregrine -r ONE_RULE -e CAP50       vs  sysdig -r CAP50 "FILTER"         target ≥ 1.0× sysdig
//   replay3    peregrine -r the three upstream files -e CAP50                          target ≥ 2 M events/s
//   builds     peregrine -r the three upstream files -e BUILDS   (only when asked: --only=builds; BUILDS is
//              bench/results/builds.scap, 8 make -j2 builds recorded by bench/record-builds.ts, or --builds=FILE)
//
// CAP50 is sysdig-inspect's 502Error.scap written 50 times back to back (50 sections, 1,119,050 events), the
// rule `evt.type in (open,openat) and fd.name startswith /etc`, as issue 15 measures them. Wall and CPU
// (user + system of every thread and child) come from bash's `time` (millisecond resolution); the table gives
// the median and the minimum of each. The script fails unless both builds print byte-identical alerts and the
// one-rule replay finds as many events as sysdig prints.
//
//   node_modules/node/bin/node bench/startup.ts [RUNS] [--base=REF] [--only=floor,version,validate,dryrun,replay1,replay3]
//   node_modules/node/bin/node bench/startup.ts [RUNS] --snapshot [--snapshot-build='ARGS'] [--only=…]
//
// REF defaults to main. The baseline is bundled from `git archive REF` in a temporary directory with its own
// scripts/build.ts and run through its own bin/peregrine. With --snapshot the two builds are this checkout's
// bin/peregrine and the V8 startup snapshot prototype of the same checkout (bench/snapshot/, built first), and the
// table gives each command's peak RSS too (/usr/bin/time's maximum resident set, median). The snapshot is built
// with bench/snapshot/build.ts ARGS, by default --warm=the three upstream files.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = join(ROOT, '../shared');
const NODE = join(ROOT, 'node_modules/node/bin/node');
const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 11);
const BASE = arg('base') ?? 'main';
const ONLY = arg('only')?.split(',');
const part = (p: string): boolean => ONLY === undefined || ONLY.includes(p);
const SNAPSHOT = process.argv.includes('--snapshot');

const FILTER = 'evt.type in (open,openat) and fd.name startswith /etc';
const UPSTREAM = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
  join(SHARED, 'upstream/falco-rules', f),
);
const SOURCE_CAPTURE = join(SHARED, 'upstream/scap/sysdig-inspect/502Error.scap');
const COPIES = 50;

const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-startup-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

interface Sample {
  readonly wall: number;
  readonly cpu: number;
  readonly stdout: string;
  readonly code: number;
  /** Peak resident set, KiB (--snapshot only, else 0). */
  readonly rss: number;
}

/** Runs `cmd args` under bash's `time`: wall and CPU milliseconds, its stdout, its exit code. */
function timed(cmd: string, args: readonly string[]): Promise<Sample> {
  const out = join(dir, 'out');
  const err = join(dir, 'err');
  const rss = join(dir, 'rss');
  // With --snapshot the command runs under /usr/bin/time for its peak RSS: one more exec, in every command alike.
  const run = SNAPSHOT ? `/usr/bin/time -f %M -o '${rss}' "$@"` : '"$@"';
  const script = `TIMEFORMAT='@@ %3R %3U %3S'; { time ${run} >'${out}' 2>'${err}'; } 2>&1`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script, 'bash', cmd, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      text += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /@@ (\d+\.\d+) (\d+\.\d+) (\d+\.\d+)/.exec(text);
      if (m === null) {
        reject(new Error(`${cmd} ${args.join(' ')}: no timing (${text}) ${readFileSync(err, 'utf8').slice(-400)}`));
        return;
      }
      resolve({
        wall: Number(m[1]) * 1000,
        cpu: (Number(m[2]) + Number(m[3])) * 1000,
        stdout: readFileSync(out, 'utf8'),
        code: code ?? -1,
        rss: SNAPSHOT ? Number(readFileSync(rss, 'utf8').trim().split('\n').pop()) : 0,
      });
    });
  });
}

/** The capture: the source capture written COPIES times back to back. */
async function buildCapture(): Promise<string> {
  const path = join(dir, 'cap50.scap');
  const file = createWriteStream(path);
  const bytes = readFileSync(SOURCE_CAPTURE);
  for (let i = 0; i < COPIES; i++)
    if (!file.write(bytes)) await new Promise<void>((r) => file.once('drain', () => r()));
  await new Promise<void>((r) => file.end(() => r()));
  return path;
}

/** Bundles `ref` in a temporary checkout (its own build script); returns its bin/peregrine. */
function baseline(ref: string): string {
  const root = join(dir, 'base');
  mkdirSync(root);
  execFileSync('sh', ['-c', `git -C '${ROOT}' archive '${ref}' | tar -x -C '${root}'`]);
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  execFileSync(NODE, [join(root, 'scripts/build.ts')], { cwd: root, stdio: 'inherit' });
  return join(root, 'bin/peregrine');
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const mine = join(ROOT, 'bin/peregrine');
  execFileSync(NODE, [join(ROOT, 'scripts/build.ts')], { cwd: ROOT, stdio: 'inherit' });
  const snapshotArgs = arg('snapshot-build')?.split(' ') ?? [`--warm=${UPSTREAM.join(',')}`];
  if (SNAPSHOT)
    execFileSync(NODE, [join(ROOT, 'bench/snapshot/build.ts'), ...snapshotArgs], { cwd: ROOT, stdio: 'inherit' });
  const base = SNAPSHOT ? join(ROOT, 'bench/snapshot/peregrine') : baseline(BASE);
  const cap = await buildCapture();
  const rule = join(dir, 'one-rule.yaml');
  writeFileSync(
    rule,
    `- rule: Open below /etc\n  desc: a process opens a file below /etc\n  condition: ${FILTER}\n` +
      '  output: open of %fd.name by %proc.name\n  priority: WARNING\n',
  );
  const validate = UPSTREAM.flatMap((f) => ['-V', f]);
  const upstream = UPSTREAM.flatMap((f) => ['-r', f]);
  const builds: Record<string, string> = SNAPSHOT
    ? { 'bin/peregrine': mine, snapshot: base }
    : { baseline: base, 'this checkout': mine };

  // Each case: its commands, side by side; `compare` says which must print the same stdout.
  interface Case {
    readonly name: string;
    readonly what: string;
    readonly commands: Record<string, [string, string[]]>;
  }
  const cases: Case[] = [];
  const both = (args: string[]): Record<string, [string, string[]]> =>
    Object.fromEntries(Object.entries(builds).map(([n, bin]) => [n, [bin, args]]));
  if (part('floor')) cases.push({ name: 'floor', what: '`node -e 0`', commands: { node: [NODE, ['-e', '0']] } });
  if (part('version')) cases.push({ name: 'version', what: '`peregrine --version`', commands: both(['--version']) });
  if (part('validate'))
    cases.push({ name: 'validate', what: '`peregrine -V` the three upstream files', commands: both(validate) });
  if (part('dryrun'))
    cases.push({
      name: 'dryrun',
      what: '`peregrine --dry-run -r` one rule',
      commands: both(['--dry-run', '-r', rule]),
    });
  if (part('replay1'))
    cases.push({
      name: 'replay1',
      what: `replay of CAP50, one rule (\`${FILTER}\`)`,
      commands: { sysdig: ['sysdig', ['-r', cap, FILTER]], ...both(['-r', rule, '-e', cap]) },
    });
  if (part('replay3'))
    cases.push({
      name: 'replay3',
      what: 'replay of CAP50, the three upstream files',
      commands: both([...upstream, '-e', cap]),
    });
  if (ONLY?.includes('builds'))
    cases.push({
      name: 'builds',
      what: 'replay of 8 recorded make -j2 builds (bench/record-builds.ts), the three upstream files',
      commands: both([...upstream, '-e', arg('builds') ?? join(ROOT, 'bench/results/builds.scap')]),
    });

  const load0 = loadavg();
  // One run of everything first: builds nothing any more, fills the compile caches and the page cache.
  for (const c of cases) for (const [cmd, args] of Object.values(c.commands)) await timed(cmd, args);
  const samples = new Map<string, Sample[]>();
  const key = (c: Case, n: string) => `${c.name}/${n}`;
  for (let r = 0; r < RUNS; r++) {
    for (const c of cases) {
      const names = Object.keys(c.commands);
      for (const n of r % 2 === 0 ? names : names.reverse()) {
        const [cmd, args] = c.commands[n];
        const s = await timed(cmd, args);
        if (s.code !== 0 && c.name !== 'floor') throw new Error(`${n}: ${cmd} ${args.join(' ')} exited ${s.code}`);
        samples.set(key(c, n), [...(samples.get(key(c, n)) ?? []), s]);
      }
    }
  }
  const load1 = loadavg();

  // Correctness before numbers: identical alerts from both builds, and sysdig's count for the one rule.
  let events = 0;
  for (const c of cases) {
    if (c.name === 'floor') continue;
    const outs = Object.keys(builds).map((n) => samples.get(key(c, n))?.[0].stdout ?? '');
    if (outs[0] !== outs[1]) throw new Error(`${c.name}: the two builds print different output`);
    if (c.name.startsWith('replay')) events = Number(/^Events read: (\d+)$/m.exec(outs[1])?.[1]);
    if (c.name === 'replay1') {
      const detected = Number(/^Events detected: (\d+)$/m.exec(outs[1])?.[1]);
      const sysdigLines = (samples.get(key(c, 'sysdig'))?.[0].stdout ?? '').split('\n').filter((l) => l !== '');
      if (detected !== sysdigLines.length)
        throw new Error(`replay1: peregrine found ${detected} events, sysdig printed ${sysdigLines.length}`);
    }
  }

  const node = execFileSync(NODE, ['--version']).toString().trim();
  if (SNAPSHOT) console.log(`snapshot: bench/snapshot/build.ts ${snapshotArgs.join(' ')}`);
  console.log(
    `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${node}; baseline ${BASE} ` +
      `(${SNAPSHOT ? 'none: --snapshot' : execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', BASE]).toString().trim()}), this checkout ` +
      `${execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']).toString().trim()}; ${RUNS} interleaved ` +
      `runs; load average ${load0[0].toFixed(1)} before, ${load1[0].toFixed(1)} after; CAP50: ${events} events`,
  );
  const rssHead = SNAPSHOT ? ' peak RSS MiB, median |' : '';
  console.log(
    `\n| case | command | wall ms, median (min) | CPU ms, median (min) | events/s (wall, median) |${rssHead}`,
  );
  console.log(`|---|---|---|---|---|${SNAPSHOT ? '---|' : ''}`);
  for (const c of cases) {
    for (const n of Object.keys(c.commands)) {
      const s = samples.get(key(c, n)) ?? [];
      const wall = s.map((x) => x.wall);
      const cpu = s.map((x) => x.cpu);
      const rate = c.name.startsWith('replay') ? Math.round((events / median(wall)) * 1000).toLocaleString('en') : '';
      console.log(
        `| ${c.what} | ${n} | ${median(wall).toFixed(0)} (${Math.min(...wall).toFixed(0)}) | ` +
          `${median(cpu).toFixed(0)} (${Math.min(...cpu).toFixed(0)}) | ${rate} |` +
          (SNAPSHOT ? ` ${(median(s.map((x) => x.rss)) / 1024).toFixed(1)} |` : ''),
      );
    }
  }
}

await main();
