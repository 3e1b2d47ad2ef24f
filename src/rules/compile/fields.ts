// Fields and transformers in conditions and outputs, compiled to getters over a per-event cache shared by
// every rule of a ruleset: a field (or transformed field) is extracted at most once per event, keyed by the
// event's sequence number. Resolution and type checks follow libsinsp (sinsp_extractor_compiler,
// filter_transformer, multivalue transformers) and keep its error messages.
import type { FieldDef, FieldRegistry, FieldType, FieldValue, ScalarValue } from '../../fields/types.ts';
import { isBindError } from '../../fields/types.ts';
import { asciiLower, asciiUpper } from '../../text/glob.ts';
import type { FieldLikeExpr, TransformerArgExpr } from '../condition/ast.ts';
import { exprToString } from '../condition/ast.ts';

/** What the compiler needs from an event: its type code and a sequence number unique per event. */
export interface EventLike {
  readonly type: number;
  readonly num: number;
}

export type Getter<E> = (evt: E) => FieldValue | null;

/** A compiled field or transformer: how to read it and what it yields. */
export interface CompiledField<E> {
  readonly get: Getter<E>;
  readonly type: FieldType;
  /** Multi-valued (Falco's EPF_IS_LIST after transformers). */
  readonly list: boolean;
  /** The field's name for messages (`proc.name`), or the transformer expression. */
  readonly name: string;
  /** The canonical text of the expression, the cache key and the output_fields key. */
  readonly key: string;
  /** The underlying definition for plain fields. */
  readonly def?: FieldDef<E>;
  readonly transformed: boolean;
  /** For generated code: the cache slot and the uncached extractor of a plain field. */
  readonly slot?: number;
  readonly extract?: Getter<E>;
}

export class CompileError extends Error {
  /** True when the error is an unknown field/event type: skip-if-unknown-filter downgrades it. */
  readonly unknown: boolean;
  /** Index in the parsed text where the problem is. */
  readonly idx: number | undefined;
  constructor(message: string, unknown = false, idx?: number) {
    super(message);
    this.unknown = unknown;
    this.idx = idx;
  }
}

/**
 * The shared per-event cache. Slots are allocated at load time, one per distinct field expression;
 * `stamps[i]` holds the sequence number of the event `values[i]` was extracted from.
 */
export class FieldCache {
  stamps: Float64Array = new Float64Array(0);
  values: (FieldValue | null)[] = [];
  /** The key and the extractor behind each slot: what a snapshot of an event's fields re-extracts. */
  readonly keys: string[] = [];
  readonly extractors: (Getter<EventLike> | undefined)[] = [];
  private readonly slots = new Map<string, number>();
  /**
   * Plain fields already compiled against this cache, per registry and use (condition/output): every rule
   * naming `proc.name` shares one resolution, one bound extractor and one slot. Failures are kept too.
   */
  readonly compiled = new WeakMap<object, Map<string, CompiledField<never> | CompileError>>();

  slot(key: string): number {
    let i = this.slots.get(key);
    if (i === undefined) {
      i = this.values.length;
      this.slots.set(key, i);
      this.values.push(null);
      this.keys.push(key);
      this.extractors.push(undefined);
      const grown = new Float64Array(this.values.length);
      grown.set(this.stamps);
      grown[i] = Number.NaN;
      this.stamps = grown;
    }
    return i;
  }

  get size(): number {
    return this.values.length;
  }
}

/** Wraps an extractor with the cache. NaN never equals a sequence number, so new slots start invalid. */
export function cached<E extends EventLike>(cache: FieldCache, key: string, extract: Getter<E>): Getter<E> {
  const i = cache.slot(key);
  if (cache.extractors[i] === undefined) cache.extractors[i] = extract as Getter<EventLike>;
  return (evt: E) => {
    const stamps = cache.stamps;
    if (stamps[i] === evt.num) return cache.values[i];
    const v = extract(evt);
    cache.stamps[i] = evt.num;
    cache.values[i] = v;
    return v;
  };
}

interface RegistryIndex<E> {
  readonly byName: Map<string, FieldDef<E>>;
  readonly dotted: FieldDef<E>[];
}

const indexes = new WeakMap<object, RegistryIndex<EventLike>>();

function registryIndex<E>(registry: FieldRegistry<E>): RegistryIndex<E> {
  let idx = indexes.get(registry) as RegistryIndex<E> | undefined;
  if (idx === undefined) {
    const byName = new Map<string, FieldDef<E>>();
    const dotted: FieldDef<E>[] = [];
    for (const c of registry.classes) {
      for (const f of c.fields) {
        if (!byName.has(f.name)) byName.set(f.name, f);
        if (f.arg?.dotted) dotted.push(f);
      }
    }
    idx = { byName, dotted };
    indexes.set(registry, idx as unknown as RegistryIndex<EventLike>);
  }
  return idx;
}

/** Whether a name is a field of the registry at all (to tell "unknown field" from "bad argument"). */
export function fieldExists<E>(registry: FieldRegistry<E>, name: string): boolean {
  const idx = registryIndex(registry);
  if (idx.byName.has(name)) return true;
  return idx.dotted.some((d) => name.startsWith(`${d.name}.`));
}

export interface FieldCompileEnv<E> {
  readonly registry: FieldRegistry<E>;
  readonly cache: FieldCache;
  /** Conditions accept filter-only fields; outputs do not. */
  readonly forOutput: boolean;
}

function fieldDisplayName(name: string, arg: string | undefined): string {
  return arg === undefined ? name : `${name}[${arg}]`;
}

// Registry resolutions by spelling, shared by conditions and outputs (resolution is a pure function).
const resolutions = new WeakMap<object, Map<string, ReturnType<FieldRegistry<never>['resolve']>>>();

function resolveOnce<E>(
  registry: FieldRegistry<E>,
  name: string,
  arg: string | undefined,
  display: string,
): ReturnType<FieldRegistry<E>['resolve']> {
  let byText = resolutions.get(registry);
  if (byText === undefined) {
    byText = new Map();
    resolutions.set(registry, byText);
  }
  let r = byText.get(display) as ReturnType<FieldRegistry<E>['resolve']> | undefined;
  if (r === undefined) {
    r = registry.resolve(name, arg);
    byText.set(display, r as ReturnType<FieldRegistry<never>['resolve']>);
  }
  return r;
}

/** Whether `text` as a whole names a field (with its argument), as libsinsp's new_filtercheck decides. */
export function isFieldText<E>(registry: FieldRegistry<E>, text: string): boolean {
  return !isBindError(resolveOnce(registry, text, undefined, text));
}

/** Resolves and binds a plain field, once per cache, registry, use and spelling. */
export function compilePlainField<E extends EventLike>(
  env: FieldCompileEnv<E>,
  name: string,
  arg: string | undefined,
): CompiledField<E> {
  let memo = env.cache.compiled.get(env.registry);
  if (memo === undefined) {
    memo = new Map();
    env.cache.compiled.set(env.registry, memo);
  }
  const memoKey = `${env.forOutput ? 'o' : 'c'}${fieldDisplayName(name, arg)}`;
  const known = memo.get(memoKey);
  if (known instanceof CompileError) throw known;
  if (known !== undefined) return known as unknown as CompiledField<E>;
  try {
    const f = bindPlainField(env, name, arg);
    memo.set(memoKey, f as unknown as CompiledField<never>);
    return f;
  } catch (err) {
    if (err instanceof CompileError) memo.set(memoKey, err);
    throw err;
  }
}

function bindPlainField<E extends EventLike>(
  env: FieldCompileEnv<E>,
  name: string,
  arg: string | undefined,
): CompiledField<E> {
  const display = fieldDisplayName(name, arg);
  const resolved = resolveOnce(env.registry, name, arg, display);
  if (isBindError(resolved)) {
    if (!fieldExists(env.registry, name)) {
      throw new CompileError(`filter_check called with nonexistent field ${display}`, true);
    }
    throw new CompileError(resolved.error);
  }
  const def = resolved.def;
  if (env.forOutput && def.filterOnly) {
    throw new CompileError(`${display} is filter only and cannot be used as a display field`);
  }
  let get: Getter<E> = () => null;
  if (def.bind !== undefined) {
    const bound = def.bind(resolved.arg);
    if (isBindError(bound)) throw new CompileError(bound.error);
    get = bound;
  }
  const key = display;
  return {
    get: cached(env.cache, key, get),
    slot: env.cache.slot(key),
    extract: get,
    type: def.type,
    list: def.list === true,
    name: def.name,
    key,
    def,
    transformed: false,
  };
}

const STRINGISH = new Set<FieldType>(['CHARBUF', 'FSPATH', 'FSRELPATH']);

function typeError(tr: string, f: CompiledField<unknown>): CompileError {
  return new CompileError(
    `can't add field transformer: type '${f.type}' is not supported by '${tr}' transformer applied on ${f.list ? 'list ' : ''}field '${f.name}'`,
  );
}

/** Applies a per-value function to a value or each value of a list; null propagates. */
function mapValues(v: FieldValue | null, f: (x: ScalarValue) => ScalarValue | null): FieldValue | null {
  if (v === null) return null;
  if (Array.isArray(v)) {
    const out: ScalarValue[] = [];
    for (const x of v as readonly ScalarValue[]) {
      const y = f(x);
      if (y === null) return null;
      out.push(y);
    }
    return out;
  }
  return f(v as ScalarValue);
}

const utf8 = new TextDecoder('utf-8');

function textOf(x: ScalarValue): string {
  if (typeof x === 'string') return x;
  if (x instanceof Uint8Array) return utf8.decode(x);
  return String(x);
}

/** Base64 decoding as libsinsp's Base64::decodeWithoutPadding: invalid input fails the extraction. */
function b64decode(s: string): Uint8Array | null {
  const clean = s.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return null;
  return Uint8Array.from(Buffer.from(clean, 'base64'));
}

/** A literal argument of a multi-value transformer. */
function constantField<E>(value: string | string[], key: string): CompiledField<E> {
  const v: FieldValue = value;
  return { get: () => v, type: 'CHARBUF', list: Array.isArray(value), name: key, key, transformed: false };
}

function compileTransformerArg<E extends EventLike>(env: FieldCompileEnv<E>, a: TransformerArgExpr): CompiledField<E> {
  switch (a.kind) {
    case 'value':
      return constantField(a.value, exprToString(a));
    case 'tlist': {
      const parts = a.children.map((c) => compileTransformerArg(env, c));
      const key = exprToString(a);
      if (parts.every((p) => p.get.length === 0)) {
        return constantField(
          a.children.map((c) => (c.kind === 'value' ? c.value : '')),
          key,
        );
      }
      const get: Getter<E> = (evt) => {
        const out: ScalarValue[] = [];
        for (const p of parts) {
          const v = p.get(evt);
          if (v === null) return null;
          if (Array.isArray(v)) out.push(...(v as ScalarValue[]));
          else out.push(v as ScalarValue);
        }
        return out;
      };
      return { get, type: 'CHARBUF', list: true, name: key, key, transformed: true };
    }
    default:
      return compileFieldLike(env, a);
  }
}

/** Compiles a field or a transformer expression. */
export function compileFieldLike<E extends EventLike>(env: FieldCompileEnv<E>, e: FieldLikeExpr): CompiledField<E> {
  if (e.kind === 'field') return compilePlainField(env, e.name, e.arg);
  const key = exprToString(e);
  const name = e.name;
  if (name === 'val') {
    if (e.arg !== undefined) throw new CompileError("filter error: transformer 'val' does not support field arguments");
    return compileTransformerArg(env, e.args[0]);
  }
  if (e.args.length === 1 && name !== 'join' && name !== 'concat' && name !== 'getopt') {
    if (e.arg !== undefined) {
      throw new CompileError(`filter error: transformer '${name}' does not support field arguments`);
    }
    const inner = compileTransformerArg(env, e.args[0]);
    if (inner.def?.noTransformer) throw new CompileError(`field '${inner.name}' does not support transformers`);
    return compileSingleTransformer(env, name, inner, key);
  }
  const args = e.args.map((a) => compileTransformerArg(env, a));
  switch (name) {
    case 'join': {
      if (args.length !== 2) throw new CompileError('join() requires exactly 2 arguments: separator and list');
      if (args[0].list) throw new CompileError('join() first argument (separator) must be a single value, not a list');
      if (!args[1].list) throw new CompileError('join() second argument must be a list');
      if (e.arg !== undefined) throw new CompileError("transformer 'join' does not support field arguments");
      const [sep, list] = args;
      const get: Getter<E> = (evt) => {
        const s = sep.get(evt);
        if (s === null) return null;
        const l = list.get(evt);
        if (l === null) return null;
        const sepText = textOf(s as ScalarValue);
        return (Array.isArray(l) ? (l as ScalarValue[]) : [l as ScalarValue]).map(textOf).join(sepText);
      };
      return { get: cached(env.cache, key, get), type: 'CHARBUF', list: false, name: key, key, transformed: true };
    }
    case 'concat': {
      if (args.length < 2) throw new CompileError('concat() requires at least 2 arguments');
      for (const a of args)
        if (a.type !== 'CHARBUF' || a.list) throw new CompileError('concat() arguments must be strings');
      if (e.arg !== undefined) throw new CompileError("transformer 'concat' does not support field arguments");
      const get: Getter<E> = (evt) => {
        let out = '';
        for (const a of args) {
          const v = a.get(evt);
          if (v === null) return null;
          out += textOf(v as ScalarValue);
        }
        return out;
      };
      return { get: cached(env.cache, key, get), type: 'CHARBUF', list: false, name: key, key, transformed: true };
    }
    case 'getopt': {
      if (args.length !== 2) throw new CompileError('getopt() requires exactly 2 arguments: args list and optstring');
      if (!args[0].list) throw new CompileError('getopt() first argument must be a list');
      if (args[1].list) throw new CompileError('getopt() second argument (optstring) must be a single value');
      if (args[0].type !== 'CHARBUF' || args[1].type !== 'CHARBUF')
        throw new CompileError('getopt() arguments must be strings');
      if (e.arg !== undefined && e.arg.length !== 1) {
        throw new CompileError('getopt() field argument must be a single option character');
      }
      const selector = e.arg;
      const [argv, optstring] = args;
      const get: Getter<E> = (evt) => {
        const o = optstring.get(evt);
        const a = argv.get(evt);
        if (o === null || a === null) return null;
        return getopt(
          (Array.isArray(a) ? (a as ScalarValue[]) : [a as ScalarValue]).map(textOf),
          textOf(o as ScalarValue),
          selector,
        );
      };
      return {
        get: cached(env.cache, key, get),
        type: 'CHARBUF',
        list: selector === undefined,
        name: key,
        key,
        transformed: true,
      };
    }
    default:
      throw new CompileError(`transformer '${name}' is not supported`);
  }
}

function compileSingleTransformer<E extends EventLike>(
  env: FieldCompileEnv<E>,
  name: string,
  inner: CompiledField<E>,
  key: string,
): CompiledField<E> {
  const ig = inner.get;
  let get: Getter<E>;
  let type = inner.type;
  let list = inner.list;
  switch (name) {
    case 'tolower':
    case 'toupper': {
      if (!STRINGISH.has(inner.type)) throw typeError(name, inner as CompiledField<unknown>);
      const f = name === 'tolower' ? asciiLower : asciiUpper;
      get = (evt) => mapValues(ig(evt), (x) => f(textOf(x)));
      break;
    }
    case 'basename': {
      if (!STRINGISH.has(inner.type)) throw typeError(name, inner as CompiledField<unknown>);
      get = (evt) =>
        mapValues(ig(evt), (x) => {
          const s = textOf(x);
          return s.slice(s.lastIndexOf('/') + 1);
        });
      break;
    }
    case 'b64': {
      if (inner.type !== 'CHARBUF' && inner.type !== 'BYTEBUF') throw typeError(name, inner as CompiledField<unknown>);
      const asString = inner.type === 'CHARBUF';
      get = (evt) =>
        mapValues(ig(evt), (x) => {
          const d = b64decode(textOf(x).replace(/\0+$/, ''));
          if (d === null) return null;
          return asString ? utf8.decode(d) : d;
        });
      break;
    }
    case 'len': {
      if (inner.list) {
        get = (evt) => {
          const v = ig(evt);
          if (v === null) return null;
          return Array.isArray(v) ? v.length : 1;
        };
      } else if (STRINGISH.has(inner.type) || inner.type === 'BYTEBUF') {
        // A missing value stays missing: libsinsp applies no transformer to a failed extraction.
        get = (evt) => {
          const v = ig(evt);
          if (v === null) return null;
          if (v instanceof Uint8Array) return v.length;
          if (typeof v === 'string') {
            const nul = v.indexOf('\0');
            return Buffer.byteLength(nul < 0 ? v : v.slice(0, nul), 'utf8');
          }
          return 0;
        };
      } else {
        throw typeError(name, inner as CompiledField<unknown>);
      }
      type = 'UINT64';
      list = false;
      break;
    }
    default:
      throw new CompileError(`transformer '${name}' is not supported`);
  }
  return { get: cached(env.cache, key, get), type, list, name: inner.name, key, transformed: true };
}

/** getopt(3)-like scan of an argv list (libsinsp's getopt transformer). */
export function getopt(argv: string[], optstring: string, selector: string | undefined): FieldValue | null {
  const valid = new Set<string>();
  const withArg = new Set<string>();
  const start = optstring.startsWith(':') ? 1 : 0;
  for (let i = start; i < optstring.length; i++) {
    const c = optstring[i];
    if (c === ':') continue;
    valid.add(c);
    if (optstring[i + 1] === ':') {
      withArg.add(c);
      i++;
    }
  }
  const results: string[] = [];
  let selected: string | undefined;
  const emit = (opt: string, value: string | undefined) => {
    if (selector !== undefined) selected = value ?? opt;
    else {
      results.push(opt);
      if (value !== undefined) results.push(value);
    }
  };
  for (let ai = 0; ai < argv.length; ai++) {
    const arg = argv[ai];
    if (arg === '--') break;
    if (arg.length > 2 && arg[0] === '-' && arg[1] === '-') continue;
    if (arg.length === 0 || arg[0] !== '-' || arg.length === 1) break;
    for (let i = 1; i < arg.length; i++) {
      const opt = arg[i];
      if (opt === ':' || !valid.has(opt)) {
        if (selector === undefined) results.push('?');
        continue;
      }
      const match = selector === undefined || opt === selector;
      if (!withArg.has(opt)) {
        if (match) emit(opt, undefined);
        continue;
      }
      let value: string | undefined;
      if (i + 1 < arg.length) value = arg.slice(i + 1);
      else if (ai + 1 < argv.length) value = argv[++ai];
      if (value === undefined) {
        if (match) emit(selector === undefined ? '' : '', selector === undefined ? undefined : '');
        break;
      }
      if (match) emit(opt, value);
      break;
    }
  }
  if (selector !== undefined) return selected === undefined ? null : selected;
  return results;
}
