// Extractors of the evt.* and syscall.* fields (libsinsp's gen_event and event field classes).
import { code } from '../../capture/codes.ts';
import {
  EC_INTERNAL,
  EC_IO_BASE,
  EC_IO_READ,
  EC_IO_WRITE,
  EC_MEMORY,
  EC_SYSCALL_CATEGORY_MASK,
  EF_CREATES_FD,
  EF_READS_FROM_FD,
  EF_SKIPPARSERESET,
  EF_WAITS,
  EF_WRITES_TO_FD,
  EVENT_TABLE,
  eventCodesByName,
  PPM_EVENT_MAX,
  PPM_SC_NAMES,
  X86_64_NATIVE_TO_PPM_SC,
} from '../../capture/event-table.ts';
import type { Event } from '../../state/event.ts';
import { FdType } from '../../state/fd.ts';
import { concatPaths } from '../../state/paths.ts';
import type { Extractor, FieldArg, FieldValue } from '../types.ts';
import { type Bind, type ExtractorMap, plain, tsToIso8601, tsToString } from './common.ts';
import { argsText, bufferText, paramText } from './param-text.ts';

const GENERIC_E = 0;
const GENERIC_X = 1;
const SCHEDSWITCH_6_E = code('SCHEDSWITCH_6_E');
const PROCINFO_E = code('PROCINFO_E');
const OPEN_X = code('SYSCALL_OPEN_X');
const OPENAT_E = code('SYSCALL_OPENAT_E');
const OPENAT_2_X = code('SYSCALL_OPENAT_2_X');
const OPENAT2_X = code('SYSCALL_OPENAT2_X');
const CREAT_X = code('SYSCALL_CREAT_X');
const OPENAT_X = code('SYSCALL_OPENAT_X');
const ACCEPT_CODES = new Set([
  code('SOCKET_ACCEPT_X'),
  code('SOCKET_ACCEPT_5_X'),
  code('SOCKET_ACCEPT4_X'),
  code('SOCKET_ACCEPT4_5_X'),
  code('SOCKET_ACCEPT4_6_X'),
  code('SOCKET_CONNECT_X'),
]);
const OPEN_EXITS = new Set([OPEN_X, CREAT_X, OPENAT_X, OPENAT_2_X, OPENAT2_X]);

const PPM_O_RDONLY = 1 << 0;
const PPM_O_WRONLY = 1 << 1;
const PPM_O_CREAT = 1 << 2;
const PPM_O_TMPFILE = 1 << 13;
const PPM_O_F_CREATED = 1 << 14;
const EXEC_BITS = 0o111;

/** evt.type's value per code; generic events resolve through their syscall id. */
const TYPE_NAMES: string[] = EVENT_TABLE.map((e) => e.name);
const FLAGS = new Uint32Array(PPM_EVENT_MAX);
const CATEGORY = new Uint32Array(PPM_EVENT_MAX);
/** Index of the `res` parameter per code (−1 none) and of `fd` for fd-creating exits. */
const RES_IDX = new Int16Array(PPM_EVENT_MAX).fill(-1);
const FD_IDX = new Int16Array(PPM_EVENT_MAX).fill(-1);
const DATA_IDX = new Int16Array(PPM_EVENT_MAX).fill(-1);
for (const e of EVENT_TABLE) {
  FLAGS[e.code] = e.flags;
  CATEGORY[e.code] = e.category;
  e.params.forEach((p, i) => {
    if (p.name === 'res' && RES_IDX[e.code] === -1) RES_IDX[e.code] = i;
    if (p.name === 'fd' && FD_IDX[e.code] === -1) FD_IDX[e.code] = i;
    if (p.name === 'data' && DATA_IDX[e.code] === -1) DATA_IDX[e.code] = i;
  });
}

function typeName(evt: Event): string {
  const t = evt.type;
  if (t === GENERIC_E || t === GENERIC_X) {
    let id = evt.uint(0);
    // A syscall the capture's writer did not know (PPM_SC_UNKNOWN): libsinsp names it by the native syscall
    // number the event also carries, when replaying a capture (filterchecks.cpp TYPE_TYPE since libs 0.10, commit 18f71210e).
    if (id === 0) {
      // an old capture's exit has no native number: its enter's (kept by the state parser, as libscap's converter
      // copies it)
      const src = evt.nparams > 1 && evt.paramLen[1] > 0 ? evt : evt.enter;
      if (src !== null && src.nparams > 1) id = X86_64_NATIVE_TO_PPM_SC[src.uint(1)] ?? 0;
    }
    return PPM_SC_NAMES[id] || 'unknown';
  }
  return TYPE_NAMES[t];
}

/** The raw result of an event: `res`, or for fd-creating exits `fd`; null when it has neither. */
function rawRes(evt: Event): number | null {
  const t = evt.type;
  const r = RES_IDX[t];
  if (r !== -1) return r < evt.nparams ? evt.int(r) : null;
  if ((FLAGS[t] & EF_CREATES_FD) !== 0 && (t & 1) === 1) {
    const f = FD_IDX[t];
    if (f !== -1 && f < evt.nparams) return evt.int(f);
  }
  return null;
}

function resIndex(evt: Event): number {
  const t = evt.type;
  const r = RES_IDX[t];
  if (r !== -1) return r;
  if ((FLAGS[t] & EF_CREATES_FD) !== 0 && (t & 1) === 1) return FD_IDX[t];
  return -1;
}

/** libsinsp's event category name (evt.category). */
function categoryName(evt: Event): string {
  let cat: number;
  if (evt.type === GENERIC_E || evt.type === GENERIC_X) return 'other';
  cat = CATEGORY[evt.type] & EC_SYSCALL_CATEGORY_MASK;
  if (cat === 0 && (CATEGORY[evt.type] & 0xffff) >= 64) cat = CATEGORY[evt.type] & 0xffff;
  switch (cat) {
    case 0:
      return 'unknown';
    case 1:
      return 'other';
    case 2:
      return 'file';
    case 3:
      return 'net';
    case 4:
      return 'IPC';
    case 5:
      return 'memory';
    case 6:
      return 'process';
    case 7:
      return 'sleep';
    case 8:
      return 'system';
    case 9:
      return 'signal';
    case 10:
      return 'user';
    case 11:
      return 'time';
    case 12:
      return 'processing';
    case 32:
    case 33:
    case 34: {
      const fd = evt.fd;
      if (fd === null) return 'unknown';
      switch (fd.type) {
        case FdType.FILE:
        case FdType.FILE_V2:
        case FdType.DIRECTORY:
          return 'file';
        case FdType.IPV4_SOCK:
        case FdType.IPV6_SOCK:
        case FdType.IPV4_SERVSOCK:
        case FdType.IPV6_SERVSOCK:
          return 'net';
        case FdType.FIFO:
        case FdType.UNIX_SOCK:
        case FdType.EVENT:
        case FdType.SIGNALFD:
        case FdType.INOTIFY:
          return 'ipc';
        default:
          return 'unknown';
      }
    }
    default:
      if ((CATEGORY[evt.type] & 64) !== 0) return 'wait';
      if ((CATEGORY[evt.type] & 128) !== 0) return 'scheduler';
      return 'unknown';
  }
}

/** The parameter index an evt.arg argument names, per event code: looked up by name once per code. */
function argIndexer(arg: FieldArg): (evt: Event) => number {
  const index = arg.index;
  if (index !== undefined) return () => index;
  const byCode = new Int16Array(PPM_EVENT_MAX).fill(-2);
  return (evt) => {
    const type = evt.type;
    let i = type < PPM_EVENT_MAX ? byCode[type] : -1;
    if (i === -2) {
      i = evt.paramIndex(arg.raw);
      byCode[type] = i;
    }
    return i;
  };
}

/** Parameter types whose text is a function of the integer value alone (flag names, or the number). */
const VALUE_TEXT_TYPES: ReadonlySet<string> = new Set([
  'FLAGS8',
  'FLAGS16',
  'FLAGS32',
  'ENUMFLAGS8',
  'ENUMFLAGS16',
  'ENUMFLAGS32',
  'MODE',
]);

/** evt.arg.X: the resolved text when libsinsp resolves one, else the raw text. */
const evtArg: Bind = (arg) => {
  if (arg === undefined) return { error: "filter_check called without argument for field 'evt.arg'" };
  const argIndex = argIndexer(arg);
  // Flags and modes (open's `flags`, on every open): the text depends on the code and the value only, and a
  // workload repeats a few values, so each text is rendered once per code and value.
  const byCode: (Map<number, string> | undefined)[] = new Array(PPM_EVENT_MAX).fill(undefined);
  return (evt: Event) => {
    const i = argIndex(evt);
    if (i < 0 || i >= evt.nparams || i >= evt.info.params.length || evt.state === null) return null;
    const p = evt.info.params[i];
    if (p.flags !== undefined && VALUE_TEXT_TYPES.has(p.type)) {
      // flag and mode parameters are at most 32 bits: evt.uint reads them as paramText does
      const v = evt.uint(i);
      let memo = byCode[evt.type];
      if (memo === undefined) {
        memo = new Map();
        byCode[evt.type] = memo;
      }
      let text = memo.get(v);
      if (text === undefined) {
        const t = paramText(evt, i, evt.state);
        text = t.resolved !== '' ? t.resolved : t.raw;
        if (memo.size >= 4096) memo.clear();
        memo.set(v, text);
      }
      return text;
    }
    const t = paramText(evt, i, evt.state);
    return t.resolved !== '' ? t.resolved : t.raw;
  };
};

/** evt.rawarg.X: the parameter's value in its own type (numbers as numbers, strings as strings). */
const evtRawArg: Bind = (arg) => {
  if (arg === undefined) return { error: "filter_check called without argument for field 'evt.rawarg'" };
  const argIndex = argIndexer(arg);
  return (evt: Event): FieldValue | null => {
    const i = argIndex(evt);
    if (i < 0 || i >= evt.nparams) return null;
    const p = evt.info.params[i];
    if (p === undefined) return null;
    switch (p.type) {
      case 'CHARBUF':
      case 'FSPATH':
      case 'FSRELPATH':
        return evt.str(i);
      case 'BYTEBUF':
        return evt.bytes(i).slice();
      case 'ABSTIME':
        return evt.big(i);
      case 'UINT64':
        return evt.paramLen[i] === 8 ? evt.big(i) : evt.uint(i);
      case 'INT8':
      case 'INT16':
      case 'INT32':
      case 'INT64':
      case 'ERRNO':
      case 'FD':
      case 'PID':
      case 'FD32':
      case 'PID32':
        return evt.int(i);
      default:
        return evt.uint(i);
    }
  };
};

function isOpen(evt: Event, want: 'read' | 'write' | 'exec' | 'create'): boolean {
  const t = evt.type;
  if (t === OPEN_X || t === OPENAT_E || t === OPENAT_2_X || t === OPENAT2_X) {
    const newer = t === OPENAT_2_X || t === OPENAT2_X;
    const flags = evt.uint(newer ? 3 : 2);
    if (want === 'read') return (flags & PPM_O_RDONLY) !== 0;
    if (want === 'write') return (flags & PPM_O_WRONLY) !== 0;
    if (want === 'create') return (flags & PPM_O_F_CREATED) !== 0;
    if ((flags & (PPM_O_TMPFILE | PPM_O_CREAT)) !== 0) return (evt.uint(newer ? 4 : 3) & EXEC_BITS) !== 0;
    return false;
  }
  if (want === 'exec' && t === CREAT_X) return (evt.uint(2) & EXEC_BITS) !== 0;
  if (want === 'create' && t === CREAT_X) return true;
  return false;
}

function latency(evt: Event): number | null {
  const t = evt.thread;
  if (t === null) return 0;
  if ((CATEGORY[evt.type] & EC_INTERNAL) !== 0) return null;
  return t.latency;
}

function buflen(evt: Event): number | null {
  const fd = evt.fd;
  if (fd === null || (CATEGORY[evt.type] & EC_IO_BASE) === 0) return null;
  if ((evt.type & 1) === 0) return null;
  const r = rawRes(evt);
  return r === null || r < 0 ? null : r;
}

function errorCount(evt: Event): number | null {
  const r = rawRes(evt);
  return r !== null && r < 0 ? 1 : null;
}

/**
 * evt.abspath, evt.abspath.src, evt.abspath.dst: the path a *at() syscall acted on, joined to its dirfd (libsinsp's
 * extract_abspath). The registry resolves the dotted names to evt.abspath with the argument `src` or `dst`.
 */
const evtAbspath: Bind = (arg) => abspath(arg?.raw === 'src' || arg?.raw === 'dst' ? arg.raw : '');

function abspath(which: '' | 'src' | 'dst'): Extractor<Event> {
  return (evt: Event) => {
    const name = evt.info.name;
    let dirIdx = -1;
    let pathIdx = -1;
    const idx = (n: string) => evt.paramIndex(n);
    if (which === '' || which === 'src') {
      if (name === 'renameat' || name === 'renameat2') {
        dirIdx = idx('olddirfd');
        pathIdx = idx('oldpath');
      } else if (name === 'symlinkat') {
        dirIdx = idx('linkdirfd');
        pathIdx = idx('linkpath');
      } else if (name === 'linkat') {
        dirIdx = idx('olddir');
        pathIdx = idx('oldpath');
      } else if (name === 'unlinkat') {
        dirIdx = idx('dirfd');
        pathIdx = idx('name');
      } else if (name === 'mkdirat') {
        dirIdx = idx('dirfd');
        pathIdx = idx('path');
      } else if (name === 'fchmodat' || name === 'fchownat') {
        dirIdx = idx('dirfd');
        pathIdx = idx('filename');
      } else if (name === 'openat' || name === 'openat2') {
        dirIdx = idx('dirfd');
        pathIdx = idx('name');
      } else if (name === 'mknodat') {
        dirIdx = idx('dirfd');
        pathIdx = idx('path');
      }
    } else if (name === 'renameat' || name === 'renameat2') {
      dirIdx = idx('newdirfd');
      pathIdx = idx('newpath');
    } else if (name === 'linkat') {
      dirIdx = idx('newdir');
      pathIdx = idx('newpath');
    }
    if (which === 'dst' && dirIdx === -1) return null;
    if (dirIdx < 0 || pathIdx < 0 || dirIdx >= evt.nparams || pathIdx >= evt.nparams) return null;
    const s = evt.state;
    const t = evt.thread;
    if (s === null || t === null) return null;
    const path = evt.str(pathIdx);
    const dirfd = evt.int(dirIdx);
    let base: string;
    if (path.startsWith('/')) base = '';
    else if (dirfd === -100) base = s.threads.cwd(t);
    else {
      const f = s.threads.getFd(t, dirfd);
      if (f === null) return null;
      base = f.name.endsWith('/') ? f.name : `${f.name}/`;
    }
    return concatPaths(base, path);
  };
}

export const extractors: ExtractorMap = {
  'evt.num': plain((e) => e.num),
  // Text, as libsinsp renders them; Falco's JSON output_fields give evt.rawtime for these (src/rules/output.ts).
  'evt.time': plain((e) => tsToString(e.ts, false, true)),
  'evt.time.s': plain((e) => tsToString(e.ts, false, false)),
  'evt.time.iso8601': plain((e) => tsToIso8601(e.ts)),
  'evt.datetime': plain((e) => tsToString(e.ts, true, true)),
  'evt.datetime.s': plain((e) => tsToString(e.ts, true, false)),
  'evt.rawtime': plain((e) => e.ts),
  'evt.rawtime.s': plain((e) => e.ts / 1_000_000_000n),
  'evt.rawtime.ns': plain((e) => e.ts % 1_000_000_000n),
  'evt.reltime': plain((e) => Number(e.ts - (e.state?.firstEventTs ?? e.ts))),
  'evt.reltime.s': plain((e) => Number((e.ts - (e.state?.firstEventTs ?? e.ts)) / 1_000_000_000n)),
  'evt.reltime.ns': plain((e) => Number((e.ts - (e.state?.firstEventTs ?? e.ts)) % 1_000_000_000n)),
  'evt.deltatime': plain((e) => (e.state === null ? 0 : e.state.deltaNs(e.tsHi, e.tsLo))),
  'evt.deltatime.s': plain((e) => (e.state === null ? 0 : Math.floor(e.state.deltaNs(e.tsHi, e.tsLo) / 1e9))),
  'evt.deltatime.ns': plain((e) => (e.state === null ? 0 : e.state.deltaNs(e.tsHi, e.tsLo) % 1e9)),
  'evt.outputtime': plain((e) => tsToString(e.ts, false, true)),
  'evt.latency': plain(latency),
  'evt.latency.s': plain((e) => {
    const l = latency(e);
    return l === null ? null : Math.floor(l / 1e9);
  }),
  'evt.latency.ns': plain((e) => {
    const l = latency(e);
    return l === null ? null : l % 1e9;
  }),
  'evt.latency.human': plain((e) => {
    const l = latency(e);
    if (l === null) return null;
    if (l >= 1e9) return `${(l / 1e9).toFixed(2)}s`;
    if (l >= 1e6) return `${(l / 1e6).toFixed(2)}ms`;
    if (l >= 1e3) return `${(l / 1e3).toFixed(2)}us`;
    return `${l}ns`;
  }),
  'evt.dir': plain((e) => ((e.type & 1) === 0 ? '>' : '<')),
  'evt.type': plain(typeName),
  'evt.type.is': (arg) => {
    if (arg === undefined) return { error: "filter_check called without argument for field 'evt.type.is'" };
    const codes = new Set(eventCodesByName(arg.raw));
    return (e: Event) => (codes.has(e.type) ? 1 : 0);
  },
  'syscall.type': plain((e) => {
    const t = e.type;
    if (t === SCHEDSWITCH_6_E || (FLAGS[t] & EF_SKIPPARSERESET) !== 0 || (CATEGORY[t] & EC_INTERNAL) !== 0) return null;
    return typeName(e);
  }),
  'evt.category': plain(categoryName),
  'evt.cpu': plain((e) => e.cpu),
  'evt.args': plain((e) => (e.state === null ? '' : argsText(e, e.state))),
  'evt.arg': evtArg,
  'evt.rawarg': evtRawArg,
  'evt.info': plain((e) => (e.state === null ? '' : argsText(e, e.state))),
  'evt.buffer': plain((e) => {
    const i = DATA_IDX[e.type];
    if (i === -1 || i >= e.nparams) return null;
    return e.bytes(i).slice();
  }),
  'evt.buflen': plain(buflen),
  'evt.buflen.in': plain((e) => ((CATEGORY[e.type] & 0x1ff) === EC_IO_READ ? buflen(e) : null)),
  'evt.buflen.out': plain((e) => ((CATEGORY[e.type] & 0x1ff) === EC_IO_WRITE ? buflen(e) : null)),
  'evt.buflen.file': plain((e) => (e.fd?.isFile ? buflen(e) : null)),
  'evt.buflen.file.in': plain((e) => (e.fd?.isFile && (CATEGORY[e.type] & 0x1ff) === EC_IO_READ ? buflen(e) : null)),
  'evt.buflen.file.out': plain((e) => (e.fd?.isFile && (CATEGORY[e.type] & 0x1ff) === EC_IO_WRITE ? buflen(e) : null)),
  'evt.buflen.net': plain((e) =>
    e.fd !== null && e.fd.type >= FdType.IPV4_SOCK && e.fd.type <= FdType.IPV6_SERVSOCK ? buflen(e) : null,
  ),
  'evt.buflen.net.in': plain((e) =>
    e.fd !== null &&
    e.fd.type >= FdType.IPV4_SOCK &&
    e.fd.type <= FdType.IPV6_SERVSOCK &&
    (CATEGORY[e.type] & 0x1ff) === EC_IO_READ
      ? buflen(e)
      : null,
  ),
  'evt.buflen.net.out': plain((e) =>
    e.fd !== null &&
    e.fd.type >= FdType.IPV4_SOCK &&
    e.fd.type <= FdType.IPV6_SERVSOCK &&
    (CATEGORY[e.type] & 0x1ff) === EC_IO_WRITE
      ? buflen(e)
      : null,
  ),
  'evt.res': plain((e) => {
    const i = resIndex(e);
    if (i === -1 || i >= e.nparams) return null;
    const r = e.int(i);
    if (r >= 0) return 'SUCCESS';
    if (e.state === null) return String(r);
    const t = paramText(e, i, e.state);
    return t.resolved !== '' ? t.resolved : t.raw;
  }),
  'evt.rawres': plain(rawRes),
  'evt.failed': plain((e) => {
    const r = rawRes(e);
    return r !== null && r < 0;
  }),
  'evt.is_io': plain((e) => (FLAGS[e.type] & (EF_READS_FROM_FD | EF_WRITES_TO_FD)) !== 0),
  'evt.is_io_read': plain((e) => (FLAGS[e.type] & EF_READS_FROM_FD) !== 0),
  'evt.is_io_write': plain((e) => (FLAGS[e.type] & EF_WRITES_TO_FD) !== 0),
  'evt.io_dir': plain((e) =>
    (FLAGS[e.type] & EF_WRITES_TO_FD) !== 0 ? 'write' : (FLAGS[e.type] & EF_READS_FROM_FD) !== 0 ? 'read' : null,
  ),
  'evt.is_wait': plain((e) => (FLAGS[e.type] & EF_WAITS) !== 0),
  'evt.wait_latency': plain((e) =>
    (FLAGS[e.type] & EF_WAITS) !== 0 && (e.type & 1) === 1 ? (e.thread?.latency ?? 0) : null,
  ),
  'evt.is_syslog': plain(
    (e) => (FLAGS[e.type] & EF_WRITES_TO_FD) !== 0 && e.fd !== null && e.fd.name.includes('/dev/log'),
  ),
  'evt.count': plain(() => 1),
  'evt.count.error': plain(errorCount),
  'evt.count.error.file': plain((e) => {
    if (e.fd !== null) return e.fd.isFile || e.fd.isDirectory ? errorCount(e) : null;
    return OPEN_EXITS.has(e.type) ? errorCount(e) : null;
  }),
  'evt.count.error.net': plain((e) => {
    if (e.fd !== null)
      return (e.fd.type >= FdType.IPV4_SOCK && e.fd.type <= FdType.IPV6_SERVSOCK) || e.fd.isUnix ? errorCount(e) : null;
    return ACCEPT_CODES.has(e.type) ? errorCount(e) : null;
  }),
  'evt.count.error.memory': plain((e) => ((CATEGORY[e.type] & 0x1ff) === EC_MEMORY ? errorCount(e) : null)),
  'evt.count.error.other': plain((e) => {
    if (e.fd !== null) {
      const f = e.fd;
      return f.isFile || f.isDirectory || (f.type >= FdType.IPV4_SOCK && f.type <= FdType.IPV6_SERVSOCK) || f.isUnix
        ? null
        : errorCount(e);
    }
    return OPEN_EXITS.has(e.type) || ACCEPT_CODES.has(e.type) || (CATEGORY[e.type] & 0x1ff) === EC_MEMORY
      ? null
      : errorCount(e);
  }),
  'evt.count.exit': plain((e) => ((e.type & 1) === 1 ? 1 : null)),
  'evt.count.procinfo': plain((e) => (e.type === PROCINFO_E && e.thread !== null && e.thread.isMain ? 1 : null)),
  'evt.count.threadinfo': plain((e) => (e.type === PROCINFO_E ? 1 : null)),
  'evt.around': (arg) => {
    if (arg === undefined) return { error: "filter_check called without argument for field 'evt.around'" };
    return (e: Event) => e.ts;
  },
  'evt.abspath': evtAbspath,
  'evt.is_open_read': plain((e) => isOpen(e, 'read')),
  'evt.is_open_write': plain((e) => isOpen(e, 'write')),
  'evt.is_open_exec': plain((e) => isOpen(e, 'exec')),
  'evt.is_open_create': plain((e) => isOpen(e, 'create')),
  'evt.source': plain(() => 'syscall'),
  'evt.is_async': plain(() => false),
  'evt.asynctype': plain(() => null),
  'evt.hostname': plain((e) => e.state?.hostname ?? null),
  'evt.pluginname': plain(() => null),
  'evt.plugininfo': plain(() => null),
};

/** The text libsinsp shows for a BYTEBUF value (exported for the output formatter). */
export { bufferText };
