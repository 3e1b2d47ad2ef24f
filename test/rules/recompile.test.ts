// Falco compiles everything loaded so far after each rules file; Peregrine reuses what an earlier
// compilation computed for a macro or rule when its inputs are unchanged (src/rules/compiler.ts,
// CompileMemo). These tests check that reuse never shows: a later file that changes a list, a macro or a
// rule changes what the earlier rules compile to, warnings are reported again in every file's result as
// Falco does, and loading real rules files with and without reuse gives identical results.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { eventTypeMap } from '../../src/app/rules-env.ts';
import { syscallRegistry } from '../../src/fields/registry.ts';
import { exprToString } from '../../src/rules/condition/ast.ts';
import { resultAsJson } from '../../src/rules/load-result.ts';
import { type LoadRulesResult, loadRules } from '../../src/rules/loader.ts';
import { SHARED } from '../helpers/cli.ts';
import { evt, type TestEvent } from './fixtures/registry.ts';
import { load } from './helpers.ts';

const rule = (name: string, condition: string, extra = '') =>
  `- rule: ${name}\n  desc: d\n  condition: ${condition}\n  output: o %proc.name\n  priority: INFO\n${extra}`;

function matches(res: LoadRulesResult<TestEvent>, name: string, values: Record<string, string>): boolean {
  const r = res.ruleset?.rules.find((x) => x.name === name);
  assert.ok(r, `rule ${name} is loaded`);
  return r.condition(evt('open', values));
}

function codes(res: LoadRulesResult<TestEvent>, file: number): string[] {
  return res.files[file].warnings.map((w) => w.code);
}

describe('a later file changes what an earlier rule compiles to', () => {
  test('appending to a macro', () => {
    const res = load({
      'a.yaml': `- macro: m\n  condition: proc.name = a\n${rule('r', 'evt.type = open and m')}`,
      'b.yaml': '- macro: m\n  condition: or proc.name = b\n  override:\n    condition: append\n',
    });
    assert.ok(res.successful);
    assert.equal(matches(res, 'r', { 'proc.name': 'b' }), true);
  });

  test('appending to a list', () => {
    const res = load({
      'a.yaml': `- list: l\n  items: [a]\n${rule('r', 'evt.type = open and proc.name in (l)')}`,
      'b.yaml': '- list: l\n  items: [b]\n  append: true\n',
    });
    assert.ok(res.successful);
    assert.equal(matches(res, 'r', { 'proc.name': 'b' }), true);
  });

  test('defining a list whose name was a plain value', () => {
    const res = load({
      'a.yaml': rule('r', 'evt.type = open and proc.name in (foo, bar)'),
      'b.yaml': '- list: foo\n  items: [x]\n',
    });
    assert.ok(res.successful);
    assert.equal(matches(res, 'r', { 'proc.name': 'x' }), true);
    assert.equal(matches(res, 'r', { 'proc.name': 'foo' }), false);
  });

  test('redefining a macro used through another macro', () => {
    const res = load({
      'a.yaml': `- macro: inner\n  condition: proc.name = a\n- macro: outer\n  condition: inner\n${rule('r', 'evt.type = open and outer')}`,
      'b.yaml': '- macro: inner\n  condition: proc.name = c\n',
    });
    assert.ok(res.successful);
    assert.equal(matches(res, 'r', { 'proc.name': 'c' }), true);
    assert.equal(matches(res, 'r', { 'proc.name': 'a' }), false);
  });

  test('appending values to an exception', () => {
    const res = load({
      'a.yaml': rule(
        'r',
        'evt.type = open',
        '  exceptions:\n    - name: e\n      fields: proc.name\n      values: [a]\n',
      ),
      'b.yaml': '- rule: r\n  exceptions:\n    - name: e\n      values: [b]\n  override:\n    exceptions: append\n',
    });
    assert.ok(res.successful);
    assert.equal(matches(res, 'r', { 'proc.name': 'a' }), false);
    assert.equal(matches(res, 'r', { 'proc.name': 'b' }), false);
    assert.equal(matches(res, 'r', { 'proc.name': 'c' }), true);
  });

  test('replacing the output keeps the condition and takes the new output', () => {
    const res = load({
      'a.yaml': rule('r', 'evt.type = open and proc.name = a'),
      'b.yaml': '- rule: r\n  output: new %proc.name\n  override:\n    output: replace\n',
    });
    assert.ok(res.successful);
    assert.equal(res.ruleset?.rules[0].output.format, 'new %proc.name');
    assert.equal(matches(res, 'r', { 'proc.name': 'a' }), true);
  });
});

describe('warnings are reported by every compilation, as Falco does', () => {
  test("an earlier file's compile warning is in every later file's result", () => {
    const res = load({
      'a.yaml': rule('r', 'evt.type = open and proc.name regex abc'),
      'b.yaml': rule('s', 'evt.type = open and proc.name = x'),
      'c.yaml': '- list: unrelated\n  items: [q]\n',
    });
    assert.ok(res.successful);
    assert.deepEqual(codes(res, 0), ['LOAD_COMPILE_CONDITION']);
    assert.deepEqual(codes(res, 1), ['LOAD_COMPILE_CONDITION']);
    assert.deepEqual(codes(res, 2), ['LOAD_COMPILE_CONDITION', 'LOAD_UNUSED_LIST']);
    assert.equal(res.files[2].warnings[0].context.last.line, res.files[0].warnings[0].context.last.line);
  });

  test('a macro unused after the first file and used by the second is reported once', () => {
    const res = load({
      'a.yaml': '- macro: m\n  condition: proc.name = a\n',
      'b.yaml': rule('r', 'evt.type = open and m'),
    });
    assert.deepEqual(codes(res, 0), ['LOAD_UNUSED_MACRO']);
    assert.deepEqual(codes(res, 1), []);
  });

  test('a rule skipped for an unknown field is reported by each compilation', () => {
    const res = load({
      'a.yaml': rule('r', 'evt.type = open and proc.nosuchfield = a', '  skip-if-unknown-filter: true\n'),
      'b.yaml': rule('s', 'evt.type = open'),
    });
    assert.ok(res.successful);
    assert.deepEqual(codes(res, 0), ['LOAD_UNKNOWN_FIELD']);
    assert.deepEqual(codes(res, 1), ['LOAD_UNKNOWN_FIELD']);
    assert.deepEqual(
      res.ruleset?.rules.map((r) => r.name),
      ['s'],
    );
  });
});

// ---- real rules files, with and without reuse ----

function described<E extends { type: number; num: number }>(res: LoadRulesResult<E>): unknown {
  return {
    successful: res.successful,
    files: res.files.map((f) => resultAsJson(f, res.contents)),
    rules: res.compiled?.rules.map((r) => [
      r.name,
      r.priority,
      exprToString(r.ast),
      r.eventCodes.join(','),
      r.output.format,
      r.exceptionFields.join(','),
    ]),
    macros: res.compiled?.macros.map((m) => [m.name, m.used, exprToString(m.ast)]),
    lists: res.compiled?.lists.map((l) => [l.name, l.used, l.items.join(',')]),
  };
}

test('loading real rules files reuses compilations without changing any result', () => {
  const upstream = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
    join(SHARED, 'upstream/falco-rules', f),
  );
  const dir = join(SHARED, 'upstream/falco-regression/rules');
  const regression = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
  const combos: string[][] = [upstream];
  for (let i = 0; i + 1 < regression.length; i += 2) combos.push([upstream[0], regression[i], regression[i + 1]]);
  for (const files of combos) {
    const inputs = files.map((f) => ({ name: f, content: readFileSync(f, 'utf8') }));
    const opts = { registry: syscallRegistry, eventTypes: eventTypeMap, validate: true };
    const reused = described(loadRules(inputs, opts));
    const fresh = described(loadRules(inputs, { ...opts, reuseCompilations: false }));
    assert.deepEqual(reused, fresh, files.join(' '));
  }
});

test("a rule's generated code is built at its first evaluation and then installed", () => {
  const res = load(rule('r', 'evt.type = open and proc.name in (a, b) and not proc.pname = c'));
  const r = res.ruleset?.rules[0];
  assert.ok(r);
  const first = r.condition;
  assert.equal(first(evt('open', { 'proc.name': 'a', 'proc.pname': 'x' })), true);
  const installed = r.condition;
  assert.notEqual(installed, first);
  assert.equal(installed(evt('open', { 'proc.name': 'a', 'proc.pname': 'x' })), true);
  assert.equal(installed(evt('open', { 'proc.name': 'a', 'proc.pname': 'c' })), false);
  assert.equal(r.condition, installed);
  // A validation-only load (-V) never generates code.
  const v = load(rule('r', 'evt.type = open and proc.name = a'), { validate: true }).compiled?.rules[0];
  const fn = v?.condition;
  fn?.(evt('open', { 'proc.name': 'a' }));
  assert.equal(v?.condition, fn);
});
