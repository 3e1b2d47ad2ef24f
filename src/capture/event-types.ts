// Types and named constants of Falco's event table (driver/ppm_events_public.h in falcosecurity/libs).
// The numeric values are part of the scap wire format: they must never change. Written by hand, but
// scripts/gen-event-table.ts stops when an EC_/EF_ value or a parameter type or format id here is not libs'.
/**
 * Falco's field types, spelled as `falco --list` prints them (libsinsp's ppm_param_type names without `PT_`).
 * The runtime value of each type is fixed (see FieldValue) so the compiler can convert literals once.
 */
export type FieldType =
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'UINT8'
  | 'UINT16'
  | 'UINT32'
  | 'UINT64'
  | 'CHARBUF'
  | 'BYTEBUF'
  | 'ERRNO'
  | 'SOCKADDR'
  | 'SOCKTUPLE'
  | 'FD'
  | 'PID'
  | 'FDLIST'
  | 'FSPATH'
  | 'SYSCALLID'
  | 'SIGTYPE'
  | 'RELTIME'
  | 'ABSTIME'
  | 'PORT'
  | 'L4PROTO'
  | 'SOCKFAMILY'
  | 'BOOL'
  | 'IPV4ADDR'
  | 'DYN'
  | 'FLAGS8'
  | 'FLAGS16'
  | 'FLAGS32'
  | 'UID'
  | 'GID'
  | 'DOUBLE'
  | 'SIGSET'
  | 'CHARBUFARRAY'
  | 'CHARBUF_PAIR_ARRAY'
  | 'IPV4NET'
  | 'IPV6ADDR'
  | 'IPV6NET'
  | 'IPADDR'
  | 'IPNET'
  | 'MODE'
  | 'FSRELPATH'
  | 'ENUMFLAGS8'
  | 'ENUMFLAGS16'
  | 'ENUMFLAGS32';

/**
 * A parameter's type: libs' ppm_param_type without `PT_`. Spelled as FieldType plus the
 * three types no field has: NONE, and FD32/PID32 (32-bit encodings of FD and PID).
 */
export type ParamTypeName = FieldType | 'NONE' | 'FD32' | 'PID32';

/** ppm_param_type id → name; the index is the id that appears in libs and in the sensor's C header. */
export const PARAM_TYPE_NAMES: readonly ParamTypeName[] = [
  'NONE',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'CHARBUF',
  'BYTEBUF',
  'ERRNO',
  'SOCKADDR',
  'SOCKTUPLE',
  'FD',
  'PID',
  'FDLIST',
  'FSPATH',
  'SYSCALLID',
  'SIGTYPE',
  'RELTIME',
  'ABSTIME',
  'PORT',
  'L4PROTO',
  'SOCKFAMILY',
  'BOOL',
  'IPV4ADDR',
  'DYN',
  'FLAGS8',
  'FLAGS16',
  'FLAGS32',
  'UID',
  'GID',
  'DOUBLE',
  'SIGSET',
  'CHARBUFARRAY',
  'CHARBUF_PAIR_ARRAY',
  'IPV4NET',
  'IPV6ADDR',
  'IPV6NET',
  'IPADDR',
  'IPNET',
  'MODE',
  'FSRELPATH',
  'ENUMFLAGS8',
  'ENUMFLAGS16',
  'ENUMFLAGS32',
  'FD32',
  'PID32',
];

/** ParamTypeName → ppm_param_type id (the inverse of PARAM_TYPE_NAMES). */
export const PARAM_TYPE_ID: Readonly<Record<ParamTypeName, number>> = Object.freeze(
  Object.fromEntries(PARAM_TYPE_NAMES.map((n, id) => [n, id])) as Record<ParamTypeName, number>,
);

/**
 * Encoded size in bytes of the fixed-width parameter types (little-endian on the wire). Types absent here are
 * variable-length (strings, buffers, sockaddr/socktuple, fdlist, DYN, IPADDR) and sized by their length entry.
 */
export const PARAM_FIXED_SIZE: Readonly<Partial<Record<ParamTypeName, number>>> = {
  INT8: 1,
  UINT8: 1,
  FLAGS8: 1,
  ENUMFLAGS8: 1,
  SIGTYPE: 1,
  L4PROTO: 1,
  SOCKFAMILY: 1,
  INT16: 2,
  UINT16: 2,
  FLAGS16: 2,
  ENUMFLAGS16: 2,
  PORT: 2,
  SYSCALLID: 2,
  INT32: 4,
  UINT32: 4,
  FLAGS32: 4,
  ENUMFLAGS32: 4,
  UID: 4,
  GID: 4,
  MODE: 4,
  SIGSET: 4,
  BOOL: 4,
  FD32: 4,
  PID32: 4,
  IPV4ADDR: 4,
  INT64: 8,
  UINT64: 8,
  ERRNO: 8,
  FD: 8,
  PID: 8,
  RELTIME: 8,
  ABSTIME: 8,
  DOUBLE: 8,
  IPV6ADDR: 16,
};

/** ppm_print_format without `PF_`: how a numeric parameter is printed (evt.args, evt.arg.X). */
export type PrintFormat = 'NA' | 'DEC' | 'HEX' | '10_PADDED_DEC' | 'ID' | 'DIR' | 'OCT';

/** ppm_print_format id → name. */
export const PRINT_FORMAT_NAMES: readonly PrintFormat[] = ['NA', 'DEC', 'HEX', '10_PADDED_DEC', 'ID', 'DIR', 'OCT'];

// enum ppm_event_flags. EF_DROP_SIMPLE_CONS (bit 10) is retired in libs: no event carries it any more, the bit
// stays reserved. EF_TMP_CONVERTER_MANAGED was the pre-release name of EF_CONVERTER_MANAGED (same bit).
export const EF_NONE = 0;
export const EF_CREATES_FD = 1 << 0;
export const EF_DESTROYS_FD = 1 << 1;
export const EF_USES_FD = 1 << 2;
export const EF_READS_FROM_FD = 1 << 3;
export const EF_WRITES_TO_FD = 1 << 4;
export const EF_MODIFIES_STATE = 1 << 5;
export const EF_UNUSED = 1 << 6;
export const EF_WAITS = 1 << 7;
export const EF_SKIPPARSERESET = 1 << 8;
export const EF_OLD_VERSION = 1 << 9;
export const EF_DROP_SIMPLE_CONS = 1 << 10;
/** The parameter lengths are u32 instead of u16 (only 322, 324 and 402). */
export const EF_LARGE_PAYLOAD = 1 << 11;
/** The scap converter upgrades this event's old layouts and merges its enter event into the exit. */
export const EF_CONVERTER_MANAGED = 1 << 12;
export const EF_TMP_CONVERTER_MANAGED = EF_CONVERTER_MANAGED;

/** Every EF_ constant by name, in bit order, for printing and tests. */
export const EVENT_FLAG_NAMES: readonly (readonly [string, number])[] = [
  ['EF_CREATES_FD', EF_CREATES_FD],
  ['EF_DESTROYS_FD', EF_DESTROYS_FD],
  ['EF_USES_FD', EF_USES_FD],
  ['EF_READS_FROM_FD', EF_READS_FROM_FD],
  ['EF_WRITES_TO_FD', EF_WRITES_TO_FD],
  ['EF_MODIFIES_STATE', EF_MODIFIES_STATE],
  ['EF_UNUSED', EF_UNUSED],
  ['EF_WAITS', EF_WAITS],
  ['EF_SKIPPARSERESET', EF_SKIPPARSERESET],
  ['EF_OLD_VERSION', EF_OLD_VERSION],
  ['EF_DROP_SIMPLE_CONS', EF_DROP_SIMPLE_CONS],
  ['EF_LARGE_PAYLOAD', EF_LARGE_PAYLOAD],
  ['EF_CONVERTER_MANAGED', EF_CONVERTER_MANAGED],
];

// enum ppm_event_category. The low 9 bits are the syscall category (one value, not a bitmask); the high bits
// say where the event comes from (syscall, tracepoint, plugin, meta, iterator).
export const EC_UNKNOWN = 0;
export const EC_OTHER = 1;
export const EC_FILE = 2;
export const EC_NET = 3;
export const EC_IPC = 4;
export const EC_MEMORY = 5;
export const EC_PROCESS = 6;
export const EC_SLEEP = 7;
export const EC_SYSTEM = 8;
export const EC_SIGNAL = 9;
export const EC_USER = 10;
export const EC_TIME = 11;
export const EC_PROCESSING = 12;
export const EC_IO_BASE = 32;
export const EC_IO_READ = 32;
export const EC_IO_WRITE = 33;
export const EC_IO_OTHER = 34;
export const EC_WAIT = 1 << 6;
export const EC_SCHEDULER = 1 << 7;
export const EC_INTERNAL = 1 << 8;
export const EC_SYSCALL = 1 << 9;
export const EC_TRACEPOINT = 1 << 10;
export const EC_PLUGIN = 1 << 11;
export const EC_METAEVENT = 1 << 12;
export const EC_ITER = 1 << 13;
/** `category & EC_SYSCALL_CATEGORY_MASK` is the syscall category, as libsinsp's sinsp_evt::get_category. */
export const EC_SYSCALL_CATEGORY_MASK = EC_SYSCALL - 1;

/** A name/value pair of a flag table (libs' ppm_name_value), e.g. ['O_CLOEXEC', 524288]. */
export type FlagEntry = readonly [name: string, value: number];
/** A flag table in libs' order; rendering depends on the order (see flag-format.ts). */
export type FlagTable = readonly FlagEntry[];

/**
 * A parameter of one event code. Exactly one of `flags`, `dirfd`, `dyn` is set for the types that need it:
 * FLAGS*, ENUMFLAGS*, MODE → `flags`; FSRELPATH → `dirfd`; DYN → `dyn`.
 */
export interface ParamInfo {
  readonly name: string;
  readonly type: ParamTypeName;
  readonly fmt: PrintFormat;
  /** The name/value table of a FLAGS*, ENUMFLAGS* or MODE parameter (libs' `info` for those types). */
  readonly flags?: FlagTable;
  /** Name of that table in libs (`file_flags`, `clone_flags`…), for documentation and --list-events. */
  readonly flagsName?: string;
  /** FSRELPATH: index of the parameter holding the dirfd the path is relative to (DIRFD_PARAM(n)). */
  readonly dirfd?: number;
  /** DYN: the possible real types; a u8 index in front of the value picks one. */
  readonly dyn?: readonly ParamInfo[];
  /** Name of the DYN table in libs (`ptrace_dynamic_param`…). */
  readonly dynName?: string;
}

/** One entry of the event table. `EVENT_TABLE[code].code === code`. */
export interface EventInfo {
  readonly code: number;
  /** libs' enum name without `PPME_`, e.g. `SYSCALL_OPEN_X`: unique per code, for messages and docs. */
  readonly id: string;
  /** What `evt.type` matches; shared by both directions and every generation of a syscall. */
  readonly name: string;
  /** `>` enter (even code), `<` exit (odd code). */
  readonly dir: '>' | '<';
  /** Raw ppm_event_category bits (EC_*). */
  readonly category: number;
  /** Raw ppm_event_flags bits (EF_*). */
  readonly flags: number;
  readonly params: readonly ParamInfo[];
  /** PPM_SC codes whose syscall produces this event (libscap's events→ppm_sc map); empty for meta events. */
  readonly ppmSc: readonly number[];
}

/** The generated data's parameter form: [name, type, fmt, flag/dyn table name or dirfd index]. */
export type RawParam = readonly [name: string, type: ParamTypeName, fmt: PrintFormat, info?: string | number];
/** The generated data's event form: [id, name, category, flags, params, PPM_SC names]. */
export type RawEvent = readonly [
  id: string,
  name: string,
  category: number,
  flags: number,
  params: readonly RawParam[],
  ppmSc: readonly string[],
];
