// The open fds of one process, read from /proc the way the sensor's start-up scan reads them (sensor/scan.c
// scan_fds, after libscap's scap_fds.c): files, directories, pipes and anonymous inodes by their link, sockets
// resolved through the process's network namespace tables (/proc/PID/net/*). The records are the FdEntry the
// capture's fd lists give, so proc-metadata.ts turns both into the same FdInfo.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { blankFdEntry, type FdEntry, FdType } from '../capture/metadata.ts';
import { L4 } from './fd.ts';

const S_IFMT = 0o170000;
const S_IFIFO = 0o010000;
const S_IFCHR = 0o020000;
const S_IFDIR = 0o040000;
const S_IFBLK = 0o060000;
const S_IFREG = 0o100000;
const S_IFSOCK = 0o140000;

interface SockInfo {
  type: number;
  l4: number;
  /** Local then remote address, network-order bytes (4 or 16). */
  local: Uint8Array;
  remote: Uint8Array;
  lport: number;
  rport: number;
  unixSource: bigint;
  path: string;
}

/** /proc prints an IPv4 address as the hex of a host-order u32 holding the network-order bytes. */
function ipv4Hex(hex: string): Uint8Array {
  const v = Number.parseInt(hex, 16) >>> 0;
  return new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
}

/** The same for IPv6: four such words. */
function ipv6Hex(hex: string): Uint8Array {
  const out = new Uint8Array(16);
  for (let w = 0; w < 4; w++) out.set(ipv4Hex(hex.slice(8 * w, 8 * w + 8)), 4 * w);
  return out;
}

function lines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(1);
  } catch {
    return [];
  }
}

/** The sockets of a network namespace by inode, read through process `pid`. */
function socketTable(hostRoot: string, pid: number): Map<number, SockInfo> {
  const out = new Map<number, SockInfo>();
  const inet: [string, boolean, number][] = [
    ['tcp', false, L4.TCP],
    ['udp', false, L4.UDP],
    ['raw', false, L4.RAW],
    ['tcp6', true, L4.TCP],
    ['udp6', true, L4.UDP],
    ['raw6', true, L4.RAW],
  ];
  for (const [name, v6, l4] of inet) {
    for (const line of lines(`${hostRoot}/proc/${pid}/net/${name}`)) {
      // sl local:port remote:port st tx:rx tr:when retrnsmt uid timeout inode
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const [laddr, lport] = f[1].split(':');
      const [raddr, rport] = f[2].split(':');
      const remote = v6 ? ipv6Hex(raddr) : ipv4Hex(raddr);
      const unspecified = remote.every((b) => b === 0);
      out.set(Number(f[9]), {
        type: v6
          ? unspecified
            ? FdType.IPV6_SERVSOCK
            : FdType.IPV6_SOCK
          : unspecified
            ? FdType.IPV4_SERVSOCK
            : FdType.IPV4_SOCK,
        l4,
        local: v6 ? ipv6Hex(laddr) : ipv4Hex(laddr),
        remote,
        lport: Number.parseInt(lport, 16),
        rport: Number.parseInt(rport, 16),
        unixSource: 0n,
        path: '',
      });
    }
  }
  for (const line of lines(`${hostRoot}/proc/${pid}/net/unix`)) {
    // Num: RefCount Protocol Flags Type St Inode Path
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    out.set(Number(f[6]), {
      type: FdType.UNIX_SOCK,
      l4: L4.NA,
      local: new Uint8Array(0),
      remote: new Uint8Array(0),
      lport: 0,
      rport: 0,
      unixSource: BigInt(`0x${f[0].replace(/:$/, '')}`),
      path: f.slice(7).join(' '),
    });
  }
  for (const line of lines(`${hostRoot}/proc/${pid}/net/netlink`)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    out.set(Number(f[9]), {
      type: FdType.NETLINK,
      l4: L4.NA,
      local: new Uint8Array(0),
      remote: new Uint8Array(0),
      lport: 0,
      rport: 0,
      unixSource: 0n,
      path: '',
    });
  }
  return out;
}

/** anon_inode:[eventfd] and friends (newer kinds are UNSUPPORTED, as the scan writes them). */
function anonInodeType(link: string): number {
  switch (link) {
    case 'anon_inode:[eventfd]':
      return FdType.EVENT;
    case 'anon_inode:[eventpoll]':
      return FdType.EVENTPOLL;
    case 'anon_inode:inotify':
      return FdType.INOTIFY;
    case 'anon_inode:[signalfd]':
      return FdType.SIGNALFD;
    case 'anon_inode:[timerfd]':
      return FdType.TIMERFD;
    default:
      return FdType.UNSUPPORTED;
  }
}

/** Kernel open flags (octal in /proc/PID/fdinfo) as PPM_O_* (the sensor's flags__open). */
export function ppmOpenFlags(f: number): number {
  const acc = f & 3;
  let r = acc === 1 ? 1 << 1 : acc === 2 ? 3 : 1;
  if (f & 0o100) r |= 1 << 2; // O_CREAT
  if ((f & 0o20200000) === 0o20200000) r |= 1 << 13; // O_TMPFILE
  if (f & 0o2000) r |= 1 << 3; // O_APPEND
  if (f & 0o10000) r |= 1 << 4; // O_DSYNC
  if (f & 0o200) r |= 1 << 5; // O_EXCL
  if (f & 0o4000) r |= 1 << 6; // O_NONBLOCK
  if ((f & 0o4010000) === 0o4010000) r |= 1 << 7; // O_SYNC
  if (f & 0o1000) r |= 1 << 8; // O_TRUNC
  if (f & 0o40000) r |= 1 << 9; // O_DIRECT
  if (f & 0o200000) r |= 1 << 10; // O_DIRECTORY
  if (f & 0o100000) r |= 1 << 11; // O_LARGEFILE
  if (f & 0o2000000) r |= 1 << 12; // O_CLOEXEC
  return r >>> 0;
}

function openFlags(dir: string, fd: string): number {
  try {
    const text = readFileSync(`${dir}fdinfo/${fd}`, 'utf8');
    const m = /^flags:\s*([0-7]+)/m.exec(text);
    return m === null ? 0 : ppmOpenFlags(Number.parseInt(m[1], 8));
  } catch {
    return 0;
  }
}

/** glibc's dev_t as the kernel's new_encode_dev (what scap carries). */
function encodeDev(dev: bigint): number {
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
  return ((minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12)) >>> 0;
}

/** The fds of process `pid` as the capture's fd list would give them; [] when it has none or is gone. */
export function readProcFds(hostRoot: string, pid: number): FdEntry[] {
  const dir = `${hostRoot}/proc/${pid}/`;
  let names: string[];
  try {
    names = readdirSync(`${dir}fd`);
  } catch {
    return [];
  }
  let socks: Map<number, SockInfo> | null = null;
  const out: FdEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let link: string;
    let mode: number;
    let ino: bigint;
    let dev: bigint;
    try {
      const st = statSync(`${dir}fd/${name}`, { bigint: true });
      link = readlinkSync(`${dir}fd/${name}`, 'utf8');
      mode = Number(st.mode);
      ino = st.ino;
      dev = st.dev;
    } catch {
      continue;
    }
    const e = blankFdEntry(Number(name), Number(ino), FdType.UNSUPPORTED);
    const kind = mode & S_IFMT;
    if (kind === S_IFIFO) {
      e.type = FdType.FIFO;
      e.name = link;
    } else if (kind === S_IFREG || kind === S_IFBLK || kind === S_IFCHR) {
      e.type = FdType.FILE_V2;
      e.name = link;
      e.openFlags = openFlags(dir, name);
      e.dev = encodeDev(dev);
    } else if (kind === S_IFDIR) {
      e.type = FdType.DIRECTORY;
      e.name = link;
    } else if (kind === S_IFSOCK) {
      socks ??= socketTable(hostRoot, pid);
      const s = socks.get(Number(ino));
      // a family /proc/net does not list (packet, vsock…): the scan leaves it out too
      if (s === undefined) continue;
      e.type = s.type;
      if (s.type === FdType.UNIX_SOCK) {
        e.unixSource = s.unixSource;
        e.name = s.path;
      } else if (s.type !== FdType.NETLINK) {
        e.l4proto = s.l4;
        e.sip = s.local;
        e.sport = s.lport;
        if (s.type === FdType.IPV4_SOCK || s.type === FdType.IPV6_SOCK) {
          e.dip = s.remote;
          e.dport = s.rport;
        }
      }
    } else {
      e.type = anonInodeType(link);
    }
    out.push(e);
  }
  return out;
}
