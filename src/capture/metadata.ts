// Parsers for the metadata blocks at the start of a capture: SHB, MI, PL (v1–v9), FDL (v1–v2), IL (v1–v2) and
// UL (v1–v2). Each turns one block body into plain records; the state module decides what to keep. Layouts follow
// libscap's reader (scap_savefile.c: scap_read_proclist, scap_fd_read_from_disk, scap_read_iflist,
// scap_read_userlist); ../shared/docs/scap-format.md §2–§5 draws them.
import * as B from './blocks.ts';
import { cstring, i64, nulList, u64 } from './bytes.ts';
import { type CaptureError, captureError } from './errors.ts';

export interface SectionHeader {
  readonly major: number;
  readonly minor: number;
}

export interface MachineInfo {
  readonly numCpus: number;
  readonly memorySizeBytes: number;
  readonly maxPid: number;
  readonly hostname: string;
  readonly bootTsEpoch: bigint;
  readonly flags: bigint;
}

/** One thread of the process list, every version's fields (absent ones hold libscap's defaults). */
export interface ProcEntry {
  tid: number;
  pid: number;
  ptid: number;
  sid: number;
  vpgid: number;
  pgid: number;
  comm: string;
  exe: string;
  exepath: string;
  args: string[];
  cwd: string;
  fdlimit: number;
  flags: number;
  uid: number;
  gid: number;
  vmsizeKb: number;
  vmrssKb: number;
  vmswapKb: number;
  pfmajor: number;
  pfminor: number;
  env: string[];
  vtid: number;
  vpid: number;
  cgroups: string[];
  root: string;
  pidnsInitStartTs: bigint;
  tty: number;
  loginuid: number;
  exeWritable: boolean;
  capInheritable: bigint;
  capPermitted: bigint;
  capEffective: bigint;
  exeUpperLayer: boolean;
  exeLowerLayer: boolean;
  exeFromMemfd: boolean;
  exeIno: number;
  exeInoCtime: bigint;
  exeInoMtime: bigint;
}

/** scap_fd_type codes (libscap scap.h). */
export const FdType = {
  UNKNOWN: 0,
  FILE: 1,
  DIRECTORY: 2,
  IPV4_SOCK: 3,
  IPV6_SOCK: 4,
  IPV4_SERVSOCK: 5,
  IPV6_SERVSOCK: 6,
  FIFO: 7,
  UNIX_SOCK: 8,
  EVENT: 9,
  UNSUPPORTED: 10,
  SIGNALFD: 11,
  EVENTPOLL: 12,
  INOTIFY: 13,
  TIMERFD: 14,
  NETLINK: 15,
  FILE_V2: 16,
  BPF: 17,
  USERFAULTFD: 18,
  IOURING: 19,
  MEMFD: 20,
  PIDFD: 21,
} as const;

/** One open fd of the fd list. Addresses are in network byte order; ports are host numbers. */
export interface FdEntry {
  fd: number;
  ino: number;
  type: number;
  /** File name, unix socket path, or the description libscap gives other kinds ("pipe:[123]"). */
  name: string;
  openFlags: number;
  dev: number;
  /** IPv4/IPv6 sockets: source/destination address and port; servers use `sip`/`sport` only. */
  sip: Uint8Array | null;
  dip: Uint8Array | null;
  sport: number;
  dport: number;
  l4proto: number;
  /** Unix sockets: kernel pointers of both ends. */
  unixSource: bigint;
  unixDest: bigint;
}

/** An fd entry with its number, inode and type, and nothing else yet: what its type adds is filled in after. */
export function blankFdEntry(fd: number, ino: number, type: number): FdEntry {
  return {
    fd,
    ino,
    type,
    name: '',
    openFlags: 0,
    dev: 0,
    sip: null,
    dip: null,
    sport: 0,
    dport: 0,
    l4proto: 0,
    unixSource: 0n,
    unixDest: 0n,
  };
}

export interface FdListBlock {
  readonly tid: number;
  readonly fds: FdEntry[];
}

export interface InterfaceEntry {
  readonly type: number;
  readonly name: string;
  /** IPv4: 4 bytes; IPv6: 16 bytes, network order. */
  readonly addr: Uint8Array;
  readonly netmask: Uint8Array;
  readonly bcast: Uint8Array;
  readonly linkspeed: number;
}

export interface UserEntry {
  readonly uid: number;
  readonly gid: number;
  readonly name: string;
  readonly homedir: string;
  readonly shell: string;
}

export interface GroupEntry {
  readonly gid: number;
  readonly name: string;
}

export interface UserList {
  readonly users: UserEntry[];
  readonly groups: GroupEntry[];
}

/** Thrown inside this module only; every exported parser turns it into a CaptureError. */
class Overrun extends Error {
  readonly at: number;
  constructor(at: number, what: string) {
    super(what);
    this.at = at;
  }
}

/** A bounds-checked reader over one block body. `base` is the body's stream offset, for error messages. */
class Cursor {
  readonly buf: Uint8Array;
  readonly dv: DataView;
  pos: number;
  readonly end: number;
  readonly base: number;
  readonly start: number;
  constructor(buf: Uint8Array, dv: DataView, start: number, end: number, base: number) {
    this.buf = buf;
    this.dv = dv;
    this.pos = start;
    this.start = start;
    this.end = end;
    this.base = base;
  }
  get remaining(): number {
    return this.end - this.pos;
  }
  get offset(): number {
    return this.base + (this.pos - this.start);
  }
  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end) throw new Overrun(this.offset, `${what} runs past the end of its block`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++];
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.dv.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.dv.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  i64(what: string): number {
    this.need(8, what);
    const v = i64(this.dv, this.pos);
    this.pos += 8;
    return v;
  }
  u64(what: string): number {
    this.need(8, what);
    const v = u64(this.dv, this.pos);
    this.pos += 8;
    return v;
  }
  big64(what: string): bigint {
    this.need(8, what);
    const v = this.dv.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const v = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** `u16 len` + bytes, no NUL on disk (PL and FDL strings). */
  str(what: string): string {
    const n = this.u16(`${what} length`);
    this.need(n, what);
    const s = cstring(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  /** `u16 len` + a NUL-separated list. */
  list(what: string): string[] {
    const n = this.u16(`${what} length`);
    this.need(n, what);
    const l = nulList(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return l;
  }
}

function guard<T>(fn: () => T): T | CaptureError {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Overrun) return captureError(err.at, err.message);
    throw err;
  }
}

/** The SHB body: magic, version; options (pcapng comments) are skipped, as libs has done since 2025. */
export function parseSectionHeader(
  _buf: Uint8Array,
  dv: DataView,
  start: number,
  total: number,
  offset: number,
): SectionHeader | CaptureError {
  if (total < 28) return captureError(offset, `section header block of ${total} bytes is shorter than 28`);
  const magic = dv.getUint32(start + 8, true);
  if (magic !== B.SHB_MAGIC) {
    if (magic === 0x4d3c2b1a)
      return captureError(offset + 8, 'big-endian capture: byte-swapped files are not supported (nor by libscap)');
    return captureError(
      offset + 8,
      `bad byte-order magic 0x${magic.toString(16).padStart(8, '0')} (expected 0x1a2b3c4d)`,
    );
  }
  const major = dv.getUint16(start + 12, true);
  const minor = dv.getUint16(start + 14, true);
  if (major > 1)
    return captureError(
      offset + 12,
      `capture format version ${major}.${minor} is newer than the 1.x this reader knows`,
    );
  return { major, minor };
}

export function parseMachineInfo(
  buf: Uint8Array,
  dv: DataView,
  start: number,
  total: number,
  offset: number,
): MachineInfo | CaptureError {
  return guard(() => {
    const c = new Cursor(buf, dv, start + 8, start + total - 4, offset + 8);
    const numCpus = c.u32('MI num_cpus');
    const memorySizeBytes = c.u64('MI memory size');
    const maxPid = c.u64('MI max pid');
    c.need(128, 'MI hostname');
    const hostname = cstring(buf, c.pos, c.pos + 128);
    c.pos += 128;
    const bootTsEpoch = c.remaining >= 8 ? c.big64('MI boot time') : 0n;
    const flags = c.remaining >= 8 ? c.big64('MI flags') : 0n;
    return { numCpus, memorySizeBytes, maxPid, hostname, bootTsEpoch, flags };
  });
}

function emptyProc(): ProcEntry {
  return {
    tid: 0,
    pid: 0,
    ptid: 0,
    sid: -1,
    vpgid: -1,
    pgid: -1,
    comm: '',
    exe: '',
    exepath: '',
    args: [],
    cwd: '',
    fdlimit: 0,
    flags: 0,
    uid: 0,
    gid: 0,
    vmsizeKb: 0,
    vmrssKb: 0,
    vmswapKb: 0,
    pfmajor: 0,
    pfminor: 0,
    env: [],
    vtid: -1,
    vpid: -1,
    cgroups: [],
    root: '',
    pidnsInitStartTs: 0n,
    tty: 0,
    loginuid: 0xffffffff,
    exeWritable: false,
    capInheritable: 0n,
    capPermitted: 0n,
    capEffective: 0n,
    exeUpperLayer: false,
    exeLowerLayer: false,
    exeFromMemfd: false,
    exeIno: 0,
    exeInoCtime: 0n,
    exeInoMtime: 0n,
  };
}

/** A process-list block: every thread entry, in file order. `version` is 1–9 (procListVersion). */
export function parseProcList(
  buf: Uint8Array,
  dv: DataView,
  start: number,
  total: number,
  offset: number,
  version: number,
): ProcEntry[] | CaptureError {
  return guard(() => {
    const c = new Cursor(buf, dv, start + 8, start + total - 4, offset + 8);
    const out: ProcEntry[] = [];
    while (c.remaining >= 4) {
      const entryStart = c.pos;
      const p = emptyProc();
      let entryLen = 0;
      if (version === 9) {
        entryLen = c.u32('process entry length');
        if (entryLen < 4 || entryStart + entryLen > c.end) {
          throw new Overrun(c.base + (entryStart - c.start), `process entry length ${entryLen} does not fit its block`);
        }
      }
      p.tid = c.i64('tid');
      p.pid = c.i64('pid');
      p.ptid = c.i64('ptid');
      if (version >= 6) p.sid = c.i64('sid');
      if (version >= 8) p.vpgid = c.i64('vpgid');
      p.comm = c.str('comm');
      p.exe = c.str('exe');
      if (version >= 7) p.exepath = c.str('exepath');
      p.args = c.list('args');
      p.cwd = c.str('cwd');
      p.fdlimit = c.u64('fdlimit');
      p.flags = c.u32('flags');
      p.uid = c.u32('uid');
      p.gid = c.u32('gid');
      if (version >= 2) {
        p.vmsizeKb = c.u32('vmsize');
        p.vmrssKb = c.u32('vmrss');
        p.vmswapKb = c.u32('vmswap');
        p.pfmajor = c.u64('pfmajor');
        p.pfminor = c.u64('pfminor');
        if (version >= 3) p.env = c.list('env');
        if (version >= 4) {
          p.vtid = c.i64('vtid');
          p.vpid = c.i64('vpid');
          p.cgroups = c.list('cgroups');
          if (version >= 5) p.root = c.str('root');
        }
      }
      if (version === 9) {
        const end = entryStart + entryLen;
        const fits = (n: number) => c.pos + n <= end;
        // libs before 0.10 wrote neither pidns_init_start_ts nor tty (libscap's "pre_0_10_0" check).
        const pre010 = end - c.pos <= 29;
        if (!pre010) {
          if (fits(8)) p.pidnsInitStartTs = c.big64('pidns_init_start_ts');
          if (fits(4)) p.tty = c.u32('tty');
        }
        if (fits(4)) p.loginuid = c.u32('loginuid');
        if (fits(1)) p.exeWritable = c.u8('exe_writable') !== 0;
        if (fits(8)) p.capInheritable = c.big64('cap_inheritable');
        if (fits(8)) p.capPermitted = c.big64('cap_permitted');
        if (fits(8)) p.capEffective = c.big64('cap_effective');
        if (fits(1)) p.exeUpperLayer = c.u8('exe_upper_layer') !== 0;
        if (fits(8)) p.exeIno = c.u64('exe_ino');
        if (fits(8)) p.exeInoCtime = c.big64('exe_ino_ctime');
        if (fits(8)) p.exeInoMtime = c.big64('exe_ino_mtime');
        if (fits(1)) p.exeFromMemfd = c.u8('exe_from_memfd') !== 0;
        if (fits(1)) p.exeLowerLayer = c.u8('exe_lower_layer') !== 0;
        if (fits(8)) p.pgid = c.i64('pgid');
        if (c.pos > end) throw new Overrun(c.offset, `process entry overruns its length ${entryLen}`);
        // Newer writers append fields: skip what we do not know.
        c.pos = end;
      }
      out.push(p);
    }
    return out;
  });
}

/** An fd-list block: the thread id, then its open fds. */
export function parseFdList(
  buf: Uint8Array,
  dv: DataView,
  start: number,
  total: number,
  offset: number,
  v2: boolean,
): FdListBlock | CaptureError {
  return guard(() => {
    const c = new Cursor(buf, dv, start + 8, start + total - 4, offset + 8);
    const tid = c.i64('fd list tid');
    const fds: FdEntry[] = [];
    while (c.remaining >= 4) {
      const entryStart = c.pos;
      let entryLen = 0;
      if (v2) {
        entryLen = c.u32('fd entry length');
        if (entryLen < 4 || entryStart + entryLen > c.end) {
          throw new Overrun(c.base + (entryStart - c.start), `fd entry length ${entryLen} does not fit its block`);
        }
      }
      const e = blankFdEntry(c.i64('fd'), c.u64('fd inode'), c.u8('fd type'));
      switch (e.type) {
        case FdType.IPV4_SOCK:
          e.sip = c.bytes(4, 'source address');
          e.dip = c.bytes(4, 'destination address');
          e.sport = c.u16('source port');
          e.dport = c.u16('destination port');
          e.l4proto = c.u8('l4 protocol');
          break;
        case FdType.IPV4_SERVSOCK:
          e.sip = c.bytes(4, 'server address');
          e.sport = c.u16('server port');
          e.l4proto = c.u8('l4 protocol');
          break;
        case FdType.IPV6_SOCK:
          e.sip = c.bytes(16, 'source address');
          e.dip = c.bytes(16, 'destination address');
          e.sport = c.u16('source port');
          e.dport = c.u16('destination port');
          e.l4proto = c.u8('l4 protocol');
          break;
        case FdType.IPV6_SERVSOCK:
          e.sip = c.bytes(16, 'server address');
          e.sport = c.u16('server port');
          e.l4proto = c.u8('l4 protocol');
          break;
        case FdType.UNIX_SOCK:
          e.unixSource = c.big64('unix source');
          e.unixDest = c.big64('unix destination');
          e.name = c.str('unix socket path');
          break;
        case FdType.FILE_V2:
          e.openFlags = c.u32('open flags');
          e.name = c.str('file name');
          if (v2 && c.pos + 4 <= entryStart + entryLen) e.dev = c.u32('device');
          break;
        case FdType.UNKNOWN:
          break;
        case FdType.FILE:
        case FdType.DIRECTORY:
        case FdType.FIFO:
        case FdType.EVENT:
        case FdType.UNSUPPORTED:
        case FdType.SIGNALFD:
        case FdType.EVENTPOLL:
        case FdType.INOTIFY:
        case FdType.TIMERFD:
        case FdType.NETLINK:
        case FdType.BPF:
        case FdType.USERFAULTFD:
        case FdType.IOURING:
        case FdType.MEMFD:
        case FdType.PIDFD:
          e.name = c.str('fd name');
          break;
        default:
          // libscap keeps such an entry as "unsupported" with a made-up name and reads nothing more.
          e.name = `unknown-type:[${e.type}]`;
          e.type = FdType.UNSUPPORTED;
          break;
      }
      if (v2) {
        if (c.pos > entryStart + entryLen) throw new Overrun(c.offset, `fd entry overruns its length ${entryLen}`);
        c.pos = entryStart + entryLen;
      }
      fds.push(e);
    }
    return { tid, fds };
  });
}

export function parseInterfaceList(
  buf: Uint8Array,
  dv: DataView,
  start: number,
  total: number,
  offset: number,
  v2: boolean,
): InterfaceEntry[] | CaptureError {
  return guard(() => {
    const c = new Cursor(buf, dv, start + 8, start + total - 4, offset + 8);
    const out: InterfaceEntry[] = [];
    while (c.remaining >= 4) {
      let entryEnd = -1;
      if (v2) {
        // IL v2's length excludes its own 4 bytes, unlike PL and FDL.
        const len = c.u32('interface entry length');
        entryEnd = c.pos + len;
        if (entryEnd > c.end) throw new Overrun(c.offset - 4, `interface entry length ${len} does not fit its block`);
      }
      const type = c.u16('interface type');
      const namelen = c.u16('interface name length');
      let addr: Uint8Array;
      let netmask: Uint8Array;
      let bcast: Uint8Array;
      let linkspeed = 0;
      if (type === 1 || type === 3) {
        addr = c.bytes(4, 'interface address');
        netmask = c.bytes(4, 'netmask');
        bcast = c.bytes(4, 'broadcast address');
        if (type === 1) linkspeed = c.u64('link speed');
      } else if (type === 2 || type === 4) {
        addr = c.bytes(16, 'interface address');
        netmask = c.bytes(16, 'netmask');
        bcast = c.bytes(16, 'broadcast address');
        if (type === 2) linkspeed = c.u64('link speed');
      } else {
        throw new Overrun(c.offset - 4, `unknown interface type ${type}`);
      }
      c.need(namelen, 'interface name');
      const name = cstring(buf, c.pos, c.pos + namelen);
      c.pos += namelen;
      if (entryEnd >= 0) {
        if (c.pos > entryEnd) throw new Overrun(c.offset, 'interface entry overruns its length');
        c.pos = entryEnd;
      }
      out.push({ type, name, addr, netmask, bcast, linkspeed });
    }
    return out;
  });
}

export function parseUserList(
  buf: Uint8Array,
  dv: DataView,
  start: number,
  total: number,
  offset: number,
  v2: boolean,
): UserList | CaptureError {
  return guard(() => {
    const c = new Cursor(buf, dv, start + 8, start + total - 4, offset + 8);
    const users: UserEntry[] = [];
    const groups: GroupEntry[] = [];
    while (c.remaining >= 4) {
      const entryStart = c.pos;
      let entryLen = 0;
      if (v2) {
        entryLen = c.u32('user entry length');
        if (entryLen < 5 || entryStart + entryLen > c.end) {
          throw new Overrun(c.base + (entryStart - c.start), `user entry length ${entryLen} does not fit its block`);
        }
      }
      const type = c.u8('user entry type');
      if (type === 0) {
        const uid = c.u32('uid');
        const gid = c.u32('gid');
        const name = c.str('user name');
        const homedir = c.str('home directory');
        const shell = c.str('shell');
        users.push({ uid, gid, name, homedir, shell });
      } else {
        const gid = c.u32('gid');
        const name = c.str('group name');
        groups.push({ gid, name });
      }
      if (v2) {
        if (c.pos > entryStart + entryLen) throw new Overrun(c.offset, `user entry overruns its length ${entryLen}`);
        c.pos = entryStart + entryLen;
      }
    }
    return { users, groups };
  });
}
