// Extractors of the fields of src/fields/catalog/fdlist.ts, picked from the implementations in index.ts.
import { fdlistClass } from '../catalog/fdlist.ts';
import { extractorsOf } from './index.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const fdlistExtractors: ExtractorMap<SyscallEvent> = extractorsOf(fdlistClass);
