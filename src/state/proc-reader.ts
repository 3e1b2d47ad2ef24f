// Reads one thread from /proc (below a host root) the way the sensor's start-up scan does (sensor/scan.c, after
// libscap's scap_procs.c): a ProcEntry with the same fields from the same files, so that a thread filled in later
// (libsinsp's missing-thread lookup, scap_proc_get) equals one the scan would have listed. Its process's fds come
// from proc-fds.ts. Synchronous on purpose: the event that needs the thread is being parsed now. Every file may
// vanish (the process exits meanwhile); a missing file leaves its fields at libscap's defaults, a missing
// /proc/TID means no thread.
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import type { ProcEntry } from '../capture/metadata.ts';
import { CL } from './thread.ts';

const CLK_TCK = 100;
const K_CAP_DAC_OVERRIDE = 1;

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readLink(path: string): string {
  try {
    return readlinkSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The text after "Key:" in a /proc status file, trimmed; null when absent. */
function statusField(status: string, key: string): string | null {
  const at = status.startsWith(`${key}:`) ? 0 : status.indexOf(`\n${key}:`);
  if (at === -1) return null;
  const start = at === 0 ? key.length + 1 : at + key.length + 2;
  const end = status.indexOf('\n', start);
  return status.slice(start, end === -1 ? status.length : end).trim();
}

const num = (s: string | null | undefined, radix = 10): number => {
  const n = s === null || s === undefined ? Number.NaN : Number.parseInt(s, radix);
  return Number.isNaN(n) ? 0 : n;
};

/** The last number of a whitespace-separated list ("4321\t1" → 1): the id in the innermost namespace. */
function lastNumber(s: string | null, fallback: number): number {
  if (s === null || s === '') return fallback;
  const parts = s.split(/\s+/);
  return num(parts[parts.length - 1]);
}

/** A NUL-separated /proc list as libsinsp splits one (a trailing NUL ends the list). */
function nulSplit(text: string | null): string[] {
  if (text === null || text === '') return [];
  const items = text.split('\0');
  if (items[items.length - 1] === '') items.pop();
  return items;
}

/**
 * cgroups as libscap lists them, "controller=/path": v1 lines name their controllers; for the v2 line they are
 * the controllers enabled in the thread's cgroup (cgroup.controllers, walking up while empty).
 */
function readCgroups(hostRoot: string, dir: string): string[] {
  const text = readText(`${dir}cgroup`);
  if (text === null) return [];
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const c1 = line.indexOf(':');
    const c2 = c1 === -1 ? -1 : line.indexOf(':', c1 + 1);
    if (c2 === -1) continue;
    const ctrls = line.slice(c1 + 1, c2);
    const path = line.slice(c2 + 1);
    let names = ctrls;
    if (names === '') {
      let up = path;
      for (;;) {
        const text2 = readText(`${hostRoot}/sys/fs/cgroup${up}/cgroup.controllers`);
        names = text2 ?? '';
        const slash = up.lastIndexOf('/');
        if (names.trim() !== '' || slash === -1 || up === '/') break;
        up = slash === 0 ? '/' : up.slice(0, slash);
      }
    }
    for (const c of names.split(/[ ,\n]+/)) if (c !== '') out.push(`${c}=${path}`);
  }
  return out;
}

/** The soft limit on open files, from /proc/PID/limits (libscap asks prlimit; the file says the same). */
function openFilesLimit(dir: string): number {
  const text = readText(`${dir}limits`);
  const line = text?.split('\n').find((l) => l.startsWith('Max open files'));
  if (line === undefined) return -1;
  const soft = line.slice('Max open files'.length).trim().split(/\s+/)[0];
  return soft === 'unlimited' ? -1 : num(soft);
}

/** A process's start time (stat field 22, clock ticks since boot) as epoch ns. */
function startTime(stat: string, bootTsEpoch: bigint): bigint {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return bootTsEpoch + BigInt(num(f[19])) * BigInt(1_000_000_000 / CLK_TCK);
}

/**
 * pidns_init_start_ts: the start of the init of the process's pid namespace, which is one of its ancestors (the
 * one whose pid in that namespace is 1), as the scan and the kernel programs report it. 0 when not found.
 */
function pidnsInitStart(hostRoot: string, pid: number, bootTsEpoch: bigint): bigint {
  let ns: bigint;
  try {
    ns = statSync(`${hostRoot}/proc/${pid}/ns/pid`, { bigint: true }).ino;
  } catch {
    return 0n;
  }
  let p = pid;
  for (let depth = 0; depth < 64 && p > 0; depth++) {
    const status = readText(`${hostRoot}/proc/${p}/status`);
    const stat = readText(`${hostRoot}/proc/${p}/stat`);
    if (status === null || stat === null) return 0n;
    let same = false;
    try {
      same = statSync(`${hostRoot}/proc/${p}/ns/pid`, { bigint: true }).ino === ns;
    } catch {
      return 0n;
    }
    if (!same) return 0n;
    if (lastNumber(statusField(status, 'NStgid'), p) === 1) return startTime(stat, bootTsEpoch);
    p = num(statusField(status, 'PPid'));
  }
  return 0n;
}

/**
 * The thread `tid` of this host as a process-list entry, or null when /proc no longer has it (or it is a kernel
 * thread or a zombie, which the scan skips too). `bootTsEpoch` turns a process start time into epoch ns.
 */
export function readProcThread(hostRoot: string, tid: number, bootTsEpoch: bigint): ProcEntry | null {
  const top = readText(`${hostRoot}/proc/${tid}/status`);
  if (top === null) return null;
  const pid = num(statusField(top, 'Tgid'));
  if (pid <= 0) return null;
  const dir = `${hostRoot}/proc/${pid}/task/${tid}/`;
  const status = pid === tid ? top : (readText(`${dir}status`) ?? top);
  const cmdline = readText(`${dir}cmdline`) ?? '';
  const exepath = readLink(`${dir}exe`);
  if (cmdline === '' && exepath === '') return null;
  const stat = readText(`${dir}stat`);
  if (stat === null) return null;
  const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after[0] is field 3 (state): pgrp, session, tty_nr, …, minflt (10), majflt (12), starttime (22)
  const pgid = num(after[2]);
  const sid = num(after[3]);
  const tty = num(after[4]);
  const minflt = num(after[7]);
  const majflt = num(after[9]);
  const uids = statusField(status, 'Uid')?.split(/\s+/) ?? [];
  const gids = statusField(status, 'Gid')?.split(/\s+/) ?? [];
  const euid = num(uids[1]);
  const egid = num(gids[1]);
  const capInheritable = BigInt(`0x${statusField(status, 'CapInh') ?? '0'}`);
  const capPermitted = BigInt(`0x${statusField(status, 'CapPrm') ?? '0'}`);
  const capEffective = BigInt(`0x${statusField(status, 'CapEff') ?? '0'}`);
  const items = nulSplit(cmdline);
  const loginuidText = readText(`${dir}loginuid`);
  let exeIno = 0;
  let exeInoCtime = 0n;
  let exeInoMtime = 0n;
  let exeWritable = false;
  try {
    const xs = statSync(`${dir}exe`, { bigint: true });
    exeIno = Number(xs.ino);
    exeInoCtime = xs.ctimeNs;
    exeInoMtime = xs.mtimeNs;
    const mode = Number(xs.mode);
    exeWritable =
      Number(xs.uid) === euid ||
      (Number(xs.gid) === egid ? (mode & 0o020) !== 0 : (mode & 0o002) !== 0) ||
      ((capEffective >> BigInt(K_CAP_DAC_OVERRIDE)) & 1n) === 1n;
  } catch {
    // no executable to look at (it was deleted, or the thread is gone): as the scan, nothing known
  }
  const vpid = lastNumber(statusField(status, 'NStgid'), pid);
  const pidnsInitStartTs = pidnsInitStart(hostRoot, pid, bootTsEpoch);
  return {
    tid,
    pid,
    ptid: num(statusField(status, 'PPid')),
    sid,
    vpgid: lastNumber(statusField(status, 'NSpgid'), pgid),
    pgid,
    comm: (readText(`${dir}comm`) ?? '').replace(/\n$/, ''),
    exe: items[0] ?? '',
    exepath,
    args: items.slice(1),
    cwd: readLink(`${dir}cwd`),
    fdlimit: openFilesLimit(dir),
    flags: tid === pid ? 0 : CL.CLONE_THREAD | CL.CLONE_FILES,
    uid: euid,
    gid: egid,
    vmsizeKb: num(statusField(status, 'VmSize')),
    vmrssKb: num(statusField(status, 'VmRSS')),
    vmswapKb: num(statusField(status, 'VmSwap')),
    pfmajor: majflt,
    pfminor: minflt,
    env: nulSplit(readText(`${dir}environ`)),
    vtid: lastNumber(statusField(status, 'NSpid'), tid),
    vpid,
    cgroups: readCgroups(hostRoot, dir),
    root: readLink(`${dir}root`),
    pidnsInitStartTs,
    tty,
    loginuid: loginuidText === null ? 0xffffffff : num(loginuidText.trim()),
    exeWritable,
    capInheritable,
    capPermitted,
    capEffective,
    exeUpperLayer: false,
    exeLowerLayer: false,
    exeFromMemfd: exepath.startsWith('/memfd:'),
    exeIno,
    exeInoCtime,
    exeInoMtime,
  };
}
