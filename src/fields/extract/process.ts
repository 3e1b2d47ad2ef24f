// Extractors of the fields of src/fields/catalog/process.ts, picked from the implementations in index.ts.
import { processClass } from '../catalog/process.ts';
import { extractorsOf } from './index.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const processExtractors: ExtractorMap<SyscallEvent> = extractorsOf(processClass);
