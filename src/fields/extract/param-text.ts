// Event parameters as text, the way libsinsp's get_param_as_str renders them for evt.args and evt.arg.NAME:
// the raw text (a number, a string, an address) and, when libsinsp resolves it, a second text (an fd's name,
// flag names, an errno name). evt.arg.NAME shows the resolved text when there is one; evt.args shows
// `name=raw(resolved)`.
import type { FlagTable, ParamInfo, ParamTypeName } from '../../capture/event-table.ts';
import { ERRNO_NAMES, formatFlags, PPM_SC_NAMES, SIGNAL_NAMES } from '../../capture/event-table.ts';
import type { Event } from '../../state/event.ts';
import { FdType, fdTypeChar, L4 } from '../../state/fd.ts';
import { concatPaths } from '../../state/paths.ts';
import { fdL4, sanitize, sockaddrText, socktupleText } from '../../state/socket-text.ts';
import type { SystemState } from '../../state/state.ts';

const PPM_AT_FDCWD = -100;

/** The two renderings of one parameter. `resolved` is '' when libsinsp resolves nothing. */
export interface ParamText {
  raw: string;
  resolved: string;
}

function numeric(fmt: string, v: number | bigint, signed: boolean): string {
  switch (fmt) {
    case 'HEX':
      return (typeof v === 'bigint' ? BigInt.asUintN(64, v) : v < 0 ? v >>> 0 : v).toString(16).toUpperCase();
    case 'OCT':
      return (typeof v === 'bigint' ? BigInt.asUintN(64, v) : v < 0 ? v >>> 0 : v).toString(8);
    default:
      void signed;
      return v.toString();
  }
}

/** Text of a byte buffer with every non-printable byte as '.' (libsinsp's binary_buffer_to_string_dots). */
/** formatFlags, memoized per table: a capture repeats a few flag values (open's O_RDONLY|O_CLOEXEC…) endlessly. */
const flagsTextCache = new Map<FlagTable, Map<number, string>>();
function flagsText(table: FlagTable, value: number, type: ParamTypeName): string {
  let byValue = flagsTextCache.get(table);
  if (byValue === undefined) {
    byValue = new Map();
    flagsTextCache.set(table, byValue);
  }
  // The rendering depends on the kind of table use too (plain flags, enum, mode).
  const key = value * 4 + (type === 'MODE' ? 1 : type.startsWith('ENUM') ? 2 : 0);
  let text = byValue.get(key);
  if (text === undefined) {
    text = formatFlags(table, value, type);
    if (byValue.size >= 4096) byValue.clear();
    byValue.set(key, text);
  }
  return text;
}

export function bufferText(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return s;
}

/** Renders parameter `i` of `evt`. `state` resolves fds, users and groups. */
export function paramText(evt: Event, i: number, state: SystemState): ParamText {
  const out: ParamText = { raw: '', resolved: '' };
  const info = evt.info.params[i] as ParamInfo | undefined;
  if (info === undefined || i >= evt.nparams) return out;
  let p: ParamInfo = info;
  let off = evt.paramOff[i];
  let len = evt.paramLen[i];
  const dv = evt.dv;
  const b = evt.buf;
  if (p.type === 'DYN' && p.dyn !== undefined && len !== 0) {
    const idx = b[off];
    if (idx < p.dyn.length) {
      p = p.dyn[idx];
      off++;
      len--;
    }
  }
  const fmt = info.fmt;
  const sint = (): number => {
    switch (len) {
      case 1:
        return dv.getInt8(off);
      case 2:
        return dv.getInt16(off, true);
      case 4:
        return dv.getInt32(off, true);
      case 8:
        return Number(dv.getBigInt64(off, true));
      default:
        return 0;
    }
  };
  const uint = (): number => {
    switch (len) {
      case 1:
        return b[off];
      case 2:
        return dv.getUint16(off, true);
      case 4:
        return dv.getUint32(off, true);
      case 8:
        return Number(dv.getBigUint64(off, true));
      default:
        return 0;
    }
  };
  switch (p.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
      out.raw = numeric(fmt, sint(), true);
      break;
    case 'INT64':
      out.raw = len === 8 ? numeric(fmt, dv.getBigInt64(off, true), true) : numeric(fmt, sint(), true);
      break;
    case 'UINT8':
    case 'UINT16':
    case 'UINT32':
      out.raw = numeric(fmt, uint(), false);
      break;
    case 'UINT64':
      // libsinsp prints u64 through a signed conversion for decimal formats.
      out.raw =
        len === 8
          ? numeric(fmt, fmt === 'HEX' || fmt === 'OCT' ? dv.getBigUint64(off, true) : dv.getBigInt64(off, true), false)
          : '0';
      break;
    case 'FD':
    case 'FD32': {
      const fd = sint();
      out.raw = String(fd);
      const t = evt.thread;
      if (t !== null && fd < 0) {
        out.resolved = fd === PPM_AT_FDCWD ? 'AT_FDCWD' : (ERRNO_NAMES.get(-fd) ?? '');
      } else if (t !== null) {
        const f = state.threads.getFd(t, fd);
        if (f !== null) {
          let proto = '';
          if (
            f.type === FdType.IPV4_SOCK ||
            f.type === FdType.IPV6_SOCK ||
            f.type === FdType.IPV4_SERVSOCK ||
            f.type === FdType.IPV6_SERVSOCK
          ) {
            const l4 = fdL4(f);
            proto = l4 === L4.TCP ? 't' : l4 === L4.UDP ? 'u' : l4 === L4.ICMP ? 'i' : l4 === L4.RAW ? 'r' : '';
          }
          out.resolved = `<${fdTypeChar(f.type)}${proto}>${sanitize(f.name)}`;
        }
      }
      break;
    }
    case 'PID':
    case 'PID32': {
      const pid = sint();
      out.raw = String(pid);
      const t = state.threads.get(pid);
      if (t !== undefined) out.resolved = t.comm;
      break;
    }
    case 'ERRNO': {
      const v = sint();
      out.raw = String(v);
      if (v < 0) out.resolved = ERRNO_NAMES.get(-v) ?? '';
      break;
    }
    case 'CHARBUF':
      out.raw = evt.str(i);
      break;
    case 'FSPATH':
    case 'FSRELPATH': {
      const raw = evt.str(i);
      out.raw = sanitize(raw);
      const t = evt.thread;
      if (t !== null && len > 0 && !raw.startsWith('<NA>') && raw.length > 0 && raw.charCodeAt(0) !== 0x2f) {
        let base = state.threads.cwd(t);
        if (p.type === 'FSRELPATH' && info.dirfd !== undefined && info.dirfd < evt.nparams) {
          const dirfd = evt.int(info.dirfd);
          if (dirfd !== PPM_AT_FDCWD) {
            const f = state.threads.getFd(t, dirfd);
            base = f === null || f.name === '' ? '' : `${sanitize(f.name)}/`;
          }
        }
        out.resolved = concatPaths(base, raw);
      }
      break;
    }
    case 'BYTEBUF':
      out.raw = bufferText(b.subarray(off, off + len));
      break;
    case 'SOCKADDR':
      out.raw = sockaddrText(evt, i, evt.fd);
      break;
    case 'SOCKTUPLE':
      out.raw = socktupleText(evt, off, len, evt.fd);
      break;
    case 'FDLIST': {
      const t = evt.thread;
      if (t === null || len < 2) break;
      const n = dv.getUint16(off, true);
      const parts: string[] = [];
      let q = off + 2;
      for (let k = 0; k < n && q + 10 <= off + len; k++) {
        const fd = Number(dv.getBigInt64(q, true));
        const f = state.threads.getFd(t, fd);
        const ch = f === null ? '?' : fdTypeChar(f.type);
        parts.push(`${BigInt.asUintN(64, BigInt(fd))}:${ch}${(dv.getInt16(q + 8, true) >>> 0).toString(16)}`);
        q += 10;
      }
      out.raw = parts.join(' ');
      break;
    }
    case 'SYSCALLID': {
      const id = uint();
      if (id >= PPM_SC_NAMES.length) out.raw = '<unknown syscall>';
      else {
        out.raw = String(id);
        out.resolved = PPM_SC_NAMES[id];
      }
      break;
    }
    case 'SIGTYPE': {
      const v = uint();
      out.raw = String(v);
      out.resolved = SIGNAL_NAMES.get(v) ?? '';
      break;
    }
    case 'RELTIME': {
      const v = len === 8 ? dv.getBigUint64(off, true) : BigInt(uint());
      if (v === 0xffffffffffffffffn) out.raw = 'none';
      else {
        out.raw = v.toString();
        out.resolved = `${formatG(Number(v) / 1e9)}s`;
      }
      break;
    }
    case 'ABSTIME':
      out.raw = len === 8 ? dv.getBigUint64(off, true).toString() : String(uint());
      break;
    case 'FLAGS8':
    case 'FLAGS16':
    case 'FLAGS32':
    case 'ENUMFLAGS8':
    case 'ENUMFLAGS16':
    case 'ENUMFLAGS32':
    case 'MODE': {
      const v = uint();
      out.raw = p.type === 'MODE' ? numeric(fmt, v, false) : String(v);
      if (info.flags !== undefined) out.resolved = flagsText(info.flags, v, p.type);
      break;
    }
    case 'UID':
    case 'GID': {
      const v = uint();
      if (v < 0xffffffff) {
        out.raw = String(v | 0);
        // in the event's container's accounts when the thread is in one (live), as libsinsp resolves them
        const t = evt.thread;
        const u = state.users;
        const name =
          p.type === 'UID'
            ? (t === null ? u.user(v) : u.userOf(t, v))?.name
            : (t === null ? u.group(v) : u.groupOf(t, v))?.name;
        out.resolved = name === undefined ? '<NA>' : sanitize(name);
      } else {
        out.raw = '-1';
        out.resolved = '<NONE>';
      }
      break;
    }
    case 'SIGSET': {
      const v = uint();
      const names: string[] = [];
      for (let s = 0; s < 32; s++) if ((v & (1 << s)) !== 0) names.push(SIGNAL_NAMES.get(s + 1) ?? '');
      out.raw = names.filter((x) => x !== '').join(' ');
      break;
    }
    case 'BOOL':
      out.raw = uint() !== 0 ? 'true' : 'false';
      break;
    case 'DOUBLE':
      out.raw = len === 8 ? String(dv.getFloat64(off, true)) : '0';
      break;
    case 'PORT':
      out.raw = String(uint());
      break;
    case 'L4PROTO':
    case 'SOCKFAMILY':
      out.raw = String(uint());
      break;
    case 'IPV4ADDR':
      out.raw = len >= 4 ? `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}` : '';
      break;
    case 'CHARBUFARRAY':
      out.raw = evt.list(i).join('.');
      break;
    default:
      out.raw = '(n.a.)';
  }
  return out;
}

/** C's %lg for a double: up to 6 significant digits, no trailing zeros. */
function formatG(v: number): string {
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) {
    const s = v.toExponential(5).replace(/\.?0+e/, 'e');
    return s.replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return Number(v.toPrecision(6)).toString();
}

/** evt.args: every parameter as `name=raw` or `name=raw(resolved)`, space-separated with a trailing space. */
export function argsText(evt: Event, state: SystemState): string {
  if (evt.type === 0 || evt.type === 1) return '';
  let s = '';
  const n = Math.min(evt.nparams, evt.info.params.length);
  for (let i = 0; i < n; i++) {
    const t = paramText(evt, i, state);
    s += `${evt.info.params[i].name}=${t.raw}${t.resolved === '' ? '' : `(${t.resolved})`} `;
  }
  return s;
}
