// A resolved condition AST (macros inlined, lists expanded) compiled to one predicate. `and`/`or` short-
// circuit left to right as libsinsp's filter expressions do. Constant parts fold: a check whose result
// cannot depend on the event is evaluated once.
import type { FieldRegistry } from '../../fields/types.ts';
import type { AnyExpr, Expr, Pos } from '../condition/ast.ts';
import { TRANSFORMER_NAMES } from '../condition/parser.ts';
import { compileExists, compileFieldCheck, compileLiteralCheck, type Predicate, splitOperator } from './checks.ts';
import { CompileError, compileFieldLike, type EventLike, type FieldCache, fieldExists } from './fields.ts';

export interface ConditionWarning {
  readonly message: string;
  readonly node: AnyExpr;
}

export interface ConditionCompileEnv<E> {
  readonly registry: FieldRegistry<E>;
  readonly cache: FieldCache;
  readonly isKnownEventName?: (name: string) => boolean;
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
  readonly predicate: Predicate<E>;
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

  const visit = (e: Expr): Predicate<E> => {
    switch (e.kind) {
      case 'and': {
        const parts = e.children.map(visit).filter((p) => p !== TRUE);
        if (parts.includes(FALSE)) return FALSE;
        return andOf(parts);
      }
      case 'or': {
        const parts = e.children.map(visit).filter((p) => p !== FALSE);
        if (parts.includes(TRUE)) return TRUE;
        return orOf(parts);
      }
      case 'not': {
        const p = visit(e.child);
        if (p === TRUE) return FALSE;
        if (p === FALSE) return TRUE;
        return (evt) => !p(evt);
      }
      case 'identifier':
        throw new NodeCompileError(`filter error: unexpected identifier '${e.name}'`, e, false);
      case 'unary': {
        operators.add(e.op);
        const left = wrap(e.left, () => compileFieldLike(fieldEnv, e.left));
        noteFields(e.left, fields);
        return compileExists(left);
      }
      case 'binary': {
        operators.add(e.op);
        const left = wrap(e.left, () => compileFieldLike(fieldEnv, e.left));
        noteFields(e.left, fields);
        const right = e.right;
        if (right.kind === 'value' || right.kind === 'list') {
          const values = right.kind === 'list' ? right.values : [right.value];
          for (const v of values) addValueWarnings(e.op, v, right, env.registry, warnings);
          return wrap(right, () => compileLiteralCheck(e, left, right, env));
        }
        const r = wrap(right, () => compileFieldLike(fieldEnv, right));
        noteFields(right, fields);
        return wrap(e, () => compileFieldCheck(e, left, r));
      }
    }
  };
  const predicate = visit(ast);
  return { predicate, warnings, fields, operators };
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

/** libsinsp's compile warnings about values (sinsp_filter_compiler::check_value_and_add_warnings). */
function addValueWarnings<E>(
  op: string,
  v: string,
  node: AnyExpr,
  registry: FieldRegistry<E>,
  out: ConditionWarning[],
): void {
  const nospaces = v.replace(/[ \t\n\v\f\r]/g, '');
  if (splitOperator(op).base === 'regex') {
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
  const bracket = nospaces.indexOf('[');
  const fieldName = bracket > 0 ? nospaces.slice(0, bracket) : nospaces;
  if (/^[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+$/.test(fieldName) && fieldExists(registry, fieldName)) {
    out.push({ message: `'${v}' may be a valid field misused as a const string value`, node });
  }
  for (const t of ['val', ...TRANSFORMER_NAMES]) {
    if (nospaces.length >= t.length + 2 && nospaces.startsWith(`${t}(`) && nospaces.endsWith(')')) {
      out.push({ message: `'${v}' may be a valid field transformer misused as a const string value`, node });
    }
  }
}

export type { Pos };
