// What the live benchmarks read of a running Peregrine and its sensor loader from /proc, and the median they report.
import { readFileSync } from 'node:fs';

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A size from /proc/PID/status in KiB (VmHWM: the peak resident set; VmRSS: now); 0 once the process is gone. */
export function statusKb(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU seconds of a process so far (/proc/PID/stat, in clock ticks of 1/100 s); 0 when unknown. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The sensor loader among the children of Peregrine's process `parent`, if it is running. */
export function loaderPid(parent: number): number | undefined {
  try {
    const kids = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(/\s+/).map(Number);
    return kids.find((k) => readFileSync(`/proc/${k}/comm`, 'utf8').startsWith('peregrine-sens'));
  } catch {
    return undefined;
  }
}

/**
 * Waits until the processes have used no CPU for `quietSeconds` in a row (at most `maxSeconds`), and returns how long
 * that took. A detector that has just started keeps working for ~15 s: its rules' lazy compilation, and V8's memory
 * reducer collecting the start-up garbage (bench/prefilter.ts measured ~1% of a core until then, none after). A
 * benchmark of the steady-state cost waits for that first.
 */
export async function settled(
  pids: readonly (number | undefined)[],
  quietSeconds = 2,
  maxSeconds = 40,
): Promise<number> {
  const total = (): number => pids.reduce<number>((sum, p) => sum + cpuSeconds(p), 0);
  const start = Date.now();
  let quiet = 0;
  let last = total();
  while (quiet < quietSeconds && Date.now() - start < maxSeconds * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = total();
    quiet = now - last < 0.005 ? quiet + 1 : 0;
    last = now;
  }
  return (Date.now() - start) / 1000;
}
