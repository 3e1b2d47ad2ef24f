// The compiled ruleset the engine runs per event: rules indexed by event code, in load order, with Falco's
// selection (enabled flag, minimum priority, -D/-t/-T, the `rules:` enable/disable list) already applied.
// Per event the engine calls `match` (rule_matching: first) or `matchAll`; both only meet the rules whose
// condition can match the event's type, and all rules share one field cache.

import type { EventLike, FieldCache } from './compile/fields.ts';
import type { CompiledRule } from './compiler.ts';
import type { CompiledOutput, JsonFieldValue } from './output.ts';
import { type Priority, severity } from './priority.ts';

/** One entry of Falco's `rules:` selection list. */
export interface RuleSelection {
  enable?: { rule?: string; tag?: string };
  disable?: { rule?: string; tag?: string };
}

export interface SelectionOptions {
  /** Rules below this priority never load (Falco's `priority`). */
  readonly minimumPriority?: Priority;
  /** -D: disable rules whose name contains any of these. */
  readonly disableSubstrings?: readonly string[];
  /** -T: disable rules having any of these tags. */
  readonly disableTags?: readonly string[];
  /** -t: enable only rules having one of these tags. */
  readonly enableTags?: readonly string[];
  /** falco.yaml `rules:`, applied in order after the flags. */
  readonly selection?: readonly RuleSelection[];
}

/** Falco's wildcard for `rules: - disable: {rule: ...}`: `*` matches any run of characters. */
export function matchesWildcard(pattern: string, s: string): boolean {
  if (!pattern.includes('*')) return pattern === s;
  const parts = pattern.split('*');
  if (!s.startsWith(parts[0])) return false;
  let pos = parts[0].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const at = s.indexOf(parts[i], pos);
    if (at < 0) return false;
    pos = at + parts[i].length;
  }
  const last = parts[parts.length - 1];
  return s.length - pos >= last.length && s.endsWith(last);
}

/** Which rules are enabled, in Falco's order of application. */
export function selectRules<E>(
  rules: readonly CompiledRule<E>[],
  initiallyEnabled: (r: CompiledRule<E>) => boolean,
  opts: SelectionOptions,
): Set<CompiledRule<E>> {
  const min = severity(opts.minimumPriority ?? 'Debug');
  // Rules below the minimum priority are not in the ruleset at all: nothing can enable them.
  const eligible = rules.filter((r) => severity(r.priority) <= min);
  const enabled = new Set(eligible.filter(initiallyEnabled));
  const set = (r: CompiledRule<E>, on: boolean) => (on ? enabled.add(r) : enabled.delete(r));
  for (const sub of opts.disableSubstrings ?? [])
    for (const r of eligible) if (sub === '' || r.name.includes(sub)) set(r, false);
  const disableTags = opts.disableTags ?? [];
  if (disableTags.length > 0) for (const r of eligible) if (r.tags.some((t) => disableTags.includes(t))) set(r, false);
  const enableTags = opts.enableTags ?? [];
  if (enableTags.length > 0) {
    enabled.clear();
    for (const r of eligible) if (r.tags.some((t) => enableTags.includes(t))) set(r, true);
  }
  for (const sel of opts.selection ?? []) {
    const on = sel.enable !== undefined;
    const what = sel.enable ?? sel.disable ?? {};
    if (what.rule !== undefined && what.rule !== '') {
      for (const r of eligible) if (matchesWildcard(what.rule, r.name)) set(r, on);
    }
    if (what.tag !== undefined && what.tag !== '') {
      for (const r of eligible) if (r.tags.includes(what.tag)) set(r, on);
    }
  }
  return enabled;
}

export interface AlertParts {
  /** `<time>: <Priority> <message>`. */
  readonly output: string;
  /** The rule's output alone. */
  readonly message: string;
  readonly outputFields: Record<string, JsonFieldValue>;
  /** The alert context's values (LoadRulesOptions.alertContextFields, in that order), when the ruleset has one. */
  readonly context?: JsonFieldValue[];
}

/**
 * Where alertParts takes an alert's context values from instead of extracting every field (the detection thread's
 * per-thread cache, src/engine/alert-context.ts). It must return a fresh array each time: the alert keeps it.
 */
export interface ContextSource<E> {
  values(evt: E, context: CompiledOutput<E>): JsonFieldValue[];
}

export class Ruleset<E extends EventLike> {
  /** Every compiled rule, enabled or not, in load order. */
  readonly rules: readonly CompiledRule<E>[];
  /** The enabled rules, in load order. */
  readonly enabled: readonly CompiledRule<E>[];
  readonly ruleMatching: 'first' | 'all';
  private readonly byCode: (readonly CompiledRule<E>[])[];
  private readonly empty: readonly CompiledRule<E>[] = [];
  private readonly prefix: { plain: CompiledOutput<E>; iso: CompiledOutput<E> } | undefined;
  /** The field cache every condition and output of this ruleset reads (an event's fields can be snapshotted). */
  readonly cache: FieldCache | undefined;
  /** Fields every alert carries as its context (the alert store's); undefined when not wanted. */
  private readonly context: CompiledOutput<E> | undefined;

  constructor(
    rules: readonly CompiledRule<E>[],
    enabled: ReadonlySet<CompiledRule<E>>,
    maxCode: number,
    ruleMatching: 'first' | 'all',
    prefix?: { plain: CompiledOutput<E>; iso: CompiledOutput<E> },
    cache?: FieldCache,
    context?: CompiledOutput<E>,
  ) {
    this.cache = cache;
    this.context = context;
    this.rules = rules;
    this.enabled = rules.filter((r) => enabled.has(r));
    this.ruleMatching = ruleMatching;
    const byCode: CompiledRule<E>[][] = Array.from({ length: maxCode }, () => []);
    for (const r of this.enabled) for (const c of r.eventCodes) if (c < maxCode) byCode[c].push(r);
    this.byCode = byCode;
    this.prefix = prefix;
  }

  /** The enabled rules that can match events of this code, in load order. */
  rulesFor(code: number): readonly CompiledRule<E>[] {
    return this.byCode[code] ?? this.empty;
  }

  /** The first enabled rule whose condition matches (rule_matching: first). */
  match(evt: E): CompiledRule<E> | undefined {
    const list = this.byCode[evt.type];
    if (list === undefined) return undefined;
    for (let i = 0; i < list.length; i++) if (list[i].condition(evt)) return list[i];
    return undefined;
  }

  /** Appends every matching enabled rule to `out` (rule_matching: all); returns how many matched. */
  matchAll(evt: E, out: CompiledRule<E>[]): number {
    const list = this.byCode[evt.type];
    if (list === undefined) return 0;
    let n = 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i].condition(evt)) {
        out.push(list[i]);
        n++;
      }
    }
    return n;
  }

  /** Matches per the configured rule_matching; returns the matching rules (a fresh array only on a match). */
  evaluate(evt: E): CompiledRule<E>[] | undefined {
    if (this.ruleMatching === 'first') {
      const r = this.match(evt);
      return r === undefined ? undefined : [r];
    }
    const out: CompiledRule<E>[] = [];
    return this.matchAll(evt, out) > 0 ? out : undefined;
  }

  /** Event codes any enabled rule can match: what the sensor must deliver. */
  eventCodes(): Set<number> {
    const out = new Set<number>();
    for (const r of this.enabled) for (const c of r.eventCodes) out.add(c);
    return out;
  }

  /**
   * The text and fields of an alert, as Falco's formats.cpp builds them: prefix `%evt.time: Priority`
   * (`%evt.time.iso8601` with time_format_iso_8601), a space, then the rule's output. The output is the
   * raw text; Falco's text channel additionally escapes control characters as JSON does.
   * `contextSource`: for an event as it happens only (never a deferred alert's snapshot view); absent, the
   * context is extracted in full.
   */
  alertParts(rule: CompiledRule<E>, evt: E, timeFormatIso8601: boolean, contextSource?: ContextSource<E>): AlertParts {
    const message = rule.output.text(evt);
    const outputFields = rule.output.fields(evt);
    if (this.prefix === undefined) return { output: message, message, outputFields };
    const prefix = timeFormatIso8601 ? this.prefix.iso : this.prefix.plain;
    const head = prefix.text(evt);
    // The prefix's fields after the rule's, into the same object (a name in both keeps the rule's place).
    prefix.fieldsInto(evt, outputFields);
    // append_output extra_fields (decided per rule at load time; most rules have none).
    for (const x of rule.extraFields) {
      if (x.raw) {
        const values = x.output.fields(evt);
        outputFields[x.key] = values[x.key] ?? Object.values(values)[0] ?? null;
      } else outputFields[x.key] = x.output.text(evt);
    }
    const output = `${head}: ${rule.priority} ${message}`;
    if (this.context === undefined) return { output, message, outputFields };
    const context = contextSource === undefined ? this.context.values(evt) : contextSource.values(evt, this.context);
    return { output, message, outputFields, context };
  }
}
