// Reads one rules file into the collector (Falco's rule_loader::reader): YAML documents, each a sequence
// of `list`, `macro`, `rule`, `required_engine_version` and `required_plugin_versions` items. Values are
// decoded as yaml-cpp does (every scalar is text; booleans accept yes/no/on/off), the first problem in a
// file stops reading it, and every problem carries the chain of locations Falco reports.

import { MappedText, type SourceFile } from '../text/mapped-text.ts';
import { isNullNode, readYamlDocuments, type YMap, type YNode, type YScalar, type YSeq } from '../text/yaml-tree.ts';
import { type Collector, type ExceptionEntry, type ExceptionInfo, parseSemver, RuleLoadError } from './collector.ts';
import { Context, type FileLoadResult, type ItemType, type LocationEntry } from './load-result.ts';
import { type Priority, parsePriority } from './priority.ts';
import { validateRulesDocuments } from './schema.ts';

type Node = YNode;
type YAMLMap = YMap;

function isMap(n: YNode | null | undefined): n is YMap {
  return n !== null && n !== undefined && n.kind === 'map';
}

function isSeq(n: YNode | null | undefined): n is YSeq {
  return n !== null && n !== undefined && n.kind === 'seq';
}

function isScalar(n: YNode | null | undefined): n is YScalar {
  return n !== null && n !== undefined && n.kind === 'scalar';
}

const WARNING_APPEND =
  "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";
const WARNING_ENABLED =
  "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').";
const ERROR_OVERRIDE_APPEND =
  "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";

const RULE_CAN_APPEND: ReadonlySet<string> = new Set(['condition', 'output', 'desc', 'tags', 'exceptions']);
const RULE_CAN_REPLACE: ReadonlySet<string> = new Set([
  'condition',
  'output',
  'desc',
  'priority',
  'capture',
  'capture_duration',
  'tags',
  'exceptions',
  'enabled',
  'warn_evttypes',
  'skip-if-unknown-filter',
]);
const RULE_KEYS: ReadonlySet<string> = new Set([
  'rule',
  'condition',
  'output',
  'desc',
  'priority',
  'source',
  'enabled',
  'capture',
  'capture_duration',
  'warn_evttypes',
  'skip-if-unknown-filter',
  'tags',
  'exceptions',
  'override',
  'append',
]);
const MACRO_KEYS: ReadonlySet<string> = new Set(['macro', 'condition', 'append', 'override']);
const LIST_KEYS: ReadonlySet<string> = new Set(['list', 'items', 'append', 'override']);
const LIST_OVERRIDABLE: ReadonlySet<string> = new Set(['items']);
const MACRO_OVERRIDABLE: ReadonlySet<string> = new Set(['condition']);

const RGX_IDENTIFIER = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;
const RGX_BARESTR = /^[^()"' \t\n\v\f\r=,]+$/;

function invalid(message: string, ctx: Context): never {
  throw new RuleLoadError('LOAD_ERR_YAML_VALIDATE', message, ctx);
}

export interface ReadEnv {
  readonly file: SourceFile;
  readonly collector: Collector;
  readonly result: FileLoadResult;
  /** Joins two conditions (appends): `a + " " + b`. */
  readonly concat: (a: MappedText, b: MappedText) => MappedText;
}

/** A location in a rules file whose line and column are worked out only if someone looks. */
class FileLocation implements LocationEntry {
  readonly itemType: ItemType;
  readonly itemName: string;
  readonly offset: number;
  private readonly source: SourceFile;
  private pos: { line: number; column: number } | undefined;

  constructor(itemType: ItemType, itemName: string, source: SourceFile, offset: number) {
    this.itemType = itemType;
    this.itemName = itemName;
    this.source = source;
    this.offset = offset;
  }

  get file(): string {
    return this.source.name;
  }

  private position(): { line: number; column: number } {
    this.pos ??= this.offset >= 0 ? this.source.position(this.offset) : { line: 0, column: 0 };
    return this.pos;
  }

  get line(): number {
    return this.position().line;
  }

  get column(): number {
    return this.position().column;
  }
}

class Reader {
  private readonly env: ReadEnv;
  private readonly root: Context;

  constructor(env: ReadEnv) {
    this.env = env;
    this.root = Context.root(env.file.name);
  }

  ctx(node: Node | null | undefined, itemType: ItemType, itemName: string, parent: Context): Context {
    const offset = node?.start ?? parent.last.offset;
    return parent.child(new FileLocation(itemType, itemName, this.env.file, offset));
  }

  /** Aliases are resolved when the tree is built (yaml/tree.ts). */
  deref(n: YNode | null | undefined): Node | null {
    return n ?? null;
  }

  /** yaml-cpp's item[key]: the first pair with that key. `undefined`: no such key; `null`: a null value. */
  get(map: YAMLMap, key: string): Node | null | undefined {
    for (const p of map.items) {
      const k = this.deref(p.key);
      if (isScalar(k) && k.value === key) {
        const v = this.deref(p.value);
        if (isNullNode(v)) return null;
        return v;
      }
    }
    return undefined;
  }

  /** The null node of `key:` keeps its position; find it for contexts. */
  rawValue(map: YAMLMap, key: string): Node | null {
    for (const p of map.items) {
      const k = this.deref(p.key);
      if (isScalar(k) && k.value === key) return this.deref(p.value) ?? k;
    }
    return null;
  }

  has(map: YAMLMap, key: string): boolean {
    return this.get(map, key) !== undefined;
  }

  /** decode_val: a required scalar. */
  str(
    map: YAMLMap,
    key: string,
    ctx: Context,
    opts: { optional?: boolean; canBeEmpty?: boolean } = {},
  ): string | undefined {
    const val = this.get(map, key);
    if (val === undefined) {
      if (opts.optional) return undefined;
      invalid(`Item has no mapping for key '${key}'`, ctx);
    }
    if (val === null) {
      if (opts.canBeEmpty) return undefined;
      invalid(`Mapping for key '${key}' is empty`, ctx);
    }
    const valctx = this.ctx(val, 'value for', key, ctx);
    if (!isScalar(val)) invalid('Value is not a scalar value', valctx);
    const s = val.value;
    if (s.length === 0) {
      if (opts.canBeEmpty) return undefined;
      invalid('Value must be non-empty', valctx);
    }
    return s;
  }

  bool(map: YAMLMap, key: string, ctx: Context, optional: boolean): boolean | undefined {
    const s = this.str(map, key, ctx, { optional });
    if (s === undefined) return undefined;
    const b = decodeBool(s);
    if (b === undefined) invalid("Can't decode YAML scalar value", this.ctx(this.get(map, key), 'value for', key, ctx));
    return b;
  }

  uint(map: YAMLMap, key: string, ctx: Context, optional: boolean): number | undefined {
    const s = this.str(map, key, ctx, { optional });
    if (s === undefined) return undefined;
    const n = decodeUint(s);
    if (n === undefined) invalid("Can't decode YAML scalar value", this.ctx(this.get(map, key), 'value for', key, ctx));
    return n;
  }

  /** A scalar's text with its file positions. */
  mapped(map: YAMLMap, key: string): MappedText {
    const node = this.get(map, key);
    if (!isScalar(node)) return MappedText.plain('');
    return MappedText.fromScalar(node.value, this.env.file, node.start, node.end);
  }

  seqOfScalars(map: YAMLMap, key: string, ctx: Context, optional: boolean): string[] | undefined {
    const val = this.get(map, key);
    if (val === undefined) {
      if (optional) return undefined;
      invalid(`Item has no mapping for key '${key}'`, ctx);
    }
    const valctx = this.ctx(val ?? this.rawValue(map, key), 'value for', key, ctx);
    if (!isSeq(val)) invalid('Value is not a sequence', valctx);
    const out: string[] = [];
    for (const raw of val.items) {
      const v = this.deref(raw);
      const ictx = this.ctx(v, 'list item', '', valctx);
      if (!isScalar(v)) invalid('sequence value is not scalar', ictx);
      out.push(v.value);
    }
    return out;
  }

  warnUnknownKeys(map: YAMLMap, expected: ReadonlySet<string>, ctx: Context): void {
    for (const p of map.items) {
      const k = this.deref(p.key);
      const key = isScalar(k) ? k.value : '';
      if (!expected.has(key)) {
        this.env.result.addWarning('LOAD_UNKNOWN_KEY', `Unknown key '${key}'. The key will be ignored.`, ctx);
      }
    }
  }

  read(): boolean {
    const { file, result } = this.env;
    const read = readYamlDocuments(file.content);
    if ('exception' in read) {
      result.addError('LOAD_ERR_YAML_PARSE', read.exception, this.root);
      return false;
    }
    if ('error' in read) {
      const offset = read.error.offset;
      const { line, column } = file.position(offset);
      const ctx = this.root.child({ itemType: 'value for', itemName: '', file: file.name, line, column, offset });
      result.addError(
        'LOAD_ERR_YAML_PARSE',
        `YAML parse error at line ${line}, column ${column}: ${read.error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        ctx,
      );
      return false;
    }
    result.schemaStatus = validateRulesDocuments(read.docs);
    for (const contents of read.docs) {
      if (isNullNode(contents)) continue;
      try {
        if (!isMap(contents) && !isSeq(contents)) invalid('Rules content is not yaml', this.root);
        if (!isSeq(contents)) invalid('Rules content is not yaml array of objects', this.root);
        for (const raw of contents.items) {
          const item = this.deref(raw);
          if (item === null || isNullNode(item)) continue;
          this.readItem(item);
        }
      } catch (err) {
        if (err instanceof RuleLoadError) {
          result.addError(err.code, err.message, err.context);
          return false;
        }
        throw err;
      }
    }
    return true;
  }

  readItem(item: Node): void {
    const { collector, result } = this.env;
    if (!isMap(item)) {
      invalid(
        'Unexpected element type. Each element should be a yaml associative array.',
        this.ctx(item, 'rules content item', '', this.root),
      );
    }
    if (this.has(item, 'required_engine_version')) {
      const ctx = this.ctx(item, 'required_engine_version', '', this.root);
      const text = this.str(item, 'required_engine_version', ctx) ?? '';
      const n = decodeUint(text);
      if (n !== undefined) {
        collector.defineEngineVersion({ major: 0, minor: n, patch: 0 }, text, ctx);
      } else {
        const v = parseSemver(text);
        // Falco 0.35 (falco_tests.yaml) says this for anything that is neither a number nor a version.
        if (v === undefined)
          invalid(
            "Can't decode YAML scalar value",
            this.ctx(this.get(item, 'required_engine_version'), 'value for', 'required_engine_version', ctx),
          );
        collector.defineEngineVersion(v, text, ctx);
      }
      this.warnUnknownKeys(item, new Set(['required_engine_version']), ctx);
    } else if (this.has(item, 'required_plugin_versions')) {
      const req = this.get(item, 'required_plugin_versions') ?? null;
      const ctx = this.ctx(req, 'required plugin versions', '', this.root);
      if (!isSeq(req)) invalid('Value of required_plugin_versions must be a sequence', ctx);
      for (const raw of req.items) {
        const plugin = this.deref(raw);
        const tmp = this.ctx(plugin, 'required plugin versions entry', '', ctx);
        if (!isMap(plugin)) invalid('Plugin version must be a mapping', tmp);
        const name = this.str(plugin, 'name', tmp) ?? '';
        const pctx = this.ctx(plugin, 'required plugin versions entry', name, ctx);
        const version = this.str(plugin, 'version', pctx) ?? '';
        const alternatives = [{ name, version }];
        const alts = this.get(plugin, 'alternatives');
        if (alts !== undefined) {
          if (!isSeq(alts)) invalid('Value of plugin version alternatives must be a sequence', pctx);
          for (const rawAlt of alts.items) {
            const alt = this.deref(rawAlt);
            const actx = this.ctx(alt, 'required plugin versions alternative', '', pctx);
            if (!isMap(alt)) invalid('Plugin version alternative must be a mapping', actx);
            const aname = this.str(alt, 'name', actx) ?? '';
            const aversion =
              this.str(alt, 'version', this.ctx(alt, 'required plugin versions alternative', aname, pctx)) ?? '';
            alternatives.push({ name: aname, version: aversion });
          }
        }
        collector.definePluginVersions(alternatives, pctx);
      }
      this.warnUnknownKeys(
        item,
        new Set(['required_plugin_versions']),
        this.ctx(item, 'required plugin versions', '', this.root),
      );
    } else if (this.has(item, 'list')) {
      this.readList(item);
    } else if (this.has(item, 'macro')) {
      this.readMacro(item);
    } else if (this.has(item, 'rule')) {
      this.readRule(item);
    } else {
      result.addWarning(
        'LOAD_UNKNOWN_ITEM',
        'Unknown top level item',
        this.ctx(item, 'rules content item', '', this.root),
      );
    }
  }

  /** The `override:` mapping: which keys append, which replace. */
  overrides(
    item: YAMLMap,
    canAppend: ReadonlySet<string>,
    canReplace: ReadonlySet<string>,
    ctx: Context,
  ): { append: Set<string>; replace: Set<string> } {
    const append = new Set<string>();
    const replace = new Set<string>();
    const val = this.get(item, 'override');
    if (val === undefined || val === null) return { append, replace };
    const octx = this.ctx(item, 'overrides', '', ctx);
    if (!isMap(val)) invalid('Value is not a mapping', octx);
    for (const p of val.items) {
      const k = this.deref(p.key);
      const v = this.deref(p.value);
      const key = isScalar(k) ? k.value : '';
      const op = isScalar(v) ? v.value : '';
      const kctx = this.ctx(k, 'overrides', key, octx);
      if (op === 'append') {
        if (!canAppend.has(key)) invalid(`Key '${key}' cannot be appended to, use 'replace' instead`, kctx);
        append.add(key);
      } else if (op === 'replace') {
        if (!canReplace.has(key)) invalid(`Key '${key}' cannot be replaced`, kctx);
        replace.add(key);
      } else {
        let msg = `Invalid override operation for key '${key}': '${op}'. Allowed values are: `;
        if (canAppend.has(key)) msg += 'append ';
        if (canReplace.has(key)) msg += 'replace ';
        invalid(msg, this.ctx(v, 'value for', key, octx));
      }
    }
    return { append, replace };
  }

  readList(item: YAMLMap): void {
    const { collector, result } = this.env;
    const tmp = this.ctx(item, 'list', '', this.root);
    const name = this.str(item, 'list', tmp) ?? '';
    const ctx = this.ctx(item, 'list', name, this.root);
    if (!RGX_BARESTR.test(name)) {
      result.addWarning(
        'LOAD_INVALID_LIST_NAME',
        'List has an invalid name. List names should match a regular expression: ([^()"\'[:space:]=,]+)',
        ctx,
      );
    }
    const items = this.seqOfScalars(item, 'items', ctx, false) ?? [];
    let append = this.bool(item, 'append', ctx, true) ?? false;
    if (append) result.addWarning('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);
    const ov = this.overrides(item, LIST_OVERRIDABLE, LIST_OVERRIDABLE, ctx);
    if (append && ov.append.size + ov.replace.size > 0) invalid(ERROR_OVERRIDE_APPEND, ctx);
    const legacy = append;
    append ||= ov.append.has('items');
    if (append) collector.appendList({ name, items, ctx }, legacy);
    else collector.defineList({ name, items, ctx });
    this.warnUnknownKeys(item, LIST_KEYS, ctx);
  }

  readMacro(item: YAMLMap): void {
    const { collector, result } = this.env;
    const tmp = this.ctx(item, 'macro', '', this.root);
    const name = this.str(item, 'macro', tmp) ?? '';
    const ctx = this.ctx(item, 'macro', name, this.root);
    if (!RGX_IDENTIFIER.test(name)) {
      result.addWarning(
        'LOAD_INVALID_MACRO_NAME',
        'Macro has an invalid name. Macro names should match a regular expression: ([a-zA-Z]+[a-zA-Z0-9_]*)',
        ctx,
      );
    }
    this.str(item, 'condition', ctx);
    const cond = this.mapped(item, 'condition');
    const condCtx = this.ctx(this.get(item, 'condition'), 'macro condition', '', ctx);
    let append = this.bool(item, 'append', ctx, true) ?? false;
    if (append) result.addWarning('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);
    const ov = this.overrides(item, MACRO_OVERRIDABLE, MACRO_OVERRIDABLE, ctx);
    if (append && ov.append.size + ov.replace.size > 0) invalid(ERROR_OVERRIDE_APPEND, ctx);
    const legacy = append;
    append ||= ov.append.has('condition');
    if (append) collector.appendMacro({ name, cond, ctx, condCtx }, legacy, this.env.concat);
    else collector.defineMacro({ name, cond, ctx, condCtx });
    this.warnUnknownKeys(item, MACRO_KEYS, ctx);
  }

  /** One exception entry (fields/comps/values): a scalar or a list, recursively. */
  exceptionEntry(
    val: Node | null | undefined,
    key: string | undefined,
    ctx: Context,
    optional: boolean,
  ): ExceptionEntry {
    const out: ExceptionEntry = { isList: false, item: '', items: [] };
    if (val === undefined) {
      if (optional) return out;
      invalid(`Item has no mapping for key '${key}'`, ctx);
    }
    const valctx = this.ctx(val, 'value for', key ?? '', ctx);
    if (val === null) {
      return out;
    }
    if (isScalar(val)) {
      const s = val.value;
      if (s.length === 0) invalid('Value must be non-empty', valctx);
      out.item = s;
      out.text = MappedText.fromScalar(s, this.env.file, val.start, val.end);
    }
    if (isSeq(val)) {
      out.isList = true;
      for (const raw of val.items) {
        const v = this.deref(raw);
        out.items.push(this.exceptionEntry(v, undefined, this.ctx(v, 'exception', '', valctx), false));
      }
    }
    return out;
  }

  exceptions(item: YAMLMap, parent: Context, append: boolean): ExceptionInfo[] | undefined {
    const exs = this.get(item, 'exceptions');
    if (exs === undefined || exs === null) return undefined;
    const exctx = this.ctx(exs, 'exceptions', '', parent);
    if (!isSeq(exs)) invalid('Rule exceptions must be a sequence', exctx);
    const out: ExceptionInfo[] = [];
    for (const raw of exs.items) {
      const ex = this.deref(raw);
      const tmp = this.ctx(ex, 'exception', '', exctx);
      if (!isMap(ex)) invalid('Rule exception must be a mapping', tmp);
      const name = this.str(ex, 'name', tmp) ?? '';
      const ctx = this.ctx(ex, 'exception', name, parent);
      if (out.some((o) => o.name === name)) {
        this.env.result.addWarning(
          'LOAD_EXCEPTION_NAME_NOT_UNIQUE',
          `Multiple definitions of exception '${name}' in the same rule`,
          ctx,
        );
      }
      const fields = this.exceptionEntry(this.get(ex, 'fields'), 'fields', ctx, append);
      const comps = this.exceptionEntry(this.get(ex, 'comps'), 'comps', ctx, true);
      const values: ExceptionEntry[] = [];
      const vals = this.get(ex, 'values');
      if (vals !== undefined && vals !== null) {
        const vctx = this.ctx(vals, 'exception values', '', ctx);
        if (!isSeq(vals)) invalid('Rule exception values must be a sequence', vctx);
        for (const rawv of vals.items) {
          const v = this.deref(rawv);
          values.push(this.exceptionEntry(v, undefined, this.ctx(v, 'exception value', '', vctx), false));
        }
      } else if (append) {
        this.env.result.addWarning('LOAD_APPEND_NO_VALUES', 'Overriding/appending exception with no values', ctx);
      }
      out.push({ name, fields, comps, values, ctx });
    }
    return out;
  }

  priority(item: YAMLMap, ctx: Context): Priority {
    const text = this.str(item, 'priority', ctx) ?? '';
    const p = parsePriority(text);
    if (p === undefined) invalid('Invalid priority', this.ctx(this.get(item, 'priority'), 'rule priority', '', ctx));
    return p;
  }

  tags(item: YAMLMap, ctx: Context): string[] | undefined {
    const t = this.seqOfScalars(item, 'tags', ctx, true);
    return t === undefined ? undefined : [...new Set(t)].sort();
  }

  readRule(item: YAMLMap): void {
    const { collector, result } = this.env;
    const tmp = this.ctx(item, 'rule', '', this.root);
    const name = this.str(item, 'rule', tmp) ?? '';
    const ctx = this.ctx(item, 'rule', name, this.root);
    const source = this.str(item, 'source', ctx, { optional: true, canBeEmpty: true }) ?? '';
    const hasAppend = this.bool(item, 'append', ctx, true) ?? false;
    if (hasAppend) result.addWarning('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);
    const canAppend = RULE_CAN_APPEND;
    const canReplace = RULE_CAN_REPLACE;
    const ov = this.overrides(item, canAppend, canReplace, ctx);
    const hasOverrides = ov.append.size + ov.replace.size > 0;
    if (hasAppend && hasOverrides) invalid(ERROR_OVERRIDE_APPEND, ctx);

    if (hasOverrides) {
      const expected = new Set<string>();
      for (const k of [...canAppend, ...canReplace]) if (this.has(item, k)) expected.add(k);
      const take = (set: Set<string>, kind: string, key: string): boolean => {
        if (!set.has(key)) return false;
        if (!expected.has(key))
          invalid(`An ${kind} override for '${key}' was specified but '${key}' is not defined`, ctx);
        expected.delete(key);
        return true;
      };
      if (ov.append.size > 0) {
        const u: Parameters<Collector['appendRule']>[0] = { name, source: '', ctx };
        if (take(ov.append, 'append', 'condition')) {
          u.source = source;
          this.str(item, 'condition', ctx);
          u.cond = this.mapped(item, 'condition');
        }
        if (take(ov.append, 'append', 'exceptions')) u.exceptions = this.exceptions(item, ctx, true) ?? [];
        if (take(ov.append, 'append', 'output')) u.output = this.str(item, 'output', ctx);
        if (take(ov.append, 'append', 'desc')) u.desc = this.str(item, 'desc', ctx);
        if (take(ov.append, 'append', 'tags')) u.tags = this.tags(item, ctx) ?? [];
        collector.appendRule(u, this.env.concat);
      }
      if (ov.replace.size > 0) {
        const u: Parameters<Collector['replaceRule']>[0] = { name, source: '', ctx };
        if (take(ov.replace, 'replace', 'condition')) {
          u.source = source;
          this.str(item, 'condition', ctx);
          u.cond = this.mapped(item, 'condition');
        }
        if (take(ov.replace, 'replace', 'exceptions')) u.exceptions = this.exceptions(item, ctx, false) ?? [];
        if (take(ov.replace, 'replace', 'output')) u.output = this.str(item, 'output', ctx);
        if (take(ov.replace, 'replace', 'desc')) u.desc = this.str(item, 'desc', ctx);
        if (take(ov.replace, 'replace', 'tags')) u.tags = this.tags(item, ctx) ?? [];
        if (take(ov.replace, 'replace', 'priority')) u.priority = this.priority(item, ctx);
        if (take(ov.replace, 'replace', 'capture')) u.capture = this.bool(item, 'capture', ctx, false);
        if (take(ov.replace, 'replace', 'capture_duration'))
          u.captureDuration = this.uint(item, 'capture_duration', ctx, false);
        if (take(ov.replace, 'replace', 'enabled')) u.enabled = this.bool(item, 'enabled', ctx, false);
        if (take(ov.replace, 'replace', 'warn_evttypes')) u.warnEvttypes = this.bool(item, 'warn_evttypes', ctx, false);
        if (take(ov.replace, 'replace', 'skip-if-unknown-filter')) {
          u.skipIfUnknownFilter = this.bool(item, 'skip-if-unknown-filter', ctx, false);
        }
        collector.replaceRule(u);
      }
      for (const key of expected) {
        invalid(
          `Unexpected key '${key}': no corresponding entry under 'override' is defined.`,
          this.ctx(this.get(item, key), 'overrides', key, ctx),
        );
      }
    } else if (hasAppend) {
      const u: Parameters<Collector['appendRule']>[0] = { name, source, ctx, legacyAppend: true };
      if (this.has(item, 'condition')) {
        this.str(item, 'condition', ctx);
        u.cond = this.mapped(item, 'condition');
      }
      if (this.has(item, 'exceptions')) u.exceptions = this.exceptions(item, ctx, true) ?? [];
      collector.appendRule(u, this.env.concat);
    } else if (
      !this.has(item, 'condition') &&
      !this.has(item, 'output') &&
      !this.has(item, 'desc') &&
      !this.has(item, 'priority')
    ) {
      const enabled = this.bool(item, 'enabled', ctx, false) ?? true;
      result.addWarning('LOAD_DEPRECATED_ITEM', WARNING_ENABLED, ctx);
      collector.enableRule(name, enabled, ctx);
    } else {
      this.str(item, 'condition', ctx);
      const cond = this.mapped(item, 'condition');
      const condCtx = this.ctx(this.get(item, 'condition'), 'rule condition', '', ctx);
      const output = (this.str(item, 'output', ctx) ?? '').trim();
      const outputCtx = this.ctx(this.get(item, 'output'), 'rule output', '', ctx);
      const desc = this.str(item, 'desc', ctx) ?? '';
      const priority = this.priority(item, ctx);
      collector.defineRule(
        {
          name,
          cond,
          condCtx,
          output,
          outputCtx,
          desc,
          priority,
          source: this.str(item, 'source', ctx, { optional: true }) ?? 'syscall',
          enabled: this.bool(item, 'enabled', ctx, true) ?? true,
          capture: this.bool(item, 'capture', ctx, true) ?? false,
          captureDuration: this.uint(item, 'capture_duration', ctx, true) ?? 0,
          warnEvttypes: this.bool(item, 'warn_evttypes', ctx, true) ?? true,
          skipIfUnknownFilter: this.bool(item, 'skip-if-unknown-filter', ctx, true) ?? false,
          tags: this.tags(item, ctx) ?? [],
          exceptions: this.exceptions(item, ctx, false) ?? [],
          ctx,
        },
        result,
      );
    }
    this.warnUnknownKeys(item, RULE_KEYS, ctx);
  }
}

/** yaml-cpp's convert<bool>. */
export function decodeBool(s: string): boolean | undefined {
  if (['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].includes(s)) return true;
  if (['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].includes(s)) return false;
  return undefined;
}

/** yaml-cpp's convert<uint32_t>: decimal, or 0x hex. */
export function decodeUint(s: string): number | undefined {
  let n: number;
  if (/^[0-9]+$/.test(s)) n = Number(s);
  else if (/^0x[0-9a-fA-F]+$/.test(s)) n = Number.parseInt(s.slice(2), 16);
  else return undefined;
  return n <= 0xffffffff ? n : undefined;
}

/** Reads one file's items into the collector. False when the file had an error (already in the result). */
export function readRulesFile(env: ReadEnv): boolean {
  return new Reader(env).read();
}
