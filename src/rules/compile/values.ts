// Literal values in conditions, converted once at load time to the runtime representation of the field's
// type (src/fields/types.ts), with libsinsp's parsing rules and error messages (value_parser.cpp,
// sinsp_numparser): integers are decimal (sscanf %d/%u: optional sign, negative unsigned values wrap),
// booleans are `true`/`false`, ports may be service names, IPs are strict inet_pton, networks need a `/`.
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import type { FieldType, IpNet } from '../../fields/types.ts';

/** How the compiler treats a type's values. */
export type TypeClass = 'num' | 'big' | 'bool' | 'str' | 'buf' | 'ip' | 'net' | 'dyn' | 'none';

export function typeClass(t: FieldType): TypeClass {
  switch (t) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'INT64':
    case 'UINT8':
    case 'UINT16':
    case 'UINT32':
    case 'UINT64':
    case 'ERRNO':
    case 'FD':
    case 'PID':
    case 'SYSCALLID':
    case 'SIGTYPE':
    case 'RELTIME':
    case 'PORT':
    case 'FLAGS8':
    case 'FLAGS16':
    case 'FLAGS32':
    case 'UID':
    case 'GID':
    case 'DOUBLE':
    case 'MODE':
    case 'ENUMFLAGS8':
    case 'ENUMFLAGS16':
    case 'ENUMFLAGS32':
      return 'num';
    case 'ABSTIME':
      return 'big';
    case 'BOOL':
      return 'bool';
    case 'CHARBUF':
    case 'FSPATH':
    case 'FSRELPATH':
      return 'str';
    case 'BYTEBUF':
      return 'buf';
    case 'IPV4ADDR':
    case 'IPV6ADDR':
    case 'IPADDR':
      return 'ip';
    case 'IPV4NET':
    case 'IPV6NET':
    case 'IPNET':
      return 'net';
    case 'DYN':
      return 'dyn';
    default:
      return 'none';
  }
}

const INT_BITS: Partial<Record<FieldType, [bits: number, signed: boolean]>> = {
  INT8: [8, true],
  INT16: [16, true],
  INT32: [32, true],
  INT64: [64, true],
  ERRNO: [64, true],
  FD: [64, true],
  PID: [64, true],
  UINT8: [8, false],
  FLAGS8: [8, false],
  ENUMFLAGS8: [8, false],
  SIGTYPE: [8, false],
  UINT16: [16, false],
  FLAGS16: [16, false],
  ENUMFLAGS16: [16, false],
  SYSCALLID: [16, false],
  PORT: [16, false],
  UINT32: [32, false],
  FLAGS32: [32, false],
  ENUMFLAGS32: [32, false],
  MODE: [32, false],
  UID: [32, false],
  GID: [32, false],
  UINT64: [64, false],
  RELTIME: [64, false],
  ABSTIME: [64, false],
};

/** sscanf("%d"/"%u") on the whole string: leading blanks, optional sign, digits, nothing after. */
function scanInteger(s: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(s);
  if (m === null) return undefined;
  const v = BigInt(m[2]);
  return m[1] === '-' ? -v : v;
}

const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);
const U64_MAX = (1n << 64n) - 1n;

/**
 * Parses an integer literal for a type as libsinsp's sinsp_numparser does: glibc's sscanf converts with
 * strtol/strtoul on 64 bits (a signed value saturates at the int64 limits; an unsigned one takes a minus sign
 * modulo 2^64 and saturates at 2^64-1), and the result is then cast to the field's width.
 */
export function parseInteger(s: string, t: FieldType): bigint {
  const v = scanInteger(s);
  if (v === undefined) throw new Error(`${s} is not a valid number`);
  const [bits, signed] = INT_BITS[t] ?? [64, true];
  if (signed) return BigInt.asIntN(bits, v > I64_MAX ? I64_MAX : v < I64_MIN ? I64_MIN : v);
  const magnitude = v < 0n ? -v : v;
  const u = magnitude > U64_MAX ? U64_MAX : BigInt.asUintN(64, v);
  return BigInt.asUintN(bits, u);
}

let services: Map<string, number> | undefined;

/** getservbyname(name, NULL): the first port /etc/services gives the name or one of its aliases. */
function serviceByName(name: string): number | undefined {
  if (services === undefined) {
    services = new Map();
    let text = '';
    try {
      text = readFileSync('/etc/services', 'utf8');
    } catch {
      text = 'ssh 22/tcp\nhttp 80/tcp www\nhttps 443/tcp\ndomain 53/udp\nftp 21/tcp\ntelnet 23/tcp\nsmtp 25/tcp\n';
    }
    for (const line of text.split('\n')) {
      const fields = line.replace(/#.*/, '').trim().split(/\s+/);
      if (fields.length < 2) continue;
      const port = Number.parseInt(fields[1], 10);
      if (!Number.isFinite(port)) continue;
      for (const n of [fields[0], ...fields.slice(2)]) if (!services.has(n)) services.set(n, port);
    }
  }
  return services.get(name);
}

/** inet_pton(AF_INET): four decimal octets, no leading zeros. */
export function parseIpv4(s: string): Uint8Array | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = m[i + 1];
    if (part.length > 1 && part[0] === '0') return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** inet_pton(AF_INET6). */
export function parseIpv6(s: string): Uint8Array | undefined {
  if (s.includes('%') || !ipaddr.IPv6.isValid(s)) return undefined;
  try {
    return Uint8Array.from(ipaddr.IPv6.parse(s).toByteArray());
  } catch {
    return undefined;
  }
}

function maskBytes(addr: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(addr.length);
  for (let i = 0; i < addr.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    out[i] = addr[i] & (bits === 0 ? 0 : (0xff << (8 - bits)) & 0xff);
  }
  return out;
}

/** An IPv4 network (value_parser.cpp) or an IPv6 one (ipv6net), with their parsers' messages. */
function parseNet(s: string, v6: boolean): IpNet {
  const slash = s.indexOf('/');
  if (slash < 0) throw new Error(v6 ? `invalid v6 netmask: ${s}` : `unrecognized IP network ${s}`);
  const ip = s.slice(0, slash);
  // getline(ss, mask) stops at a line break.
  const maskText = s.slice(slash + 1).split('\n')[0];
  const addr = v6 ? parseIpv6(ip) : parseIpv4(ip);
  if (addr === undefined) throw new Error(v6 ? `unrecognized IPv6 address ${s}` : `unrecognized IP address ${s}`);
  const prefix = Number(parseInteger(maskText, 'UINT8'));
  if (v6 && (prefix === 0 || prefix > 128)) throw new Error(`invalid v6 netmask ${maskText}`);
  if (!v6 && prefix > 32) throw new Error(`invalid netmask ${maskText}`);
  return { addr: maskBytes(addr, prefix), prefix };
}

/** hex string → bytes, as sinsp_utils::unhex (pairs of hex digits). */
export function unhex(s: string): Uint8Array | undefined {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export type Literal = string | number | bigint | boolean | Uint8Array | IpNet;

/** Converts a condition literal to the runtime value of `t`. Throws Error with libsinsp's message. */
export function parseLiteral(s: string, t: FieldType): Literal {
  if (s.includes('\0')) throw new Error('filter error: filter value cannot contain a NUL byte (\\x00)');
  switch (t) {
    case 'CHARBUF':
    case 'FSPATH':
    case 'FSRELPATH':
    case 'SOCKADDR':
    case 'SOCKTUPLE':
    case 'SOCKFAMILY':
      return s;
    case 'BYTEBUF':
      return new TextEncoder().encode(s);
    case 'BOOL':
      if (s === 'true') return true;
      if (s === 'false') return false;
      throw new Error(`filter error: unrecognized boolean value ${s}`);
    case 'PORT': {
      if (s === '') return 0;
      if (/^[0-9]+$/.test(s)) return Number(BigInt.asUintN(16, BigInt(s)));
      const port = serviceByName(s);
      if (port === undefined) throw new Error(`unrecognized protocol ${s}`);
      return port;
    }
    case 'DOUBLE':
      return Number(parseInteger(s, 'INT32'));
    case 'ABSTIME':
      return parseInteger(s, t);
    case 'IPV4ADDR': {
      const a = parseIpv4(s);
      if (a === undefined) throw new Error(`unrecognized IPv4 address ${s}`);
      return a;
    }
    case 'IPV6ADDR': {
      const a = parseIpv6(s);
      if (a === undefined) throw new Error(`unrecognized IPv6 address ${s}`);
      return a;
    }
    case 'IPADDR':
      return parseLiteral(s, s.includes('.') ? 'IPV4ADDR' : 'IPV6ADDR');
    case 'IPV4NET':
      return parseNet(s, false);
    case 'IPV6NET':
      return parseNet(s, true);
    case 'IPNET':
      return parseNet(s, !s.includes('.'));
    default:
      if (INT_BITS[t] !== undefined) return Number(parseInteger(s, t));
      return s;
  }
}

export function ipEquals(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether address `a` lies in `net` (never across IPv4/IPv6, as Falco). */
export function inNet(a: Uint8Array, net: IpNet): boolean {
  if (a.length !== net.addr.length) return false;
  let bits = net.prefix;
  for (let i = 0; i < a.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a[i] & mask) !== net.addr[i]) return false;
  }
  return true;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return ipEquals(a, b);
}

export function bytesIndexOf(hay: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return 0;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
