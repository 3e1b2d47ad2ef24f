// Strings and NUL-separated lists taken from events and process lists, cut to libscap's limits, and a cache of the
// lists clones and execs carry over and over (decoded, and resolved to a container, once per distinct bytes).
import { Buffer } from 'node:buffer';
import type { containerFromCgroups } from './containers/cgroup-id.ts';
import type { Event } from './event.ts';

/** libscap's limits on a process's arguments, environment and cgroups (SCAP_MAX_*_SIZE): longer is cut. */
const MAX_LIST_BYTES = 4096;
/** Longest path-like string kept (comm, exe, exepath, cwd, root): PATH_MAX. */
const MAX_STRING = 4096;

/** A NUL-separated list cut to libscap's size limit (whole items only). */
export function capList(items: string[]): string[] {
  let n = 0;
  for (let i = 0; i < items.length; i++) {
    n += items[i].length + 1;
    if (n > MAX_LIST_BYTES) return items.slice(0, i);
  }
  return items;
}

export function capStr(s: string): string {
  return s.length > MAX_STRING ? s.slice(0, MAX_STRING) : s;
}

interface CachedList {
  readonly raw: Uint8Array;
  readonly value: string[];
  /** The container the list's cgroups name (undefined: not looked up yet). */
  container: ReturnType<typeof containerFromCgroups> | undefined;
}

const EMPTY_BYTES = new Uint8Array(0);

/**
 * Lists decoded from parameters, by their bytes: clones and execs carry a handful of distinct cgroups lists over
 * and over, each decoded (and resolved to a container) once. Bounded: cleared when full.
 */
export class ListCache {
  private readonly map = new Map<number, CachedList>();

  get(evt: Event, i: number): CachedList {
    if (i >= evt.nparams) return { raw: EMPTY_BYTES, value: [], container: null };
    const o = evt.paramOff[i];
    const n = evt.paramLen[i];
    const b = evt.buf;
    if (n > 65536) return { raw: EMPTY_BYTES, value: capList(evt.list(i)), container: undefined };
    // A sampled hash (64 bytes spread over the list, and its end) picks the candidate; equality is checked in full.
    let h = 0x811c9dc5 ^ n;
    const step = n > 64 ? (n >>> 6) | 0 : 1;
    for (let j = 0; j < n; j += step) h = Math.imul(h ^ b[o + j], 16777619);
    for (let j = n > 16 ? n - 16 : 0; j < n; j++) h = Math.imul(h ^ b[o + j], 16777619);
    const hit = this.map.get(h);
    if (hit !== undefined && hit.raw.length === n && Buffer.compare(b.subarray(o, o + n), hit.raw) === 0) return hit;
    const entry: CachedList = { raw: b.slice(o, o + n), value: capList(evt.list(i)), container: undefined };
    if (this.map.size >= 256) this.map.clear();
    this.map.set(h, entry);
    return entry;
  }
}
