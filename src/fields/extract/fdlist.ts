// Extractors of the fdlist fields of src/fields/catalog/fdlist.ts. Empty until the capture and state modules provide
// them: a field without an extractor still validates in rules and yields null (<NA>) at run time.
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const fdlistExtractors: ExtractorMap<SyscallEvent> = {};
