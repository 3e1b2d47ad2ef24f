// Extractors of the fields of src/fields/catalog/k8s.ts, picked from the implementations in index.ts.
import { k8sClass } from '../catalog/k8s.ts';
import { extractorsOf } from './index.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const k8sExtractors: ExtractorMap<SyscallEvent> = extractorsOf(k8sClass);
