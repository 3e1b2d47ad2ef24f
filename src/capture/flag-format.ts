// Renders a FLAGS*, ENUMFLAGS* or MODE parameter's value as names (`O_RDONLY|O_CLOEXEC`), the way libsinsp
// resolves them for evt.args and evt.arg.NAME, including its order-dependent quirks, so output matches sysdig.
import type { FlagTable, ParamTypeName } from './event-types.ts';

/**
 * The resolved text of `value` for a parameter of type `type` with table `table`; '' when nothing matches
 * (libsinsp then prints only the number).
 *
 * - FLAGS*: walk the table in order; an entry matches when all its bits are still set in the remaining value
 *   (a 0-valued entry only when the whole value is 0); matched bits are removed so PPM_O_RDWR does not also
 *   print O_WRONLY; stop once an entry equals the original value.
 * - ENUMFLAGS*: every entry whose value equals the value (AF_UNIX and AF_LOCAL both print).
 * - MODE: like FLAGS, but the walk stops *before* an entry equal to the original value, which is then appended.
 */
export function formatFlags(table: FlagTable, value: number, type: ParamTypeName): string {
  const initial = value >>> 0;
  let rest = initial;
  let out = '';
  if (type === 'ENUMFLAGS8' || type === 'ENUMFLAGS16' || type === 'ENUMFLAGS32') {
    for (const [name, v] of table) if (v === initial) out = out === '' ? name : `${out}|${name}`;
    return out;
  }
  if (type === 'MODE') {
    let i = 0;
    for (; i < table.length && table[i][1] !== initial; i++) {
      const [name, v] = table[i];
      if ((v === 0 && initial === 0) || (v !== 0 && rest !== 0 && (rest & v) >>> 0 === v)) {
        out = out === '' ? name : `${out}|${name}`;
        rest = (rest & ~v) >>> 0;
      }
    }
    if (i < table.length) out = out === '' ? table[i][0] : `${out}|${table[i][0]}`;
    return out;
  }
  for (const [name, v] of table) {
    if ((v === 0 && initial === 0) || (v !== 0 && rest !== 0 && (rest & v) >>> 0 === v)) {
      out = out === '' ? name : `${out}|${name}`;
      rest = (rest & ~v) >>> 0;
      if (v === initial) break;
    }
  }
  return out;
}
