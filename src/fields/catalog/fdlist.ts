// Field class `fdlist` of Falco's syscall source: names, types, flags and descriptions as
// `falco --list` prints them. Facts from falcosecurity/libs 48dfd53cd
// (userspace/libsinsp/sinsp_filtercheck_fdlist.cpp); generated once, then maintained by hand.
import type { CatalogClass } from './types.ts';

export const fdlistClass: CatalogClass = {
  name: 'fdlist',
  desc: 'Poll event related fields.',
  source: 'syscall',
  fields: [
    {
      name: 'fdlist.nums',
      type: 'CHARBUF',
      fmt: 'ID',
      desc: "for poll events, this is a comma-separated list of the FD numbers in the 'fds' argument, returned as a string.",
    },
    {
      name: 'fdlist.names',
      type: 'CHARBUF',
      desc: "for poll events, this is a comma-separated list of the FD names in the 'fds' argument, returned as a string.",
    },
    {
      name: 'fdlist.cips',
      type: 'CHARBUF',
      desc: "for poll events, this is a comma-separated list of the client IP addresses in the 'fds' argument, returned as a string.",
    },
    {
      name: 'fdlist.sips',
      type: 'CHARBUF',
      desc: "for poll events, this is a comma-separated list of the server IP addresses in the 'fds' argument, returned as a string.",
    },
    {
      name: 'fdlist.cports',
      type: 'CHARBUF',
      fmt: 'DEC',
      desc: "for TCP/UDP FDs, for poll events, this is a comma-separated list of the client TCP/UDP ports in the 'fds' argument, returned as a string.",
    },
    {
      name: 'fdlist.sports',
      type: 'CHARBUF',
      fmt: 'DEC',
      desc: "for poll events, this is a comma-separated list of the server TCP/UDP ports in the 'fds' argument, returned as a string.",
    },
  ],
};
