// Extractors of the fields of src/fields/catalog/evt.ts, picked from the implementations in index.ts.
import { evtClass } from '../catalog/evt.ts';
import { extractorsOf } from './index.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const evtExtractors: ExtractorMap<SyscallEvent> = extractorsOf(evtClass);
