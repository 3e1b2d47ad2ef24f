// Handlers for the open-files limit a process runs with (proc.fdlimit): getrlimit and setrlimit of the calling
// process, prlimit of any (libsinsp's parse_getrlimit_setrlimit_exit and parse_prlimit_exit). The resource and the
// target pid are the exit's own parameters (libs 0.22+), or the stored enter's in an old capture.
import { code } from '../../capture/codes.ts';
import type { Event } from '../event.ts';
import { carries } from '../event-layout.ts';
import type { StateParser } from '../parser.ts';

const PRLIMIT_X = code('SYSCALL_PRLIMIT_X');
const PPM_RLIMIT_NOFILE = 7;

export function rlimitExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (evt.int(0) < 0 || t === null) return;
  const prlimit = evt.type === PRLIMIT_X;
  let resource: number;
  let pid: number;
  if (carries(evt, prlimit ? 6 : 3)) {
    resource = evt.uint(prlimit ? 6 : 3);
    pid = prlimit ? evt.int(5) : 0;
  } else {
    const enter = p.retrieveEnter(evt);
    if (enter === null) return;
    resource = enter.uint(prlimit ? 1 : 0);
    pid = prlimit ? enter.int(0) : 0;
  }
  if ((resource & 0xff) !== PPM_RLIMIT_NOFILE) return;
  // the new soft limit (getrlimit: the current one); −1 when prlimit only read the limits (the old drivers)
  const cur = evt.int(1);
  if (cur === -1) return;
  // Falco's modern probe, and this sensor, read prlimit's absent new limit as zeros: a 0/0 "limit" is that, not a
  // limit (libsinsp 0.25 stores it, and then shows proc.fdlimit 0 for a process that only asked).
  if (prlimit && cur === 0 && evt.int(2) === 0) return;
  const target = pid === 0 ? t : p.state.threads.get(pid);
  if (target === undefined) return;
  const main = p.state.threads.main(target);
  if (main !== null) main.fdlimit = cur;
}
