// The capture's process and fd lists (PL and FDL blocks, the sensor's /proc scan) as threads and fds, the way
// libsinsp's threadinfo::init(scap_threadinfo) and add_fd_from_scap build them, and fix_sockets_coming_from_proc.
import type { FdEntry, ProcEntry } from '../capture/metadata.ts';
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
} from './fd.ts';
import { capList, capStr } from './lists.ts';
import { concatPaths } from './paths.ts';
import { swapAddresses } from './socket-tuples.ts';
import { CL, ThreadInfo } from './thread.ts';
import type { ThreadTable } from './threads.ts';

function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}

/** One entry of a process list as a thread (its container is resolved by the caller). */
export function threadFromProcEntry(p: ProcEntry): ThreadInfo {
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
  return t;
}

/**
 * libsinsp's fix_sockets_coming_from_proc, run once the metadata is loaded: a connected socket whose source
 * port is a listening port was accepted, so its tuple is turned around and it is marked as the server end.
 */
export function fixProcSockets(threads: ThreadTable, serverPorts: ReadonlySet<number>): void {
  for (const t of threads.map.values()) {
    for (const f of t.fds.values()) {
      if (f.type !== FdType.IPV4_SOCK) continue;
      if (serverPorts.has(f.sport)) {
        swapAddresses(f);
        f.name = ipv4TupleName(f);
        f.setRoleServer();
      } else {
        f.setRoleClient();
      }
    }
  }
}

/** add_fd_from_scap: an fd of the capture's fd list as libsinsp names it. */
export function fdFromScap(e: FdEntry): FdInfo | null {
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
