// `icontains`: Falco's case-insensitive substring test, which folds ASCII letters only (strcasestr in the C locale).
//
// The rules that use it most read long strings: `proc.env icontains HTTP_PROXY` and `proc.env icontains
// GLIBC_TUNABLES` (Falco's incubating rules) scan the whole environment of every execve, several KB under make. A
// character-by-character scan was the largest item of a make -j2 replay's profile (59 of ~250 ms,
// docs/performance.md "Exec-heavy events"). This folds the string once with V8's native toLowerCase, keeps it for the
// next check of the same string (one event's several icontains checks read the same field value), and lets native
// `includes` search it.
//
// toLowerCase folds more than ASCII: it gives the same answer as ASCII folding only for a needle without non-ASCII
// characters, and for a haystack without the two characters whose lower case holds an ASCII letter (U+0130 'İ' →
// "i̇", U+212A KELVIN SIGN → "k": all of Unicode checked, test/rules/icontains.test.ts). Anything else takes the
// scan.

/** The needle as icontains wants it: ASCII letters folded to lower case, everything else as it is. */
export function foldAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The check `icontains needle`: whether a string contains it, ASCII letters compared without case. What depends on
 * the needle alone (its folding, whether it is ASCII) is decided here, once per compiled check.
 */
export function icontainsMatcher(needle: string): (hay: string) => boolean {
  const folded = foldAscii(needle);
  if (folded.length === 0) return () => true;
  if (NON_ASCII.test(folded)) return (hay) => scan(hay, folded);
  return (hay) => {
    if (hay.length < folded.length) return false;
    const lower = lowered(hay);
    return lower === null ? scan(hay, folded) : lower.includes(folded);
  };
}

let lastHay = '';
let lastLowered: string | null = '';

/** hay.toLowerCase() when it folds as ASCII folding does (null when it holds U+0130 or U+212A), remembered for the
 * same string. */
function lowered(hay: string): string | null {
  if (hay !== lastHay) {
    lastHay = hay;
    lastLowered = hay.indexOf('\u0130') >= 0 || hay.indexOf('\u212a') >= 0 ? null : hay.toLowerCase();
  }
  return lastLowered;
}

/** The reference: strcasestr, ASCII letters folded, without allocating. */
export function scan(hay: string, needle: string): boolean {
  const n = needle.length;
  const last = hay.length - n;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < n; j++) {
      let c = hay.charCodeAt(i + j);
      if (c >= 65 && c <= 90) c += 32;
      if (c !== needle.charCodeAt(j)) continue outer;
    }
    return true;
  }
  return false;
}
