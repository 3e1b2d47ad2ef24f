// One alert, as every output channel receives it. The JSON form is Falco's envelope (see toFalcoJson).
import type { Priority } from '../rules/priority.ts';

/** A field value as Falco's JSON puts it in `output_fields`: typed, `null` when not available. */
export type JsonFieldValue = string | number | boolean | null | (string | number | boolean)[];

export interface Alert {
  /** Event time, nanoseconds since the epoch. */
  readonly time: bigint;
  readonly rule: string;
  readonly priority: Priority;
  /** `syscall` for system-call rules; internal alerts use `internal`. */
  readonly source: string;
  readonly tags: readonly string[];
  /** The rule's output with every %field substituted (`<NA>` for a missing value). */
  readonly output: string;
  /** Each field the output named, by name, with its typed value. */
  readonly outputFields: Readonly<Record<string, JsonFieldValue>>;
  readonly hostname: string;
}
