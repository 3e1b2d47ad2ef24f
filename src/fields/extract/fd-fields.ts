// Extractors of the fd.* fields (libsinsp's fd field class): the fd an event refers to, or, for an fd-creating
// exit that failed, the name the call tried to open.
import { code } from '../../capture/codes.ts';
import { containerIpv4 } from '../../state/containers/model.ts';
import type { Event } from '../../state/event.ts';
import { type FdInfo, FdType, fdTypeChar, fdTypeString, ipv4Bytes, L4 } from '../../state/fd.ts';
import { concatPaths } from '../../state/paths.ts';
import { fdL4 } from '../../state/socket-text.ts';
import type { SystemState } from '../../state/state.ts';
import type { FieldValue } from '../types.ts';
import { type Bind, type ExtractorMap, eventFd, isFdEvent, plain } from './common.ts';
import { paramText } from './param-text.ts';

const OPEN_E = code('SYSCALL_OPEN_E');
const OPEN_X = code('SYSCALL_OPEN_X');
const CREAT_E = code('SYSCALL_CREAT_E');
const CREAT_X = code('SYSCALL_CREAT_X');
const OPENAT_E = code('SYSCALL_OPENAT_E');
const OPENAT_X = code('SYSCALL_OPENAT_X');
const OPENAT_2_E = code('SYSCALL_OPENAT_2_E');
const OPENAT_2_X = code('SYSCALL_OPENAT_2_X');
const OPENAT2_E = code('SYSCALL_OPENAT2_E');
const OPENAT2_X = code('SYSCALL_OPENAT2_X');
const CONNECT_X = code('SOCKET_CONNECT_X');
const ACCEPTS = new Set([
  code('SOCKET_ACCEPT_X'),
  code('SOCKET_ACCEPT_5_X'),
  code('SOCKET_ACCEPT4_X'),
  code('SOCKET_ACCEPT4_5_X'),
  code('SOCKET_ACCEPT4_6_X'),
]);
const SOCKET_E = code('SOCKET_SOCKET_E');
const ACCEPT_ENTERS = new Set([
  code('SOCKET_ACCEPT_E'),
  code('SOCKET_ACCEPT_5_E'),
  code('SOCKET_ACCEPT4_E'),
  code('SOCKET_ACCEPT4_5_E'),
  code('SOCKET_ACCEPT4_6_E'),
]);
const PIPE_E = code('SYSCALL_PIPE_E');
const EVENTFD_E = code('SYSCALL_EVENTFD_E');
const SIGNALFD_E = code('SYSCALL_SIGNALFD_E');
const TIMERFD_E = code('SYSCALL_TIMERFD_CREATE_E');
const INOTIFY_E = code('SYSCALL_INOTIFY_INIT_E');

/**
 * libsinsp's extract_fdname_from_creator: for an fd-creating exit with no fd (the call failed), the path or
 * address it was given. null for enter events; '' for other exits.
 */
function nameFromCreator(evt: Event, s: SystemState): string | null {
  const t = evt.type;
  if ((t & 1) === 0) return null;
  if (t === OPEN_X || t === CREAT_X || ACCEPTS.has(t) || t === CONNECT_X) {
    if (!evt.has(1)) return '';
    const p = paramText(evt, 1, s);
    return p.resolved !== '' ? p.resolved : p.raw;
  }
  if (t === OPENAT_X || t === OPENAT_2_X || t === OPENAT2_X) {
    let src: Event | null = evt;
    let nameIdx = 2;
    let dirIdx = 1;
    if (t === OPENAT_X) {
      src = evt.enter;
      nameIdx = 1;
      dirIdx = 0;
      if (src === null) return null;
    }
    const name = src.str(nameIdx);
    const thread = evt.thread;
    if (thread === null) return null;
    const dirfd = src.int(dirIdx);
    let base: string;
    if (name.startsWith('/')) base = '.';
    else if (dirfd === -100) base = s.threads.cwd(thread);
    else {
      const f = s.threads.getFd(thread, dirfd);
      base = f === null ? '<UNKNOWN>' : f.name.endsWith('/') ? f.name : `${f.name}/`;
    }
    return concatPaths(base, name);
  }
  return '';
}

/** The fd of the event when fd fields apply: `undefined` when they do not, null when there is no fd. */
function fdOrNone(evt: Event): FdInfo | null | undefined {
  if (!isFdEvent(evt)) return undefined;
  return eventFd(evt);
}

// The last name directoryOf saw and its answer: a program opens the same file, or files of one directory, many
// times in a row, and every open that reaches the rules asks for fd.directory.
let lastDirName = '';
let lastDir = '/';

/** fd.directory of a file's name (exported for tests). */
export function directoryOf(name: string): string {
  if (name === lastDirName) return lastDir;
  const pos = name.lastIndexOf('/');
  const dir = pos > 0 ? (pos < name.length - 1 ? name.slice(0, pos) : name) : '/';
  lastDirName = name;
  lastDir = dir;
  return dir;
}

function fdName(evt: Event): string | null {
  const fd = fdOrNone(evt);
  if (fd === undefined) return null;
  const s = evt.state;
  if (s === null) return null;
  if (fd === null) return nameFromCreator(evt, s);
  if (evt.type === CONNECT_X && evt.int(0) < 0) return nameFromCreator(evt, s);
  return fd.name;
}

/**
 * fd.nameraw: the path as the opening call gave it (libsinsp m_name_raw), duplicate separators removed; the
 * event's own path parameter when the open failed.
 */
function fdNameRaw(evt: Event): string | null {
  const fd = fdOrNone(evt);
  if (fd === undefined) return null;
  let raw: string;
  if (fd !== null) raw = fd.nameRaw;
  else {
    const i = evt.paramIndex('name');
    if (i < 0) return fdName(evt);
    raw = evt.str(i);
  }
  return collapseSlashes(raw);
}

// The last raw name collapseSlashes saw and its answer (the same file opened again: one pointer comparison).
let lastRaw = '';
let lastCollapsed = '';

/** `raw` with each run of slashes made one (fd.nameraw); exported for tests. */
export function collapseSlashes(raw: string): string {
  if (raw === lastRaw) return lastCollapsed;
  const out = raw.indexOf('//') === -1 ? raw : raw.replace(/\/{2,}/g, '/');
  lastRaw = raw;
  lastCollapsed = out;
  return out;
}

function typechar(evt: Event): string | null {
  const fd = fdOrNone(evt);
  if (fd === undefined) return null;
  if (fd !== null) return fdTypeChar(fd.type);
  const enterType = evt.type & ~1;
  switch (enterType) {
    case OPEN_E:
    case OPENAT_E:
    case OPENAT_2_E:
    case OPENAT2_E:
    case CREAT_E:
      return 'f';
    case SOCKET_E:
      return '4';
    case PIPE_E:
      return 'p';
    case EVENTFD_E:
      return 'e';
    case SIGNALFD_E:
      return 's';
    case TIMERFD_E:
      return 't';
    case INOTIFY_E:
      return 'i';
    default:
      return ACCEPT_ENTERS.has(enterType) ? '4' : 'o';
  }
}

function isIp(fd: FdInfo): boolean {
  return fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV6_SOCK;
}

/** Whether the fd's source address is this machine's (libsinsp's is_ip*addr_in_local_machine on sip). */
function sipIsLocal(evt: Event, fd: FdInfo): boolean {
  const s = evt.state;
  const t = evt.thread;
  if (s === null) return false;
  if (fd.type === FdType.IPV4_SOCK) {
    if (t !== null && t.containerId !== '') {
      const c = s.containers.get(t.containerId);
      if (c !== undefined) {
        const ip = containerIpv4(c);
        if (ip !== 0) {
          if (ip === fd.sip) return true;
        } else {
          for (const other of s.containers.all()) {
            const oip = containerIpv4(other);
            if (oip === fd.sip && oip !== 0) return true;
          }
        }
      }
    }
    return s.interfaces.isLocalIpv4(fd.sip);
  }
  return s.interfaces.isLocalIpv6(fd.sip6);
}

function sipValue(fd: FdInfo): Uint8Array {
  return fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV4_SERVSOCK ? ipv4Bytes(fd.sip) : fd.sip6.slice();
}

function dipValue(fd: FdInfo): Uint8Array {
  return fd.type === FdType.IPV4_SOCK ? ipv4Bytes(fd.dip) : fd.dip6.slice();
}

/** fd.cip/fd.sip/fd.lip/fd.rip and their port and network forms. */
function endpoint(which: 'c' | 's' | 'l' | 'r', what: 'ip' | 'port' | 'net' | 'proto'): Bind {
  return () =>
    (evt: Event): FieldValue | null => {
      const fd = fdOrNone(evt);
      if (fd === undefined || fd === null) return null;
      let useSip: boolean;
      if (which === 'c' || which === 's') {
        if (which === 's' && (fd.type === FdType.IPV4_SERVSOCK || fd.type === FdType.IPV6_SERVSOCK)) {
          if (what === 'ip' || what === 'net') return sipValue(fd);
          if (what === 'port') return fd.sport;
          return String(fd.sport);
        }
        if (!isIp(fd) || fd.roleNone) return null;
        useSip = which === 'c';
      } else {
        if (!isIp(fd) || fd.roleNone) return null;
        const local = sipIsLocal(evt, fd);
        useSip = which === 'l' ? local : !local;
      }
      if (what === 'ip' || what === 'net') return useSip ? sipValue(fd) : dipValue(fd);
      const port = useSip ? fd.sport : fd.dport;
      return what === 'port' ? port : String(port);
    };
}

/** fd.ip, fd.port, fd.net, fd.proto: either end matches (libsinsp's compare_ip/compare_port). */
function eitherEnd(what: 'ip' | 'port' | 'proto'): Bind {
  return () =>
    (evt: Event): FieldValue | null => {
      const fd = fdOrNone(evt);
      if (fd === undefined || fd === null) return null;
      if (fd.type === FdType.IPV4_SERVSOCK || fd.type === FdType.IPV6_SERVSOCK) {
        if (what === 'ip') return [sipValue(fd)];
        return what === 'port' ? [fd.sport] : [String(fd.sport)];
      }
      if (!isIp(fd)) return null;
      if (what === 'ip') return [sipValue(fd), dipValue(fd)];
      return what === 'port' ? [fd.sport, fd.dport] : [String(fd.sport), String(fd.dport)];
    };
}

/** fd.l4proto by scap_l4_proto value; libsinsp answers the text "<NA>" for unknown ones. */
const L4_NAMES = ['<NA>', '<NA>', 'tcp', 'udp', 'icmp', 'raw'];

function onFd(fn: (fd: FdInfo, evt: Event) => FieldValue | null): Bind {
  return plain((evt) => {
    const fd = fdOrNone(evt);
    if (fd === undefined || fd === null) return null;
    return fn(fd, evt);
  });
}

export const extractors: ExtractorMap = {
  'fd.num': plain((e) => {
    if (!isFdEvent(e)) return null;
    return e.thread === null ? null : e.thread.lastEventFd;
  }),
  'fd.type': onFd((fd) => fdTypeString(fd.type)),
  'fd.typechar': plain(typechar),
  'fd.name': plain(fdName),
  'fd.nameraw': plain(fdNameRaw),
  'fd.directory': plain((e) => {
    const fd = fdOrNone(e);
    if (fd === undefined) return null;
    if (fd === null) {
      const n = e.state === null ? null : nameFromCreator(e, e.state);
      return n === null ? null : directoryOf(n);
    }
    if (!(fd.isFile || fd.isDirectory)) return null;
    return fd.isFile ? directoryOf(fd.name) : fd.name;
  }),
  'fd.filename': plain((e) => {
    const fd = fdOrNone(e);
    if (fd === undefined) return null;
    if (fd === null) {
      const et = e.type;
      if (et !== OPEN_E && et !== OPENAT_E && et !== OPENAT_2_E && et !== OPENAT2_E && et !== CREAT_E) return null;
      return null;
    }
    if (!fd.isFile) return null;
    const pos = fd.name.lastIndexOf('/');
    if (pos === -1) return '/';
    return pos < fd.name.length - 1 ? fd.name.slice(pos + 1) : fd.name;
  }),
  'fd.ip': eitherEnd('ip'),
  'fd.cip': endpoint('c', 'ip'),
  'fd.sip': endpoint('s', 'ip'),
  'fd.lip': endpoint('l', 'ip'),
  'fd.rip': endpoint('r', 'ip'),
  'fd.port': eitherEnd('port'),
  'fd.cport': endpoint('c', 'port'),
  'fd.sport': endpoint('s', 'port'),
  'fd.lport': endpoint('l', 'port'),
  'fd.rport': endpoint('r', 'port'),
  'fd.l4proto': onFd((fd) => L4_NAMES[fdL4(fd)] ?? '<NA>'),
  'fd.sockfamily': onFd((fd) =>
    isIp(fd) || fd.type === FdType.IPV4_SERVSOCK || fd.type === FdType.IPV6_SERVSOCK ? 'ip' : fd.isUnix ? 'unix' : null,
  ),
  'fd.is_server': onFd((fd, e) => {
    if (fd.type === FdType.IPV4_SERVSOCK || fd.type === FdType.IPV6_SERVSOCK) return true;
    const s = e.state;
    if (s === null) return false;
    if (fd.type === FdType.IPV4_SOCK) return s.interfaces.isLocalIpv4(fd.dip);
    if (fd.type === FdType.IPV6_SOCK) return s.interfaces.isLocalIpv6(fd.dip6);
    return false;
  }),
  'fd.uid': plain((e) => (e.thread === null ? null : `${e.thread.tid}${e.thread.lastEventFd}`)),
  'fd.containername': plain((e) => {
    const n = fdName(e);
    return n === null || e.thread === null ? null : `${e.thread.containerId}:${n}`;
  }),
  'fd.containerdirectory': plain((e) => {
    const fd = fdOrNone(e);
    if (fd === undefined || e.thread === null) return null;
    let dir: string | null;
    if (fd === null) {
      const n = e.state === null ? null : nameFromCreator(e, e.state);
      dir = n === null ? null : directoryOf(n);
    } else dir = fd.isFile ? directoryOf(fd.name) : fd.isDirectory ? fd.name : null;
    return dir === null ? null : `${e.thread.containerId}:${dir}`;
  }),
  'fd.proto': eitherEnd('proto'),
  'fd.cproto': endpoint('c', 'proto'),
  'fd.sproto': endpoint('s', 'proto'),
  'fd.lproto': endpoint('l', 'proto'),
  'fd.rproto': endpoint('r', 'proto'),
  'fd.net': eitherEnd('ip'),
  'fd.cnet': endpoint('c', 'net'),
  'fd.snet': endpoint('s', 'net'),
  'fd.lnet': endpoint('l', 'net'),
  'fd.rnet': endpoint('r', 'net'),
  'fd.connected': onFd((fd) => fd.isConnected),
  'fd.name_changed': onFd((_fd, e) => e.fdNameChanged),
  // No DNS lookups in replay: the names of addresses are not known (libsinsp answers from its own DNS cache).
  'fd.cip.name': onFd(() => null),
  'fd.sip.name': onFd(() => null),
  'fd.lip.name': onFd(() => null),
  'fd.rip.name': onFd(() => null),
  'fd.dev': onFd((fd) => fd.dev),
  'fd.dev.major': onFd((fd) => (fd.dev >>> 20) & 0xfff),
  'fd.dev.minor': onFd((fd) => fd.dev & 0xfffff),
  'fd.ino': onFd((fd) => fd.ino),
  'fd.is_upper_layer': onFd(() => false),
  'fd.is_lower_layer': onFd(() => false),
  'fd.types': plain((e) => {
    const t = e.thread;
    const s = e.state;
    if (t === null || s === null) return null;
    const table = s.threads.fdTable(t);
    if (table === null) return [];
    const set = new Set<string>();
    for (const f of table.values()) set.add(fdTypeString(f.type) ?? '<NA>');
    return [...set];
  }),
};

export { L4 };
