// Output formats: %field substitution with <NA>, widths, %(field), transformers, typed JSON fields, the
// alert prefix, and Falco's errors for bad tokens.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CompileError, FieldCache } from '../../src/rules/compile/fields.ts';
import { compileOutput } from '../../src/rules/output.ts';
import { evt, type TestEvent, testRegistry } from './fixtures/registry.ts';
import { load, ruleYaml } from './helpers.ts';

const out = (fmt: string) => compileOutput<TestEvent>(fmt, { registry: testRegistry, cache: new FieldCache() });
const e = evt('open', {
  'proc.name': 'cat',
  'proc.pid': 42,
  'fd.sip': Uint8Array.from([10, 0, 0, 1]),
  'proc.aname[2]': 'sshd',
  'evt.arg[flags]': 'O_RDONLY',
  'test.strs': ['a', 'b'],
  'evt.rawtime': 1470327477881781397n,
});

describe('text', () => {
  const cases: [string, string][] = [
    ['An open (command=%proc.name pid=%proc.pid)', 'An open (command=cat pid=42)'],
    ['*%proc.name %proc.exepath', 'cat <NA>'],
    ['%proc.name:%proc.pid', 'cat:42'],
    ['ip=%fd.sip', 'ip=10.0.0.1'],
    ['%proc.aname[2]', 'sshd'],
    ['%evt.arg.flags', 'O_RDONLY'],
    ['[%5proc.name]', '[cat  ]'],
    ['%(proc.name)s', 'cats'],
    ['%toupper(proc.name)', 'CAT'],
    ['%test.strs', '(a,b)'],
    ['%evt.rawtime', '1470327477881781397'],
  ];
  for (const [fmt, want] of cases) test(fmt, () => assert.equal(out(fmt).text(e), want));
});

describe('JSON fields', () => {
  test('typed values, null for missing, plain fields only', () => {
    assert.deepEqual(out('%proc.name %proc.pid %proc.exepath %toupper(proc.pname) %evt.rawtime %test.strs').fields(e), {
      'proc.name': 'cat',
      'proc.pid': 42,
      'proc.exepath': null,
      'proc.pname': null,
      'evt.rawtime': 1470327477881781397n,
      'test.strs': ['a', 'b'],
    });
  });
});

describe('errors', () => {
  const err = (fmt: string) => {
    try {
      out(fmt);
    } catch (x) {
      return x instanceof CompileError ? x.message : String(x);
    }
    return 'no error';
  };
  test('unknown field', () =>
    assert.equal(err('An open %not_a_real_field'), 'invalid formatting token not_a_real_field'));
  test('there is no %% escape, as in Falco', () => assert.equal(err('100%% sure'), 'invalid formatting token %'));
  test('trailing %', () => assert.equal(err('oops %'), 'invalid formatting syntax: formatting cannot end with a %'));
  test('filter-only fields cannot be displayed', () =>
    assert.equal(err('%fd.net'), 'fd.net is filter only and cannot be used as a display field'));
});

describe('alert parts', () => {
  test('prefix `%evt.time: Priority` then the output, fields merged', () => {
    const res = load(ruleYaml('r', 'evt.type = open'));
    const rule = res.compiled!.rules[0];
    const e = evt('open', {
      'proc.name': 'cat',
      'evt.time': '16:17:57.881781397',
      'evt.rawtime': 1470327477881781397n,
    });
    const parts = res.ruleset!.alertParts(rule, e, false);
    assert.equal(parts.output, '16:17:57.881781397: Warning out cat');
    assert.equal(parts.message, 'out cat');
    // Falco's JSON carries the time-as-text fields as nanoseconds (extract_as_js).
    assert.deepEqual(parts.outputFields, { 'proc.name': 'cat', 'evt.time': 1470327477881781397n });
    const iso = res.ruleset!.alertParts(rule, evt('open', { 'proc.name': 'cat', 'evt.time.iso8601': 'T' }), true);
    assert.equal(iso.output, 'T: Warning out cat');
  });
});
