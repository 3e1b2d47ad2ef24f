// Compiles everything the collector holds (Falco's rule_loader::compiler): lists (one level of list
// references, by visibility), macros (parsed after list expansion, resolved against the macros visible to
// them), then rules (exceptions appended as `and not (...)`, output validated, condition parsed, macros
// inlined, compiled, event types inferred). Errors stop the compilation; unused macros and lists are
// reported when it succeeds. The registry and the event-type map are parameters: nothing here imports
// the field catalogue or the event table.
import type { FieldRegistry } from '../fields/types.ts';
import { MappedText } from '../text/mapped-text.ts';
import {
  type Collector,
  type ExceptionEntry,
  type ExceptionInfo,
  type MacroInfo,
  type RuleInfo,
  RuleLoadError,
} from './collector.ts';
import type { Predicate } from './compile/checks.ts';
import type { CompiledCondition } from './compile/condition.ts';
import { compileCondition, NodeCompileError } from './compile/condition.ts';
import { CompileError, type EventLike, type FieldCache } from './compile/fields.ts';
import { type AnyExpr, type Expr, type Origin, stampOrigin, walk } from './condition/ast.ts';
import { ParseError, Parser } from './condition/parser.ts';
import { type EventTypeMap, EvttypeError, inferEventCodes } from './evttypes.ts';
import { type CompiledList, expandLists, quoteItem } from './lists.ts';
import type { Context, FileLoadResult, WarningCode } from './load-result.ts';
import { type CompiledOutput, compileOutput } from './output.ts';
import type { Priority } from './priority.ts';

export interface CompiledMacro {
  readonly name: string;
  ast: Expr;
  used: boolean;
}

export interface CompiledRule<E> {
  readonly name: string;
  readonly description: string;
  readonly priority: Priority;
  readonly source: string;
  readonly tags: readonly string[];
  /**
   * The condition as compiled: true when the event matches. Replaced by its generated code at the first call
   * (see compileRule); callers read the property each time rather than keep the function.
   */
  readonly condition: Predicate<E>;
  readonly output: CompiledOutput<E>;
  /** Event codes the condition can match, sorted (Falco's evttypes). */
  readonly eventCodes: readonly number[];
  readonly capture: boolean;
  readonly captureDuration: number;
  readonly exceptionFields: readonly string[];
  /** append_output `extra_fields`: added to the alert's JSON output_fields. */
  readonly extraFields: readonly ExtraOutputField<E>[];
  /** The rule's position in load order. */
  readonly index: number;
  /** The resolved AST (macros inlined), for -L. */
  readonly ast: Expr;
  readonly conditionFields: ReadonlySet<string>;
  readonly conditionOperators: ReadonlySet<string>;
}

/** One append_output extra field: the formatted text under `key`, or (raw) the field's typed value. */
export interface ExtraOutputField<E> {
  readonly key: string;
  readonly raw: boolean;
  readonly output: CompiledOutput<E>;
}

export interface CompileOutput<E> {
  lists: CompiledList[];
  macros: CompiledMacro[];
  rules: CompiledRule<E>[];
}

export interface CompileEnv<E> {
  readonly registry: FieldRegistry<E>;
  readonly eventTypes: EventTypeMap;
  readonly cache: FieldCache;
  /** Appended to every rule output (-p), Falco's extra_output_format. */
  readonly extraOutputFormat?: string;
  /**
   * falco.yaml `append_output` (src/outputs/append-output.ts): extra output formats for this rule (appended
   * before -p) and extra JSON output fields.
   */
  readonly appendOutput?: (rule: { name: string; source: string; tags: readonly string[] }) => {
    readonly extraOutput: readonly string[];
    readonly extraFields: readonly { key: string; format: string; raw: boolean }[];
  };
  readonly deprecatedFields?: readonly string[];
  /** Generate code for conditions; false when only the problems matter (an intermediate or -V compilation). */
  readonly generate?: boolean;
  /** False when no compilation of this load will generate code (-V): code text is not prepared. */
  readonly codegen?: boolean;
  /** What earlier compilations of the same load computed (see CompileMemo); a fresh one when absent. */
  readonly memo?: CompileMemo;
}

/** A macro lookup made while resolving: the name, and the AST it gave (undefined: not visible or unknown). */
type Lookup = readonly [string, Expr | undefined];

interface ParsedEntry {
  readonly text: MappedText;
  readonly ast: Expr;
}

interface ResolvedEntry {
  readonly input: Expr;
  readonly lookups: readonly Lookup[];
  readonly ast: Expr;
  readonly used: readonly string[];
}

interface RecordedWarning {
  readonly code: WarningCode;
  readonly message: string;
  readonly context: Context;
  readonly deprecatedField?: string;
}

/** Everything compiling a rule's condition gives, for a given text, output and set of macros. */
interface RuleCore<E> {
  readonly text: MappedText;
  readonly output: string;
  readonly ctx: Context;
  readonly condCtx: Context;
  readonly outputCtx: Context;
  readonly source: string;
  readonly skipIfUnknownFilter: boolean;
  readonly warnEvttypes: boolean;
  readonly lookups: readonly Lookup[];
  readonly used: readonly string[];
  readonly warnings: readonly RecordedWarning[];
  /** Undefined when the rule is skipped (skip-if-unknown-filter). */
  readonly compiled?: {
    readonly ast: Expr;
    readonly condition: CompiledCondition<E>;
    readonly eventCodes: number[];
  };
}

/**
 * Falco compiles everything loaded so far after each rules file, so the rules of the first file are compiled
 * once per file. Most of them come out the same every time; this keeps, for one load, what each macro and
 * rule compiled to and the inputs it depended on (the condition text with its file positions, every macro
 * lookup, the output, the flags), so a later compilation reuses the result when they are unchanged and
 * replays its warnings, which Falco reports again in every file's result. Errors are never reused.
 */
export class CompileMemo {
  readonly macroParses = new Map<string, ParsedEntry>();
  readonly macroResolutions = new Map<string, ResolvedEntry>();
  readonly ruleParses = new Map<string, ParsedEntry>();
  readonly rules = new Map<string, RuleCore<unknown>>();
  readonly outputs = new Map<string, CompiledOutput<unknown> | CompileError>();
  readonly exceptions = new Map<
    string,
    {
      readonly cond: MappedText;
      readonly list: readonly ExceptionInfo[];
      readonly items: readonly ExceptionInfo[];
      readonly shape: readonly number[];
      readonly text: MappedText;
      readonly fields: ReadonlySet<string>;
    }
  >();
}

const DEPRECATED_FIELDS = [
  'evt.dir',
  'evt.latency',
  'evt.latency.s',
  'evt.latency.ns',
  'evt.latency.human',
  'evt.wait_latency',
];

function compileErr(code: RuleLoadError['code'], msg: string, ctx: Context): never {
  throw new RuleLoadError(code, msg, ctx);
}

/** Context for a position inside a condition: the file location when known, and the text for the snippet. */
function conditionContext(parent: Context, origin: Origin, idx: number): Context {
  const loc = origin.locate(idx);
  const text = origin.text;
  const name = `"${(text.length > 20 ? `${text.slice(0, 17)}...` : text).replace(/[\r\n]/g, ' ')}"`;
  let ctx = parent;
  if (origin.macro !== undefined && parent.last.itemName !== origin.macro) {
    ctx = ctx.child({
      itemType: 'macro',
      itemName: origin.macro,
      file: loc?.file ?? name,
      line: loc?.line ?? 0,
      column: loc?.column ?? 0,
      offset: -1,
    });
  }
  return ctx.child(
    {
      itemType: 'condition expression',
      itemName: '',
      file: loc?.file ?? name,
      line: loc?.line ?? 0,
      column: loc?.column ?? 0,
      offset: loc === undefined ? -1 : idx,
    },
    { text, idx },
  );
}

function originOf(text: MappedText, macro?: string): Origin {
  const o: Origin = { text: text.text, locate: (idx) => text.locate(idx) };
  return macro === undefined ? o : { ...o, macro };
}

function parse(text: MappedText, ctx: Context, macro?: string): Expr {
  const p = new Parser(text.text, { maxDepth: 1000 });
  try {
    const ast = p.parse();
    stampOrigin(ast, originOf(text, macro));
    return ast;
  } catch (err) {
    if (err instanceof ParseError) {
      compileErr('LOAD_ERR_COMPILE_CONDITION', err.message, conditionContext(ctx, originOf(text, macro), err.pos.idx));
    }
    throw err;
  }
}

/** The parse of `text`, reusing the previous one of the same item when the text and its positions match. */
function parseMemo(memo: Map<string, ParsedEntry>, key: string, text: MappedText, ctx: Context, macro?: string): Expr {
  const prev = memo.get(key);
  if (prev?.text.equals(text)) return prev.ast;
  const ast = parse(text, ctx, macro);
  memo.set(key, { text, ast });
  return ast;
}

/** Builds `(cond) and not (exception) and not (...)` as Falco's build_rule_exception_infos does. */
function buildExceptions(cond: MappedText, exceptions: readonly ExceptionInfo[], fieldsOut: Set<string>): MappedText {
  const file = (ctx: Context) => ctx.last;
  const parts: MappedText[] = [MappedText.plain('('), cond, MappedText.plain(')')];
  const valueText = (e: ExceptionEntry, quote: (s: string) => string): MappedText => {
    const q = quote(e.item);
    if (e.text !== undefined && q === e.item) return e.text;
    return MappedText.plain(q);
  };
  for (const ex of exceptions) {
    const at = (s: string) => {
      const l = file(ex.ctx);
      return l.offset >= 0 ? MappedText.plain(s) : MappedText.plain(s);
    };
    const icond: MappedText[] = [];
    if (!ex.fields.isList) {
      let first = true;
      for (const val of ex.values) {
        if (val.isList) compileErr('LOAD_ERR_VALIDATE', 'Expected values array to contain a list of strings', ex.ctx);
        icond.push(at(first ? `(${ex.fields.item} ${ex.comps.item} (` : ', '));
        first = false;
        fieldsOut.add(ex.fields.item);
        icond.push(valueText(val, quoteItem));
      }
      if (!first) icond.push(at('))'));
    } else {
      const start: MappedText[] = [at('(')];
      let firstValues = true;
      for (const values of ex.values) {
        if (ex.fields.items.length !== values.items.length) {
          compileErr('LOAD_ERR_VALIDATE', 'Fields and values lists must have equal length', ex.ctx);
        }
        start.push(at(firstValues ? '(' : ' or ('));
        firstValues = false;
        ex.fields.items.forEach((field, k) => {
          const v = values.items[k];
          const comp = ex.comps.items[k].item;
          let istr: MappedText;
          if (v.isList) {
            istr = MappedText.concat([
              at('('),
              ...v.items.flatMap((x, i) => (i === 0 ? [valueText(x, quoteItem)] : [at(', '), valueText(x, quoteItem)])),
              at(')'),
            ]);
          } else if (isOperatorForList(comp)) {
            istr =
              v.item[0] === '('
                ? valueText(v, (s) => s)
                : MappedText.concat([at('('), valueText(v, (s) => s), at(')')]);
          } else {
            istr = valueText(v, quoteItem);
          }
          start.push(at(`${k === 0 ? '' : ' and '} ${field.item} ${comp} `), istr);
          fieldsOut.add(field.item);
        });
        start.push(at(')'));
      }
      start.push(at(')'));
      const joined = MappedText.concat(start);
      if (joined.text !== '()') icond.push(joined);
    }
    if (icond.length > 0) parts.push(at(' and not '), ...icond);
  }
  return MappedText.concat(parts);
}

function isOperatorForList(op: string): boolean {
  if (op === 'in' || op === 'intersects' || op === 'pmatch') return true;
  const p = op.split(' ');
  return p.length === 2 && ['oneof', 'anyof', 'allof'].includes(p[1]);
}

function compileLists(col: Collector): CompiledList[] {
  const out: CompiledList[] = [];
  const used = new Set<string>();
  for (const list of col.lists) {
    const items: string[] = [];
    for (const item of list.items) {
      const ref = col.lists.get(item);
      if (ref !== undefined && ref.index < list.visibility) {
        used.add(ref.name);
        items.push(...ref.items);
      } else {
        items.push(item);
      }
    }
    out.push({ name: list.name, items, used: false });
  }
  for (const l of out) if (used.has(l.name)) l.used = true;
  return out;
}

interface ResolveOutcome {
  error?: { message: string; node: AnyExpr };
  unknown?: { name: string; node: AnyExpr };
}

interface MacroRef {
  readonly name: string;
  readonly ast: Expr;
}

/**
 * Inlines macros into `ast` (Falco's filter_macro_resolver). ASTs are never modified: a node whose subtree
 * changes is copied, the rest is shared, so a parsed condition can be resolved again by a later compilation.
 * Every lookup is recorded, for reusing the result while the macros it saw are unchanged.
 */
function resolveMacros(
  ast: Expr,
  lookup: (name: string) => MacroRef | undefined,
): { ast: Expr; outcome: ResolveOutcome; lookups: Lookup[]; used: string[] } {
  const outcome: ResolveOutcome = {};
  const path: string[] = [];
  const lookups: Lookup[] = [];
  const used = new Set<string>();
  const visit = (e: Expr): Expr => {
    switch (e.kind) {
      case 'and':
      case 'or': {
        let changed = false;
        const children = e.children.map((c) => {
          const r = visit(c);
          if (r !== c) changed = true;
          return r;
        });
        return changed ? { ...e, children } : e;
      }
      case 'not': {
        const child = visit(e.child);
        return child === e.child ? e : { ...e, child };
      }
      case 'identifier': {
        const m = lookup(e.name);
        lookups.push([e.name, m?.ast]);
        if (m === undefined) {
          outcome.unknown ??= { name: e.name, node: e };
          return e;
        }
        if (path.includes(m.name)) {
          outcome.error ??= { message: `reference loop in macro '${m.name}'`, node: e };
          return e;
        }
        path.push(m.name);
        const inlined = visit(m.ast);
        used.add(m.name);
        path.pop();
        return inlined;
      }
      default:
        return e;
    }
  };
  return { ast: visit(ast), outcome, lookups, used: [...used] };
}

function lookupsHold(lookups: readonly Lookup[], lookup: (name: string) => MacroRef | undefined): boolean {
  for (const [name, ast] of lookups) if (lookup(name)?.ast !== ast) return false;
  return true;
}

function checkResolve(outcome: ResolveOutcome, parent: Context): void {
  const bad =
    outcome.error ??
    (outcome.unknown
      ? { message: `Undefined macro '${outcome.unknown.name}' used in filter.`, node: outcome.unknown.node }
      : undefined);
  if (bad === undefined) return;
  const origin = bad.node.origin;
  const ctx = origin === undefined ? parent : conditionContext(parent, origin, bad.node.pos.idx);
  compileErr('LOAD_ERR_VALIDATE', bad.message, ctx);
}

function compileMacros(col: Collector, lists: CompiledList[], memo: CompileMemo): CompiledMacro[] {
  const infos: MacroInfo[] = [...col.macros];
  const out: CompiledMacro[] = infos.map((m) => {
    const text = expandLists(m.cond, lists);
    return { name: m.name, ast: parseMemo(memo.macroParses, m.name, text, m.condCtx, m.name), used: false };
  });
  const byName = new Map(out.map((m, i) => [m.name, { macro: m, index: infos[i].index }] as const));
  infos.forEach((info, i) => {
    // A macro sees the macros first defined before its own last definition or append.
    const visible = (name: string): MacroRef | undefined => {
      const e = byName.get(name);
      return e !== undefined && e.index < info.visibility ? e.macro : undefined;
    };
    const input = out[i].ast;
    const prev = memo.macroResolutions.get(info.name);
    if (prev !== undefined && prev.input === input && lookupsHold(prev.lookups, visible)) {
      out[i].ast = prev.ast;
      for (const n of prev.used) markUsed(byName.get(n)?.macro);
      return;
    }
    const r = resolveMacros(input, visible);
    checkResolve(r.outcome, info.ctx);
    for (const n of r.used) markUsed(byName.get(n)?.macro);
    out[i].ast = r.ast;
    memo.macroResolutions.set(info.name, { input, lookups: r.lookups, ast: r.ast, used: r.used });
  });
  return out;
}

function markUsed(m: CompiledMacro | undefined): void {
  if (m !== undefined) m.used = true;
}

/** Codes whose evt.type is always their own event name (not the generic events, which carry the syscall's). */
const fixedNameCodes = new WeakMap<EventTypeMap, Uint8Array>();

function fixedNames(map: EventTypeMap): Uint8Array {
  let t = fixedNameCodes.get(map);
  if (t === undefined) {
    t = new Uint8Array(map.maxCode);
    for (let c = 0; c < map.maxCode; c++) {
      const name = map.nameOf?.(c);
      if (name !== undefined && map.codesByName(name).includes(c) && map.nameVaries?.(c) !== true) t[c] = 1;
    }
    fixedNameCodes.set(map, t);
  }
  return t;
}

const evttypeTables = new WeakMap<EventTypeMap, Map<string, Uint8Array>>();

/** Per event code: 1 evt.type is one of `values`, 0 it is not, 2 it must be read (see CheckEnv). Memoised. */
function evttypeTable(map: EventTypeMap, values: readonly string[]): Uint8Array {
  let byValues = evttypeTables.get(map);
  if (byValues === undefined) {
    byValues = new Map();
    evttypeTables.set(map, byValues);
  }
  const key = values.join('\0');
  let table = byValues.get(key);
  if (table === undefined) {
    table = buildEvttypeTable(map, new Set(values));
    byValues.set(key, table);
  }
  return table;
}

function buildEvttypeTable(map: EventTypeMap, values: ReadonlySet<string>): Uint8Array {
  const fixed = fixedNames(map);
  const table = new Uint8Array(map.maxCode);
  if (map.nameOf === undefined) return table.fill(2);
  for (let c = 0; c < map.maxCode; c++) table[c] = fixed[c] ? (values.has(map.nameOf(c) ?? '') ? 1 : 0) : 2;
  return table;
}

function unknownCode(message: string): 'LOAD_UNKNOWN_FIELD' | 'LOAD_UNKNOWN_FILTER' {
  return message.includes('nonexistent field') ? 'LOAD_UNKNOWN_FIELD' : 'LOAD_UNKNOWN_FILTER';
}

/** The rule's output compiled, once per format per load (errors included). */
function compileOutputMemo<E extends EventLike>(
  format: string,
  env: CompileEnv<E>,
  memo: CompileMemo,
): CompiledOutput<E> {
  const prev = memo.outputs.get(format);
  if (prev instanceof CompileError) throw prev;
  if (prev !== undefined) return prev as CompiledOutput<E>;
  try {
    const out = compileOutput(format, { registry: env.registry, cache: env.cache });
    memo.outputs.set(format, out as CompiledOutput<unknown>);
    return out;
  } catch (err) {
    if (err instanceof CompileError) memo.outputs.set(format, err);
    throw err;
  }
}

const NO_FIELDS: ReadonlySet<string> = new Set();

/** A rule's condition with its exceptions, rebuilt only when the condition or an exception changed. */
function exceptionsMemo(memo: CompileMemo, r: RuleInfo): { text: MappedText; fields: ReadonlySet<string> } {
  const shape = r.exceptions.map((e) => e.values.length);
  const prev = memo.exceptions.get(r.name);
  if (
    prev !== undefined &&
    prev.cond === r.cond &&
    prev.list === r.exceptions &&
    prev.items.length === r.exceptions.length &&
    prev.items.every((e, i) => e === r.exceptions[i] && prev.shape[i] === shape[i])
  ) {
    return prev;
  }
  const fields = new Set<string>();
  const text = buildExceptions(r.cond, r.exceptions, fields);
  memo.exceptions.set(r.name, { cond: r.cond, list: r.exceptions, items: [...r.exceptions], shape, text, fields });
  return { text, fields };
}

function coreHolds<E>(
  core: RuleCore<E>,
  r: RuleInfo,
  text: MappedText,
  output: string,
  lookup: (name: string) => MacroRef | undefined,
): boolean {
  return (
    core.output === output &&
    core.ctx === r.ctx &&
    core.condCtx === r.condCtx &&
    core.outputCtx === r.outputCtx &&
    core.source === r.source &&
    core.skipIfUnknownFilter === r.skipIfUnknownFilter &&
    core.warnEvttypes === r.warnEvttypes &&
    core.text.equals(text) &&
    lookupsHold(core.lookups, lookup)
  );
}

function compileRule<E extends EventLike>(
  r: RuleInfo,
  env: CompileEnv<E>,
  lists: CompiledList[],
  macros: ReadonlyMap<string, CompiledMacro>,
  res: FileLoadResult,
  memo: CompileMemo,
): CompiledRule<E> | undefined {
  let exceptionFields: ReadonlySet<string> = NO_FIELDS;
  let condition = r.cond;
  if (r.exceptions.length > 0) {
    const built = exceptionsMemo(memo, r);
    condition = built.text;
    exceptionFields = built.fields;
  }

  let output = r.output;
  const additions = env.appendOutput?.({ name: r.name, source: r.source, tags: r.tags });
  if (additions !== undefined) for (const extra of additions.extraOutput) output = `${output} ${extra}`;
  if (env.extraOutputFormat !== undefined && env.extraOutputFormat !== '')
    output = `${output} ${env.extraOutputFormat}`;
  if (output.includes('%container.info')) {
    res.addWarning(
      'LOAD_DEPRECATED_ITEM',
      '%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container plugin will automatically add required fields to the output message.',
      r.ctx,
    );
    output = output.replaceAll('%container.info', '');
  }
  let compiledOutput: CompiledOutput<E>;
  try {
    compiledOutput = compileOutputMemo(output.length > 0 ? output : ' ', env, memo);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (err instanceof CompileError && err.unknown && r.skipIfUnknownFilter) {
      res.addWarning(unknownCode(msg), msg, r.outputCtx);
      return undefined;
    }
    compileErr('LOAD_ERR_COMPILE_OUTPUT', msg, r.outputCtx);
  }
  const extraFields: ExtraOutputField<E>[] = [];
  for (const f of additions?.extraFields ?? []) {
    try {
      extraFields.push({ key: f.key, raw: f.raw, output: compileOutputMemo(f.format, env, memo) });
    } catch (err) {
      compileErr('LOAD_ERR_COMPILE_OUTPUT', err instanceof Error ? err.message : String(err), r.outputCtx);
    }
  }
  for (const df of env.deprecatedFields ?? DEPRECATED_FIELDS) {
    if (output.includes(df)) {
      res.addWarning(
        'LOAD_DEPRECATED_ITEM',
        `usage of deprecated field '${df}' has been detected in the rule output`,
        r.outputCtx,
        df,
      );
    }
  }

  const text = expandLists(condition, lists);
  const lookup = (name: string): MacroRef | undefined => macros.get(name);
  const prev = memo.rules.get(r.name) as RuleCore<E> | undefined;
  let core: RuleCore<E>;
  if (prev !== undefined && coreHolds(prev, r, text, output, lookup)) {
    core = prev;
    for (const n of core.used) markUsed(macros.get(n));
    for (const w of core.warnings) res.addWarning(w.code, w.message, w.context, w.deprecatedField);
  } else {
    core = compileCore(r, env, text, output, lookup, macros, res, memo);
    memo.rules.set(r.name, core as RuleCore<unknown>);
  }
  const compiled = core.compiled;
  if (compiled === undefined) return undefined;
  const rule: CompiledRule<E> = {
    name: r.name,
    description: r.desc,
    priority: r.priority,
    source: r.source,
    tags: r.tags,
    condition: compiled.condition.predicate,
    output: compiledOutput,
    eventCodes: compiled.eventCodes,
    capture: r.capture,
    captureDuration: r.captureDuration,
    exceptionFields: [...exceptionFields].sort(),
    extraFields,
    index: r.index,
    ast: compiled.ast,
    conditionFields: compiled.condition.fields,
    conditionOperators: compiled.condition.operators,
  };
  if (env.generate !== false) {
    // The generated function is built at the rule's first evaluation, which then installs it: loading (and
    // --dry-run) does not pay for compiling code that may never run.
    const cond = compiled.condition;
    (rule as { condition: Predicate<E> }).condition = (evt) => {
      const generated = cond.generated();
      (rule as { condition: Predicate<E> }).condition = generated;
      return generated(evt);
    };
  }
  return rule;
}

/** Parses, resolves and compiles a rule's condition, recording the warnings for later compilations. */
function compileCore<E extends EventLike>(
  r: RuleInfo,
  env: CompileEnv<E>,
  text: MappedText,
  output: string,
  lookup: (name: string) => MacroRef | undefined,
  macros: ReadonlyMap<string, CompiledMacro>,
  res: FileLoadResult,
  memo: CompileMemo,
): RuleCore<E> {
  const warnings: RecordedWarning[] = [];
  const warn = (code: WarningCode, message: string, context: Context, deprecatedField?: string) => {
    warnings.push(
      deprecatedField === undefined ? { code, message, context } : { code, message, context, deprecatedField },
    );
    res.addWarning(code, message, context, deprecatedField);
  };
  const parsed = parseMemo(memo.ruleParses, r.name, text, r.condCtx);
  const resolved = resolveMacros(parsed, lookup);
  checkResolve(resolved.outcome, r.ctx);
  for (const n of resolved.used) markUsed(macros.get(n));
  const ast = resolved.ast;
  const base = {
    text,
    output,
    ctx: r.ctx,
    condCtx: r.condCtx,
    outputCtx: r.outputCtx,
    source: r.source,
    skipIfUnknownFilter: r.skipIfUnknownFilter,
    warnEvttypes: r.warnEvttypes,
    lookups: resolved.lookups,
    used: resolved.used,
    warnings,
  };

  // Falco's warning resolver: unsafe <NA> comparisons and deprecated fields.
  const deprecated = new Set<string>();
  let unsafeNa = false;
  walk(ast, (n) => {
    if (n.kind === 'field' && DEPRECATED_FIELDS.includes(n.name)) deprecated.add(n.name);
    if (n.kind === 'binary' && n.left.kind === 'field' && /^(ka|jevt)\./.test(n.left.name)) {
      if (['=', '==', '!=', 'in', 'intersects', 'pmatch'].includes(n.op)) {
        if (
          (n.right.kind === 'value' && n.right.value === '<NA>') ||
          (n.right.kind === 'list' && n.right.values.includes('<NA>'))
        ) {
          unsafeNa = true;
        }
      }
    }
  });
  const condWarnCtx = conditionContext(r.condCtx, originOf(text), 0);
  if (unsafeNa) warn('LOAD_UNSAFE_NA_CHECK', '', condWarnCtx);
  for (const df of deprecated) {
    warn(
      'LOAD_DEPRECATED_ITEM',
      df === 'evt.dir'
        ? "due to the drop of enter events, 'evt.dir = <' always evaluates to true, and 'evt.dir = >' always evaluates to false. The rule expression can be simplified by removing the condition on 'evt.dir'"
        : 'field is not available due to the drop of enter events.',
      condWarnCtx,
      df,
    );
  }

  let condition: CompiledCondition<E>;
  try {
    condition = compileCondition(ast, {
      registry: env.registry,
      cache: env.cache,
      isKnownEventName: (n) => env.eventTypes.isKnownName?.(n) ?? env.eventTypes.codesByName(n).length > 0,
      evttypeTable: (values) => evttypeTable(env.eventTypes, values),
      generate: false,
      codegen: env.codegen !== false,
    });
  } catch (err) {
    if (err instanceof NodeCompileError) {
      const origin = err.node.origin ?? originOf(text);
      const ctx = conditionContext(r.condCtx, origin, err.node.pos.idx);
      if (err.unknown && r.skipIfUnknownFilter) {
        warn(unknownCode(err.message), err.message, ctx);
        return base;
      }
      compileErr('LOAD_ERR_COMPILE_CONDITION', err.message, ctx);
    }
    throw err;
  }
  for (const w of condition.warnings) {
    const origin = w.node.origin ?? originOf(text);
    warn('LOAD_COMPILE_CONDITION', w.message, conditionContext(r.condCtx, origin, w.node.pos.idx));
  }

  let eventCodes: number[];
  try {
    eventCodes = r.source === 'syscall' ? inferEventCodes(ast, env.eventTypes) : [];
  } catch (err) {
    if (err instanceof EvttypeError) compileErr('LOAD_ERR_COMPILE_CONDITION', err.message, r.condCtx);
    throw err;
  }
  if (r.source === 'syscall' && eventCodes.length > 100 && r.warnEvttypes) {
    warn(
      'LOAD_NO_EVTTYPE',
      'Rule matches too many evt.type values. This has a significant performance penalty.',
      r.ctx,
    );
  }
  return { ...base, compiled: { ast, condition, eventCodes } };
}

/** Compiles the collector's content, adding errors and warnings to `res`. Undefined when an error stopped it. */
export function compileCollected<E extends EventLike>(
  col: Collector,
  env: CompileEnv<E>,
  res: FileLoadResult,
): CompileOutput<E> | undefined {
  let lists: CompiledList[];
  let macros: CompiledMacro[];
  const rules: CompiledRule<E>[] = [];
  try {
    const memo = env.memo ?? new CompileMemo();
    lists = compileLists(col);
    macros = compileMacros(col, lists, memo);
    const byName = new Map(macros.map((m) => [m.name, m] as const));
    for (const r of col.rules) {
      if (r.unknownSource) continue;
      const rule = compileRule(r, env, lists, byName, res, memo);
      if (rule !== undefined) rules.push(rule);
    }
  } catch (err) {
    if (err instanceof RuleLoadError) {
      res.addError(err.code, err.message, err.context);
      return undefined;
    }
    throw err;
  }
  for (const m of macros) {
    if (!m.used)
      res.addWarning('LOAD_UNUSED_MACRO', 'Macro not referred to by any other rule/macro', col.macros.get(m.name)!.ctx);
  }
  for (const l of lists) {
    if (!l.used)
      res.addWarning('LOAD_UNUSED_LIST', 'List not referred to by any other rule/macro', col.lists.get(l.name)!.ctx);
  }
  return { lists, macros, rules };
}
