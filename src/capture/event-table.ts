// Falco's event table, ready to use: every event code with its name, direction, category, flags and ordered
// parameters, plus the syscall identities (PPM_SC codes, x86_64 native numbers) and the flag tables.
//
// The data are facts of the scap format taken from falcosecurity/libs 48dfd53cd (see the generated files'
// headers); this module only turns them into frozen records and lookups built once at load time, so the
// per-event path is an array index.
import { DYN_PARAM_TABLES, RAW_EVENTS } from './event-table-data.ts';
import type { EventInfo, ParamInfo, RawParam } from './event-types.ts';
import {
  EC_IO_READ,
  EC_IO_WRITE,
  EC_ITER,
  EC_METAEVENT,
  EC_PLUGIN,
  EC_SYSCALL,
  EC_SYSCALL_CATEGORY_MASK,
  EC_TRACEPOINT,
  EF_MODIFIES_STATE,
} from './event-types.ts';
import { FLAG_TABLES, type FlagTableName } from './flag-tables.ts';
import { PPM_SC_NAMES, UF_NEVER_DROP, X86_64_SYSCALLS } from './syscall-table.ts';

export * from './event-types.ts';
export { formatFlags } from './flag-format.ts';
export { FLAG_TABLES, type FlagTableName } from './flag-tables.ts';
export { ERRNO_NAMES, SIGNAL_NAMES } from './name-tables.ts';
export { PPM_SC_NAMES, UF_ALWAYS_DROP, UF_ATOMIC, UF_NEVER_DROP, UF_USED, X86_64_SYSCALLS } from './syscall-table.ts';

/** Number of event codes libs knows (PPM_EVENT_MAX); codes at or above it come from newer writers. */
export const PPM_EVENT_MAX = 454;
/** Number of PPM_SC codes (PPM_SC_MAX). */
export const PPM_SC_MAX = PPM_SC_NAMES.length;
/** The generic syscall event: its `ID` parameter is a PPM_SC code and evt.type is that syscall's name. */
export const PPME_GENERIC_E = 0;
export const PPME_GENERIC_X = 1;

function isFlagTableName(s: string): s is FlagTableName {
  return Object.hasOwn(FLAG_TABLES, s);
}

function isDynTableName(s: string): s is keyof typeof DYN_PARAM_TABLES {
  return Object.hasOwn(DYN_PARAM_TABLES, s);
}

function buildParam(raw: RawParam): ParamInfo {
  const [name, type, fmt, info] = raw;
  if (typeof info === 'number') return Object.freeze({ name, type, fmt, dirfd: info });
  if (info === undefined) return Object.freeze({ name, type, fmt });
  if (type === 'DYN' && isDynTableName(info)) {
    const dyn = Object.freeze(DYN_PARAM_TABLES[info].map(buildParam));
    return Object.freeze({ name, type, fmt, dyn, dynName: info });
  }
  if (isFlagTableName(info)) return Object.freeze({ name, type, fmt, flags: FLAG_TABLES[info], flagsName: info });
  throw new Error(`event table: parameter ${name} names an unknown table ${info}`);
}

const scCodeByName = new Map<string, number>();
PPM_SC_NAMES.forEach((n, code) => {
  if (n !== '') scCodeByName.set(n, code);
});

/** Every event code, indexed by code: `EVENT_TABLE[3].name === 'open'`. Frozen. */
export const EVENT_TABLE: readonly EventInfo[] = Object.freeze(
  RAW_EVENTS.map(([id, name, category, flags, params, sc], code): EventInfo => {
    const ppmSc = sc.map((n) => {
      const c = scCodeByName.get(n);
      if (c === undefined) throw new Error(`event table: ${id} names an unknown syscall ${n}`);
      return c;
    });
    return Object.freeze({
      code,
      id,
      name,
      dir: code % 2 === 0 ? '>' : '<',
      category,
      flags,
      params: Object.freeze(params.map(buildParam)),
      ppmSc: Object.freeze(ppmSc),
    });
  }),
);

if (EVENT_TABLE.length !== PPM_EVENT_MAX) throw new Error('event table: wrong number of codes');

/** The table entry of `code`, or undefined for codes outside the table (skip those events, as libscap does). */
export function eventInfo(code: number): EventInfo | undefined {
  return EVENT_TABLE[code];
}

/** Enter events have even codes (libs' PPME_IS_ENTER). */
export function isEnter(code: number): boolean {
  return (code & 1) === 0;
}

/** Whether the event's table entry has every bit of `flag` (an EF_ constant). */
export function hasEventFlag(code: number, flag: number): boolean {
  const info = EVENT_TABLE[code];
  return info !== undefined && (info.flags & flag) === flag;
}

/** The syscall category of an event (category without its source bits): EC_FILE, EC_IO_READ, EC_WAIT… */
export function syscallCategory(info: EventInfo): number {
  return info.category & EC_SYSCALL_CATEGORY_MASK;
}

/** Where an event comes from, as libsinsp's is_syscall_event/is_tracepoint_event/… decide it. */
export function eventSource(info: EventInfo): 'syscall' | 'tracepoint' | 'plugin' | 'meta' | 'iter' | 'unknown' {
  if (info.category & EC_SYSCALL) return 'syscall';
  if (info.category & EC_TRACEPOINT) return 'tracepoint';
  if (info.category & EC_PLUGIN) return 'plugin';
  if (info.category & EC_METAEVENT) return 'meta';
  if (info.category & EC_ITER) return 'iter';
  return 'unknown';
}

/** The syscall (PPM_SC) name of a code, or undefined for codes libs never assigned. */
export function ppmScName(code: number): string | undefined {
  const n = PPM_SC_NAMES[code];
  return n === undefined || n === '' ? undefined : n;
}

/** The PPM_SC code of a syscall name (`madvise` → 139), or undefined. */
export function ppmScByName(name: string): number | undefined {
  return scCodeByName.get(name);
}

// evt.type name → event codes, built once. The generic event's own name ('syscall') is not a value evt.type can
// take (evt.type of a generic event is its syscall's name), so codes 0/1 are reached through the PPM_SC names.
const codesByName = new Map<string, readonly number[]>();
for (const info of EVENT_TABLE) {
  if (info.code === PPME_GENERIC_E || info.code === PPME_GENERIC_X) continue;
  codesByName.set(info.name, [...(codesByName.get(info.name) ?? []), info.code]);
}
for (const [name, codes] of codesByName) codesByName.set(name, Object.freeze(codes));
const GENERIC_CODES: readonly number[] = Object.freeze([PPME_GENERIC_E, PPME_GENERIC_X]);
const NO_CODES: readonly number[] = Object.freeze([]);

/**
 * The event codes an `evt.type = name` test can match: every code whose table name is `name` (both directions,
 * every generation, old versions included), ascending. A syscall with no event of its own (`madvise`) is
 * reported by the generic event, so its name gives [0, 1], as libsinsp's names_to_event_set does.
 * Unknown names give [].
 */
export function eventCodesByName(name: string): readonly number[] {
  const codes = codesByName.get(name);
  if (codes !== undefined) return codes;
  return scCodeByName.has(name) && name !== 'unknown' ? GENERIC_CODES : NO_CODES;
}

/** Every distinct evt.type name of the table (without 'syscall', the generic event's placeholder). */
export function eventNames(): readonly string[] {
  return [...codesByName.keys()];
}

/** Whether evt.type = `name` is served by the generic event (the syscall has no dedicated event). */
export function isGenericSyscallName(name: string): boolean {
  return !codesByName.has(name) && scCodeByName.has(name) && name !== 'unknown';
}

// PPM_SC code → event codes that a driver emits for it (libscap's g_events_to_sc_map, inverted).
const codesBySc: number[][] = PPM_SC_NAMES.map(() => []);
for (const info of EVENT_TABLE) for (const sc of info.ppmSc) codesBySc[sc].push(info.code);

/**
 * The event codes that carry syscall `ppmSc` (libscap's events→ppm_sc map inverted): `openat` → every openat
 * generation, `madvise` → [0, 1]. This is what the adaptive syscall set needs: enabling a syscall enables
 * these events.
 */
export function eventCodesForSyscall(ppmSc: number): readonly number[] {
  return codesBySc[ppmSc] ?? NO_CODES;
}

/** x86_64 native syscall number → PPM_SC code (0 = PPM_SC_UNKNOWN), as scap_native_id_to_ppm_sc. */
export const X86_64_NATIVE_TO_PPM_SC: Readonly<Uint16Array> = (() => {
  const t = new Uint16Array(512);
  for (const [nr, sc] of X86_64_SYSCALLS) t[nr] = sc;
  return t;
})();

const nativeBySc = new Map<number, number>();
for (const [nr, sc] of X86_64_SYSCALLS) if (sc !== 0 && !nativeBySc.has(sc)) nativeBySc.set(sc, nr);

/** PPM_SC code → x86_64 native syscall number, or undefined when x86_64 has no such syscall. */
export function ppmScToX86_64(ppmSc: number): number | undefined {
  return nativeBySc.get(ppmSc);
}

/**
 * Whether `evt.type = name` names something libsinsp knows (validate_filter_value): an event name of the table
 * (including the generic placeholder 'syscall') or a syscall name. Otherwise Falco says `unknown event type NAME`.
 */
export function isEventTypeName(name: string): boolean {
  return name === 'syscall' || codesByName.has(name) || scCodeByName.has(name);
}

function scOfEvents(pick: (info: EventInfo) => boolean): ReadonlySet<number> {
  const out = new Set<number>();
  for (const info of EVENT_TABLE) if (pick(info)) for (const sc of info.ppmSc) out.add(sc);
  return out;
}

/**
 * The syscalls libsinsp needs to keep its state (sinsp_state_sc_set): those of EF_MODIFIES_STATE syscall and
 * tracepoint events, plus every UF_NEVER_DROP syscall of the (x86_64) syscall table. PPM_SC codes.
 */
export const STATE_SYSCALLS: ReadonlySet<number> = (() => {
  const out = new Set(
    scOfEvents(
      (e) => e.code >= 2 && (e.flags & EF_MODIFIES_STATE) !== 0 && (e.category & (EC_SYSCALL | EC_TRACEPOINT)) !== 0,
    ),
  );
  for (const [, sc, flags] of X86_64_SYSCALLS) if (flags & UF_NEVER_DROP) out.add(sc);
  return out;
})();

/** The high-throughput I/O syscalls (io_sc_set): those of events whose syscall category is EC_IO_READ/WRITE. */
export const IO_SYSCALLS: ReadonlySet<number> = scOfEvents((e) => {
  const cat = syscallCategory(e);
  return cat === EC_IO_READ || cat === EC_IO_WRITE;
});

/** The syscalls Falco leaves out unless run with -A (ignored_sc_set): I/O syscalls the state does not need. */
export const FALCO_IGNORED_SYSCALLS: ReadonlySet<number> = new Set(
  [...IO_SYSCALLS].filter((sc) => !STATE_SYSCALLS.has(sc)),
);
