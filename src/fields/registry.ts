// Joins the field catalogue (src/fields/catalog/) with the extractor maps (src/fields/extract/) into FieldDefs,
// and resolves field references the way Falco does.
//
// Resolution follows libsinsp: the text checked is the field name plus `[arg]` when the rule used brackets;
// classes are tried in Falco's order and the first class that recognises a prefix decides. Within a class the
// longest field name that is a prefix of the text wins, a few fields parse their own argument (evt.arg.NAME,
// proc.aname[N], proc.env[KEY], thread.cgroup.SUBSYS…), and the plugin-style classes (container, k8s) parse
// `name[arg]` with the plugin rules. Whatever was recognised must cover the whole text, otherwise the field is
// unknown. Error texts are libsinsp's, so a rule that fails in Falco fails here with the same words.
import { EVENT_TABLE, type ParamTypeName } from '../capture/event-table.ts';
import { type CatalogClass, evtClass, fdClass, processClass, SYSCALL_CLASSES } from './catalog/index.ts';
import { SYSCALL_EXTRACTORS } from './extract/index.ts';
import type { Bind, ExtractorMap, SyscallEvent } from './extract/types.ts';
import type { BindError, FieldArg, FieldClass, FieldDef, FieldRegistry, FieldType, ResolvedField } from './types.ts';

/** FieldRegistry plus lookups the CLI, the docs generator and the tests need. */
export interface CatalogRegistry<E> extends FieldRegistry<E> {
  /** The field named exactly `name` (no argument), listed or not. */
  field(name: string): FieldDef<E> | undefined;
}

/** Falco's message for a field no class knows (libsinsp's filter compiler, rule_loader's LOAD_UNKNOWN_FIELD). */
export function unknownFieldError(text: string): BindError {
  return { error: `filter_check called with nonexistent field ${text}` };
}

// The outcome of one class looking at the text: not recognised, an error, or recognised over `len` characters.
type Parse<E> = undefined | BindError | { readonly len: number; readonly def: FieldDef<E>; readonly arg?: FieldArg };

interface ClassParser<E> {
  readonly cls: FieldClass<E>;
  parse(text: string): Parse<E>;
}

/** sscanf("%d%c")-style: one optional sign and digits, nothing else (leading blanks allowed). */
function parseInteger(text: string): number | undefined {
  return /^\s*[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

function notANumber(text: string): BindError {
  return { error: `${text} is not a valid number` };
}

function fieldArg(raw: string, index?: number): FieldArg {
  return index !== undefined && index >= 0 ? { raw, index } : { raw };
}

/** The longest field of `fields` whose name is a prefix of `text` (sinsp_filter_check::parse_field_name). */
function longestPrefix<E>(fields: readonly FieldDef<E>[], text: string): FieldDef<E> | undefined {
  let best: FieldDef<E> | undefined;
  for (const f of fields) {
    if (f.name.length > (best?.name.length ?? -1) && text.startsWith(f.name)) best = f;
  }
  return best;
}

/** The first event parameter with the longest name that is a prefix of `text` (find_longest_matching_evt_param). */
function longestEventParam(text: string): { name: string; type: ParamTypeName } | undefined {
  let best: { name: string; type: ParamTypeName } | undefined;
  for (const e of EVENT_TABLE) {
    for (const p of e.params) {
      if (p.name.length > (best?.name.length ?? 0) && text.startsWith(p.name)) best = p;
    }
  }
  return best;
}

function asFieldType(t: ParamTypeName): FieldType {
  if (t === 'FD32') return 'FD';
  if (t === 'PID32') return 'PID';
  if (t === 'NONE') return 'DYN';
  return t;
}

// ---- the libsinsp classes with their own argument syntax -------------------------------------------------------

// What a special rule recognised: `len` characters as field `field`, with its argument and, for evt.rawarg, the
// type the argument's event parameter gives it.
type SpecialParse =
  | BindError
  | { readonly len: number; readonly field: string; readonly arg?: FieldArg; readonly type?: FieldType };

// A rule for names starting with `prefix` (and not with `unless`), tried before the longest-prefix match.
interface Special {
  readonly prefix: string;
  readonly unless?: string;
  parse(text: string): SpecialParse;
}

/** evt.arg / evt.rawarg / evt.around: `[N]` or `.NAME` (sinsp_filter_check_event::extract_arg). */
function eventArg(name: 'evt.arg' | 'evt.rawarg' | 'evt.around'): Special {
  return {
    prefix: name,
    unless: name === 'evt.arg' ? 'evt.args' : undefined,
    parse(text) {
      const next = text[name.length];
      if (text.length > name.length && next === '[') {
        if (name === 'evt.rawarg') return { error: 'evt.arg fields must be expressed explicitly' };
        const close = text.indexOf(']');
        const end = close < 0 ? text.length : close;
        const num = text.slice(name.length + 1, end);
        const n = parseInteger(num);
        if (n === undefined) return notANumber(num);
        return { len: end + 1, field: name, arg: fieldArg(num, n) };
      }
      if (text.length > name.length && next === '.') {
        if (name === 'evt.around') return { error: 'wrong syntax for evt.around' };
        const rest = text.slice(name.length + 1);
        const param = longestEventParam(rest);
        if (param === undefined) return { error: `unknown event argument ${rest}` };
        const len = name.length + 1 + param.name.length;
        // evt.rawarg takes the type of that parameter so the compiler converts literals the right way.
        if (name === 'evt.rawarg')
          return { len, field: name, arg: fieldArg(param.name), type: asFieldType(param.type) };
        return { len, field: name, arg: fieldArg(param.name) };
      }
      return { error: `filter syntax error: ${text}` };
    },
  };
}

/** evt.type.is.NAME or evt.type.is.N (extract_type): an unknown name leaves the field unrecognised. */
const eventTypeIs: Special = {
  prefix: 'evt.type.is',
  parse(text) {
    const name = 'evt.type.is';
    if (!(text.length > name.length && text[name.length] === '.')) return { error: `filter syntax error: ${text}` };
    const itype = text.slice(name.length + 1);
    const n = parseInteger(itype);
    if (n !== undefined) return { len: text.length, field: name, arg: fieldArg(itype, n) };
    const known = EVENT_TABLE.some((e) => e.name === itype);
    return { len: known ? text.length : 0, field: name, arg: fieldArg(itype) };
  },
};

/** evt.abspath, evt.abspath.src, evt.abspath.dst. */
const eventAbspath: Special = {
  prefix: 'evt.abspath',
  parse(text) {
    for (const which of ['src', 'dst']) {
      if (text.startsWith(`evt.abspath.${which}`)) return { len: 15, field: 'evt.abspath', arg: fieldArg(which) };
    }
    return { len: 11, field: 'evt.abspath' };
  },
};

/**
 * proc.aname[N], proc.env[KEY]… (sinsp_filter_check_thread::extract_arg). A malformed argument is not an error
 * here: libsinsp swallows it and recognises the bare name, so the text becomes an unknown field.
 */
function threadArg(name: string, keyed: boolean): Special {
  return {
    prefix: name,
    parse(text) {
      const bare = { len: name.length, field: name };
      if (!(text.length > name.length && text[name.length] === '[')) return bare;
      const close = text.indexOf(']', name.length);
      if (close < 0) return bare;
      const raw = text.slice(name.length + 1, close);
      if (keyed) {
        const digits = raw !== '' && /^\d+$/.test(raw);
        return { len: close + 1, field: name, arg: fieldArg(raw, digits ? Number(raw) : undefined) };
      }
      const n = parseInteger(raw);
      if (n === undefined) return bare;
      return { len: close + 1, field: name, arg: fieldArg(raw, n) };
    },
  };
}

/** thread.cgroup.SUBSYS: letters and underscores after the dot. */
const threadCgroup: Special = {
  prefix: 'thread.cgroup',
  unless: 'thread.cgroups',
  parse(text) {
    const name = 'thread.cgroup';
    if (!(text.length > name.length && text[name.length] === '.')) return { error: `filter syntax error: ${text}` };
    const m = /^[A-Za-z_]*/.exec(text.slice(name.length + 1));
    const subsys = m?.[0] ?? '';
    return { len: name.length + 1 + subsys.length, field: name, arg: fieldArg(subsys) };
  },
};

/** proc.* names starting with "arg" never reach here; a bare `arg…` name does, and libsinsp refuses it. */
const threadBareArg: Special = {
  prefix: 'arg',
  parse: () => ({ error: 'filter error: proc.arg filter not implemented yet' }),
};

/** fd.types[N]. */
const fdTypes: Special = {
  prefix: 'fd.types',
  parse(text) {
    const name = 'fd.types';
    if (!(text.length > name.length && text[name.length] === '[')) return { len: name.length, field: name };
    const close = text.indexOf(']');
    const end = close < 0 ? text.length : close;
    const num = text.slice(name.length + 1, end);
    const n = parseInteger(num);
    if (n === undefined) return notANumber(num);
    return { len: end + 1, field: name, arg: fieldArg(num, n) };
  },
};

// Which classes have special rules, in libsinsp's order of tests.
const SPECIALS = new Map<CatalogClass, readonly Special[]>([
  [evtClass, [eventArg('evt.arg'), eventArg('evt.rawarg'), eventArg('evt.around'), eventAbspath, eventTypeIs]],
  [
    processClass,
    [
      threadBareArg,
      threadArg('proc.apid', false),
      threadArg('proc.aname', false),
      threadArg('proc.aexepath', false),
      threadArg('proc.aexe', false),
      threadArg('proc.acmdline', false),
      threadArg('proc.aargs', false),
      threadArg('proc.env', true),
      threadArg('proc.args', false),
      threadArg('proc.aenv', true),
      threadCgroup,
    ],
  ],
  [fdClass, [fdTypes]],
]);

function libsParser<E>(cls: FieldClass<E>, specials: readonly Special[]): ClassParser<E> {
  const byName = new Map(cls.fields.map((f) => [f.name, f]));
  return {
    cls,
    parse(text) {
      for (const s of specials) {
        if (!text.startsWith(s.prefix) || (s.unless !== undefined && text.startsWith(s.unless))) continue;
        const r = s.parse(text);
        if ('error' in r) return r;
        const f = byName.get(r.field);
        if (f === undefined) throw new Error(`field catalogue: ${cls.name} has no field ${r.field}`);
        const def = r.type === undefined ? f : Object.freeze({ ...f, type: r.type });
        return r.arg === undefined ? { len: r.len, def } : { len: r.len, def, arg: r.arg };
      }
      const f = longestPrefix(cls.fields, text);
      return f === undefined ? undefined : { len: f.name.length, def: f };
    },
  };
}

// ---- plugin-style classes (sinsp_filter_check_plugin::parse_field_name) ----------------------------------------

function pluginParser<E>(cls: FieldClass<E>): ClassParser<E> {
  return {
    cls,
    parse(text) {
      const f = longestPrefix(cls.fields, text);
      if (f === undefined) return undefined;
      const space = text.indexOf(' ');
      const val = (space < 0 ? text : text.slice(0, space)).trim();
      const open = val.indexOf('[');
      if (open < 0) {
        if (f.arg?.required) return { error: `filter '${val}': ${f.name} requires an argument but none provided` };
        return { len: f.name.length, def: f };
      }
      // A bracket after a longer name (container.namex[1]) is not this field: let the next class look.
      if (open !== f.name.length) return undefined;
      if (open + 1 >= val.length) {
        return { error: `filter '${val}': ${f.name} terminates with incomplete argument brackets` };
      }
      const rest = val.slice(open + 1);
      const close = rest.indexOf(']');
      if (close < 0) return { error: `filter '${val}': ${f.name} has unbalanced argument brackets` };
      const raw = rest.slice(0, close);
      if (f.arg === undefined) {
        return {
          error: `filter '${val}': ${f.name} does not allow nor require an argument but one is provided: ${raw}`,
        };
      }
      let index: number | undefined;
      if (f.arg.kind !== 'key') {
        let message = '';
        if (raw.length === 0 || (raw.length > 1 && raw[0] === '0')) {
          message = ' has an invalid index argument starting with 0: ';
        }
        if (!/^\d*$/.test(raw)) message = ' has an invalid index argument not composed only by digits: ';
        if (message === '' && !Number.isSafeInteger(Number(raw))) {
          message = ' has an invalid index argument not representable on 64 bit: ';
        }
        if (message === '') index = Number(raw);
        else if (f.arg.kind === 'index') return { error: `filter ${val} ${f.name}${message}${raw}` };
      }
      return { len: open + close + 2, def: f, arg: fieldArg(raw, index) };
    },
  };
}

// ---- the registry -----------------------------------------------------------------------------------------------

/**
 * The extractor of every field, by name, from maps that may each serve fields of several classes (proc.* and
 * thread.* live in one file, container.* and k8s.* in another). A key that names no field of `classes`, or a field
 * two maps implement, is a programming error that would otherwise lose an extractor without a word: it throws,
 * naming every such key, so the first test that loads the registry fails.
 */
function extractorsByField<E>(
  classes: readonly CatalogClass[],
  extractorMaps: readonly ExtractorMap<E>[],
): Map<string, Bind<E>> {
  const known = new Set(classes.flatMap((c) => c.fields.map((f) => f.name)));
  const byField = new Map<string, Bind<E>>();
  const stray: string[] = [];
  const twice: string[] = [];
  for (const map of extractorMaps) {
    for (const [name, bind] of Object.entries(map)) {
      if (!known.has(name)) stray.push(name);
      else if (byField.has(name)) twice.push(name);
      else byField.set(name, bind);
    }
  }
  const problems = [
    stray.length > 0 ? `extractors for fields the catalogue does not have: ${stray.join(', ')}` : '',
    twice.length > 0 ? `fields with more than one extractor: ${twice.join(', ')}` : '',
  ].filter((p) => p !== '');
  if (problems.length > 0) throw new Error(`field registry: ${problems.join('; ')}`);
  return byField;
}

/**
 * Builds a registry from catalogue classes, in resolution (and listing) order, and the extractor maps that
 * implement their fields. A field no map implements resolves without `bind`; see extractorsByField for what
 * throws.
 */
export function createRegistry<E>(
  classes: readonly CatalogClass[],
  extractorMaps: readonly ExtractorMap<E>[],
): CatalogRegistry<E> {
  const extractors = extractorsByField(classes, extractorMaps);
  const parsers: ClassParser<E>[] = [];
  const byName = new Map<string, FieldDef<E>>();
  for (const cat of classes) {
    const fields = cat.fields.map((f): FieldDef<E> => {
      const bind = extractors.get(f.name);
      return Object.freeze(bind === undefined ? { ...f } : { ...f, bind });
    });
    const cls: FieldClass<E> = Object.freeze({ ...cat, fields: Object.freeze(fields) });
    for (const f of fields) if (!byName.has(f.name)) byName.set(f.name, f);
    parsers.push(cat.plugin ? pluginParser(cls) : libsParser(cls, SPECIALS.get(cat) ?? []));
  }
  return {
    classes: Object.freeze(parsers.map((p) => p.cls)),
    field: (name) => byName.get(name),
    resolve(name: string, arg: string | undefined): ResolvedField<E> | BindError {
      const text = arg === undefined ? name : `${name}[${arg}]`;
      for (const p of parsers) {
        const r = p.parse(text);
        if (r === undefined) continue;
        if ('error' in r) return r;
        if (r.len !== text.length) return unknownFieldError(text);
        return r.arg === undefined ? { def: r.def } : { def: r.def, arg: r.arg };
      }
      return unknownFieldError(text);
    },
  };
}

/** The registry of the syscall source: every field Falco knows for syscall events, in Falco's class order. */
export const syscallRegistry: CatalogRegistry<SyscallEvent> = createRegistry(SYSCALL_CLASSES, SYSCALL_EXTRACTORS);

/** Event sources Peregrine has fields for (`--list SOURCE`). */
export const FIELD_SOURCES: readonly string[] = ['syscall'];
