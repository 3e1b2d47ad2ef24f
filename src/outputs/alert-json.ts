// Falco's JSON envelope read back into an Alert: for alerts that come back from the NATS spool after a restart and
// for alerts a console reads from the fleet's stream. alertToJson(parseAlertJson(s), every include on) gives s
// back for any envelope alertToJson wrote with every include on.
import { type Priority, parsePriority, severity } from '../rules/priority.ts';
import type { Alert, JsonEnvelopeOptions, JsonFieldValue } from './alert.ts';

/** Every optional property: what the NATS output publishes, so a reader loses nothing of the alert. */
export const FULL_ENVELOPE: JsonEnvelopeOptions = {
  includeOutput: true,
  includeTags: true,
  includeMessage: true,
  includeOutputFields: true,
};

/** An envelope that is not one: the message says which property is wrong. */
export class AlertJsonError extends Error {
  override readonly name = 'AlertJsonError';
}

// Integers past 2^53 (nanosecond times in output_fields) come back exact, from their source text.
function reviveBigInts(this: unknown, _key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined) {
    if (/^-?\d+$/.test(context.source)) return BigInt(context.source);
  }
  return value;
}

const ISO_NS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

/** Falco's `time` (`2016-08-04T16:17:57.881781397Z`) as nanoseconds since the epoch. */
export function parseIsoTimeNs(text: string): bigint | undefined {
  const m = ISO_NS.exec(text);
  if (m === null) return undefined;
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms / 1000) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

function isFieldValue(v: unknown): v is JsonFieldValue {
  if (v === null) return true;
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'bigint' || t === 'boolean') return true;
  return Array.isArray(v) && v.every((x) => x !== null && ['string', 'number', 'bigint', 'boolean'].includes(typeof x));
}

/** Parses one envelope. Throws AlertJsonError naming the property that is missing or wrong. */
export function parseAlertJson(text: string): { alert: Alert; severity: number } {
  let j: unknown;
  try {
    j = (JSON.parse as (t: string, r: typeof reviveBigInts) => unknown)(text, reviveBigInts);
  } catch (err) {
    throw new AlertJsonError(`not JSON: ${(err as Error).message}`);
  }
  if (j === null || typeof j !== 'object' || Array.isArray(j)) throw new AlertJsonError('not a JSON object');
  const o = j as Record<string, unknown>;
  const str = (key: string): string => {
    const v = o[key];
    if (typeof v !== 'string') throw new AlertJsonError(`property '${key}' is missing or not a string`);
    return v;
  };
  const priority: Priority | undefined = parsePriority(str('priority'));
  if (priority === undefined) throw new AlertJsonError(`property 'priority' is not a Falco priority: ${o.priority}`);
  const time = parseIsoTimeNs(str('time'));
  if (time === undefined) throw new AlertJsonError(`property 'time' is not Falco's UTC time: ${o.time}`);
  const fields = o.output_fields ?? {};
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields))
    throw new AlertJsonError("property 'output_fields' is not an object");
  for (const [k, v] of Object.entries(fields)) {
    if (!isFieldValue(v)) throw new AlertJsonError(`output field '${k}' has a value of the wrong kind`);
  }
  const tags = o.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))
    throw new AlertJsonError("property 'tags' is not a list of strings");
  const output = typeof o.output === 'string' ? o.output : '';
  const alert: Alert = {
    time,
    rule: str('rule'),
    priority,
    source: str('source'),
    tags: tags as string[],
    output,
    message: typeof o.message === 'string' ? o.message : output,
    outputFields: fields as Record<string, JsonFieldValue>,
    hostname: str('hostname'),
  };
  return { alert, severity: severity(priority) };
}
