// Little helpers to read scap values out of a byte buffer. Every integer in the format is little-endian.
// Strings are C strings: a value ends at its first NUL, as libsinsp reads it through `char*`.

import { Buffer } from 'node:buffer';

const decoder = new TextDecoder('utf-8');

/**
 * Buffer's native Latin-1 slice, which reads any Uint8Array: for ASCII bytes Latin-1, ASCII and UTF-8 are one
 * decoding. 41 ns for 8 bytes, 45 for 60, 105 for 1000, against 78, 222 and 2243 ns for String.fromCharCode.apply
 * over the bytes (a micro-benchmark, Node 24): environments and argument lists are hundreds of such strings per
 * execve. It is not documented, so its absence falls back to fromCharCode.
 */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (start: number, end: number) => string })
  .latin1Slice;

/**
 * Decodes bytes [start, i) known to hold no NUL. ASCII — by far the common case for paths, process names,
 * arguments and environment — is sliced natively as Latin-1; anything else is decoded as UTF-8.
 */
function decode(buf: Uint8Array, start: number, end: number, ascii: boolean): string {
  const n = end - start;
  if (n === 0) return '';
  if (ascii) {
    if (n === 1) return String.fromCharCode(buf[start]);
    if (latin1Slice !== undefined) return latin1Slice.call(buf, start, end);
    if (n <= 4096) return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  }
  return decoder.decode(buf.subarray(start, end));
}

// Recently decoded ASCII strings, by a hash of their bytes (direct-mapped, so the table stays this size). The
// same paths and names come back event after event (a program opening its files, its comm on every event):
// comparing the bytes with the string decoded last time is several times cheaper than decoding again, and the
// events then share one string, whose hash (Set and Map lookups in conditions) V8 computes once.
const INTERN_SLOTS = 4096;
const INTERN_MAX_LEN = 256;
const interned: string[] = new Array<string>(INTERN_SLOTS).fill('');

/** Decodes bytes [start, end) as a C string (stops at the first NUL). */
export function cstring(buf: Uint8Array, start: number, end: number): string {
  let i = start;
  let high = 0;
  let h = 0x811c9dc5 | 0;
  while (i < end) {
    const c = buf[i];
    if (c === 0) break;
    high |= c;
    h = Math.imul(h ^ c, 16777619);
    i++;
  }
  const n = i - start;
  if (high >= 0x80 || n > INTERN_MAX_LEN) return decode(buf, start, i, high < 0x80);
  const slot = (h ^ (h >>> 16)) & (INTERN_SLOTS - 1);
  const seen = interned[slot];
  if (seen.length === n) {
    let j = 0;
    while (j < n && seen.charCodeAt(j) === buf[start + j]) j++;
    if (j === n) return seen;
  }
  const s = decode(buf, start, i, true);
  interned[slot] = s;
  return s;
}

/** Splits a NUL-separated list (execve args, env, cgroups) the way libsinsp does: a trailing NUL ends the list. */
export function nulList(buf: Uint8Array, start: number, end: number): string[] {
  const out: string[] = [];
  let s = start;
  let high = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === 0) {
      out.push(decode(buf, s, i, high < 0x80));
      s = i + 1;
      high = 0;
    } else high |= c;
  }
  if (s < end) out.push(decode(buf, s, end, high < 0x80));
  return out;
}

/**
 * Whether nulList(buf, start, end) would equal `list`, without building it: ASCII entries are compared byte by
 * character; any other byte answers false (the caller then decodes).
 */
export function nulListEquals(buf: Uint8Array, start: number, end: number, list: readonly string[]): boolean {
  let k = 0;
  let s = start;
  while (s < end) {
    if (k >= list.length) return false;
    const item = list[k++];
    const n = item.length;
    if (s + n > end) return false;
    for (let j = 0; j < n; j++) if (buf[s + j] !== item.charCodeAt(j) || buf[s + j] >= 0x80) return false;
    s += n;
    if (s < end) {
      if (buf[s] !== 0) return false;
      s++;
    }
  }
  return k === list.length;
}

/** A signed 64-bit little-endian integer as a number (exact below 2^53: tids, fds, errnos, sizes). */
export function i64(dv: DataView, off: number): number {
  return dv.getInt32(off + 4, true) * 4294967296 + dv.getUint32(off, true);
}

/** An unsigned 64-bit little-endian integer as a number (exact below 2^53). */
export function u64(dv: DataView, off: number): number {
  return dv.getUint32(off + 4, true) * 4294967296 + dv.getUint32(off, true);
}
