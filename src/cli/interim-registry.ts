// Stopgap until the field catalogue (src/fields/registry.ts, branch `catalog`) lands: field names, types and
// flags of libs 0.25.4 and the container plugin, without extractors (every value is <NA>). Enough for -V,
// -L and --dry-run to validate rules exactly as the catalogue will. Delete when the catalogue is merged.
import type { FieldArg, FieldClass, FieldDef, FieldRegistry, FieldType } from '../fields/types.ts';
import fields from './interim-fields.generated.json' with { type: 'json' };

interface FieldRecord {
  type: string;
  flags: string[];
}

const DOTTED = new Set(['evt.arg', 'evt.rawarg']);

export function interimRegistry<E>(): FieldRegistry<E> {
  const defs = new Map<string, FieldDef<E>>();
  const classes: FieldClass<E>[] = [];
  for (const [name, rec] of Object.entries(fields as Record<string, FieldRecord>)) {
    const f = new Set(rec.flags);
    const hasArg = f.has('EPF_ARG_REQUIRED') || f.has('EPF_ARG_ALLOWED');
    const def: FieldDef<E> = {
      name,
      type: rec.type as FieldType,
      desc: name,
      ...(hasArg
        ? { arg: { required: f.has('EPF_ARG_REQUIRED'), kind: 'index-or-key' as const, dotted: DOTTED.has(name) } }
        : {}),
      list: f.has('EPF_IS_LIST'),
      filterOnly: f.has('EPF_FILTER_ONLY'),
      noRhs: f.has('EPF_NO_RHS'),
      noTransformer: f.has('EPF_NO_TRANSFORMER'),
    };
    defs.set(name, def);
    const clsName = name.split('.')[0];
    let cls = classes.find((c) => c.name === clsName);
    if (cls === undefined) {
      cls = { name: clsName, source: 'syscall', desc: clsName, fields: [] };
      classes.push(cls);
    }
    (cls.fields as FieldDef<E>[]).push(def);
  }
  const argOf = (raw: string): FieldArg => (/^[0-9]+$/.test(raw) ? { raw, index: Number(raw) } : { raw });
  return {
    classes,
    resolve(name, arg) {
      let def = defs.get(name);
      let a = arg;
      if (def === undefined && arg === undefined) {
        for (const d of DOTTED) {
          if (name.startsWith(`${d}.`)) {
            def = defs.get(d);
            a = name.slice(d.length + 1);
          }
        }
      }
      const shown = arg === undefined ? name : `${name}[${arg}]`;
      if (def === undefined) return { error: `filter_check called with nonexistent field ${shown}` };
      if (a !== undefined && def.arg === undefined) return { error: `field '${name}' does not take an argument` };
      if (a === undefined && def.arg?.required) return { error: `field '${name}' requires an argument` };
      return a === undefined ? { def } : { def, arg: argOf(a) };
    },
  };
}
