// Extractors of the fields of src/fields/catalog/util.ts, picked from the implementations in index.ts.
import { utilClass } from '../catalog/util.ts';
import { extractorsOf } from './index.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const utilExtractors: ExtractorMap<SyscallEvent> = extractorsOf(utilClass);
