// Rules-file features as Falco implements them: lists, macros and their visibility, append and override of
// every key, exceptions, sources, priorities, selection, event-type inference and the warnings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REGRESSION_DIR, regressionEntries } from './falco-regression.ts';
import { evt, testEventTypes } from './fixtures/registry.ts';
import { errors, load, problems, ruleYaml } from './helpers.ts';

function firstRule(yaml: string, opts = {}) {
  const res = load(yaml, opts);
  assert.deepEqual(errors(res), [], 'loads without errors');
  return res.compiled!.rules[0];
}

describe('lists', () => {
  test('nested lists, items with spaces are quoted, a list only sees lists defined before it', () => {
    const r = firstRule(`
- list: a
  items: [cat, "my prog"]
- list: b
  items: [a, ls]
${ruleYaml('r', 'evt.type = open and proc.name in (b)')}`);
    assert.equal(r.condition(evt('open', { 'proc.name': 'my prog' })), true);
    assert.equal(r.condition(evt('open', { 'proc.name': 'ls' })), true);
    assert.equal(r.condition(evt('open', { 'proc.name': 'a' })), false);
  });
  test('an empty list removes its comma', () => {
    const r = firstRule(`
- list: empty
  items: []
${ruleYaml('r', 'evt.type = open and proc.name in (x, empty)')}`);
    assert.equal(r.condition(evt('open', { 'proc.name': 'x' })), true);
  });
  test('a list name inside a longer word is not expanded', () => {
    const r = firstRule(`
- list: cat
  items: [dog]
${ruleYaml('r', 'evt.type = open and proc.name in (cat, cats)')}`);
    assert.equal(r.condition(evt('open', { 'proc.name': 'cats' })), true);
    assert.equal(r.condition(evt('open', { 'proc.name': 'dog' })), true);
    assert.equal(r.condition(evt('open', { 'proc.name': 'cat' })), false);
  });
  test('append adds items; redefinition replaces them', () => {
    const yaml = `
- list: l
  items: [a]
- list: l
  items: [b]
  append: true
${ruleYaml('r', 'evt.type = open and proc.name in (l)')}`;
    const r = firstRule(yaml);
    assert.equal(r.condition(evt('open', { 'proc.name': 'a' })), true);
    assert.equal(r.condition(evt('open', { 'proc.name': 'b' })), true);
    const r2 = firstRule(yaml.replace('append: true', ''));
    assert.equal(r2.condition(evt('open', { 'proc.name': 'a' })), false);
  });
  test('override items: append / replace', () => {
    const base = '- list: l\n  items: [a]\n';
    const app = firstRule(
      `${base}- list: l\n  items: [b]\n  override:\n    items: append\n${ruleYaml('r', 'evt.type = open and proc.name in (l)')}`,
    );
    assert.equal(app.condition(evt('open', { 'proc.name': 'a' })), true);
    const rep = firstRule(
      `${base}- list: l\n  items: [b]\n  override:\n    items: replace\n${ruleYaml('r', 'evt.type = open and proc.name in (l)')}`,
    );
    assert.equal(rep.condition(evt('open', { 'proc.name': 'a' })), false);
    assert.equal(rep.condition(evt('open', { 'proc.name': 'b' })), true);
  });
  test('unused lists are reported', () => {
    assert.ok(
      problems(load(`- list: unused\n  items: [a]\n${ruleYaml('r', 'evt.type = open')}`)).includes(
        'LOAD_UNUSED_LIST: List not referred to by any other rule/macro',
      ),
    );
  });
});

describe('macros', () => {
  test('a macro sees only macros defined before it', () => {
    const res = load(`
- macro: a
  condition: b
- macro: b
  condition: proc.name = x
${ruleYaml('r', 'evt.type = open and a')}`);
    assert.deepEqual(errors(res), ["LOAD_ERR_VALIDATE: Undefined macro 'b' used in filter."]);
  });
  test('a rule sees every macro, defined before or after it', () => {
    const r = firstRule(`${ruleYaml('r', 'evt.type = open and m')}
- macro: m
  condition: proc.name = x
`);
    assert.equal(r.condition(evt('open', { 'proc.name': 'x' })), true);
  });
  test('append concatenates condition text', () => {
    const r = firstRule(`
- macro: m
  condition: proc.name = x
- macro: m
  condition: or proc.name = y
  append: true
${ruleYaml('r', 'evt.type = open and (m)')}`);
    assert.equal(r.condition(evt('open', { 'proc.name': 'y' })), true);
  });
  test('override condition: append / replace', () => {
    const base = '- macro: m\n  condition: proc.name = x\n';
    const rule = ruleYaml('r', 'evt.type = open and (m)');
    const app = firstRule(
      `${base}- macro: m\n  condition: or proc.name = y\n  override:\n    condition: append\n${rule}`,
    );
    assert.equal(app.condition(evt('open', { 'proc.name': 'x' })), true);
    assert.equal(app.condition(evt('open', { 'proc.name': 'y' })), true);
    const rep = firstRule(
      `${base}- macro: m\n  condition: proc.name = y\n  override:\n    condition: replace\n${rule}`,
    );
    assert.equal(rep.condition(evt('open', { 'proc.name': 'x' })), false);
  });
  test('reference loops are errors', () => {
    const res = load(`
- macro: a
  condition: proc.name = x
- macro: b
  condition: a
- macro: a
  condition: b
${ruleYaml('r', 'evt.type = open and a')}`);
    assert.match(errors(res)[0], /reference loop in macro/);
  });
});

describe('rules: append and override of every key', () => {
  const base = `- rule: r
  desc: base
  condition: evt.type = open and proc.name = x
  output: "base %proc.name"
  priority: WARNING
  tags: [t1]
`;
  const get = (extra: string) => firstRule(base + extra);
  test('append: true appends to the condition', () => {
    const r = get('- rule: r\n  condition: and proc.pname = y\n  append: true\n');
    assert.equal(r.condition(evt('open', { 'proc.name': 'x', 'proc.pname': 'y' })), true);
    assert.equal(r.condition(evt('open', { 'proc.name': 'x', 'proc.pname': 'z' })), false);
  });
  test('override append: condition, output, desc, tags, exceptions', () => {
    const r = get(`- rule: r
  condition: and proc.pname = y
  output: "%proc.pname"
  desc: more
  tags: [t2]
  exceptions:
    - name: e
      fields: proc.cmdline
      values: [skip]
  override:
    condition: append
    output: append
    desc: append
    tags: append
    exceptions: append
`);
    assert.equal(r.condition(evt('open', { 'proc.name': 'x', 'proc.pname': 'y' })), true);
    assert.equal(r.condition(evt('open', { 'proc.name': 'x', 'proc.pname': 'y', 'proc.cmdline': 'skip' })), false);
    assert.equal(r.output.format, 'base %proc.name %proc.pname');
    assert.equal(r.description, 'base more');
    assert.deepEqual(r.tags, ['t1', 't2']);
  });
  test('override replace: every replaceable key', () => {
    const res = load(`${base}- rule: r
  condition: evt.type = connect
  output: "new"
  desc: new desc
  priority: error
  tags: [t9]
  enabled: false
  capture: true
  capture_duration: 5000
  warn_evttypes: false
  skip-if-unknown-filter: true
  exceptions:
    - name: e
      fields: [proc.name]
      values: [[z]]
  override:
    condition: replace
    output: replace
    desc: replace
    priority: replace
    tags: replace
    enabled: replace
    capture: replace
    capture_duration: replace
    warn_evttypes: replace
    skip-if-unknown-filter: replace
    exceptions: replace
`);
    assert.deepEqual(errors(res), []);
    const r = res.compiled!.rules[0];
    const info = res.collector.rules.get('r')!;
    assert.deepEqual(r.eventCodes, testEventTypes.codesByName('connect'));
    assert.equal(r.output.format, 'new');
    assert.equal(r.description, 'new desc');
    assert.equal(r.priority, 'Error');
    assert.deepEqual(r.tags, ['t9']);
    assert.equal(info.enabled, false);
    assert.equal(r.capture, true);
    assert.equal(r.captureDuration, 5000);
    assert.equal(info.warnEvttypes, false);
    assert.equal(info.skipIfUnknownFilter, true);
    assert.equal(r.condition(evt('connect', { 'proc.name': 'z' })), false);
    assert.equal(res.ruleset!.enabled.length, 0, 'the replaced enabled: false disables it');
  });
  test('override errors', () => {
    assert.match(
      errors(load(`${base}- rule: r\n  priority: INFO\n  override:\n    priority: append\n`))[0],
      /Key 'priority' cannot be appended to, use 'replace' instead/,
    );
    assert.match(
      errors(load(`${base}- rule: r\n  override:\n    desc: replace\n`))[0],
      /An replace override for 'desc' was specified but 'desc' is not defined/,
    );
    assert.match(
      errors(load(`${base}- rule: r\n  desc: x\n  output: y\n  override:\n    desc: replace\n`))[0],
      /Unexpected key 'output': no corresponding entry under 'override' is defined/,
    );
    assert.match(
      errors(load(`${base}- rule: r\n  desc: x\n  append: true\n  override:\n    desc: replace\n`))[0],
      /cannot be used together/,
    );
    assert.match(
      errors(load(`- rule: nope\n  desc: x\n  override:\n    desc: replace\n`))[0],
      /no rule by that name already exists/,
    );
  });
  test('standalone enabled: false disables an earlier rule (deprecated)', () => {
    const res = load(`${base}- rule: r\n  enabled: false\n`);
    assert.equal(res.ruleset!.enabled.length, 0);
    assert.ok(problems(res).some((p) => p.startsWith('LOAD_DEPRECATED_ITEM')));
  });
});

describe('exceptions', () => {
  const rule = (exceptions: string) =>
    firstRule(`- rule: r
  desc: d
  condition: evt.type = open
  output: o
  priority: INFO
  exceptions:
${exceptions}`);
  test('tuples with list-valued elements', () => {
    const r = rule(`    - name: known
      fields: [proc.name, fd.name]
      comps: [=, startswith]
      values:
        - [cat, /etc]
        - [ls, /tmp]
`);
    assert.equal(r.condition(evt('open', { 'proc.name': 'cat', 'fd.name': '/etc/x' })), false);
    assert.equal(r.condition(evt('open', { 'proc.name': 'ls', 'fd.name': '/tmp/x' })), false);
    assert.equal(r.condition(evt('open', { 'proc.name': 'ls', 'fd.name': '/etc/x' })), true);
    assert.equal(r.condition(evt('open', { 'proc.name': 'vi', 'fd.name': '/etc/x' })), true);
  });
  test('list-valued elements with in', () => {
    const r = rule(`    - name: known
      fields: [proc.name, fd.name]
      comps: [in, startswith]
      values:
        - [[ls, dir], /tmp]
`);
    assert.equal(r.condition(evt('open', { 'proc.name': 'dir', 'fd.name': '/tmp/x' })), false);
    assert.equal(r.condition(evt('open', { 'proc.name': 'vi', 'fd.name': '/tmp/x' })), true);
  });
  test('comps default to = for tuples, and values with spaces are quoted', () => {
    const r = rule(`    - name: known
      fields: [proc.name, proc.cmdline]
      values:
        - [bash, "bash -c ls"]
`);
    assert.equal(r.condition(evt('open', { 'proc.name': 'bash', 'proc.cmdline': 'bash -c ls' })), false);
  });
  test('a single field defaults to in; pmatch works', () => {
    const r = rule(`    - name: names
      fields: proc.name
      values: [cat, "my prog"]
    - name: paths
      fields: fd.name
      comps: pmatch
      values: [/var/lib]
`);
    assert.equal(r.condition(evt('open', { 'proc.name': 'my prog' })), false);
    assert.equal(r.condition(evt('open', { 'proc.name': 'x', 'fd.name': '/var/lib/dpkg' })), false);
    assert.equal(r.condition(evt('open', { 'proc.name': 'x', 'fd.name': '/var/libx' })), true);
  });
  test('exception validation errors', () => {
    const bad = (ex: string) =>
      errors(
        load(`- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n  exceptions:\n${ex}`),
      )[0];
    assert.match(
      bad('    - name: e\n      fields: [proc.name]\n      comps: [=, =]\n'),
      /Fields and comps lists must have equal length/,
    );
    assert.match(
      bad('    - name: e\n      fields: proc.name\n      comps: =\n'),
      /When fields is a single value, comps must be one of/,
    );
    assert.match(bad('    - name: e\n      fields: [proc.nope]\n'), /'proc.nope' is not a supported filter field/);
    assert.match(
      bad('    - name: e\n      fields: [proc.name]\n      comps: [like]\n'),
      /'like' is not a supported comparison operator/,
    );
    assert.match(
      bad('    - name: e\n      fields: [proc.name, fd.name]\n      values: [[a]]\n'),
      /Fields and values lists must have equal length/,
    );
  });
});

describe('sources, priorities, rule keys', () => {
  test('a rule of an unknown source is skipped with a warning', () => {
    const res = load(`${ruleYaml('r', 'ka.verb = get', '  source: k8s_audit\n')}`);
    assert.deepEqual(errors(res), []);
    assert.ok(problems(res).includes('LOAD_UNKNOWN_SOURCE: Unknown source k8s_audit, skipping'));
    assert.equal(res.compiled!.rules.length, 0);
  });
  test('priorities are case-insensitive and INFO is Informational', () => {
    for (const [p, want] of [
      ['info', 'Informational'],
      ['CRITICAL', 'Critical'],
      ['Notice', 'Notice'],
      ['debug', 'Debug'],
    ]) {
      const r = firstRule(ruleYaml('r', 'evt.type = open').replace('WARNING', p));
      assert.equal(r.priority, want);
    }
    assert.match(errors(load(ruleYaml('r', 'evt.type = open').replace('WARNING', 'LOUD')))[0], /Invalid priority/);
  });
  test('unknown keys are warnings', () => {
    assert.ok(
      problems(load(ruleYaml('r', 'evt.type = open', '  colour: red\n'))).includes(
        "LOAD_UNKNOWN_KEY: Unknown key 'colour'. The key will be ignored.",
      ),
    );
  });
  test('missing keys are YAML validation errors', () => {
    assert.deepEqual(errors(load('- rule: r\n  desc: d\n  condition: evt.type = open\n  priority: INFO\n')), [
      "LOAD_ERR_YAML_VALIDATE: Item has no mapping for key 'output'",
    ]);
  });
  test('skip-if-unknown-filter turns an unknown field into a warning and skips the rule', () => {
    const res = load(ruleYaml('r', 'evt.type = open and proc.nobody = x', '  skip-if-unknown-filter: true\n'));
    assert.deepEqual(errors(res), []);
    assert.equal(res.compiled!.rules.length, 0);
  });
  test('output errors name the token', () => {
    assert.deepEqual(errors(load(ruleYaml('r', 'evt.type = open').replace('out %proc.name', 'out %nope.nope'))), [
      'LOAD_ERR_COMPILE_OUTPUT: invalid formatting token nope.nope',
    ]);
  });
});

describe('selection', () => {
  const yaml = `${ruleYaml('alpha one', 'evt.type = open', '  tags: [a]\n')}${ruleYaml('beta two', 'evt.type = open', '  tags: [b]\n')}${ruleYaml('gamma', 'evt.type = open', '  tags: [a, c]\n  priority: DEBUG\n').replace('  priority: WARNING\n', '')}`;
  const names = (opts: object) => load(yaml, opts).ruleset!.enabled.map((r) => r.name);
  test('-D substring, -T tags, -t tags', () => {
    assert.deepEqual(names({ disableSubstrings: ['one'] }), ['beta two', 'gamma']);
    assert.deepEqual(names({ disableTags: ['a'] }), ['beta two']);
    assert.deepEqual(names({ enableTags: ['c', 'b'] }), ['beta two', 'gamma']);
  });
  test('minimum priority removes rules for good', () => {
    assert.deepEqual(names({ minimumPriority: 'Warning' }), ['alpha one', 'beta two']);
    assert.deepEqual(names({ minimumPriority: 'Warning', selection: [{ enable: { rule: 'gamma' } }] }), [
      'alpha one',
      'beta two',
    ]);
  });
  test('rules: enable/disable by wildcard name and tag, in order', () => {
    assert.deepEqual(names({ selection: [{ disable: { rule: '*' } }, { enable: { rule: '*two' } }] }), ['beta two']);
    assert.deepEqual(names({ selection: [{ disable: { tag: 'a' } }] }), ['beta two']);
    assert.deepEqual(names({ selection: [{ disable: { rule: 'a*e' } }] }), ['beta two', 'gamma']);
  });
  test('rule_matching first and all', () => {
    const first = load(yaml, { ruleMatching: 'first' }).ruleset!;
    const e = evt('open', {});
    assert.equal(first.match(e)?.name, 'alpha one');
    assert.deepEqual(
      first.evaluate(e)?.map((r) => r.name),
      ['alpha one'],
    );
    const all = load(yaml, { ruleMatching: 'all' }).ruleset!;
    assert.deepEqual(
      all.evaluate(evt('open', {}))?.map((r) => r.name),
      ['alpha one', 'beta two', 'gamma'],
    );
    assert.equal(all.evaluate(evt('close', {})), undefined);
  });
});

describe('event types', () => {
  test("falco_tests.yaml test_warnings rules_events: each rule's inferred event types", () => {
    const entry = regressionEntries().get('test_warnings')!;
    const file = [entry.validate_rules_file].flat()[0] as string;
    const res = load({ [file]: readFileSync(join(REGRESSION_DIR, file), 'utf8') });
    const byName = new Map(res.compiled!.rules.map((r) => [r.name, r] as const));
    // The file says its rules_events check was disabled in 2023; some of its [all] entries predate
    // libsinsp's De Morgan inference. The warned rules (validate_warnings) are the authoritative [all] set.
    const warned = new Set((entry.validate_warnings ?? []).map((w) => w.item_name));
    for (const item of entry.rules_events as Record<string, string[]>[]) {
      for (const [name, types] of Object.entries(item)) {
        const codes = byName.get(name)!.eventCodes;
        if (types[0] === 'all') {
          if (warned.has(name)) assert.ok(codes.length > 100, `${name} matches all types`);
        } else {
          const want = types.flatMap((t) => testEventTypes.codesByName(t)).sort((a, b) => a - b);
          assert.deepEqual(codes, [...new Set(want)], name);
        }
      }
    }
  });
  test('LOAD_NO_EVTTYPE unless warn_evttypes is false', () => {
    assert.ok(problems(load(ruleYaml('r', 'proc.name = x'))).some((p) => p.startsWith('LOAD_NO_EVTTYPE')));
    assert.ok(
      !problems(load(ruleYaml('r', 'proc.name = x', '  warn_evttypes: false\n'))).some((p) =>
        p.startsWith('LOAD_NO_EVTTYPE'),
      ),
    );
  });
  test('the ruleset only offers a rule for its event types', () => {
    const rs = load(ruleYaml('r', 'evt.type in (open, connect)')).ruleset!;
    assert.equal(rs.rulesFor(testEventTypes.codesByName('open')[0]).length, 1);
    assert.equal(rs.rulesFor(testEventTypes.codesByName('close')[0]).length, 0);
    assert.ok(rs.eventCodes().has(testEventTypes.codesByName('connect')[1]));
  });
});
