// What the kernel prefilter can know about an open-family exit event, and what each check of a rule condition
// means in those terms. The kernel sees, per event: its code, whether it failed, its open flags and mode (the
// values the event carries, as the state parser reads them), the name it was given, and the name of the thread as
// the state knows it (the comm of its last execve). Every check of a condition becomes an Atom of one group:
//
//   flags   a function of the code, failure, flags and mode        evt.type, evt.is_open_*, fd.typechar, fd.num …
//   path    a function of the name, for clean absolute names       fd.name, fd.nameraw, fd.directory
//   comm    a function of the thread's name                        proc.name
//   unknown anything else (container.id, user.uid, proc.pname …): the kernel cannot know it
//
// An atom answers in three values: T, F, or U (cannot tell). Nothing here may ever answer F where the real check
// (src/rules/compile/checks.ts over src/fields/extract/) can be true: that would drop an event a rule matches.
// test/engine/prefilter-model.test.ts compares every model with the real compiled checks on generated events.
//
// Path atoms only ever see clean absolute names: the kernel treats any other name as "could be anything". A name
// is clean when the state parser keeps it as it is (src/state/paths.ts concatPaths): it starts with '/', has only
// printable ASCII, no '//', no '.' before '.', '/' or its end, no '/' at its end, and more than one byte. For such a
// name fd.name, fd.nameraw and the name itself are the same string, and fd.directory is a prefix of it.
import { code } from '../../capture/codes.ts';
import { FLAG_TABLES } from '../../capture/flag-tables.ts';
import { parseInteger } from '../../rules/compile/values.ts';
import type { BinaryCheckExpr, UnaryCheckExpr } from '../../rules/condition/ast.ts';

/** Three-valued truth: false, true, unknown (Kleene). */
export const F = 0;
export const T = 1;
export const U = 2;
export type TV = 0 | 1 | 2;

export function not3(v: TV): TV {
  return v === U ? U : v === T ? F : T;
}

/** The exit events the prefilter decides on, in the order of their index in the kernel's tables. */
export const PREFILTER_CODES: readonly number[] = [
  code('SYSCALL_OPEN_X'),
  code('SYSCALL_OPENAT_2_X'),
  code('SYSCALL_OPENAT2_X'),
  code('SYSCALL_CREAT_X'),
];
const TYPE_NAMES = ['open', 'openat', 'openat2', 'creat'];

// PPM_O_* (libs driver/ppm_events_public.h), as the sensor encodes them (sensor/helpers/flags.h).
export const PPM_O_RDONLY = 1 << 0;
export const PPM_O_WRONLY = 1 << 1;
export const PPM_O_CREAT = 1 << 2;
export const PPM_O_DIRECTORY = 1 << 10;
export const PPM_O_TMPFILE = 1 << 13;
export const PPM_O_F_CREATED = 1 << 14;
/** S_IXUSR | S_IXGRP | S_IXOTH: evt.is_open_exec looks at these bits of the mode. */
export const EXEC_BITS = 0o111;

/** A yes/no property of an event the kernel computes and uses as one bit of its flags-table index. */
export interface Feature {
  /** 0: the flags word, 1: the mode word, 2: the call failed (the mask is ignored). */
  readonly word: 0 | 1 | 2;
  readonly mask: number;
}
export const FAILED: Feature = { word: 2, mask: 0 };
export const featureKey = (f: Feature) => `${f.word}:${f.mask}`;

/** What flags atoms see: the event's type index and representative flags/mode words and failure. */
export interface FlagsClass {
  readonly typeIndex: number;
  readonly failed: boolean;
  readonly flags: number;
  readonly mode: number;
}

export type Atom =
  | { readonly group: 'const'; readonly id: string; readonly value: TV }
  | { readonly group: 'unknown'; readonly id: string }
  | {
      readonly group: 'flags';
      readonly id: string;
      readonly features: readonly Feature[];
      readonly eval: (c: FlagsClass) => TV;
    }
  | {
      readonly group: 'path';
      readonly id: string;
      /** Keys the trie must hold for this atom to be decided exactly per class. */
      readonly keys: readonly string[];
      /** Per path class: the longest key that prefixes the (clean) name and its NUL, '' for none. Exact keys end
       * with a NUL. */
      readonly eval: (c: string) => TV;
    }
  | {
      readonly group: 'comm';
      readonly id: string;
      /** Names whose class must exist for this atom (values compared with =, in). */
      readonly names: readonly string[];
      /** Per comm class: the thread's name, '' standing for a name no rule compares with = or in. */
      readonly eval: (c: string) => TV;
    };

/** Longest path key the kernel's trie holds (its key is one generation byte and 255 bytes of path). */
export const PATH_KEY_BYTES = 255;

// ---- values on the right of a check ----

function rightValues(e: BinaryCheckExpr): string[] | undefined {
  if (e.right.kind === 'value') return [e.right.value];
  if (e.right.kind === 'list') return e.right.values;
  return undefined; // a field on the right (val(), a transformer): not a constant
}

const unknown = (id: string): Atom => ({ group: 'unknown', id });
const constant = (id: string, value: TV): Atom => ({ group: 'const', id, value });

const origins = new WeakMap<object, number>();
let nextOrigin = 1;

/**
 * A check's identity: where its text is (the macro or rule text it was parsed from, and the offset in it), so that
 * a macro's check inlined into several rules is one atom; checks with no origin are named by their text.
 */
function atomId(e: BinaryCheckExpr | UnaryCheckExpr): string {
  if (e.origin !== undefined) {
    let n = origins.get(e.origin);
    if (n === undefined) {
      n = nextOrigin++;
      origins.set(e.origin, n);
    }
    return `${n}@${e.pos.idx}`;
  }
  if (e.kind === 'unary') return `${e.left.kind === 'field' ? e.left.name : '?'} exists`;
  const vals = rightValues(e);
  const left = e.left.kind === 'field' ? `${e.left.name}${e.left.arg === undefined ? '' : `[${e.left.arg}]`}` : '?';
  return `${left} ${e.op} ${vals === undefined ? '?' : JSON.stringify(vals)}`;
}

/** Compares a known string value: exact for the operators whose meaning is plain; undefined for the others. */
function compareString(v: string, op: string, vals: readonly string[]): TV | undefined {
  switch (op) {
    case '=':
    case '==':
      return v === vals[0] ? T : F;
    case '!=':
      return v !== vals[0] ? T : F;
    case 'in':
      return vals.includes(v) ? T : F;
    case 'startswith':
      return v.startsWith(vals[0]) ? T : F;
    case 'endswith':
      return v.endsWith(vals[0]) ? T : F;
    case 'contains':
      return v.includes(vals[0]) ? T : F;
    default:
      return undefined;
  }
}

/** A field with no value (null, `<NA>`): every comparison is false. */
const NULL_VALUE = F;

// ---- the flags group ----

const OPENS_WITH_FLAGS = new Set([0, 1, 2]); // open, openat, openat2 carry `flags`; creat does not

function boolAtom(id: string, op: string, vals: readonly string[], features: Feature[], f: (c: FlagsClass) => boolean) {
  if ((op !== '=' && op !== '==' && op !== '!=') || (vals[0] !== 'true' && vals[0] !== 'false')) return unknown(id);
  const want = vals[0] === 'true';
  const eq = op !== '!=';
  return {
    group: 'flags' as const,
    id,
    features,
    eval: (c: FlagsClass): TV => ((f(c) === want) === eq ? T : F),
  };
}

/** A numeric comparison of the return value (fd.num, evt.rawres): success is 0 … 2^31-1, failure -4095 … -1. */
function retAtom(id: string, op: string, vals: readonly string[]): Atom {
  let nums: bigint[];
  try {
    nums = vals.map((v) => parseInteger(v, 'INT64'));
  } catch {
    return unknown(id);
  }
  const range = (c: FlagsClass): [bigint, bigint] => (c.failed ? [-4095n, -1n] : [0n, 2147483647n]);
  const cmp = (lo: bigint, hi: bigint, o: string, v: bigint): TV => {
    const all = (p: (x: bigint) => boolean) => p(lo) && p(hi);
    switch (o) {
      case '=':
      case '==':
        return v < lo || v > hi ? F : lo === hi ? T : U;
      case '!=':
        return v < lo || v > hi ? T : lo === hi ? F : U;
      case '<':
        return all((x) => x < v) ? T : lo >= v ? F : U;
      case '<=':
        return all((x) => x <= v) ? T : lo > v ? F : U;
      case '>':
        return all((x) => x > v) ? T : hi <= v ? F : U;
      case '>=':
        return all((x) => x >= v) ? T : hi < v ? F : U;
      default:
        return U;
    }
  };
  if (!['=', '==', '!=', '<', '<=', '>', '>=', 'in'].includes(op)) return unknown(id);
  return {
    group: 'flags',
    id,
    features: [FAILED],
    eval: (c) => {
      const [lo, hi] = range(c);
      if (op !== 'in') return cmp(lo, hi, op, nums[0]);
      let out: TV = F;
      for (const n of nums) {
        const r = cmp(lo, hi, '=', n);
        if (r === T) return T;
        if (r === U) out = U;
      }
      return out;
    },
  };
}

/** evt.arg.flags contains NAME: true exactly when NAME's bit is set, for a flag that renders alone. */
function flagNameAtom(id: string, op: string, vals: readonly string[]): Atom {
  if (op !== 'contains' || vals[0].includes('|') || vals[0] === '') return unknown(id);
  const table = FLAG_TABLES.file_flags;
  const hits = table.filter(([name]) => name.includes(vals[0]));
  if (hits.length !== 1) return unknown(id);
  const [, bit] = hits[0];
  // One bit, which no entry before it in the rendering order can take away (formatFlags removes matched bits).
  if (bit === 0 || (bit & (bit - 1)) !== 0) return unknown(id);
  const index = table.findIndex(([, v]) => v === bit);
  if (table.slice(0, index).some(([, v]) => (v & bit) !== 0)) return unknown(id);
  return {
    group: 'flags',
    id,
    features: [{ word: 0, mask: bit }],
    eval: (c) => (!OPENS_WITH_FLAGS.has(c.typeIndex) ? U : (c.flags & bit) !== 0 ? T : F),
  };
}

function flagsAtom(e: BinaryCheckExpr, name: string, vals: readonly string[]): Atom | undefined {
  const id = atomId(e);
  const op = e.op;
  const typeName = (c: FlagsClass) => TYPE_NAMES[c.typeIndex];
  const bit = (mask: number): Feature => ({ word: 0, mask });
  switch (name) {
    case 'evt.type': {
      const r = (c: FlagsClass) => compareString(typeName(c), op, vals);
      if (r({ typeIndex: 0, failed: false, flags: 0, mode: 0 }) === undefined) return unknown(id);
      return { group: 'flags', id, features: [], eval: (c) => r(c) as TV };
    }
    case 'evt.dir': {
      const r = compareString('<', op, vals);
      return r === undefined ? unknown(id) : constant(id, r);
    }
    case 'evt.is_open_read':
      return boolAtom(id, op, vals, [bit(PPM_O_RDONLY)], (c) => c.typeIndex !== 3 && (c.flags & PPM_O_RDONLY) !== 0);
    case 'evt.is_open_write':
      return boolAtom(id, op, vals, [bit(PPM_O_WRONLY)], (c) => c.typeIndex !== 3 && (c.flags & PPM_O_WRONLY) !== 0);
    case 'evt.is_open_create':
      return boolAtom(
        id,
        op,
        vals,
        [bit(PPM_O_F_CREATED)],
        (c) => c.typeIndex === 3 || (c.flags & PPM_O_F_CREATED) !== 0,
      );
    case 'evt.is_open_exec':
      return boolAtom(
        id,
        op,
        vals,
        [bit(PPM_O_TMPFILE), bit(PPM_O_CREAT), { word: 1, mask: EXEC_BITS }],
        (c) => (c.typeIndex === 3 || (c.flags & (PPM_O_TMPFILE | PPM_O_CREAT)) !== 0) && (c.mode & EXEC_BITS) !== 0,
      );
    case 'evt.failed':
      return boolAtom(id, op, vals, [FAILED], (c) => c.failed);
    case 'fd.num':
    case 'evt.rawres':
      return retAtom(id, op, vals);
    case 'evt.res': {
      if (compareString('SUCCESS', op, vals) === undefined) return unknown(id);
      return {
        group: 'flags',
        id,
        features: [FAILED],
        eval: (c) => (c.failed ? U : (compareString('SUCCESS', op, vals) as TV)),
      };
    }
    case 'fd.typechar': {
      // A successful open's fd is a directory when the call had O_DIRECTORY; a failed open's fd.typechar is 'f'.
      if (compareString('f', op, vals) === undefined) return unknown(id);
      const value = (c: FlagsClass) =>
        !c.failed && c.typeIndex !== 3 && (c.flags & PPM_O_DIRECTORY) !== 0 ? 'd' : 'f';
      return {
        group: 'flags',
        id,
        features: [FAILED, bit(PPM_O_DIRECTORY)],
        eval: (c) => compareString(value(c), op, vals) as TV,
      };
    }
    case 'fd.type': {
      if (compareString('file', op, vals) === undefined) return unknown(id);
      const value = (c: FlagsClass) =>
        c.failed ? null : c.typeIndex !== 3 && (c.flags & PPM_O_DIRECTORY) !== 0 ? 'directory' : 'file';
      return {
        group: 'flags',
        id,
        features: [FAILED, bit(PPM_O_DIRECTORY)],
        eval: (c) => {
          const v = value(c);
          return v === null ? NULL_VALUE : (compareString(v, op, vals) as TV);
        },
      };
    }
    case 'evt.arg.flags':
      return flagNameAtom(id, op, vals);
    default:
      return undefined;
  }
}

// ---- the path group ----

/** Whether the state parser keeps `s` as it is (src/state/paths.ts `clean`), for an absolute name. */
export function isCleanAbsolute(s: string): boolean {
  const n = s.length;
  if (n < 2 || s.charCodeAt(0) !== 0x2f || s.charCodeAt(n - 1) === 0x2f) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) return false;
    if (c === 0x2e) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (d === 0 || d === 0x2e || d === 0x2f) return false;
    } else if (c === 0x2f && s.charCodeAt(i - 1) === 0x2f) return false;
  }
  return true;
}

const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/** Substrings a clean name never holds. */
const NEVER_IN_CLEAN = ['//', '..', './'];

/** `startswith p` over the path classes: exact when p is a key (see compile.ts: every key atom adds its own). */
function prefixAtom(id: string, p: string): Atom {
  if (!isAscii(p)) return { group: 'path', id, keys: [], eval: () => F };
  if (p.length > PATH_KEY_BYTES) return unknown(id);
  if (p === '' || p === '/') return { group: 'path', id, keys: [], eval: () => T };
  return { group: 'path', id, keys: [p], eval: (c) => (c.startsWith(p) ? T : F) };
}

/** `= x` over the path classes: the exact key x + NUL. */
function exactAtom(id: string, x: string): Atom {
  if (!isCleanAbsolute(x)) return { group: 'path', id, keys: [], eval: () => F };
  if (x.length + 1 > PATH_KEY_BYTES) return unknown(id);
  const key = `${x}\0`;
  return { group: 'path', id, keys: [key], eval: (c) => (c === key ? T : F) };
}

/** F where the name cannot start with p, U where it does (an over-approximation of a check implying the prefix). */
function impliesPrefixAtom(id: string, p: string): Atom {
  const inner = prefixAtom(id, p);
  if (inner.group !== 'path') return inner;
  return { group: 'path', id, keys: inner.keys, eval: (c) => (inner.eval(c) === F ? F : U) };
}

function anyOf(id: string, atoms: Atom[]): Atom {
  if (atoms.some((a) => a.group === 'unknown')) return unknown(id);
  const paths = atoms as Extract<Atom, { group: 'path' }>[];
  return {
    group: 'path',
    id,
    keys: paths.flatMap((a) => a.keys),
    eval: (c) => {
      let out: TV = F;
      for (const a of paths) {
        const r = a.eval(c);
        if (r === T) return T;
        if (r === U) out = U;
      }
      return out;
    },
  };
}

/** The literal beginning of an fnmatch pattern (up to its first special character). */
function globPrefix(pattern: string): { prefix: string; literal: boolean } {
  const at = pattern.search(/[*?[\\]/);
  return at < 0 ? { prefix: pattern, literal: true } : { prefix: pattern.slice(0, at), literal: false };
}

/** pmatch's path, component-wise: '/' + its components up to the first one with a wildcard. */
function pmatchPrefix(path: string): string {
  const comps: string[] = [];
  for (const c of path.split('/').filter((x) => x !== '')) {
    if (/[?*[]/.test(c)) break;
    comps.push(c);
  }
  return `/${comps.join('/')}`;
}

function pathAtom(e: BinaryCheckExpr, name: string, vals: readonly string[]): Atom | undefined {
  const id = atomId(e);
  const op = e.op;
  if (name === 'fd.directory') {
    // A file's directory is a prefix of its name, a directory's is its name: `= X` implies `startswith X`.
    if (op === '=' || op === '==' || op === 'in')
      return anyOf(
        id,
        vals.map((v) => impliesPrefixAtom(id, v)),
      );
    if (op === 'pmatch')
      return anyOf(
        id,
        vals.map((v) => impliesPrefixAtom(id, pmatchPrefix(v))),
      );
    return unknown(id);
  }
  if (name !== 'fd.name' && name !== 'fd.nameraw') return undefined;
  switch (op) {
    case '=':
    case '==':
      return exactAtom(id, vals[0]);
    case '!=': {
      const a = exactAtom(id, vals[0]);
      return a.group === 'path' ? { ...a, eval: (c: string) => not3(a.eval(c)) } : a;
    }
    case 'in':
      return anyOf(
        id,
        vals.map((v) => exactAtom(id, v)),
      );
    case 'startswith':
      return prefixAtom(id, vals[0]);
    case 'pmatch':
      return anyOf(
        id,
        vals.map((v) => impliesPrefixAtom(id, pmatchPrefix(v))),
      );
    case 'glob': {
      const g = globPrefix(vals[0]);
      return g.literal ? exactAtom(id, g.prefix) : impliesPrefixAtom(id, g.prefix);
    }
    case 'contains': {
      const v = vals[0];
      if (!isAscii(v) || NEVER_IN_CLEAN.some((s) => v.includes(s)))
        return { group: 'path', id, keys: [], eval: () => F };
      return unknown(id);
    }
    case 'endswith': {
      const v = vals[0];
      const never = !isAscii(v) || NEVER_IN_CLEAN.some((s) => v.includes(s)) || v.endsWith('/') || v.endsWith('.');
      return never ? { group: 'path', id, keys: [], eval: () => F } : unknown(id);
    }
    default:
      return unknown(id);
  }
}

// ---- the comm group ----

function commAtom(e: BinaryCheckExpr, vals: readonly string[]): Atom {
  const id = atomId(e);
  const op = e.op;
  if (compareString('', op, vals) === undefined) return unknown(id);
  const exactOps = op === '=' || op === '==' || op === 'in' || op === '!=';
  const set = new Set(vals);
  return {
    group: 'comm',
    id,
    names: exactOps ? [...vals] : [],
    eval: (c) => {
      // '' is a name no rule compares with = or in: those are false for it; other operators cannot tell.
      if (c === '') return op === '!=' ? T : exactOps ? F : U;
      if (op === 'in') return set.has(c) ? T : F;
      return compareString(c, op, vals) as TV;
    },
  };
}

/**
 * The atom a check is, for the exit events of PREFILTER_CODES. A transformer on the left, a field on the right,
 * an operator with a modifier, or a field the kernel cannot know gives an unknown atom.
 */
export function atomOf(e: BinaryCheckExpr | UnaryCheckExpr): Atom {
  const id = atomId(e);
  if (e.kind === 'unary' || e.left.kind !== 'field') return unknown(id);
  const vals = rightValues(e);
  if (vals === undefined || vals.length === 0 || e.op.includes(' ')) return unknown(id);
  const name = e.left.arg === undefined ? e.left.name : e.left.name === 'evt.arg' ? `evt.arg.${e.left.arg}` : '';
  if (name === '') return unknown(id);
  if (name === 'proc.name') return commAtom(e, vals);
  return flagsAtom(e, name, vals) ?? pathAtom(e, name, vals) ?? unknown(id);
}
