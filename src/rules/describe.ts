// -L and -l: Falco's description of loaded rules, macros and lists (falco_engine::describe_rule), as JSON
// and as the two-column text table.

import { semverText } from './collector.ts';
import type { EventLike } from './compile/fields.ts';
import type { CompiledRule } from './compiler.ts';
import { type AnyExpr, type Expr, exprToString, walk } from './condition/ast.ts';
import { Parser } from './condition/parser.ts';
import type { EventTypeMap } from './evttypes.ts';
import { inferEventCodes } from './evttypes.ts';
import type { LoadRulesResult } from './loader.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Details {
  macros: Set<string>;
  lists: Set<string>;
  operators: Set<string>;
  fields: Set<string>;
  /** Values compared with evt.type / evt.asynctype (what async events a rule can match). */
  evtnames: Set<string>;
}

/** Falco's get_field_name: `name[arg]`, the brackets only for a non-empty argument. */
function fieldName(name: string, arg: string | undefined): string {
  return arg === undefined || arg === '' ? name : `${name}[${arg}]`;
}

/**
 * Falco's filter_details_resolver: macros referenced, lists used as a check's list value, operators, fields,
 * and the event names compared with evt.type.
 */
function details(ast: AnyExpr | undefined, knownMacros: Set<string>, knownLists: Set<string>): Details {
  const d: Details = {
    macros: new Set(),
    lists: new Set(),
    operators: new Set(),
    fields: new Set(),
    evtnames: new Set(),
  };
  if (ast === undefined) return d;
  walk(ast, (n) => {
    if (n.kind === 'identifier' && knownMacros.has(n.name)) d.macros.add(n.name);
    if (n.kind === 'binary' || n.kind === 'unary') d.operators.add(n.op);
    if (n.kind === 'field') d.fields.add(fieldName(n.name, n.arg));
    if (n.kind !== 'binary') return;
    const left = n.left.kind === 'field' ? n.left.name : '';
    const evtname = left === 'evt.type' || left === 'evt.asynctype';
    if (n.right.kind === 'list') {
      for (const v of n.right.values) {
        if (knownLists.has(v)) d.lists.add(v);
        else if (evtname) d.evtnames.add(v);
      }
    } else if (n.right.kind === 'value' && evtname) {
      d.evtnames.add(n.right.value);
    }
  });
  return d;
}

/** A plugin whose use -L reports (`details.plugins`): the fields it extracts and its async event names. */
export interface DescribedPlugin {
  readonly name: string;
  readonly fields: ReadonlySet<string>;
  readonly asyncEvents: ReadonlySet<string>;
}

/** Falco's get_json_used_plugins for the syscall source: plugins whose fields or async events the rule uses. */
function usedPlugins(
  fields: Iterable<string>,
  evtnames: ReadonlySet<string>,
  plugins: readonly DescribedPlugin[],
): string[] {
  const names = new Set<string>();
  for (const f of fields) names.add(f.includes('[') ? f.slice(0, f.indexOf('[')) : f);
  const used: string[] = [];
  for (const p of plugins) {
    if ([...names].some((f) => p.fields.has(f)) || [...p.asyncEvents].some((e) => evtnames.has(e))) used.push(p.name);
  }
  return used.sort();
}

function sorted(s: Iterable<string>): string[] {
  return [...s].sort();
}

function rawParse(text: string): AnyExpr | undefined {
  try {
    return new Parser(text).parse();
  } catch {
    return undefined;
  }
}

/** -L's `events`: the map's own description when it has one (Falco's get_json_evt_types), else the names. */
function eventNames(codes: readonly number[], map: EventTypeMap, ast?: Expr): string[] {
  if (map.describeEvents !== undefined && ast !== undefined) return sorted(map.describeEvents(ast, codes));
  const names = new Set<string>();
  for (const c of codes) {
    const n = map.nameOf?.(c);
    if (n !== undefined) names.add(n);
  }
  return sorted(names);
}

function ruleJson<E extends EventLike>(
  rule: CompiledRule<E>,
  res: LoadRulesResult<E>,
  map: EventTypeMap,
  knownMacros: Set<string>,
  knownLists: Set<string>,
  plugins: readonly DescribedPlugin[],
): Json {
  const info = res.collector.rules.get(rule.name);
  const cond = info?.cond.text ?? '';
  const raw = details(rawParse(cond), knownMacros, knownLists);
  const compiled = details(rule.ast, knownMacros, knownLists);
  const exceptionOps = new Set<string>();
  for (const e of info?.exceptions ?? []) {
    if (!e.comps.isList) exceptionOps.add(e.comps.item);
    // Falco looks two levels deep.
    else for (const c of e.comps.items) for (const x of c.isList ? c.items : [c]) exceptionOps.add(x.item);
  }
  return {
    details: {
      condition_compiled: exprToString(rule.ast),
      condition_fields: sorted(compiled.fields),
      condition_operators: sorted(compiled.operators),
      events: eventNames(rule.eventCodes, map, rule.ast),
      exception_fields: [...rule.exceptionFields],
      exception_names: sorted((info?.exceptions ?? []).map((e) => e.name)),
      exception_operators: sorted(exceptionOps),
      lists: sorted(raw.lists),
      macros: sorted(raw.macros),
      output_compiled: rule.output.format,
      output_fields: [...rule.output.fieldNames],
      plugins: usedPlugins([...compiled.fields, ...rule.output.fieldNames], compiled.evtnames, plugins),
    },
    info: {
      capture: rule.capture,
      capture_duration: rule.captureDuration,
      condition: cond,
      description: rule.description,
      enabled: info?.enabled ?? true,
      name: rule.name,
      output: info?.output ?? rule.output.format,
      priority: rule.priority,
      source: rule.source,
      tags: [...rule.tags],
    },
  };
}

/**
 * The JSON Falco prints for -L (all) or -l NAME (one rule). Throws Error when the rule is not loaded.
 * `plugins`: the plugins considered loaded, for each rule's `details.plugins` (src/app/rules-env.ts gives the
 * container plugin, which Peregrine's container support stands in for).
 */
export function describeRules<E extends EventLike>(
  res: LoadRulesResult<E>,
  map: EventTypeMap,
  ruleName?: string,
  plugins: readonly DescribedPlugin[] = [],
): Json {
  const compiled = res.compiled;
  if (compiled === undefined) throw new Error('rules must be loaded before describing them');
  const col = res.collector;
  const knownMacros = new Set(col.macros.items.map((m) => m.name));
  const knownLists = new Set(col.lists.items.map((l) => l.name));
  if (ruleName !== undefined) {
    const rule = compiled.rules.find((r) => r.name === ruleName);
    if (rule === undefined) throw new Error(`Rule "${ruleName}" is not loaded`);
    return { rules: [ruleJson(rule, res, map, knownMacros, knownLists, plugins)] };
  }
  return {
    lists: compiled.lists.map((l) => {
      const info = col.lists.get(l.name);
      const items = (info?.items ?? []).filter((i) => l.items.includes(i));
      const refs = (info?.items ?? []).filter((i) => !l.items.includes(i));
      return {
        details: { items_compiled: [...l.items], lists: sorted(new Set(refs)), plugins: [], used: l.used },
        info: { items, name: l.name },
      };
    }),
    macros: compiled.macros.map((m) => {
      const info = col.macros.get(m.name);
      const cond = info?.cond.text ?? '';
      const raw = details(rawParse(cond), knownMacros, knownLists);
      const comp = details(m.ast, knownMacros, knownLists);
      let events: string[] = [];
      try {
        events = eventNames(inferEventCodes(m.ast, map), map, m.ast);
      } catch {
        events = [];
      }
      return {
        details: {
          condition_compiled: exprToString(m.ast),
          condition_fields: sorted(comp.fields),
          condition_operators: sorted(comp.operators),
          events,
          lists: sorted(raw.lists),
          macros: sorted(raw.macros),
          plugins: [],
          used: m.used,
        },
        info: { condition: cond, name: m.name },
      };
    }),
    required_engine_version: semverText(col.requiredEngineVersion),
    required_plugin_versions: col.requiredPluginVersions.map((alts) => ({
      alternatives: alts.slice(1).map((a) => ({ name: a.name, version: a.version })),
      name: alts[0]?.name ?? '',
      version: alts[0]?.version ?? '',
    })),
    rules: compiled.rules.map((r) => ruleJson(r, res, map, knownMacros, knownLists, plugins)),
  };
}

/** Falco's wrap_text: words wrapped at `lineLen`, continuation lines indented by `indent`. */
function wrapText(text: string, indent: number, lineLen: number): string {
  let out = '';
  let len = 0;
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (len + word.length + 1 <= lineLen - indent) {
      len += word.length + 1;
    } else {
      out += `\n${' '.repeat(indent)}`;
      len = word.length + 1;
    }
    out += `${word} `;
  }
  return out;
}

/** The text table of -L: rule name, description. */
export function describeRulesText(described: Json): string {
  const rules = (described as { rules: { info: { name: string; description: string } }[] }).rules;
  const row = (l: string, r: string) => `${l.padEnd(50)} ${r}\n`;
  let s = row('Rule', 'Description') + row('----', '-----------');
  for (const r of rules) s += row(r.info.name, `${wrapText(r.info.description, 51, 110)}\n`);
  return s;
}
