// Event codes by libs' PPME_ name, looked up once from the event table so that no code number is typed by hand.
// A name that is not in the table fails at load time, not silently at run time.
import { EVENT_TABLE } from './event-table.ts';

const byId = new Map<string, number>();
for (const e of EVENT_TABLE) byId.set(e.id, e.code);

/** The code of `SYSCALL_OPEN_X` and friends (libs' enum name without `PPME_`). */
export function code(id: string): number {
  const c = byId.get(id);
  if (c === undefined) throw new Error(`event table has no ${id}`);
  return c;
}

/** Codes of several ids. */
export function codes(...ids: string[]): number[] {
  return ids.map(code);
}
