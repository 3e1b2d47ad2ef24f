// Field class `util` of Falco's syscall source: names, types, flags and descriptions as
// `falco --list` prints them. Facts from falcosecurity/libs 48dfd53cd
// (userspace/libsinsp/sinsp_filtercheck_utils.cpp); generated once, then maintained by hand.
import type { CatalogClass } from './types.ts';

export const utilClass: CatalogClass = {
  name: 'util',
  desc: '',
  source: 'syscall',
  hidden: true,
  fields: [{ name: 'util.cnt', type: 'UINT64', fmt: 'ID', desc: 'incremental counter.' }],
};
