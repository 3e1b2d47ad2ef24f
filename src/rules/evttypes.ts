// Which event types can a condition match? Falco's inference (libsinsp filter/ppm_codes.cpp): `and` is the
// intersection of its children's sets, `or` the union; `evt.type = x`, `!= x` and `in (...)` give explicit
// sets; every other check is neutral (all types); negation is pushed down to the leaves by De Morgan's
// laws and inverts only the explicit sets. `evt.num` checks that can never (or always) hold give the empty
// (or full) set.
import { parseInteger } from './compile/values.ts';
import type { AnyExpr, BinaryCheckExpr, Expr } from './condition/ast.ts';

/** The event-type name → codes map the inference needs (src/capture/event-table.ts provides it). */
export interface EventTypeMap {
  /** Codes an `evt.type` value selects: an event name (both directions) or a syscall name (generic events). */
  codesByName(name: string): readonly number[];
  /** One past the highest event code (PPM_EVENT_MAX). */
  readonly maxCode: number;
  /** The event name of a code, for -L. */
  nameOf?(code: number): string | undefined;
  /**
   * Whether `name` is a value evt.type accepts (libsinsp's validate_filter_value: an event name, a syscall name,
   * or a plugin's async event name). Default: it selects some code.
   */
  isKnownName?(name: string): boolean;
  /** Whether evt.type of events of this code is not the code's own name (async events carry theirs). */
  nameVaries?(code: number): boolean;
  /** -L's `events` of a condition whose inferred codes are `codes` (Falco's get_json_evt_types). */
  describeEvents?(ast: Expr, codes: readonly number[]): string[];
}

/** A set of event codes as a bitmap of 32-bit words: set algebra is a few word operations. */
class CodeSet {
  readonly words: Uint32Array;
  private readonly size: number;
  /** Every code (most subexpressions say nothing about the event type): algebra on it allocates nothing. */
  readonly full: boolean;
  constructor(size: number, fill = false) {
    this.size = size;
    this.full = fill;
    this.words = new Uint32Array((size + 31) >>> 5);
    if (fill) {
      this.words.fill(0xffffffff);
      this.trim();
    }
  }
  private trim(): void {
    const rem = this.size & 31;
    if (rem !== 0) this.words[this.words.length - 1] &= (1 << rem) - 1;
  }
  static of(size: number, codes: readonly number[]): CodeSet {
    const s = new CodeSet(size);
    for (const c of codes) if (c >= 0 && c < size) s.words[c >>> 5] |= 1 << (c & 31);
    return s;
  }
  intersect(o: CodeSet): CodeSet {
    if (this.full) return o;
    if (o.full) return this;
    const s = new CodeSet(this.size);
    for (let i = 0; i < s.words.length; i++) s.words[i] = this.words[i] & o.words[i];
    return s;
  }
  merge(o: CodeSet): CodeSet {
    if (this.full) return this;
    if (o.full) return o;
    const s = new CodeSet(this.size);
    for (let i = 0; i < s.words.length; i++) s.words[i] = this.words[i] | o.words[i];
    return s;
  }
  invert(): CodeSet {
    const s = new CodeSet(this.size);
    for (let i = 0; i < s.words.length; i++) s.words[i] = ~this.words[i];
    s.trim();
    return s;
  }
  toArray(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.words.length; w++) {
      const word = this.words[w];
      if (word === 0) continue;
      for (let b = 0; b < 32; b++) if (word & (1 << b)) out.push(w * 32 + b);
    }
    return out;
  }
}

/** sinsp_numparser::tryparseu64, the parser libsinsp uses for the literal at run time too. */
function parseU64(s: string): bigint | undefined {
  try {
    return parseInteger(s, 'UINT64');
  } catch {
    return undefined;
  }
}

type Invariant = 'empty' | 'all' | 'unknown';

function evtNumInvariant(e: BinaryCheckExpr): Invariant {
  if (e.left.kind !== 'field' || e.left.name !== 'evt.num' || e.left.arg !== undefined) return 'unknown';
  const op = e.op;
  if (op === 'in') {
    if (e.right.kind !== 'list') return 'unknown';
    if (e.right.values.length === 0) return 'empty';
    for (const v of e.right.values) if (parseU64(v) !== 0n) return 'unknown';
    return 'empty';
  }
  if (e.right.kind !== 'value') return 'unknown';
  const n = parseU64(e.right.value);
  if (n === undefined) return 'unknown';
  switch (op) {
    case '=':
    case '==':
      return n === 0n ? 'empty' : 'unknown';
    case '!=':
      return n === 0n ? 'all' : 'unknown';
    case '<':
      return n <= 1n ? 'empty' : 'unknown';
    case '<=':
      return n === 0n ? 'empty' : 'unknown';
    case '>':
      return n === 0n ? 'all' : 'unknown';
    case '>=':
      return n <= 1n ? 'all' : 'unknown';
    default:
      return 'unknown';
  }
}

export class EvttypeError extends Error {}

/** The event codes `ast` can match, sorted. Throws EvttypeError for evt.type checks it cannot analyse. */
export function inferEventCodes(ast: Expr, map: EventTypeMap): number[] {
  const size = map.maxCode;
  const full = new CodeSet(size, true);
  const all = () => full;
  let negated = false;
  let lastCodes = all();
  let lastHasCodes = false;
  let lastIsEvttypeField = false;
  let lastIsFieldOrTransformer = true;

  const tryInvert = (s: CodeSet): CodeSet => (negated && lastHasCodes ? s.invert() : s);

  const visit = (e: AnyExpr): void => {
    switch (e.kind) {
      case 'and':
      case 'or': {
        const conj = (e.kind === 'and') !== negated;
        let acc = conj ? all() : new CodeSet(size);
        for (const c of e.children) {
          visit(c);
          acc = conj ? acc.intersect(lastCodes) : acc.merge(lastCodes);
        }
        lastCodes = acc;
        lastIsEvttypeField = false;
        return;
      }
      case 'not': {
        lastCodes = new CodeSet(size);
        const saved = negated;
        negated = !negated;
        visit(e.child);
        negated = saved;
        lastIsEvttypeField = false;
        return;
      }
      case 'binary': {
        lastHasCodes = false;
        const inv = evtNumInvariant(e);
        if (inv !== 'unknown') {
          lastCodes = inv === 'empty' ? new CodeSet(size) : all();
          lastHasCodes = true;
          lastIsEvttypeField = false;
          lastCodes = tryInvert(lastCodes);
          return;
        }
        if (e.op === '=' || e.op === '==' || e.op === '!=' || e.op === 'in') {
          visit(e.left);
          if (lastIsEvttypeField) {
            lastIsFieldOrTransformer = false;
            visit(e.right);
            if (lastIsFieldOrTransformer) {
              throw new EvttypeError(
                'right-hand field comparisons on `evt.type`/`syscall.type` checks are not supported by event code search',
              );
            }
            if (e.op === '!=') lastCodes = lastHasCodes ? lastCodes.invert() : lastCodes;
            lastIsEvttypeField = false;
            return;
          }
        }
        lastCodes = all();
        lastIsEvttypeField = false;
        lastCodes = tryInvert(lastCodes);
        return;
      }
      case 'unary': {
        visit(e.left);
        lastHasCodes = lastIsEvttypeField && e.op === 'exists';
        lastCodes = tryInvert(all());
        lastIsEvttypeField = false;
        return;
      }
      case 'identifier':
        lastHasCodes = false;
        lastCodes = all();
        lastIsEvttypeField = false;
        return;
      case 'value': {
        lastHasCodes = true;
        lastCodes = tryInvert(CodeSet.of(size, map.codesByName(e.value)));
        lastIsEvttypeField = false;
        return;
      }
      case 'list': {
        lastHasCodes = true;
        const codes: number[] = [];
        for (const v of e.values) codes.push(...map.codesByName(v));
        lastCodes = tryInvert(CodeSet.of(size, codes));
        lastIsEvttypeField = false;
        return;
      }
      case 'tlist':
        for (const c of e.children) visit(c);
        return;
      case 'field':
        lastHasCodes = false;
        lastIsFieldOrTransformer = true;
        lastIsEvttypeField = (e.name === 'evt.type' || e.name === 'syscall.type') && e.arg === undefined;
        lastCodes = tryInvert(all());
        return;
      case 'transformer':
        for (const c of e.args) {
          visit(c);
          if (lastIsEvttypeField) {
            throw new EvttypeError('event code search does not support `evt.type` checks with transformers');
          }
        }
        lastIsFieldOrTransformer = true;
        return;
    }
  };
  visit(ast);
  return lastCodes.toArray();
}
