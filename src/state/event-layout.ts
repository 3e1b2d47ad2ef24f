// Where events carry what the state parser reads, per event code, computed once from the event table: the EF_*
// flags, whether the first parameter is a return value, and where an enter or an exit names its fd. The per-event
// path reads these as typed-array lookups.
import { code } from '../capture/codes.ts';
import { EVENT_TABLE, PPM_EVENT_MAX } from '../capture/event-table.ts';
import type { Event } from './event.ts';

export const FLAGS = new Uint32Array(PPM_EVENT_MAX);
/** 1 when the event's first parameter is called `res` or `fd` (libsinsp's error-code detection). */
export const FIRST_IS_RES = new Uint8Array(PPM_EVENT_MAX);
/** The fd parameter an fd-using enter event carries: its first FD-typed parameter (param 0 for most). */
export const ENTER_FD_PARAM = new Int8Array(PPM_EVENT_MAX).fill(-1);
for (const e of EVENT_TABLE) {
  FLAGS[e.code] = e.flags;
  ENTER_FD_PARAM[e.code] = e.params.findIndex((p) => p.type === 'FD' || p.type === 'FD32');
  const p0 = e.params[0]?.name;
  if (p0 === 'res' || p0 === 'fd') FIRST_IS_RES[e.code] = 1;
}

/**
 * Where an fd-using exit event carries its fd (libscap's get_exit_event_fd_location). The sensor sends exit
 * events only, as Falco's modern probe does: the exit's own fd is then the event's fd, never the last enter's.
 */
export const EXIT_FD_PARAM = new Int8Array(PPM_EVENT_MAX).fill(-1);
const exitFdAt = (location: number, ...ids: string[]) => {
  for (const id of ids) EXIT_FD_PARAM[code(id)] = location;
};
exitFdAt(
  1,
  'SYSCALL_SETNS_X',
  'SOCKET_LISTEN_X',
  'SOCKET_SHUTDOWN_X',
  'SYSCALL_FCHDIR_X',
  'SYSCALL_LSEEK_X',
  'SYSCALL_LLSEEK_X',
  'SYSCALL_IOCTL_3_X',
  'SYSCALL_FSTAT_X',
  'SYSCALL_CLOSE_X',
  'SYSCALL_GETDENTS_X',
  'SYSCALL_GETDENTS64_X',
  'SYSCALL_FLOCK_X',
  'SYSCALL_COPY_FILE_RANGE_X',
  'SYSCALL_FCNTL_X',
  'SYSCALL_DUP_1_X',
  'SYSCALL_DUP2_X',
  'SYSCALL_DUP3_X',
  'SYSCALL_NEWFSTATAT_X',
  'SYSCALL_FCHOWNAT_X',
  'SYSCALL_FCHMODAT_X',
  'SYSCALL_MKDIRAT_X',
  'SYSCALL_UNLINKAT_2_X',
  'SYSCALL_MKNODAT_X',
  'SOCKET_SENDMMSG_X',
  'SOCKET_RECVMMSG_X',
  'SYSCALL_IO_URING_REGISTER_X',
  'SYSCALL_IO_URING_ENTER_X',
  'SOCKET_SETSOCKOPT_X',
  'SOCKET_GETSOCKOPT_X',
  'SYSCALL_FSCONFIG_X',
  'SYSCALL_FINIT_MODULE_X',
  'SYSCALL_FCHMOD_X',
  'SYSCALL_FCHOWN_X',
);
exitFdAt(
  2,
  'SYSCALL_READ_X',
  'SYSCALL_PREAD_X',
  'SOCKET_BIND_X',
  'SYSCALL_WRITE_X',
  'SYSCALL_PWRITE_X',
  'SOCKET_RECV_X',
  'SOCKET_SEND_X',
  'SOCKET_SENDTO_X',
  'SOCKET_SENDMSG_X',
  'SYSCALL_SENDFILE_X',
  'SYSCALL_SPLICE_X',
  'SYSCALL_WRITEV_X',
  'SYSCALL_PWRITEV_X',
  'SOCKET_CONNECT_X',
  'SYSCALL_SYMLINKAT_X',
);
exitFdAt(3, 'SOCKET_RECVFROM_X', 'SYSCALL_READV_X', 'SYSCALL_PREADV_X');
exitFdAt(5, 'SOCKET_RECVMSG_X');
exitFdAt(8, 'SYSCALL_MMAP_X', 'SYSCALL_MMAP2_X');

/**
 * Whether an exit carries parameter `i` itself. Since libs 0.22 the drivers send exit events only, each carrying
 * what its enter had (the sensor does the same); libscap's converter gives old captures' exits the enter's values
 * or an empty parameter. Handlers read the exit's own parameter when it is there and fall back to the stored
 * enter only for old captures, whose exits lack it.
 */
export function carries(evt: Event, i: number): boolean {
  return i < evt.nparams && evt.paramLen[i] > 0;
}
