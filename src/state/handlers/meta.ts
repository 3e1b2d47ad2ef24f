// Handlers for the meta events a capture carries besides syscalls: container descriptions (the old container
// event and container-json), users and groups added while capturing; and the generic syscall events, whose exit
// in an old capture lacks the native syscall number its enter had.

import { parseContainerJson } from '../containers/container-json.ts';
import type { Event } from '../event.ts';
import type { StateParser } from '../parser.ts';
import { ThreadInfo } from '../thread.ts';

export function containerOld(p: StateParser, evt: Event): void {
  const info = parseContainerJson(
    JSON.stringify({ container: { id: evt.str(0), type: evt.uint(1), name: evt.str(2), image: evt.str(3) } }),
  );
  if (!('error' in info)) p.state.containers.set(info);
}

export function containerJson(p: StateParser, evt: Event): void {
  const info = parseContainerJson(evt.str(0));
  if (!('error' in info)) p.state.containers.set(info);
}

/**
 * The thread a container-json event is attributed to: libsinsp makes one up (tid −1, comm
 * "container:<id>") so that container.* fields answer for the event.
 */
export function containerThread(evt: Event): ThreadInfo | null {
  const info = parseContainerJson(evt.str(0));
  if ('error' in info) return null;
  const t = new ThreadInfo(-1);
  t.pid = -1;
  t.vtid = -2;
  t.vpid = -2;
  t.comm = `container:${info.id}`;
  t.containerId = info.id;
  t.uid = 0;
  t.gid = 0;
  t.loginuid = 0;
  return t;
}

/** A user added on the host (an empty container id): container users are the container's own. */
export function userAdded(p: StateParser, evt: Event): void {
  if (evt.str(5) !== '') return;
  p.state.users.addUser({
    uid: evt.uint(0),
    gid: evt.uint(1),
    name: evt.str(2),
    homedir: evt.str(3),
    shell: evt.str(4),
  });
}

export function groupAdded(p: StateParser, evt: Event): void {
  if (evt.str(2) === '') p.state.users.addGroup({ gid: evt.uint(0), name: evt.str(1) });
}

/**
 * A generic event of a syscall its writer did not know (PPM_SC_UNKNOWN) carries the native syscall number, which
 * names it; an old capture's exit does not, so its enter is kept (libscap's converter gives the exit the enter's
 * number: PPME_GENERIC_X, 1 parameter).
 */
export function genericEnter(p: StateParser, evt: Event): void {
  if (evt.uint(0) === 0 && evt.nparams > 1) p.store(evt);
}

export function genericExit(p: StateParser, evt: Event): void {
  if (evt.uint(0) === 0 && evt.nparams < 2) p.retrieveEnter(evt);
}
