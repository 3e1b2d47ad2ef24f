// Where Peregrine's memory goes, while it runs: preloaded into any peregrine process, it writes to stderr every
// PEREGRINE_MEMORY_PROBE_MS (default 100) ms, and on SIGUSR2, Node's RSS, V8's heap by space and its malloc'd
// memory (compiler and parser zones), interleaved with peregrine's own -v log lines so that a jump can be placed:
//
//   NODE_OPTIONS=--import=$PWD/bench/memory-probe.ts bin/peregrine -v … 2>&1 | grep -v '^   '
//
// (docs/performance.md "Memory": the start-up transient and the heap split were found with it.)
import { writeSync } from 'node:fs';
import v8 from 'node:v8';

const mib = (bytes: number): string => (bytes / 1048576).toFixed(1);

function line(): string {
  const m = process.memoryUsage();
  const h = v8.getHeapStatistics();
  return `memory: rss=${mib(m.rss)} heapTotal=${mib(m.heapTotal)} heapUsed=${mib(m.heapUsed)} external=${mib(m.external)} arrayBuffers=${mib(m.arrayBuffers)} malloced=${mib(h.malloced_memory)} peakMalloced=${mib(h.peak_malloced_memory)} MiB\n`;
}

function spaces(): string {
  return v8
    .getHeapSpaceStatistics()
    .filter((s) => s.physical_space_size > 0)
    .map((s) => `memory:   ${s.space_name} used=${mib(s.space_used_size)} physical=${mib(s.physical_space_size)} MiB\n`)
    .join('');
}

let last = '';
setInterval(
  () => {
    const l = line();
    if (l !== last) writeSync(2, l);
    last = l;
  },
  Number(process.env.PEREGRINE_MEMORY_PROBE_MS ?? 100),
).unref();
process.on('SIGUSR2', () => writeSync(2, line() + spaces()));
