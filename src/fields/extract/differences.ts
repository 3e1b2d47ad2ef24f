// Where Peregrine's field values deliberately differ from sysdig 0.29.3's on the same capture, and why. The
// differential test (test/replay/sysdig-diff.test.ts) accepts exactly these differences, and docs/fields.md
// lists them (src/fields/fields-doc.ts renders this table), so the code, the test and the doc cannot drift.

export interface DeliberateDifference {
  /** The events concerned, by evt.type as sysdig prints it; `['*']`: every event. */
  readonly eventTypes: readonly string[];
  /** The fields whose values differ on those events. */
  readonly fields: readonly string[];
  /** Captures (file names) where this shows; absent: wherever those events occur. */
  readonly captures?: readonly string[];
  /** What each side shows. */
  readonly what: string;
  /** Why Peregrine keeps its value. */
  readonly why: string;
  /** The libs (or plugin) version whose behaviour Peregrine follows, and where in its source that behaviour is. */
  readonly follows: string;
}

const FD_FIELDS = ['fd.name', 'fd.typechar', 'fd.directory', 'fd.type', 'fd.filename', 'fd.num', 'fd.name_changed'];

const USES_FD =
  "sysdig 0.29.3's event table (its libs predate 0.10) did not flag these events as using an fd (EF_USES_FD); later libs do, " +
  'and the Falco rules are written for that table.';

export const DELIBERATE_DIFFERENCES: readonly DeliberateDifference[] = [
  {
    eventTypes: ['mmap', 'mmap2'],
    fields: FD_FIELDS,
    what: 'sysdig shows <NA>; Peregrine shows the fd the call maps (e.g. the mapped library).',
    why: USES_FD,
    follows: 'libs 0.17.0 (the enter) and 0.22.0 (the exit, which now carries the fd): driver/event_table.c',
  },
  {
    eventTypes: ['fchmod'],
    fields: FD_FIELDS,
    what: 'sysdig shows <NA>; Peregrine shows the fd the call names.',
    why: USES_FD,
    follows: 'libs 0.12.0: driver/event_table.c',
  },
  {
    eventTypes: ['sendmmsg', 'recvmmsg'],
    fields: FD_FIELDS,
    what: 'sysdig shows <NA>; Peregrine shows the fd the call names.',
    why: USES_FD,
    follows: 'libs 0.20.0: driver/event_table.c',
  },
  {
    eventTypes: ['symlinkat', 'unlinkat', 'mkdirat', 'fchmodat'],
    fields: FD_FIELDS,
    what: 'sysdig shows <NA>; Peregrine shows the directory fd the call names.',
    why: USES_FD,
    follows: 'libs 0.22.0: driver/event_table.c',
  },
  {
    eventTypes: ['fstat64'],
    fields: FD_FIELDS,
    what: 'sysdig resolves the fd; Peregrine does not.',
    why: "fstat64's exit lost EF_USES_FD (its enter became an old version the converter drops).",
    follows: 'libs 0.22.0: driver/event_table.c',
  },
  {
    eventTypes: ['newselect', 'llseek', 'sigreturn', 'setuid', 'getuid', 'setgid', 'geteuid', 'getgid'],
    fields: ['evt.type'],
    what: 'sysdig prints the old syscall names (sigreturn, llseek, setuid…); Peregrine prints the current ones (rt_sigreturn, _llseek, setuid32…).',
    why:
      'For syscalls reported through the generic event, evt.type is the name in the PPM_SC table, whose entries ' +
      'libs renamed after the libs sysdig 0.29.3 ships; current Falco rules and `--list-events` use the new names.',
    follows: 'libs 0.10.0: driver/ppm_events_public.h (the PPM_SC_X table)',
  },
  {
    eventTypes: ['setresuid', 'setresgid', 'getresuid', 'getresgid'],
    fields: ['evt.type'],
    what: 'sysdig prints setresuid, getresgid…; Peregrine prints setresuid32, getresgid32… for the generic events of the 32-bit calls.',
    why: 'The same renaming of the PPM_SC table.',
    follows: 'libs 0.10.0: driver/ppm_events_public.h (the PPM_SC_X table)',
  },
  {
    eventTypes: ['<unknown>'],
    fields: ['evt.type'],
    what: 'sysdig prints <unknown>; Peregrine prints the syscall\'s name (fadvise64 for events 200 and 201 of cat_write.scap) or "unknown".',
    why:
      'A generic event whose syscall the writer did not know (PPM_SC_UNKNOWN) also carries its native syscall number: ' +
      'in capture mode libsinsp names the event by it.',
    follows: 'libs 0.10.0: userspace/libsinsp/filterchecks.cpp, evt.type (commit 18f71210e)',
  },
  {
    eventTypes: ['sendmsg', 'sendto'],
    fields: ['fd.name'],
    captures: ['502Error.scap'],
    what: 'sysdig shows 192.168.128.156:55441->145.216.3.255:514; Peregrine shows 127.0.0.1:55441->127.0.0.1:514.',
    why:
      'A UDP socket listed as a listening socket in the capture sends to 127.0.0.1:514. libsinsp keeps socket ' +
      'addresses in a C union, and before 2022 it kept a destination once one was set: the old port and protocol ' +
      "bytes of the server entry (145.216.3.x is 55441 and UDP's number) stayed as the destination. Since then " +
      'reads and writes overwrite the destination with the one the event carries, as Peregrine does.',
    follows: 'libs 0.7.0: userspace/libsinsp/parsers.cpp update_fd with overwrite_dest (commit 3ce014124, 2022-03)',
  },
  {
    eventTypes: ['connect', 'sendto'],
    fields: ['fd.name', 'fd.name_changed'],
    captures: ['test_ipv6_client.scap'],
    what:
      "sysdig shows ::1:38255->::1:2345 after the UDP socket's second connect; Peregrine shows the new peer, " +
      '::1:38255->2001:4860:4860::8888:53, which the connect exit carries.',
    why: "Current libsinsp overwrites a socket's destination on every successful connect; older ones kept the first.",
    follows: 'libs 0.22.0: userspace/libsinsp/parsers.cpp fill_client_socket_info (commit bd1061cef)',
  },
  {
    eventTypes: ['read', 'write'],
    fields: ['fd.name'],
    captures: ['run_as_user_0_container.scap'],
    what: "The docker socket's name ends in a newline: sysdig drops it (/var/run/docker.sock); Peregrine prints U+FFFD (/var/run/docker.sock\uFFFD).",
    why:
      'Printed values replace each non-printable character (controls, DEL, non-characters, invalid UTF-8) with ' +
      "U+FFFD, as libsinsp 0.25 does when extracting for output; sysdig's libs dropped them. The alert stays one " +
      'line either way; conditions compare the raw name.',
    follows:
      'libs 0.25.0: userspace/libsinsp/utils.h utf8_seq_len and sanitize (commit 85fc9364b), as Falco 0.44 prints',
  },
  {
    eventTypes: ['*'],
    fields: [
      'container.image',
      'container.image.repository',
      'container.image.tag',
      'container.image.id',
      'container.image.digest',
      'container.ip',
      'container.mounts',
      'container.labels',
    ],
    what: "Events of host processes: sysdig shows <NA>; Peregrine shows '' (empty).",
    why:
      'Falco 0.41 and later take container fields from the container plugin, which describes the host as a container ' +
      "named 'host' with empty image, ip, mounts and labels. Peregrine prints what current Falco prints; rules " +
      'compare the same either way (neither value is in any list).',
    follows: 'the container plugin 0.7.1 (plugins/container: host_container_info), not libs',
  },
];

/** Whether a difference on (capture, sysdig's evt.type, field) is one of the deliberate ones. */
export function isDeliberate(capture: string, eventType: string, field: string): boolean {
  return DELIBERATE_DIFFERENCES.some(
    (d) =>
      (d.eventTypes.includes(eventType) || d.eventTypes[0] === '*') &&
      d.fields.includes(field) &&
      (d.captures === undefined || d.captures.includes(capture)),
  );
}
