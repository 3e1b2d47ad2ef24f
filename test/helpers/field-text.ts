// Renders extracted field values as sysdig's -p output shows them, for differential tests against sysdig.
import type { FieldValue } from '../../src/fields/types.ts';
import { printable } from '../../src/rules/output.ts';
import { ipv6ToString } from '../../src/state/fd.ts';

export function fieldText(v: FieldValue | null): string {
  if (v === null) return '<NA>';
  // As an alert prints it: non-printable characters replaced (src/rules/output.ts, libsinsp 0.25's sanitizing).
  if (typeof v === 'string') return printable(v);
  if (typeof v === 'number' || typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Uint8Array) {
    if (v.length === 4) return `${v[0]}.${v[1]}.${v[2]}.${v[3]}`;
    if (v.length === 16) return ipv6ToString(v);
    return Buffer.from(v).toString('latin1');
  }
  if (Array.isArray(v)) return v.map((x) => fieldText(x)).join(',');
  const net = v as { addr: Uint8Array; prefix: number };
  return `${fieldText(net.addr)}/${net.prefix}`;
}
