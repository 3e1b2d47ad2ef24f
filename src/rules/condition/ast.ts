// The condition AST, shaped like libsinsp's filter AST (libsinsp/filter/ast.h) so that macro resolution,
// event-type inference and -L's `condition_compiled` behave as Falco's do.

/** A position inside the condition text that was parsed: 0-based offset, 1-based line and column. */
export interface Pos {
  readonly idx: number;
  readonly line: number;
  readonly col: number;
}

/**
 * Which text a node came from. Macro bodies keep their own origin after being inlined into a rule, so a
 * compile error inside a macro points at the macro's text, not at the rule's.
 */
export interface Origin {
  /** What was parsed (after list expansion). */
  readonly text: string;
  /** Maps an offset in `text` to a location in a rules file; see MappedText. */
  readonly locate: (idx: number) => { file: string; line: number; column: number } | undefined;
  /** The macro the text belongs to, when it is a macro body. */
  readonly macro?: string;
}

interface Node {
  readonly pos: Pos;
  origin?: Origin;
}

export interface AndExpr extends Node {
  readonly kind: 'and';
  children: Expr[];
}
export interface OrExpr extends Node {
  readonly kind: 'or';
  children: Expr[];
}
export interface NotExpr extends Node {
  readonly kind: 'not';
  child: Expr;
}
/** A bare identifier: a macro reference until macros are resolved. */
export interface IdentifierExpr extends Node {
  readonly kind: 'identifier';
  readonly name: string;
}
export interface UnaryCheckExpr extends Node {
  readonly kind: 'unary';
  readonly left: FieldLikeExpr;
  readonly op: 'exists';
}
export interface BinaryCheckExpr extends Node {
  readonly kind: 'binary';
  readonly left: FieldLikeExpr;
  /** The operator, with its modifier when present: `=`, `in`, `startswith oneof`. */
  readonly op: string;
  readonly right: ValueExpr | ListExpr | FieldLikeExpr;
}
export interface FieldExpr extends Node {
  readonly kind: 'field';
  readonly name: string;
  /** The text between brackets, unescaped when it was quoted. */
  readonly arg?: string;
}
/** `tolower(proc.name)`, `join(",", proc.args)`, `val(proc.pname)`. */
export interface TransformerExpr extends Node {
  readonly kind: 'transformer';
  readonly name: string;
  readonly args: TransformerArgExpr[];
  readonly arg?: string;
}
export interface ValueExpr extends Node {
  readonly kind: 'value';
  readonly value: string;
}
export interface ListExpr extends Node {
  readonly kind: 'list';
  readonly values: string[];
}
/** A parenthesised list inside a transformer's arguments: `concat((a, b))`. */
export interface TransformerListExpr extends Node {
  readonly kind: 'tlist';
  readonly children: (FieldLikeExpr | ValueExpr)[];
}

export type FieldLikeExpr = FieldExpr | TransformerExpr;
export type TransformerArgExpr = FieldLikeExpr | ValueExpr | TransformerListExpr;
export type BoolExpr = AndExpr | OrExpr | NotExpr | IdentifierExpr | UnaryCheckExpr | BinaryCheckExpr;
export type Expr = BoolExpr;
export type AnyExpr = BoolExpr | FieldLikeExpr | ValueExpr | ListExpr | TransformerListExpr;

/** Deep copy, keeping positions and origins (macro bodies are cloned into every rule that uses them). */
export function cloneExpr<T extends AnyExpr>(e: T): T {
  switch (e.kind) {
    case 'and':
    case 'or':
      return { ...e, children: e.children.map((c) => cloneExpr(c)) };
    case 'not':
      return { ...e, child: cloneExpr(e.child) };
    case 'unary':
      return { ...e, left: cloneExpr(e.left) };
    case 'binary':
      return { ...e, left: cloneExpr(e.left), right: cloneExpr(e.right) };
    case 'transformer':
      return { ...e, args: e.args.map((a) => cloneExpr(a)) };
    case 'tlist':
      return { ...e, children: e.children.map((c) => cloneExpr(c)) };
    case 'list':
      return { ...e, values: [...e.values] };
    default:
      return { ...e };
  }
}

/** Sets `origin` on every node that has none yet. */
export function stampOrigin(e: AnyExpr, origin: Origin): void {
  if (e.origin === undefined) e.origin = origin;
  switch (e.kind) {
    case 'and':
    case 'or':
      for (const c of e.children) stampOrigin(c, origin);
      break;
    case 'not':
      stampOrigin(e.child, origin);
      break;
    case 'unary':
      stampOrigin(e.left, origin);
      break;
    case 'binary':
      stampOrigin(e.left, origin);
      stampOrigin(e.right, origin);
      break;
    case 'transformer':
      for (const a of e.args) stampOrigin(a, origin);
      break;
    case 'tlist':
      for (const c of e.children) stampOrigin(c, origin);
      break;
    default:
      break;
  }
}

// --- as_string: libsinsp's canonical rendering (used for -L `condition_compiled`) ---

/** Quotes a value the way libsinsp's escape_str does: only when it contains a character that needs it. */
export function escapeValue(s: string): string {
  let needs = false;
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case '\b':
        out += '\\b';
        needs = true;
        break;
      case '\f':
        out += '\\f';
        needs = true;
        break;
      case '\n':
        out += '\\n';
        needs = true;
        break;
      case '\r':
        out += '\\r';
        needs = true;
        break;
      case '\t':
        out += '\\t';
        needs = true;
        break;
      case ' ':
      case '=':
      case "'":
        out += ch;
        needs = true;
        break;
      case '\\':
        out += '\\\\';
        needs = true;
        break;
      case '"':
        out += '\\"';
        needs = true;
        break;
      default:
        out += ch;
    }
  }
  return needs ? `"${out}"` : out;
}

export function exprToString(e: AnyExpr): string {
  switch (e.kind) {
    case 'and':
      return `(${e.children.map(exprToString).join(' and ')})`;
    case 'or':
      return `(${e.children.map(exprToString).join(' or ')})`;
    case 'not':
      return `not ${exprToString(e.child)}`;
    case 'identifier':
      return e.name;
    case 'unary':
      return `${exprToString(e.left)} ${e.op}`;
    case 'binary':
      return `${exprToString(e.left)} ${e.op} ${exprToString(e.right)}`;
    case 'field':
      return e.arg === undefined ? e.name : `${e.name}[${escapeValue(e.arg)}]`;
    case 'transformer':
      return `${e.name}(${e.args.map(exprToString).join(', ')})${e.arg === undefined ? '' : `[${escapeValue(e.arg)}]`}`;
    case 'value':
      return escapeValue(e.value);
    case 'list':
      return `(${e.values.map(escapeValue).join(', ')})`;
    case 'tlist':
      return `(${e.children.map(exprToString).join(', ')})`;
  }
}

/** Calls `f` on every node, depth first. */
export function walk(e: AnyExpr, f: (n: AnyExpr) => void): void {
  f(e);
  switch (e.kind) {
    case 'and':
    case 'or':
      for (const c of e.children) walk(c, f);
      break;
    case 'not':
      walk(e.child, f);
      break;
    case 'unary':
      walk(e.left, f);
      break;
    case 'binary':
      walk(e.left, f);
      walk(e.right, f);
      break;
    case 'transformer':
      for (const a of e.args) walk(a, f);
      break;
    case 'tlist':
      for (const c of e.children) walk(c, f);
      break;
    default:
      break;
  }
}
