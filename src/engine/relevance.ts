// Which events a replay must decode. Most of a capture is events nothing reads: in the benchmark capture 58% are
// procinfo events, and a rule on `open` needs none of the reads, writes, futexes and switches either. The block
// reader counts such events (evt.num stays right) and never decodes them (ScapReader.relevant).
//
// An event must be decoded when
// - a rule (or other sink) looks at its code, or at the other direction of the same syscall (the enter carries
//   what the exit's state handling needs);
// - it changes processes, users, containers, the cwd or the fds a directory can be (STATE_CORE), which every
//   field may read;
// - it changes memory counters (STATE_MEMORY) and some field in use reads them;
// - it makes fds no directory can be (sockets, pipes, eventfd, epoll…: STATE_FD) or changes the socket tuples and
//   roles learned from I/O (STATE_IO), and some rule sees an fd that existed before its event
//   (refersToExistingFd) or a field in use walks a thread's fd table. The two groups go together: the I/O
//   handlers update the sockets the fd group makes, and infer one (sendto) where the table has none.
//   Why the other fields cannot see the fd group's fds: STATE_FD in src/state/dispatch.ts.
// - some field in use depends on the previous event (evt.deltatime, fd.uid…): then every event is.
// - a rule looks at events that find their thread without creating it (procinfo, scheduler switches): they would
//   see placeholder threads made by events of any type, so every event is decoded.
// What skipping leaves out of libsinsp's bookkeeping is the per-thread enter/exit pairing of the skipped syscalls
// and the placeholder thread created for a tid first seen in them; the thread is then created by the tid's first
// decoded event instead, identical, and the pairing matters only when the capture lost events.
// test/replay/relevance.test.ts checks, over every fixture, that what rules see is unchanged.
import { PPM_EVENT_MAX } from '../capture/event-table.ts';
import type { FieldRegistry, ResolvedField } from '../fields/types.ts';
import { isBindError } from '../fields/types.ts';
import {
  findsThreadOnly,
  refersToExistingFd,
  STATE_CORE,
  STATE_FD,
  STATE_IO,
  STATE_MEMORY,
  stateGroup,
} from '../state/dispatch.ts';

/** Fields that read the memory and page-fault counters. */
export const MEMORY_FIELDS: ReadonlySet<string> = new Set([
  'proc.vmsize',
  'proc.vmrss',
  'proc.vmswap',
  'thread.vmsize',
  'thread.vmrss',
  'thread.vmsize.b',
  'thread.vmrss.b',
  'thread.pfmajor',
  'thread.pfminor',
]);

/** Fields that read fds other than the event's own: they walk or count a thread's fd table. */
export const FD_TABLE_FIELDS: ReadonlySet<string> = new Set([
  'proc.fdopencount',
  'proc.fdusage',
  'proc.stdin.type',
  'proc.stdout.type',
  'proc.stderr.type',
  'proc.stdin.name',
  'proc.stdout.name',
  'proc.stderr.name',
  'fd.types',
]);

/**
 * Fields whose value can depend on the previous event, whatever its type: the time since it, and the thread's
 * last latency and fd, which scheduler and procinfo events do not reset.
 */
export const EVENT_ORDER_FIELDS: ReadonlySet<string> = new Set([
  'evt.deltatime',
  'evt.deltatime.s',
  'evt.deltatime.ns',
  'evt.latency',
  'evt.latency.s',
  'evt.latency.ns',
  'evt.latency.human',
  'fd.uid',
]);

/**
 * The codes to decode for a sink that looks at `sinkCodes` and reads `usedFields` (null: any field), as a
 * per-code byte map; null when every event must be decoded.
 */
export function relevantCodes(
  sinkCodes: Iterable<number> | null,
  usedFields: ReadonlySet<string> | null,
): Uint8Array | null {
  if (sinkCodes === null) return null;
  let memory = usedFields === null;
  // Whether fds other than an event's own new one can be seen: the fd group and the I/O group are then decoded.
  let io = usedFields === null;
  if (usedFields !== null) {
    for (const f of usedFields) {
      if (EVENT_ORDER_FIELDS.has(f)) return null;
      if (MEMORY_FIELDS.has(f)) memory = true;
      if (FD_TABLE_FIELDS.has(f)) io = true;
    }
  }
  const r = new Uint8Array(PPM_EVENT_MAX);
  const mark = (c: number) => {
    if (c >= 0 && c < PPM_EVENT_MAX) {
      r[c] = 1;
      r[c ^ 1] = 1;
    }
  };
  for (const c of sinkCodes) {
    // Such events see threads that any earlier event may have created as a placeholder: decode everything.
    if (c >= 0 && c < PPM_EVENT_MAX && findsThreadOnly(c)) return null;
    mark(c);
    if (c >= 0 && c < PPM_EVENT_MAX && refersToExistingFd(c)) io = true;
  }
  for (let c = 0; c < PPM_EVENT_MAX; c++) {
    const g = stateGroup(c);
    if (g === STATE_CORE || (g === STATE_MEMORY && memory) || ((g === STATE_IO || g === STATE_FD) && io)) mark(c);
  }
  return r;
}

/** A registry that notes the name of every field resolved through it (rules and outputs being compiled). */
export function recordingRegistry<E>(inner: FieldRegistry<E>, used: Set<string>): FieldRegistry<E> {
  return {
    classes: inner.classes,
    resolve(name: string, arg: string | undefined): ResolvedField<E> | ReturnType<FieldRegistry<E>['resolve']> {
      const r = inner.resolve(name, arg);
      if (!isBindError(r)) used.add(r.def.name);
      return r;
    },
  };
}
