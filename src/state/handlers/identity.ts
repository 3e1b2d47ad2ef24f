// Handlers for what a process is and may do: its user and group (setuid, setgid, setresuid, setresgid through
// one table-driven handler), its session (setsid) and its root directory (chroot).
import { code } from '../../capture/codes.ts';
import { PPM_EVENT_MAX } from '../../capture/event-table.ts';
import type { Event } from '../event.ts';
import type { StateParser } from '../parser.ts';
import { concatPaths } from '../paths.ts';

/** −1 as a uid_t/gid_t: "leave this id unchanged" for setres[ug]id. */
const ID_UNCHANGED = 0xffffffff;

/** What an id-changing exit sets, per event code. */
interface IdChange {
  /** The group id (else the user id). */
  readonly gid: boolean;
  /** The enter parameter with the new effective id. */
  readonly enterParam: number;
  /** Whether −1 there means "unchanged" (setres[ug]id) rather than a value. */
  readonly unchangedAllowed: boolean;
}

const ID_CHANGE: (IdChange | undefined)[] = new Array(PPM_EVENT_MAX);
ID_CHANGE[code('SYSCALL_SETUID_X')] = { gid: false, enterParam: 0, unchangedAllowed: false };
ID_CHANGE[code('SYSCALL_SETGID_X')] = { gid: true, enterParam: 0, unchangedAllowed: false };
ID_CHANGE[code('SYSCALL_SETRESUID_X')] = { gid: false, enterParam: 1, unchangedAllowed: true };
ID_CHANGE[code('SYSCALL_SETRESGID_X')] = { gid: true, enterParam: 1, unchangedAllowed: true };

/** The exit codes setIdExit handles. */
export const ID_CHANGE_EXITS: readonly string[] = [
  'SYSCALL_SETUID_X',
  'SYSCALL_SETGID_X',
  'SYSCALL_SETRESUID_X',
  'SYSCALL_SETRESGID_X',
];

/** A successful set*id: the thread's user or group becomes the new effective id. */
export function setIdExit(p: StateParser, evt: Event): void {
  const change = ID_CHANGE[evt.type];
  if (change === undefined || evt.int(0) < 0) return;
  const enter = p.retrieveEnter(evt);
  const t = evt.thread;
  if (enter === null || t === null) return;
  const id = enter.uint(change.enterParam);
  if (change.unchangedAllowed && id >= ID_UNCHANGED) return;
  if (change.gid) t.gid = id;
  else t.uid = id;
}

export function setsidExit(_p: StateParser, evt: Event): void {
  const res = evt.int(0);
  if (res >= 0 && evt.thread !== null) evt.thread.sid = res;
}

export function chrootExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (evt.int(0) !== 0 || t === null) return;
  t.root = concatPaths(p.state.threads.cwd(t), evt.str(1));
  p.resolveContainer(t);
}
