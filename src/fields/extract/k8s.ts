// Extractors of the k8s fields of src/fields/catalog/k8s.ts. Empty until the capture and state modules provide them:
// a field without an extractor still validates in rules and yields null (<NA>) at run time.
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const k8sExtractors: ExtractorMap<SyscallEvent> = {};
