// Field class `group` of Falco's syscall source: names, types, flags and descriptions as
// `falco --list` prints them. Facts from falcosecurity/libs 48dfd53cd
// (userspace/libsinsp/sinsp_filtercheck_group.cpp); generated once, then maintained by hand.
import type { CatalogClass } from './types.ts';

export const groupClass: CatalogClass = {
  name: 'group',
  desc: 'Information about the user group.',
  source: 'syscall',
  fields: [
    { name: 'group.gid', type: 'UINT32', fmt: 'ID', desc: 'group ID.' },
    { name: 'group.name', type: 'CHARBUF', desc: 'group name.' },
  ],
};
