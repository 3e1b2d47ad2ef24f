// Extractors of the fields of src/fields/catalog/evt-generic.ts, picked from the implementations in index.ts.
import { evtGenericClass } from '../catalog/evt-generic.ts';
import { extractorsOf } from './index.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const evtGenericExtractors: ExtractorMap<SyscallEvent> = extractorsOf(evtGenericClass);
