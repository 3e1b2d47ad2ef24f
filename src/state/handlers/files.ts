// Handlers for the events that open, duplicate and close file descriptors, and for the working directory: the
// open family (dirfd-relative paths as libsinsp's parse_dirfd and concatenate_paths resolve them), pipe, dup,
// fcntl(F_DUPFD), close (removal deferred to the next event), the single-fd creators (eventfd, signalfd, timerfd,
// inotify), chdir/fchdir/getcwd.
import { code } from '../../capture/codes.ts';
import type { Event } from '../event.ts';
import { carries } from '../event-layout.ts';
import { FdFlag, FdInfo, FdType } from '../fd.ts';
import type { StateParser } from '../parser.ts';
import { concatPaths } from '../paths.ts';
import { CL, type ThreadInfo } from '../thread.ts';

const OPEN_X = code('SYSCALL_OPEN_X');
const CREAT_X = code('SYSCALL_CREAT_X');
const OPENAT_X = code('SYSCALL_OPENAT_X');
const OPENAT_2_X = code('SYSCALL_OPENAT_2_X');
const OPENAT2_X = code('SYSCALL_OPENAT2_X');
const DUP_X = code('SYSCALL_DUP_X');

const PPM_AT_FDCWD = -100;
const PPM_O_DIRECTORY = 1 << 10;
const PPM_FCNTL_F_DUPFD = 1;
const PPM_FCNTL_F_DUPFD_CLOEXEC = 26;

/** libsinsp's parse_dirfd: the directory a relative path is resolved against. */
export function dirfdBase(p: StateParser, evt: Event, name: string, dirfd: number): string {
  const t = evt.thread;
  if (name.charCodeAt(0) === 0x2f) return '.';
  if (t === null) return '';
  if (dirfd === PPM_AT_FDCWD) return p.state.threads.cwd(t);
  const fd = p.lookupFd(t, dirfd);
  evt.fd = fd;
  if (fd === null) return '<UNKNOWN>';
  return fd.name.endsWith('/') ? fd.name : `${fd.name}/`;
}

export function openExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (t === null) return;
  const threads = p.state.threads;
  const type = evt.type;
  const enter = p.retrieveEnter(evt);
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
    sdir = dirfdBase(p, evt, name, enter.int(0));
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
    sdir = dirfdBase(p, evt, name, dirfd);
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

export function pipeExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (evt.int(0) < 0 || t === null) return;
  const ino = evt.uint(3);
  for (const fd of [evt.int(1), evt.int(2)]) {
    const info = new FdInfo(FdType.FIFO, '');
    info.ino = ino;
    evt.fd = p.state.threads.addFd(t, fd, info);
  }
}

/** An exit whose return value is a new fd of one kind (eventfd, signalfd, timerfd, inotify). */
export function singleFdExit(p: StateParser, evt: Event, kind: number): void {
  const t = evt.thread;
  if (t === null) return;
  const res = evt.int(0);
  if (res < 0) return;
  evt.fd = p.state.threads.addFd(t, res, new FdInfo(kind, ''));
}

export function dupExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (t === null) return;
  const res = evt.int(0);
  if (res < 0) return;
  if (res === 0) t.flags |= CL.PIPE_DST;
  if (res === 1) t.flags |= CL.PIPE_SRC;
  let src = evt.fd;
  if (src === null && evt.type !== DUP_X && evt.has(1)) {
    // dup2/dup3/dup exits of newer writers name the old fd themselves.
    src = p.lookupFd(t, evt.int(1));
  }
  if (src === null) return;
  evt.fd = p.state.threads.addFd(t, res, src.clone());
}

/** fcntl's enter: only F_DUPFD and F_DUPFD_CLOEXEC are kept for the exit. */
export function fcntlEnter(p: StateParser, evt: Event): void {
  if (evt.thread === null) return;
  const cmd = evt.uint(1) & 0xff;
  if (cmd === PPM_FCNTL_F_DUPFD || cmd === PPM_FCNTL_F_DUPFD_CLOEXEC) p.store(evt);
}

/**
 * fcntl(F_DUPFD, F_DUPFD_CLOEXEC): the duplicate gets a copy of the fd. The exit carries the command itself
 * (libs 0.22+, the sensor); in an old capture, an enter was kept only for those two commands.
 */
export function fcntlExit(p: StateParser, evt: Event): void {
  if (carries(evt, 2)) {
    const cmd = evt.uint(2) & 0xff;
    if (cmd !== PPM_FCNTL_F_DUPFD && cmd !== PPM_FCNTL_F_DUPFD_CLOEXEC) return;
  } else if (p.retrieveEnter(evt) === null) return;
  const res = evt.int(0);
  if (res >= 0 && evt.fd !== null && evt.thread !== null)
    evt.fd = p.state.threads.addFd(evt.thread, res, evt.fd.clone());
}

export function closeEnter(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (t === null) return;
  const fd = p.lookupFd(t, t.lastEventFd);
  evt.fd = fd;
  if (fd !== null) fd.flags |= FdFlag.CLOSE_IN_PROGRESS;
}

/** A successful close removes the fd when the next event arrives: the close itself still shows it. */
export function closeExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (evt.int(0) >= 0) {
    if (evt.fd === null || t === null) return;
    p.deferFdRemoval(t.tid, t.lastEventFd);
  } else if (evt.fd !== null) {
    evt.fd.flags &= ~FdFlag.CLOSE_IN_PROGRESS;
  }
}

function setCwd(p: StateParser, t: ThreadInfo, path: string): void {
  const threads = p.state.threads;
  threads.setCwd(t, concatPaths(threads.cwd(t), path));
}

export function chdirExit(p: StateParser, evt: Event): void {
  if (evt.thread !== null && evt.int(0) >= 0) setCwd(p, evt.thread, evt.str(1));
}

export function fchdirExit(p: StateParser, evt: Event): void {
  if (evt.int(0) >= 0 && evt.fd !== null && evt.thread !== null) setCwd(p, evt.thread, evt.fd.name);
}

export function getcwdExit(p: StateParser, evt: Event): void {
  if (evt.int(0) >= 0 && evt.thread !== null) setCwd(p, evt.thread, evt.str(1));
}

/** memfd_create: a memory-backed file named by the call (libsinsp's parse_memfd_create_exit). */
export function memfdCreateExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  const fd = evt.int(0);
  if (t === null || fd < 0) return;
  const info = new FdInfo(FdType.MEMFD, evt.str(1));
  info.openFlags = evt.uint(2);
  evt.fd = p.state.threads.addFd(t, fd, info);
}

/** Where libsinsp names a pidfd's process: /proc below the host root it was given (scap_get_host_root). */
const HOST_PROC = `${process.env.HOST_ROOT ?? ''}/proc/`;

/** pidfd_open: an fd for a process, named as libsinsp approximates it (parse_pidfd_open_exit). */
export function pidfdOpenExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  const fd = evt.int(0);
  if (t === null || fd < 0) return;
  const info = new FdInfo(FdType.PIDFD, `${HOST_PROC}${evt.int(1)}`);
  info.openFlags = evt.uint(2);
  evt.fd = p.state.threads.addFd(t, fd, info);
}

const PPM_CLOSE_RANGE_CLOEXEC = 1 << 2;

/** close_range: every fd in [first, last] leaves the table at once, unless the call only marked them CLOEXEC. */
export function closeRangeExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (t === null || evt.int(0) < 0 || !carries(evt, 3)) return;
  if ((evt.uint(3) & PPM_CLOSE_RANGE_CLOEXEC) !== 0) return;
  const first = evt.uint(1);
  const last = evt.uint(2);
  const threads = p.state.threads;
  const table = threads.fdTable(t);
  if (table === null) return;
  const inRange: number[] = [];
  for (const fd of table.keys()) if (fd >= first && fd <= last) inRange.push(fd);
  for (const fd of inRange) threads.removeFd(t, fd);
}
