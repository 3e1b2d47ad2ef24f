// Handlers for what a process is and may do: its user and group (setuid, setgid, setresuid, setresgid, setreuid,
// setregid through one table-driven handler), its capabilities (capset; unshare and setns into a new user
// namespace), its session (setsid) and its root directory (chroot).
import { code } from '../../capture/codes.ts';
import { PPM_EVENT_MAX } from '../../capture/event-table.ts';
import type { Event } from '../event.ts';
import { carries } from '../event-layout.ts';
import type { StateParser } from '../parser.ts';
import { concatPaths } from '../paths.ts';

/** −1 as a uid_t/gid_t: "leave this id unchanged" for setres[ug]id and setre[ug]id. */
const ID_UNCHANGED = 0xffffffff;

/** What an id-changing exit sets, per event code. */
interface IdChange {
  /** The group id (else the user id). */
  readonly gid: boolean;
  /** The exit parameter with the new effective id (libs 0.22+ exits carry it). */
  readonly exitParam: number;
  /** The same on the enter event of old captures (−1: the enter has none). */
  readonly enterParam: number;
  /** Whether −1 there means "unchanged" (setres*id, setre*id) rather than a value. */
  readonly unchangedAllowed: boolean;
}

const ID_CHANGE: (IdChange | undefined)[] = new Array(PPM_EVENT_MAX);
const idChange = (id: string, c: IdChange) => {
  ID_CHANGE[code(id)] = c;
};
idChange('SYSCALL_SETUID_X', { gid: false, exitParam: 1, enterParam: 0, unchangedAllowed: false });
idChange('SYSCALL_SETGID_X', { gid: true, exitParam: 1, enterParam: 0, unchangedAllowed: false });
idChange('SYSCALL_SETRESUID_X', { gid: false, exitParam: 2, enterParam: 1, unchangedAllowed: true });
idChange('SYSCALL_SETRESGID_X', { gid: true, exitParam: 2, enterParam: 1, unchangedAllowed: true });
idChange('SYSCALL_SETREUID_X', { gid: false, exitParam: 2, enterParam: -1, unchangedAllowed: true });
idChange('SYSCALL_SETREGID_X', { gid: true, exitParam: 2, enterParam: -1, unchangedAllowed: true });

/** The exit codes setIdExit handles. */
export const ID_CHANGE_EXITS: readonly string[] = [
  'SYSCALL_SETUID_X',
  'SYSCALL_SETGID_X',
  'SYSCALL_SETRESUID_X',
  'SYSCALL_SETRESGID_X',
  'SYSCALL_SETREUID_X',
  'SYSCALL_SETREGID_X',
];

/**
 * A successful set*id: the thread's user or group becomes the new effective id (libsinsp's parse_set*id_exit),
 * read from the exit (the sensor's, libs 0.22+ captures) or from the enter of an old capture. An id of −1 where it
 * means "unchanged" leaves the thread's id alone, as libsinsp did up to 0.21 (later versions store the −1).
 */
export function setIdExit(p: StateParser, evt: Event): void {
  const change = ID_CHANGE[evt.type];
  if (change === undefined || evt.int(0) < 0) return;
  let id: number;
  if (carries(evt, change.exitParam)) {
    id = evt.uint(change.exitParam);
  } else {
    const enter = p.retrieveEnter(evt);
    if (enter === null || change.enterParam === -1) return;
    id = enter.uint(change.enterParam);
  }
  const t = evt.thread;
  if (t === null) return;
  if (change.unchangedAllowed && id >= ID_UNCHANGED) return;
  if (change.gid) t.gid = id;
  else t.uid = id;
}

const UNSHARE_X = code('SYSCALL_UNSHARE_X');
const PPM_CL_CLONE_NEWUSER = 1 << 20;
/** libsinsp's get_max_caps: every capability it names (41, CAP_CHOWN … CAP_CHECKPOINT_RESTORE) set. */
const MAX_CAPS = (1n << 41n) - 1n;

/** capset: the thread's three capability sets, as the exit reports them (every generation carries them). */
export function capsetExit(_p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (evt.int(0) < 0 || t === null || !carries(evt, 3)) return;
  t.capInheritable = evt.big(1);
  t.capPermitted = evt.big(2);
  t.capEffective = evt.big(3);
}

/**
 * unshare and setns into a new user namespace: the thread holds every capability in it (libsinsp's
 * parse_unshare_setns_exit). The flags are the exit's own, or the enter's in an old capture.
 */
export function unshareSetnsExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (evt.int(0) < 0 || t === null) return;
  const unshare = evt.type === UNSHARE_X;
  const exitIdx = unshare ? 1 : 2;
  let flags: number;
  if (carries(evt, exitIdx)) flags = evt.uint(exitIdx);
  else {
    const enter = p.retrieveEnter(evt);
    if (enter === null) return;
    flags = enter.uint(unshare ? 0 : 1);
  }
  if ((flags & PPM_CL_CLONE_NEWUSER) === 0) return;
  t.capInheritable = MAX_CAPS;
  t.capPermitted = MAX_CAPS;
  t.capEffective = MAX_CAPS;
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
