// Extractors of the fields of src/fields/catalog/user.ts, picked from the implementations in index.ts.
import { userClass } from '../catalog/user.ts';
import { extractorsOf } from './index.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const userExtractors: ExtractorMap<SyscallEvent> = extractorsOf(userClass);
