// The extractor maps of the syscall source, one per implementation file. A file serves whatever fields it
// implements, of any catalogue class (proc.* and thread.* live in process-fields.ts; user and group together;
// container-fields.ts has container.*, k8s.* and proc.is_container_healthcheck & co.). src/fields/registry.ts joins
// them with the catalogue and refuses a key that names no catalogue field, or a field two maps implement.
import { extractors as container } from './container-fields.ts';
import { extractors as evt } from './evt-fields.ts';
import { extractors as fd } from './fd-fields.ts';
import { extractors as fdlist } from './fdlist-fields.ts';
import { extractors as fspath } from './fs-path-fields.ts';
import { extractors as proc } from './process-fields.ts';
import type { ExtractorMap, SyscallEvent } from './types.ts';
import { extractors as user } from './user-fields.ts';

export const SYSCALL_EXTRACTORS: readonly ExtractorMap<SyscallEvent>[] = [
  evt,
  proc,
  fd,
  fdlist,
  fspath,
  user,
  container,
];
