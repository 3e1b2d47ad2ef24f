// The thread table: tid → ThreadInfo, with libsinsp's rules for main threads, shared fd tables (CLONE_FILES),
// the per-process child count and the "fake" entries created for threads first seen mid-capture.
import type { FdInfo } from './fd.ts';
import { CL, ThreadInfo } from './thread.ts';

/** libsinsp's m_thread_table_absolute_max_size: bounds memory whatever a capture claims. */
export const MAX_THREADS = 131072;
/** libsinsp's MAX_FD_TABLE_SIZE: fds beyond it are not tracked. */
export const MAX_FDS_PER_PROCESS = 4096;

export class ThreadTable {
  readonly map: Map<number, ThreadInfo>;
  /** Threads refused because the table was full. */
  dropped: number;

  constructor() {
    this.map = new Map();
    this.dropped = 0;
  }

  get size(): number {
    return this.map.size;
  }

  get(tid: number): ThreadInfo | undefined {
    return this.map.get(tid);
  }

  clear(): void {
    this.map.clear();
  }

  /**
   * A thread seen in an event but never created (its clone happened before the capture): libsinsp adds an
   * entry with `<NA>` names so that it is not looked up again. Null when the table is full.
   */
  fake(tid: number): ThreadInfo | null {
    if (this.map.size >= MAX_THREADS) {
      this.dropped++;
      return null;
    }
    const t = new ThreadInfo(tid);
    t.comm = '<NA>';
    t.exe = '<NA>';
    for (const other of this.map.values()) if (other.pid === tid) t.nchilds++;
    this.map.set(tid, t);
    return t;
  }

  /** Adds a thread; threads of an existing process count as its children (not for the process list). */
  add(t: ThreadInfo, fromProcList: boolean): boolean {
    if (this.map.size >= MAX_THREADS && !this.map.has(t.tid)) {
      this.dropped++;
      return false;
    }
    if (!fromProcList && (t.flags & CL.CLONE_THREAD) !== 0) {
      const main = this.map.get(t.pid);
      if (main !== undefined) main.nchilds++;
    }
    this.map.set(t.tid, t);
    return true;
  }

  /** libsinsp's remove_thread: a process with live threads stays unless forced. */
  remove(tid: number, force: boolean): void {
    const t = this.map.get(tid);
    if (t === undefined) return;
    const nchilds = t.nchilds;
    if (nchilds !== 0 && !force) return;
    if ((t.flags & CL.CLONE_THREAD) !== 0) {
      const main = this.map.get(t.pid);
      if (main !== undefined && main.nchilds > 0) main.nchilds--;
    }
    this.map.delete(tid);
    if (nchilds !== 0) this.recountChildren();
  }

  private recountChildren(): void {
    for (const t of this.map.values()) t.nchilds = 0;
    for (const t of this.map.values()) {
      if ((t.flags & CL.CLONE_THREAD) !== 0) {
        const main = this.map.get(t.pid);
        if (main !== undefined) main.nchilds++;
      }
    }
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
    if (!table.has(fd) && table.size >= MAX_FDS_PER_PROCESS) return null;
    table.set(fd, info);
    return info;
  }

  removeFd(t: ThreadInfo, fd: number): void {
    const table = this.fdTable(t);
    if (table !== null) table.delete(fd);
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
    while (p !== null && p.tid !== -1 && !seen.has(p.tid)) {
      yield p;
      seen.add(p.tid);
      if (p.tid === p.ptid) return;
      p = this.parent(p);
    }
  }
}
