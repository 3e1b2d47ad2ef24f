// A resolved condition AST (macros inlined, lists expanded) compiled to one predicate. `and`/`or` short-
// circuit left to right as libsinsp's filter expressions do. Constant parts fold: a check whose result
// cannot depend on the event is evaluated once.
import type { FieldRegistry } from '../../fields/types.ts';
import type { AnyExpr, Expr, Pos } from '../condition/ast.ts';
import { TRANSFORMER_NAMES } from '../condition/parser.ts';
import { compileExists, compileFieldCheck, compileLiteralCheck, type Predicate } from './checks.ts';
import { CodeBuilder } from './codegen.ts';
import {
  type CompiledField,
  CompileError,
  compileFieldLike,
  type EventLike,
  type FieldCache,
  isFieldText,
} from './fields.ts';
import { parseLiteral, typeClass } from './values.ts';

export interface ConditionWarning {
  readonly message: string;
  readonly node: AnyExpr;
}

export interface ConditionCompileEnv<E> {
  readonly registry: FieldRegistry<E>;
  readonly cache: FieldCache;
  readonly isKnownEventName?: (name: string) => boolean;
  readonly evttypeTable?: (values: readonly string[]) => Uint8Array;
  /** Generate code for the condition (default); false keeps the closures (validation-only compilations). */
  readonly generate?: boolean;
  /** False when code will never be generated (-V): the code text is not even prepared. Default true. */
  readonly codegen?: boolean;
}

/** A compile failure with the AST node it happened at (for its position and origin). */
export class NodeCompileError extends Error {
  readonly node: AnyExpr;
  readonly unknown: boolean;
  constructor(message: string, node: AnyExpr, unknown: boolean) {
    super(message);
    this.node = node;
    this.unknown = unknown;
  }
}

export interface CompiledCondition<E> {
  /** The generated function when `generate` was not false, the closures otherwise. */
  readonly predicate: Predicate<E>;
  /** The generated function (built on first call): what a validation-only compilation later needs to run. */
  readonly generated: () => Predicate<E>;
  readonly warnings: ConditionWarning[];
  /** Every field the condition reads, as written (`proc.aname[2]`). */
  readonly fields: Set<string>;
  readonly operators: Set<string>;
}

const TRUE = () => true;
const FALSE = () => false;

export function compileCondition<E extends EventLike>(ast: Expr, env: ConditionCompileEnv<E>): CompiledCondition<E> {
  const warnings: ConditionWarning[] = [];
  const fields = new Set<string>();
  const operators = new Set<string>();
  const fieldEnv = { registry: env.registry, cache: env.cache, forOutput: false };

  const cb = new CodeBuilder<E>(env.cache);
  interface Out {
    p: Predicate<E>;
    code: string;
  }
  const codegen = env.codegen !== false;
  const leaf = (p: Predicate<E>, code?: string): Out => ({ p, code: codegen ? (code ?? cb.call(p)) : '' });
  const visit = (e: Expr): Out => {
    switch (e.kind) {
      case 'and': {
        const parts = e.children.map(visit).filter((x) => x.p !== TRUE);
        if (parts.some((x) => x.p === FALSE)) return { p: FALSE, code: 'false' };
        if (parts.length === 0) return { p: TRUE, code: 'true' };
        return { p: andOf(parts.map((x) => x.p)), code: parts.map((x) => `(${x.code})`).join(' && ') };
      }
      case 'or': {
        const parts = e.children.map(visit).filter((x) => x.p !== FALSE);
        if (parts.some((x) => x.p === TRUE)) return { p: TRUE, code: 'true' };
        if (parts.length === 0) return { p: FALSE, code: 'false' };
        return { p: orOf(parts.map((x) => x.p)), code: parts.map((x) => `(${x.code})`).join(' || ') };
      }
      case 'not': {
        const c = visit(e.child);
        if (c.p === TRUE) return { p: FALSE, code: 'false' };
        if (c.p === FALSE) return { p: TRUE, code: 'true' };
        const p = c.p;
        return { p: (evt) => !p(evt), code: `!(${c.code})` };
      }
      case 'identifier':
        throw new NodeCompileError(`filter error: unexpected identifier '${e.name}'`, e, false);
      case 'unary': {
        operators.add(e.op);
        const left = wrap(e.left, () => compileFieldLike(fieldEnv, e.left));
        noteFields(e.left, fields);
        const exists = compileExists(left);
        if (!codegen) return leaf(exists);
        return leaf(
          exists,
          left.list
            ? `${cb.read(left)} !== null`
            : `(v = ${cb.read(left)}) !== null && !(Array.isArray(v) && v.length === 0)`,
        );
      }
      case 'binary': {
        operators.add(e.op);
        const left = wrap(e.left, () => compileFieldLike(fieldEnv, e.left));
        noteFields(e.left, fields);
        const right = e.right;
        if (right.kind === 'value' || right.kind === 'list') {
          const values = right.kind === 'list' ? right.values : [right.value];
          for (const v of values) addValueWarnings(e.op, v, right, env.registry, warnings);
          const p = wrap(right, () => compileLiteralCheck(e, left, right, env));
          return leaf(p, codegen ? fastCode(cb, e.op, left, values, p, env) : '');
        }
        const r = wrap(right, () => compileFieldLike(fieldEnv, right));
        noteFields(right, fields);
        return leaf(wrap(e, () => compileFieldCheck(e, left, r)));
      }
    }
  };
  const out = visit(ast);
  let built: Predicate<E> | undefined;
  const generated = (): Predicate<E> => {
    if (built === undefined) {
      built = out.p;
      if (codegen && out.p !== TRUE && out.p !== FALSE) {
        try {
          built = cb.build(out.code);
        } catch {
          built = out.p;
        }
      }
    }
    return built;
  };
  const predicate = env.generate !== false ? generated() : out.p;
  return { predicate, generated, warnings, fields, operators };
}

/** Inline code for the common checks; undefined leaves the check to its closure. */
function fastCode<E extends EventLike>(
  cb: CodeBuilder<E>,
  op: string,
  left: CompiledField<E>,
  values: readonly string[],
  p: Predicate<E>,
  env: ConditionCompileEnv<E>,
): string | undefined {
  if (left.transformed || left.list) return undefined;
  if (left.key === 'evt.type' && env.evttypeTable !== undefined) {
    const fallback = cb.call(p);
    const table = cb.constant(env.evttypeTable(values));
    if (op === '=' || op === '==' || op === 'in' || op === 'intersects')
      return `(t = ${table}[e.type]) === 1 || (t === 2 && ${fallback})`;
    if (op === '!=') return `(t = ${table}[e.type]) !== 1 && (t !== 2 || ${fallback})`;
    return undefined;
  }
  const cls = typeClass(left.type);
  if (cls !== 'str' && cls !== 'num' && cls !== 'bool') return undefined;
  const kind = cls === 'str' ? 'string' : cls === 'num' ? 'number' : 'boolean';
  const read = cb.read(left);
  // Literals converted exactly as the closure converts them (width wrapping, sign).
  let parsed: unknown[];
  try {
    parsed = values.map((x) => parseLiteral(x, left.type));
  } catch {
    return undefined;
  }
  if (parsed.some((x) => typeof x !== kind)) return undefined;
  const value = parsed[0];
  const fallback = cb.call(p);
  // A value of another shape (an array of ancestors, an unexpected type) goes to the closure.
  const other = `(v !== null && typeof v !== '${kind}' && ${fallback})`;
  switch (op) {
    case '=':
    case '==':
      return `(v = ${read}) === ${cb.constant(value)} || ${other}`;
    case '!=':
      return `(v = ${read}) !== null && (typeof v === '${kind}' ? v !== ${cb.constant(value)} : ${fallback})`;
    case 'in':
    case 'intersects': {
      const set = cb.constant(new Set(parsed));
      return `(v = ${read}) !== null && (typeof v === '${kind}' ? ${set}.has(v) : ${fallback})`;
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      // Numbers only: strings compare by their UTF-8 bytes (the closure's compareUtf8).
      if (cls !== 'num') return undefined;
      return `(v = ${read}) !== null && (typeof v === 'number' ? v ${op} ${cb.constant(value)} : ${fallback})`;
    case 'startswith':
    case 'endswith':
    case 'contains': {
      if (cls !== 'str') return undefined;
      const method = op === 'contains' ? 'includes' : op === 'startswith' ? 'startsWith' : 'endsWith';
      const test = cb.lastString(`v.${method}(${cb.constant(value)})`);
      return `(v = ${read}) !== null && (typeof v === 'string' ? ${test} : ${fallback})`;
    }
    default:
      return undefined;
  }
}

function wrap<T>(node: AnyExpr, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof NodeCompileError) throw err;
    if (err instanceof CompileError) throw new NodeCompileError(err.message, node, err.unknown);
    if (err instanceof Error) throw new NodeCompileError(err.message, node, false);
    throw err;
  }
}

function noteFields(e: AnyExpr, out: Set<string>): void {
  if (e.kind === 'field') out.add(e.arg === undefined ? e.name : `${e.name}[${e.arg}]`);
  else if (e.kind === 'transformer') for (const a of e.args) noteFields(a, out);
  else if (e.kind === 'tlist') for (const c of e.children) noteFields(c, out);
}

function andOf<E>(parts: Predicate<E>[]): Predicate<E> {
  switch (parts.length) {
    case 0:
      return TRUE;
    case 1:
      return parts[0];
    case 2: {
      const [a, b] = parts;
      return (evt) => a(evt) && b(evt);
    }
    case 3: {
      const [a, b, c] = parts;
      return (evt) => a(evt) && b(evt) && c(evt);
    }
    default:
      return (evt) => {
        for (let i = 0; i < parts.length; i++) if (!parts[i](evt)) return false;
        return true;
      };
  }
}

function orOf<E>(parts: Predicate<E>[]): Predicate<E> {
  switch (parts.length) {
    case 0:
      return FALSE;
    case 1:
      return parts[0];
    case 2: {
      const [a, b] = parts;
      return (evt) => a(evt) || b(evt);
    }
    case 3: {
      const [a, b, c] = parts;
      return (evt) => a(evt) || b(evt) || c(evt);
    }
    default:
      return (evt) => {
        for (let i = 0; i < parts.length; i++) if (parts[i](evt)) return true;
        return false;
      };
  }
}

const RGX_SPECIAL = '.+*?^$()[]{}|\\';
// Every field name starts with a word and a dot.
const FIELD_START = /^[a-zA-Z][a-zA-Z0-9_]*\./;
const TRANSFORMERS_WITH_VAL = ['val', ...TRANSFORMER_NAMES];

/** libsinsp's compile warnings about values (sinsp_filter_compiler::check_value_and_add_warnings). */
function addValueWarnings<E>(
  op: string,
  v: string,
  node: AnyExpr,
  registry: FieldRegistry<E>,
  out: ConditionWarning[],
): void {
  if (op === 'regex' || op.startsWith('regex ')) {
    let simple = true;
    for (let i = 0; i < v.length; i++) {
      if ((i === 0 && v[i] === '^') || (i === v.length - 1 && v[i] === '$')) continue;
      if (((i === 0 && v.length > 1) || i === v.length - 2) && v[i] === '.' && '+*?'.includes(v[i + 1] ?? '')) {
        i++;
        continue;
      }
      if (RGX_SPECIAL.includes(v[i])) {
        simple = false;
        break;
      }
    }
    if (simple) {
      out.push({
        message: `regex check with '${v}' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'`,
        node,
      });
    }
  }
  // Most values contain neither a dot nor a closing parenthesis: nothing more to check.
  if (!v.includes('.') && !v.includes(')')) return;
  const nospaces = /[ \t\n\v\f\r]/.test(v) ? v.replace(/[ \t\n\v\f\r]/g, '') : v;
  // libsinsp's check_warnings_field_value: the whole text (argument included) must parse as a field.
  if (nospaces.includes('.') && FIELD_START.test(nospaces) && isFieldText(registry, nospaces)) {
    out.push({ message: `'${v}' may be a valid field misused as a const string value`, node });
  }
  if (!nospaces.endsWith(')')) return;
  for (const t of TRANSFORMERS_WITH_VAL) {
    if (nospaces.length >= t.length + 2 && nospaces.startsWith(`${t}(`) && nospaces.endsWith(')')) {
      out.push({ message: `'${v}' may be a valid field transformer misused as a const string value`, node });
    }
  }
}

export type { Pos };
