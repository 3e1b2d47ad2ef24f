// The contract between the field catalogue, the rule compiler and the event model.
//
// A field is a record: name, type, description, argument form and, once its source is built, an extractor
// factory. The compiler resolves names through a FieldRegistry and calls `bind` once per use at load time;
// the per-event path then only calls the returned Extractor. Adding or changing an extractor therefore
// touches one record in src/fields/catalog/* (the data) or src/fields/extract/* (the code), never the parser or
// the compiler. src/fields/registry.ts joins the two into FieldDefs.
import type { FieldType, PrintFormat } from '../capture/event-types.ts';

/** Falco's field types: defined beside the event table's parameter types (src/capture/event-types.ts). */
export type { FieldType };

/** An IP network value: address bytes (4 or 16) and prefix length. */
export interface IpNet {
  readonly addr: Uint8Array;
  readonly prefix: number;
}

/**
 * What an extractor returns for one event. The representation depends only on the field's type:
 * - string types (CHARBUF, FSPATH, FSRELPATH): `string`
 * - BYTEBUF: `Uint8Array`
 * - ABSTIME: `bigint` (nanoseconds since the epoch do not fit a double)
 * - every other integer type, RELTIME and DOUBLE: `number`
 * - BOOL: `boolean`
 * - IPV4ADDR, IPV6ADDR, IPADDR: `Uint8Array` of 4 or 16 bytes, network order
 * - IPV4NET, IPV6NET, IPNET: `IpNet`
 * A list field (`FieldDef.list`) returns an array of those values; an empty array is "no values".
 * `null` means the value is not available (`<NA>` in text output, `null` in JSON); every comparison on it is
 * false, as in Falco.
 */
export type ScalarValue = string | number | bigint | boolean | Uint8Array | IpNet;
export type FieldValue = ScalarValue | readonly ScalarValue[];

/** How a field takes an argument: `proc.aname[2]` (index), `proc.env[HOME]` (key), `evt.arg.flags`. */
export interface ArgSpec {
  /** Falco's EPF_ARG_REQUIRED: the field is meaningless without one. */
  readonly required: boolean;
  /** index: a non-negative integer; key: any text; index-or-key: either (evt.arg[0] and evt.arg.flags). */
  readonly kind: 'index' | 'key' | 'index-or-key';
  /** Whether `name.ARG` (dotted form) is accepted in addition to `name[ARG]`, as for evt.arg.flags. */
  readonly dotted?: boolean;
  /**
   * `false` when only the dotted form is accepted (evt.rawarg.NAME, evt.type.is.NAME, thread.cgroup.SUBSYS,
   * evt.abspath.src). Absent: `name[ARG]` is accepted.
   */
  readonly bracket?: boolean;
}

/** A field argument as written in a rule, already split from the name. */
export interface FieldArg {
  /** The text between the brackets, or after the dot. */
  readonly raw: string;
  /** Set when `raw` is a non-negative integer. */
  readonly index?: number;
}

/** Reads a field's value from the current event. Called on the hot path: no allocation beyond the value. */
export type Extractor<E> = (evt: E) => FieldValue | null;

/** Returned by `bind` when the argument is unacceptable; becomes a compile error with the field's position. */
export interface BindError {
  readonly error: string;
}

export interface FieldDef<E> {
  /** Full name as written in rules: `proc.aname`, `container.mount.dest`. */
  readonly name: string;
  readonly type: FieldType;
  /** One-sentence description, as `--list` prints it. */
  readonly desc: string;
  /** libsinsp's print format for numbers (DEC, HEX, OCT, 10_PADDED_DEC, ID…); absent means NA. */
  readonly fmt?: PrintFormat;
  /** Absent: the field takes no argument. */
  readonly arg?: ArgSpec;
  /** Multi-valued (Falco's EPF_IS_LIST): the extractor returns an array. */
  readonly list?: boolean;
  /** Falco's EPF_FILTER_ONLY: usable in conditions, not in outputs. */
  readonly filterOnly?: boolean;
  /** Falco's EPF_NO_RHS: cannot appear as the right side of a comparison (val()). */
  readonly noRhs?: boolean;
  /** Falco's EPF_NO_TRANSFORMER: transformers may not wrap it. */
  readonly noTransformer?: boolean;
  /** Falco's EPF_DEPRECATED: accepted, and `--list` says so. */
  readonly deprecated?: boolean;
  /** Hidden from `--list` (Falco's EPF_TABLE_ONLY and internal aliases). */
  readonly hidden?: boolean;
  /** Falco's EPF_PRINT_ONLY: never listed; meant for outputs (evt.outputtime). */
  readonly printOnly?: boolean;
  /** Falco's EPF_FORMAT_SUGGESTED: appended to outputs by `append_output: [{suggested_output: true}]`. */
  readonly suggested?: boolean;
  /**
   * How `%field` renders a value in text output when the type's default rendering is not Falco's: evt.time
   * (an ABSTIME shown as `HH:MM:SS.nnnnnnnnn`), evt.time.iso8601, hex or octal print formats. The JSON
   * output_fields keep the typed value. Absent: the default rendering of the type (src/rules/output.ts).
   */
  readonly toText?: (value: ScalarValue) => string;
  /**
   * Creates the extractor for one use of the field, validating its argument. Absent while the field's source
   * is not built: the field validates in rules, and its value is always `null` at run time.
   */
  readonly bind?: (arg: FieldArg | undefined) => Extractor<E> | BindError;
}

/** A field class as `--list` groups them: evt, proc, thread, fd, fdlist, fs.path, user, group, container, k8s. */
export interface FieldClass<E> {
  readonly name: string;
  /** Falco's short description, printed after the name: `evt (All event types)`. */
  readonly shortDesc?: string;
  /** Event source the class belongs to; every class here is `syscall`. */
  readonly source: string;
  readonly desc: string;
  /** Falco's FL_GENERIC: the class applies to every event source (the `evt` fields common to all). */
  readonly generic?: boolean;
  /** Falco's FL_HIDDEN: fields resolve in rules but the class is not listed (`util`). */
  readonly hidden?: boolean;
  /**
   * The fields follow the plugin argument rules (`name[ARG]` only, Falco's plugin error messages) and `--list`
   * prints their argument kinds (container, k8s: served natively here, by the container plugin in Falco).
   */
  readonly plugin?: boolean;
  readonly fields: readonly FieldDef<E>[];
}

/** The result of resolving a field reference such as `proc.aname[2]` or `evt.arg.flags`. */
export interface ResolvedField<E> {
  readonly def: FieldDef<E>;
  readonly arg?: FieldArg;
}

/** What the rule compiler needs from the catalogue. */
export interface FieldRegistry<E> {
  /** Every class, in `--list` order. */
  readonly classes: readonly FieldClass<E>[];
  /**
   * Resolves a field name with its optional argument, e.g. `evt.arg.flags`, `evt.arg[0]`, `proc.aname`,
   * `proc.aname[2]`. `arg` is the bracket text when the rule used brackets. Returns a BindError with Falco's
   * wording when the field is unknown or the argument is malformed.
   */
  resolve(name: string, arg: string | undefined): ResolvedField<E> | BindError;
}

export function isBindError(x: unknown): x is BindError {
  return typeof x === 'object' && x !== null && 'error' in x;
}
