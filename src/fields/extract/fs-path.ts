// Extractors of the fields of src/fields/catalog/fs-path.ts, picked from the implementations in index.ts.
import { fsPathClass } from '../catalog/fs-path.ts';
import { extractorsOf } from './index.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const fsPathExtractors: ExtractorMap<SyscallEvent> = extractorsOf(fsPathClass);
