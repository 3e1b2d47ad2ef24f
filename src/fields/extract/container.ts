// Extractors of the fields of src/fields/catalog/container.ts, picked from the implementations in index.ts.
import { containerClass } from '../catalog/container.ts';
import { extractorsOf } from './index.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const containerExtractors: ExtractorMap<SyscallEvent> = extractorsOf(containerClass);
