// Extractors of the user fields of src/fields/catalog/user.ts. Empty until the capture and state modules provide
// them: a field without an extractor still validates in rules and yields null (<NA>) at run time.
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const userExtractors: ExtractorMap<SyscallEvent> = {};
