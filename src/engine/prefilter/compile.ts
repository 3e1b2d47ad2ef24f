// The kernel prefilter compiled from the enabled rules: what the sensor needs to decide, for each open-family exit
// event, whether any rule could match it (sensor/README.md "The prefilter" explains the kernel side and why dropping
// is safe). Pure: rules in, tables out; computed at start and on every rules reload, never per event.
//
// Per event the kernel computes three bit sets over the terms (src/engine/prefilter/terms.ts) and sends the event
// when their AND with the terms of its type is not empty:
//
//   flags  flagsTable[(typeIndex << features.length) | feature bits]   (features: model.ts)
//   path   the mask of the longest key of `paths` that prefixes name + NUL, else pathDefault
//          (all ones when the name is not clean and absolute, or too long)
//   comm   comms[thread name] ?? commDefault (all ones when the name the state has for the thread is not known)
import { EVENT_TABLE } from '../../capture/event-table.ts';
import type { CompiledRule } from '../../rules/compiler.ts';
import { EVENT_ORDER_FIELDS } from '../relevance.ts';
import { F, type Feature, type FlagsClass, featureKey, PREFILTER_CODES, type TV, U } from './model.ts';
import { atomsOf, evaluate, formulaKey, hull, mergeAlike, type Term, termsOf } from './terms.ts';

/** Terms the kernel's masks hold (u64). */
export const MAX_TERMS = 64;
/** Feature bits of the flags-table index. */
export const MAX_FEATURES = 10;
/** Entries per generation the kernel maps hold (sensor/helpers/prefilter.h). */
export const MAX_PATH_KEYS = 8192;
export const MAX_COMMS = 4096;
/** Longest thread name (TASK_COMM_LEN − 1): longer names never reach the kernel's map. */
export const COMM_BYTES = 15;

export const ALL_TERMS = (1n << 64n) - 1n;

/** Per type: no rule can match it, some may (look the event up), or every event may (send them all). */
export const TYPE_NONE = 0;
export const TYPE_TERMS = 1;
export const TYPE_ALL = 2;

export interface PrefilterProgram {
  /** Why there is no filtering, when there is none. */
  readonly off: string | undefined;
  /** Per PREFILTER_CODES index. */
  readonly typeModes: readonly number[];
  readonly typeTerms: readonly bigint[];
  readonly features: readonly Feature[];
  /** (typeIndex << features.length) | feature bits → terms whose flags formula may hold. */
  readonly flagsTable: readonly bigint[];
  /** Path keys (a prefix, or an exact name ending with NUL) → terms whose path formula may hold. */
  readonly paths: ReadonlyMap<string, bigint>;
  readonly pathDefault: bigint;
  readonly comms: ReadonlyMap<string, bigint>;
  readonly commDefault: bigint;
  /**
   * Whether a successful open no rule can match may wait in its process's slot, to be dropped with its close when
   * the close is the process's next event (sensor/README.md). Off when a rule looks at close events.
   */
  readonly defer: boolean;
  readonly terms: number;
}

/** A prefilter that filters nothing (the switch is off, or the rules need every event). */
export function offProgram(why: string): PrefilterProgram {
  return {
    off: why,
    typeModes: PREFILTER_CODES.map(() => TYPE_ALL),
    typeTerms: PREFILTER_CODES.map(() => ALL_TERMS),
    features: [],
    flagsTable: [],
    paths: new Map(),
    pathDefault: ALL_TERMS,
    comms: new Map(),
    commDefault: ALL_TERMS,
    defer: false,
    terms: 0,
  };
}

type Rule = Pick<CompiledRule<unknown>, 'name' | 'ast' | 'eventCodes' | 'conditionFields' | 'output' | 'extraFields'>;

/** Field names a rule reads, condition and output, without their arguments. */
function fieldsOf(r: Rule): string[] {
  const names = [...r.conditionFields, ...r.output.fieldNames, ...r.extraFields.flatMap((x) => x.output.fieldNames)];
  return names.map((n) => n.replace(/\[.*$/, ''));
}

const CLOSE_CODES = new Set(EVENT_TABLE.filter((e) => e.name === 'close').map((e) => e.code));

/** Why no event may be dropped for these rules, or undefined. */
function offReason(rules: readonly Rule[]): string | undefined {
  for (const r of rules) {
    // (Events that find their thread without creating it, procinfo and scheduler switches, would see the placeholder
    // a dropped event made: the sensor emits none, so rules on them do not matter here.)
    const order = fieldsOf(r).find((f) => EVENT_ORDER_FIELDS.has(f));
    if (order !== undefined) return `rule '${r.name}' reads ${order}, which depends on every event before it`;
  }
  return undefined;
}

/** Reduces the terms to at most MAX_TERMS, widening (never narrowing) what they admit. */
function fitTerms(ts: Term[]): Term[] {
  let out = mergeAlike(ts);
  if (out.length <= MAX_TERMS) return out;
  // Terms with the same flags and comm formulas become one (their paths ORed), then those with the same flags.
  for (const keep of [['flags', 'comm'] as const, ['flags'] as const]) {
    const groups = new Map<string, Term[]>();
    for (const t of out) {
      const key = keep.map((g) => formulaKey(t[g])).join('|');
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    out = [...groups.values()].map((g) => (g.length === 1 ? g[0] : hull(g)));
    if (out.length <= MAX_TERMS) return out;
  }
  return [hull(out)];
}

/**
 * The prefilter for the union of `rulesets` (one at start; the old and the new one while a reload switches over,
 * so that both see what they need).
 */
export function compilePrefilter(rulesets: readonly (readonly Rule[])[]): PrefilterProgram {
  const rules = rulesets.flat();
  const off = offReason(rules);
  if (off !== undefined) return offProgram(off);

  // Terms per rule (code-independent: evt.type is a flags atom), then per type the rules that can match it.
  const ruleTerms = new Map<Rule, Term[]>();
  const perType: Term[][] = PREFILTER_CODES.map(() => []);
  for (const r of rules) {
    PREFILTER_CODES.forEach((c, i) => {
      if (!r.eventCodes.includes(c)) return;
      let ts = ruleTerms.get(r);
      if (ts === undefined) {
        ts = termsOf(r.ast);
        ruleTerms.set(r, ts);
      }
      perType[i].push(...ts);
    });
  }
  const terms = fitTerms(perType.flat());
  // A type's terms: the final terms its rules' terms went into (merging only ORs a group: the merged term admits
  // each of its parts); when none is found, all of them (never fewer than needed).
  const covering = (t: Term): bigint => {
    let m = 0n;
    terms.forEach((f, i) => {
      if (covers(f, t)) m |= 1n << BigInt(i);
    });
    return m === 0n ? ALL_TERMS >> BigInt(64 - terms.length) : m;
  };
  const typeTerms = perType.map((ts) => ts.reduce((m, t) => m | covering(t), 0n));

  // Features of the flags atoms, in order of first use; atoms needing one beyond the limit answer U.
  const features: Feature[] = [];
  const featureIndex = new Map<string, number>();
  for (const t of terms)
    for (const a of atomsOf(t.flags)) {
      if (a.group !== 'flags') continue;
      for (const f of a.features) {
        const k = featureKey(f);
        if (!featureIndex.has(k) && features.length < MAX_FEATURES) {
          featureIndex.set(k, features.length);
          features.push(f);
        }
      }
    }
  const flagsAtomValue =
    (cls: FlagsClass) =>
    (a: ReturnType<typeof atomsOf>[number]): TV => {
      if (a.group !== 'flags') return U;
      if (a.features.some((f) => !featureIndex.has(featureKey(f)))) return U;
      return a.eval(cls);
    };
  const nf = features.length;
  const flagsTable: bigint[] = [];
  for (let typeIndex = 0; typeIndex < PREFILTER_CODES.length; typeIndex++) {
    for (let bits = 0; bits < 1 << nf; bits++) {
      let flags = 0;
      let mode = 0;
      let failed = false;
      features.forEach((f, j) => {
        if ((bits & (1 << j)) === 0) return;
        if (f.word === 0) flags |= f.mask;
        else if (f.word === 1) mode |= f.mask;
        else failed = true;
      });
      const value = flagsAtomValue({ typeIndex, failed, flags, mode });
      flagsTable.push(maskOf(terms, (t) => evaluate(t.flags, value)));
    }
  }

  // Path classes: every key an atom needs, and the default (no key matches).
  const keys = new Set<string>();
  for (const t of terms) for (const a of atomsOf(t.path)) if (a.group === 'path') for (const k of a.keys) keys.add(k);
  const pathValue =
    (cls: string) =>
    (a: ReturnType<typeof atomsOf>[number]): TV =>
      a.group === 'path' ? a.eval(cls) : U;
  const pathDefault = maskOf(terms, (t) => evaluate(t.path, pathValue('')));
  const paths = new Map<string, bigint>();
  for (const k of [...keys].sort())
    paths.set(
      k,
      maskOf(terms, (t) => evaluate(t.path, pathValue(k))),
    );
  pruneKeys(paths, pathDefault);

  // Comm classes: every name an =/in/!= compares with, and '' for the others.
  const names = new Set<string>();
  for (const t of terms) for (const a of atomsOf(t.comm)) if (a.group === 'comm') for (const n of a.names) names.add(n);
  const commValue =
    (cls: string) =>
    (a: ReturnType<typeof atomsOf>[number]): TV =>
      a.group === 'comm' ? a.eval(cls) : U;
  const commDefault = maskOf(terms, (t) => evaluate(t.comm, commValue('')));
  const comms = new Map<string, bigint>();
  for (const n of [...names].sort()) {
    const m = maskOf(terms, (t) => evaluate(t.comm, commValue(n)));
    if (m !== commDefault) comms.set(n, m);
  }

  if (paths.size > MAX_PATH_KEYS) return offProgram(`the rules name ${paths.size} paths (at most ${MAX_PATH_KEYS})`);
  if (comms.size > MAX_COMMS) return offProgram(`the rules name ${comms.size} process names (at most ${MAX_COMMS})`);

  const typeModes = typeTerms.map((m) => (m === 0n ? TYPE_NONE : TYPE_TERMS));
  const closeRule = rules.find((r) => r.eventCodes.some((c) => CLOSE_CODES.has(c)));
  return {
    off: undefined,
    typeModes,
    typeTerms,
    features,
    flagsTable,
    paths,
    pathDefault,
    comms,
    commDefault,
    defer: closeRule === undefined,
    terms: terms.length,
  };
}

/** Whether term f admits everything term t does, seen structurally: each group of f is true, t's own formula, or
 * an OR holding it (or every disjunct of it). */
function covers(f: Term, t: Term): boolean {
  for (const g of ['flags', 'path', 'comm'] as const) {
    const a = f[g];
    const b = t[g];
    if (a.k === 'true' || formulaKey(a) === formulaKey(b)) continue;
    if (a.k !== 'or') return false;
    const parts = new Set(a.fs.map(formulaKey));
    const needed = b.k === 'or' ? b.fs.map(formulaKey) : [formulaKey(b)];
    if (!needed.every((k) => parts.has(k))) return false;
  }
  return true;
}

function maskOf(terms: readonly Term[], holds: (t: Term) => TV): bigint {
  let m = 0n;
  terms.forEach((t, i) => {
    if (holds(t) !== F) m |= 1n << BigInt(i);
  });
  return m;
}

/** Drops keys whose mask is the one a name would get without them (their longest shorter key's, or the default). */
function pruneKeys(paths: Map<string, bigint>, def: bigint): void {
  const sorted = [...paths.keys()].sort((a, b) => a.length - b.length);
  for (const k of sorted) {
    let parent = def;
    for (let l = k.length - 1; l > 0; l--) {
      const m = paths.get(k.slice(0, l));
      if (m !== undefined) {
        parent = m;
        break;
      }
    }
    if (paths.get(k) === parent) paths.delete(k);
  }
}

/** The longest key of `paths` that prefixes `name` + NUL, as the kernel's LPM trie finds it; '' for none. */
export function longestKey(paths: ReadonlyMap<string, unknown>, name: string): string {
  const s = `${name}\0`;
  for (let l = s.length; l > 0; l--) if (paths.has(s.slice(0, l))) return s.slice(0, l);
  return '';
}
