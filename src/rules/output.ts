// Falco's output formats (libsinsp sinsp_evt_formatter), compiled once into literal parts and field
// extractors. `%field`, `%field[arg]`, `%evt.arg.name`, `%tolower(proc.name)`, `%(proc.name)` and a width
// `%20proc.name`; a leading `*` means "print <NA> for missing values" (Falco always adds it to rule
// outputs). One compiled output gives both renderings: the text with `<NA>`, and the typed values Falco
// puts in the JSON `output_fields` (plain fields only; transformer expressions contribute their inner
// fields, as Falco's formatter does).
import type { FieldRegistry, FieldType, FieldValue, ScalarValue } from '../fields/types.ts';
import {
  type CompiledField,
  CompileError,
  compileFieldLike,
  type EventLike,
  type FieldCache,
} from './compile/fields.ts';
import type { FieldLikeExpr } from './condition/ast.ts';
import { Parser } from './condition/parser.ts';

/**
 * A field value as Falco's JSON puts it in `output_fields`: typed, `null` when not available. ABSTIME values
 * (for example `evt.time.iso8601`) are nanosecond integers, which need a bigint to stay exact.
 */
export type JsonFieldValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly (string | number | bigint | boolean)[];

interface Token<E> {
  readonly field: CompiledField<E>;
  readonly width: number;
}

export interface CompiledOutput<E> {
  /** The format as written. */
  readonly format: string;
  /** Every field name the format references (for -L `output_fields`). */
  readonly fieldNames: readonly string[];
  /** The substituted text, `<NA>` for missing values. */
  text(evt: E): string;
  /** The typed values of the plain fields, by name, `null` when missing. */
  fields(evt: E): Record<string, JsonFieldValue>;
  /** The names `fields` gives, in the order `values` gives their values. */
  readonly jsonNames: readonly string[];
  /**
   * The same values as `fields`, in `jsonNames` order: an array rather than an object keyed by dozens of names
   * (which V8 keeps as a hash table), for the alert store's context, made for every alert while the store is on.
   */
  values(evt: E): JsonFieldValue[];
  /** The `k`th of `values` alone (the alert context cache refreshes the per-event ones). */
  value(evt: E, k: number): JsonFieldValue;
  /**
   * `fields` written into `out` (a name already there keeps its place and takes the new value, as in an object
   * spread): an alert's prefix fields join its rule's without a third object per alert.
   */
  fieldsInto(evt: E, out: Record<string, JsonFieldValue>): Record<string, JsonFieldValue>;
}

const NA = '<NA>';

function ipText(b: Uint8Array): string {
  if (b.length === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  if (b.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
    // RFC 5952 compression of the longest run of zero groups, as inet_ntop does.
    let best = -1;
    let bestLen = 0;
    for (let i = 0; i < 8; ) {
      if (groups[i] !== '0') {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && groups[j] === '0') j++;
      if (j - i > bestLen && j - i > 1) {
        best = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (best < 0) return groups.join(':');
    const head = groups.slice(0, best).join(':');
    const tail = groups.slice(best + bestLen).join(':');
    return `${head}::${tail}`;
  }
  return Array.from(b)
    .map((x) => x.toString(16).padStart(2, '0'))
    .join('');
}

function bufferText(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += (c >= 0x20 && c < 0x7f) || c === 10 || c === 9 ? String.fromCharCode(c) : '.';
  return s;
}

const WIDTH: Partial<Record<FieldType, number>> = {
  INT8: 8,
  INT16: 16,
  INT32: 32,
  UINT8: 8,
  UINT16: 16,
  UINT32: 32,
  FLAGS8: 8,
  FLAGS16: 16,
  FLAGS32: 32,
  PORT: 16,
};

/** An integer in a print format (libsinsp's PF_HEX is %X, PF_OCT %o, PF_10_PADDED_DEC %09). */
function integerText(v: number | bigint, type: FieldType, fmt: string | undefined): string {
  if (fmt === 'HEX' || fmt === 'OCT') {
    const bits = WIDTH[type] ?? 64;
    const u = BigInt.asUintN(bits, BigInt(v));
    return fmt === 'HEX' ? u.toString(16).toUpperCase() : u.toString(8);
  }
  if (fmt === '10_PADDED_DEC') {
    return BigInt(v) < 0n ? `-${(-BigInt(v)).toString().padStart(8, '0')}` : BigInt(v).toString().padStart(9, '0');
  }
  return String(v);
}

/** Default text of one value by type and print format (sinsp_filter_check::rawval_to_string). */
export function scalarText(v: ScalarValue, type: FieldType, fmt?: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (type === 'DOUBLE') return v.toFixed(1);
    return Number.isInteger(v) ? integerText(v, type, fmt) : String(v);
  }
  if (typeof v === 'bigint') return integerText(v, type, fmt);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return type === 'BYTEBUF' ? bufferText(v) : ipText(v);
  return `${ipText(v.addr)}/${v.prefix}`;
}

// Non-printable characters (C0 and C1 controls, DEL, Unicode non-characters) in a string value, which libsinsp
// 0.25 replaces with U+FFFD when it extracts a field for output (utils.h utf8_seq_len and sanitize, called through
// extract_single_string with sanitize_strings); invalid UTF-8 already became U+FFFD when the event was decoded.
// Conditions compare the raw value: only what is printed is sanitized.
const NON_PRINTABLE = /[\p{Cc}\p{Noncharacter_Code_Point}]/u;
const NON_PRINTABLE_ALL = /[\p{Cc}\p{Noncharacter_Code_Point}]/gu;

/** A string value as an alert prints it: each non-printable character replaced with U+FFFD. */
export function printable(s: string): string {
  return NON_PRINTABLE.test(s) ? s.replace(NON_PRINTABLE_ALL, '\uFFFD') : s;
}

function valueText<E>(f: CompiledField<E>, v: FieldValue | null): string {
  if (v === null) return NA;
  if (!Array.isArray(v)) return scalarValueText(f, v as ScalarValue);
  // A list field: its items as one parenthesised text (no closure per alert: every alert prints its fields).
  const items = v as ScalarValue[];
  let s = '(';
  for (let i = 0; i < items.length; i++) s += (i === 0 ? '' : ',') + scalarValueText(f, items[i]);
  return `${s})`;
}

/** One item's text: by the field's own rule when it has one, else by its type's default. */
function scalarValueText<E>(f: CompiledField<E>, x: ScalarValue): string {
  // a field whose text is not its type's default (evt.time: an ABSTIME shown as HH:MM:SS.nnnnnnnnn)
  const toText = f.transformed ? undefined : f.def?.toText;
  if (toText !== undefined) return printable(toText(x));
  return typeof x === 'string' ? printable(x) : scalarText(x, f.type, f.transformed ? undefined : f.def?.fmt);
}

function jsonScalar(v: ScalarValue, type: FieldType): string | number | bigint | boolean {
  if (typeof v === 'string') return printable(v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  return scalarText(v, type);
}

/** A value as Falco's JSON output_fields carries it. */
export function jsonValue<E>(f: CompiledField<E>, v: FieldValue | null): JsonFieldValue {
  if (v === null) return null;
  if (Array.isArray(v)) return (v as ScalarValue[]).map((x) => jsonScalar(x, f.type));
  return jsonScalar(v as ScalarValue, f.type);
}

export interface OutputCompileEnv<E> {
  readonly registry: FieldRegistry<E>;
  readonly cache: FieldCache;
}

/** The plain fields inside a field-like expression, in order (what Falco reports in output_fields). */
function innerFields(e: FieldLikeExpr, out: FieldLikeExpr[]): void {
  if (e.kind === 'field') out.push(e);
  else
    for (const a of e.args) {
      if (a.kind === 'field' || a.kind === 'transformer') innerFields(a, out);
      else if (a.kind === 'tlist') for (const c of a.children) if (c.kind !== 'value') innerFields(c, out);
    }
}

/** Finds the field at the start of `rest`: the longest prefix that names a field (Falco shrinks until one compiles). */
function parseToken<E extends EventLike>(
  env: OutputCompileEnv<E>,
  rest: string,
): { field: CompiledField<E>; expr: FieldLikeExpr; length: number } {
  const fieldEnv = { registry: env.registry, cache: env.cache, forOutput: true };
  let lastError: CompileError | undefined;
  let text = rest;
  for (;;) {
    let parsed: { expr: FieldLikeExpr; length: number } | undefined;
    try {
      parsed = new Parser(text).parseFieldOrTransformer();
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) {
      try {
        return { field: compileFieldLike(fieldEnv, parsed.expr), expr: parsed.expr, length: parsed.length };
      } catch (err) {
        if (!(err instanceof CompileError)) throw err;
        if (!err.unknown) throw err;
        lastError = err;
        // Try a shorter name: `%proc.name.x` is proc.name followed by ".x".
        const dot =
          parsed.expr.kind === 'field' && parsed.expr.arg === undefined ? text.lastIndexOf('.', parsed.length - 1) : -1;
        if (dot > 0) {
          text = text.slice(0, dot);
          continue;
        }
      }
    }
    const token = /^\S*/.exec(rest)?.[0] ?? rest;
    const trimmed = /^[A-Za-z0-9_.[\]()]*/.exec(token)?.[0] || token;
    if (lastError !== undefined && !lastError.message.startsWith('filter_check called')) throw lastError;
    throw new CompileError(`invalid formatting token ${trimmed.replace(/[)]+$/, '')}`, true);
  }
}

const TIME_TEXT_FIELDS = new Set(['evt.time', 'evt.time.s', 'evt.time.iso8601', 'evt.datetime', 'evt.datetime.s']);

function rawTime<E extends EventLike>(env: OutputCompileEnv<E>): CompiledField<E> | undefined {
  try {
    return compileFieldLike(
      { registry: env.registry, cache: env.cache, forOutput: true },
      { kind: 'field', name: 'evt.rawtime', pos: { idx: 0, line: 1, col: 1 } },
    );
  } catch {
    return undefined;
  }
}

/** Compiles a format. Throws CompileError (`unknown` set for unknown fields) with Falco's messages. */
export function compileOutput<E extends EventLike>(format: string, env: OutputCompileEnv<E>): CompiledOutput<E> {
  if (format.length === 0) throw new CompileError('empty formatting token');
  const fmt = format[0] === '*' ? format.slice(1) : format;
  const parts: (string | Token<E>)[] = [];
  const jsonFields: { name: string; field: CompiledField<E>; json?: CompiledField<E> }[] = [];
  const fieldNames: string[] = [];
  let literal = '';
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c !== '%') {
      literal += c;
      i++;
      continue;
    }
    if (i === fmt.length - 1) throw new CompileError('invalid formatting syntax: formatting cannot end with a %');
    if (literal.length > 0) {
      parts.push(literal);
      literal = '';
    }
    i++;
    let width = 0;
    const digits = /^[0-9]+/.exec(fmt.slice(i));
    if (digits !== null) {
      width = Number.parseInt(digits[0], 10);
      i += digits[0].length;
      if (i >= fmt.length) throw new CompileError('invalid formatting syntax: formatting cannot end with a number');
    }
    let tok: { field: CompiledField<E>; expr: FieldLikeExpr; length: number };
    if (fmt[i] === '(' && !/^\([a-z0-9]+\(/.test(fmt.slice(i))) {
      // `%(field)`: the field is delimited by parentheses.
      const close = fmt.indexOf(')', i);
      if (close < 0) throw new CompileError(`invalid formatting token ${fmt.slice(i)}`, true);
      const inner = parseToken(env, fmt.slice(i + 1, close));
      if (inner.length !== close - i - 1)
        throw new CompileError(`invalid formatting token ${fmt.slice(i + 1, close)}`, true);
      tok = { ...inner, length: close - i + 1 };
    } else {
      tok = parseToken(env, fmt.slice(i));
    }
    parts.push({ field: tok.field, width });
    const inner: FieldLikeExpr[] = [];
    innerFields(tok.expr, inner);
    for (const f of inner) {
      const name = f.kind === 'field' ? (f.arg === undefined ? f.name : `${f.name}[${f.arg}]`) : '';
      if (!fieldNames.includes(name)) fieldNames.push(name);
      if (!jsonFields.some((j) => j.name === name)) {
        const field =
          tok.expr === f
            ? tok.field
            : compileFieldLike({ registry: env.registry, cache: env.cache, forOutput: true }, f);
        // Falco's JSON gives the event time as nanoseconds for the time-as-text fields (extract_as_js).
        const json = TIME_TEXT_FIELDS.has(name) ? rawTime(env) : undefined;
        jsonFields.push(json === undefined ? { name, field } : { name, field, json });
      }
    }
    i += tok.length;
  }
  if (literal.length > 0) parts.push(literal);

  const text = (evt: E): string => {
    let s = '';
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k];
      if (typeof p === 'string') {
        s += p;
        continue;
      }
      const t = valueText(p.field, p.field.get(evt));
      s += p.width > 0 ? t.slice(0, p.width).padEnd(p.width, ' ') : t;
    }
    return s;
  };
  const fieldsInto = (evt: E, out: Record<string, JsonFieldValue>): Record<string, JsonFieldValue> => {
    for (let k = 0; k < jsonFields.length; k++) {
      const j = jsonFields[k];
      out[j.name] = jsonValue(j.json ?? j.field, (j.json ?? j.field).get(evt));
    }
    return out;
  };
  const fields = (evt: E): Record<string, JsonFieldValue> => fieldsInto(evt, {});
  const values = (evt: E): JsonFieldValue[] => {
    const out = new Array<JsonFieldValue>(jsonFields.length);
    for (let k = 0; k < jsonFields.length; k++) {
      const j = jsonFields[k];
      out[k] = jsonValue(j.json ?? j.field, (j.json ?? j.field).get(evt));
    }
    return out;
  };
  const value = (evt: E, k: number): JsonFieldValue => {
    const j = jsonFields[k];
    return jsonValue(j.json ?? j.field, (j.json ?? j.field).get(evt));
  };
  return {
    format,
    fieldNames,
    text,
    fields,
    jsonNames: jsonFields.map((j) => j.name),
    values,
    value,
    fieldsInto,
  };
}
