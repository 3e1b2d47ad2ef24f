// Little helpers to read scap values out of a byte buffer. Every integer in the format is little-endian.
// Strings are C strings: a value ends at its first NUL, as libsinsp reads it through `char*`.

const decoder = new TextDecoder('utf-8');

/**
 * Decodes bytes [start, end) as a C string (stops at the first NUL). ASCII, by far the common case for paths,
 * process names and arguments, is built directly: cheaper than a TextDecoder call for short strings.
 */
export function cstring(buf: Uint8Array, start: number, end: number): string {
  let i = start;
  let ascii = true;
  while (i < end) {
    const c = buf[i];
    if (c === 0) break;
    if (c >= 0x80) ascii = false;
    i++;
  }
  if (i === start) return '';
  if (ascii && i - start <= 64) {
    let s = '';
    for (let j = start; j < i; j++) s += String.fromCharCode(buf[j]);
    return s;
  }
  return decoder.decode(buf.subarray(start, i));
}

/** Splits a NUL-separated list (execve args, env, cgroups) the way libsinsp does: a trailing NUL ends the list. */
export function nulList(buf: Uint8Array, start: number, end: number): string[] {
  const out: string[] = [];
  let s = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === 0) {
      out.push(cstring(buf, s, i));
      s = i + 1;
    }
  }
  if (s < end) out.push(cstring(buf, s, end));
  return out;
}

/** A signed 64-bit little-endian integer as a number (exact below 2^53: tids, fds, errnos, sizes). */
export function i64(dv: DataView, off: number): number {
  return dv.getInt32(off + 4, true) * 4294967296 + dv.getUint32(off, true);
}

/** An unsigned 64-bit little-endian integer as a number (exact below 2^53). */
export function u64(dv: DataView, off: number): number {
  return dv.getUint32(off + 4, true) * 4294967296 + dv.getUint32(off, true);
}
