// The state tracker: every event passes here before any rule sees it, and updates the thread, fd, user and
// container tables the way libsinsp's sinsp_parser does (falcosecurity/libs userspace/libsinsp/parsers.cpp, the
// generation sysdig 0.29.3 ships), so that field values equal sysdig's. Then it links the event to its thread
// and to the fd it refers to (`evt.thread`, `evt.fd`).
//
// Two libsinsp habits shape the code:
// - Enter/exit pairing. An enter event records the fd it uses (m_lastevent_fd) and, for some syscalls, a copy of
//   itself; the exit reads both. An exit whose enter was not the previous event of its thread gets no fd.
// - Deferred removal. close() and procexit remove the fd/thread only when the *next* event arrives, so the
//   closing event itself still shows the fd's name and the exiting thread's process.
import { Buffer } from 'node:buffer';
import { code } from '../capture/codes.ts';
import { ScapEvent } from '../capture/event.ts';
import {
  EF_CREATES_FD,
  EF_DESTROYS_FD,
  EF_READS_FROM_FD,
  EF_SKIPPARSERESET,
  EF_USES_FD,
  EVENT_TABLE,
  PPM_EVENT_MAX,
} from '../capture/event-table.ts';
import type { FdEntry, InterfaceEntry, MachineInfo, ProcEntry, UserList } from '../capture/metadata.ts';
import { containerFromCgroups } from './containers/cgroup-id.ts';
import { parseContainerJson } from './containers/container-json.ts';
import type { Event } from './event.ts';
import {
  FdFlag,
  FdInfo,
  FdType,
  ipv4FromBytes,
  ipv4ToString,
  ipv4TupleName,
  ipv6ToString,
  ipv6TupleName,
  isIpv4MappedIpv6,
  L4,
  socketName,
} from './fd.ts';
import { concatPaths } from './paths.ts';
import type { SystemState } from './state.ts';
import { CL, ThreadInfo } from './thread.ts';

// ---------------------------------------------------------------------------------------------------------------
// Event codes the parser reacts to, and a code → handler table built once (the per-event dispatch is one
// Uint8Array read and a switch on small literals).

const H_STORE = 1;
const H_RW_EXIT = 2;
const H_OPEN_EXIT = 3;
const H_CLONE_EXIT = 4;
const H_EXECVE_EXIT = 5;
const H_PROCEXIT = 6;
const H_PIPE_EXIT = 7;
const H_SOCKET_EXIT = 8;
const H_BIND_EXIT = 9;
const H_CONNECT_ENTER = 10;
const H_CONNECT_EXIT = 11;
const H_ACCEPT_EXIT = 12;
const H_CLOSE_ENTER = 13;
const H_CLOSE_EXIT = 14;
const H_FCNTL_ENTER = 15;
const H_FCNTL_EXIT = 16;
const H_EVENTFD_EXIT = 17;
const H_CHDIR_EXIT = 18;
const H_FCHDIR_EXIT = 19;
const H_GETCWD_EXIT = 20;
const H_DUP_EXIT = 21;
const H_SIGNALFD_EXIT = 22;
const H_TIMERFD_EXIT = 23;
const H_INOTIFY_EXIT = 24;
const H_SOCKETPAIR_EXIT = 25;
const H_SCHEDSWITCH = 26;
const H_VM_EXIT = 27;
const H_SETRESUID_EXIT = 28;
const H_SETRESGID_EXIT = 29;
const H_SETUID_EXIT = 30;
const H_SETGID_EXIT = 31;
const H_CONTAINER_OLD = 32;
const H_CONTAINER_JSON = 33;
const H_CHROOT_EXIT = 34;
const H_SETSID_EXIT = 35;
const H_SENDTO_ENTER = 36;
const H_USER_ADDED = 37;
const H_GROUP_ADDED = 38;

const HANDLER = new Uint8Array(PPM_EVENT_MAX);
function on(handler: number, ...ids: string[]): void {
  for (const id of ids) HANDLER[code(id)] = handler;
}
on(
  H_STORE,
  'SYSCALL_OPEN_E',
  'SYSCALL_CREAT_E',
  'SYSCALL_OPENAT_E',
  'SYSCALL_OPENAT_2_E',
  'SYSCALL_OPENAT2_E',
  'SOCKET_SOCKET_E',
  'SYSCALL_EVENTFD_E',
  'SYSCALL_CHDIR_E',
  'SYSCALL_FCHDIR_E',
  'SOCKET_SHUTDOWN_E',
  'SYSCALL_GETRLIMIT_E',
  'SYSCALL_SETRLIMIT_E',
  'SYSCALL_PRLIMIT_E',
  'SOCKET_SENDMSG_E',
  'SYSCALL_SENDFILE_E',
  'SYSCALL_SETRESUID_E',
  'SYSCALL_SETRESGID_E',
  'SYSCALL_SETUID_E',
  'SYSCALL_SETGID_E',
  'SYSCALL_EXECVE_18_E',
  'SYSCALL_EXECVE_19_E',
  'SYSCALL_EXECVEAT_E',
  'SYSCALL_SETPGID_E',
);
on(H_SENDTO_ENTER, 'SOCKET_SENDTO_E');
on(
  H_RW_EXIT,
  'SYSCALL_READ_X',
  'SYSCALL_WRITE_X',
  'SOCKET_RECV_X',
  'SOCKET_SEND_X',
  'SOCKET_RECVFROM_X',
  'SOCKET_RECVMSG_X',
  'SOCKET_SENDTO_X',
  'SOCKET_SENDMSG_X',
  'SYSCALL_READV_X',
  'SYSCALL_WRITEV_X',
  'SYSCALL_PREAD_X',
  'SYSCALL_PWRITE_X',
  'SYSCALL_PREADV_X',
  'SYSCALL_PWRITEV_X',
);
on(H_OPEN_EXIT, 'SYSCALL_OPEN_X', 'SYSCALL_CREAT_X', 'SYSCALL_OPENAT_X', 'SYSCALL_OPENAT_2_X', 'SYSCALL_OPENAT2_X');
on(
  H_CLONE_EXIT,
  'SYSCALL_CLONE_11_X',
  'SYSCALL_CLONE_16_X',
  'SYSCALL_CLONE_17_X',
  'SYSCALL_CLONE_20_X',
  'SYSCALL_FORK_X',
  'SYSCALL_FORK_17_X',
  'SYSCALL_FORK_20_X',
  'SYSCALL_VFORK_X',
  'SYSCALL_VFORK_17_X',
  'SYSCALL_VFORK_20_X',
  'SYSCALL_CLONE3_X',
);
on(
  H_EXECVE_EXIT,
  'SYSCALL_EXECVE_8_X',
  'SYSCALL_EXECVE_13_X',
  'SYSCALL_EXECVE_14_X',
  'SYSCALL_EXECVE_15_X',
  'SYSCALL_EXECVE_16_X',
  'SYSCALL_EXECVE_17_X',
  'SYSCALL_EXECVE_18_X',
  'SYSCALL_EXECVE_19_X',
  'SYSCALL_EXECVEAT_X',
);
on(H_PROCEXIT, 'PROCEXIT_E', 'PROCEXIT_1_E');
on(H_PIPE_EXIT, 'SYSCALL_PIPE_X', 'SYSCALL_PIPE2_X');
on(H_SOCKET_EXIT, 'SOCKET_SOCKET_X');
on(H_BIND_EXIT, 'SOCKET_BIND_X');
on(H_CONNECT_ENTER, 'SOCKET_CONNECT_E');
on(H_CONNECT_EXIT, 'SOCKET_CONNECT_X');
on(
  H_ACCEPT_EXIT,
  'SOCKET_ACCEPT_X',
  'SOCKET_ACCEPT_5_X',
  'SOCKET_ACCEPT4_X',
  'SOCKET_ACCEPT4_5_X',
  'SOCKET_ACCEPT4_6_X',
);
on(H_CLOSE_ENTER, 'SYSCALL_CLOSE_E');
on(H_CLOSE_EXIT, 'SYSCALL_CLOSE_X');
on(H_FCNTL_ENTER, 'SYSCALL_FCNTL_E');
on(H_FCNTL_EXIT, 'SYSCALL_FCNTL_X');
on(H_EVENTFD_EXIT, 'SYSCALL_EVENTFD_X', 'SYSCALL_EVENTFD2_X');
on(H_CHDIR_EXIT, 'SYSCALL_CHDIR_X');
on(H_FCHDIR_EXIT, 'SYSCALL_FCHDIR_X');
on(H_GETCWD_EXIT, 'SYSCALL_GETCWD_X');
on(H_DUP_EXIT, 'SYSCALL_DUP_X', 'SYSCALL_DUP_1_X', 'SYSCALL_DUP2_X', 'SYSCALL_DUP3_X');
on(H_SIGNALFD_EXIT, 'SYSCALL_SIGNALFD_X', 'SYSCALL_SIGNALFD4_X');
on(H_TIMERFD_EXIT, 'SYSCALL_TIMERFD_CREATE_X');
on(H_INOTIFY_EXIT, 'SYSCALL_INOTIFY_INIT_X', 'SYSCALL_INOTIFY_INIT1_X');
on(H_SOCKETPAIR_EXIT, 'SOCKET_SOCKETPAIR_X');
on(H_SCHEDSWITCH, 'SCHEDSWITCH_6_E');
on(H_VM_EXIT, 'SYSCALL_BRK_4_X', 'SYSCALL_MMAP_X', 'SYSCALL_MMAP2_X', 'SYSCALL_MUNMAP_X');
on(H_SETRESUID_EXIT, 'SYSCALL_SETRESUID_X');
on(H_SETRESGID_EXIT, 'SYSCALL_SETRESGID_X');
on(H_SETUID_EXIT, 'SYSCALL_SETUID_X');
on(H_SETGID_EXIT, 'SYSCALL_SETGID_X');
on(H_CONTAINER_OLD, 'CONTAINER_E');
on(H_CONTAINER_JSON, 'CONTAINER_JSON_E', 'CONTAINER_JSON_2_E');
on(H_CHROOT_EXIT, 'SYSCALL_CHROOT_X');
on(H_SETSID_EXIT, 'SYSCALL_SETSID_X');
on(H_USER_ADDED, 'USER_ADDED_E');
on(H_GROUP_ADDED, 'GROUP_ADDED_E');

/** Exits that create a thread: they never look the thread up in /proc and never mark it active. */
const IS_CLONE_EXIT = new Uint8Array(PPM_EVENT_MAX);
for (let c = 0; c < PPM_EVENT_MAX; c++) if (HANDLER[c] === H_CLONE_EXIT) IS_CLONE_EXIT[c] = 1;

const FLAGS = new Uint32Array(PPM_EVENT_MAX);
/** 1 when the event's first parameter is called `res` or `fd` (libsinsp's error-code detection). */
const FIRST_IS_RES = new Uint8Array(PPM_EVENT_MAX);
/** The fd parameter an fd-using enter event carries: its first FD-typed parameter (param 0 for most). */
const ENTER_FD_PARAM = new Int8Array(PPM_EVENT_MAX).fill(-1);
for (const e of EVENT_TABLE) {
  FLAGS[e.code] = e.flags;
  ENTER_FD_PARAM[e.code] = e.params.findIndex((p) => p.type === 'FD' || p.type === 'FD32');
  const p0 = e.params[0]?.name;
  if (p0 === 'res' || p0 === 'fd') FIRST_IS_RES[e.code] = 1;
}

/**
 * Where an fd-using exit event carries its fd (libscap's get_exit_event_fd_location). The sensor sends exit
 * events only, as Falco's modern probe does: the exit's own fd is then the event's fd, never the last enter's.
 */
const EXIT_FD_PARAM = new Int8Array(PPM_EVENT_MAX).fill(-1);
const exitFdAt = (location: number, ...ids: string[]) => {
  for (const id of ids) EXIT_FD_PARAM[code(id)] = location;
};
exitFdAt(
  1,
  'SYSCALL_SETNS_X',
  'SOCKET_LISTEN_X',
  'SOCKET_SHUTDOWN_X',
  'SYSCALL_FCHDIR_X',
  'SYSCALL_LSEEK_X',
  'SYSCALL_LLSEEK_X',
  'SYSCALL_IOCTL_3_X',
  'SYSCALL_FSTAT_X',
  'SYSCALL_CLOSE_X',
  'SYSCALL_GETDENTS_X',
  'SYSCALL_GETDENTS64_X',
  'SYSCALL_FLOCK_X',
  'SYSCALL_COPY_FILE_RANGE_X',
  'SYSCALL_FCNTL_X',
  'SYSCALL_DUP_1_X',
  'SYSCALL_DUP2_X',
  'SYSCALL_DUP3_X',
  'SYSCALL_NEWFSTATAT_X',
  'SYSCALL_FCHOWNAT_X',
  'SYSCALL_FCHMODAT_X',
  'SYSCALL_MKDIRAT_X',
  'SYSCALL_UNLINKAT_2_X',
  'SYSCALL_MKNODAT_X',
  'SOCKET_SENDMMSG_X',
  'SOCKET_RECVMMSG_X',
  'SYSCALL_IO_URING_REGISTER_X',
  'SYSCALL_IO_URING_ENTER_X',
  'SOCKET_SETSOCKOPT_X',
  'SOCKET_GETSOCKOPT_X',
  'SYSCALL_FSCONFIG_X',
  'SYSCALL_FINIT_MODULE_X',
  'SYSCALL_FCHMOD_X',
  'SYSCALL_FCHOWN_X',
);
exitFdAt(
  2,
  'SYSCALL_READ_X',
  'SYSCALL_PREAD_X',
  'SOCKET_BIND_X',
  'SYSCALL_WRITE_X',
  'SYSCALL_PWRITE_X',
  'SOCKET_RECV_X',
  'SOCKET_SEND_X',
  'SOCKET_SENDTO_X',
  'SOCKET_SENDMSG_X',
  'SYSCALL_SENDFILE_X',
  'SYSCALL_SPLICE_X',
  'SYSCALL_WRITEV_X',
  'SYSCALL_PWRITEV_X',
  'SOCKET_CONNECT_X',
  'SYSCALL_SYMLINKAT_X',
);
exitFdAt(3, 'SOCKET_RECVFROM_X', 'SYSCALL_READV_X', 'SYSCALL_PREADV_X');
exitFdAt(5, 'SOCKET_RECVMSG_X');
exitFdAt(8, 'SYSCALL_MMAP_X', 'SYSCALL_MMAP2_X');

const PROCINFO_E = code('PROCINFO_E');
const SCHEDSWITCH_6_E = code('SCHEDSWITCH_6_E');
const CONTAINER_JSON_E = code('CONTAINER_JSON_E');
const CONTAINER_JSON_2_E = code('CONTAINER_JSON_2_E');
const COPY_FILE_RANGE_X = code('SYSCALL_COPY_FILE_RANGE_X');
const OPEN_X = code('SYSCALL_OPEN_X');
const CREAT_X = code('SYSCALL_CREAT_X');
const OPENAT_X = code('SYSCALL_OPENAT_X');
const OPENAT_2_X = code('SYSCALL_OPENAT_2_X');
const OPENAT2_X = code('SYSCALL_OPENAT2_X');
const EXECVE_8_X = code('SYSCALL_EXECVE_8_X');
const EXECVE_13_X = code('SYSCALL_EXECVE_13_X');
const EXECVE_14_X = code('SYSCALL_EXECVE_14_X');
const EXECVE_15_X = code('SYSCALL_EXECVE_15_X');
const EXECVE_16_X = code('SYSCALL_EXECVE_16_X');
const EXECVE_18_X = code('SYSCALL_EXECVE_18_X');
const EXECVE_19_X = code('SYSCALL_EXECVE_19_X');
const EXECVEAT_X = code('SYSCALL_EXECVEAT_X');
const CLONE_11_X = code('SYSCALL_CLONE_11_X');
const CLONE_16_X = code('SYSCALL_CLONE_16_X');
const FORK_X = code('SYSCALL_FORK_X');
const VFORK_X = code('SYSCALL_VFORK_X');
const CLONE_17_X = code('SYSCALL_CLONE_17_X');
const FORK_17_X = code('SYSCALL_FORK_17_X');
const VFORK_17_X = code('SYSCALL_VFORK_17_X');
const RECVFROM_X = code('SOCKET_RECVFROM_X');
const RECVMSG_X = code('SOCKET_RECVMSG_X');
const SENDTO_X = code('SOCKET_SENDTO_X');
const SENDMSG_X = code('SOCKET_SENDMSG_X');
const DUP_X = code('SYSCALL_DUP_X');

const PPM_AF_UNIX = 1;
const PPM_AF_INET = 2;
const PPM_AF_INET6 = 10;
const PPM_AF_NETLINK = 16;
const PPM_AT_FDCWD = -100;
const PPM_O_DIRECTORY = 1 << 10;
const PPM_EXE_WRITABLE = 1 << 0;
const PPM_EXE_UPPER_LAYER = 1 << 1;
const PPM_EXE_FROM_MEMFD = 1 << 2;
const PPM_EXE_LOWER_LAYER = 1 << 3;
const PPM_EXVAT_AT_EMPTY_PATH = 1;
const PPM_FCNTL_F_DUPFD = 1;
const PPM_FCNTL_F_DUPFD_CLOEXEC = 14;
const SE_EINPROGRESS = 115;
const IPPROTO_IP = 0;
const IPPROTO_ICMP = 1;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_RAW = 255;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_RAW = 3;
/** libsinsp's SP_EVT_BUF_SIZE: the largest enter event kept for its exit. */
const STORE_MAX = 4096;
/** libscap's limits on a process's arguments, environment and cgroups (SCAP_MAX_*_SIZE): longer is cut. */
const MAX_LIST_BYTES = 4096;
/** Longest path-like string kept (comm, exe, exepath, cwd, root): PATH_MAX. */
const MAX_STRING = 4096;

function markCloned(f: FdInfo): void {
  f.flags |= FdFlag.IS_CLONED;
}

/** A NUL-separated list cut to libscap's size limit (whole items only). */
interface CachedList {
  readonly raw: Uint8Array;
  readonly value: string[];
  /** The container the list's cgroups name (undefined: not looked up yet). */
  container: ReturnType<typeof containerFromCgroups> | undefined;
}

/**
 * Lists decoded from parameters, by their bytes: clones and execs carry a handful of distinct cgroups lists over
 * and over, each decoded (and resolved to a container) once. Bounded: cleared when full.
 */
class ListCache {
  private readonly map = new Map<number, CachedList>();

  get(evt: Event, i: number): CachedList {
    if (i >= evt.nparams) return { raw: EMPTY_BYTES, value: [], container: null };
    const o = evt.paramOff[i];
    const n = evt.paramLen[i];
    const b = evt.buf;
    if (n > 65536) return { raw: EMPTY_BYTES, value: capList(evt.list(i)), container: undefined };
    // A sampled hash (64 bytes spread over the list, and its end) picks the candidate; equality is checked in full.
    let h = 0x811c9dc5 ^ n;
    const step = n > 64 ? (n >>> 6) | 0 : 1;
    for (let j = 0; j < n; j += step) h = Math.imul(h ^ b[o + j], 16777619);
    for (let j = n > 16 ? n - 16 : 0; j < n; j++) h = Math.imul(h ^ b[o + j], 16777619);
    const hit = this.map.get(h);
    if (hit !== undefined && hit.raw.length === n && Buffer.compare(b.subarray(o, o + n), hit.raw) === 0) return hit;
    const entry: CachedList = { raw: b.slice(o, o + n), value: capList(evt.list(i)), container: undefined };
    if (this.map.size >= 256) this.map.clear();
    this.map.set(h, entry);
    return entry;
  }
}

const EMPTY_BYTES = new Uint8Array(0);

function capList(items: string[]): string[] {
  let n = 0;
  for (let i = 0; i < items.length; i++) {
    n += items[i].length + 1;
    if (n > MAX_LIST_BYTES) return items.slice(0, i);
  }
  return items;
}

function capStr(s: string): string {
  return s.length > MAX_STRING ? s.slice(0, MAX_STRING) : s;
}

/** libsinsp's CLONE_STALE_TIME_NS: a child entry older than this at its clone exit is a leftover. */
const CLONE_STALE_TIME_NS = 2_000_000_000n;

export class StateParser {
  readonly state: SystemState;
  /** A second flyweight for the stored enter event of the current exit. */
  private readonly enterEvt: Event;
  /** Removals libsinsp defers to the next event. */
  private tidToRemove: number;
  /** fds a close removes when the next event comes (the first fdsToRemoveN entries). */
  private readonly fdsToRemove: number[];
  private fdsToRemoveN: number;
  private fdsToRemoveTid: number;

  constructor(state: SystemState) {
    this.state = state;
    this.enterEvt = new ScapEvent();
    this.enterEvt.state = state;
    this.tidToRemove = -1;
    this.fdsToRemove = [];
    this.fdsToRemoveN = 0;
    this.fdsToRemoveTid = -1;
  }

  reset(): void {
    this.serverPorts.clear();
    this.tidToRemove = -1;
    this.fdsToRemoveN = 0;
    this.fdsToRemoveTid = -1;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Metadata blocks

  machineInfo(mi: MachineInfo): void {
    this.state.machine = mi;
  }

  interfaces(list: InterfaceEntry[]): void {
    this.state.interfaces.load(list);
  }

  users(list: UserList): void {
    for (const u of list.users) this.state.users.addUser(u);
    for (const g of list.groups) this.state.users.addGroup(g);
  }

  /** A process-list block: one ThreadInfo per entry, as libsinsp's threadinfo::init(scap_threadinfo). */
  procList(entries: ProcEntry[]): void {
    const threads = this.state.threads;
    for (const p of entries) {
      const t = new ThreadInfo(p.tid);
      t.pid = p.pid;
      t.ptid = p.ptid;
      t.sid = p.sid;
      t.vpgid = p.vpgid;
      t.pgid = p.pgid;
      t.comm = capStr(p.comm);
      t.exe = capStr(p.exe);
      t.exepath = capStr(p.exepath);
      t.exeWritable = p.exeWritable;
      t.args = capList(p.args);
      t.flags = p.flags | CL.ACTIVE;
      if (t.isMain) {
        t.env = capList(p.env);
        t.cwd = withSlash(concatPaths('', p.cwd));
      }
      t.fdlimit = p.fdlimit;
      t.uid = p.uid;
      t.gid = p.gid;
      t.vmsizeKb = p.vmsizeKb;
      t.vmrssKb = p.vmrssKb;
      t.vmswapKb = p.vmswapKb;
      t.pfmajor = p.pfmajor;
      t.pfminor = p.pfminor;
      t.vtid = p.vtid;
      t.vpid = p.vpid;
      t.tty = p.tty;
      t.loginuid = p.loginuid;
      t.capInheritable = p.capInheritable;
      t.capPermitted = p.capPermitted;
      t.capEffective = p.capEffective;
      t.exeUpperLayer = p.exeUpperLayer;
      t.exeLowerLayer = p.exeLowerLayer;
      t.exeFromMemfd = p.exeFromMemfd;
      t.exeIno = p.exeIno;
      t.exeInoCtime = p.exeInoCtime;
      t.exeInoMtime = p.exeInoMtime;
      t.pidnsInitStartTs = p.pidnsInitStartTs;
      t.cgroups = capList(p.cgroups);
      t.root = capStr(p.root);
      this.resolveContainer(t);
      threads.add(t, true);
    }
  }

  /** An fd-list block: the open fds of one thread at capture start (libsinsp's add_fd_from_scap). */
  fdList(tid: number, fds: FdEntry[]): void {
    const t = this.state.threads.get(tid);
    if (t === undefined) return;
    for (const e of fds) {
      if (e.type === FdType.IPV4_SERVSOCK || e.type === FdType.IPV6_SERVSOCK) this.serverPorts.add(e.sport);
      const fd = fdFromScap(e);
      if (fd !== null) this.state.threads.setInitialFd(t, e.fd, fd);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Events

  /**
   * Updates the state for one event and fills its links. Returns false for events that must not reach rules
   * (state-only "fatfile" events are decided by the caller from the dump flags).
   */
  process(evt: Event): void {
    const threads = this.state.threads;
    // Deferred removals from the previous event.
    if (this.tidToRemove !== -1) {
      threads.remove(this.tidToRemove, false);
      this.tidToRemove = -1;
    }
    if (this.fdsToRemoveN !== 0) {
      // A counter rather than `length = 0`: truncating an array is a runtime call, and every close gets here.
      const t = threads.get(this.fdsToRemoveTid);
      if (t !== undefined) for (let k = 0; k < this.fdsToRemoveN; k++) threads.removeFd(t, this.fdsToRemove[k]);
      this.fdsToRemoveN = 0;
    }

    const type = evt.type;
    this.resetEvent(evt, type);

    switch (HANDLER[type]) {
      case 0:
        break;
      case H_STORE:
        this.store(evt);
        break;
      case H_SENDTO_ENTER:
        if (evt.fd === null && evt.thread !== null) this.inferSendtoFd(evt);
        this.store(evt);
        break;
      case H_RW_EXIT:
        this.rwExit(evt);
        break;
      case H_OPEN_EXIT:
        this.openExit(evt);
        break;
      case H_CLONE_EXIT:
        this.cloneExit(evt);
        break;
      case H_EXECVE_EXIT:
        this.execveExit(evt);
        break;
      case H_PROCEXIT:
        if (evt.thread !== null) {
          evt.thread.flags |= CL.CLOSED;
          this.tidToRemove = evt.tid;
        }
        break;
      case H_PIPE_EXIT:
        this.pipeExit(evt);
        break;
      case H_SOCKET_EXIT:
        this.socketExit(evt);
        break;
      case H_BIND_EXIT:
        this.bindExit(evt);
        break;
      case H_CONNECT_ENTER:
        this.connectEnter(evt);
        break;
      case H_CONNECT_EXIT:
        this.connectExit(evt);
        break;
      case H_ACCEPT_EXIT:
        this.acceptExit(evt);
        break;
      case H_CLOSE_ENTER:
        if (evt.thread !== null) {
          const fd = this.lookupFd(evt.thread, evt.thread.lastEventFd);
          evt.fd = fd;
          if (fd !== null) fd.flags |= FdFlag.CLOSE_IN_PROGRESS;
        }
        break;
      case H_CLOSE_EXIT:
        this.closeExit(evt);
        break;
      case H_FCNTL_ENTER:
        if (evt.thread !== null) {
          const cmd = evt.uint(1) & 0xff;
          if (cmd === PPM_FCNTL_F_DUPFD || cmd === PPM_FCNTL_F_DUPFD_CLOEXEC) this.store(evt);
        }
        break;
      case H_FCNTL_EXIT:
        if (this.retrieveEnter(evt) !== null) {
          const res = evt.int(0);
          if (res >= 0 && evt.fd !== null && evt.thread !== null)
            evt.fd = threads.addFd(evt.thread, res, evt.fd.clone());
        }
        break;
      case H_EVENTFD_EXIT:
        this.simpleFdExit(evt, FdType.EVENT);
        break;
      case H_SIGNALFD_EXIT:
        this.simpleFdExit(evt, FdType.SIGNALFD);
        break;
      case H_TIMERFD_EXIT:
        this.simpleFdExit(evt, FdType.TIMERFD);
        break;
      case H_INOTIFY_EXIT:
        this.simpleFdExit(evt, FdType.INOTIFY);
        break;
      case H_CHDIR_EXIT:
        if (evt.thread !== null && evt.int(0) >= 0) this.setCwd(evt.thread, evt.str(1));
        break;
      case H_FCHDIR_EXIT:
        if (evt.int(0) >= 0 && evt.fd !== null && evt.thread !== null) this.setCwd(evt.thread, evt.fd.name);
        break;
      case H_GETCWD_EXIT:
        if (evt.int(0) >= 0 && evt.thread !== null) this.setCwd(evt.thread, evt.str(1));
        break;
      case H_DUP_EXIT:
        this.dupExit(evt);
        break;
      case H_SOCKETPAIR_EXIT:
        this.socketpairExit(evt);
        break;
      case H_SCHEDSWITCH:
        if (evt.thread !== null) {
          evt.thread.pfmajor = evt.uint(1);
          evt.thread.pfminor = evt.uint(2);
          const main = threads.main(evt.thread);
          if (main !== null) {
            main.vmsizeKb = evt.uint(3);
            main.vmrssKb = evt.uint(4);
            main.vmswapKb = evt.uint(5);
          }
        }
        break;
      case H_VM_EXIT:
        if (evt.thread !== null) {
          evt.thread.vmsizeKb = evt.uint(1);
          evt.thread.vmrssKb = evt.uint(2);
          evt.thread.vmswapKb = evt.uint(3);
        }
        break;
      case H_SETRESUID_EXIT:
        if (evt.int(0) >= 0) {
          const enter = this.retrieveEnter(evt);
          if (enter !== null && evt.thread !== null) {
            const euid = enter.uint(1);
            if (euid < 0xffffffff) evt.thread.uid = euid;
          }
        }
        break;
      case H_SETRESGID_EXIT:
        if (evt.int(0) >= 0) {
          const enter = this.retrieveEnter(evt);
          if (enter !== null && evt.thread !== null) {
            const egid = enter.uint(1);
            if (egid < 0xffffffff) evt.thread.gid = egid;
          }
        }
        break;
      case H_SETUID_EXIT:
        if (evt.int(0) >= 0) {
          const enter = this.retrieveEnter(evt);
          if (enter !== null && evt.thread !== null) evt.thread.uid = enter.uint(0);
        }
        break;
      case H_SETGID_EXIT:
        if (evt.int(0) >= 0) {
          const enter = this.retrieveEnter(evt);
          if (enter !== null && evt.thread !== null) evt.thread.gid = enter.uint(0);
        }
        break;
      case H_CONTAINER_OLD: {
        const info = parseContainerJson(
          JSON.stringify({ container: { id: evt.str(0), type: evt.uint(1), name: evt.str(2), image: evt.str(3) } }),
        );
        if (!('error' in info)) this.state.containers.set(info);
        break;
      }
      case H_CONTAINER_JSON: {
        const info = parseContainerJson(evt.str(0));
        if (!('error' in info)) this.state.containers.set(info);
        break;
      }
      case H_CHROOT_EXIT:
        if (evt.int(0) === 0 && evt.thread !== null) {
          evt.thread.root = concatPaths(threads.cwd(evt.thread), evt.str(1));
          this.resolveContainer(evt.thread);
        }
        break;
      case H_SETSID_EXIT: {
        const res = evt.int(0);
        if (res >= 0 && evt.thread !== null) evt.thread.sid = res;
        break;
      }
      case H_USER_ADDED:
        if (evt.str(5) === '') {
          this.state.users.addUser({
            uid: evt.uint(0),
            gid: evt.uint(1),
            name: evt.str(2),
            homedir: evt.str(3),
            shell: evt.str(4),
          });
        }
        break;
      case H_GROUP_ADDED:
        if (evt.str(2) === '') this.state.users.addGroup({ gid: evt.uint(0), name: evt.str(1) });
        break;
    }

    // libsinsp's get_thread_info falls back to a table lookup when the parser left no thread (a clone's child
    // created by this very event, scheduler events): do it once here so every field sees the same thread.
    if (evt.thread === null) {
      if (type === CONTAINER_JSON_E || type === CONTAINER_JSON_2_E) evt.thread = this.containerThread(evt);
      else evt.thread = threads.get(evt.tid) ?? null;
    }
    // An exit consumes the stored enter event (libsinsp's event_cleanup).
    if ((type & 1) === 1 && evt.thread !== null) evt.thread.lastEventValid = false;
    if (evt.fd !== null) evt.fdNameChanged = evt.fd.name !== evt.fd.oldName;
  }

  /**
   * The thread a container-json event is attributed to: libsinsp makes one up (tid −1, comm
   * "container:<id>") so that container.* fields answer for the event.
   */
  private containerThread(evt: Event): ThreadInfo | null {
    const info = parseContainerJson(evt.str(0));
    if ('error' in info) return null;
    const t = new ThreadInfo(-1);
    t.pid = -1;
    t.vtid = -2;
    t.vpid = -2;
    t.comm = `container:${info.id}`;
    t.containerId = info.id;
    t.uid = 0;
    t.gid = 0;
    t.loginuid = 0;
    return t;
  }

  /** Ports of listening sockets in the fd lists: connections on them are inbound (libsinsp's m_server_ports). */
  private readonly serverPorts = new Set<number>();

  /**
   * libsinsp's fix_sockets_coming_from_proc, run once the metadata is loaded: a connected socket whose source
   * port is a listening port was accepted, so its tuple is turned around and it is marked as the server end.
   */
  fixProcSockets(): void {
    for (const t of this.state.threads.map.values()) {
      for (const f of t.fds.values()) {
        if (f.type !== FdType.IPV4_SOCK) continue;
        if (this.serverPorts.has(f.sport)) {
          swapAddresses(f);
          f.name = ipv4TupleName(f);
          f.setRoleServer();
        } else {
          f.setRoleClient();
        }
      }
    }
  }

  private readonly cgroupsCache = new ListCache();

  /** libsinsp's sinsp_parser::reset: finds the thread, pairs the exit with its enter, resolves the fd. */
  private resetEvent(evt: Event, type: number): void {
    evt.thread = null;
    evt.fd = null;
    evt.errorCode = 0;
    evt.enter = null;
    evt.fdNameChanged = false;
    const threads = this.state.threads;
    const flags = FLAGS[type];
    if ((flags & EF_SKIPPARSERESET) !== 0) {
      if (type === PROCINFO_E) evt.thread = threads.get(evt.tid) ?? null;
      return;
    }
    if (type === CONTAINER_JSON_E || type === CONTAINER_JSON_2_E) return;
    const queryOs = IS_CLONE_EXIT[type] === 0 && type !== SCHEDSWITCH_6_E;
    let t = threads.get(evt.tid) ?? null;
    if (t === null && queryOs) t = threads.fake(evt.tid);
    evt.thread = t;
    if (type === SCHEDSWITCH_6_E || t === null) return;
    if (queryOs) t.flags |= CL.ACTIVE;

    if ((type & 1) === 0) {
      t.lastEventFd = -1;
      t.lastEventType = type;
      if ((flags & EF_USES_FD) !== 0 && ENTER_FD_PARAM[type] !== -1) {
        const fd = evt.int(ENTER_FD_PARAM[type]);
        t.lastEventFd = fd;
        evt.fd = this.lookupFd(t, fd);
      }
      t.latency = 0;
      t.enterTsLo = evt.tsLo;
      t.enterTsHi = evt.tsHi;
      return;
    }

    if (t.enterTsLo !== -1) t.latency = (evt.tsHi - t.enterTsHi) * 4294967296 + (evt.tsLo - t.enterTsLo);
    if (type === t.lastEventType + 1) {
      t.lastEventValid = t.lastEvent !== null && t.lastEvent.len > 0 && t.lastEventValid;
    } else {
      // Current libsinsp: an exit without its enter (always, from the sensor, which sends exits only; after a
      // drop, in a capture) does not trust the last enter's fd. sysdig 0.29 returned here and kept it: a close
      // of fd 1 then removed fd 0, and a failed open showed the previous open's fd.num and fd.name.
      t.lastEventValid = false;
      // An exit in the old format (captures from before libs 0.10) does not carry the fd it used: for those,
      // sysdig 0.29's guess, the last fd, stays (the capture tests compare with it).
      const at = EXIT_FD_PARAM[type];
      if (at === -1 || at < evt.nparams) t.lastEventFd = -1;
    }
    if (FIRST_IS_RES[type] === 1 && evt.nparams > 0) {
      const res = evt.int(0);
      if (res < 0) evt.errorCode = -res;
    }
    if ((flags & EF_USES_FD) !== 0) {
      if (type === COPY_FILE_RANGE_X) t.lastEventFd = evt.int(1);
      else if (t.lastEventFd === -1) {
        const at = EXIT_FD_PARAM[type];
        if (at !== -1 && at < evt.nparams && evt.paramLen[at] > 0) t.lastEventFd = evt.int(at);
      }
      evt.fd = this.lookupFd(t, t.lastEventFd);
    }
  }

  /** libsinsp's get_fd: the fd, whose current name becomes its old name (parsing may change it). */
  private lookupFd(t: ThreadInfo, fd: number): FdInfo | null {
    const f = this.state.threads.getFd(t, fd);
    if (f !== null) f.oldName = f.name;
    return f;
  }

  /**
   * libsinsp's store_event: keeps a copy of this enter event for its exit. Like libsinsp (SP_EVT_BUF_SIZE), an
   * event over 4 KiB is not kept: its exit then goes without the enter's parameters.
   */
  private store(evt: Event): void {
    const t = evt.thread;
    if (t === null || evt.len > STORE_MAX) return;
    t.lastEvent = evt.store(t.lastEvent);
    t.lastEventValid = true;
  }

  /** libsinsp's retrieve_enter_event: the stored enter of this exit, or null. */
  private retrieveEnter(evt: Event): Event | null {
    const t = evt.thread;
    if (t === null || !t.lastEventValid || t.lastEvent === null) return null;
    const enter = this.enterEvt;
    if (!enter.bindStored(t.lastEvent)) return null;
    if (enter.type !== evt.type - 1) {
      t.lastEventValid = false;
      return null;
    }
    enter.thread = t;
    evt.enter = enter;
    return enter;
  }

  private setCwd(t: ThreadInfo, path: string): void {
    const threads = this.state.threads;
    threads.setCwd(t, concatPaths(threads.cwd(t), path));
  }

  /**
   * A thread's cgroups from an event parameter, and its container. Consecutive clones and execs mostly carry the
   * same bytes: those are decoded and resolved once.
   */
  private setCgroups(t: ThreadInfo, evt: Event, idx: number): void {
    const entry = this.cgroupsCache.get(evt, idx);
    t.cgroups = entry.value;
    if (entry.value.length === 0) return;
    if (entry.container === undefined) entry.container = containerFromCgroups(entry.value);
    const c = entry.container;
    if (c === null) return;
    t.containerId = c.id;
    this.state.containers.notice(c);
  }

  resolveContainer(t: ThreadInfo): void {
    if (t.cgroups.length === 0) return;
    const c = containerFromCgroups(t.cgroups);
    if (c === null) return;
    t.containerId = c.id;
    // unknown containers get a partial record now and, live, a lookup in the runtime's API
    this.state.containers.notice(c);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Processes

  private cloneExit(evt: Event): void {
    const threads = this.state.threads;
    const type = evt.type;
    let tid = evt.tid;
    let childtid = evt.int(0);
    let flagsIdx: number;
    let commIdx = -1;
    let uidIdx: number;
    let cgroupsIdx = -1;
    let hasVm = true;
    if (type === CLONE_11_X) {
      flagsIdx = 8;
      uidIdx = 9;
      hasVm = false;
    } else if (type === CLONE_16_X || type === FORK_X || type === VFORK_X) {
      flagsIdx = 13;
      uidIdx = 14;
    } else if (type === CLONE_17_X || type === FORK_17_X || type === VFORK_17_X) {
      flagsIdx = 14;
      uidIdx = 15;
      commIdx = 13;
    } else {
      flagsIdx = 15;
      uidIdx = 16;
      commIdx = 13;
      cgroupsIdx = 14;
    }
    const flags = evt.uint(flagsIdx);
    if (childtid < 0) return;
    let vtid = tid;
    let vpid = -1;
    if (cgroupsIdx !== -1) {
      vtid = evt.int(18);
      vpid = evt.int(19);
    }
    const inContainer = (flags & CL.CHILD_IN_PIDNS) !== 0 || tid !== vtid;
    let inverted = false;
    let tidCollision = false;
    if (childtid === 0) {
      // The child's return from clone().
      if (evt.thread !== null && evt.thread.cloneTs !== 0n && evt.ts - evt.thread.cloneTs > CLONE_STALE_TIME_NS) {
        threads.remove(tid, true);
        evt.thread = null;
      }
      const parenttid = (flags & CL.CLONE_THREAD) !== 0 ? evt.int(4) : evt.int(5);
      if (evt.thread === null) {
        inverted = true;
        childtid = tid;
        tid = parenttid;
      } else {
        if (inContainer) {
          evt.thread.vtid = vtid;
          evt.thread.vpid = vpid;
        }
        return;
      }
    } else if (inContainer) {
      // The parent only sees the child's namespace-local tid: wait for the child's own exit.
      return;
    }

    let parent = threads.get(tid) ?? threads.fake(tid);
    if (parent === null) return;
    const validParent = !(parent.comm === '<NA>' && parent.uid === 0xffffffff);

    const existing = threads.get(childtid);
    if (existing !== undefined) {
      if ((existing.flags & CL.CLONE_INVERTED) !== 0) return;
      threads.remove(childtid, true);
      tidCollision = true;
    }

    const child = new ThreadInfo(childtid);
    child.ptid = tid;
    if (validParent) {
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
    } else {
      // The parent itself was never seen: take what the event says, and teach the parent too.
      threads.remove(tid, true);
      tidCollision = true;
      parent = threads.fake(tid);
      if (parent === null) return;
      child.exe = evt.str(1);
      child.comm = commIdx === -1 ? child.exe : evt.str(commIdx);
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
    child.exe = capStr(evt.str(1));
    child.comm = commIdx === -1 ? child.exe : capStr(evt.str(commIdx));
    // A fork's arguments are usually its parent's: keep that array rather than decode a copy.
    child.args = evt.listEquals(2, parent.args) ? parent.args : capList(evt.list(2));
    child.fdlimit = evt.int(7);
    if (hasVm) {
      child.pfmajor = evt.uint(8);
      child.pfminor = evt.uint(9);
      child.vmsizeKb = evt.uint(10);
      child.vmrssKb = evt.uint(11);
      child.vmswapKb = evt.uint(12);
    }
    child.uid = evt.uint(uidIdx);
    child.gid = evt.uint(uidIdx + 1);
    if (inContainer) {
      child.vtid = vtid;
      child.vpid = vpid;
    } else {
      child.vtid = child.tid;
      child.vpid = child.pid;
    }
    if (cgroupsIdx !== -1) {
      if (evt.has(20)) child.pidnsInitStartTs = evt.big(20);
      this.setCgroups(child, evt, cgroupsIdx);
    } else {
      // Old clone events carry no cgroups: the child stays in its parent's container.
      child.cgroups = parent.cgroups;
      child.containerId = parent.containerId;
    }
    child.cloneTs = evt.ts;
    threads.add(child, false);
    if (tidCollision) {
      // The event's own thread may have been replaced: look it up again.
      evt.thread = threads.get(evt.tid) ?? null;
    }
  }

  private execveExit(evt: Event): void {
    const t = evt.thread;
    const type = evt.type;
    if (evt.int(0) < 0 || t === null) return;
    const threads = this.state.threads;
    t.exe = capStr(evt.str(1));
    if (type === EXECVE_8_X || type === EXECVE_13_X || type === EXECVE_14_X) t.comm = t.exe;
    else t.comm = capStr(evt.str(13));
    t.args = capList(evt.list(2));
    t.pid = evt.int(4);
    threads.repid(t);
    if (t.ptid === -1) t.ptid = evt.int(5);
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
      this.setCgroups(t, evt, 14);
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
    if (type === EXECVE_18_X || type === EXECVE_19_X) {
      const enter = this.retrieveEnter(evt);
      if (enter !== null) {
        const filename = enter.str(0);
        t.exepath = filename.startsWith('<NA>') ? '<NA>' : concatPaths(threads.cwd(t), filename);
      }
    } else if (type === EXECVEAT_X) {
      const enter = this.retrieveEnter(evt);
      if (enter !== null) {
        const dirfd = enter.int(0);
        let pathname = enter.str(1);
        if (pathname.startsWith('<NA>')) t.exepath = '<NA>';
        else {
          const flags = enter.uint(2);
          const sdir = this.dirfdBase(evt, pathname, dirfd);
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
    if (type === EXECVE_19_X || type === EXECVEAT_X) t.vpgid = evt.int(17);
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
    const keep = t.flags & (CL.PIPE_SRC | CL.PIPE_DST | CL.IS_MAIN_THREAD | CL.CLONE_INVERTED);
    t.flags = CL.ACTIVE | keep | CL.NAME_CHANGED;
    t.exepath = capStr(t.exepath);
    threads.remeasure(t);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Files

  /** libsinsp's parse_dirfd: the directory a relative path is resolved against. */
  dirfdBase(evt: Event, name: string, dirfd: number): string {
    const t = evt.thread;
    if (name.charCodeAt(0) === 0x2f) return '.';
    if (t === null) return '';
    if (dirfd === PPM_AT_FDCWD) return this.state.threads.cwd(t);
    const fd = this.lookupFd(t, dirfd);
    evt.fd = fd;
    if (fd === null) return '<UNKNOWN>';
    return fd.name.endsWith('/') ? fd.name : `${fd.name}/`;
  }

  private openExit(evt: Event): void {
    const t = evt.thread;
    if (t === null) return;
    const threads = this.state.threads;
    const type = evt.type;
    const enter = this.retrieveEnter(evt);
    const fd = evt.int(0);
    let name: string;
    let flags: number;
    let dev = 0;
    let sdir: string;
    if (type === OPEN_X) {
      name = evt.str(1);
      flags = evt.uint(2);
      if (evt.nparams > 4) dev = evt.uint(4);
      if (enter !== null && enter.nparams >= 2 && enter.paramLen[0] !== 0) {
        const en = enter.str(0);
        if (en !== '(NULL)') {
          name = en;
          flags = enter.uint(1);
        }
      }
      sdir = threads.cwd(t);
    } else if (type === CREAT_X) {
      name = evt.str(1);
      flags = 0;
      if (evt.nparams > 3) dev = evt.uint(3);
      if (enter !== null && enter.nparams >= 1 && enter.paramLen[0] !== 0) {
        const en = enter.str(0);
        if (en !== '(NULL)') name = en;
      }
      sdir = threads.cwd(t);
    } else if (type === OPENAT_X) {
      // The old openat exit carries only the fd: everything else is on the enter event.
      if (enter === null) return;
      name = enter.str(1);
      flags = enter.uint(2);
      sdir = this.dirfdBase(evt, name, enter.int(0));
    } else {
      name = evt.str(2);
      flags = evt.uint(3);
      let dirfd = evt.int(1);
      if (type === OPENAT_2_X && evt.nparams > 5) dev = evt.uint(5);
      else if (type === OPENAT2_X && evt.nparams > 6) dev = evt.uint(6);
      if (enter !== null && enter.nparams >= 3 && enter.paramLen[1] !== 0) {
        const en = enter.str(1);
        if (en !== '(NULL)') {
          name = en;
          flags = enter.uint(2);
          dirfd = enter.int(0);
        }
      }
      sdir = this.dirfdBase(evt, name, dirfd);
    }
    const full = concatPaths(sdir, name);
    if (fd >= 0) {
      const info = new FdInfo((flags & PPM_O_DIRECTORY) !== 0 ? FdType.DIRECTORY : FdType.FILE_V2, full);
      info.nameRaw = name;
      info.openFlags = flags;
      info.dev = dev;
      if (type === OPEN_X && evt.nparams > 5) info.ino = evt.uint(5);
      evt.fd = threads.addFd(t, fd, info);
    }
  }

  private pipeExit(evt: Event): void {
    const t = evt.thread;
    if (evt.int(0) < 0 || t === null) return;
    const ino = evt.uint(3);
    for (const fd of [evt.int(1), evt.int(2)]) {
      const info = new FdInfo(FdType.FIFO, '');
      info.ino = ino;
      evt.fd = this.state.threads.addFd(t, fd, info);
    }
  }

  private simpleFdExit(evt: Event, kind: number): void {
    const t = evt.thread;
    if (t === null) return;
    const res = evt.int(0);
    if (res < 0) return;
    evt.fd = this.state.threads.addFd(t, res, new FdInfo(kind, ''));
  }

  private dupExit(evt: Event): void {
    const t = evt.thread;
    if (t === null) return;
    const res = evt.int(0);
    if (res < 0) return;
    if (res === 0) t.flags |= CL.PIPE_DST;
    if (res === 1) t.flags |= CL.PIPE_SRC;
    let src = evt.fd;
    if (src === null && evt.type !== DUP_X && evt.has(1)) {
      // dup2/dup3/dup exits of newer writers name the old fd themselves.
      src = this.lookupFd(t, evt.int(1));
    }
    if (src === null) return;
    evt.fd = this.state.threads.addFd(t, res, src.clone());
  }

  private closeExit(evt: Event): void {
    const t = evt.thread;
    if (evt.int(0) >= 0) {
      if (evt.fd === null || t === null) return;
      this.fdsToRemoveTid = t.tid;
      this.fdsToRemove[this.fdsToRemoveN++] = t.lastEventFd;
    } else if (evt.fd !== null) {
      evt.fd.flags &= ~FdFlag.CLOSE_IN_PROGRESS;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Sockets

  private socketExit(evt: Event): void {
    const fd = evt.int(0);
    if (fd < 0 || evt.thread === null) return;
    const enter = this.retrieveEnter(evt);
    if (enter === null) return;
    this.addSocket(evt, fd, enter.uint(0), enter.uint(1), enter.uint(2));
  }

  private addSocket(evt: Event, fd: number, domain: number, type: number, protocol: number): void {
    const t = evt.thread;
    if (t === null) return;
    const info = new FdInfo(FdType.UNKNOWN, '');
    if (domain === PPM_AF_UNIX) info.type = FdType.UNIX_SOCK;
    else if (domain === PPM_AF_INET || domain === PPM_AF_INET6) {
      info.type = domain === PPM_AF_INET ? FdType.IPV4_SOCK : FdType.IPV6_SOCK;
      let l4: number = L4.UNKNOWN;
      if (protocol === IPPROTO_TCP) l4 = type === SOCK_RAW ? L4.RAW : L4.TCP;
      else if (protocol === IPPROTO_UDP) l4 = type === SOCK_RAW ? L4.RAW : L4.UDP;
      else if (protocol === IPPROTO_IP) {
        if ((type & 0xff) === SOCK_STREAM) l4 = L4.TCP;
        else if ((type & 0xff) === SOCK_DGRAM) l4 = L4.UDP;
      } else if (protocol === IPPROTO_ICMP) l4 = type === SOCK_RAW ? L4.RAW : L4.ICMP;
      else if (protocol === IPPROTO_RAW) l4 = L4.RAW;
      info.l4proto = l4;
    } else if (domain === PPM_AF_NETLINK) info.type = FdType.NETLINK;
    // libsinsp (built with INCLUDE_UNKNOWN_SOCKET_FDS) keeps sockets of other families too, as type unknown.
    evt.fd = this.state.threads.addFd(t, fd, info);
  }

  private inferSendtoFd(evt: Event): void {
    const fd = evt.int(0);
    if (fd < 0) return;
    const family = evt.byteAt(2, 0);
    if (family === 2 || family === 10)
      this.addSocket(evt, fd, family === 2 ? PPM_AF_INET : PPM_AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
  }

  private bindExit(evt: Event): void {
    const fd = evt.fd;
    if (fd === null || evt.int(0) < 0) return;
    if (!evt.has(1) || evt.paramLen[1] === 0) return;
    const b = evt.buf;
    const o = evt.paramOff[1];
    const len = evt.paramLen[1];
    const family = b[o];
    if (family === PPM_AF_INET && len >= 7) {
      const ip = ipv4FromBytes(b, o + 1);
      const port = evt.dv.getUint16(o + 5, true);
      if (port > 0) {
        fd.type = FdType.IPV4_SERVSOCK;
        fd.sip = ip;
        fd.sport = port;
        fd.setRoleServer();
      }
    } else if (family === PPM_AF_INET6 && len >= 19) {
      const port = evt.dv.getUint16(o + 17, true);
      if (port > 0) {
        if (isIpv4MappedIpv6(b, o + 1)) {
          fd.type = FdType.IPV4_SERVSOCK;
          fd.sip = ipv4FromBytes(b, o + 13);
        } else {
          fd.type = FdType.IPV6_SERVSOCK;
          fd.sip6 = b.slice(o + 1, o + 17);
        }
        fd.sport = port;
        fd.setRoleServer();
      }
    }
    fd.name = sockaddrText(evt, 1, fd);
  }

  private connectEnter(evt: Event): void {
    const fd = evt.fd;
    if (fd === null || evt.nparams < 2 || evt.paramLen[1] === 0) return;
    const b = evt.buf;
    const o = evt.paramOff[1];
    const len = evt.paramLen[1];
    const family = b[o];
    if (family === PPM_AF_INET && len >= 7) {
      fd.type = FdType.IPV4_SOCK;
      fd.dip = ipv4FromBytes(b, o + 1);
      fd.dport = evt.dv.getUint16(o + 5, true);
    } else if (family === PPM_AF_INET6 && len >= 19) {
      const port = evt.dv.getUint16(o + 17, true);
      if (isIpv4MappedIpv6(b, o + 1)) {
        fd.type = FdType.IPV4_SOCK;
        fd.dip = ipv4FromBytes(b, o + 13);
      } else {
        fd.type = FdType.IPV6_SOCK;
        fd.dip6 = b.slice(o + 1, o + 17);
      }
      fd.dport = port;
    } else {
      fd.name = sockaddrText(evt, 1, fd);
      if (family === PPM_AF_UNIX && len >= 17) setUnixInfo(fd, evt, o);
    }
  }

  private connectExit(evt: Event): void {
    const fd = evt.fd;
    if (fd === null) return;
    const res = evt.int(0);
    if (res < 0 && res !== -SE_EINPROGRESS) return;
    fd.setConnected();
    if (!evt.has(1) || evt.paramLen[1] === 0) return;
    this.fillClientSocket(evt, fd, evt.paramOff[1], evt.paramLen[1]);
  }

  private fillClientSocket(evt: Event, fd: FdInfo, o: number, len: number): void {
    const b = evt.buf;
    const family = b[o];
    if (family === PPM_AF_INET || family === PPM_AF_INET6) {
      let changed: boolean;
      if (family === PPM_AF_INET6) {
        if (len < 37) return;
        if (!(isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19))) {
          fd.type = FdType.IPV6_SOCK;
          changed = setIpv6Tuple(fd, evt, o);
        } else {
          fd.type = FdType.IPV4_SOCK;
          changed = updateIpv4Tuple(
            fd,
            ipv4FromBytes(b, o + 13),
            evt.dv.getUint16(o + 17, true),
            ipv4FromBytes(b, o + 31),
            evt.dv.getUint16(o + 35, true),
          );
        }
      } else {
        if (len < 13) return;
        fd.type = FdType.IPV4_SOCK;
        changed = updateIpv4Tuple(
          fd,
          ipv4FromBytes(b, o + 1),
          evt.dv.getUint16(o + 5, true),
          ipv4FromBytes(b, o + 7),
          evt.dv.getUint16(o + 11, true),
        );
      }
      if (changed && fd.isServerRole && fd.type === FdType.IPV4_SOCK && fd.l4proto === L4.UDP) swapAddresses(fd);
      fd.name = socketName(fd);
    } else {
      fd.name = socktupleText(evt, o, len, fd);
      if (family === PPM_AF_UNIX && len >= 17) setUnixInfo(fd, evt, o);
    }
    if (fd.roleNone) fd.setRoleClient();
  }

  private acceptExit(evt: Event): void {
    const t = evt.thread;
    if (t === null) return;
    const fdnum = evt.int(0);
    if (fdnum < 0) return;
    t.lastEventFd = fdnum;
    if (!evt.has(1) || evt.paramLen[1] === 0) return;
    const b = evt.buf;
    const o = evt.paramOff[1];
    const len = evt.paramLen[1];
    const info = new FdInfo(FdType.UNKNOWN, '');
    const family = b[o];
    if (family === PPM_AF_INET && len >= 13) {
      info.type = FdType.IPV4_SOCK;
      updateIpv4Tuple(
        info,
        ipv4FromBytes(b, o + 1),
        evt.dv.getUint16(o + 5, true),
        ipv4FromBytes(b, o + 7),
        evt.dv.getUint16(o + 11, true),
      );
      info.l4proto = L4.TCP;
    } else if (family === PPM_AF_INET6 && len >= 37) {
      if (isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19)) {
        info.type = FdType.IPV4_SOCK;
        updateIpv4Tuple(
          info,
          ipv4FromBytes(b, o + 13),
          evt.dv.getUint16(o + 17, true),
          ipv4FromBytes(b, o + 31),
          evt.dv.getUint16(o + 35, true),
        );
      } else {
        info.type = FdType.IPV6_SOCK;
        setIpv6Tuple(info, evt, o);
      }
      info.l4proto = L4.TCP;
    } else if (family === PPM_AF_UNIX) {
      info.type = FdType.UNIX_SOCK;
      if (len >= 17) setUnixInfo(info, evt, o);
    } else {
      return;
    }
    info.name = socktupleText(evt, o, len, info);
    info.flags = FdFlag.ROLE_SERVER | FdFlag.SOCKET_CONNECTED;
    evt.fd = this.state.threads.addFd(t, fdnum, info);
  }

  private socketpairExit(evt: Event): void {
    const t = evt.thread;
    if (evt.int(0) < 0 || t === null) return;
    const info = new FdInfo(FdType.UNIX_SOCK, '');
    info.unixSource = evt.big(3);
    info.unixDest = evt.big(4);
    evt.fd = this.state.threads.addFd(t, evt.int(1), info);
    this.state.threads.addFd(t, evt.int(2), info.clone());
  }

  /** libsinsp's parse_rw_exit, for what it changes in the state: socket tuples learned from I/O. */
  private rwExit(evt: Event): void {
    const fd = evt.fd;
    if (fd === null) return;
    const res = evt.int(0);
    if (res < 0) return;
    const type = evt.type;
    if (fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV6_SOCK) fd.setConnected();
    const reads = (FLAGS[type] & EF_READS_FROM_FD) !== 0;
    let tupleSrc: Event | null = null;
    let tupleIdx = -1;
    if (reads) {
      if (type === RECVFROM_X) tupleIdx = 2;
      else if (type === RECVMSG_X) tupleIdx = 3;
      tupleSrc = evt;
    } else if (type === SENDTO_X || type === SENDMSG_X) {
      tupleIdx = 2;
    }
    if (tupleIdx === -1) return;
    // libsinsp's is_tcp_socket: IPv4 only.
    const isTcp = fd.type === FdType.IPV4_SOCK && fd.l4proto === L4.TCP;
    if (fd.name.length !== 0 && isTcp) return;
    if (!reads) {
      tupleSrc = this.retrieveEnter(evt);
      if (tupleSrc === null) return;
    }
    if (tupleSrc === null || !tupleSrc.has(tupleIdx) || tupleSrc.paramLen[tupleIdx] === 0) return;
    if (!this.updateFd(evt, fd, tupleSrc, tupleIdx)) return;
    if (fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV6_SOCK) {
      if (fd.roleNone) this.guessRole(evt, fd, reads);
      if (reads ? (fd.flags & FdFlag.ROLE_CLIENT) !== 0 : fd.isServerRole) swapAddresses(fd);
      fd.name = socketName(fd);
    } else {
      fd.name = socktupleText(tupleSrc, tupleSrc.paramOff[tupleIdx], tupleSrc.paramLen[tupleIdx], fd);
    }
  }

  /** libsinsp's update_fd: a socket's tuple from a sendto/recvfrom address. */
  private updateFd(evt: Event, fd: FdInfo, src: Event, idx: number): boolean {
    const b = src.buf;
    const o = src.paramOff[idx];
    const len = src.paramLen[idx];
    const family = b[o];
    if (family === PPM_AF_INET) {
      if (len < 13) return false;
      fd.type = FdType.IPV4_SOCK;
      if (
        !updateIpv4Tuple(
          fd,
          ipv4FromBytes(b, o + 1),
          src.dv.getUint16(o + 5, true),
          ipv4FromBytes(b, o + 7),
          src.dv.getUint16(o + 11, true),
        )
      )
        return false;
    } else if (family === PPM_AF_INET6) {
      if (len < 37) return false;
      if (isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19)) {
        fd.type = FdType.IPV4_SOCK;
        if (
          !updateIpv4Tuple(
            fd,
            ipv4FromBytes(b, o + 13),
            src.dv.getUint16(o + 17, true),
            ipv4FromBytes(b, o + 31),
            src.dv.getUint16(o + 35, true),
          )
        )
          return false;
      } else if (!setIpv6Tuple(fd, src, o)) return false;
    } else if (family === PPM_AF_UNIX) {
      fd.type = FdType.UNIX_SOCK;
      if (len >= 17) setUnixInfo(fd, src, o);
      fd.name = len > 17 ? cstr(b, o + 17, o + len) : '';
      return true;
    }
    if ((fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV6_SOCK) && fd.l4proto === L4.UNKNOWN)
      fd.l4proto = L4.UDP;
    this.inferMissingEnd(fd);
    void evt;
    return true;
  }

  /** sinsp_network_interfaces::update_fd: fills an all-zero end of a UDP tuple with a local address. */
  private inferMissingEnd(fd: FdInfo): void {
    if (fd.type === FdType.IPV6_SOCK) {
      const sz = isZero16(fd.sip6);
      const dz = isZero16(fd.dip6);
      if (!sz && !dz) return;
      const ifs = this.state.interfaces;
      if (sz) {
        const a = ifs.inferIpv6(fd.dip6);
        if (sameBytes(a, fd.dip6, 0) && fd.sport === fd.dport) return;
        fd.sip6 = a;
      } else {
        const a = ifs.inferIpv6(fd.sip6);
        if (sameBytes(a, fd.sip6, 0) && fd.sport === fd.dport) return;
        fd.dip6 = a;
      }
      return;
    }
    if (fd.type !== FdType.IPV4_SOCK) return;
    if (fd.sip !== 0 && fd.dip !== 0) return;
    const ifs = this.state.interfaces;
    if (fd.sip === 0) {
      const a = ifs.inferIpv4(fd.dip);
      if (a === fd.dip && fd.sport === fd.dport) return;
      fd.sip = a;
    } else {
      const a = ifs.inferIpv4(fd.sip);
      if (a === fd.sip && fd.sport === fd.dport) return;
      fd.dip = a;
    }
  }

  /** libsinsp's set_net_role_by_guessing. */
  private guessRole(evt: Event, fd: FdInfo, incoming: boolean): void {
    const t = evt.thread;
    if (t === null) return;
    const table = this.state.threads.fdTable(t);
    let bound = false;
    let usesClientPort = false;
    if (table !== null) {
      for (const f of table.values()) {
        if (f.type === FdType.IPV4_SOCK && f.dport === fd.dport) bound = true;
        else if (f.type === FdType.IPV4_SERVSOCK && f.sport === fd.dport) bound = true;
        if (f.type === FdType.IPV4_SOCK && f.sport === fd.sport) usesClientPort = true;
      }
    }
    if (!bound) {
      fd.setRoleClient();
      return;
    }
    if (!usesClientPort) {
      fd.setRoleServer();
      return;
    }
    if (fd.roleNone) {
      if (incoming) fd.setRoleServer();
      else fd.setRoleClient();
    }
  }
}

// -------------------------------------------------------------------------------------------------------------
// Helpers shared by the socket parsers

function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}

function cstr(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end && b[i] !== 0; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** libsinsp's update_ipv4_addresses_and_ports: true when the tuple changed. */
function updateIpv4Tuple(fd: FdInfo, sip: number, sport: number, dip: number, dport: number): boolean {
  if (fd.type === FdType.IPV4_SOCK) {
    if (
      (sip === fd.sip && sport === fd.sport && dip === fd.dip && dport === fd.dport) ||
      (dip === fd.sip && dport === fd.sport && sip === fd.dip && sport === fd.dport)
    ) {
      return false;
    }
  }
  let changed = false;
  if (fd.sip !== sip) {
    fd.sip = sip;
    changed = true;
  }
  if (fd.sport !== sport) {
    fd.sport = sport;
    changed = true;
  }
  if (fd.dip === 0) {
    fd.dip = dip;
    changed = true;
  }
  if (fd.dport === 0) {
    fd.dport = dport;
    changed = true;
  }
  return changed;
}

function sameBytes(a: Uint8Array, b: Uint8Array, bo: number): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[bo + i]) return false;
  return true;
}

function isZero16(a: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== 0) return false;
  return true;
}

/** libsinsp's set_ipv6_addresses_and_ports (the tuple starts at `o`, family byte first). */
function setIpv6Tuple(fd: FdInfo, evt: Event, o: number): boolean {
  const b = evt.buf;
  const sport = evt.dv.getUint16(o + 17, true);
  const dport = evt.dv.getUint16(o + 35, true);
  if (fd.type === FdType.IPV6_SOCK) {
    if (
      (sameBytes(fd.sip6, b, o + 1) && sport === fd.sport && sameBytes(fd.dip6, b, o + 19) && dport === fd.dport) ||
      (sameBytes(fd.sip6, b, o + 19) && dport === fd.sport && sameBytes(fd.dip6, b, o + 1) && sport === fd.dport)
    ) {
      return false;
    }
  }
  let changed = false;
  if (!sameBytes(fd.sip6, b, o + 1)) {
    fd.sip6 = b.slice(o + 1, o + 17);
    changed = true;
  }
  if (fd.sport !== sport) {
    fd.sport = sport;
    changed = true;
  }
  if (isZero16(fd.dip6)) {
    fd.dip6 = b.slice(o + 19, o + 35);
    changed = true;
  }
  if (fd.dport === 0) {
    fd.dport = dport;
    changed = true;
  }
  return changed;
}

function setUnixInfo(fd: FdInfo, evt: Event, o: number): void {
  fd.unixSource = evt.dv.getBigUint64(o + 1, true);
  fd.unixDest = evt.dv.getBigUint64(o + 9, true);
}

function swapAddresses(fd: FdInfo): void {
  if (fd.type === FdType.IPV4_SOCK) {
    const ip = fd.sip;
    fd.sip = fd.dip;
    fd.dip = ip;
  } else {
    const ip = fd.sip6;
    fd.sip6 = fd.dip6;
    fd.dip6 = ip;
  }
  const port = fd.sport;
  fd.sport = fd.dport;
  fd.dport = port;
}

/** The l4 protocol libsinsp prints with an address (get_l4proto: unknown while a client socket has no role). */
export function fdL4(fd: FdInfo): number {
  if (fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV6_SOCK) {
    if (fd.l4proto === L4.RAW) return L4.RAW;
    if (fd.roleNone) return L4.NA;
    return fd.l4proto;
  }
  if (fd.type === FdType.IPV4_SERVSOCK || fd.type === FdType.IPV6_SERVSOCK) return fd.l4proto;
  return L4.NA;
}

/** A SOCKADDR parameter as evt.args prints it with PF_SIMPLE (libsinsp's get_param_as_str). */
export function sockaddrText(evt: Event, idx: number, fd: FdInfo | null): string {
  if (!evt.has(idx) || evt.paramLen[idx] === 0) return 'NULL';
  const b = evt.buf;
  const o = evt.paramOff[idx];
  const len = evt.paramLen[idx];
  const family = b[o];
  if (family === PPM_AF_UNIX) return sanitize(cstr(b, o + 1, o + len));
  if (family === PPM_AF_INET) {
    if (len !== 7) return 'INVALID IPv4';
    return `${ipv4ToString(ipv4FromBytes(b, o + 1))}:${evt.dv.getUint16(o + 5, true)}`;
  }
  if (family === PPM_AF_INET6) {
    if (len !== 19) return 'INVALID IPv6';
    return `${ipv6ToString(b.subarray(o + 1, o + 17))}:${evt.dv.getUint16(o + 17, true)}`;
  }
  void fd;
  return `family ${family}`;
}

/** A SOCKTUPLE parameter (at absolute offset `o`) as libsinsp prints it. */
export function socktupleText(evt: Event, o: number, len: number, fd: FdInfo | null): string {
  if (len === 0) return 'NULL';
  const b = evt.buf;
  const family = b[o];
  void fd;
  if (family === PPM_AF_INET) {
    if (len !== 13) return 'INVALID IPv4';
    const t = new FdInfo(FdType.IPV4_SOCK, '');
    t.sip = ipv4FromBytes(b, o + 1);
    t.sport = evt.dv.getUint16(o + 5, true);
    t.dip = ipv4FromBytes(b, o + 7);
    t.dport = evt.dv.getUint16(o + 11, true);
    return ipv4TupleName(t);
  }
  if (family === PPM_AF_INET6) {
    if (len !== 37) return 'INVALID IPv6';
    if (isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19)) {
      const t = new FdInfo(FdType.IPV4_SOCK, '');
      t.sip = ipv4FromBytes(b, o + 13);
      t.sport = evt.dv.getUint16(o + 17, true);
      t.dip = ipv4FromBytes(b, o + 31);
      t.dport = evt.dv.getUint16(o + 35, true);
      return ipv4TupleName(t);
    }
    const t = new FdInfo(FdType.IPV6_SOCK, '');
    t.sip6 = b.subarray(o + 1, o + 17);
    t.sport = evt.dv.getUint16(o + 17, true);
    t.dip6 = b.subarray(o + 19, o + 35);
    t.dport = evt.dv.getUint16(o + 35, true);
    return ipv6TupleName(t);
  }
  if (family === PPM_AF_UNIX) {
    if (len < 17) return '';
    const src = evt.dv.getBigUint64(o + 1, true).toString(16);
    const dst = evt.dv.getBigUint64(o + 9, true).toString(16);
    return `${src}->${dst} ${sanitize(cstr(b, o + 17, o + len))}`;
  }
  return `family ${family}`;
}

/** libsinsp's sanitize_string: drops every non-printable character. */
export function sanitize(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) {
      let out = '';
      for (let j = 0; j < s.length; j++) {
        const d = s.charCodeAt(j);
        if (d >= 0x20 && d < 0x7f) out += s[j];
      }
      return out;
    }
  }
  return s;
}

/** add_fd_from_scap: an fd of the capture's fd list as libsinsp names it. */
function fdFromScap(e: FdEntry): FdInfo | null {
  const f = new FdInfo(e.type, '');
  f.flags = FdFlag.FROM_PROC;
  f.ino = e.ino;
  switch (e.type) {
    case FdType.IPV4_SOCK:
      f.sip = e.sip === null ? 0 : ipv4FromBytes(e.sip, 0);
      f.dip = e.dip === null ? 0 : ipv4FromBytes(e.dip, 0);
      f.sport = e.sport;
      f.dport = e.dport;
      f.l4proto = e.l4proto;
      if (e.l4proto === L4.TCP) f.flags |= FdFlag.SOCKET_CONNECTED;
      f.name = ipv4TupleName(f);
      return f;
    case FdType.IPV4_SERVSOCK:
      f.sip = e.sip === null ? 0 : ipv4FromBytes(e.sip, 0);
      f.sport = e.sport;
      f.l4proto = e.l4proto;
      f.name = `${ipv4ToString(f.sip)}:${f.sport}`;
      return f;
    case FdType.IPV6_SOCK:
      if (e.sip !== null && e.dip !== null && isIpv4MappedIpv6(e.sip, 0) && isIpv4MappedIpv6(e.dip, 0)) {
        f.type = FdType.IPV4_SOCK;
        f.sip = ipv4FromBytes(e.sip, 12);
        f.dip = ipv4FromBytes(e.dip, 12);
        f.sport = e.sport;
        f.dport = e.dport;
        f.l4proto = e.l4proto;
        if (e.l4proto === L4.TCP) f.flags |= FdFlag.SOCKET_CONNECTED;
        f.name = ipv4TupleName(f);
        return f;
      }
      f.sip6 = e.sip ?? new Uint8Array(16);
      f.dip6 = e.dip ?? new Uint8Array(16);
      f.sport = e.sport;
      f.dport = e.dport;
      f.l4proto = e.l4proto;
      if (e.l4proto === L4.TCP) f.flags |= FdFlag.SOCKET_CONNECTED;
      f.name = ipv6TupleName(f);
      return f;
    case FdType.IPV6_SERVSOCK:
      f.sip6 = e.sip ?? new Uint8Array(16);
      f.sport = e.sport;
      f.l4proto = e.l4proto;
      f.name = `${ipv6ToString(f.sip6)}:${f.sport}`;
      return f;
    case FdType.UNIX_SOCK:
      f.unixSource = e.unixSource;
      f.unixDest = e.unixDest;
      f.name = e.name;
      if (e.name === '') f.setRoleClient();
      else f.setRoleServer();
      return f;
    case FdType.FILE_V2:
      f.openFlags = e.openFlags;
      f.name = e.name;
      f.dev = e.dev;
      return f;
    case FdType.FIFO:
    case FdType.FILE:
    case FdType.DIRECTORY:
    case FdType.UNSUPPORTED:
    case FdType.SIGNALFD:
    case FdType.EVENTPOLL:
    case FdType.EVENT:
    case FdType.INOTIFY:
    case FdType.TIMERFD:
    case FdType.NETLINK:
    case FdType.BPF:
    case FdType.USERFAULTFD:
    case FdType.IOURING:
    case FdType.MEMFD:
    case FdType.PIDFD:
      f.name = e.name;
      return f;
    default:
      return null;
  }
}

/** The part of the state an event code's handler maintains (stateGroup). */
export const STATE_NONE = 0;
/** Processes, fds, users and containers: what every field may read. */
export const STATE_CORE = 1;
/** Memory and page-fault counters (mmap/munmap/brk exits, scheduler switches). */
export const STATE_MEMORY = 2;
/** Socket tuples, roles and the connected flag learned from reads and writes, and fds inferred from sendto. */
export const STATE_IO = 3;

export function stateGroup(type: number): number {
  const h = HANDLER[type];
  if (h === 0) return STATE_NONE;
  // A stored enter serves its exit's handler only (and, through evt.enter, fields of that exit, which decode
  // both directions anyway): it belongs to the exit's group.
  if (h === H_STORE) return (type & 1) === 0 && HANDLER[type | 1] !== H_STORE ? stateGroup(type | 1) : STATE_CORE;
  if (h === H_VM_EXIT || h === H_SCHEDSWITCH) return STATE_MEMORY;
  if (h === H_RW_EXIT || h === H_SENDTO_ENTER) return STATE_IO;
  return STATE_CORE;
}

/**
 * Whether events of this code change the thread, fd, user or container tables, or carry what their exit needs:
 * what a filtered capture must keep, as state-only events, to replay to the same processes and fds.
 */
export function affectsState(type: number): boolean {
  return stateGroup(type) === STATE_CORE;
}

/**
 * Whether events of this code look their thread up without creating it (libsinsp's EF_SKIPPARSERESET events such
 * as procinfo, and scheduler switches): they can see the placeholder thread an earlier event of any type made.
 */
export function findsThreadOnly(type: number): boolean {
  return (FLAGS[type] & EF_SKIPPARSERESET) !== 0 || type === SCHEDSWITCH_6_E;
}

/**
 * Whether the fields of an event of this code can read an fd that existed before it: it uses or closes one, or
 * names one in a parameter (a dirfd, dup's old fd, poll's list). The I/O handlers change such fds (STATE_IO);
 * an open, socket or accept exit, whose only fd is the one it creates, cannot see those changes.
 */
export function refersToExistingFd(type: number): boolean {
  const flags = FLAGS[type];
  if ((flags & (EF_USES_FD | EF_DESTROYS_FD)) !== 0) return true;
  const params = EVENT_TABLE[type]?.params ?? [];
  const exitCreates = (type & 1) === 1 && (flags & EF_CREATES_FD) !== 0;
  for (let i = 0; i < params.length; i++) {
    const t = params[i].type;
    if (t === 'FDLIST' || ((t === 'FD' || t === 'FD32') && !(i === 0 && exitCreates))) return true;
  }
  return false;
}

/** Whether an event's fd links make sense (fd fields answer for these events only). */
export function eventUsesFd(type: number): boolean {
  return (FLAGS[type] & (EF_CREATES_FD | EF_USES_FD | EF_DESTROYS_FD)) !== 0;
}
