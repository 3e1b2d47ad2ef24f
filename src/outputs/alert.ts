// One alert, as every output channel receives it, and Falco's two renderings of it: the text line and the JSON
// envelope (falco userspace/engine/formats.cpp). Channels never format alerts themselves.
import type { JsonFieldValue } from '../rules/output.ts';
import type { Priority } from '../rules/priority.ts';

export type { JsonFieldValue };

export interface Alert {
  /** Event time, nanoseconds since the epoch. */
  readonly time: bigint;
  readonly rule: string;
  readonly priority: Priority;
  /** `syscall` for system-call rules; internal alerts use `internal`. */
  readonly source: string;
  readonly tags: readonly string[];
  /**
   * The full line: `%evt.time: Priority ` (or `%evt.time.iso8601` with time_format_iso_8601) followed by the
   * rule's output with every %field substituted (`<NA>` for a missing value).
   */
  readonly output: string;
  /** The rule's output alone, without the time and priority prefix (Falco's `message` JSON property). */
  readonly message: string;
  /** Each field the prefix, the output and the extra fields named, by name, with its typed value. */
  readonly outputFields: Readonly<Record<string, JsonFieldValue>>;
  readonly hostname: string;
  /**
   * What Peregrine knew about the event's process, user and container when the alert fired: the values of
   * ALERT_CONTEXT_FIELDS (src/store/context.ts), in that order, null when not available. Captured only when the
   * alert store is on, kept by the store for the console's detail view, never part of the Falco envelope the other
   * channels send.
   */
  readonly context?: readonly JsonFieldValue[];
}

/** Which optional properties the JSON envelope carries (falco.yaml `json_include_*`). */
export interface JsonEnvelopeOptions {
  readonly includeOutput: boolean;
  readonly includeTags: boolean;
  readonly includeMessage: boolean;
  readonly includeOutputFields: boolean;
}

// Alerts come in bursts within one second: the date part is formatted once per second (Date#toISOString
// dominated the cost of an alert's JSON).
let cachedSecond = -1n;
let cachedDate = '';

/** Falco's `time` property: UTC, nanoseconds, `Z`. */
export function isoTimeUtc(ns: bigint): string {
  const seconds = ns / 1_000_000_000n;
  if (seconds !== cachedSecond) {
    cachedDate = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
    cachedSecond = seconds;
  }
  const frac = Number(ns - seconds * 1_000_000_000n);
  return `${cachedDate}.${String(frac).padStart(9, '0')}Z`;
}

/**
 * The JSON envelope, one line, keys in the order Falco's nlohmann::json object prints them (sorted).
 * Hand-built rather than JSON.stringify because nanosecond integers must not pass through a double.
 */
export function alertToJson(alert: Alert, opts: JsonEnvelopeOptions): string {
  let s = `{"hostname":${JSON.stringify(alert.hostname)}`;
  if (opts.includeMessage) s += `,"message":${JSON.stringify(alert.message)}`;
  if (opts.includeOutput) s += `,"output":${JSON.stringify(alert.output)}`;
  if (opts.includeOutputFields) {
    s += ',"output_fields":{';
    let first = true;
    for (const key of Object.keys(alert.outputFields).sort()) {
      s += `${first ? '' : ','}${JSON.stringify(key)}:${jsonValue(alert.outputFields[key])}`;
      first = false;
    }
    s += '}';
  }
  s += `,"priority":${JSON.stringify(alert.priority)},"rule":${JSON.stringify(alert.rule)},"source":${JSON.stringify(alert.source)}`;
  if (opts.includeTags) s += `,"tags":${JSON.stringify([...alert.tags].sort())}`;
  s += `,"time":"${isoTimeUtc(alert.time)}"}`;
  return s;
}

function jsonValue(v: JsonFieldValue): string {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map((x) => jsonValue(x)).join(',')}]`;
  return JSON.stringify(v);
}
