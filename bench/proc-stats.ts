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
