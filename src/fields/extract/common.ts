// Shared pieces of the extractor maps: the bind signature, small constructors, and the lookups several field
// classes share (the fd an event refers to, the main thread, the parent).
import { EF_CREATES_FD, EF_DESTROYS_FD, EF_USES_FD, EVENT_TABLE, PPM_EVENT_MAX } from '../../capture/event-table.ts';
import type { Event } from '../../state/event.ts';
import type { FdInfo } from '../../state/fd.ts';
import type { SystemState } from '../../state/state.ts';
import type { ThreadInfo } from '../../state/thread.ts';
import type { BindError, Extractor, FieldArg, FieldValue } from '../types.ts';

/** What each extractor map holds per field name: FieldDef.bind for that field. */
export type Bind = (arg: FieldArg | undefined) => Extractor<Event> | BindError;
export type ExtractorMap = Record<string, Bind>;

/** A field without an argument. */
export function plain(fn: (evt: Event) => FieldValue | null): Bind {
  return () => fn;
}

/** A field that needs the thread: null when the event has none. */
export function onThread(fn: (t: ThreadInfo, evt: Event, s: SystemState) => FieldValue | null): Bind {
  return () => (evt: Event) => {
    const t = evt.thread;
    const s = evt.state;
    if (t === null || s === null) return null;
    return fn(t, evt, s);
  };
}

const FD_EVENT = new Uint8Array(PPM_EVENT_MAX);
for (const e of EVENT_TABLE) if ((e.flags & (EF_CREATES_FD | EF_USES_FD | EF_DESTROYS_FD)) !== 0) FD_EVENT[e.code] = 1;

/** Whether fd.* fields answer for this event at all (libsinsp's extract_fd: fd-creating, -using or -closing). */
export function isFdEvent(evt: Event): boolean {
  return FD_EVENT[evt.type] === 1 && evt.thread !== null;
}

/**
 * The fd an event refers to, as libsinsp's extract_fd finds it: the fd the state parser linked, else the
 * thread's last event fd. Call only when isFdEvent(evt).
 */
export function eventFd(evt: Event): FdInfo | null {
  if (evt.fd !== null) return evt.fd;
  const t = evt.thread;
  const s = evt.state;
  if (t === null || s === null || t.lastEventFd === -1) return null;
  return s.threads.getFd(t, t.lastEventFd);
}

/** An index argument, or a BindError with Falco's wording. */
export function indexArg(name: string, arg: FieldArg | undefined): number | BindError {
  if (arg === undefined) return -1;
  if (arg.index === undefined) return { error: `wrong argument '${arg.raw}' for ${name}: a number is expected` };
  return arg.index;
}

export function isBindError(x: unknown): x is BindError {
  return typeof x === 'object' && x !== null && 'error' in x;
}

/** Timezone offset in seconds, computed once, as libsinsp's gmt2local(0) does at start. */
export const LOCAL_OFFSET_S = -new Date().getTimezoneOffset() * 60;

function pad(n: number, w: number): string {
  return n.toString().padStart(w, '0');
}

/** evt.time and friends: libsinsp's ts_to_string (local time of day, optional date and nanoseconds). */
export function tsToString(ts: bigint, date: boolean, ns: boolean): string {
  const sec = Number(ts / 1_000_000_000n);
  const nsec = Number(ts % 1_000_000_000n);
  const local = sec + LOCAL_OFFSET_S;
  const s = ((local % 86400) + 86400) % 86400;
  let out = '';
  if (date) {
    const d = new Date((local - s) * 1000);
    out = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} `;
  }
  out += `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor((s % 3600) / 60), 2)}:${pad(s % 60, 2)}`;
  if (ns) out += `.${pad(nsec, 9)}`;
  return out;
}

/** evt.time.iso8601: UTC with nanoseconds and the +0000 offset, as libsinsp's ts_to_iso_8601. */
export function tsToIso8601(ts: bigint): string {
  const sec = Number(ts / 1_000_000_000n);
  const nsec = Number(ts % 1_000_000_000n);
  const d = new Date(sec * 1000);
  return `${d.toISOString().slice(0, 19)}.${pad(nsec, 9)}+0000`;
}
