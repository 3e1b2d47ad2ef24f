// One comparison, compiled to a predicate. Semantics of libsinsp's sinsp_filter_check::compare and
// flt_compare: a missing value (null) makes every comparison false; a list field (EPF_IS_LIST) accepts only
// `in` (every value is in the set), `intersects` (some value is) and `exists`; a single-valued field that
// yields several values (un-indexed proc.aname: every ancestor) matches when any of them does; modifiers
// oneof/anyof/allof compare one value against each listed value.
import type { FieldType, FieldValue, IpNet, ScalarValue } from '../../fields/types.ts';
import { compileGlob } from '../../text/glob.ts';
import { icontainsMatcher } from '../../text/icontains.ts';
import type { BinaryCheckExpr, ListExpr, ValueExpr } from '../condition/ast.ts';
import { compilePathPrefixes } from '../ops/pmatch.ts';
import { compileRegex } from '../ops/regex.ts';
import { type CompiledField, CompileError, type EventLike, type Getter } from './fields.ts';
import {
  bytesEqual,
  bytesIndexOf,
  inNet,
  ipEquals,
  type Literal,
  parseInteger,
  parseLiteral,
  type TypeClass,
  typeClass,
  unhex,
} from './values.ts';

export type Predicate<E> = (evt: E) => boolean;

const NUMERIC_OPS = new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'in', 'intersects', 'exists']);
const BOOL_OPS = new Set(['=', '==', '!=', 'in', 'intersects', 'exists']);
const STRING_OPS = new Set([
  '=',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'contains',
  'in',
  'exists',
  'icontains',
  'startswith',
  'glob',
  'pmatch',
  'endswith',
  'intersects',
  'iglob',
  'regex',
]);
const BUFFER_OPS = new Set([
  '=',
  '==',
  '!=',
  'contains',
  'in',
  'exists',
  'startswith',
  'endswith',
  'intersects',
  'bcontains',
  'bstartswith',
]);
const IP_OPS = new Set(['=', '==', '!=', 'in', 'exists', 'intersects']);
const LIST_FIELD_TYPES = new Set<FieldType>(['CHARBUF', 'UINT64', 'RELTIME', 'ABSTIME', 'BOOL', 'IPADDR', 'IPNET']);

/** libsinsp's name for an operator in messages (`==` is `=`). */
function opName(op: string): string {
  return op === '==' ? '=' : op;
}

/** flt_is_comparable: the error for an operator a field type does not support, or undefined. */
export function comparabilityError(
  baseOp: string,
  modifier: string | undefined,
  type: FieldType,
  list: boolean,
): string | undefined {
  if (baseOp === 'exists') return undefined;
  const name = opName(baseOp);
  if (list) {
    if (!LIST_FIELD_TYPES.has(type)) return `list filters are not supported for type '${type}'`;
    if (baseOp === 'in' || baseOp === 'intersects') return undefined;
    return `'${name}' operator not supported list filters`;
  }
  switch (typeClass(type)) {
    case 'num':
    case 'big':
      return NUMERIC_OPS.has(baseOp) ? undefined : `'${name}' operator not supported for numeric filters`;
    case 'bool':
      return BOOL_OPS.has(baseOp) ? undefined : `'${name}' operator not supported for numeric filters`;
    case 'str':
      return STRING_OPS.has(baseOp) ? undefined : `'${name}' operator not supported for string filters`;
    case 'buf':
      return BUFFER_OPS.has(baseOp) ? undefined : `'${name}' operator not supported for buffer filters`;
    case 'ip':
    case 'net':
      if (modifier !== undefined && !IP_OPS.has(baseOp)) {
        return `'${name}' with modifier not supported for ip address and network filters`;
      }
      return IP_OPS.has(baseOp) ? undefined : `'${name}' operator not supported for ip address and network filters`;
    case 'dyn':
      return undefined;
    default:
      return `'${name}' operator not supported for type '${type}'`;
  }
}

/** Splits `startswith oneof` into its operator and modifier. */
export function splitOperator(op: string): { base: string; modifier?: 'oneof' | 'anyof' | 'allof' } {
  const sp = op.indexOf(' ');
  if (sp < 0) return { base: op };
  return { base: op.slice(0, sp), modifier: op.slice(sp + 1) as 'oneof' | 'anyof' | 'allof' };
}

/**
 * strcmp on the strings' UTF-8 bytes, which orders by code point. JavaScript's `<` compares UTF-16 code units,
 * where a character above U+FFFF (a surrogate pair, D800-DFFF) sorts before U+E000-U+FFFF; UTF-8 puts it after.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Move surrogates above U+E000-U+FFFF: then code units order as code points do.
    if (x >= 0xd800) x += x < 0xe000 ? 0x2000 : -0x800;
    if (y >= 0xd800) y += y < 0xe000 ? 0x2000 : -0x800;
    return x - y;
  }
  return a.length - b.length;
}

/** A comparison of one runtime value against the compiled right-hand side. */
type ValueTest = (v: ScalarValue) => boolean;

function asText(v: ScalarValue): string {
  return typeof v === 'string' ? v : String(v);
}

function numericCompare(op: string, c: number | bigint): ValueTest {
  switch (op) {
    case '=':
    case '==':
    case 'in':
    case 'intersects':
      return (v) => v === c || (typeof v !== typeof c && typeof v !== 'object' && Number(v) === Number(c));
    case '!=':
      return (v) => !(v === c || (typeof v !== typeof c && Number(v) === Number(c)));
    case '<':
      return (v) => (v as number) < c;
    case '<=':
      return (v) => (v as number) <= c;
    case '>':
      return (v) => (v as number) > c;
    case '>=':
      return (v) => (v as number) >= c;
    default:
      return () => false;
  }
}

function stringCompare(op: string, c: string): ValueTest {
  switch (op) {
    case '=':
    case '==':
    case 'in':
    case 'intersects':
      return (v) => v === c;
    case '!=':
      return (v) => v !== c;
    case '<':
      return (v) => compareUtf8(asText(v), c) < 0;
    case '<=':
      return (v) => compareUtf8(asText(v), c) <= 0;
    case '>':
      return (v) => compareUtf8(asText(v), c) > 0;
    case '>=':
      return (v) => compareUtf8(asText(v), c) >= 0;
    case 'contains':
      return (v) => asText(v).includes(c);
    case 'icontains': {
      const matches = icontainsMatcher(c);
      return (v) => matches(asText(v));
    }
    case 'startswith':
      return (v) => asText(v).startsWith(c);
    case 'endswith':
      return (v) => asText(v).endsWith(c);
    case 'glob': {
      const m = compileGlob(c);
      return (v) => m(asText(v));
    }
    case 'iglob': {
      const m = compileGlob(c, true);
      return (v) => m(asText(v));
    }
    case 'regex': {
      const m = compileRegex(c);
      return (v) => m(asText(v));
    }
    case 'pmatch': {
      const m = compilePathPrefixes([c]);
      return (v) => m(asText(v));
    }
    default:
      return () => false;
  }
}

function bufferCompare(op: string, c: Uint8Array): ValueTest {
  const bytes = (v: ScalarValue): Uint8Array => (v instanceof Uint8Array ? v : new TextEncoder().encode(asText(v)));
  switch (op) {
    case '=':
    case '==':
    case 'in':
    case 'intersects':
      return (v) => bytesEqual(bytes(v), c);
    case '!=':
      return (v) => !bytesEqual(bytes(v), c);
    case 'contains':
    case 'bcontains':
      return (v) => bytesIndexOf(bytes(v), c) >= 0;
    case 'startswith':
    case 'bstartswith':
      return (v) => {
        const b = bytes(v);
        return c.length <= b.length && bytesEqual(b.subarray(0, c.length), c);
      };
    case 'endswith':
      return (v) => {
        const b = bytes(v);
        return c.length <= b.length && bytesEqual(b.subarray(b.length - c.length), c);
      };
    default:
      return () => false;
  }
}

function isNet(x: unknown): x is IpNet {
  return typeof x === 'object' && x !== null && !(x instanceof Uint8Array) && 'prefix' in x;
}

function ipCompare(op: string, c: Literal): ValueTest {
  const eq = (v: ScalarValue): boolean | undefined => {
    if (isNet(c)) {
      if (v instanceof Uint8Array) return v.length === c.addr.length ? inNet(v, c) : undefined;
      if (isNet(v)) return v.addr.length === c.addr.length ? inNet(v.addr, c) && v.prefix >= c.prefix : undefined;
      return undefined;
    }
    if (c instanceof Uint8Array) {
      if (v instanceof Uint8Array) return v.length === c.length ? ipEquals(v, c) : undefined;
      if (isNet(v)) return v.addr.length === c.length ? inNet(c, v) : undefined;
    }
    return undefined;
  };
  switch (op) {
    case '!=':
      // Falco: an address of the other family compares "not equal".
      return (v) => eq(v) !== true;
    default:
      return (v) => eq(v) === true;
  }
}

/** Compiles `v OP literal` for one literal, by the type's class. */
function compileValueTest(op: string, cls: TypeClass, type: FieldType, raw: string): ValueTest {
  switch (cls) {
    case 'num':
    case 'big':
    case 'bool': {
      const c = parseLiteral(raw, type) as number | bigint | boolean;
      if (typeof c === 'boolean') {
        if (op === '!=') return (v) => v !== c;
        return (v) => v === c;
      }
      return numericCompare(op, c);
    }
    case 'str':
      return stringCompare(op, parseLiteral(raw, type) as string);
    case 'buf': {
      let c: Uint8Array;
      if (op === 'bcontains' || op === 'bstartswith') {
        const h = unhex(raw);
        if (h === undefined)
          throw new Error('filter error: bcontains and bstartswith operator support hex strings only');
        c = h;
      } else {
        c = parseLiteral(raw, type) as Uint8Array;
      }
      return bufferCompare(op, c);
    }
    case 'ip':
    case 'net':
      return ipCompare(op, parseLiteral(raw, type));
    case 'dyn':
      return dynCompare(op, raw);
    default:
      return () => false;
  }
}

/** A DYN field (evt.rawarg.*): the literal is compared by the runtime value's kind. */
function dynCompare(op: string, raw: string): ValueTest {
  const str = stringCompare(op, raw);
  let num: ValueTest | undefined;
  let big: ValueTest | undefined;
  try {
    const n = parseInteger(raw, 'INT64');
    num = numericCompare(op, Number(n));
    big = numericCompare(op, BigInt.asUintN(64, n));
  } catch {
    // not a number: numeric values never match
  }
  return (v) => {
    if (typeof v === 'number') return num?.(v) === true;
    if (typeof v === 'bigint') return big?.(v) === true;
    if (typeof v === 'boolean') return raw === String(v) ? op !== '!=' : op === '!=';
    return str(v);
  };
}

/** A set test for `in`/`intersects`: hashing where values hash by value. */
function compileSetTest(cls: TypeClass, type: FieldType, values: readonly string[]): ValueTest {
  if (cls === 'str' || cls === 'num' || cls === 'big' || cls === 'bool') {
    const set = new Set<ScalarValue>();
    for (const raw of values) set.add(parseLiteral(raw, type) as ScalarValue);
    if (cls === 'big') return (v) => set.has(v) || (typeof v === 'number' && set.has(BigInt(v)));
    return (v) => set.has(v);
  }
  const tests = values.map((raw) => compileValueTest('=', cls, type, raw));
  return (v) => {
    for (const t of tests) if (t(v)) return true;
    return false;
  };
}

function checkEvtType(
  fieldKey: string,
  values: readonly string[],
  known: ((name: string) => boolean) | undefined,
): void {
  if (fieldKey !== 'evt.type' || known === undefined) return;
  for (const v of values) if (!known(v)) throw new CompileError(`unknown event type ${v}`, true);
}

export interface CheckEnv {
  /** Whether an evt.type value names a known event or syscall. */
  readonly isKnownEventName?: (name: string) => boolean;
  /**
   * For folding `evt.type` checks into a lookup on the event code: per code, 1 when `evt.type` of that code is
   * one of `values`, 0 when it is not, 2 when the code's evt.type varies (generic events carry the syscall
   * name) and the field must be read. Undefined: no folding.
   */
  readonly evttypeTable?: (values: readonly string[]) => Uint8Array;
}

/** Turns a value test into a predicate over the field's (possibly multiple) values. */
function overValues<E>(get: Getter<E>, test: ValueTest, list: boolean, every: boolean): Predicate<E> {
  if (list) {
    if (every) {
      return (evt) => {
        const v = get(evt);
        if (v === null) return false;
        if (!Array.isArray(v)) return test(v as ScalarValue);
        for (const x of v as readonly ScalarValue[]) if (!test(x)) return false;
        return true;
      };
    }
    return (evt) => {
      const v = get(evt);
      if (v === null) return false;
      if (!Array.isArray(v)) return test(v as ScalarValue);
      for (const x of v as readonly ScalarValue[]) if (test(x)) return true;
      return false;
    };
  }
  return (evt) => {
    const v = get(evt);
    if (v === null) return false;
    if (Array.isArray(v)) {
      for (const x of v as readonly ScalarValue[]) if (test(x)) return true;
      return false;
    }
    return test(v as ScalarValue);
  };
}

/**
 * `field exists`. An un-indexed ancestor field (proc.aname) exists when there is at least one ancestor:
 * libsinsp compares each ancestor in turn and has nothing to compare without one.
 */
export function compileExists<E>(left: CompiledField<E>): Predicate<E> {
  const get = left.get;
  if (left.list) return (evt) => get(evt) !== null;
  return (evt) => {
    const v = get(evt);
    return v !== null && !(Array.isArray(v) && v.length === 0);
  };
}

/** `field OP literal(s)`. */
export function compileLiteralCheck<E extends EventLike>(
  e: BinaryCheckExpr,
  left: CompiledField<E>,
  right: ValueExpr | ListExpr,
  env: CheckEnv,
): Predicate<E> {
  const { base, modifier } = splitOperator(e.op);
  const err = comparabilityError(base, modifier, left.type, left.list);
  if (err !== undefined) throw new CompileError(`filter error: ${err}`);
  const values = right.kind === 'list' ? right.values : [right.value];
  if (!left.transformed) checkEvtType(left.key, values, env.isKnownEventName);
  const cls = typeClass(left.type);
  const get = left.get;

  // evt.type = x / in (...) / != x: answered by the event code, reading the field only for generic events.
  if (left.key === 'evt.type' && !left.transformed && env.evttypeTable !== undefined && modifier === undefined) {
    if (base === '=' || base === '==' || base === 'in' || base === 'intersects' || base === '!=') {
      const tableOf = env.evttypeTable;
      const set = new Set(values);
      const negate = base === '!=';
      // Built on the first event: a validation-only load (-V) never needs it.
      let table: Uint8Array | undefined;
      return (evt) => {
        table ??= tableOf(values);
        const k = table[evt.type];
        if (k === 1) return !negate;
        if (k === 0 || k === undefined) return negate;
        const v = get(evt);
        if (typeof v !== 'string') return false;
        return set.has(v) !== negate;
      };
    }
  }

  if (modifier !== undefined) {
    const tests = values.map((raw) => compileValueTest(base, cls, left.type, raw));
    let combine: ValueTest;
    if (modifier === 'anyof') {
      combine = (v) => {
        for (const t of tests) if (t(v)) return true;
        return false;
      };
    } else if (modifier === 'allof') {
      combine = (v) => {
        if (tests.length === 0) return false;
        for (const t of tests) if (!t(v)) return false;
        return true;
      };
    } else {
      combine = (v) => {
        let n = 0;
        for (const t of tests) if (t(v) && ++n > 1) return false;
        return n === 1;
      };
    }
    return overValues(get, combine, false, false);
  }

  if (base === 'in' || base === 'intersects') {
    const test = compileSetTest(cls, left.type, values);
    return overValues(get, test, left.list, base === 'in');
  }
  if (base === 'pmatch') {
    const m = compilePathPrefixes(values);
    return overValues(get, (v) => m(asText(v)), false, false);
  }
  // A single value for the other operators (libsinsp uses the first).
  const test = compileValueTest(base, cls, left.type, values[0] ?? '');
  return overValues(get, test, false, false);
}

function scalarEquals(a: ScalarValue, b: ScalarValue): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return bytesEqual(a, b);
  if (isNet(a) && isNet(b)) return a.prefix === b.prefix && bytesEqual(a.addr, b.addr);
  return a === b;
}

/** `field OP val(other)`: both sides read per event; types must match exactly, as libsinsp requires. */
export function compileFieldCheck<E extends EventLike>(
  e: BinaryCheckExpr,
  left: CompiledField<E>,
  right: CompiledField<E>,
): Predicate<E> {
  const { base, modifier } = splitOperator(e.op);
  const err = comparabilityError(base, modifier, left.type, left.list);
  if (err !== undefined) throw new CompileError(`filter error: ${err}`);
  if (base === 'pmatch' || base === 'regex') {
    throw new CompileError(`operator '${base.toUpperCase()}' doesn't support right-hand side fields`);
  }
  if (typeClass(left.type) === 'net')
    throw new CompileError("field type 'IPNET' doesn't support right-hand side fields");
  if (left.def?.noRhs) throw new CompileError(`field '${left.name}' doesn't support right-hand side fields`);
  if (right.def?.noRhs) throw new CompileError(`field '${right.name}' can't be used as a right-hand side field`);
  if (left.type !== right.type || left.list !== right.list) {
    throw new CompileError(
      `field '${left.name}' has type '${left.type}${left.list ? ' (list)' : ''}' while the right-hand side field '${right.name}' has incompatible type '${right.type}${right.list ? ' (list)' : ''}'`,
    );
  }
  const cls = typeClass(left.type);
  const lg = left.get;
  const rg = right.get;
  const valuesOf = (v: FieldValue): readonly ScalarValue[] =>
    Array.isArray(v) ? (v as ScalarValue[]) : [v as ScalarValue];
  const testFor = (rv: ScalarValue): ValueTest => {
    switch (cls) {
      case 'num':
      case 'big':
        return numericCompare(base, rv as number);
      case 'bool':
        return base === '!=' ? (v) => v !== rv : (v) => v === rv;
      case 'str':
        return dynamicStringTest(base, rv as string);
      case 'buf':
        return bufferCompare(base, rv as Uint8Array);
      case 'ip':
        return base === '!=' ? (v) => !scalarEquals(v, rv) : (v) => scalarEquals(v, rv);
      default:
        return base === '!=' ? (v) => !scalarEquals(v, rv) : (v) => scalarEquals(v, rv);
    }
  };
  return (evt) => {
    const lv = lg(evt);
    if (lv === null) return false;
    const rv = rg(evt);
    if (rv === null) return false;
    const rvals = valuesOf(rv);
    const lvals = valuesOf(lv);
    if (base === 'in' || base === 'intersects') {
      const member = (x: ScalarValue) => rvals.some((r) => scalarEquals(x, r));
      return base === 'in' && left.list ? lvals.every(member) : lvals.some(member);
    }
    if (modifier !== undefined) {
      const tests = rvals.map(testFor);
      return lvals.some((x) => {
        const n = tests.filter((t) => t(x)).length;
        return modifier === 'anyof' ? n > 0 : modifier === 'allof' ? n === tests.length && n > 0 : n === 1;
      });
    }
    if (rvals.length === 0) return false;
    const t = testFor(rvals[0]);
    return lvals.some(t);
  };
}

/** String tests whose right side changes per event (no precompiled glob/regex caching beyond one). */
function dynamicStringTest(op: string, c: string): ValueTest {
  if (op === 'glob' || op === 'iglob') {
    const m = compileGlob(c, op === 'iglob');
    return (v) => m(asText(v));
  }
  return stringCompare(op, c);
}
