// Extractors of the fs.path fields of src/fields/catalog/fs-path.ts. Empty until the capture and state modules
// provide them: a field without an extractor still validates in rules and yields null (<NA>) at run time.
import type { ExtractorMap, SyscallEvent } from './types.ts';

export const fsPathExtractors: ExtractorMap<SyscallEvent> = {};
