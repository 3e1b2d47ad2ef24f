// Extractors of the container (container.*, proc.is_container_*) fields of src/fields/catalog/container.ts. Empty
// until the capture and state modules provide them: a field without an extractor still validates in rules and yields
// null
// (<NA>) at run time.
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const containerExtractors: ExtractorMap<SyscallEvent> = {};
