// Live detection on this host, side by side with baselines in the same script, several runs, medians:
//
//   (a) the highest event rate the whole pipeline (sensor → loader → pipe → decode → state → three upstream rule
//       files) sustains with zero drops, for an open/close storm and an exec storm (paced generators);
//   (b) the slowdown a workload sees while Peregrine runs, against the same workload without it: a syscall storm
//       the rules do not need (dd bs=1: read/write) and an open/close storm they do need; also with the sensor
//       alone (loader writing to /dev/null) to separate the kernel side from user space;
//   (c) the slowdown of a build (a generated C project, make -j2);
//   (d) peak RSS of peregrine (Node) and of the loader with the three rule files loaded.
//
//   node_modules/.bin/node bench/live.ts [runs] [--write] [--only=a,b,c]     (root; the sensor built)
//
// --write rewrites the "Live detection" section of docs/performance.md with the results.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeCProject } from './c-project.ts';
import { loaderPid, median, statusKb } from './proc-stats.ts';

const run = promisify(execFile);
const RUNS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
const WRITE = process.argv.includes('--write');
/** `--only=a,b`: only these parts (then no --write: the section would be partial). */
const ONLY = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const part = (p: string) => ONLY === undefined || ONLY.includes(p);
/** (a): the engine keeps up while no more than this waits for it in the loader. */
const KEEP_UP_BYTES = 8 << 20;
const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/peregrine');
const SENSOR = join(ROOT, 'sensor/build/peregrine-sensor');
const RULES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
  join(ROOT, '../shared/upstream/falco-rules', f),
);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-live-'));
const now = (): number => Number(process.hrtime.bigint()) / 1e9;

/** Something running beside the workload: Peregrine, the sensor alone, or nothing. */
interface Monitor {
  readonly name: string;
  start(): Promise<Running | undefined>;
}
interface Running {
  readonly pid: number;
  /** Stops it; resolves with kernel events and drops (from -v), and its peak RSS in KiB. */
  stop(): Promise<{ events: number; drops: number; rssKb: number; loaderRssKb: number; backlog: number }>;
}

function waitFor(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const s = child[stream];
    s?.setEncoding('utf8');
    s?.on('data', (d: string) => {
      text += d;
      if (pattern.test(text)) resolve(text);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before ${pattern}: ${text}`)));
  });
}

const NONE: Monitor = { name: 'baseline', start: async () => undefined };

const PEREGRINE: Monitor = {
  name: 'peregrine (3 rule files)',
  async start() {
    const args = RULES.flatMap((r) => ['-r', r]);
    // debug: the loader's backlog (events waiting for the engine) once a second
    const child = spawn(BIN, [...args, '-o', 'webserver.enabled=false', '-o', 'log_level=debug', '-v'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    const err = waitFor(child, 'stderr', /Capturing \d+ syscalls/);
    await err;
    let stderr = '';
    child.stderr?.on('data', (d: string) => {
      stderr += d;
    });
    const pid = child.pid as number;
    return {
      pid,
      async stop() {
        const rssKb = statusKb(pid, 'VmHWM');
        const lp = loaderPid(pid);
        const loaderRssKb = lp ? statusKb(lp, 'VmHWM') : 0;
        // the most the engine was behind while the workload ran (before the stop request)
        const backlog = Math.max(
          0,
          ...[...stderr.matchAll(/sensor: (\d+) bytes wait for the engine/g)].map((m) => Number(m[1])),
        );
        child.kill('SIGINT');
        await new Promise((r) => child.once('exit', r));
        const events = Number(/Driver Events:(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
        const drops = Number(/Driver Drops:(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
        void out;
        return { events, drops, rssKb, loaderRssKb, backlog };
      },
    };
  },
};

const SENSOR_ONLY: Monitor = {
  name: 'sensor alone (loader → /dev/null)',
  async start() {
    const child = spawn(SENSOR, ['--output', '/dev/null', '--stats-fd', '1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    await waitFor(child, 'stdout', /"type":"ready"/);
    let stats = '';
    child.stdout?.on('data', (d: string) => {
      stats += d;
    });
    const pid = child.pid as number;
    return {
      pid,
      async stop() {
        const rssKb = statusKb(pid, 'VmHWM');
        child.kill('SIGINT');
        await new Promise((r) => child.once('exit', r));
        const last = stats
          .trim()
          .split('\n')
          .filter((l) => l.includes('"stats"'))
          .at(-1);
        const s = last ? (JSON.parse(last) as { cpus: Record<string, number>[] }) : { cpus: [] };
        const sum = (k: string) => s.cpus.reduce((a, c) => a + c[k], 0);
        return { events: sum('events'), drops: sum('drops_ring_full'), rssKb, loaderRssKb: rssKb, backlog: 0 };
      },
    };
  },
};

/** Wall seconds of `cmd`. */
async function timed(cmd: string, args: string[], cwd?: string): Promise<number> {
  const t = now();
  await run(cmd, args, { cwd, maxBuffer: 16 << 20 });
  return now() - t;
}

/** Runs `work` beside each monitor, alternating, RUNS times; medians of wall time. */
async function sideBySide(monitors: Monitor[], work: () => Promise<number>): Promise<Map<string, number[]>> {
  const times = new Map<string, number[]>(monitors.map((m) => [m.name, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const m of r % 2 === 0 ? monitors : [...monitors].reverse()) {
      const h = await m.start();
      const t = await work();
      await h?.stop();
      times.get(m.name)?.push(t);
    }
  }
  return times;
}

async function main(): Promise<void> {
  const storm = join(dir, 'storm');
  await run('cc', ['-O2', '-o', storm, join(ROOT, 'bench/storm.c')]);
  const lines: string[] = [];
  const say = (s: string) => {
    lines.push(s);
    process.stdout.write(`${s}\n`);
  };
  const load = loadavg()[0].toFixed(1);

  const ratio = (t: Map<string, number[]>, m: Monitor) => median(t.get(m.name) ?? []) / median(t.get(NONE.name) ?? []);
  if (part('b')) {
    // (b) overhead on syscall storms
    say('### (b) Slowdown of a workload while Peregrine runs');
    say('');
    say('| workload | baseline | sensor alone | peregrine | slowdown (peregrine) | target |');
    say('|---|---|---|---|---|---|');
    const monitors = [NONE, SENSOR_ONLY, PEREGRINE];
    const dd = await sideBySide(monitors, () =>
      timed('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=3000000', 'status=none']),
    );
    const row = (label: string, t: Map<string, number[]>, target: string) =>
      say(
        `| ${label} | ${median(t.get(NONE.name) ?? []).toFixed(2)} s | ${median(t.get(SENSOR_ONLY.name) ?? []).toFixed(2)} s (${ratio(t, SENSOR_ONLY).toFixed(2)}×) | ${median(t.get(PEREGRINE.name) ?? []).toFixed(2)} s | **${ratio(t, PEREGRINE).toFixed(2)}×** | ${target} |`,
      );
    row('`dd if=/dev/zero of=/dev/null bs=1 count=3000000` (read/write: not needed by the rules)', dd, '≤ 1.15×');
    const opens = await sideBySide(monitors, () => timed(storm, ['open', '500000']));
    row('open/close storm, 500,000 pairs (`bench/storm.c open`; needed by the rules)', opens, '≤ 1.6×');
  }
  if (part('c')) {
    // (c) a build
    const N = 120;
    const proj = writeCProject(join(dir, 'proj'), N, true);
    const build = await sideBySide([NONE, PEREGRINE], async () => {
      await run('make', ['-s', 'clean'], { cwd: proj });
      return timed('make', ['-s', '-j2'], proj);
    });
    say('');
    say('### (c) Slowdown of a build');
    say('');
    say('| workload | baseline | peregrine | slowdown | target |');
    say('|---|---|---|---|---|');
    say(
      `| make -j2 of a generated C project (${N + 1} files, gcc -O1) | ${median(build.get(NONE.name) ?? []).toFixed(2)} s | ${median(build.get(PEREGRINE.name) ?? []).toFixed(2)} s | **${((ratio(build, PEREGRINE) - 1) * 100).toFixed(1)}%** | ≤ 5% |`,
    );
  }
  if (part('a')) {
    // (a) sustained rate with zero drops, and (d) peak RSS
    say('');
    say('### (a) Highest sustained event rate with zero drops (three upstream rule files)');
    say('');
    say(
      `Each storm runs 4 s, paced. Sustained: no drop, and the engine keeps up (the events waiting for it in the loader stay under ${KEEP_UP_BYTES >> 20} MiB; beyond that the loader buffers a burst, up to 256 MiB, but the engine falls behind).`,
    );
    say('');
    say(
      '| storm | offered rate (events/s) | drops (median of runs) | events seen (median) | engine behind by (median, at the end) | peregrine peak RSS | loader peak RSS |',
    );
    say('|---|---|---|---|---|---|---|');
    let peakRss = 0;
    let loaderRss = 0;
    const best = new Map<string, number>();
    const plans: [string, number, number[]][] = [
      // open/close: 2 events per pair; exec: ~12 events per fork+exec+exit of /bin/true
      ['open', 2, [100_000, 200_000, 300_000, 400_000, 600_000, 800_000]],
      ['exec', 12, [2_400, 4_800, 0]],
    ];
    for (const [kind, perOp, rates] of plans) {
      for (const rate of rates) {
        const seconds = 4;
        const ops = rate === 0 ? 2000 : Math.round((rate / perOp) * seconds);
        const drops: number[] = [];
        const events: number[] = [];
        const behind: number[] = [];
        let rowRss = 0;
        let rowLoaderRss = 0;
        let offered = rate;
        for (let r = 0; r < Math.max(3, Math.ceil(RUNS / 2)); r++) {
          const h = await PEREGRINE.start();
          const { stdout } = await run(storm, [kind, String(ops), String(rate === 0 ? 0 : rate / perOp)]);
          const got = JSON.parse(stdout) as { rate: number };
          if (rate === 0) offered = Math.round(got.rate * perOp);
          const res = await h?.stop();
          drops.push(res?.drops ?? Number.NaN);
          events.push(res?.events ?? Number.NaN);
          behind.push(res?.backlog ?? Number.NaN);
          rowRss = Math.max(rowRss, res?.rssKb ?? 0);
          rowLoaderRss = Math.max(rowLoaderRss, res?.loaderRssKb ?? 0);
        }
        peakRss = Math.max(peakRss, rowRss);
        loaderRss = Math.max(loaderRss, rowLoaderRss);
        const d = median(drops);
        const b = median(behind);
        if (d === 0 && b <= KEEP_UP_BYTES) best.set(kind, Math.max(best.get(kind) ?? 0, offered));
        say(
          `| ${kind} | ${rate === 0 ? `flat out (${offered.toLocaleString('en')})` : rate.toLocaleString('en')} | ${d.toLocaleString('en')} | ${median(events).toLocaleString('en')} | ${(b / 1048576).toFixed(1)} MiB | ${(rowRss / 1024).toFixed(0)} MiB | ${(rowLoaderRss / 1024).toFixed(0)} MiB |`,
        );
      }
    }
    say('');
    for (const [kind, r] of best)
      say(`- ${kind} storm: highest offered rate sustained with zero drops **${r.toLocaleString('en')} events/s**`);
    say(
      `- (d) peak RSS with the three rule files: peregrine **${(peakRss / 1024).toFixed(0)} MiB**, loader ${(loaderRss / 1024).toFixed(0)} MiB (target ≤ 150 MB)`,
    );
  }
  const header = `Measured ${new Date().toISOString().slice(0, 10)} on the ${cpus().length}-core development VM, kernel ${(await run('uname', ['-r'])).stdout.trim()}, Node ${process.version}, load average ${load} at the start (shared with other helpers: expect noise), ${RUNS} runs, medians. Command: \`node_modules/.bin/node bench/live.ts ${RUNS} --write\`.`;
  if (WRITE && ONLY === undefined) {
    const doc = join(ROOT, 'docs/performance.md');
    const text = readFileSync(doc, 'utf8');
    const section = `<!-- live:begin -->\n## Live detection\n\n${header}\n\n${lines.join('\n')}\n<!-- live:end -->`;
    const re = /<!-- live:begin -->[\s\S]*<!-- live:end -->/;
    writeFileSync(doc, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`);
  }
}

main()
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
