// Extractors of the evt (Syscall events only) fields of src/fields/catalog/evt.ts. Empty until the capture and state
// modules provide them: a field without an extractor still validates in rules and yields null (<NA>) at run time.
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const evtExtractors: ExtractorMap<SyscallEvent> = {};
