// Every extractor implemented, by full field name, whatever catalogue class the field belongs to. The per-class
// files (evt.ts, process.ts, …) pick their class's fields from here for the registry, so an implementation file
// can serve fields of several classes (proc.* and thread.* live in process-fields.ts; user and group together).
import type { CatalogClass } from '../catalog/types.ts';
import type { FieldDef } from '../types.ts';
import { tsToIso8601, tsToString } from './common.ts';
import { extractors as container } from './container-fields.ts';
import { extractors as evt } from './evt-fields.ts';
import { extractors as fd } from './fd-fields.ts';
import { extractors as fdlist } from './fdlist-fields.ts';
import { extractors as fspath } from './fs-path-fields.ts';
import { extractors as proc } from './process-fields.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';
import { extractors as user } from './user-fields.ts';

export const EXTRACTORS: ExtractorMap<SyscallEvent> = {
  ...evt,
  ...proc,
  ...fd,
  ...fdlist,
  ...fspath,
  ...user,
  ...container,
};

/** The extractors of one catalogue class's fields. */
export function extractorsOf(cls: CatalogClass): ExtractorMap<SyscallEvent> {
  const out: Record<string, ExtractorMap<SyscallEvent>[string]> = {};
  for (const f of cls.fields) {
    const b = EXTRACTORS[f.name];
    if (b !== undefined) out[f.name] = b;
  }
  return out;
}

/**
 * Field records the extractors refine: the time fields carry the event timestamp (an ABSTIME) so that Falco's
 * JSON output_fields get the nanosecond integer, and render as libsinsp's time strings in text.
 */
export const FIELD_OVERRIDES: Readonly<Record<string, Pick<FieldDef<SyscallEvent>, 'type' | 'toText'>>> = {
  'evt.time': { type: 'ABSTIME', toText: (v) => (typeof v === 'bigint' ? tsToString(v, false, true) : String(v)) },
  'evt.time.s': { type: 'ABSTIME', toText: (v) => (typeof v === 'bigint' ? tsToString(v, false, false) : String(v)) },
  'evt.time.iso8601': { type: 'ABSTIME', toText: (v) => (typeof v === 'bigint' ? tsToIso8601(v) : String(v)) },
  'evt.datetime': { type: 'ABSTIME', toText: (v) => (typeof v === 'bigint' ? tsToString(v, true, true) : String(v)) },
  'evt.datetime.s': {
    type: 'ABSTIME',
    toText: (v) => (typeof v === 'bigint' ? tsToString(v, true, false) : String(v)),
  },
};
