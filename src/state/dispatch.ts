// The one table of what the state parser does per event code: code → handler, built once, and the switch that
// runs it (one Uint8Array read and a switch on small literals per event). The handlers live in handlers/, one
// module per concern; what each event code maintains (stateGroup and friends) is derived from this table too.
import { code } from '../capture/codes.ts';
import {
  EF_CREATES_FD,
  EF_DESTROYS_FD,
  EF_SKIPPARSERESET,
  EF_USES_FD,
  EVENT_TABLE,
  PPM_EVENT_MAX,
} from '../capture/event-table.ts';
import type { Event } from './event.ts';
import { FLAGS } from './event-layout.ts';
import { FdType } from './fd.ts';
import {
  chdirExit,
  closeEnter,
  closeExit,
  closeRangeExit,
  dupExit,
  fchdirExit,
  fcntlEnter,
  fcntlExit,
  getcwdExit,
  memfdCreateExit,
  openExit,
  pidfdOpenExit,
  pipeExit,
  singleFdExit,
} from './handlers/files.ts';
import {
  capsetExit,
  chrootExit,
  ID_CHANGE_EXITS,
  setIdExit,
  setsidExit,
  unshareSetnsExit,
} from './handlers/identity.ts';
import { schedSwitch, vmExit } from './handlers/memory.ts';
import { containerJson, containerOld, genericEnter, genericExit, groupAdded, userAdded } from './handlers/meta.ts';
import { CLONE_EXITS, cloneExit, execveExit, prctlExit, procExit } from './handlers/processes.ts';
import { rlimitExit } from './handlers/rlimits.ts';
import { rwExit } from './handlers/socket-io.ts';
import {
  acceptExit,
  bindExit,
  connectEnter,
  connectExit,
  sendtoEnter,
  socketExit,
  socketpairExit,
} from './handlers/sockets.ts';
import type { StateParser } from './parser.ts';

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
const H_SET_ID_EXIT = 28;
const H_CONTAINER_OLD = 29;
const H_CONTAINER_JSON = 30;
const H_CHROOT_EXIT = 31;
const H_SETSID_EXIT = 32;
const H_SENDTO_ENTER = 33;
const H_USER_ADDED = 34;
const H_GROUP_ADDED = 35;
const H_CAPSET_EXIT = 36;
const H_UNSHARE_SETNS_EXIT = 37;
const H_RLIMIT_EXIT = 38;
const H_MEMFD_EXIT = 39;
const H_PIDFD_OPEN_EXIT = 40;
const H_CLOSE_RANGE_EXIT = 41;
const H_EPOLL_EXIT = 42;
const H_BPF_EXIT = 43;
const H_USERFAULTFD_EXIT = 44;
const H_IO_URING_EXIT = 45;
const H_GENERIC_ENTER = 46;
const H_GENERIC_EXIT = 47;
const H_PRCTL_EXIT = 48;

const HANDLER = new Uint8Array(PPM_EVENT_MAX);
function on(handler: number, ...ids: string[]): void {
  for (const id of ids) HANDLER[code(id)] = handler;
}
// Enters whose exit reads them (libsinsp's store_event).
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
for (const c of CLONE_EXITS) HANDLER[c] = H_CLONE_EXIT;
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
on(H_SET_ID_EXIT, ...ID_CHANGE_EXITS);
on(H_CONTAINER_OLD, 'CONTAINER_E');
on(H_CONTAINER_JSON, 'CONTAINER_JSON_E', 'CONTAINER_JSON_2_E');
on(H_CHROOT_EXIT, 'SYSCALL_CHROOT_X');
on(H_SETSID_EXIT, 'SYSCALL_SETSID_X');
on(H_USER_ADDED, 'USER_ADDED_E');
on(H_GROUP_ADDED, 'GROUP_ADDED_E');
on(H_CAPSET_EXIT, 'SYSCALL_CAPSET_X');
on(H_UNSHARE_SETNS_EXIT, 'SYSCALL_UNSHARE_X', 'SYSCALL_SETNS_X');
on(H_RLIMIT_EXIT, 'SYSCALL_GETRLIMIT_X', 'SYSCALL_SETRLIMIT_X', 'SYSCALL_PRLIMIT_X');
on(H_MEMFD_EXIT, 'SYSCALL_MEMFD_CREATE_X');
on(H_PIDFD_OPEN_EXIT, 'SYSCALL_PIDFD_OPEN_X');
on(H_CLOSE_RANGE_EXIT, 'SYSCALL_CLOSE_RANGE_X');
on(H_EPOLL_EXIT, 'SYSCALL_EPOLL_CREATE_X', 'SYSCALL_EPOLL_CREATE1_X');
on(H_BPF_EXIT, 'SYSCALL_BPF_2_X');
on(H_USERFAULTFD_EXIT, 'SYSCALL_USERFAULTFD_X');
on(H_IO_URING_EXIT, 'SYSCALL_IO_URING_SETUP_X');
on(H_GENERIC_ENTER, 'GENERIC_E');
on(H_GENERIC_EXIT, 'GENERIC_X');
on(H_PRCTL_EXIT, 'SYSCALL_PRCTL_X');

/** Exits that create a thread: they never look the thread up in /proc and never mark it active. */
export const IS_CLONE_EXIT = new Uint8Array(PPM_EVENT_MAX);
for (let c = 0; c < PPM_EVENT_MAX; c++) if (HANDLER[c] === H_CLONE_EXIT) IS_CLONE_EXIT[c] = 1;

/**
 * Handlers that cannot change what a process's fields (name, exe path, command line, directory, tty, ids, parent,
 * container) read, nor the user or container tables: events of these codes leave SystemState.epoch alone. Why each
 * is safe: a stored enter only keeps its bytes for the exit; the fd handlers (open, pipe, socket, bind, connect,
 * accept, close, fcntl, dup, socketpair, the single-fd creators, memfd, pidfd, close_range) change fds and the
 * thread's last-event fd (and pipe's PIPE_SRC/DST flags, which no process field reads); reads and writes, sendto
 * and scheduler switches and mmap/munmap/brk change socket tuples and memory or page-fault counters; the generic
 * events keep or consume an enter. A thread any of them creates or reads from /proc goes through the thread table,
 * which counts its own changes. Everything else (clone, execve, procexit, chdir, fchdir, getcwd, the set*id calls,
 * setsid, capset, chroot, unshare, setns, prctl, rlimits, users and groups added, containers), and any handler
 * added later, bumps: a new handler is conservative until someone writes down why it is safe.
 */
const KEEPS_PROCESS_FIELDS = new Uint8Array(PPM_EVENT_MAX);
for (let c = 0; c < PPM_EVENT_MAX; c++) {
  switch (HANDLER[c]) {
    case 0:
    case H_STORE:
    case H_SENDTO_ENTER:
    case H_RW_EXIT:
    case H_OPEN_EXIT:
    case H_PIPE_EXIT:
    case H_SOCKET_EXIT:
    case H_BIND_EXIT:
    case H_CONNECT_ENTER:
    case H_CONNECT_EXIT:
    case H_ACCEPT_EXIT:
    case H_CLOSE_ENTER:
    case H_CLOSE_EXIT:
    case H_FCNTL_ENTER:
    case H_FCNTL_EXIT:
    case H_EVENTFD_EXIT:
    case H_SIGNALFD_EXIT:
    case H_TIMERFD_EXIT:
    case H_INOTIFY_EXIT:
    case H_DUP_EXIT:
    case H_SOCKETPAIR_EXIT:
    case H_SCHEDSWITCH:
    case H_VM_EXIT:
    case H_MEMFD_EXIT:
    case H_PIDFD_OPEN_EXIT:
    case H_CLOSE_RANGE_EXIT:
    case H_EPOLL_EXIT:
    case H_BPF_EXIT:
    case H_USERFAULTFD_EXIT:
    case H_IO_URING_EXIT:
    case H_GENERIC_ENTER:
    case H_GENERIC_EXIT:
      KEEPS_PROCESS_FIELDS[c] = 1;
  }
}

/** Runs the handler of the event's code (after the parser paired it with its thread, enter and fd). */
export function dispatch(p: StateParser, evt: Event, type: number): void {
  if (KEEPS_PROCESS_FIELDS[type] === 0) p.state.changes++;
  switch (HANDLER[type]) {
    case 0:
      break;
    case H_STORE:
      p.store(evt);
      break;
    case H_SENDTO_ENTER:
      sendtoEnter(p, evt);
      break;
    case H_RW_EXIT:
      rwExit(p, evt);
      break;
    case H_OPEN_EXIT:
      openExit(p, evt);
      break;
    case H_CLONE_EXIT:
      cloneExit(p, evt);
      break;
    case H_EXECVE_EXIT:
      execveExit(p, evt);
      break;
    case H_PROCEXIT:
      procExit(p, evt);
      break;
    case H_PIPE_EXIT:
      pipeExit(p, evt);
      break;
    case H_SOCKET_EXIT:
      socketExit(p, evt);
      break;
    case H_BIND_EXIT:
      bindExit(p, evt);
      break;
    case H_CONNECT_ENTER:
      connectEnter(p, evt);
      break;
    case H_CONNECT_EXIT:
      connectExit(p, evt);
      break;
    case H_ACCEPT_EXIT:
      acceptExit(p, evt);
      break;
    case H_CLOSE_ENTER:
      closeEnter(p, evt);
      break;
    case H_CLOSE_EXIT:
      closeExit(p, evt);
      break;
    case H_FCNTL_ENTER:
      fcntlEnter(p, evt);
      break;
    case H_FCNTL_EXIT:
      fcntlExit(p, evt);
      break;
    case H_EVENTFD_EXIT:
      singleFdExit(p, evt, FdType.EVENT);
      break;
    case H_SIGNALFD_EXIT:
      singleFdExit(p, evt, FdType.SIGNALFD);
      break;
    case H_TIMERFD_EXIT:
      singleFdExit(p, evt, FdType.TIMERFD);
      break;
    case H_INOTIFY_EXIT:
      singleFdExit(p, evt, FdType.INOTIFY);
      break;
    case H_CHDIR_EXIT:
      chdirExit(p, evt);
      break;
    case H_FCHDIR_EXIT:
      fchdirExit(p, evt);
      break;
    case H_GETCWD_EXIT:
      getcwdExit(p, evt);
      break;
    case H_DUP_EXIT:
      dupExit(p, evt);
      break;
    case H_SOCKETPAIR_EXIT:
      socketpairExit(p, evt);
      break;
    case H_SCHEDSWITCH:
      schedSwitch(p, evt);
      break;
    case H_VM_EXIT:
      vmExit(p, evt);
      break;
    case H_SET_ID_EXIT:
      setIdExit(p, evt);
      break;
    case H_CONTAINER_OLD:
      containerOld(p, evt);
      break;
    case H_CONTAINER_JSON:
      containerJson(p, evt);
      break;
    case H_CHROOT_EXIT:
      chrootExit(p, evt);
      break;
    case H_SETSID_EXIT:
      setsidExit(p, evt);
      break;
    case H_USER_ADDED:
      userAdded(p, evt);
      break;
    case H_GROUP_ADDED:
      groupAdded(p, evt);
      break;
    case H_CAPSET_EXIT:
      capsetExit(p, evt);
      break;
    case H_UNSHARE_SETNS_EXIT:
      unshareSetnsExit(p, evt);
      break;
    case H_RLIMIT_EXIT:
      rlimitExit(p, evt);
      break;
    case H_MEMFD_EXIT:
      memfdCreateExit(p, evt);
      break;
    case H_PIDFD_OPEN_EXIT:
      pidfdOpenExit(p, evt);
      break;
    case H_CLOSE_RANGE_EXIT:
      closeRangeExit(p, evt);
      break;
    case H_EPOLL_EXIT:
      singleFdExit(p, evt, FdType.EVENTPOLL);
      break;
    case H_BPF_EXIT:
      singleFdExit(p, evt, FdType.BPF);
      break;
    case H_USERFAULTFD_EXIT:
      singleFdExit(p, evt, FdType.USERFAULTFD);
      break;
    case H_IO_URING_EXIT:
      singleFdExit(p, evt, FdType.IOURING);
      break;
    case H_GENERIC_ENTER:
      genericEnter(p, evt);
      break;
    case H_GENERIC_EXIT:
      genericExit(p, evt);
      break;
    case H_PRCTL_EXIT:
      prctlExit(p, evt);
      break;
  }
}

/** The part of the state an event code's handler maintains (stateGroup). */
export const STATE_NONE = 0;
/**
 * Processes, users, containers, the working directory, and the fds every field may read: those the open family,
 * dup*, fcntl(F_DUPFD*), memfd_create and pidfd_open make, and their removal (close, close_range).
 */
export const STATE_CORE = 1;
/** Memory and page-fault counters (mmap/munmap/brk exits, scheduler switches). */
export const STATE_MEMORY = 2;
/** Socket tuples, roles and the connected flag learned from reads and writes, and fds inferred from sendto. */
export const STATE_IO = 3;
/**
 * The fds no directory can be: sockets (socket, socketpair, accept, and what bind and connect learn of them),
 * pipes, eventfd, signalfd, timerfd, inotify, epoll, bpf, userfaultfd and io_uring fds. Only a field that reads
 * an fd other than its event's own new one can see them, so they are decoded when STATE_IO is (relevance.ts).
 * Why leaving them out changes no other field, handler by handler of STATE_CORE, in a capture without losses:
 * - An entry the two replays can disagree on (absent, or an earlier fd's left in the table, where the full replay
 *   has one of these) stands, in the kernel, for one of these fds. Such an fd is never a directory, so every
 *   call that reads the table for a directory fails on it and changes nothing: fchdir (the cwd, which every
 *   relative path reads, is set only on success), a relative openat or execveat against it as dirfd (the
 *   resulting fd is added only on success). A directory's entry is made by the open family, dup* or fcntl of
 *   another directory's, all decoded: the same in both replays.
 * - dup*, fcntl(F_DUPFD*) of such an fd copy the disagreement to the new number, and close, close_range remove
 *   it (nothing to remove when the creation was skipped; an earlier fd's entry at that number is removed
 *   instead): the table afterwards agrees again, or disagrees only on numbers that stand for such fds.
 * - A clone copies the table, disagreements included: the same argument holds in the child.
 * Which fields see such an entry: those of an event that refers to an existing fd (refersToExistingFd: its
 * fd, a dirfd, dup's old fd, accept's fallback) and those that walk the table (relevance.ts FD_TABLE_FIELDS);
 * with any of them in use the group is decoded. What is left is bookkeeping: with these fds missing, a process
 * reaches the 4,096-fd table limit, and the state reaches its memory budget, later than in the full replay.
 */
export const STATE_FD = 4;

export function stateGroup(type: number): number {
  const h = HANDLER[type];
  // The generic events keep their enter only to name the exit's syscall: no state, and a rule that looks at
  // them decodes both directions anyway.
  if (h === 0 || h === H_GENERIC_ENTER || h === H_GENERIC_EXIT) return STATE_NONE;
  // A stored enter serves its exit's handler only (and, through evt.enter, fields of that exit, which decode
  // both directions anyway): it belongs to the exit's group.
  if (h === H_STORE) return (type & 1) === 0 && HANDLER[type | 1] !== H_STORE ? stateGroup(type | 1) : STATE_CORE;
  switch (h) {
    case H_VM_EXIT:
    case H_SCHEDSWITCH:
      return STATE_MEMORY;
    case H_RW_EXIT:
    case H_SENDTO_ENTER:
      return STATE_IO;
    case H_SOCKET_EXIT:
    case H_SOCKETPAIR_EXIT:
    case H_BIND_EXIT:
    case H_CONNECT_ENTER:
    case H_CONNECT_EXIT:
    case H_ACCEPT_EXIT:
    case H_PIPE_EXIT:
    case H_EVENTFD_EXIT:
    case H_SIGNALFD_EXIT:
    case H_TIMERFD_EXIT:
    case H_INOTIFY_EXIT:
    case H_EPOLL_EXIT:
    case H_BPF_EXIT:
    case H_USERFAULTFD_EXIT:
    case H_IO_URING_EXIT:
      return STATE_FD;
    // Everything else is core, fd handlers included: the open family, dup* and fcntl (they copy a directory's
    // entry too), close and close_range (what is skipped must still be removable), chdir/fchdir/getcwd (the
    // cwd), memfd_create (fexecve's fd: execveat's exepath reads it) and pidfd_open (rare: kept where it was).
    default:
      return STATE_CORE;
  }
}

/**
 * Whether events of this code change the thread, fd, user or container tables, or carry what their exit needs:
 * what a filtered capture must keep, as state-only events, to replay to the same processes and fds.
 */
export function affectsState(type: number): boolean {
  const g = stateGroup(type);
  return g === STATE_CORE || g === STATE_FD;
}

const SCHEDSWITCH_6_E = code('SCHEDSWITCH_6_E');

/**
 * Whether events of this code look their thread up without creating it (libsinsp's EF_SKIPPARSERESET events such
 * as procinfo, and scheduler switches): they can see the placeholder thread an earlier event of any type made.
 */
export function findsThreadOnly(type: number): boolean {
  return (FLAGS[type] & EF_SKIPPARSERESET) !== 0 || type === SCHEDSWITCH_6_E;
}

/**
 * Whether the fields of an event of this code can read an fd that existed before it: it uses or closes one, or
 * names one in a parameter (a dirfd, dup's old fd, poll's list), or is the exit of an fd event whose enter names
 * one (the old openat exit resolves its path against the enter's dirfd). The I/O handlers change such fds
 * (STATE_IO), and the fd group makes them (STATE_FD); an open or socket exit, whose only fd is the one it
 * creates, cannot see either. An accept exit can: without an address it adds no fd, and its fd fields fall back
 * to the table's entry for the returned number (libsinsp's m_lastevent_fd), which may be a socket's the kernel
 * closed at an exec (the table keeps close-on-exec fds).
 */
export function refersToExistingFd(type: number): boolean {
  if (HANDLER[type] === H_ACCEPT_EXIT) return true;
  if (namesExistingFd(type)) return true;
  return (
    (type & 1) === 1 &&
    (FLAGS[type] & (EF_CREATES_FD | EF_USES_FD | EF_DESTROYS_FD)) !== 0 &&
    namesExistingFd(type & ~1)
  );
}

function namesExistingFd(type: number): boolean {
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
