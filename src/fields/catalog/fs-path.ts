// Field class `fs.path` of Falco's syscall source: names, types, flags and descriptions as
// `falco --list` prints them. Facts from falcosecurity/libs 48dfd53cd
// (userspace/libsinsp/sinsp_filtercheck_fspath.cpp); generated once, then maintained by hand.
import type { CatalogClass } from './types.ts';

export const fsPathClass: CatalogClass = {
  name: 'fs.path',
  desc: 'Every syscall that has a filesystem path in its arguments has these fields set with information related to the path arguments. This differs from the fd.* fields as it includes syscalls like unlink, rename, etc. that act directly on filesystem paths as compared to opened file descriptors.',
  source: 'syscall',
  fields: [
    {
      name: 'fs.path.name',
      type: 'CHARBUF',
      desc: 'For any event type that deals with a filesystem path, the path the file syscall is operating on. This path is always fully resolved, prepending the thread cwd when needed.',
    },
    {
      name: 'fs.path.nameraw',
      type: 'CHARBUF',
      desc: 'For any event type that deals with a filesystem path, the path the file syscall is operating on. This path is always the path provided to the syscall and may not be fully resolved.',
    },
    {
      name: 'fs.path.source',
      type: 'CHARBUF',
      desc: 'For any event type that deals with a filesystem path, and specifically for a source and target like mv, cp, etc, the source path the file syscall is operating on. This path is always fully resolved, prepending the thread cwd when needed.',
    },
    {
      name: 'fs.path.sourceraw',
      type: 'CHARBUF',
      desc: 'For any event type that deals with a filesystem path, and specifically for a source and target like mv, cp, etc, the source path the file syscall is operating on. This path is always the path provided to the syscall and may not be fully resolved.',
    },
    {
      name: 'fs.path.target',
      type: 'CHARBUF',
      desc: 'For any event type that deals with a filesystem path, and specifically for a target and target like mv, cp, etc, the target path the file syscall is operating on. This path is always fully resolved, prepending the thread cwd when needed.',
    },
    {
      name: 'fs.path.targetraw',
      type: 'CHARBUF',
      desc: 'For any event type that deals with a filesystem path, and specifically for a target and target like mv, cp, etc, the target path the file syscall is operating on. This path is always the path provided to the syscall and may not be fully resolved.',
    },
  ],
};
