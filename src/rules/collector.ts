// What the rules files define, collected in order across files before compilation (Falco's
// rule_loader::collector). Redefinition replaces an item in place (it keeps its position in the order and
// becomes visible from its new position), appends concatenate, overrides replace or append per key.
// `visibility` is the load-order index of the last definition or append: a macro sees only the macros
// whose first definition came before that point, as in Falco.

import type { MappedText } from '../text/mapped-text.ts';
import { parseInteger } from './compile/values.ts';
import { Context, type FileLoadResult } from './load-result.ts';
import type { Priority } from './priority.ts';

export class RuleLoadError extends Error {
  readonly code:
    | 'LOAD_ERR_VALIDATE'
    | 'LOAD_ERR_YAML_VALIDATE'
    | 'LOAD_ERR_COMPILE_CONDITION'
    | 'LOAD_ERR_COMPILE_OUTPUT';
  readonly context: Context;
  constructor(code: RuleLoadError['code'], message: string, context: Context) {
    super(message);
    this.code = code;
    this.context = context;
  }
}

function fail(message: string, ctx: Context): never {
  throw new RuleLoadError('LOAD_ERR_VALIDATE', message, ctx);
}

/** An exception's `fields`, `comps` or one of its `values`: a scalar or a (nested) list. */
export interface ExceptionEntry {
  isList: boolean;
  item: string;
  items: ExceptionEntry[];
  /** Where the value is, for mapping generated condition text back to the file. */
  text?: MappedText;
}

export function entryIsValid(e: ExceptionEntry): boolean {
  return e.isList || e.item !== '';
}

export interface ExceptionInfo {
  name: string;
  fields: ExceptionEntry;
  comps: ExceptionEntry;
  values: ExceptionEntry[];
  ctx: Context;
}

export interface ListInfo {
  name: string;
  items: string[];
  ctx: Context;
  index: number;
  visibility: number;
}

export interface MacroInfo {
  name: string;
  cond: MappedText;
  ctx: Context;
  condCtx: Context;
  index: number;
  visibility: number;
}

export interface RuleInfo {
  name: string;
  cond: MappedText;
  condCtx: Context;
  output: string;
  outputCtx: Context;
  desc: string;
  priority: Priority;
  source: string;
  enabled: boolean;
  capture: boolean;
  captureDuration: number;
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
  tags: string[];
  exceptions: ExceptionInfo[];
  ctx: Context;
  index: number;
  visibility: number;
  unknownSource: boolean;
}

/** A partial rule: what an append or a `replace` override brings. */
export interface RuleUpdate {
  name: string;
  source: string;
  ctx: Context;
  cond?: MappedText;
  output?: string;
  desc?: string;
  tags?: string[];
  exceptions?: ExceptionInfo[];
  priority?: Priority;
  capture?: boolean;
  captureDuration?: number;
  enabled?: boolean;
  warnEvttypes?: boolean;
  skipIfUnknownFilter?: boolean;
  /** True when the update came from `append: true` (Falco 0.35 wording of its errors). */
  legacyAppend?: boolean;
}

function hasAnyValue(u: RuleUpdate): boolean {
  return (
    u.cond !== undefined ||
    u.output !== undefined ||
    u.desc !== undefined ||
    u.tags !== undefined ||
    u.exceptions !== undefined ||
    u.priority !== undefined ||
    u.capture !== undefined ||
    u.captureDuration !== undefined ||
    u.enabled !== undefined ||
    u.warnEvttypes !== undefined ||
    u.skipIfUnknownFilter !== undefined
  );
}

/** An ordered, name-indexed collection where redefinition keeps the original position. */
export class IndexedItems<T extends { name: string }> {
  readonly items: T[] = [];
  private readonly byName = new Map<string, T>();

  get(name: string): T | undefined {
    return this.byName.get(name);
  }

  /** Inserts, or replaces the item of the same name in place. */
  put(item: T): void {
    const prev = this.byName.get(item.name);
    if (prev !== undefined) {
      this.items[this.items.indexOf(prev)] = item;
    } else {
      this.items.push(item);
    }
    this.byName.set(item.name, item);
  }

  get size(): number {
    return this.items.length;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.items[Symbol.iterator]();
  }
}

export interface PluginRequirement {
  readonly name: string;
  readonly version: string;
}

export interface SourceInfo {
  /** Whether `field` (possibly with transformers) is a valid left-hand side for this source. */
  isValidLhsField(field: string): boolean;
}

export const SUPPORTED_COMPARISON_OPERATORS = [
  'exists',
  '<=',
  '<',
  '>=',
  '>',
  '==',
  '=',
  '!=',
  'glob',
  'iglob',
  'contains',
  'icontains',
  'bcontains',
  'startswith',
  'bstartswith',
  'endswith',
  'regex',
  'intersects',
  'in',
  'pmatch',
];

const MODIFIABLE = new Set([
  '=',
  '==',
  '!=',
  'contains',
  'icontains',
  'bcontains',
  'startswith',
  'bstartswith',
  'endswith',
  'glob',
  'iglob',
  'regex',
]);

/** "startswith oneof" and friends. */
export function isStrOperatorWithModifier(op: string): boolean {
  const parts = op.split(' ');
  return parts.length === 2 && MODIFIABLE.has(parts[0]) && ['oneof', 'anyof', 'allof'].includes(parts[1]);
}

function normalizeComp(e: ExceptionEntry): void {
  e.item = e.item.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

function validateException(source: SourceInfo | undefined, ex: ExceptionInfo): void {
  if (ex.fields.isList) {
    if (!entryIsValid(ex.comps)) {
      ex.comps = {
        isList: true,
        item: '',
        items: ex.fields.items.map(() => ({ isList: false, item: '=', items: [] })),
      };
    }
    if (ex.fields.items.length !== ex.comps.items.length) fail('Fields and comps lists must have equal length', ex.ctx);
    for (const c of ex.comps.items) {
      normalizeComp(c);
      if (!SUPPORTED_COMPARISON_OPERATORS.includes(c.item) && !isStrOperatorWithModifier(c.item)) {
        fail(`'${c.item}' is not a supported comparison operator`, ex.ctx);
      }
    }
    if (source !== undefined) {
      for (const f of ex.fields.items) {
        if (!source.isValidLhsField(f.item)) fail(`'${f.item}' is not a supported filter field`, ex.ctx);
      }
    }
  } else {
    if (!entryIsValid(ex.comps)) ex.comps = { isList: false, item: 'in', items: [] };
    if (ex.comps.isList) fail('Fields and comps must both be strings', ex.ctx);
    normalizeComp(ex.comps);
    const c = ex.comps.item;
    if (c !== 'in' && c !== 'pmatch' && c !== 'intersects' && !isStrOperatorWithModifier(c)) {
      fail(
        'When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator (e.g. startswith oneof)',
        ex.ctx,
      );
    }
    if (source !== undefined && !source.isValidLhsField(ex.fields.item)) {
      fail(`'${ex.fields.item}' is not a supported filter field`, ex.ctx);
    }
  }
}

export interface EngineVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/**
 * sinsp_version's parser: sscanf("%u.%u.%u") matching all three numbers; what follows them is ignored
 * (`0.26.0-rc1`, `1.2.3.4`), each number may have blanks and a sign before it, and is read as a uint32.
 */
export function parseSemver(s: string): EngineVersion | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)\.[ \t\n\v\f\r]*([+-]?\d+)\.[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (m === null) return undefined;
  const u32 = (x: string) => Number(parseInteger(x, 'UINT32'));
  return { major: u32(m[1]), minor: u32(m[2]), patch: u32(m[3]) };
}

export function semverText(v: EngineVersion): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/** sinsp_version::compatible_with: same major, and not older. */
function compatible(engine: EngineVersion, required: EngineVersion): boolean {
  if (engine.major !== required.major) return false;
  if (engine.minor !== required.minor) return engine.minor > required.minor;
  return engine.patch >= required.patch;
}

export class Collector {
  readonly lists = new IndexedItems<ListInfo>();
  readonly macros = new IndexedItems<MacroInfo>();
  readonly rules = new IndexedItems<RuleInfo>();
  readonly requiredPluginVersions: PluginRequirement[][] = [];
  requiredEngineVersion: EngineVersion = { major: 0, minor: 0, patch: 0 };
  private curIndex = 0;
  private readonly engineVersion: EngineVersion;
  private readonly sources: ReadonlyMap<string, SourceInfo>;

  constructor(engineVersion: EngineVersion, sources: ReadonlyMap<string, SourceInfo>) {
    this.engineVersion = engineVersion;
    this.sources = sources;
  }

  defineEngineVersion(version: EngineVersion, written: string, ctx: Context): void {
    if (!compatible(this.engineVersion, version)) {
      fail(`Rules require engine version ${written}, but engine version is ${semverText(this.engineVersion)}`, ctx);
    }
    const cur = this.requiredEngineVersion;
    if (
      version.major > cur.major ||
      (version.major === cur.major &&
        (version.minor > cur.minor || (version.minor === cur.minor && version.patch > cur.patch)))
    ) {
      this.requiredEngineVersion = version;
    }
  }

  definePluginVersions(alternatives: PluginRequirement[], ctx: Context): void {
    const seen = new Set<string>();
    for (const r of alternatives) {
      if (parseSemver(r.version) === undefined)
        fail(`Invalid required version '${r.version}' for plugin '${r.name}'`, ctx);
      if (seen.has(r.name)) fail(`Defined multiple alternative version requirements for plugin '${r.name}'`, ctx);
      seen.add(r.name);
    }
    this.requiredPluginVersions.push(alternatives);
  }

  defineList(info: Omit<ListInfo, 'index' | 'visibility'>): void {
    const id = this.curIndex++;
    const prev = this.lists.get(info.name);
    this.lists.put({ ...info, index: prev?.index ?? id, visibility: id });
  }

  appendList(info: Omit<ListInfo, 'index' | 'visibility'>, legacy: boolean): void {
    const prev = this.lists.get(info.name);
    if (prev === undefined) {
      fail(
        legacy
          ? "List has 'append' key but no list by that name already exists"
          : "List uses 'append' or 'override.items: append' but no list by that name already exists",
        info.ctx,
      );
    }
    prev.items.push(...info.items);
    prev.visibility = this.curIndex++;
  }

  defineMacro(info: Omit<MacroInfo, 'index' | 'visibility'>): void {
    const id = this.curIndex++;
    const prev = this.macros.get(info.name);
    this.macros.put({ ...info, index: prev?.index ?? id, visibility: id });
  }

  appendMacro(
    info: Omit<MacroInfo, 'index' | 'visibility'>,
    legacy: boolean,
    concat: (a: MappedText, b: MappedText) => MappedText,
  ): void {
    const prev = this.macros.get(info.name);
    if (prev === undefined) {
      fail(
        legacy
          ? "Macro has 'append' key but no macro by that name already exists"
          : "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists",
        info.ctx,
      );
    }
    prev.cond = concat(prev.cond, info.cond);
    prev.visibility = this.curIndex++;
  }

  private findPrevRule(name: string, source: string, ctx: Context): RuleInfo | undefined {
    const prev = this.rules.get(name);
    if (prev !== undefined && prev.source !== '' && source !== '' && prev.source !== source) {
      fail('Rule has been re-defined with a different source', ctx);
    }
    return prev;
  }

  defineRule(info: Omit<RuleInfo, 'index' | 'visibility' | 'unknownSource'>, res: FileLoadResult): void {
    const prev = this.findPrevRule(info.name, info.source, info.ctx);
    const source = this.sources.get(info.source);
    const unknownSource = source === undefined;
    if (unknownSource) res.addWarning('LOAD_UNKNOWN_SOURCE', `Unknown source ${info.source}, skipping`, info.ctx);
    for (const ex of info.exceptions) {
      if (!entryIsValid(ex.fields)) fail('Rule exception item must have fields property with a list of fields', ex.ctx);
      validateException(source, ex);
    }
    const id = this.curIndex++;
    this.rules.put({ ...info, index: prev?.index ?? id, visibility: id, unknownSource });
  }

  appendRule(u: RuleUpdate, concat: (a: MappedText, b: MappedText) => MappedText): void {
    const prev = this.findPrevRule(u.name, u.source, u.ctx);
    if (prev === undefined) {
      fail(
        u.legacyAppend
          ? "Rule has 'append' key but no rule by that name already exists"
          : "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists",
        u.ctx,
      );
    }
    if (!hasAnyValue(u)) fail('Appended rule must have exceptions or condition property', u.ctx);
    const source = prev.unknownSource ? undefined : this.sources.get(prev.source);
    if (u.cond !== undefined && u.cond.text.length > 0) prev.cond = concat(prev.cond, u.cond);
    if (u.output !== undefined && u.output.length > 0) prev.output = `${prev.output} ${u.output}`;
    if (u.desc !== undefined && u.desc.length > 0) prev.desc = `${prev.desc} ${u.desc}`;
    if (u.tags !== undefined) prev.tags = [...new Set([...prev.tags, ...u.tags])].sort();
    if (u.exceptions !== undefined) {
      for (const ex of u.exceptions) {
        const prevEx = prev.exceptions.find((p) => p.name === ex.name);
        if (prevEx === undefined) {
          if (!entryIsValid(ex.fields)) fail('Rule exception must have fields property with a list of fields', ex.ctx);
          if (ex.values.length === 0) fail('Rule exception must have values property with a list of values', ex.ctx);
          validateException(source, ex);
          prev.exceptions.push(ex);
        } else {
          if (entryIsValid(ex.fields))
            fail('Can not append exception fields to existing exception, only values', ex.ctx);
          if (entryIsValid(ex.comps)) fail('Can not append exception comps to existing exception, only values', ex.ctx);
          prevEx.values.push(...ex.values);
        }
      }
    }
    prev.visibility = this.curIndex++;
  }

  replaceRule(u: RuleUpdate): void {
    const prev = this.findPrevRule(u.name, u.source, u.ctx);
    if (prev === undefined) {
      fail("An 'override.<key>: replace' to a rule was requested but no rule by that name already exists", u.ctx);
    }
    if (!hasAnyValue(u)) fail('The rule must have at least one field that can be replaced', u.ctx);
    const source = prev.unknownSource ? undefined : this.sources.get(prev.source);
    if (u.cond !== undefined) prev.cond = u.cond;
    if (u.output !== undefined) prev.output = u.output;
    if (u.desc !== undefined) prev.desc = u.desc;
    if (u.tags !== undefined) prev.tags = [...u.tags];
    if (u.exceptions !== undefined) {
      for (const ex of u.exceptions) {
        if (!entryIsValid(ex.fields))
          fail('Rule exception item must have fields property with a list of fields', ex.ctx);
        validateException(source, ex);
      }
      prev.exceptions = u.exceptions;
    }
    if (u.priority !== undefined) prev.priority = u.priority;
    if (u.capture !== undefined) prev.capture = u.capture;
    if (u.captureDuration !== undefined) prev.captureDuration = u.captureDuration;
    if (u.enabled !== undefined) prev.enabled = u.enabled;
    if (u.warnEvttypes !== undefined) prev.warnEvttypes = u.warnEvttypes;
    if (u.skipIfUnknownFilter !== undefined) prev.skipIfUnknownFilter = u.skipIfUnknownFilter;
    prev.visibility = this.curIndex++;
  }

  enableRule(name: string, enabled: boolean, ctx: Context): void {
    const prev = this.rules.get(name);
    if (prev === undefined) fail("Rule has 'enabled' key but no rule by that name already exists", ctx);
    prev.enabled = enabled;
  }
}

export { Context };
