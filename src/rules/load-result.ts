// Falco's load results: error and warning codes with their descriptions, the chain of locations that says
// where a problem is (rules file → item → key → condition position), and the two renderings Falco prints:
// the text of `-V` and the `falco_load_results` JSON (falco userspace/engine/falco_load_result.cpp and
// rule_loader.cpp). Codes, descriptions and item-type names are Falco's; lines and columns are 1-based.

export const ERROR_CODES = {
  LOAD_ERR_FILE_READ: [
    'File read error',
    'This occurs when falco can not read a given file. Check permissions and whether the file exists.',
  ],
  LOAD_ERR_YAML_PARSE: ['YAML parse error', 'This occurs when the rules content is not valid YAML.'],
  LOAD_ERR_YAML_VALIDATE: [
    'Error validating internal structure of YAML file',
    'This occurs when the internal structure of the YAML file is incorrect. Examples include not consisting of a sequence of maps, a given rule/macro/list item not having required keys, values not having the right type (e.g. the items property of a list not being a sequence), etc.',
  ],
  LOAD_ERR_COMPILE_CONDITION: [
    'Error compiling condition',
    'This occurs when a condition string can not be compiled to a filter object.',
  ],
  LOAD_ERR_COMPILE_OUTPUT: [
    'Error compiling output',
    'This occurs when an output string can not be compiled to an output object.',
  ],
  LOAD_ERR_VALIDATE: [
    'Error validating rule/macro/list/exception objects',
    'This occurs when a rule/macro/list item is incorrect. Examples include a condition field referring to an undefined macro, falco engine/plugin version mismatches, items with append without any existing item, exception fields/comps having different lengths, etc.',
  ],
  LOAD_ERR_EXTENSION: ['Error in extension item', 'This occurs when there is an error in an extension item'],
} as const;

export const WARNING_CODES = {
  LOAD_UNKNOWN_SOURCE: [
    'Unknown event source',
    'A rule has a unknown event source. This can occur when reading rules content without having a corresponding plugin loaded, etc. The rule will be silently ignored.',
  ],
  LOAD_UNSAFE_NA_CHECK: [
    'Unsafe <NA> comparison in condition',
    "Comparing a field value with <NA> is unsafe and can lead to unpredictable behavior of the rule condition. If you need to check for the existence of a field, consider using the 'exists' operator instead.",
  ],
  LOAD_NO_EVTTYPE: [
    'Condition has no event-type restriction',
    'A rule condition matches too many evt.type values. This has a significant performance penalty. Make the condition more specific by adding an evt.type field or further restricting the number of evt.type values in the condition.',
  ],
  LOAD_UNKNOWN_FILTER: [
    'Unknown field or event-type in condition or output',
    'A rule condition or output refers to a field or evt.type that does not exist. This is normally an error, but if a rule has a skip-if-unknown-filter property, the error is downgraded to a warning.',
  ],
  LOAD_UNUSED_MACRO: [
    'Unused macro',
    'A macro is defined in the rules content but is not used by any other macro or rule.',
  ],
  LOAD_UNUSED_LIST: [
    'Unused list',
    'A list is defined in the rules content but is not used by any other list, macro, or rule.',
  ],
  LOAD_UNKNOWN_ITEM: [
    'Unknown rules file item',
    'An unknown top-level object is in the rules content. It will be ignored.',
  ],
  LOAD_DEPRECATED_ITEM: ['Used deprecated item', 'A deprecated item is employed by lists, macros, or rules.'],
  LOAD_WARNING_EXTENSION: ['Warning in extension item', 'An extension item has a warning'],
  LOAD_APPEND_NO_VALUES: [
    'Overriding/appending with no values',
    'A rule exception is overriding/appending with no values',
  ],
  LOAD_EXCEPTION_NAME_NOT_UNIQUE: [
    'Multiple exceptions defined with the same name',
    'A rule is defining multiple exceptions with the same name',
  ],
  LOAD_INVALID_MACRO_NAME: ['Invalid macro name', 'A macro is defined with an invalid name'],
  LOAD_INVALID_LIST_NAME: ['Invalid list name', 'A list is defined with an invalid name'],
  LOAD_COMPILE_CONDITION: ['Warning in rule condition', 'A rule condition or output have been parsed with a warning'],
  LOAD_UNKNOWN_KEY: [
    'Unknown key in item definition',
    'An item in the rules content contains an unrecognized key. The key will be ignored. This may indicate a typo or a property placed on the wrong item type.',
  ],
  // Falco 0.35's code for an unknown field in a skipped rule; falco_tests.yaml expects it, so an unknown
  // *field* keeps this code and other unknown filters (event types, output tokens) use LOAD_UNKNOWN_FILTER.
  LOAD_UNKNOWN_FIELD: [
    'Nonexistent field in condition or output',
    'A rule condition or output refers to a field that does not exist. This is normally an error, but if a rule has a skip-if-unknown-filter property, the error is downgraded to a warning.',
  ],
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type WarningCode = keyof typeof WARNING_CODES;

/** Falco's item types, as they appear in `context.locations[].item_type`. */
export type ItemType =
  | 'value for'
  | 'exceptions'
  | 'exception'
  | 'exception values'
  | 'exception value'
  | 'rules content'
  | 'rules content item'
  | 'required_engine_version'
  | 'required plugin versions'
  | 'required plugin versions entry'
  | 'required plugin versions alternative'
  | 'list'
  | 'list item'
  | 'macro'
  | 'macro condition'
  | 'rule'
  | 'rule condition'
  | 'condition expression'
  | 'rule output'
  | 'rule output expression'
  | 'rule priority'
  | 'overrides'
  | 'extension item';

export interface LocationEntry {
  readonly itemType: ItemType;
  readonly itemName: string;
  /** A rules file name (or, for a condition expression whose origin is unknown, the quoted condition). */
  readonly file: string;
  /** 1-based; 0 when unknown. */
  readonly line: number;
  readonly column: number;
  /** 0-based offset in the file; -1 when unknown. */
  readonly offset: number;
}

/**
 * Where a problem is: outermost first (rules content), innermost last. Contexts are made for every item and
 * key while reading, and almost none is ever shown, so a child only points at its parent; the list is built
 * when asked for.
 */
export class Context {
  /** Text shown under the message with a caret, when it is not a line of the rules file (conditions). */
  readonly snippetText?: { readonly text: string; readonly idx: number };
  private readonly parent: Context | undefined;
  private readonly entry: LocationEntry;
  private built: readonly LocationEntry[] | undefined;

  /** A context from its whole chain of locations; with `parent`, `locations` is the one entry added to it. */
  constructor(locations: readonly LocationEntry[], snippetText?: { text: string; idx: number }, parent?: Context) {
    if (locations.length === 0) throw new Error('a context needs at least one location');
    this.entry = locations[locations.length - 1];
    this.parent = parent ?? (locations.length > 1 ? new Context(locations.slice(0, -1)) : undefined);
    if (snippetText !== undefined) this.snippetText = snippetText;
  }

  static root(file: string): Context {
    return new Context([{ itemType: 'rules content', itemName: '', file, line: 0, column: 0, offset: -1 }]);
  }

  child(entry: LocationEntry, snippetText?: { text: string; idx: number }): Context {
    return new Context([entry], snippetText ?? this.snippetText, this);
  }

  get locations(): readonly LocationEntry[] {
    if (this.built === undefined) {
      const out: LocationEntry[] = [];
      for (let c: Context | undefined = this; c !== undefined; c = c.parent) out.push(c.entry);
      this.built = out.reverse();
    }
    return this.built;
  }

  get last(): LocationEntry {
    return this.entry;
  }

  /** The rules file this context belongs to. */
  get fileName(): string {
    return this.locations[0].file;
  }
}

export interface LoadError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly context: Context;
}

export interface LoadWarning {
  readonly code: WarningCode;
  readonly message: string;
  readonly context: Context;
  /** For LOAD_DEPRECATED_ITEM warnings about a field. */
  readonly deprecatedField?: string;
}

/** The result of loading one rules file (Falco's falco::load_result). */
export class FileLoadResult {
  readonly name: string;
  readonly errors: LoadError[] = [];
  readonly warnings: LoadWarning[] = [];
  /**
   * The schema check of the file's YAML documents (src/rules/schema.ts): "ok" or "failed for …" entries, in
   * document order. Undefined when the YAML could not be read (nothing was checked).
   */
  schemaStatus: string[] | undefined;

  constructor(name: string) {
    this.name = name;
  }

  get successful(): boolean {
    return this.errors.length === 0;
  }

  /** Falco's schema_validation(): the first status decides; no status means "none" (not valid). */
  get schemaValid(): boolean {
    return this.schemaStatus?.[0] === 'ok';
  }

  /** Whether the schema outcome is reported at all (Falco prints it only when a check was made). */
  get schemaChecked(): boolean {
    return this.schemaStatus !== undefined && this.schemaStatus.length > 0;
  }

  addError(code: ErrorCode, message: string, context: Context): void {
    this.errors.push({ code, message, context });
  }

  addWarning(code: WarningCode, message: string, context: Context, deprecatedField?: string): void {
    this.warnings.push(
      deprecatedField === undefined ? { code, message, context } : { code, message, context, deprecatedField },
    );
  }
}

/** File contents by name, for snippets. */
export type RulesContents = ReadonlyMap<string, string>;

function locationText(l: LocationEntry): string {
  return `${l.itemType}${l.itemName === '' ? '' : ` '${l.itemName}'`}: (${l.file}:${l.line}:${l.column})`;
}

/** Falco's context as_string: "In rules content: (file:0:0)\n    rule 'x': (file:3:2)\n". */
export function contextAsString(ctx: Context): string {
  return ctx.locations.map((l, i) => `${i === 0 ? 'In ' : '    '}${locationText(l)}\n`).join('');
}

/** The line of the problem with a caret under its column (Falco's snippet, 160 characters wide). */
export function snippet(ctx: Context, contents: RulesContents, width = 160): string {
  let text: string;
  let pos: number;
  if (ctx.snippetText !== undefined) {
    text = ctx.snippetText.text;
    pos = ctx.snippetText.idx;
  } else {
    const last = ctx.last;
    const content = contents.get(last.file);
    if (content === undefined) return `<No context for file + ${last.file}>\n`;
    text = content;
    pos = Math.max(0, last.offset);
  }
  if (text.length === 0) return '<No context available>\n';
  while (pos > 0 && (pos >= text.length || text[pos] === '\n')) pos--;
  const half = Math.floor(width / 2);
  let from = pos;
  while (from > 0 && text[from] !== '\n' && pos - from < half) from--;
  let to = pos;
  while (to < text.length - 1 && text[to] !== '\n' && to - pos < half) to++;
  if (text[from] === '\n') from++;
  if (text[to] === '\n') to--;
  let ret = text.slice(from, to + 1);
  if (ret.length === 0) return '<No context available>\n';
  if (pos - from >= half) ret = `...${ret.slice(3)}`;
  if (to - pos >= half) ret = `${ret.slice(0, -3)}...`;
  ret += '\n';
  if (pos - from <= ret.length - 1) ret += `${' '.repeat(Math.max(0, pos - from))}^\n`;
  return ret;
}

/** Falco's verbose text for one file (what `-V` prints for an invalid file, and for warnings with -v). */
export function resultAsText(res: FileLoadResult, contents: RulesContents): string {
  let s = `${res.name}: ${res.successful ? (res.warnings.length > 0 ? 'Ok, with warnings' : 'Ok') : 'Invalid'}`;
  if (res.schemaChecked && !res.schemaValid) {
    const status = res.schemaStatus ?? [];
    s += `\n${status.length} Schema warnings:\n`;
    for (const w of status) s += `------\n${w}\n`;
    s += '------\n';
  }
  if (res.errors.length > 0) {
    s += `\n${res.errors.length} Errors:\n`;
    for (const e of res.errors) {
      s += contextAsString(e.context);
      s += `------\n${snippet(e.context, contents)}------\n`;
      s += `${e.code} (${ERROR_CODES[e.code][0]}): ${e.message}\n`;
    }
  }
  if (res.warnings.length > 0) {
    s += `\n${res.warnings.length} Warnings:\n`;
    for (const w of res.warnings) {
      s += contextAsString(w.context);
      s += `------\n${snippet(w.context, contents)}------\n`;
      const title =
        WARNING_CODES[w.code][0] + (w.deprecatedField === undefined ? '' : `: field '${w.deprecatedField}'`);
      s += `${w.code} (${title}): ${w.message}\n`;
    }
  }
  return s;
}

/** Falco's summary text: one line per file plus the codes. */
export function resultAsSummary(res: FileLoadResult): string {
  let s = `${res.name}: ${res.successful ? (res.warnings.length > 0 ? 'Ok, with warnings' : 'Ok') : 'Invalid'}`;
  if (res.schemaChecked && !res.schemaValid) {
    const status = res.schemaStatus ?? [];
    s += `\n ${status.length} schema warnings: [${status.join(' ')}]`;
  }
  if (res.errors.length > 0) {
    s += `\n ${res.errors.length} errors: [${res.errors.map((e) => `${e.code} (${ERROR_CODES[e.code][0]})`).join(' ')}]`;
  }
  if (res.warnings.length > 0) {
    s += `\n ${res.warnings.length} warnings: [${res.warnings.map((w) => `${w.code} (${WARNING_CODES[w.code][0]})`).join(' ')}]`;
  }
  return s;
}

function contextJson(ctx: Context, contents: RulesContents): Record<string, unknown> {
  return {
    locations: ctx.locations.map((l) => ({
      item_name: l.itemName,
      item_type: l.itemType,
      position: { column: l.column, line: l.line, name: l.file, offset: l.offset },
    })),
    snippet: snippet(ctx, contents),
  };
}

/** One element of `falco_load_results`, keys sorted as nlohmann::json prints them. */
export function resultAsJson(res: FileLoadResult, contents: RulesContents): Record<string, unknown> {
  const schema: Record<string, unknown> = {};
  if (res.schemaChecked) {
    schema.schema_valid = res.schemaValid;
    schema.schema_warnings = res.schemaValid ? [] : [...(res.schemaStatus ?? [])];
  }
  return {
    errors: res.errors.map((e) => ({
      code: e.code,
      codedesc: ERROR_CODES[e.code][1],
      context: contextJson(e.context, contents),
      message: e.message,
    })),
    name: res.name,
    ...schema,
    successful: res.successful,
    warnings: res.warnings.map((w) => {
      const base: Record<string, unknown> = {
        code: w.code,
        codedesc: WARNING_CODES[w.code][1],
        context: contextJson(w.context, contents),
      };
      if (w.deprecatedField !== undefined) base.deprecated_field = w.deprecatedField;
      base.message = w.message;
      return base;
    }),
  };
}
