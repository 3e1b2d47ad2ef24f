// Extractors of the group fields of src/fields/catalog/group.ts. Empty until the capture and state modules provide
// them: a field without an extractor still validates in rules and yields null (<NA>) at run time.
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const groupExtractors: ExtractorMap<SyscallEvent> = {};
