// Falco's `glob` and `iglob`: libsinsp calls glibc fnmatch(pattern, value, 0) (FNM_CASEFOLD for iglob).
// With no flags, `*` and `?` cross `/`, a leading dot is ordinary, `\` escapes the next character, `[...]`
// accepts `!`/`^` negation, ranges and `[:class:]`, and an unclosed `[` is a literal `[`. The pattern is
// compiled once into tokens; matching is the usual greedy star backtracking, linear in practice.

type Token =
  | { readonly t: 'lit'; readonly c: string }
  | { readonly t: 'any' }
  | { readonly t: 'star' }
  | { readonly t: 'set'; readonly neg: boolean; readonly test: (c: string) => boolean };

const CLASSES: Record<string, (c: string) => boolean> = {
  alnum: (c) => /^[A-Za-z0-9]$/.test(c),
  alpha: (c) => /^[A-Za-z]$/.test(c),
  blank: (c) => c === ' ' || c === '\t',
  cntrl: (c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127,
  digit: (c) => c >= '0' && c <= '9',
  graph: (c) => c.charCodeAt(0) > 32 && c.charCodeAt(0) < 127,
  lower: (c) => c >= 'a' && c <= 'z',
  print: (c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) < 127,
  punct: (c) => /^[!-/:-@[-`{-~]$/.test(c),
  space: (c) => c === ' ' || (c >= '\t' && c <= '\r'),
  upper: (c) => c >= 'A' && c <= 'Z',
  xdigit: (c) => /^[0-9A-Fa-f]$/.test(c),
};

function lower(c: string): string {
  return c >= 'A' && c <= 'Z' ? String.fromCharCode(c.charCodeAt(0) + 32) : c;
}

/** ASCII-only lower-casing, as C's tolower in the C locale. */
export function asciiLower(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : s[i];
  }
  return out;
}

export function asciiUpper(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    out += code >= 97 && code <= 122 ? String.fromCharCode(code - 32) : s[i];
  }
  return out;
}

/** Parses a bracket expression starting after `[`; returns the token and the index after `]`, or null. */
function parseBracket(p: string, start: number, fold: boolean): { tok: Token; next: number } | null | 'invalid' {
  let i = start;
  let neg = false;
  if (p[i] === '!' || p[i] === '^') {
    neg = true;
    i++;
  }
  const singles: string[] = [];
  const ranges: [string, string][] = [];
  const classes: ((c: string) => boolean)[] = [];
  let first = true;
  for (;;) {
    if (i >= p.length) return null;
    let c = p[i];
    if (c === ']' && !first) {
      i++;
      break;
    }
    first = false;
    if (c === '[' && p[i + 1] === ':') {
      const end = p.indexOf(':]', i + 2);
      if (end < 0) return null;
      const name = p.slice(i + 2, end);
      const cls = CLASSES[name];
      if (cls === undefined) return 'invalid';
      classes.push(cls);
      i = end + 2;
      continue;
    }
    if (c === '[' && (p[i + 1] === '=' || p[i + 1] === '.')) {
      const close = `${p[i + 1]}]`;
      const end = p.indexOf(close, i + 2);
      if (end === i + 3) {
        c = p[i + 2];
        i = end + 2;
        singles.push(c);
        continue;
      }
    }
    if (c === '\\') {
      i++;
      if (i >= p.length) return null;
      c = p[i];
    }
    i++;
    if (p[i] === '-' && i + 1 < p.length && p[i + 1] !== ']') {
      let hi = p[i + 1];
      i += 2;
      if (hi === '\\') {
        if (i >= p.length) return null;
        hi = p[i];
        i++;
      }
      ranges.push([c, hi]);
    } else {
      singles.push(c);
    }
  }
  const norm = fold ? lower : (c: string) => c;
  const set = new Set(singles.map(norm));
  const rs = ranges.map(([a, b]) => [norm(a), norm(b)] as const);
  const test = (c: string): boolean => {
    const x = norm(c);
    if (set.has(x)) return true;
    for (const [a, b] of rs) if (x >= a && x <= b) return true;
    if (fold && c !== x && (set.has(c) || rs.some(([a, b]) => c >= a && c <= b))) return true;
    for (const cls of classes) if (cls(c)) return true;
    return false;
  };
  return { tok: { t: 'set', neg, test }, next: i };
}

export type GlobMatcher = (value: string) => boolean;

/** Compiles an fnmatch pattern. `caseFold` is iglob (FNM_CASEFOLD). */
export function compileGlob(pattern: string, caseFold = false): GlobMatcher {
  const toks: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '*') {
      if (toks.length === 0 || toks[toks.length - 1].t !== 'star') toks.push({ t: 'star' });
      i++;
    } else if (c === '?') {
      toks.push({ t: 'any' });
      i++;
    } else if (c === '[') {
      const br = parseBracket(pattern, i + 1, caseFold);
      if (br === 'invalid') return () => false;
      if (br === null) {
        toks.push({ t: 'lit', c: '[' });
        i++;
      } else {
        toks.push(br.tok);
        i = br.next;
      }
    } else if (c === '\\') {
      // A trailing backslash never matches (glibc: "Trailing \ loses").
      if (i + 1 >= pattern.length) return () => false;
      toks.push({ t: 'lit', c: caseFold ? lower(pattern[i + 1]) : pattern[i + 1] });
      i += 2;
    } else {
      toks.push({ t: 'lit', c: caseFold ? lower(c) : c });
      i++;
    }
  }
  // Fast paths for the common shapes: literal, prefix*, *suffix, *infix*.
  if (!caseFold && toks.every((t) => t.t === 'lit' || t.t === 'star')) {
    const stars = toks.filter((t) => t.t === 'star').length;
    const lit = (from: number, to: number) =>
      toks
        .slice(from, to)
        .map((t) => (t as { c: string }).c)
        .join('');
    if (stars === 0) {
      const s = lit(0, toks.length);
      return (v) => v === s;
    }
    if (stars === 1 && toks[toks.length - 1].t === 'star') {
      const s = lit(0, toks.length - 1);
      return (v) => v.startsWith(s);
    }
    if (stars === 1 && toks[0].t === 'star') {
      const s = lit(1, toks.length);
      return (v) => v.endsWith(s);
    }
    if (stars === 2 && toks[0].t === 'star' && toks[toks.length - 1].t === 'star') {
      const s = lit(1, toks.length - 1);
      return (v) => v.includes(s);
    }
  }
  return (value: string) => matchTokens(toks, caseFold ? asciiLowerKeep(value) : value, value);
}

/** Folded copy for literal comparisons; the original is kept for class tests. */
function asciiLowerKeep(s: string): string {
  return asciiLower(s);
}

function matchTokens(toks: readonly Token[], v: string, orig: string): boolean {
  let ti = 0;
  let vi = 0;
  let starTi = -1;
  let starVi = 0;
  while (vi < v.length) {
    const t = toks[ti];
    if (t !== undefined) {
      if (t.t === 'star') {
        starTi = ti++;
        starVi = vi;
        continue;
      }
      if ((t.t === 'lit' && t.c === v[vi]) || t.t === 'any' || (t.t === 'set' && t.test(orig[vi]) !== t.neg)) {
        ti++;
        vi++;
        continue;
      }
    }
    if (starTi < 0) return false;
    ti = starTi + 1;
    vi = ++starVi;
  }
  while (ti < toks.length && toks[ti].t === 'star') ti++;
  return ti === toks.length;
}
