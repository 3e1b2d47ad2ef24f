// A file descriptor as the state tracker knows it: kind, name, open flags, and for sockets the tuple. The naming
// rules (what fd.name shows for a socket, a pipe, a file) follow libsinsp's, because rules match on them.
import { FdType } from '../capture/metadata.ts';

export { FdType };

/** libsinsp sinsp_fdinfo flags (fdinfo.h). */
export const FdFlag = {
  FROM_PROC: 1 << 0,
  ROLE_CLIENT: 1 << 2,
  ROLE_SERVER: 1 << 3,
  CLOSE_IN_PROGRESS: 1 << 4,
  CLOSE_CANCELED: 1 << 5,
  SOCKET_CONNECTED: 1 << 13,
  IS_CLONED: 1 << 14,
  CONNECTION_PENDING: 1 << 15,
  CONNECTION_FAILED: 1 << 16,
} as const;

/** scap_l4_proto (libscap scap.h). */
export const L4 = { UNKNOWN: 0, NA: 1, TCP: 2, UDP: 3, ICMP: 4, RAW: 5 } as const;

const EMPTY16 = new Uint8Array(16);

export class FdInfo {
  type: number;
  name: string;
  /** The path as the opening call gave it, before it was made absolute (fd.nameraw); '' for other fds. */
  nameRaw: string;
  /** The name when the parser last looked the fd up (libsinsp's m_oldname): fd.name_changed compares with it. */
  oldName: string;
  openFlags: number;
  dev: number;
  ino: number;
  flags: number;
  /** IPv4 addresses as the u32 read little-endian from the wire's network-order bytes (a.b.c.d = bytes 0..3). */
  sip: number;
  dip: number;
  /** IPv6 addresses, 16 bytes network order (IPv4 sockets leave these empty). */
  sip6: Uint8Array;
  dip6: Uint8Array;
  sport: number;
  dport: number;
  l4proto: number;
  unixSource: bigint;
  unixDest: bigint;

  constructor(type: number, name: string) {
    this.type = type;
    this.name = name;
    this.nameRaw = '';
    this.oldName = '';
    this.openFlags = 0;
    this.dev = 0;
    this.ino = 0;
    this.flags = 0;
    this.sip = 0;
    this.dip = 0;
    this.sip6 = EMPTY16;
    this.dip6 = EMPTY16;
    this.sport = 0;
    this.dport = 0;
    this.l4proto = 0;
    this.unixSource = 0n;
    this.unixDest = 0n;
  }

  clone(): FdInfo {
    const c = new FdInfo(this.type, this.name);
    c.nameRaw = this.nameRaw;
    c.oldName = this.oldName;
    c.openFlags = this.openFlags;
    c.dev = this.dev;
    c.ino = this.ino;
    c.flags = this.flags;
    c.sip = this.sip;
    c.dip = this.dip;
    c.sip6 = this.sip6;
    c.dip6 = this.dip6;
    c.sport = this.sport;
    c.dport = this.dport;
    c.l4proto = this.l4proto;
    c.unixSource = this.unixSource;
    c.unixDest = this.unixDest;
    return c;
  }

  get isFile(): boolean {
    return this.type === FdType.FILE || this.type === FdType.FILE_V2;
  }
  get isDirectory(): boolean {
    return this.type === FdType.DIRECTORY;
  }
  get isIpv4(): boolean {
    return this.type === FdType.IPV4_SOCK || this.type === FdType.IPV4_SERVSOCK;
  }
  get isIpv6(): boolean {
    return this.type === FdType.IPV6_SOCK || this.type === FdType.IPV6_SERVSOCK;
  }
  get isUnix(): boolean {
    return this.type === FdType.UNIX_SOCK;
  }
  get roleNone(): boolean {
    return (this.flags & (FdFlag.ROLE_CLIENT | FdFlag.ROLE_SERVER)) === 0;
  }
  get isServerRole(): boolean {
    return (this.flags & FdFlag.ROLE_SERVER) !== 0;
  }
  get isConnected(): boolean {
    return (this.flags & FdFlag.SOCKET_CONNECTED) !== 0;
  }
  setRoleServer(): void {
    this.flags |= FdFlag.ROLE_SERVER;
  }
  setRoleClient(): void {
    this.flags |= FdFlag.ROLE_CLIENT;
  }
  setConnected(): void {
    this.flags = (this.flags & ~(FdFlag.CONNECTION_PENDING | FdFlag.CONNECTION_FAILED)) | FdFlag.SOCKET_CONNECTED;
  }
  setPending(): void {
    this.flags = (this.flags & ~(FdFlag.SOCKET_CONNECTED | FdFlag.CONNECTION_FAILED)) | FdFlag.CONNECTION_PENDING;
  }
  setFailed(): void {
    this.flags = (this.flags & ~(FdFlag.SOCKET_CONNECTED | FdFlag.CONNECTION_PENDING)) | FdFlag.CONNECTION_FAILED;
  }
}

/** fd.typechar: libsinsp's get_typechar. */
export function fdTypeChar(type: number): string {
  switch (type) {
    case FdType.FILE:
    case FdType.FILE_V2:
      return 'f';
    case FdType.IPV4_SOCK:
    case FdType.IPV4_SERVSOCK:
      return '4';
    case FdType.IPV6_SOCK:
    case FdType.IPV6_SERVSOCK:
      return '6';
    case FdType.DIRECTORY:
      return 'd';
    case FdType.FIFO:
      return 'p';
    case FdType.UNIX_SOCK:
      return 'u';
    case FdType.EVENT:
      return 'e';
    case FdType.UNKNOWN:
      return 'o';
    case FdType.UNSUPPORTED:
      return 'X';
    case FdType.SIGNALFD:
      return 's';
    case FdType.EVENTPOLL:
      return 'l';
    case FdType.INOTIFY:
      return 'i';
    case FdType.TIMERFD:
      return 't';
    case FdType.NETLINK:
      return 'n';
    case FdType.BPF:
      return 'b';
    case FdType.USERFAULTFD:
      return 'u';
    case FdType.IOURING:
      return 'r';
    case FdType.MEMFD:
      return 'm';
    case FdType.PIDFD:
      return 'P';
    default:
      return '?';
  }
}

/** fd.type: libsinsp's get_typestring (`<NA>` for kinds it does not name). */
export function fdTypeString(type: number): string | null {
  switch (type) {
    case FdType.FILE:
    case FdType.FILE_V2:
      return 'file';
    case FdType.DIRECTORY:
      return 'directory';
    case FdType.IPV4_SOCK:
    case FdType.IPV4_SERVSOCK:
      return 'ipv4';
    case FdType.IPV6_SOCK:
    case FdType.IPV6_SERVSOCK:
      return 'ipv6';
    case FdType.UNIX_SOCK:
      return 'unix';
    case FdType.FIFO:
      return 'pipe';
    case FdType.EVENT:
      return 'event';
    case FdType.SIGNALFD:
      return 'signalfd';
    case FdType.EVENTPOLL:
      return 'eventpoll';
    case FdType.INOTIFY:
      return 'inotify';
    case FdType.TIMERFD:
      return 'timerfd';
    case FdType.NETLINK:
      return 'netlink';
    case FdType.BPF:
      return 'bpf';
    case FdType.USERFAULTFD:
      return 'userfaultfd';
    case FdType.IOURING:
      return 'io_uring';
    case FdType.MEMFD:
      return 'memfd';
    case FdType.PIDFD:
      return 'pidfd';
    default:
      return '<NA>';
  }
}

/** a.b.c.d of an IPv4 address held as the little-endian u32 of its network-order bytes. */
export function ipv4ToString(ip: number): string {
  return `${ip & 0xff}.${(ip >>> 8) & 0xff}.${(ip >>> 16) & 0xff}.${ip >>> 24}`;
}

/**
 * The 4 address bytes, network order, as IPV4ADDR field values carry them. Shared per address (a capture talks to
 * few): callers must not modify the array.
 */
export function ipv4Bytes(ip: number): Uint8Array {
  let b = IPV4_BYTES.get(ip);
  if (b === undefined) {
    b = Uint8Array.of(ip & 0xff, (ip >>> 8) & 0xff, (ip >>> 16) & 0xff, ip >>> 24);
    if (IPV4_BYTES.size >= 4096) IPV4_BYTES.clear();
    IPV4_BYTES.set(ip, b);
  }
  return b;
}
const IPV4_BYTES = new Map<number, Uint8Array>();

/** IPv4 address from 4 network-order bytes. */
export function ipv4FromBytes(b: Uint8Array, off: number): number {
  return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
}

/** RFC 5952 text of a 16-byte IPv6 address, as inet_ntop prints it (IPv4-mapped as ::ffff:a.b.c.d). */
export function ipv6ToString(b: Uint8Array): string {
  // inet_ntop prints ::ffff:a.b.c.d and ::a.b.c.d (deprecated compatible form, when the high 96 bits are 0
  // and the value is not :: or ::1) with a dotted tail.
  let zeroHigh = true;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) zeroHigh = false;
  if (
    zeroHigh &&
    ((b[10] === 0xff && b[11] === 0xff) || (b[10] === 0 && b[11] === 0 && (b[12] !== 0 || b[13] !== 0)))
  ) {
    const tail = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    return b[10] === 0xff ? `::ffff:${tail}` : `::${tail}`;
  }
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i] << 8) | b[i + 1]);
  // Longest run of at least two zero words, first one on ties.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      s += '::';
      i += bestLen - 1;
      continue;
    }
    if (s.length > 0 && !s.endsWith(':')) s += ':';
    s += words[i].toString(16);
  }
  return s;
}

export function isIpv4MappedIpv6(b: Uint8Array, off: number): boolean {
  for (let i = 0; i < 10; i++) if (b[off + i] !== 0) return false;
  if (b[off + 10] === 0xff && b[off + 11] === 0xff) return true;
  return (
    b[off + 10] === 0 &&
    b[off + 11] === 0 &&
    b[off + 12] === 0 &&
    b[off + 13] === 0 &&
    b[off + 14] === 0 &&
    b[off + 15] === 0
  );
}

/** fd.name of an IPv4 tuple: `sip:sport->dip:dport`. */
export function ipv4TupleName(fd: FdInfo): string {
  return `${ipv4ToString(fd.sip)}:${fd.sport}->${ipv4ToString(fd.dip)}:${fd.dport}`;
}

export function ipv6TupleName(fd: FdInfo): string {
  return `${ipv6ToString(fd.sip6)}:${fd.sport}->${ipv6ToString(fd.dip6)}:${fd.dport}`;
}

/**
 * libsinsp's sockinfo_to_str, used for the name of a connected client socket: the tuple for TCP/UDP, addresses
 * only for ICMP/raw, `<unknown>` otherwise.
 */
export function socketName(fd: FdInfo): string {
  if (fd.type === FdType.IPV4_SOCK) {
    if (fd.l4proto === L4.TCP || fd.l4proto === L4.UDP) return ipv4TupleName(fd);
    if (fd.l4proto === L4.ICMP || fd.l4proto === L4.RAW) return `${ipv4ToString(fd.sip)}->${ipv4ToString(fd.dip)}`;
    return '<unknown>';
  }
  if (fd.type === FdType.IPV6_SOCK) {
    if (fd.l4proto === L4.TCP || fd.l4proto === L4.UDP) return ipv6TupleName(fd);
    if (fd.l4proto === L4.ICMP || fd.l4proto === L4.RAW) return `${ipv6ToString(fd.sip6)}->${ipv6ToString(fd.dip6)}`;
    return '<unknown>';
  }
  return fd.name;
}
