// Field class `user` of Falco's syscall source: names, types, flags and descriptions as
// `falco --list` prints them. Facts from falcosecurity/libs 48dfd53cd
// (userspace/libsinsp/sinsp_filtercheck_user.cpp); generated once, then maintained by hand.
import type { CatalogClass } from './types.ts';

export const userClass: CatalogClass = {
  name: 'user',
  desc: 'Information about the user executing the specific event.',
  source: 'syscall',
  fields: [
    { name: 'user.uid', type: 'UINT32', fmt: 'ID', desc: 'user ID.' },
    { name: 'user.name', type: 'CHARBUF', desc: 'user name.' },
    { name: 'user.homedir', type: 'CHARBUF', desc: 'home directory of the user.' },
    { name: 'user.shell', type: 'CHARBUF', desc: "user's shell." },
    {
      name: 'user.loginuid',
      type: 'INT64',
      fmt: 'ID',
      desc: 'audit user id (auid), internally the loginuid is of type `uint32_t`. However, if an invalid uid corresponding to UINT32_MAX is encountered, it is returned as -1 to support familiar filtering conditions.',
    },
    { name: 'user.loginname', type: 'CHARBUF', desc: 'audit user name (auid).' },
  ],
};
