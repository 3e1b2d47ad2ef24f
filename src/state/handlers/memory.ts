// Handlers for a thread's memory and page-fault counters: the scheduler switch carries the process's, the exits
// of brk, mmap and munmap the thread's.
import type { Event } from '../event.ts';
import type { StateParser } from '../parser.ts';

export function schedSwitch(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (t === null) return;
  t.pfmajor = evt.uint(1);
  t.pfminor = evt.uint(2);
  const main = p.state.threads.main(t);
  if (main !== null) {
    main.vmsizeKb = evt.uint(3);
    main.vmrssKb = evt.uint(4);
    main.vmswapKb = evt.uint(5);
  }
}

export function vmExit(_p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (t === null) return;
  t.vmsizeKb = evt.uint(1);
  t.vmrssKb = evt.uint(2);
  t.vmswapKb = evt.uint(3);
}
