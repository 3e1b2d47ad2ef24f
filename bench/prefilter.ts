// The kernel prefilter's effect (issue 15's storm table): each workload runs without Peregrine, with Peregrine and
// the prefilter off (-o engine.modern_ebpf.prefilter=false) and with it on (the default), side by side in one
// script run, alternating the order, RUNS times; medians, and each ratio against the median without Peregrine.
// Peregrine runs live with Falco's three upstream rules files.
//
//   node_modules/.bin/node bench/prefilter.ts [runs] [--write] [--only=dd,stdio,hostname,make] [--no-settle]
//                                                                                       (root; sensor built)
//
// Each workload starts once Peregrine has settled: no CPU used for 2 s in a row (bench/proc-stats.ts settled), which
// takes ~15 s after its start; --no-settle starts it at readiness, as runs before 2026-12-04 did. Then the workload
// runs once unmeasured and once measured, with every configuration alike: a detector that has run for a while has
// compiled and optimised its event handlers (single-threaded, V8 does that on the main thread), and Peregrine's CPU
// during the first make -j2 after its start is about twice the steady state's (0.20 s, then 0.13, 0.08, 0.10).
// --cold measures the first run, as runs before 2026-12-04 did.
//
// --write puts the table into docs/performance.md between <!-- prefilter:begin --> and <!-- prefilter:end -->.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeCProject } from './c-project.ts';
import { cpuSeconds, loaderPid, median, settled, statusKb } from './proc-stats.ts';

const run = promisify(execFile);
const RUNS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
const WRITE = process.argv.includes('--write');
/** Measure from Peregrine's readiness, as before 2026-12-04, instead of once it has settled (proc-stats.ts). */
const NO_SETTLE = process.argv.includes('--no-settle');
/** Measure the workload's first run under a fresh Peregrine instead of its second (see the header). */
const COLD = process.argv.includes('--cold');
const ONLY = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/peregrine');
const RULES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
  join(ROOT, '../shared/upstream/falco-rules', f),
);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-prefilter-'));
const now = (): number => Number(process.hrtime.bigint()) / 1e9;

interface Outcome {
  /** Events the sensor sent, lost, and dropped on purpose (prefilter). */
  readonly events: number;
  readonly drops: number;
  readonly prefiltered: number;
  /** Peak RSS of peregrine and of its loader, KiB. */
  readonly rssKb: number;
  readonly loaderRssKb: number;
  /** CPU seconds peregrine and its loader spent while the workload ran (user + system). */
  readonly cpuSeconds: number;
}

interface Monitor {
  readonly name: string;
  /** `mark()` restarts the CPU count (after the unmeasured run); the events counted are the whole run's. */
  start(): Promise<{ mark(): void; stop(): Promise<Outcome> } | undefined>;
}

function peregrine(name: string, extra: string[]): Monitor {
  return {
    name,
    async start() {
      const child: ChildProcess = spawn(
        BIN,
        [
          ...RULES.flatMap((r) => ['-r', r]),
          ...['-o', 'webserver.enabled=false', '-o', 'log_level=debug', '-v'],
          // the store stays on, as live detection has it by default, but in this run's directory
          ...['-o', `alert_store.path=${join(dir, 'alerts.db')}`],
          ...extra,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        child.stderr?.setEncoding('utf8').on('data', (d: string) => {
          stderr += d;
          if (/Capturing \d+ syscalls/.test(stderr)) resolve();
        });
        child.once('exit', (code) => reject(new Error(`peregrine exited ${code}: ${stderr}`)));
      });
      const pid = child.pid as number;
      const lp = loaderPid(pid);
      if (!NO_SETTLE) await settled([pid, lp]);
      let cpuAtStart = cpuSeconds(pid) + cpuSeconds(lp);
      return {
        mark() {
          cpuAtStart = cpuSeconds(pid) + cpuSeconds(lp);
        },
        async stop() {
          const cpu = cpuSeconds(pid) + cpuSeconds(lp) - cpuAtStart;
          const rssKb = statusKb(pid, 'VmHWM');
          const loaderRssKb = lp === undefined ? 0 : statusKb(lp, 'VmHWM');
          child.kill('SIGINT');
          await new Promise((r) => child.once('exit', r));
          const counters = /sensor: final counters (\{.*\})/.exec(stderr)?.[1];
          const cpus = counters === undefined ? [] : (JSON.parse(counters) as { cpus: Record<string, number>[] }).cpus;
          const sum = (k: string) => cpus.reduce((a, c) => a + (c[k] ?? 0), 0);
          return {
            events: sum('events'),
            drops: sum('drops_ring_full') + sum('drops_no_ring') + sum('drops_no_scratch') + sum('drops_too_big'),
            prefiltered: sum('prefilter_dropped'),
            rssKb,
            loaderRssKb,
            cpuSeconds: cpu,
          };
        },
      };
    },
  };
}

const NONE: Monitor = { name: 'without Peregrine', start: async () => undefined };
const OFF = peregrine('prefilter off', ['-o', 'engine.modern_ebpf.prefilter=false']);
const ON = peregrine('prefilter on', []);
const MONITORS = [NONE, OFF, ON];

/** A workload's wall time, and the CPU time (user + system) it and its children used: bash's `time`. */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

async function timed(cmd: string, args: string[], cwd?: string): Promise<Timing> {
  const t = now();
  const { stderr } = await run('bash', ['-c', 'TIMEFORMAT="%R %U %S"; time "$@" >/dev/null', '_', cmd, ...args], {
    cwd,
    maxBuffer: 16 << 20,
  });
  const wall = now() - t;
  const [, user, sys] = (stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { wall, cpu: user + sys };
}

interface Result {
  readonly times: Map<string, Timing[]>;
  readonly outcomes: Map<string, Outcome[]>;
}

async function sideBySide(work: () => Promise<Timing>, before?: () => Promise<unknown>): Promise<Result> {
  const times = new Map<string, Timing[]>(MONITORS.map((m) => [m.name, []]));
  const outcomes = new Map<string, Outcome[]>(MONITORS.map((m) => [m.name, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const m of r % 2 === 0 ? MONITORS : [...MONITORS].reverse()) {
      const h = await m.start();
      if (!COLD) {
        await before?.();
        await work(); // unmeasured: a detector that has run a while has its event handlers compiled and optimised
        h?.mark();
      }
      await before?.();
      times.get(m.name)?.push(await work());
      const o = await h?.stop();
      if (o !== undefined) outcomes.get(m.name)?.push(o);
    }
  }
  return { times, outcomes };
}

async function main(): Promise<void> {
  const storm = join(dir, 'storm');
  await run('cc', ['-O2', '-o', storm, join(ROOT, 'bench/storm.c')]);
  const load = loadavg()[0].toFixed(1);
  const rows: string[] = [];
  const say = (s: string) => {
    rows.push(s);
    process.stdout.write(`${s}\n`);
  };
  say(
    `| workload | without Peregrine | prefilter off | prefilter on | workload CPU: off, on | Peregrine CPU: off → on | events dropped by the prefilter${COLD ? '' : ' (both runs)'} | lost |`,
  );
  say('|---|---|---|---|---|---|---|---|');
  const row = (label: string, r: Result) => {
    const of = (m: Monitor, k: 'wall' | 'cpu') => median((r.times.get(m.name) ?? []).map((t) => t[k]));
    const cell = (m: Monitor) => {
      const t = of(m, 'wall');
      return m === NONE ? `${t.toFixed(2)} s` : `${t.toFixed(2)} s (**${(t / of(NONE, 'wall')).toFixed(2)}×**)`;
    };
    const cpuRatio = (m: Monitor) => `${(of(m, 'cpu') / of(NONE, 'cpu')).toFixed(2)}×`;
    const on = r.outcomes.get(ON.name) ?? [];
    const off = r.outcomes.get(OFF.name) ?? [];
    const lost = [...off, ...on].map((o) => o.drops);
    const cpu = (os: Outcome[]) => median(os.map((o) => o.cpuSeconds)).toFixed(2);
    say(
      `| ${label} | ${cell(NONE)} | ${cell(OFF)} | ${cell(ON)} | ${cpuRatio(OFF)}, ${cpuRatio(ON)} | ${cpu(off)} s → ${cpu(on)} s | ${median(on.map((o) => o.prefiltered)).toLocaleString('en')} | ${median(lost)} |`,
    );
  };
  const want = (k: string) => ONLY === undefined || ONLY.includes(k);
  const rss: Outcome[] = [];
  const collect = (r: Result) => {
    for (const os of r.outcomes.values()) rss.push(...os);
  };
  if (want('dd')) {
    const r = await sideBySide(() =>
      timed('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=2000000', 'status=none']),
    );
    row('`dd if=/dev/zero of=/dev/null bs=1 count=2000000` (syscalls no rule needs)', r);
    collect(r);
  }
  if (want('stdio')) {
    const r = await sideBySide(() => timed(storm, ['open', '400000', '0', '/usr/include/stdio.h']));
    row('400,000 open/close of `/usr/include/stdio.h` (`bench/storm.c`)', r);
    collect(r);
  }
  if (want('hostname')) {
    const r = await sideBySide(() => timed(storm, ['open', '400000', '0', '/etc/hostname']));
    row('400,000 open/close of `/etc/hostname`', r);
    collect(r);
  }
  if (want('make')) {
    const proj = writeCProject(join(dir, 'proj'), 120);
    const r = await sideBySide(
      () => timed('make', ['-s', '-j2'], proj),
      () => run('make', ['-s', 'clean'], { cwd: proj }),
    );
    row('`make -j2` of a generated 120-file C project (gcc -O1)', r);
    collect(r);
  }
  const peak = (k: 'rssKb' | 'loaderRssKb') => Math.max(0, ...rss.map((o) => o[k])) / 1024;
  const text = [
    `Measured ${new Date().toISOString().slice(0, 10)} on the ${cpus().length}-core development VM (shared with other sessions: load average ${load} at the start), kernel ${(await run('uname', ['-r'])).stdout.trim()}, Node ${process.version}; Peregrine live with Falco's three upstream rules files; ${RUNS} runs of each, the three side by side in alternating order, medians; ratios against the median without Peregrine. Wall times suffer from whatever else runs; "workload CPU" (its user + system time, bash \`time\`: the kernel programs run in its system time) and "Peregrine CPU" (peregrine and its loader, /proc/PID/stat, while the workload ran) suffer much less. ${NO_SETTLE ? 'Each workload started as soon as Peregrine was ready' : 'Each workload started once Peregrine had used no CPU for 2 s in a row (~15 s after its start)'}; ${COLD ? 'the first run of the workload under each fresh Peregrine was measured' : 'it ran once unmeasured, then once measured, under each fresh Peregrine (and without it alike)'}. Command: \`node_modules/.bin/node bench/prefilter.ts ${RUNS}${WRITE ? ' --write' : ''}${NO_SETTLE ? ' --no-settle' : ''}${COLD ? ' --cold' : ''}\`.`,
    '',
    ...rows,
    '',
    `Peak RSS during these runs: peregrine ${peak('rssKb').toFixed(0)} MiB, its loader ${peak('loaderRssKb').toFixed(0)} MiB.`,
  ].join('\n');
  if (WRITE && ONLY === undefined) {
    const doc = join(ROOT, 'docs/performance.md');
    const current = readFileSync(doc, 'utf8');
    const re = /<!-- prefilter:begin -->[\s\S]*<!-- prefilter:end -->/;
    const section = `<!-- prefilter:begin -->\n${text}\n<!-- prefilter:end -->`;
    writeFileSync(doc, re.test(current) ? current.replace(re, section) : `${current.trimEnd()}\n\n${section}\n`);
  }
}

main()
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
