// A thread as the state tracker knows it. Fields mirror what libsinsp's threadinfo holds and what the proc.*,
// thread.* and user.* fields read; every field is set in the constructor so all threads share one shape.
import type { StoredFrame } from '../capture/event.ts';
import type { FdInfo } from './fd.ts';

/** PPM_CL_* clone flags (driver/ppm_events_public.h) plus libsinsp's own bits in the same word. */
export const CL = {
  CLONE_FILES: 1 << 0,
  CLONE_FS: 1 << 1,
  CLONE_NEWPID: 1 << 6,
  CLONE_THREAD: 1 << 13,
  CLONE_VM: 1 << 15,
  CLONE_INVERTED: 1 << 16,
  NAME_CHANGED: 1 << 17,
  CLOSED: 1 << 18,
  ACTIVE: 1 << 19,
  PIPE_SRC: 1 << 21,
  PIPE_DST: 1 << 22,
  CLONE_VFORK: 1 << 27,
  CHILD_IN_PIDNS: 1 << 29,
  IS_MAIN_THREAD: 1 << 30,
} as const;

export class ThreadInfo {
  tid: number;
  pid: number;
  ptid: number;
  sid: number;
  vpgid: number;
  pgid: number;
  vtid: number;
  vpid: number;
  /** proc.name: the kernel's comm (15 characters at most). */
  comm: string;
  /** proc.exe: argv[0]. */
  exe: string;
  exepath: string;
  args: string[];
  env: string[];
  /** Current directory, with a trailing '/'; meaningful on the main thread (get_cwd reads it there). */
  cwd: string;
  root: string;
  /** Raw `subsys=path` cgroup lines. */
  cgroups: string[];
  fdlimit: number;
  flags: number;
  uid: number;
  gid: number;
  loginuid: number;
  tty: number;
  vmsizeKb: number;
  vmrssKb: number;
  vmswapKb: number;
  pfmajor: number;
  pfminor: number;
  capInheritable: bigint;
  capPermitted: bigint;
  capEffective: bigint;
  exeWritable: boolean;
  exeUpperLayer: boolean;
  exeLowerLayer: boolean;
  exeFromMemfd: boolean;
  exeIno: number;
  exeInoCtime: bigint;
  exeInoMtime: bigint;
  pidnsInitStartTs: bigint;
  /** When the thread was created by a clone seen in the capture (0n when it came from the process list). */
  cloneTs: bigint;
  /** container.id: '' for host processes (the extractor prints "host"). */
  containerId: string;
  /** Who inherits this thread's children when it exits: the procexit event's reaper_tid (−1: not said). */
  reaperTid: number;
  /**
   * On a main thread: its process adopts orphans (a pid namespace's init, a prctl(PR_SET_CHILD_SUBREAPER) caller,
   * or a process the kernel named as a reaper), libsinsp's thread_group_info::is_reaper.
   */
  subreaper: boolean;
  fds: Map<number, FdInfo>;
  /** The fd the last event of this thread referred to (libsinsp's m_lastevent_fd). */
  lastEventFd: number;
  lastEventType: number;
  /** A copy of the last stored enter event (open, socket, execve…) for its exit to read. */
  lastEvent: StoredFrame | null;
  lastEventValid: boolean;
  /** Timestamp halves of the last enter event, for evt.latency; −1 when none. */
  enterTsLo: number;
  enterTsHi: number;
  latency: number;

  constructor(tid: number) {
    this.tid = tid;
    this.pid = tid;
    this.ptid = -1;
    this.sid = -1;
    this.vpgid = -1;
    this.pgid = -1;
    this.vtid = -1;
    this.vpid = -1;
    this.comm = '';
    this.exe = '';
    this.exepath = '';
    this.args = [];
    this.env = [];
    this.cwd = '';
    this.root = '';
    this.cgroups = [];
    this.fdlimit = 0;
    this.flags = 0;
    this.uid = 0xffffffff;
    this.gid = 0xffffffff;
    this.loginuid = 0xffffffff;
    this.tty = 0;
    this.vmsizeKb = 0;
    this.vmrssKb = 0;
    this.vmswapKb = 0;
    this.pfmajor = 0;
    this.pfminor = 0;
    this.capInheritable = 0n;
    this.capPermitted = 0n;
    this.capEffective = 0n;
    this.exeWritable = false;
    this.exeUpperLayer = false;
    this.exeLowerLayer = false;
    this.exeFromMemfd = false;
    this.exeIno = 0;
    this.exeInoCtime = 0n;
    this.exeInoMtime = 0n;
    this.pidnsInitStartTs = 0n;
    this.cloneTs = 0n;
    this.containerId = '';
    this.reaperTid = -1;
    this.subreaper = false;
    this.fds = new Map();
    // libsinsp's threadinfo::init starts at fd 0, which an unmatched first exit then refers to.
    this.lastEventFd = 0;
    this.lastEventType = -1;
    this.lastEvent = null;
    this.lastEventValid = false;
    this.enterTsLo = -1;
    this.enterTsHi = -1;
    this.latency = 0;
  }

  /** libsinsp's is_main_thread. */
  get isMain(): boolean {
    return this.tid === this.pid || (this.flags & CL.IS_MAIN_THREAD) !== 0;
  }

  /** proc.cmdline: comm followed by the arguments. */
  get cmdline(): string {
    let s = this.comm;
    for (const a of this.args) s += ` ${a}`;
    return s;
  }
}
