// Every extractor implemented, by full field name, whatever catalogue class the field belongs to. The per-class
// files (evt.ts, process.ts, …) pick their class's fields from here for the registry, so an implementation file
// can serve fields of several classes (proc.* and thread.* live in process-fields.ts; user and group together).
import type { CatalogClass } from '../catalog/types.ts';
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
