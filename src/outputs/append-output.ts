// falco.yaml `append_output` and `static_fields`, as load-time transformations of each rule's output: which
// extra text is appended to the rule's output format and which extra fields its alerts carry in JSON
// `output_fields`. Decided once per rule when the rules are compiled; nothing of this runs per event.
//
// Falco's semantics (falco_engine add_extra_output_*, rule_loader_compiler): an entry applies to a rule when
// every `match` condition holds — same source, same rule name, and the rule has all the listed tags. Entries
// apply in order; `-p` comes after them. `extra_output` appends ` FORMAT`; `suggested_output` appends
// ` name_with_underscores=%name` for every field its source flags as suggested (container.id, …, and every
// static field); `extra_fields` adds `key: format` (the formatted text) or a bare field name (its typed value).
import type { Config } from '../config/config.ts';
import type { BindError, Extractor, FieldClass, FieldDef, FieldRegistry, ResolvedField } from '../fields/types.ts';

export interface RuleIdentity {
  readonly name: string;
  readonly source: string;
  readonly tags: readonly string[];
}

export interface ExtraField {
  /** The key in output_fields. */
  readonly key: string;
  /** An output format (`%proc.name on %evt.cpu`, or `%evt.hostname` for a raw field). */
  readonly format: string;
  /** A bare field: output_fields gets the field's typed value rather than the formatted text. */
  readonly raw: boolean;
}

export interface RuleAdditions {
  /** Formats appended to the rule's output, each after a space, in order. */
  readonly extraOutput: readonly string[];
  readonly extraFields: readonly ExtraField[];
}

interface Entry {
  readonly source?: string;
  readonly rule?: string;
  readonly tags: readonly string[];
  readonly outputs: readonly string[];
  readonly fields: readonly ExtraField[];
}

type AppendOutputConfig = Config['append_output'];

const NONE: RuleAdditions = { extraOutput: [], extraFields: [] };

/** `container.id` → `container_id=%container.id`, as Falco formats a suggested field. */
export function suggestedFormat(field: string): string {
  return `${field.replaceAll('.', '_')}=%${field}`;
}

export class AppendOutputPlan {
  private readonly entries: readonly Entry[];

  /**
   * @param suggested the suggested fields of a source (`''` for every source), in the order `--list` shows them
   */
  constructor(config: AppendOutputConfig, suggested: (source: string | undefined) => readonly string[]) {
    this.entries = config.map((e) => {
      const outputs: string[] = [];
      if (e.extra_output !== undefined && e.extra_output !== '') outputs.push(e.extra_output);
      if (e.suggested_output === true) for (const f of suggested(e.match?.source)) outputs.push(suggestedFormat(f));
      const fields: ExtraField[] = [];
      for (const f of e.extra_fields ?? []) {
        if (typeof f === 'string') fields.push({ key: f, format: `%${f}`, raw: true });
        else for (const [key, format] of Object.entries(f)) fields.push({ key, format, raw: false });
      }
      return { source: e.match?.source, rule: e.match?.rule, tags: e.match?.tags ?? [], outputs, fields };
    });
  }

  get empty(): boolean {
    return this.entries.every((e) => e.outputs.length === 0 && e.fields.length === 0);
  }

  /** What the configuration adds to this rule. */
  forRule(rule: RuleIdentity): RuleAdditions {
    let out: string[] | undefined;
    let fields: Map<string, ExtraField> | undefined;
    for (const e of this.entries) {
      if (e.source !== undefined && e.source !== '' && e.source !== rule.source) continue;
      if (e.rule !== undefined && e.rule !== '' && e.rule !== rule.name) continue;
      if (!e.tags.every((t) => rule.tags.includes(t))) continue;
      if (e.outputs.length > 0) {
        out ??= [];
        out.push(...e.outputs);
      }
      for (const f of e.fields) {
        fields ??= new Map();
        fields.set(f.key, f); // a later entry's key wins, as in Falco's map
      }
    }
    if (out === undefined && fields === undefined) return NONE;
    return { extraOutput: out ?? [], extraFields: fields === undefined ? [] : [...fields.values()] };
  }
}

/** The suggested fields of a registry: those flagged EPF_FORMAT_SUGGESTED, of one source or of every source. */
export function suggestedFields<E>(registry: FieldRegistry<E>): (source: string | undefined) => string[] {
  return (source) =>
    registry.classes
      .filter((c) => source === undefined || source === '' || c.source === source)
      .flatMap((c) => c.fields.filter((f) => f.suggested === true).map((f) => f.name));
}

/**
 * `static_fields`: a `static` field class (`static.NAME`, a CHARBUF with the configured value, suggested for
 * outputs) in front of the registry, as libsinsp's sinsp_filter_check_static.
 */
export function withStaticFields<E>(
  registry: FieldRegistry<E>,
  fields: Readonly<Record<string, string>>,
): FieldRegistry<E> {
  const names = Object.keys(fields).sort();
  if (names.length === 0) return registry;
  const defs = new Map<string, FieldDef<E>>();
  for (const n of names) {
    const value = fields[n];
    const extractor: Extractor<E> = () => value;
    defs.set(`static.${n}`, {
      name: `static.${n}`,
      type: 'CHARBUF',
      desc: 'Static, user-defined field (falco.yaml static_fields)',
      suggested: true,
      bind: (arg) => (arg === undefined ? extractor : { error: `static.${n} takes no argument` }),
    });
  }
  const staticClass: FieldClass<E> = {
    name: 'static',
    source: 'syscall',
    desc: 'Static, user-defined filters',
    fields: [...defs.values()],
  };
  return {
    classes: [...registry.classes, staticClass],
    resolve(name: string, arg: string | undefined): ResolvedField<E> | BindError {
      const def = defs.get(name);
      if (def !== undefined) return arg === undefined ? { def } : { def, arg: { raw: arg } };
      return registry.resolve(name, arg);
    },
  };
}
