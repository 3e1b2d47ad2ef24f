// What the sensor's kernel programs cost per call, with the prefilter off and on: the loader alone (writing to
// /dev/null) captures what Falco's three upstream rules files need, a storm runs, and the kernel's own BPF
// statistics (kernel.bpf_stats_enabled: run_cnt and run_time_ns per program) give the mean time of tp_openat and
// tp_close over the storm. Several runs, medians. The statistics switch is global: it is on only while a storm
// runs, and restored after.
//
//   node_modules/.bin/node bench/sensor-programs.ts [runs]      (root; the sensor built)
//
// SENSORS=a,b,... compares loader binaries (other builds of the sensor) instead, all with the prefilter on, side by
// side in alternating order; ONLY=text keeps the storms whose label contains it.
import { type ChildProcess, execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLoader, upstreamPrefilter } from './upstream-sensor.ts';

const run = promisify(execFile);
const RUNS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
const ROOT = new URL('..', import.meta.url).pathname;
const SENSORS = (process.env.SENSORS ?? join(ROOT, 'sensor/build/peregrine-sensor')).split(',');
let SENSOR = SENSORS[0];
const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-programs-'));
const MODES = process.env.SENSORS === undefined ? ['off', 'on'] : SENSORS.map((_, i) => `s${i}`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const { tables: TABLES, syscalls: SYSCALLS } = upstreamPrefilter();

/** Starts the loader; resolves once it is ready and, with `prefilter`, once the tables are in force. */
function sensor(prefilter: boolean): Promise<ChildProcess> {
  return startLoader(SENSOR, '/dev/null', SYSCALLS, prefilter ? TABLES : undefined);
}

interface ProgStats {
  readonly id: number;
  readonly name: string;
  readonly run_cnt?: number;
  readonly run_time_ns?: number;
}

function programs(pid: number): Map<string, ProgStats> {
  // the programs this loader holds, by id from its descriptors, then their statistics
  const fdinfo = execFileSync('sh', ['-c', `cat /proc/${pid}/fdinfo/* 2>/dev/null`]).toString();
  const mine = new Set([...fdinfo.matchAll(/^prog_id:\s+(\d+)/gm)].map((m) => Number(m[1])));
  const all = JSON.parse(execFileSync('bpftool', ['prog', 'show', '--json']).toString()) as ProgStats[];
  return new Map(all.filter((p) => mine.has(p.id)).map((p) => [p.name, p]));
}

/** Mean ns per call of tp_openat and tp_close over one storm. */
async function measure(prefilter: boolean, storm: string[]): Promise<Record<string, number>> {
  const child = await sensor(prefilter);
  const pid = child.pid as number;
  const was = readFileSync('/proc/sys/kernel/bpf_stats_enabled', 'utf8').trim();
  writeFileSync('/proc/sys/kernel/bpf_stats_enabled', '1');
  const before = programs(pid);
  await run(storm[0], storm.slice(1));
  const after = programs(pid);
  writeFileSync('/proc/sys/kernel/bpf_stats_enabled', was);
  child.stdin?.end('quit\n');
  await new Promise((r) => child.once('exit', r));
  const out: Record<string, number> = {};
  for (const name of ['tp_openat', 'tp_close']) {
    const a = after.get(name);
    const b = before.get(name);
    const n = (a?.run_cnt ?? 0) - (b?.run_cnt ?? 0);
    out[name] = n > 0 ? ((a?.run_time_ns ?? 0) - (b?.run_time_ns ?? 0)) / n : Number.NaN;
  }
  return out;
}

async function main(): Promise<void> {
  const storm = join(dir, 'storm');
  await run('cc', ['-O2', '-o', storm, join(ROOT, 'bench/storm.c')]);
  const failing = join(dir, 'missing');
  const cases: [string, string[]][] = [
    ['open/close of /etc/hostname', [storm, 'open', '200000', '0', '/etc/hostname']],
    ['failed opens (ENOENT)', [storm, 'open', '200000', '0', failing]],
  ];
  const selected = cases.filter((c) => process.env.ONLY === undefined || c[0].includes(process.env.ONLY));
  const heads = process.env.SENSORS === undefined ? ['prefilter off', 'prefilter on'] : SENSORS;
  process.stdout.write(
    `| storm (200,000 calls) | program | ${heads.join(' | ')} |\n|---|---|${heads.map(() => '---|').join('')}\n`,
  );
  for (const [label, cmd] of selected) {
    const res: Record<string, Record<string, number[]>> = { off: {}, on: {} };
    for (let r = 0; r < RUNS; r++) {
      for (const mode of r % 2 === 0 ? MODES : [...MODES].reverse()) {
        if (process.env.SENSORS !== undefined) SENSOR = SENSORS[Number(mode.slice(1))];
        const m = await measure(process.env.SENSORS !== undefined || mode === 'on', cmd);
        res[mode] ??= {};
        for (const [k, v] of Object.entries(m)) {
          const list = res[mode][k] ?? [];
          list.push(v);
          res[mode][k] = list;
        }
      }
    }
    for (const prog of ['tp_openat', 'tp_close']) {
      const cell = (mode: string) => {
        const v = (res[mode][prog] ?? []).filter((x) => !Number.isNaN(x));
        return v.length === 0 ? '—' : `${Math.round(median(v))} ns`;
      };
      process.stdout.write(`| ${label} | ${prog} | ${MODES.map(cell).join(' | ')} |\n`);
    }
  }
}

main()
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
