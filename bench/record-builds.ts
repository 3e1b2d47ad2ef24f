// Records what the sensor sends Peregrine during N `make -j2` builds of a generated 120-file C project (the
// project bench/prefilter.ts builds), with the prefilter tables of Falco's three upstream rules files in force: the
// events of an exec-heavy workload as live detection sees them, to replay (bench/startup.ts --only=builds).
//
//   node_modules/.bin/node bench/record-builds.ts [BUILDS] [OUT]     (root; the sensor built)
//
// OUT defaults to bench/results/builds.scap; BUILDS to 8 (about 65,000 events).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventTypeMap, fieldRegistry } from '../src/app/rules-env.ts';
import { selectSyscalls } from '../src/capture/syscall-set.ts';
import { compilePrefilter } from '../src/engine/prefilter/compile.ts';
import { prefilterCommand } from '../src/engine/prefilter/encode.ts';
import { loadRules } from '../src/rules/loader.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILDS = Number(process.argv[2] ?? 8);
const OUT = process.argv[3] ?? join(ROOT, 'bench/results/builds.scap');

const rules = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
  join(ROOT, '../shared/upstream/falco-rules', f),
);
const loaded = loadRules(rules, { registry: fieldRegistry(), eventTypes: eventTypeMap });
if (loaded.ruleset === undefined) throw new Error('the rules do not load');
const tables = prefilterCommand(compilePrefilter([loaded.ruleset.enabled]));
const syscalls = selectSyscalls(loaded.ruleset.eventCodes()).native.join(',');

const dir = mkdtempSync(join(tmpdir(), 'peregrine-record-builds-'));
try {
  for (let i = 0; i < 120; i++) {
    const fns = Array.from(
      { length: 30 },
      (_, j) => `int f${i}_${j}(int x){int s=0;for(int k=0;k<x;k++)s+=k*${j}%7;return s;}`,
    );
    writeFileSync(
      join(dir, `m${i}.c`),
      `#include <stdio.h>\n#include <string.h>\n#include <stdlib.h>\n${fns.join('\n')}\n`,
    );
  }
  const objs = Array.from({ length: 120 }, (_, i) => `m${i}.o`).join(' ');
  writeFileSync(
    join(dir, 'Makefile'),
    `OBJS := ${objs}\nall: $(OBJS)\n%.o: %.c\n\t$(CC) -O1 -c -o $@ $<\nclean:\n\trm -f *.o\n`,
  );
  mkdirSync(dirname(OUT), { recursive: true });
  const sensor = spawn(
    join(ROOT, 'sensor/build/peregrine-sensor'),
    ['--commands', '--stats-fd', '3', '--output', OUT, '--syscalls', syscalls],
    {
      stdio: ['pipe', 'ignore', 'inherit', 'pipe'],
    },
  );
  let status = '';
  const seen = (type: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (status.includes(`"type":"${type}"`)) resolve();
      };
      sensor.stdio[3]?.on('data', (d: Buffer) => {
        status += d.toString();
        check();
      });
      check();
    });
  await seen('ready');
  sensor.stdin?.write(`${tables}\n`);
  await seen('prefilter');
  for (let b = 0; b < BUILDS; b++) {
    execFileSync('make', ['-s', 'clean'], { cwd: dir });
    execFileSync('make', ['-s', '-j2'], { cwd: dir });
  }
  sensor.stdin?.end('quit\n');
  await new Promise((resolve) => sensor.once('exit', resolve));
  process.stdout.write(`${OUT}: ${BUILDS} builds recorded\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
