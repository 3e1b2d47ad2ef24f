// `--list`: the field classes printed the way Falco prints them (libsinsp's filter_fieldclass_info::as_string,
// as_markdown and as_json, Falco's FieldFormatter), so output made for Falco reads the same from Peregrine.
import type { FieldClass, FieldDef, FieldType } from './types.ts';

/** How `--list` prints a field class. */
export type ListFormat = 'text' | 'markdown' | 'json';

const RIGHT_BLOCK = 30;
const WIDTH = 120;

/** libsinsp's param_type_to_string spelling of a field type (DYN is DYNAMIC there). */
export function listedTypeName(t: FieldType): string {
  return t === 'DYN' ? 'DYNAMIC' : t;
}

/** The classes `--list` shows: not hidden, and without print-only fields (libsinsp drops both). */
export function listedClasses<E>(classes: readonly FieldClass<E>[]): FieldClass<E>[] {
  return classes.filter((c) => !c.hidden).map((c) => ({ ...c, fields: c.fields.filter((f) => !f.printOnly) }));
}

/** Fields a listing skips: EPF_TABLE_ONLY always, deprecated ones unless asked (Falco never asks). */
function skipped<E>(f: FieldDef<E>): boolean {
  return f.hidden === true || f.deprecated === true;
}

/** The tags libsinsp shows in parentheses before a description, sorted as its std::set sorts them. */
export function fieldTags<E>(f: FieldDef<E>, cls: FieldClass<E>): string[] {
  const tags: string[] = [];
  if (f.filterOnly) tags.push('FILTER_ONLY');
  if (f.hidden) tags.push('EPF_TABLE_ONLY');
  if (f.deprecated) tags.push('EPF_DEPRECATED');
  if (f.noRhs) tags.push('EPF_NO_RHS');
  if (f.noTransformer) tags.push('EPF_NO_TRANSFORMER');
  if (f.arg) {
    tags.push(f.arg.required ? 'ARG_REQUIRED' : 'ARG_ALLOWED');
    for (const k of argumentKinds(f, cls)) tags.push(`ARG_${k}`);
  }
  if (f.list) tags.push('EPF_IS_LIST');
  return tags.sort();
}

// libsinsp's own fields never declare EPF_ARG_INDEX/KEY (they parse their argument themselves), so Falco prints
// argument kinds only for plugin fields.
function argumentKinds<E>(f: FieldDef<E>, cls: FieldClass<E>): ('INDEX' | 'KEY')[] {
  if (!cls.plugin || !f.arg) return [];
  const kinds: ('INDEX' | 'KEY')[] = [];
  if (f.arg.kind !== 'key') kinds.push('INDEX');
  if (f.arg.kind !== 'index') kinds.push('KEY');
  return kinds;
}

/** libsinsp's wrapstring: words filled to column 120, continuation lines indented to column 30. */
function wrap(text: string): string {
  let out = '';
  let len = 0;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const wordLen = Buffer.byteLength(word) + 1;
    if (len + wordLen <= WIDTH - RIGHT_BLOCK) {
      len += wordLen;
    } else {
      out += `\n${' '.repeat(RIGHT_BLOCK)}`;
      len = wordLen;
    }
    out += `${word} `;
  }
  return out;
}

const pad = (s: string) => s.padEnd(RIGHT_BLOCK);

function classAsText<E>(cls: FieldClass<E>, verbose: boolean, sources: readonly string[]): string {
  let os = '-------------------------------\n';
  os += `${pad('Field Class:')}${cls.name}${cls.shortDesc ? ` (${cls.shortDesc})` : ''}\n`;
  if (cls.desc !== '') os += `${pad('Description:')}${wrap(cls.desc)}\n`;
  if (sources.length > 0) os += `${pad('Event Sources:')}${sources.map((s) => `${s} `).join('')}\n`;
  os += '\n';
  for (const f of cls.fields) {
    if (skipped(f)) continue;
    os += f.name.length > RIGHT_BLOCK ? `${f.name}\n${' '.repeat(RIGHT_BLOCK)}` : pad(f.name);
    const tags = fieldTags(f, cls);
    let desc = tags.length > 0 ? `(${tags.join(',')}) ${f.desc}` : f.desc;
    if (verbose) desc = `(Type: ${listedTypeName(f.type)}) ${desc}`;
    os += `${wrap(desc)}\n`;
  }
  return os;
}

function classAsMarkdown<E>(cls: FieldClass<E>, sources: readonly string[]): string {
  let os = `## Field Class: ${cls.name}\n\n`;
  if (cls.desc !== '') os += `${cls.desc}\n\n`;
  if (sources.length > 0) os += `Event Sources: ${sources.map((s) => `${s} `).join('')}\n\n`;
  os += 'Name | Type | Description\n:----|:-----|:-----------\n';
  for (const f of cls.fields) {
    if (skipped(f)) continue;
    const type = f.list ? `LIST(${listedTypeName(f.type)})` : listedTypeName(f.type);
    os += `\`${f.name}\` | ${type} | ${f.desc}\n`;
  }
  return os;
}

// Falco re-parses libsinsp's JSON into nlohmann::json, whose objects keep their keys sorted: build them sorted.
function classAsJson<E>(cls: FieldClass<E>, sources: readonly string[]): object {
  const fields = cls.fields
    .filter((f) => !skipped(f))
    .map((f) => ({
      argument: f.arg ? { required: f.arg.required, type: argumentKinds(f, cls) } : null,
      desc: f.desc,
      is_list: f.list === true,
      name: f.name,
      type: listedTypeName(f.type),
    }));
  return {
    ...(cls.desc !== '' ? { desc: cls.desc } : {}),
    ...(sources.length > 0 ? { event_sources: [...sources] } : {}),
    fields,
    name: cls.name,
  };
}

export interface ListOptions {
  readonly format: ListFormat;
  /** `-N`: names only. */
  readonly namesOnly: boolean;
  /** `-v`: prefix each description with its type (text format). */
  readonly verbose: boolean;
  /** The event sources each class serves, printed as "Event Sources". */
  readonly sources: readonly string[];
}

/** The whole `--list` output for these classes, ending with a newline. */
export function formatFieldList<E>(classes: readonly FieldClass<E>[], o: ListOptions): string {
  const shown = listedClasses(classes);
  if (o.namesOnly) {
    const names = shown.flatMap((c) => c.fields.filter((f) => !skipped(f)).map((f) => f.name));
    if (o.format === 'json') return names.length > 0 ? `${JSON.stringify({ fieldnames: names }, null, 2)}\n` : '';
    return names.map((n) => `${n}\n`).join('');
  }
  if (o.format === 'json') {
    const fieldclasses = shown.map((c) => classAsJson(c, o.sources));
    return fieldclasses.length > 0 ? `${JSON.stringify({ fieldclasses }, null, 2)}\n` : '';
  }
  const render =
    o.format === 'markdown'
      ? (c: FieldClass<E>) => classAsMarkdown(c, o.sources)
      : (c: FieldClass<E>) => classAsText(c, o.verbose, o.sources);
  return shown.map((c) => `${render(c)}\n`).join('');
}
