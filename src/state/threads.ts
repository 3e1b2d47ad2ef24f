// The thread table: tid → ThreadInfo, with libsinsp's rules for main threads, shared fd tables (CLONE_FILES),
// the per-process child count and the "fake" entries created for threads first seen mid-capture.
import type { FdInfo } from './fd.ts';
import { CL, ThreadInfo } from './thread.ts';

/** libsinsp's m_thread_table_absolute_max_size: bounds memory whatever a capture claims. */
export const MAX_THREADS = 131072;
/** Deepest ancestor chain the proc.a* fields walk. */
export const MAX_ANCESTORS = 1024;
/** libsinsp's MAX_FD_TABLE_SIZE: fds beyond it are not tracked. */
export const MAX_FDS_PER_PROCESS = 4096;
/**
 * Approximate bytes all threads and fds may hold. libsinsp bounds entry counts only; with a capture free to
 * claim 131072 threads of 64 KiB arguments each, counts alone would let a hostile file exhaust the heap. Past
 * this budget new threads and fds are refused and counted, as a full table is in libsinsp.
 */
export const MAX_STATE_BYTES = 512 * 1024 * 1024;

/** Approximate memory of a thread's own data (strings at two bytes a character, plus the object). */
export function threadBytes(t: ThreadInfo): number {
  let n = 600 + 2 * (t.comm.length + t.exe.length + t.exepath.length + t.cwd.length + t.root.length);
  const { args, env, cgroups } = t;
  for (let i = 0; i < args.length; i++) n += 2 * args[i].length + 16;
  for (let i = 0; i < env.length; i++) n += 2 * env[i].length + 16;
  for (let i = 0; i < cgroups.length; i++) n += 2 * cgroups[i].length + 16;
  if (t.lastEvent !== null) n += t.lastEvent.bytes.length;
  return n;
}

function fdBytes(f: FdInfo): number {
  return 200 + 2 * f.name.length;
}

export class ThreadTable {
  readonly map: Map<number, ThreadInfo>;
  /** Threads refused because the table was full. */
  dropped: number;
  /** Fds refused because a process's table or the memory budget was full. */
  droppedFds: number;
  /** Threads missing from the table when an event needed them, read from /proc (live only). */
  fromProc: number;
  /** Threads missing from the table that /proc no longer had either: they got a placeholder (live only). */
  notInProc: number;
  /** Approximate bytes held by threads and fds (see MAX_STATE_BYTES). */
  bytes: number;
  /**
   * Bumped by every change of the table's membership (an event's clone or exit, a process list, a thread read
   * from /proc or made a placeholder, a re-parenting removal): part of SystemState.epoch, since a thread appearing
   * or going changes what another thread's ancestor fields read. What the handlers change in a thread (execve's
   * pid and parent, chdir's directory) is counted by the event (dispatch.ts).
   */
  changes: number;
  private readonly sizes: Map<ThreadInfo, number>;
  /** One-entry lookup cache: consecutive events mostly come from the same thread. */
  private lastTid: number;
  private lastThread: ThreadInfo | undefined;
  /** Non-main threads per pid, and the pid each thread was counted under. */
  private readonly othersByPid: Map<number, number>;
  private readonly pidOf: Map<ThreadInfo, number>;
  /** Threads by their parent's tid, and the parent each was filed under: the children a removal re-parents. */
  private readonly childrenOf: Map<number, Set<ThreadInfo>>;
  private readonly ptidOf: Map<ThreadInfo, number>;

  constructor() {
    this.othersByPid = new Map();
    this.pidOf = new Map();
    this.childrenOf = new Map();
    this.ptidOf = new Map();
    this.lastTid = Number.NaN;
    this.lastThread = undefined;
    this.map = new Map();
    this.dropped = 0;
    this.droppedFds = 0;
    this.fromProc = 0;
    this.notInProc = 0;
    this.bytes = 0;
    this.changes = 0;
    this.sizes = new Map();
  }

  /** Whether `n` more bytes fit the budget. */
  fits(n: number): boolean {
    return this.bytes + n <= MAX_STATE_BYTES;
  }

  /** Re-measures a thread whose strings changed (execve), keeping the budget exact. */
  remeasure(t: ThreadInfo): void {
    const before = this.sizes.get(t);
    if (before === undefined) return;
    const after = threadBytes(t);
    this.bytes += after - before;
    this.sizes.set(t, after);
  }

  /** Counts a thread that joins the table, `n` its threadBytes (measured once: a clone's lists are long). */
  private account(t: ThreadInfo, n: number): void {
    let f = 0;
    for (const fd of t.fds.values()) f += fdBytes(fd);
    this.sizes.set(t, n);
    this.bytes += n + f;
  }

  private release(t: ThreadInfo): void {
    const n = this.sizes.get(t);
    if (n === undefined) return;
    let f = 0;
    for (const fd of t.fds.values()) f += fdBytes(fd);
    this.sizes.delete(t);
    this.bytes -= n + f;
  }

  get size(): number {
    return this.map.size;
  }

  get(tid: number): ThreadInfo | undefined {
    if (tid === this.lastTid) return this.lastThread;
    const t = this.map.get(tid);
    this.lastTid = tid;
    this.lastThread = t;
    return t;
  }

  /** Every change of the map goes through here, so the lookup cache never answers stale (nor SystemState.epoch). */
  private forget(): void {
    this.changes++;
    this.lastTid = Number.NaN;
    this.lastThread = undefined;
  }

  clear(): void {
    this.forget();
    this.othersByPid.clear();
    this.pidOf.clear();
    this.childrenOf.clear();
    this.ptidOf.clear();
    this.map.clear();
    this.sizes.clear();
    this.bytes = 0;
  }

  /**
   * A thread seen in an event but never created (its clone happened before the capture): libsinsp adds an
   * entry with `<NA>` names so that it is not looked up again. Null when the table is full.
   */
  fake(tid: number): ThreadInfo | null {
    if (this.map.size >= MAX_THREADS || !this.fits(1024)) {
      this.dropped++;
      return null;
    }
    const t = new ThreadInfo(tid);
    t.comm = '<NA>';
    t.exe = '<NA>';
    this.forget();
    this.map.set(tid, t);
    this.countIn(t);
    this.account(t, threadBytes(t));
    return t;
  }

  /** Adds a thread; threads of an existing process count as its children (not for the process list). */
  add(t: ThreadInfo, fromProcList: boolean): boolean {
    const old = this.map.get(t.tid);
    const n = threadBytes(t);
    if ((this.map.size >= MAX_THREADS && old === undefined) || !this.fits(n)) {
      this.dropped++;
      return false;
    }
    void fromProcList;
    if (old !== undefined) {
      this.release(old);
      this.countOut(old);
    }
    this.forget();
    this.map.set(t.tid, t);
    this.countIn(t);
    this.account(t, n);
    return true;
  }

  /**
   * libsinsp's remove_thread: a process with live threads stays unless forced. Its children, if it had any, go to
   * the reaper (libs 0.13+, thread_manager.cpp remove_thread): the one the procexit event named, else one the
   * table knows (another thread of the process, else the nearest subreaper ancestor in the same pid namespace),
   * else none (ptid 0), as the kernel re-parents them: proc.pname then names the adopter, never a thread gone.
   */
  remove(tid: number, force: boolean): void {
    const t = this.map.get(tid);
    if (t === undefined) return;
    if (this.nchilds(t) !== 0 && !force) return;
    this.forget();
    this.map.delete(tid);
    this.release(t);
    this.countOut(t);
    const children = this.childrenOf.get(tid);
    if (children !== undefined && children.size > 0) this.reparent(t, [...children]);
  }

  private reparent(dead: ThreadInfo, children: readonly ThreadInfo[]): void {
    let reaper = dead.reaperTid > 0 ? (this.map.get(dead.reaperTid) ?? null) : null;
    if (reaper === null || reaper === dead) reaper = this.findReaper(dead);
    if (reaper !== null) {
      // a process the kernel gave orphans to adopts the next ones too
      const main = this.main(reaper);
      if (main !== null && main.pid !== dead.pid) main.subreaper = true;
    }
    for (const c of children) this.setParent(c, reaper === null ? 0 : reaper.tid);
  }

  /** libsinsp's find_new_reaper, with what the table knows. */
  private findReaper(dead: ThreadInfo): ThreadInfo | null {
    if (dead.tid !== dead.pid) {
      const main = this.map.get(dead.pid);
      if (main !== undefined && (main.flags & CL.CLOSED) === 0) return main;
    }
    const inPidns = dead.vtid !== dead.tid;
    const seen = new Set<number>([dead.tid]);
    let p = this.map.get(dead.ptid);
    while (p !== undefined && !seen.has(p.tid) && seen.size <= MAX_ANCESTORS) {
      seen.add(p.tid);
      // best effort, as libsinsp: a parent outside the dead thread's pid namespace is not its reaper
      if ((p.vtid !== p.tid) !== inPidns) break;
      const main = this.main(p);
      if (main?.subreaper && (main.flags & CL.CLOSED) === 0) return main;
      p = this.map.get(p.ptid);
    }
    return null;
  }

  /** Changes a thread's parent (execve learning it, a re-parenting), keeping the children index right. */
  setParent(t: ThreadInfo, ptid: number): void {
    this.fileUnder(t, -1);
    t.ptid = ptid;
    if (this.map.get(t.tid) === t) this.fileUnder(t, ptid);
  }

  /** Files `t` under its parent `ptid` (−1: takes it out of the index). */
  private fileUnder(t: ThreadInfo, ptid: number): void {
    const old = this.ptidOf.get(t);
    if (old !== undefined) {
      const set = this.childrenOf.get(old);
      set?.delete(t);
      if (set !== undefined && set.size === 0) this.childrenOf.delete(old);
      this.ptidOf.delete(t);
    }
    if (ptid < 0) return;
    let set = this.childrenOf.get(ptid);
    if (set === undefined) {
      set = new Set();
      this.childrenOf.set(ptid, set);
    }
    set.add(t);
    this.ptidOf.set(t, ptid);
  }

  /**
   * libsinsp's m_nchilds: the other threads of a main thread's process (0 for a non-main thread). Kept as
   * counts per pid, updated on every add and removal, so that no operation scans the table (a capture with
   * many threads would otherwise make each of them cost a pass over all the others).
   */
  nchilds(t: ThreadInfo): number {
    if (!t.isMain) return 0;
    return this.othersByPid.get(t.pid) ?? 0;
  }

  private countIn(t: ThreadInfo): void {
    if (t.tid !== t.pid) this.othersByPid.set(t.pid, (this.othersByPid.get(t.pid) ?? 0) + 1);
    this.pidOf.set(t, t.pid);
    this.fileUnder(t, t.ptid);
    // the init of a pid namespace adopts its orphans (libsinsp marks it a reaper when it creates the thread)
    if (t.pid === 1 || t.vpid === 1) t.subreaper = true;
  }

  private countOut(t: ThreadInfo): void {
    this.fileUnder(t, -1);
    const pid = this.pidOf.get(t);
    this.pidOf.delete(t);
    if (pid === undefined || pid === t.tid) return;
    const n = (this.othersByPid.get(pid) ?? 1) - 1;
    if (n <= 0) this.othersByPid.delete(pid);
    else this.othersByPid.set(pid, n);
  }

  /** A thread's pid changed (execve): move it in the per-pid counts. */
  repid(t: ThreadInfo): void {
    if (this.pidOf.get(t) === t.pid) return;
    this.countOut(t);
    if (this.map.get(t.tid) === t) this.countIn(t);
  }

  /** The process's main thread: the thread itself when it is one, else the entry for its pid. */
  main(t: ThreadInfo): ThreadInfo | null {
    if (t.tid === t.pid || (t.flags & CL.IS_MAIN_THREAD) !== 0) return t;
    return this.map.get(t.pid) ?? null;
  }

  parent(t: ThreadInfo): ThreadInfo | null {
    return this.map.get(t.ptid) ?? null;
  }

  /** The fd table a thread uses: its own, or its process's when it shares files (CLONE_FILES). */
  fdTable(t: ThreadInfo): Map<number, FdInfo> | null {
    if ((t.flags & CL.CLONE_FILES) === 0) return t.fds;
    const main = this.main(t);
    return main === null ? null : main.fds;
  }

  getFd(t: ThreadInfo, fd: number): FdInfo | null {
    if (fd < 0) return null;
    const table = this.fdTable(t);
    if (table === null) return null;
    return table.get(fd) ?? null;
  }

  /** Adds (or replaces) an fd and makes it the thread's current fd. Returns the stored entry, or null if full. */
  addFd(t: ThreadInfo, fd: number, info: FdInfo): FdInfo | null {
    t.lastEventFd = fd;
    const table = this.fdTable(t);
    if (table === null) return null;
    const old = table.get(fd);
    const n = fdBytes(info);
    if ((old === undefined && table.size >= MAX_FDS_PER_PROCESS) || !this.fits(n)) {
      this.droppedFds++;
      return null;
    }
    if (old !== undefined) this.bytes -= fdBytes(old);
    table.set(fd, info);
    if (this.owned(t, table)) this.bytes += n;
    return info;
  }

  removeFd(t: ThreadInfo, fd: number): void {
    const table = this.fdTable(t);
    if (table === null) return;
    const old = table.get(fd);
    if (old !== undefined && table.delete(fd) && this.owned(t, table)) this.bytes -= fdBytes(old);
  }

  /** Whether `table` belongs to a thread of the table (its bytes are in the budget). */
  private owned(t: ThreadInfo, table: Map<number, FdInfo>): boolean {
    if (table === t.fds) return this.sizes.has(t);
    const main = this.main(t);
    return main !== null && this.sizes.has(main);
  }

  /** Copies a parent's fds into a new process (before it is added), within the per-process limit. */
  copyFds(from: Map<number, FdInfo>, to: Map<number, FdInfo>, mark: (f: FdInfo) => void): void {
    let n = 0;
    for (const [k, f] of from) {
      if (to.size >= MAX_FDS_PER_PROCESS) break;
      const c = f.clone();
      mark(c);
      to.set(k, c);
      n += fdBytes(c);
      if (!this.fits(n)) {
        this.droppedFds += from.size - to.size;
        break;
      }
    }
  }

  /** Sets an fd of the capture's initial fd list on a thread of the table. */
  setInitialFd(t: ThreadInfo, fd: number, info: FdInfo): void {
    if (t.fds.has(fd) || t.fds.size >= MAX_FDS_PER_PROCESS || !this.fits(fdBytes(info))) {
      if (!t.fds.has(fd)) {
        this.droppedFds++;
        return;
      }
      this.bytes -= fdBytes(t.fds.get(fd) as FdInfo);
    }
    t.fds.set(fd, info);
    if (this.sizes.has(t)) this.bytes += fdBytes(info);
  }

  /** proc.cwd: the main thread's directory (libsinsp keeps it there). */
  cwd(t: ThreadInfo): string {
    const main = this.main(t);
    return main === null ? './' : main.cwd;
  }

  /** chdir: joins `path` to the current directory and keeps a trailing '/'. */
  setCwd(t: ThreadInfo, next: string): void {
    const main = this.main(t);
    if (main === null) return;
    main.cwd = next.endsWith('/') ? next : `${next}/`;
  }

  /**
   * Ancestors of a thread, nearest first, as libsinsp's traverse_parent_state walks them: stops at a missing
   * parent, a tid of −1, or a loop.
   */
  *ancestors(t: ThreadInfo): Generator<ThreadInfo> {
    const seen = new Set<number>([t.tid]);
    let p = this.parent(t);
    // Real process trees are a few dozen levels deep; the cap keeps a crafted capture from making every
    // ancestor field walk a chain of a hundred thousand threads.
    while (p !== null && p.tid !== -1 && !seen.has(p.tid) && seen.size <= MAX_ANCESTORS) {
      yield p;
      seen.add(p.tid);
      if (p.tid === p.ptid) return;
      p = this.parent(p);
    }
  }
}
