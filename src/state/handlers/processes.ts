// Handlers for process and thread lifecycle: clone/fork/vfork/clone3 (the parent's exit and the child's, tid
// collisions, a child seen before its parent's exit), execve/execveat, and procexit (removal deferred to the next
// event, so the exiting thread's last event still shows its process).
import { code } from '../../capture/codes.ts';
import { PPM_EVENT_MAX } from '../../capture/event-table.ts';
import type { Event } from '../event.ts';
import { carries } from '../event-layout.ts';
import { FdFlag, type FdInfo } from '../fd.ts';
import { capList, capStr } from '../lists.ts';
import type { StateParser } from '../parser.ts';
import { concatPaths } from '../paths.ts';
import { CL, ThreadInfo } from '../thread.ts';
import { dirfdBase } from './files.ts';

const EXECVE_8_X = code('SYSCALL_EXECVE_8_X');
const EXECVE_13_X = code('SYSCALL_EXECVE_13_X');
const EXECVE_14_X = code('SYSCALL_EXECVE_14_X');
const EXECVE_15_X = code('SYSCALL_EXECVE_15_X');
const EXECVE_16_X = code('SYSCALL_EXECVE_16_X');
const EXECVE_18_X = code('SYSCALL_EXECVE_18_X');
const EXECVE_19_X = code('SYSCALL_EXECVE_19_X');
const EXECVEAT_X = code('SYSCALL_EXECVEAT_X');

const PPM_EXE_WRITABLE = 1 << 0;
const PPM_EXE_UPPER_LAYER = 1 << 1;
const PPM_EXE_FROM_MEMFD = 1 << 2;
const PPM_EXE_LOWER_LAYER = 1 << 3;
const PPM_EXVAT_AT_EMPTY_PATH = 1;
/** The filename parameter execve's exit carries since libs 0.22 (the converter fills it from an old enter). */
const EXECVE_FILENAME = 30;

/** libsinsp's CLONE_STALE_TIME_NS: a child entry older than this at its clone exit is a leftover. */
const CLONE_STALE_TIME_NS = 2_000_000_000n;

/** Where each generation of the clone exit carries what the parser reads (−1: not carried). */
interface CloneLayout {
  readonly flags: number;
  readonly comm: number;
  readonly uid: number;
  /** The cgroups list; the generations that have it also carry vtid, vpid and pidns_init_start_ts (18–20). */
  readonly cgroups: number;
  /** Page faults and memory (8–12). */
  readonly vm: boolean;
}

const CLONE_LAYOUT: (CloneLayout | undefined)[] = new Array(PPM_EVENT_MAX);
const layout = (l: CloneLayout, ...ids: string[]) => {
  for (const id of ids) CLONE_LAYOUT[code(id)] = l;
};
layout({ flags: 8, comm: -1, uid: 9, cgroups: -1, vm: false }, 'SYSCALL_CLONE_11_X');
layout(
  { flags: 13, comm: -1, uid: 14, cgroups: -1, vm: true },
  'SYSCALL_CLONE_16_X',
  'SYSCALL_FORK_X',
  'SYSCALL_VFORK_X',
);
layout(
  { flags: 14, comm: 13, uid: 15, cgroups: -1, vm: true },
  'SYSCALL_CLONE_17_X',
  'SYSCALL_FORK_17_X',
  'SYSCALL_VFORK_17_X',
);
layout(
  { flags: 15, comm: 13, uid: 16, cgroups: 14, vm: true },
  'SYSCALL_CLONE_20_X',
  'SYSCALL_FORK_20_X',
  'SYSCALL_VFORK_20_X',
  'SYSCALL_CLONE3_X',
);

/** The clone-family exit codes cloneExit handles. */
export const CLONE_EXITS: readonly number[] = CLONE_LAYOUT.flatMap((l, c) => (l === undefined ? [] : [c]));

function markCloned(f: FdInfo): void {
  f.flags |= FdFlag.IS_CLONED;
}

/**
 * libsinsp's parse_clone_exit (the generation sysdig 0.29.3 ships): both the caller's exit (res = the child's tid)
 * and the child's own (res = 0) can create the child; whichever comes first does, the other is ignored.
 */
export function cloneExit(p: StateParser, evt: Event): void {
  const l = CLONE_LAYOUT[evt.type] as CloneLayout;
  const threads = p.state.threads;
  let tid = evt.tid;
  let childtid = evt.int(0);
  const flags = evt.uint(l.flags);
  if (childtid < 0) return;
  let vtid = tid;
  let vpid = -1;
  if (l.cgroups !== -1) {
    vtid = evt.int(18);
    vpid = evt.int(19);
  }
  const inContainer = (flags & CL.CHILD_IN_PIDNS) !== 0 || tid !== vtid;
  let inverted = false;
  if (childtid === 0) {
    // The child's return from clone().
    if (evt.thread !== null && evt.thread.cloneTs !== 0n && evt.ts - evt.thread.cloneTs > CLONE_STALE_TIME_NS) {
      threads.remove(tid, true);
      evt.thread = null;
    }
    const parenttid = (flags & CL.CLONE_THREAD) !== 0 ? evt.int(4) : evt.int(5);
    if (evt.thread !== null) {
      if (inContainer) {
        evt.thread.vtid = vtid;
        evt.thread.vpid = vpid;
      }
      return;
    }
    inverted = true;
    childtid = tid;
    tid = parenttid;
  } else if (inContainer) {
    // The parent only sees the child's namespace-local tid: wait for the child's own exit.
    return;
  }
  const tidCollision = createChild(p, evt, l, tid, childtid, flags, inverted, inContainer, vtid, vpid);
  if (tidCollision) {
    // The event's own thread may have been replaced: look it up again.
    evt.thread = threads.get(evt.tid) ?? null;
  }
}

/** Creates the child of a clone exit; true when an entry of the table was replaced (a tid collision). */
function createChild(
  p: StateParser,
  evt: Event,
  l: CloneLayout,
  tid: number,
  childtid: number,
  flags: number,
  inverted: boolean,
  inContainer: boolean,
  vtid: number,
  vpid: number,
): boolean {
  const threads = p.state.threads;
  let tidCollision = false;
  // A parent the table lacks is read from /proc (live), as libsinsp's get_thread does for the clone's caller.
  let parent = threads.get(tid) ?? p.missingThread(tid);
  if (parent === null) return tidCollision;
  const validParent = !(parent.comm === '<NA>' && parent.uid === 0xffffffff);

  const existing = threads.get(childtid);
  if (existing !== undefined) {
    if ((existing.flags & CL.CLONE_INVERTED) !== 0) return tidCollision;
    threads.remove(childtid, true);
    tidCollision = true;
  }

  const child = new ThreadInfo(childtid);
  child.ptid = tid;
  if (validParent) {
    inheritFromParent(child, parent, flags);
  } else {
    // The parent itself was never seen: take what the event says, and teach the parent too.
    threads.remove(tid, true);
    tidCollision = true;
    parent = threads.fake(tid);
    // (the table is full: the event keeps the thread it had, as before the removal)
    if (parent === null) return false;
    child.exe = evt.str(1);
    child.comm = l.comm === -1 ? child.exe : evt.str(l.comm);
    child.args = evt.list(2);
    parent.comm = child.comm;
    parent.exe = child.exe;
    parent.exepath = child.exepath;
    parent.args = child.args;
  }
  child.pid = (flags & CL.CLONE_THREAD) !== 0 ? evt.int(4) : childtid;
  child.flags = flags;
  if ((flags & CL.CLONE_THREAD) === 0) {
    // A new process: it starts with a copy of the parent's fds and directory.
    const table = threads.fdTable(parent);
    if (table !== null) threads.copyFds(table, child.fds, markCloned);
    child.cwd = threads.cwd(parent);
  }
  if (inverted) child.flags |= CL.CLONE_INVERTED;
  fillChildFromEvent(evt, l, child, parent);
  if (inContainer) {
    child.vtid = vtid;
    child.vpid = vpid;
  } else {
    child.vtid = child.tid;
    child.vpid = child.pid;
  }
  if (l.cgroups !== -1) {
    if (evt.has(20)) child.pidnsInitStartTs = evt.big(20);
    p.setCgroups(child, evt, l.cgroups);
  } else {
    // Old clone events carry no cgroups: the child stays in its parent's container.
    child.cgroups = parent.cgroups;
    child.containerId = parent.containerId;
  }
  child.cloneTs = evt.ts;
  threads.add(child, false);
  return tidCollision;
}

/** What a child takes from a parent the table knows. */
function inheritFromParent(child: ThreadInfo, parent: ThreadInfo, flags: number): void {
  child.comm = parent.comm;
  child.exe = parent.exe;
  child.exepath = parent.exepath;
  child.exeWritable = parent.exeWritable;
  child.args = parent.args;
  child.root = parent.root;
  child.sid = parent.sid;
  child.vpgid = parent.vpgid;
  child.tty = parent.tty;
  child.loginuid = parent.loginuid;
  child.capInheritable = parent.capInheritable;
  child.capPermitted = parent.capPermitted;
  child.capEffective = parent.capEffective;
  if ((flags & CL.CLONE_THREAD) === 0) child.env = parent.env;
}

/** What the clone exit itself says about the child: names, arguments, limits, memory, ids. */
function fillChildFromEvent(evt: Event, l: CloneLayout, child: ThreadInfo, parent: ThreadInfo): void {
  child.exe = capStr(evt.str(1));
  child.comm = l.comm === -1 ? child.exe : capStr(evt.str(l.comm));
  // A fork's arguments are usually its parent's: keep that array rather than decode a copy.
  child.args = evt.listEquals(2, parent.args) ? parent.args : capList(evt.list(2));
  child.fdlimit = evt.int(7);
  if (l.vm) {
    child.pfmajor = evt.uint(8);
    child.pfminor = evt.uint(9);
    child.vmsizeKb = evt.uint(10);
    child.vmrssKb = evt.uint(11);
    child.vmswapKb = evt.uint(12);
  }
  child.uid = evt.uint(l.uid);
  child.gid = evt.uint(l.uid + 1);
}

export function execveExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  const type = evt.type;
  if (evt.int(0) < 0 || t === null) return;
  const threads = p.state.threads;
  t.exe = capStr(evt.str(1));
  if (type === EXECVE_8_X || type === EXECVE_13_X || type === EXECVE_14_X) t.comm = t.exe;
  else t.comm = capStr(evt.str(13));
  t.args = capList(evt.list(2));
  t.pid = evt.int(4);
  threads.repid(t);
  if (t.ptid === -1) threads.setParent(t, evt.int(5));
  t.fdlimit = evt.int(7);
  if (type !== EXECVE_8_X) {
    t.pfmajor = evt.uint(8);
    t.pfminor = evt.uint(9);
    t.vmsizeKb = evt.uint(10);
    t.vmrssKb = evt.uint(11);
    t.vmswapKb = evt.uint(12);
  }
  if (type === EXECVE_14_X) t.env = capList(evt.list(13));
  else if (type === EXECVE_15_X) t.env = capList(evt.list(14));
  else if (type !== EXECVE_8_X && type !== EXECVE_13_X) {
    t.env = capList(evt.list(15));
    p.setCgroups(t, evt, 14);
  }
  if (
    type !== EXECVE_8_X &&
    type !== EXECVE_13_X &&
    type !== EXECVE_14_X &&
    type !== EXECVE_15_X &&
    type !== EXECVE_16_X
  ) {
    t.tty = evt.int(16);
  }
  execExepath(p, evt, t);
  if (type === EXECVE_19_X || type === EXECVEAT_X) t.vpgid = evt.int(17);
  execNewerParams(evt, t);
  const keep = t.flags & (CL.PIPE_SRC | CL.PIPE_DST | CL.IS_MAIN_THREAD | CL.CLONE_INVERTED);
  t.flags = CL.ACTIVE | keep | CL.NAME_CHANGED;
  t.exepath = capStr(t.exepath);
  threads.remeasure(t);
}

/** proc.exepath: the path the enter event gave, resolved against the directory (or dirfd), or the kernel's own. */
function execExepath(p: StateParser, evt: Event, t: ThreadInfo): void {
  const type = evt.type;
  if (type === EXECVE_18_X || type === EXECVE_19_X) {
    const enter = p.retrieveEnter(evt);
    // The path as execve was given it: the enter's, or (libs 0.22+, the sensor) the exit's own last parameter.
    const filename = enter !== null ? enter.str(0) : carries(evt, EXECVE_FILENAME) ? evt.str(EXECVE_FILENAME) : null;
    if (filename !== null) {
      t.exepath = filename.startsWith('<NA>') ? '<NA>' : concatPaths(p.state.threads.cwd(t), filename);
    }
  } else if (type === EXECVEAT_X) {
    const enter = p.retrieveEnter(evt);
    if (enter !== null) {
      const dirfd = enter.int(0);
      let pathname = enter.str(1);
      if (pathname.startsWith('<NA>')) t.exepath = '<NA>';
      else {
        const flags = enter.uint(2);
        const sdir = dirfdBase(p, evt, pathname, dirfd);
        if ((flags & PPM_EXVAT_AT_EMPTY_PATH) !== 0 && pathname === '') pathname = sdir;
        t.exepath = concatPaths(sdir, pathname);
      }
    }
  }
  // Newer writers carry the kernel's own idea of the executable; prefer it when present.
  if (evt.has(27) && (type === EXECVE_19_X || type === EXECVEAT_X)) {
    const trusted = evt.str(27);
    if (trusted !== '') t.exepath = trusted;
  }
}

/** Parameters later generations of the execve exit added (loginuid onwards), when this event has them. */
function execNewerParams(evt: Event, t: ThreadInfo): void {
  if (evt.nparams > 18) t.loginuid = evt.uint(18);
  if (evt.nparams > 19) {
    const f = evt.uint(19);
    t.exeWritable = (f & PPM_EXE_WRITABLE) !== 0;
    t.exeUpperLayer = (f & PPM_EXE_UPPER_LAYER) !== 0;
    t.exeFromMemfd = (f & PPM_EXE_FROM_MEMFD) !== 0;
    t.exeLowerLayer = (f & PPM_EXE_LOWER_LAYER) !== 0;
  }
  if (evt.nparams > 22) {
    t.capInheritable = evt.big(20);
    t.capPermitted = evt.big(21);
    t.capEffective = evt.big(22);
  }
  if (evt.nparams > 25) {
    t.exeIno = evt.uint(23);
    t.exeInoCtime = evt.big(24);
    t.exeInoMtime = evt.big(25);
  }
  if (evt.nparams > 26) t.uid = evt.uint(26);
  if (evt.nparams > 28) t.pgid = evt.int(28);
  if (evt.nparams > 29) t.gid = evt.uint(29);
}

/**
 * procexit: the thread goes when the next event arrives (its last event still shows its process), and its
 * children to the reaper the kernel named (reaper_tid, libs 0.13+; absent in older captures).
 */
export function procExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (t === null) return;
  t.flags |= CL.CLOSED;
  t.reaperTid = carries(evt, 4) ? evt.int(4) : -1;
  p.deferThreadRemoval(evt.tid);
}

const PPM_PR_SET_CHILD_SUBREAPER = 36;
const PPM_PR_GET_CHILD_SUBREAPER = 37;

/**
 * prctl(PR_SET_CHILD_SUBREAPER): the process adopts its descendants' orphans (libsinsp's parse_prctl_exit, which
 * also reads the answer of PR_GET_CHILD_SUBREAPER).
 */
export function prctlExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (evt.int(0) < 0 || t === null || !carries(evt, 3)) return;
  const option = evt.uint(1);
  if (option !== PPM_PR_SET_CHILD_SUBREAPER && option !== PPM_PR_GET_CHILD_SUBREAPER) return;
  const main = p.state.threads.main(t);
  if (main !== null) main.subreaper = evt.int(3) !== 0;
}
