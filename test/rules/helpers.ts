// Small helpers for the rules engine's tests: load rules from text with the test registry, compile a single
// condition, and read results.
import type { FieldValue } from '../../src/fields/types.ts';
import type { CompiledRule } from '../../src/rules/compiler.ts';
import { type LoadRulesOptions, type LoadRulesResult, loadRules } from '../../src/rules/loader.ts';
import { evt, type TestEvent, testEventTypes, testRegistry } from './fixtures/registry.ts';

export type Options = Partial<LoadRulesOptions<TestEvent>>;

export function load(files: Record<string, string> | string, opts: Options = {}): LoadRulesResult<TestEvent> {
  const inputs =
    typeof files === 'string'
      ? [{ name: 'rules.yaml', content: files }]
      : Object.entries(files).map(([name, content]) => ({ name, content }));
  return loadRules<TestEvent>(inputs, { registry: testRegistry, eventTypes: testEventTypes, ...opts });
}

export function ruleYaml(name: string, condition: string, extra = ''): string {
  return `- rule: ${JSON.stringify(name)}\n  desc: test\n  condition: ${JSON.stringify(condition)}\n  output: "out %proc.name"\n  priority: WARNING\n${extra}`;
}

/** Every problem of a load, as "CODE: message" lines. */
export function problems(res: LoadRulesResult<TestEvent>): string[] {
  return res.files.flatMap((f) => [...f.errors, ...f.warnings].map((p) => `${p.code}: ${p.message}`));
}

export function errors(res: LoadRulesResult<TestEvent>): string[] {
  return res.files.flatMap((f) => f.errors.map((p) => `${p.code}: ${p.message}`));
}

/** Compiles one condition; throws with the load errors when it does not compile. */
export function compile(condition: string): CompiledRule<TestEvent> {
  const res = load(ruleYaml('r', condition, '  warn_evttypes: false\n'));
  if (!res.successful || res.compiled === undefined) throw new Error(errors(res).join('\n'));
  return res.compiled.rules[0];
}

/** Whether `condition` matches an event of `type` with these field values. */
export function matches(condition: string, values: Record<string, FieldValue | null>, type = 'open'): boolean {
  return compile(condition).condition(evt(type, values));
}

/** The compile error of a condition. */
export function compileError(condition: string): string {
  const res = load(ruleYaml('r', condition, '  warn_evttypes: false\n'));
  const e = errors(res);
  if (e.length === 0) throw new Error(`expected ${condition} to fail`);
  return e[0];
}
