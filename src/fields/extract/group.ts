// Extractors of the fields of src/fields/catalog/group.ts, picked from the implementations in index.ts.
import { groupClass } from '../catalog/group.ts';
import { extractorsOf } from './index.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const groupExtractors: ExtractorMap<SyscallEvent> = extractorsOf(groupClass);
