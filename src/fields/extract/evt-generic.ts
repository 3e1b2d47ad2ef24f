// Extractors of the evt (All event types) fields of src/fields/catalog/evt-generic.ts. Empty until the capture and
// state modules provide them: a field without an extractor still validates in rules and yields null (<NA>) at run
// time.
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const evtGenericExtractors: ExtractorMap<SyscallEvent> = {};
