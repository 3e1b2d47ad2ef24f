// A condition in Falco's filter syntax (no macros or lists), compiled once into a predicate over events: what
// `peregrine -e IN -w OUT CONDITION` uses to select the events it writes, as `sysdig -w` does with its filter.
import { syscallRegistry } from '../fields/registry.ts';
import type { Predicate } from '../rules/compile/checks.ts';
import { compileCondition } from '../rules/compile/condition.ts';
import { FieldCache } from '../rules/compile/fields.ts';
import { Parser } from '../rules/condition/parser.ts';
import type { Event } from '../state/event.ts';

export function compileFilter(text: string): Predicate<Event> | { error: string } {
  try {
    const ast = new Parser(text).parse();
    return compileCondition<Event>(ast, { registry: syscallRegistry, cache: new FieldCache() }).predicate;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
