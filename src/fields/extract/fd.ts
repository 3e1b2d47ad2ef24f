// Extractors of the fields of src/fields/catalog/fd.ts, picked from the implementations in index.ts.
import { fdClass } from '../catalog/fd.ts';
import { extractorsOf } from './index.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const fdExtractors: ExtractorMap<SyscallEvent> = extractorsOf(fdClass);
