// Extractors of the util fields of src/fields/catalog/util.ts. Empty until the capture and state modules provide
// them: a field without an extractor still validates in rules and yields null (<NA>) at run time.
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const utilExtractors: ExtractorMap<SyscallEvent> = {};
