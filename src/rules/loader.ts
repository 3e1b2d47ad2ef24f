// Loading rules files, the public entry point of the rules engine.
//
//   const res = loadRules(['/etc/peregrine/rules.d', 'extra.yaml'], { registry, eventTypes, ...selection });
//   res.files       // Falco's per-file load results: errors and warnings with codes and locations
//   res.ruleset     // when every file loaded: Ruleset<E> (rulesFor(code), match(evt), matchAll(evt, out))
//
// Inputs are paths (a directory contributes its *.yaml/*.yml files, sorted) or `{name, content}`. Files
// load in order into one collector, and everything collected so far is recompiled after each file, as
// Falco's engine does: a file's result holds the problems found while loading it. Loading stops at the
// first file with an error unless `validate` is set (-V validates every file). Nothing here throws on bad
// input: every problem is in `files`.
import { readFileSync } from 'node:fs';
import type { FieldRegistry } from '../fields/types.ts';
import { MappedText, SourceFile } from '../text/mapped-text.ts';
import { ENGINE_VERSION } from '../version.ts';
import {
  Collector,
  type EngineVersion,
  type PluginRequirement,
  parseSemver,
  type SourceInfo,
  semverText,
} from './collector.ts';
import { compileFieldLike, type EventLike, FieldCache } from './compile/fields.ts';
import { type CompiledRule, type CompileEnv, CompileMemo, type CompileOutput, compileCollected } from './compiler.ts';
import { Parser } from './condition/parser.ts';
import type { EventTypeMap } from './evttypes.ts';
import { Context, FileLoadResult } from './load-result.ts';
import { compileOutput } from './output.ts';
import { expandRulesPaths } from './paths.ts';
import type { Priority } from './priority.ts';
import { readRulesFile } from './reader.ts';
import type { RuleSelection } from './ruleset.ts';
import { Ruleset, selectRules } from './ruleset.ts';

export interface RulesInput {
  readonly name: string;
  readonly content: string;
}

export interface LoadRulesOptions<E> {
  readonly registry: FieldRegistry<E>;
  readonly eventTypes: EventTypeMap;
  /** Event sources rules may use; a rule of another source is skipped with LOAD_UNKNOWN_SOURCE. */
  readonly sources?: readonly string[];
  /** The engine version `required_engine_version` is checked against (default ENGINE_VERSION). */
  readonly engineVersion?: string;
  /** Plugins considered loaded for `required_plugin_versions` (default: Peregrine's built-in container support). */
  readonly plugins?: readonly PluginRequirement[];
  /** -V: load every file even after an error. */
  readonly validate?: boolean;
  readonly ruleMatching?: 'first' | 'all';
  readonly minimumPriority?: Priority;
  readonly disableSubstrings?: readonly string[];
  readonly disableTags?: readonly string[];
  readonly enableTags?: readonly string[];
  readonly selection?: readonly RuleSelection[];
  /** -p: appended to every rule's output. */
  readonly extraOutputFormat?: string;
  /** falco.yaml append_output, decided per rule (see CompileEnv.appendOutput). */
  readonly appendOutput?: CompileEnv<E>['appendOutput'];
  /**
   * Fields every alert also carries as its `context`, their values in this order (the alert store's process, user
   * and container context: src/store/context.ts). Compiled once into the rules' field cache; absent: no context.
   */
  readonly alertContextFields?: readonly string[];
  /**
   * Reuse what earlier per-file compilations computed (default). False compiles everything from scratch
   * after each file; the results are the same, only slower (the tests compare both).
   */
  readonly reuseCompilations?: boolean;
}

export interface LoadRulesResult<E extends EventLike> {
  /** One result per file, in load order (files after a failing one are absent unless validating). */
  readonly files: FileLoadResult[];
  /** File contents by name, for snippets and --support. */
  readonly contents: Map<string, string>;
  readonly successful: boolean;
  /** A problem that is not about one file (plugin requirements), Falco's fatal error text. */
  readonly fatal?: string;
  /** Present when every file loaded. */
  readonly ruleset?: Ruleset<E>;
  /** The last successful compilation (for -L). */
  readonly compiled?: CompileOutput<E>;
  readonly collector: Collector;
}

/** Peregrine reads container metadata itself; rules requiring Falco's container plugin are satisfied. */
export const BUILTIN_PLUGINS: readonly PluginRequirement[] = [{ name: 'container', version: '0.7.1' }];

function concatConditions(a: MappedText, b: MappedText): MappedText {
  return MappedText.concat([a, MappedText.plain(' '), b]);
}

function pluginCompatible(have: string, need: string): boolean {
  const h = parseSemver(have);
  const n = parseSemver(need);
  if (h === undefined || n === undefined) return false;
  if (h.major !== n.major) return false;
  return h.minor !== n.minor ? h.minor > n.minor : h.patch >= n.patch;
}

/** Falco's check_plugin_requirements: the error text, or undefined when satisfied. */
export function checkPluginRequirements(
  required: readonly (readonly PluginRequirement[])[],
  loaded: readonly PluginRequirement[],
): string | undefined {
  for (const alternatives of required) {
    let ok = false;
    for (const req of alternatives) {
      const plugin = loaded.find((p) => p.name === req.name);
      if (plugin === undefined) continue;
      if (parseSemver(plugin.version) === undefined)
        return `Plugin '${plugin.name}' has invalid version string '${plugin.version}'`;
      if (!pluginCompatible(plugin.version, req.version)) {
        return `Plugin '${plugin.name}' version '${plugin.version}' is not compatible with required plugin version '${req.version}'`;
      }
      ok = true;
      break;
    }
    if (!ok) {
      return `Plugin requirement not satisfied, must load one of: ${alternatives.map((r) => `${r.name} (>= ${r.version})`).join(', ')}`;
    }
  }
  return undefined;
}

/** Loads and compiles rules files. Never throws for bad rules: see `files`. */
export function loadRules<E extends EventLike>(
  inputs: readonly (string | RulesInput)[],
  opts: LoadRulesOptions<E>,
): LoadRulesResult<E> {
  const engineVersion: EngineVersion = parseSemver(opts.engineVersion ?? ENGINE_VERSION) ?? {
    major: 0,
    minor: 0,
    patch: 0,
  };
  const cache = new FieldCache();
  const sources = new Map<string, SourceInfo>();
  for (const s of opts.sources ?? ['syscall']) {
    sources.set(s, { isValidLhsField: (field) => isValidLhsField(opts.registry, cache, field) });
  }
  const collector = new Collector(engineVersion, sources);
  const files: FileLoadResult[] = [];
  const contents = new Map<string, string>();
  let compiled: CompileOutput<E> | undefined;
  let successful = true;
  const memo = new CompileMemo();

  const expanded: (string | RulesInput)[] = [];
  for (const i of inputs) {
    if (typeof i === 'string') expanded.push(...expandRulesPaths([i]).files);
    else expanded.push(i);
  }

  for (const [i, input] of expanded.entries()) {
    const name = typeof input === 'string' ? input : input.name;
    const res = new FileLoadResult(name);
    files.push(res);
    let content: string;
    if (typeof input === 'string') {
      try {
        content = readFileSync(input, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? String(err);
        res.addError('LOAD_ERR_FILE_READ', `Could not open file ${input} for reading (${code})`, Context.root(input));
        successful = false;
        if (opts.validate) continue;
        break;
      }
    } else {
      content = input.content;
    }
    contents.set(name, content);
    const file = new SourceFile(name, content);
    if (readRulesFile({ file, collector, result: res, concat: concatConditions })) {
      // Only the last compilation's predicates run; earlier ones (and -V) only report problems.
      const generate = !opts.validate && i === expanded.length - 1;
      const out = compileCollected(
        collector,
        {
          registry: opts.registry,
          eventTypes: opts.eventTypes,
          cache,
          extraOutputFormat: opts.extraOutputFormat,
          generate,
          appendOutput: opts.appendOutput,
          codegen: !opts.validate,
          memo: opts.reuseCompilations === false ? new CompileMemo() : memo,
        },
        res,
      );
      if (out !== undefined && res.successful) compiled = out;
    }
    if (!res.successful) {
      successful = false;
      if (!opts.validate) break;
    }
  }

  const fatal = successful
    ? checkPluginRequirements(collector.requiredPluginVersions, opts.plugins ?? BUILTIN_PLUGINS)
    : undefined;
  if (!successful || compiled === undefined || fatal !== undefined) {
    return fatal === undefined
      ? { files, contents, successful: successful && compiled !== undefined, collector, compiled }
      : { files, contents, successful: false, fatal, collector, compiled };
  }

  const infoByName = new Map(collector.rules.items.map((r) => [r.name, r] as const));
  const enabled = selectRules(compiled.rules, (r) => infoByName.get(r.name)?.enabled ?? true, opts);
  const prefixEnv = { registry: opts.registry, cache };
  let prefix: { plain: ReturnType<typeof compileOutput<E>>; iso: ReturnType<typeof compileOutput<E>> } | undefined;
  try {
    prefix = { plain: compileOutput('*%evt.time', prefixEnv), iso: compileOutput('*%evt.time.iso8601', prefixEnv) };
  } catch {
    prefix = undefined;
  }
  // Compiled like the prefix: into the shared cache, so a deferred alert's snapshot holds these fields too.
  const context =
    opts.alertContextFields === undefined ? undefined : compileContext(opts.alertContextFields, prefixEnv);
  const ruleset = new Ruleset<E>(
    compiled.rules,
    enabled,
    opts.eventTypes.maxCode,
    opts.ruleMatching ?? 'first',
    prefix,
    cache,
    context,
  );
  return { files, contents, successful: true, ruleset, compiled, collector };
}

/**
 * The alert context's fields as one output (leading `*`: every field is present, null when not available), whose
 * `values` are in the order of `fields`: an alert's context is a plain array, read by position.
 */
function compileContext<E extends EventLike>(
  fields: readonly string[],
  env: { registry: FieldRegistry<E>; cache: FieldCache },
): ReturnType<typeof compileOutput<E>> {
  const out = compileOutput(`*${fields.map((f) => `%${f}`).join(' ')}`, env);
  if (out.jsonNames.length !== fields.length || out.jsonNames.some((n, i) => n !== fields[i])) {
    throw new Error(`alert context fields compiled as ${out.jsonNames.join(' ')}, not ${fields.join(' ')}`);
  }
  return out;
}

/** Falco's is_valid_lhs_field: a field name, or an expression with transformers that compiles. */
function isValidLhsField<E extends EventLike>(registry: FieldRegistry<E>, cache: FieldCache, field: string): boolean {
  try {
    const { expr, length } = new Parser(field).parseFieldOrTransformer();
    if (length !== field.length) return false;
    compileFieldLike({ registry, cache, forOutput: false }, expr);
    return true;
  } catch {
    return false;
  }
}

export type { CompiledRule, EngineVersion };
export { semverText };
