// Records what the sensor sends Peregrine during N `make -j2` builds of the C project bench/prefilter.ts builds
// (bench/c-project.ts), with the prefilter tables of Falco's three upstream rules files in force: the events of an
// exec-heavy workload as live detection sees them, to replay (bench/startup.ts --only=builds).
//
//   node_modules/.bin/node bench/record-builds.ts [BUILDS] [OUT]     (root; the sensor built)
//
// OUT defaults to bench/results/builds.scap; BUILDS to 8 (about 65,000 events).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCProject } from './c-project.ts';
import { SENSOR, startLoader, upstreamPrefilter } from './upstream-sensor.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILDS = Number(process.argv[2] ?? 8);
const OUT = process.argv[3] ?? join(ROOT, 'bench/results/builds.scap');

const { tables, syscalls } = upstreamPrefilter();
const dir = mkdtempSync(join(tmpdir(), 'peregrine-record-builds-'));
try {
  const proj = writeCProject(join(dir, 'proj'), 120);
  mkdirSync(dirname(OUT), { recursive: true });
  const sensor = await startLoader(SENSOR, OUT, syscalls, tables, 'inherit');
  for (let b = 0; b < BUILDS; b++) {
    execFileSync('make', ['-s', 'clean'], { cwd: proj });
    execFileSync('make', ['-s', '-j2'], { cwd: proj });
  }
  sensor.stdin?.end('quit\n');
  await new Promise((resolve) => sensor.once('exit', resolve));
  process.stdout.write(`${OUT}: ${BUILDS} builds recorded\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
