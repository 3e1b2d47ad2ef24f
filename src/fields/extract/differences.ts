// Where Peregrine's field values deliberately differ from sysdig 0.29.3's on the same capture, and why. The
// differential test (test/replay/sysdig-diff.test.ts) accepts exactly these differences, and docs/fields.md
// lists them (src/fields/fields-doc.ts renders this table), so the code, the test and the doc cannot drift.

export interface DeliberateDifference {
  /** The events concerned, by evt.type as sysdig prints it. */
  readonly eventTypes: readonly string[];
  /** The fields whose values differ on those events. */
  readonly fields: readonly string[];
  /** Captures (file names) where this shows; absent: wherever those events occur. */
  readonly captures?: readonly string[];
  /** What each side shows. */
  readonly what: string;
  /** Why Peregrine keeps its value. */
  readonly why: string;
}

const FD_FIELDS = ['fd.name', 'fd.typechar', 'fd.directory', 'fd.type', 'fd.filename', 'fd.num', 'fd.name_changed'];

export const DELIBERATE_DIFFERENCES: readonly DeliberateDifference[] = [
  {
    eventTypes: ['mmap', 'mmap2', 'symlinkat', 'unlinkat', 'mkdirat', 'fchmodat', 'fchmod', 'sendmmsg', 'recvmmsg'],
    fields: FD_FIELDS,
    what: 'sysdig shows <NA>; Peregrine shows the fd the call names (e.g. the mapped library for mmap).',
    why:
      "Falco's current event table (libs 0.20+) flags these events as using an fd (EF_USES_FD); sysdig 0.29.3's " +
      'table did not. Peregrine follows the table the Falco rules are written for.',
  },
  {
    eventTypes: ['fstat64'],
    fields: FD_FIELDS,
    what: 'sysdig resolves the fd; Peregrine does not.',
    why: 'fstat64 lost its EF_USES_FD flag in later libs; Peregrine follows the current table.',
  },
  {
    eventTypes: [
      '<unknown>',
      'newselect',
      'llseek',
      'sigreturn',
      'setuid',
      'getuid',
      'setgid',
      'geteuid',
      'getgid',
      'setresuid',
      'setresgid',
      'getresuid',
      'getresgid',
    ],
    fields: ['evt.type'],
    what: 'sysdig prints the old syscall names (sigreturn, <unknown>, llseek…); Peregrine prints the current ones (rt_sigreturn, unknown, _llseek, setuid32…).',
    why:
      'For syscalls reported through the generic event, evt.type is the name in the PPM_SC table; libs renamed these ' +
      'entries after 0.29.3. Peregrine uses the names current Falco rules and `--list-events` use.',
  },
  {
    eventTypes: ['sendmsg', 'sendto'],
    fields: ['fd.name'],
    captures: ['502Error.scap'],
    what: 'sysdig shows 192.168.128.156:55441->145.216.3.255:514; Peregrine shows 127.0.0.1:55441->127.0.0.1:514.',
    why:
      'A UDP socket listed as a listening socket in the capture sends to 127.0.0.1:514. libsinsp keeps socket ' +
      'addresses in a C union and, when such a socket starts sending, reads the old port and protocol bytes as the ' +
      'destination address (145.216.3.x is 55441 and the UDP protocol number seen as bytes). Peregrine uses the ' +
      'destination the event carries.',
  },
];

/** Whether a difference on (capture, sysdig's evt.type, field) is one of the deliberate ones. */
export function isDeliberate(capture: string, eventType: string, field: string): boolean {
  return DELIBERATE_DIFFERENCES.some(
    (d) =>
      d.eventTypes.includes(eventType) &&
      d.fields.includes(field) &&
      (d.captures === undefined || d.captures.includes(capture)),
  );
}
