// The kernel's decision on one open-family exit event, computed in user space from the same tables the sensor
// gets (sensor/helpers/prefilter.h does this in the kernel; the replay differential tests and the benchmarks use
// this one). Also what makes an event's facts out of a decoded event.
import { ALL_TERMS, longestKey, type PrefilterProgram, TYPE_ALL, TYPE_NONE } from './compile.ts';
import { isCleanAbsolute, PATH_KEY_BYTES, PREFILTER_CODES } from './model.ts';

/** What the kernel knows about an open-family exit event. */
export interface OpenFacts {
  readonly code: number;
  /** The return value: the new fd, or −errno. */
  readonly ret: number;
  /** The flags and mode parameters as the event carries them (creat: flags 0). */
  readonly flags: number;
  readonly mode: number;
  /** The name the call was given ('' for a relative one: the kernel cannot tell what it names). */
  readonly name: string;
  /** The thread's name as the state knows it; null when the kernel would not know it. */
  readonly comm: string | null;
}

/** Whether some rule may match the event (send it); false: no rule can, the kernel drops or defers it. */
export function mayMatch(p: PrefilterProgram, f: OpenFacts): boolean {
  if (p.off !== undefined) return true;
  const typeIndex = PREFILTER_CODES.indexOf(f.code);
  if (typeIndex < 0) return true;
  const mode = p.typeModes[typeIndex];
  if (mode === TYPE_ALL) return true;
  if (mode === TYPE_NONE) return false;
  let bits = 0;
  p.features.forEach((feat, j) => {
    const on = feat.word === 2 ? f.ret < 0 : ((feat.word === 0 ? f.flags : f.mode) & feat.mask) !== 0;
    if (on) bits |= 1 << j;
  });
  const flags = p.flagsTable[(typeIndex << p.features.length) | bits];
  const path =
    isCleanAbsolute(f.name) && f.name.length + 1 < PATH_KEY_BYTES
      ? (p.paths.get(longestKey(p.paths, f.name)) ?? p.pathDefault)
      : ALL_TERMS;
  const comm = f.comm === null ? ALL_TERMS : (p.comms.get(f.comm) ?? p.commDefault);
  return (p.typeTerms[typeIndex] & flags & path & comm) !== 0n;
}

/** Parameter positions of the events the prefilter decides on (sensor/wire.h). */
const LAYOUT: ReadonlyMap<number, { name: number; flags: number; mode: number }> = new Map([
  [PREFILTER_CODES[0], { name: 1, flags: 2, mode: 3 }],
  [PREFILTER_CODES[1], { name: 2, flags: 3, mode: 4 }],
  [PREFILTER_CODES[2], { name: 2, flags: 3, mode: 4 }],
  [PREFILTER_CODES[3], { name: 1, flags: -1, mode: 2 }],
]);

/** The facts of a decoded open-family exit event in the sensor's layout; undefined for any other event. */
export function openFacts(
  evt: {
    readonly type: number;
    readonly nparams: number;
    int(i: number): number;
    uint(i: number): number;
    str(i: number): string;
  },
  comm: string | null,
): OpenFacts | undefined {
  const l = LAYOUT.get(evt.type);
  if (l === undefined || evt.nparams <= l.mode) return undefined;
  // A relative name resolves against a directory the kernel does not know as the state does: it could be any name
  // ('' is never clean). An absolute one ignores the directory.
  const name = evt.str(l.name);
  return {
    code: evt.type,
    ret: evt.int(0),
    flags: l.flags < 0 ? 0 : evt.uint(l.flags),
    mode: evt.uint(l.mode),
    name: name.charCodeAt(0) === 0x2f ? name : '',
    comm,
  };
}
