// Falco's condition grammar (libsinsp/filter/parser.{h,cpp}), written for Peregrine. Same productions,
// precedence, lexing rules, positions and error messages, because rule authors see those messages.
//
//   Expr        ::= OrExpr
//   OrExpr      ::= AndExpr ('or' (' ' AndExpr | '(' Expr ')'))*
//   AndExpr     ::= NotExpr ('and' (' ' NotExpr | '(' Expr ')'))*
//   NotExpr     ::= ('not ')* ('not(' Expr ')' | Check)
//   Check       ::= Field Condition | Transformer Condition | Identifier | '(' Expr ')'
//   Condition   ::= 'exists' | NumOp (Num | TransformerOrVal) | StrOp (Str | TransformerOrVal)
//                 | StrOp Modifier ListValue | ListOp (ListValue | TransformerOrVal)
//   ListValue   ::= '(' (Str (',' Str)*)? ')' | Identifier
//
// `and` binds tighter than `or`; `not` tighter than both. A chain of `not ` toggles.
import type {
  BinaryCheckExpr,
  Expr,
  FieldExpr,
  FieldLikeExpr,
  ListExpr,
  Pos,
  TransformerArgExpr,
  TransformerExpr,
  TransformerListExpr,
  ValueExpr,
} from './ast.ts';

export class ParseError extends Error {
  readonly pos: Pos;
  constructor(message: string, pos: Pos) {
    super(message);
    this.pos = pos;
  }
}

// The hot tokens are scanned by hand (isLetter, wordEnd...); these are the rare ones.
const RE_FIELD_ARG_BARE = /[^\]["' \t\n\v\f\r]+/y;
const RE_HEX_NUM = /0[xX][0-9a-fA-F]+/y;
const RE_NUM = /[+-]?[0-9]+\.?[0-9]*(?:[eE][+-][0-9]+)?/y;

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isWordChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95;
}

/** [ \t\n\v\f\r] */
function isSpaceClass(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Characters a bare string cannot hold: ( ) " ' = , and [ \t\n\v\f\r]. */
function endsBareStr(c: number): boolean {
  return c === 40 || c === 41 || c === 34 || c === 39 || c === 61 || c === 44 || isSpaceClass(c);
}

const UNARY_OPS = ['exists'];
const NUM_OPS = ['<=', '<', '>=', '>'];
// A trailing space means "requires a blank after it", as in libsinsp.
const STR_OPS = [
  '==',
  '=',
  '!=',
  'glob ',
  'iglob ',
  'contains ',
  'icontains ',
  'bcontains ',
  'startswith ',
  'bstartswith ',
  'endswith ',
  'regex ',
];
const STR_MODIFIERS = ['oneof ', 'anyof ', 'allof '];
const LIST_OPS = ['intersects', 'in', 'pmatch'];
const TRANSFORMERS = ['tolower(', 'toupper(', 'b64(', 'basename(', 'len(', 'join(', 'concat(', 'getopt('];

/** Every comparison operator, as libsinsp's supported_operators() lists them. */
export const SUPPORTED_OPERATORS: readonly string[] = [...UNARY_OPS, ...NUM_OPS, ...STR_OPS, ...LIST_OPS].map((s) =>
  s.trim(),
);
export const LIST_OPERATORS: readonly string[] = LIST_OPS;
export const STR_OPERATORS_WITH_MODIFIER: readonly string[] = STR_OPS.map((s) => s.trim());
export const MODIFIERS: readonly string[] = STR_MODIFIERS.map((s) => s.trim());
export const TRANSFORMER_NAMES: readonly string[] = TRANSFORMERS.map((t) => t.slice(0, -1));

function tokenList(vals: readonly string[]): string {
  return vals.map((v) => `'${v}'`).join(', ');
}

const TRANSFORMERS_WITH_VAL = tokenList(['val', ...TRANSFORMER_NAMES]);

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/**
 * libsinsp's unescape_str: the token includes its quotes. `\xNN` gives the byte NN, as in C++; bytes above
 * 0x7f are read back as UTF-8 with the rest of the string (`"\xc3\xa9"` is `é`), since field values are
 * compared as text.
 */
export function unescapeQuoted(tok: string): string {
  let res = '';
  // Once a byte above 0x7f appears, the value is collected as UTF-8 bytes.
  let bytes: number[] | undefined;
  const flush = (): number[] => {
    bytes ??= [];
    for (const b of utf8Encoder.encode(res)) bytes.push(b);
    res = '';
    return bytes;
  };
  const len = tok.length - 1;
  let escaped = false;
  for (let i = 1; i < len; i++) {
    const c = tok[i];
    if (!escaped) {
      if (c === '\\') escaped = true;
      else res += c;
      continue;
    }
    switch (c) {
      case 'b':
        res += '\b';
        break;
      case 'f':
        res += '\f';
        break;
      case 'n':
        res += '\n';
        break;
      case 'r':
        res += '\r';
        break;
      case 't':
        res += '\t';
        break;
      case ' ':
      case '\\':
        res += '\\';
        break;
      case '/':
        res += '/';
        break;
      case '"':
        if (tok[0] !== c) throw new Error('invalid \\" escape in \'-quoted string');
        res += '"';
        break;
      case "'":
        if (tok[0] !== c) throw new Error('invalid \\\' escape in "-quoted string');
        res += "'";
        break;
      case 'x': {
        if (i + 2 >= len) throw new Error('truncated hex char escape sequence');
        const hex = tok.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error(`invalid hex char escape sequence: ${hex}`);
        const code = Number.parseInt(hex, 16);
        if (code < 0x80) res += String.fromCharCode(code);
        else flush().push(code);
        i += 2;
        break;
      }
      default:
        throw new Error(`unsupported string escape sequence: \\${c}`);
    }
    escaped = false;
  }
  if (bytes === undefined) return res;
  return utf8Decoder.decode(Uint8Array.from(flush()));
}

export interface ParseOptions {
  /** libsinsp's default is 100; Falco's rule loader sets 1000. */
  maxDepth?: number;
}

export class Parser {
  private readonly input: string;
  private idx = 0;
  private line = 1;
  /** Offset of the current line's first character (CR and LF each start a line, as in libsinsp). */
  private lineStart = 0;
  private depth = 0;
  private readonly maxDepth: number;
  private lastToken = '';

  constructor(input: string, opts: ParseOptions = {}) {
    this.input = input;
    this.maxDepth = opts.maxDepth ?? 1000;
  }

  /** The current position: where the error was found when parse() throws. */
  get pos(): Pos {
    return { idx: this.idx, line: this.line, col: this.idx - this.lineStart + 1 };
  }

  parse(): Expr {
    if (this.input.length === 0) throw this.error('filter input string is empty');
    this.idx = 0;
    this.line = 1;
    this.lineStart = 0;
    this.depth = 0;
    this.lastToken = '';
    const res = this.parseOr();
    if (this.idx !== this.input.length) {
      throw this.error(`unexpected token after '${this.lastToken}', expecting 'or', 'and'`);
    }
    return res;
  }

  /** Parses one field or transformer at the start of the input (output formats); returns its length. */
  parseFieldOrTransformer(): { expr: FieldLikeExpr; length: number } {
    const pos = this.pos;
    this.enter();
    try {
      if (this.lexFieldName()) return { expr: this.parseFieldRemainder(this.lastToken, pos), length: this.idx };
      if (this.lexStrList(TRANSFORMERS)) {
        this.lexBlank();
        const name = this.lastToken.slice(0, -1);
        return { expr: this.parseTransformerRemainder(name, pos), length: this.idx };
      }
      throw this.error(`unexpected token after '${this.lastToken}`);
    } finally {
      this.depth--;
    }
  }

  // --- productions ---

  private enter(): void {
    this.depth++;
    if (this.depth >= this.maxDepth) throw this.error(`exceeded max depth limit of ${this.maxDepth}`);
  }

  private parseOr(): Expr {
    this.enter();
    try {
      const pos = this.pos;
      const children: Expr[] = [];
      this.lexBlank();
      children.push(this.parseAnd());
      this.lexBlank();
      while (this.lexStr('or')) {
        if (!this.lexBlank()) {
          if (this.lexStr('(')) children.push(this.parseEmbeddedRemainder());
          else throw this.error("expected blank or '(' after 'or'");
        } else {
          children.push(this.parseAnd());
        }
        this.lexBlank();
      }
      return children.length > 1 ? { kind: 'or', children, pos } : children[0];
    } finally {
      this.depth--;
    }
  }

  private parseAnd(): Expr {
    this.enter();
    try {
      const pos = this.pos;
      const children: Expr[] = [];
      this.lexBlank();
      children.push(this.parseNot());
      this.lexBlank();
      while (this.lexStr('and')) {
        if (!this.lexBlank()) {
          if (this.lexStr('(')) children.push(this.parseEmbeddedRemainder());
          else throw this.error("expected blank or '(' after 'and'");
        } else {
          children.push(this.parseNot());
        }
        this.lexBlank();
      }
      return children.length > 1 ? { kind: 'and', children, pos } : children[0];
    } finally {
      this.depth--;
    }
  }

  private parseNot(): Expr {
    this.enter();
    try {
      const pos = this.pos;
      let isNot = false;
      this.lexBlank();
      while (this.lexNotBlank()) isNot = !isNot;
      let child: Expr;
      if (this.lexStr('not(')) {
        isNot = !isNot;
        child = this.parseEmbeddedRemainder();
      } else {
        child = this.parseCheck();
      }
      return isNot ? { kind: 'not', child, pos } : child;
    } finally {
      this.depth--;
    }
  }

  private parseEmbeddedRemainder(): Expr {
    this.enter();
    try {
      this.lexBlank();
      const child = this.parseOr();
      this.lexBlank();
      if (!this.lexStr(')')) throw this.error("expected a ')' token");
      return child;
    } finally {
      this.depth--;
    }
  }

  private parseCheck(): Expr {
    this.enter();
    try {
      const pos = this.pos;
      this.lexBlank();
      if (this.lexStr('(')) return this.parseEmbeddedRemainder();
      if (this.lexFieldName()) {
        const left = this.parseFieldRemainder(this.lastToken, pos);
        return this.parseCondition(left, pos);
      }
      if (this.lexStrList(TRANSFORMERS)) {
        this.lexBlank();
        const left = this.parseTransformerRemainder(this.lastToken.slice(0, -1), pos);
        return this.parseCondition(left, pos);
      }
      if (this.lexIdentifier()) return { kind: 'identifier', name: this.lastToken, pos };
      throw this.error("expected a '(' token, a field check, or an identifier");
    } finally {
      this.depth--;
    }
  }

  private parseFieldRemainder(name: string, pos: Pos): FieldExpr {
    this.enter();
    try {
      const arg = this.parseOptionalFieldArg();
      return arg === undefined ? { kind: 'field', name, pos } : { kind: 'field', name, arg, pos };
    } finally {
      this.depth--;
    }
  }

  private parseOptionalFieldArg(): string | undefined {
    if (!this.lexStr('[')) return undefined;
    if (!this.lexQuotedStr() && !this.lexRegex(RE_FIELD_ARG_BARE)) {
      throw this.error('expected a valid field argument: a quoted string or a bare string');
    }
    const arg = this.lastToken;
    if (!this.lexStr(']')) throw this.error("expected a ']' token");
    return arg;
  }

  private parseTransformerRemainder(name: string, pos: Pos): TransformerExpr {
    this.enter();
    try {
      this.lexBlank();
      const args: TransformerArgExpr[] = [];
      do {
        args.push(this.parseTransformerArg(this.pos));
        this.lexBlank();
      } while (this.lexStr(','));
      this.lexBlank();
      if (!this.lexStr(')')) throw this.error("expected a ')' token closing the transformer");
      const arg = this.parseOptionalFieldArg();
      return arg === undefined
        ? { kind: 'transformer', name, args, pos }
        : { kind: 'transformer', name, args, arg, pos };
    } finally {
      this.depth--;
    }
  }

  private parseTransformerArg(pos: Pos): TransformerArgExpr {
    this.enter();
    try {
      this.lexBlank();
      if (this.lexRegex(RE_HEX_NUM) || this.lexRegex(RE_NUM)) return { kind: 'value', value: this.lastToken, pos };
      if (this.lexQuotedStr()) return { kind: 'value', value: this.lastToken, pos };
      if (this.lexStr('(')) return this.parseTransformerList(pos);
      if (this.lexStrList(TRANSFORMERS)) return this.parseTransformerRemainder(this.lastToken.slice(0, -1), pos);
      if (this.lexFieldName()) return this.parseFieldRemainder(this.lastToken, pos);
      throw this.error(
        'expected field transformer argument: field, transformer, quoted string, number, or transformer list',
      );
    } finally {
      this.depth--;
    }
  }

  private parseTransformerList(pos: Pos): TransformerListExpr {
    const children: (FieldLikeExpr | ValueExpr)[] = [];
    this.lexBlank();
    if (this.lexStr(')')) return { kind: 'tlist', children, pos };
    children.push(this.parseTransformerListArg(pos));
    this.lexBlank();
    while (this.lexStr(',')) {
      this.lexBlank();
      children.push(this.parseTransformerListArg(pos));
      this.lexBlank();
    }
    if (!this.lexStr(')')) throw this.error("expected ')'");
    return { kind: 'tlist', children, pos };
  }

  private parseTransformerListArg(pos: Pos): FieldLikeExpr | ValueExpr {
    if (this.lexFieldName()) return this.parseFieldRemainder(this.lastToken, pos);
    if (this.lexStrList(TRANSFORMERS)) {
      this.lexBlank();
      return this.parseTransformerRemainder(this.lastToken.slice(0, -1), pos);
    }
    if (this.lexQuotedStr()) return { kind: 'value', value: this.lastToken, pos };
    if (this.lexRegex(RE_HEX_NUM) || this.lexRegex(RE_NUM)) return { kind: 'value', value: this.lastToken, pos };
    throw this.error('expected transformer list argument: field, transformer, quoted string, or number');
  }

  private parseCondition(left: FieldLikeExpr, pos: Pos): Expr {
    this.enter();
    try {
      this.lexBlank();
      if (this.lexOperatorList(UNARY_OPS)) return { kind: 'unary', left, op: 'exists', pos };
      this.lexBlank();
      let op: string;
      let right: BinaryCheckExpr['right'];
      if (this.lexOperatorList(NUM_OPS)) {
        op = this.lastToken;
        right = this.parseNumValueOrTransformer();
      } else if (this.lexOperatorList(STR_OPS)) {
        op = this.lastToken;
        // Word operators consumed their blank while lexing; symbol operators (=, ==, !=) may have one.
        const hadBlank = /^[a-zA-Z]/.test(op) || this.lexBlank();
        const saved = this.save();
        if (hadBlank && this.lexOperatorList(STR_MODIFIERS) && this.listValueFollows() && !this.boolKeywordFollows()) {
          op = `${op.trim()} ${this.lastToken}`;
          right = this.parseListValue();
        } else {
          this.restore(saved);
          right = this.parseStrValueOrTransformer(false);
        }
      } else if (this.lexOperatorList(LIST_OPS)) {
        op = this.lastToken;
        right = this.parseListValueOrTransformer();
      } else {
        throw this.error(`expected a valid check operator: one of ${tokenList(SUPPORTED_OPERATORS)}`);
      }
      return { kind: 'binary', left, op: op.trim(), right, pos };
    } finally {
      this.depth--;
    }
  }

  private parseNumValueOrTransformer(): ValueExpr | FieldLikeExpr {
    this.enter();
    try {
      this.lexBlank();
      const pos = this.pos;
      const tr = this.tryParseTransformerOrVal();
      if (tr !== undefined) return tr;
      if (this.lexRegex(RE_HEX_NUM) || this.lexRegex(RE_NUM)) return { kind: 'value', value: this.lastToken, pos };
      throw this.error(`expected a number value or a field with a valid transformer: ${TRANSFORMERS_WITH_VAL}`);
    } finally {
      this.depth--;
    }
  }

  private parseStrValueOrTransformer(noTransformer: boolean): ValueExpr | FieldLikeExpr {
    this.enter();
    try {
      this.lexBlank();
      const pos = this.pos;
      if (!noTransformer) {
        const tr = this.tryParseTransformerOrVal();
        if (tr !== undefined) return tr;
      }
      if (this.lexQuotedStr() || this.lexBareStr()) return { kind: 'value', value: this.lastToken, pos };
      if (noTransformer) throw this.error('expected a string value');
      throw this.error(`expected a string value or a field with a valid transformer: ${TRANSFORMERS_WITH_VAL}`);
    } finally {
      this.depth--;
    }
  }

  private tryParseListExpr(): ListExpr | undefined {
    const pos = this.pos;
    if (!this.lexStr('(')) return undefined;
    const values: string[] = [];
    this.lexBlank();
    let first: ValueExpr | FieldLikeExpr | undefined;
    try {
      first = this.parseStrValueOrTransformer(true);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      first = undefined;
    }
    if (first !== undefined) {
      values.push((first as ValueExpr).value);
      this.lexBlank();
      while (this.lexStr(',')) {
        const next = this.parseStrValueOrTransformer(true) as ValueExpr;
        values.push(next.value);
        this.lexBlank();
      }
    }
    if (!this.lexStr(')')) throw this.error("expected a ')' token");
    return { kind: 'list', values, pos };
  }

  private parseListValue(): ListExpr | ValueExpr {
    this.enter();
    try {
      this.lexBlank();
      const pos = this.pos;
      const list = this.tryParseListExpr();
      if (list !== undefined) return list;
      if (this.lexIdentifier()) return { kind: 'value', value: this.lastToken, pos };
      throw this.error('expected a list or an identifier');
    } finally {
      this.depth--;
    }
  }

  private parseListValueOrTransformer(): ListExpr | ValueExpr | FieldLikeExpr {
    this.enter();
    try {
      this.lexBlank();
      const pos = this.pos;
      const list = this.tryParseListExpr();
      if (list !== undefined) return list;
      const tr = this.tryParseTransformerOrVal();
      if (tr !== undefined) return tr;
      if (this.lexIdentifier()) return { kind: 'value', value: this.lastToken, pos };
      throw this.error(`expected a list, an identifier, or a field with a valid transformer: ${TRANSFORMERS_WITH_VAL}`);
    } finally {
      this.depth--;
    }
  }

  private tryParseTransformerOrVal(): FieldLikeExpr | undefined {
    this.enter();
    try {
      this.lexBlank();
      const pos = this.pos;
      if (this.lexStr('val(')) {
        this.lexBlank();
        const fieldPos = this.pos;
        if (!this.lexFieldName()) throw this.error("expected a field within 'val' transformer");
        const field = this.parseFieldRemainder(this.lastToken, fieldPos);
        this.lexBlank();
        if (!this.lexStr(')')) throw this.error("expected a ')' token closing the transformer");
        const arg = this.parseOptionalFieldArg();
        const t: TransformerExpr = { kind: 'transformer', name: 'val', args: [field], pos };
        return arg === undefined ? t : { ...t, arg };
      }
      if (this.lexStrList(TRANSFORMERS)) {
        this.lexBlank();
        return this.parseTransformerRemainder(this.lastToken.slice(0, -1), pos);
      }
      return undefined;
    } finally {
      this.depth--;
    }
  }

  // --- lexing ---

  private error(message: string): ParseError {
    return new ParseError(message, this.pos);
  }

  private save(): [number, number, number, string] {
    return [this.idx, this.line, this.lineStart, this.lastToken];
  }

  private restore(s: [number, number, number, string]): void {
    [this.idx, this.line, this.lineStart, this.lastToken] = s;
  }

  private advance(n: number): void {
    const end = this.idx + n;
    for (let i = this.idx; i < end; i++) {
      const c = this.input.charCodeAt(i);
      if (c === 10 || c === 13) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.idx = end;
  }

  /** Consumes `input[idx, end)` as the last token; it holds no line break. */
  private take(end: number): true {
    this.lastToken = this.input.slice(this.idx, end);
    this.idx = end;
    return true;
  }

  /** Past `[a-zA-Z]+[a-zA-Z0-9_]*` at i, or -1. */
  private wordEnd(i: number): number {
    const input = this.input;
    if (!isLetter(input.charCodeAt(i))) return -1;
    i++;
    while (isWordChar(input.charCodeAt(i))) i++;
    return i;
  }

  /** An identifier: `[a-zA-Z]+[a-zA-Z0-9_]*`. */
  private lexIdentifier(): boolean {
    const end = this.wordEnd(this.idx);
    return end >= 0 && this.take(end);
  }

  /** A field name: identifiers joined by dots, at least two. */
  private lexFieldName(): boolean {
    const input = this.input;
    let end = this.wordEnd(this.idx);
    if (end < 0) return false;
    let parts = 1;
    while (input.charCodeAt(end) === 46 /* . */) {
      const next = this.wordEnd(end + 1);
      if (next < 0) break;
      end = next;
      parts++;
    }
    return parts > 1 && this.take(end);
  }

  /** `[^()"' \t\n\v\f\r=,]+` */
  private lexBareStr(): boolean {
    const input = this.input;
    let end = this.idx;
    while (end < input.length && !endsBareStr(input.charCodeAt(end))) end++;
    return end > this.idx && this.take(end);
  }

  /** `not[ \t\n\v\f\r]+` */
  private lexNotBlank(): boolean {
    if (!this.input.startsWith('not', this.idx) || !isSpaceClass(this.input.charCodeAt(this.idx + 3))) return false;
    let end = this.idx + 4;
    while (isSpaceClass(this.input.charCodeAt(end))) end++;
    this.lastToken = this.input.slice(this.idx, end);
    this.advance(end - this.idx);
    return true;
  }

  /** Blanks as libsinsp counts them: space, tab, backspace, CR, LF. Does not change lastToken. */
  private lexBlank(): boolean {
    let found = false;
    for (;;) {
      const c = this.input.charCodeAt(this.idx);
      if (c === 32 || c === 9 || c === 8 || c === 13 || c === 10) {
        found = true;
        this.idx++;
        if (c === 13 || c === 10) {
          this.line++;
          this.lineStart = this.idx;
        }
      } else {
        return found;
      }
    }
  }

  /** A literal token (operators, keywords, punctuation: never a line break). */
  private lexStr(s: string): boolean {
    if (this.input.startsWith(s, this.idx)) {
      this.lastToken = s;
      this.idx += s.length;
      return true;
    }
    return false;
  }

  private lexStrList(list: readonly string[]): boolean {
    for (const s of list) if (this.lexStr(s)) return true;
    return false;
  }

  private lexOperatorList(list: readonly string[]): boolean {
    for (const op of list) {
      const word = op.charCodeAt(op.length - 1) === 32;
      const tok = word ? op.slice(0, -1) : op;
      if (!this.input.startsWith(tok, this.idx)) continue;
      if (!word) return this.lexStr(tok);
      const saved = this.save();
      this.lexStr(tok);
      if (this.lexBlank()) return true;
      this.restore(saved);
    }
    return false;
  }

  private lexRegex(re: RegExp): boolean {
    re.lastIndex = this.idx;
    const m = re.exec(this.input);
    if (m === null) return false;
    this.lastToken = m[0];
    this.advance(m[0].length);
    return true;
  }

  private lexQuotedStr(): boolean {
    const delim = this.input[this.idx];
    if (delim !== "'" && delim !== '"') return false;
    let prev = '\\';
    for (let i = this.idx; i < this.input.length; i++) {
      const c = this.input[i];
      if (c === delim && prev !== '\\' && i > this.idx) {
        const tok = this.input.slice(this.idx, i + 1);
        let value: string;
        try {
          value = unescapeQuoted(tok);
        } catch (err) {
          this.advance(i + 1 - this.idx);
          throw this.error((err as Error).message);
        }
        this.advance(i + 1 - this.idx);
        this.lastToken = value;
        return true;
      }
      prev = c;
    }
    return false;
  }

  private listValueFollows(): boolean {
    if (this.input[this.idx] === '(') return true;
    const saved = this.save();
    const ok = this.lexIdentifier();
    this.restore(saved);
    return ok;
  }

  private boolKeywordFollows(): boolean {
    for (const kw of ['and', 'or', 'not']) {
      if (this.input.startsWith(kw, this.idx)) {
        const next = this.input[this.idx + kw.length];
        if (next === undefined || !/[a-zA-Z0-9]/.test(next)) return true;
      }
    }
    return false;
  }
}

/** Parses a whole condition. Throws ParseError with the parser's position on failure. */
export function parseCondition(text: string, opts?: ParseOptions): Expr {
  return new Parser(text, opts).parse();
}
