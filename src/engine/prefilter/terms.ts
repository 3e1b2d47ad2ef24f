// A rule condition over-approximated as a short disjunction of terms, each the conjunction of one formula per
// group the kernel can evaluate (flags, path, comm; src/engine/prefilter/model.ts):
//
//   condition  ⇒  (F1 ∧ P1 ∧ C1) ∨ (F2 ∧ P2 ∧ C2) ∨ …
//
// The kernel evaluates each group's formulas once per event through one table lookup per group (a bit per term),
// and ANDs the three bit sets: an event no term can hold is one no rule can match. Over-approximation keeps this
// sound: a check the kernel cannot know becomes `true` (after negations are pushed to the checks, so that it only
// ever widens), and when the product of an `and` grows too large its terms are merged into their hull
// (ORing each group's formulas), which also only widens.
import type { Expr } from '../../rules/condition/ast.ts';
import { type Atom, atomOf, F, not3, T, type TV, U } from './model.ts';

type GroupAtom = Extract<Atom, { group: 'flags' | 'path' | 'comm' }>;

/** A formula over one group's atoms. */
export type Formula =
  | { readonly k: 'true' }
  | { readonly k: 'false' }
  | { readonly k: 'atom'; readonly atom: GroupAtom; readonly neg: boolean }
  | { readonly k: 'and' | 'or'; readonly fs: readonly Formula[] };

export interface Term {
  readonly flags: Formula;
  readonly path: Formula;
  readonly comm: Formula;
}

const TRUE: Formula = { k: 'true' };
const FALSE: Formula = { k: 'false' };
export const TOP: Term = { flags: TRUE, path: TRUE, comm: TRUE };

/** At most this many terms per condition (and per `or`: more are merged into their hull). */
const MAX_TERMS = 4;

const keys = new WeakMap<Formula, string>();

/** A canonical text of a formula (children of and/or sorted): equal texts, equal formulas. */
export function formulaKey(f: Formula): string {
  let k = keys.get(f);
  if (k !== undefined) return k;
  switch (f.k) {
    case 'true':
    case 'false':
      k = f.k;
      break;
    case 'atom':
      k = `${f.neg ? '!' : ''}(${f.atom.id})`;
      break;
    default:
      k = `${f.k}[${f.fs.map(formulaKey).sort().join(',')}]`;
  }
  keys.set(f, k);
  return k;
}

export function termKey(t: Term): string {
  return `${formulaKey(t.flags)}&${formulaKey(t.path)}&${formulaKey(t.comm)}`;
}

function combine(kind: 'and' | 'or', fs: readonly Formula[]): Formula {
  const absorbing = kind === 'and' ? 'false' : 'true';
  const neutral = kind === 'and' ? 'true' : 'false';
  const out: Formula[] = [];
  const seen = new Set<string>();
  for (const f of fs) {
    if (f.k === absorbing) return f;
    if (f.k === neutral) continue;
    for (const g of f.k === kind ? f.fs : [f]) {
      const key = formulaKey(g);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(g);
      }
    }
  }
  if (out.length === 0) return kind === 'and' ? TRUE : FALSE;
  return out.length === 1 ? out[0] : { k: kind, fs: out };
}

const and2 = (a: Formula, b: Formula) => combine('and', [a, b]);

function isFalse(t: Term): boolean {
  return t.flags.k === 'false' || t.path.k === 'false' || t.comm.k === 'false';
}

function isTop(t: Term): boolean {
  return t.flags.k === 'true' && t.path.k === 'true' && t.comm.k === 'true';
}

/** One term covering all of them (sound: it only widens). */
export function hull(ts: readonly Term[]): Term {
  return {
    flags: combine(
      'or',
      ts.map((t) => t.flags),
    ),
    path: combine(
      'or',
      ts.map((t) => t.path),
    ),
    comm: combine(
      'or',
      ts.map((t) => t.comm),
    ),
  };
}

function dedupe(ts: readonly Term[]): Term[] {
  const seen = new Map<string, Term>();
  for (const t of ts) if (!isFalse(t)) seen.set(termKey(t), t);
  return [...seen.values()];
}

/**
 * Terms that agree on two groups become one, the third group ORed: (F∧P1∧C) ∨ (F∧P2∧C) = F∧(P1∨P2)∧C. Exact.
 */
export function mergeAlike(ts: readonly Term[]): Term[] {
  let cur = dedupe(ts);
  for (const g of ['path', 'flags', 'comm'] as const) {
    const groups = new Map<string, Term[]>();
    for (const t of cur) {
      const key = (['flags', 'path', 'comm'] as const)
        .filter((x) => x !== g)
        .map((x) => formulaKey(t[x]))
        .join('&');
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [t]);
      else list.push(t);
    }
    cur = [...groups.values()].map((list) => (list.length === 1 ? list[0] : { ...list[0], [g]: hull(list)[g] }));
  }
  return dedupe(cur);
}

function disjunction(lists: readonly Term[][]): Term[] {
  const all = lists.flat();
  if (all.some(isTop)) return [TOP];
  const merged = mergeAlike(all);
  return merged.length > MAX_TERMS ? [hull(merged)] : merged;
}

/**
 * The product of the children's terms. Single-term children are simply conjoined; children with several terms
 * multiply the count, so they are taken smallest first while the product stays within MAX_TERMS, and the rest are
 * left out: leaving out a conjunct only widens (an `and` of fewer checks admits more). In Falco's rules those are
 * the exceptions (`not (proc.name = x and fd.name startswith y)`), which narrow little.
 */
function conjunction(lists: readonly Term[][]): Term[] {
  if (lists.some((l) => l.length === 0)) return [];
  let out: Term[] = [TOP];
  const multi = lists.filter((l) => l.length > 1).sort((a, b) => a.length - b.length);
  for (const list of [...lists.filter((l) => l.length === 1), ...multi]) {
    if (out.length * list.length > MAX_TERMS) continue;
    const next: Term[] = [];
    for (const a of out)
      for (const b of list)
        next.push({ flags: and2(a.flags, b.flags), path: and2(a.path, b.path), comm: and2(a.comm, b.comm) });
    out = mergeAlike(next);
  }
  return out;
}

/** The terms of a condition (negated when `neg`): [] is false, [TOP] is "cannot tell". */
export function termsOf(e: Expr, neg = false): Term[] {
  switch (e.kind) {
    case 'not':
      return termsOf(e.child, !neg);
    case 'and':
    case 'or': {
      const lists = e.children.map((c) => termsOf(c, neg));
      return (e.kind === 'and') !== neg ? conjunction(lists) : disjunction(lists);
    }
    case 'identifier':
      return [TOP];
    default: {
      const a = atomOf(e);
      if (a.group === 'unknown') return [TOP];
      if (a.group === 'const') {
        const v = neg ? not3(a.value) : a.value;
        return v === F ? [] : [TOP];
      }
      const f: Formula = { k: 'atom', atom: a, neg };
      return [{ ...TOP, [a.group]: f }];
    }
  }
}

/** Every atom of a formula. */
export function atomsOf(f: Formula, out: GroupAtom[] = []): GroupAtom[] {
  if (f.k === 'atom') out.push(f.atom);
  else if (f.k === 'and' || f.k === 'or') for (const g of f.fs) atomsOf(g, out);
  return out;
}

/** Kleene evaluation of a formula, each atom answered by `atom`. */
export function evaluate(f: Formula, atom: (a: GroupAtom) => TV): TV {
  switch (f.k) {
    case 'true':
      return T;
    case 'false':
      return F;
    case 'atom': {
      const v = atom(f.atom);
      return f.neg ? not3(v) : v;
    }
    case 'and': {
      let out: TV = T;
      for (const g of f.fs) {
        const v = evaluate(g, atom);
        if (v === F) return F;
        if (v === U) out = U;
      }
      return out;
    }
    case 'or': {
      let out: TV = F;
      for (const g of f.fs) {
        const v = evaluate(g, atom);
        if (v === T) return T;
        if (v === U) out = U;
      }
      return out;
    }
  }
}
