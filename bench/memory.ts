// Peak RSS of Peregrine and its sensor loader during the storms (issue 15, item 3: at most 100 MiB together), this
// checkout against a baseline, side by side in one script run, alternating the order, RUNS times.
//
//   node_modules/.bin/node bench/memory.ts [runs] [--base=REF] [--ring-preset=N,N] [--write]   (root; sensor built)
//
// Each configuration starts Peregrine live with Falco's three upstream rule files and the prefilter on (the default)
// and runs the storms one after the other: 400,000 open/close of /etc/hostname and of /usr/include/stdio.h
// (bench/storm.c), 1,000,000 one-byte dd reads, 1,000 fork+execve, then stops it. Both processes' VmRSS
// (/proc/PID/status) is sampled every 20 ms; the table gives VmHWM of each at the end (the kernel's own peak),
// the highest sampled sum of the two at one instant, the CPU seconds both used, and the loader's drop counters
// (ring full, no ring, no scratch, too big): a smaller ring must not buy its RSS with drops.
//
// The baseline is REF's (default: main) bin/peregrine flags on this checkout's bundle, and REF's loader built in a
// temporary directory (`git archive REF sensor`), so that only the flags and the loader differ.
// --ring-preset adds a row per engine.modern_ebpf.buf_size_preset (this checkout).
// --write puts the table into docs/performance.md between <!-- memory:begin --> and <!-- memory:end -->.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cpuSeconds, loaderPid, median, statusKb } from './proc-stats.ts';

const run = promisify(execFile);
const RUNS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
const WRITE = process.argv.includes('--write');
const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const BASE = arg('base') ?? 'main';
const PRESETS = (arg('ring-preset') ?? '').split(',').filter((p) => p !== '');
const ROOT = new URL('..', import.meta.url).pathname;
const NODE = join(ROOT, 'node_modules/node/bin/node');
const BUNDLE = join(ROOT, 'dist/peregrine.mjs');
const RULES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
  join(ROOT, '../shared/upstream/falco-rules', f),
);
const SAMPLE_MS = 20;
const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-memory-'));
const mib = (kb: number): string => (kb / 1024).toFixed(1);

interface Config {
  readonly name: string;
  /** The command that starts Peregrine (its arguments follow). */
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly extra: readonly string[];
}

interface Outcome {
  readonly peregrineHwmKb: number;
  readonly loaderHwmKb: number;
  /** The highest VmRSS(peregrine) + VmRSS(loader) sampled at one instant. */
  readonly sumPeakKb: number;
  readonly cpuSeconds: number;
  readonly events: number;
  readonly drops: number;
}

async function storms(storm: string): Promise<void> {
  await run(storm, ['open', '400000', '0', '/etc/hostname']);
  await run(storm, ['open', '400000', '0', '/usr/include/stdio.h']);
  await run('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=1000000', 'status=none']);
  await run(storm, ['exec', '1000']);
}

async function measure(c: Config, storm: string): Promise<Outcome> {
  const child = spawn(
    c.argv[0],
    [
      ...c.argv.slice(1),
      ...RULES.flatMap((r) => ['-r', r]),
      ...['-o', 'webserver.enabled=false', '-o', 'alert_store.enabled=false', '-o', 'log_level=debug', '-v'],
      ...c.extra,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...c.env } },
  );
  let stderr = '';
  const pid = child.pid as number;
  let lp: number | undefined;
  let sumPeakKb = 0;
  // Sampling starts with the process: the start-up peak (rules compiled) counts as much as the storms'.
  const sampler = setInterval(() => {
    lp ??= loaderPid(pid);
    sumPeakKb = Math.max(sumPeakKb, statusKb(pid, 'VmRSS') + (lp === undefined ? 0 : statusKb(lp, 'VmRSS')));
  }, SAMPLE_MS);
  await new Promise<void>((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (/Capturing \d+ syscalls/.test(stderr)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${c.name}: peregrine exited ${code}: ${stderr}`)));
  });
  lp ??= loaderPid(pid);
  const cpuAtStart = cpuSeconds(pid) + cpuSeconds(lp);
  await storms(storm);
  const cpu = cpuSeconds(pid) + cpuSeconds(lp) - cpuAtStart;
  clearInterval(sampler);
  const peregrineHwmKb = statusKb(pid, 'VmHWM');
  const loaderHwmKb = lp === undefined ? 0 : statusKb(lp, 'VmHWM');
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  const counters = /sensor: final counters (\{.*\})/.exec(stderr)?.[1];
  const perCpu = counters === undefined ? [] : (JSON.parse(counters) as { cpus: Record<string, number>[] }).cpus;
  const sum = (k: string) => perCpu.reduce((a, x) => a + (x[k] ?? 0), 0);
  return {
    peregrineHwmKb,
    loaderHwmKb,
    sumPeakKb,
    cpuSeconds: cpu,
    events: sum('events'),
    drops: sum('drops_ring_full') + sum('drops_no_ring') + sum('drops_no_scratch') + sum('drops_too_big'),
  };
}

/** REF's node flags, as its bin/peregrine passes them (the words between "$node" and "$bundle"). */
async function baseFlags(ref: string): Promise<string[]> {
  const { stdout } = await run('git', ['-C', ROOT, 'show', `${ref}:bin/peregrine`]);
  const line = stdout.split('\n').find((l) => l.startsWith('exec "$node"'));
  if (line === undefined) throw new Error(`${ref}:bin/peregrine has no exec "$node" line`);
  // Since 529bba6 the long-lived actions' flags are a variable, set before the exec: live detection gets its value.
  const memoryFlags = /^memory_flags="([^"]*)"/m.exec(stdout)?.[1] ?? '';
  return line
    .replace(/^exec "\$node"( "\$\{maps\[@\]\}")?/, '')
    .replace(/"\$bundle" "\$@"$/, '')
    .replace('$memory_flags', memoryFlags)
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
}

/** REF's loader, built from `git archive REF sensor` in the temporary directory. */
async function baseSensor(ref: string): Promise<string> {
  const tar = join(dir, 'sensor.tar');
  await run('git', ['-C', ROOT, 'archive', '-o', tar, ref, 'sensor']);
  await run('tar', ['-xf', tar, '-C', dir]);
  await run('make', ['-C', join(dir, 'sensor')], { maxBuffer: 16 << 20 });
  return join(dir, 'sensor/build/peregrine-sensor');
}

async function main(): Promise<void> {
  const storm = join(dir, 'storm');
  await run('cc', ['-O2', '-o', storm, join(ROOT, 'bench/storm.c')]);
  const flags = await baseFlags(BASE);
  const configs: Config[] = [
    {
      name: `baseline (${BASE}: node ${flags.join(' ')}, ${BASE}'s loader)`,
      argv: [NODE, ...flags, BUNDLE],
      env: { PEREGRINE_SENSOR: await baseSensor(BASE) },
      extra: [],
    },
    { name: 'this checkout (bin/peregrine)', argv: [join(ROOT, 'bin/peregrine')], env: {}, extra: [] },
    ...PRESETS.map((p) => ({
      name: `this checkout, buf_size_preset=${p}`,
      argv: [join(ROOT, 'bin/peregrine')],
      env: {},
      extra: ['-o', `engine.modern_ebpf.buf_size_preset=${p}`],
    })),
  ];
  const load = loadavg()[0].toFixed(1);
  const results = new Map<string, Outcome[]>(configs.map((c) => [c.name, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const c of r % 2 === 0 ? configs : [...configs].reverse()) {
      const o = await measure(c, storm);
      results.get(c.name)?.push(o);
      process.stderr.write(`${c.name}: ${JSON.stringify(o)}\n`);
    }
  }
  const rows = [
    '| configuration | peregrine VmHWM | loader VmHWM | sum of both | highest sampled sum | CPU s (both, storms) | events | lost |',
    '|---|---|---|---|---|---|---|---|',
    ...configs.map((c) => {
      const os = results.get(c.name) ?? [];
      const m = (f: (o: Outcome) => number) => median(os.map(f));
      const worst = (f: (o: Outcome) => number) => Math.max(...os.map(f));
      return `| ${c.name} | ${mib(m((o) => o.peregrineHwmKb))} MiB | ${mib(m((o) => o.loaderHwmKb))} MiB | ${mib(m((o) => o.peregrineHwmKb + o.loaderHwmKb))} MiB | **${mib(m((o) => o.sumPeakKb))} MiB** (worst ${mib(worst((o) => o.sumPeakKb))}) | ${m((o) => o.cpuSeconds).toFixed(2)} | ${m((o) => o.events).toLocaleString('en')} | ${worst((o) => o.drops)} |`;
    }),
  ];
  const text = [
    `Measured ${new Date().toISOString().slice(0, 10)} on the ${cpus().length}-core development VM (shared: load average ${load} at the start), kernel ${(await run('uname', ['-r'])).stdout.trim()}, Node ${process.version}; ${RUNS} runs of each configuration, alternating order; medians (MiB = 1,048,576 bytes), "lost" the worst run's ring-buffer drops. Command: \`node_modules/.bin/node bench/memory.ts ${process.argv.slice(2).join(' ')}\`.`,
    '',
    ...rows,
  ].join('\n');
  process.stdout.write(`${text}\n`);
  if (WRITE) {
    const doc = join(ROOT, 'docs/performance.md');
    const current = readFileSync(doc, 'utf8');
    const re = /<!-- memory:begin -->[\s\S]*<!-- memory:end -->/;
    const section = `<!-- memory:begin -->\n${text}\n<!-- memory:end -->`;
    writeFileSync(doc, re.test(current) ? current.replace(re, section) : `${current.trimEnd()}\n\n${section}\n`);
  }
}

main()
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
