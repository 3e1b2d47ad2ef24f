// Preloaded by the replay benchmarks (`node --import ./bench/cpu-at-exit.ts dist/peregrine.mjs …`): at exit, one
// stderr line with the CPU time of the main thread (the detection loop) and of the whole process (every thread:
// the store's writer, the garbage collector's helpers, libuv's pool). On a loaded machine the main thread's CPU time
// moves far less than the wall time, and it is what the detection path itself costs.
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    const main = process.threadCpuUsage();
    const all = process.cpuUsage();
    writeSync(2, `peregrine-bench-cpu main_us=${main.user + main.system} process_us=${all.user + all.system}\n`);
  });
}
