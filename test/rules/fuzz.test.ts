// Fuzzing the loader: thousands of generated and mutated conditions and rules files. Each must end in a
// clean result — compiled rules, or errors with a code and a location — and compiled rules must evaluate
// without throwing. Nothing may throw past loadRules.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { SHARED } from '../helpers/cli.ts';
import { evt } from './fixtures/registry.ts';
import { load, ruleYaml } from './helpers.ts';

const FIELDS = [
  'proc.name',
  'proc.pid',
  'fd.name',
  'proc.aname',
  'proc.aname[2]',
  'fd.net',
  'fd.sip',
  'evt.type',
  'evt.arg.flags',
  'test.strs',
  'evt.buffer',
  'proc.is_exe_writable',
  'proc.env[HOME]',
  'evt.rawarg.res',
];
const OPS = [
  '=',
  '!=',
  '<',
  '>=',
  'contains',
  'icontains',
  'startswith',
  'endswith',
  'glob',
  'iglob',
  'regex',
  'in',
  'intersects',
  'pmatch',
  'exists',
  'bcontains',
  'startswith oneof',
  'contains allof',
];
const VALUES = ['cat', '"a b"', '1', '(a, b)', 'open', '"/etc/*"'];
const HOSTILE = [
  '-1',
  '0x10',
  '()',
  '10.0.0.0/8',
  'true',
  "'q'",
  '"\\x41"',
  'val(proc.pname)',
  'tolower(proc.name)',
  '[',
  '"unterminated',
  '(a,',
];
const GLUE = [' and ', ' or ', ' and not '];
const HOSTILE_GLUE = [' ', '(', ')', 'not ', ''];

const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
);
const glue = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...GLUE) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_GLUE) },
);
const check = fc
  .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...OPS), value)
  .map(([f, o, v]) => (o === 'exists' ? `${f} exists` : `${f} ${o} ${v}`));
const condition = fc
  .array(fc.tuple(check, glue), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map(([c, g], i) => (i === parts.length - 1 ? c : c + g)).join(''));

/** Applies random character edits. */
function mutate(text: string, edits: [number, number, string][]): string {
  let s = text;
  for (const [pos, del, ins] of edits) {
    const at = s.length === 0 ? 0 : pos % s.length;
    s = s.slice(0, at) + ins + s.slice(at + del);
  }
  return s;
}
const edit = fc.tuple(
  fc.nat(),
  fc.nat({ max: 6 }),
  fc.constantFrom(
    '',
    ' ',
    '\n',
    '-',
    ':',
    '"',
    "'",
    '(',
    ')',
    '[',
    ']',
    '%',
    '{',
    '}',
    '  - ',
    'rule: x\n',
    'and',
    '\t',
    '&',
    '*',
  ),
);

function assertClean(res: ReturnType<typeof load>): void {
  for (const f of res.files) {
    for (const e of f.errors) {
      assert.ok(e.code.startsWith('LOAD_ERR'), e.code);
      assert.ok(e.context.locations.length > 0);
      assert.equal(typeof e.message, 'string');
    }
  }
  if (res.successful) {
    assert.ok(res.ruleset !== undefined);
    const e = evt('open', { 'proc.name': 'cat', 'proc.pid': 1, 'test.strs': ['a'], 'proc.aname': ['x', 'y'] });
    for (const r of res.ruleset.rules) {
      assert.equal(typeof r.condition(e), 'boolean');
      assert.equal(typeof r.output.text(e), 'string');
    }
  }
}

test('3000 generated conditions load cleanly', () => {
  let compiled = 0;
  fc.assert(
    fc.property(condition, (c) => {
      const res = load(ruleYaml('r', c, '  warn_evttypes: false\n'));
      assertClean(res);
      if (res.successful) compiled++;
    }),
    { numRuns: 3000, seed: 1 },
  );
  assert.ok(compiled > 100, `only ${compiled} conditions compiled: the generator is too hostile to be useful`);
});

test('2000 mutated regression rules files load cleanly', () => {
  const dir = join(SHARED, 'upstream/falco-regression/rules');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  fc.assert(
    fc.property(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => {
      assertClean(load(mutate(text, edits)));
    }),
    { numRuns: 2000, seed: 2 },
  );
});

test('mutated upstream rules files load cleanly', () => {
  const text = readFileSync(join(SHARED, 'upstream/falco-rules/falco_rules.yaml'), 'utf8');
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
      assertClean(load(mutate(text, edits)));
    }),
    { numRuns: 40, seed: 3 },
  );
});

test('pathological inputs end in errors, not crashes or hangs', () => {
  const deep = `${'('.repeat(2000)}proc.name = a${')'.repeat(2000)}`;
  assert.match(load(ruleYaml('r', deep)).files[0].errors[0].message, /exceeded max depth limit of 1000/);
  for (const text of [
    '',
    '---\n---\n',
    '- {}\n',
    '- []\n',
    '- rule: [a]\n',
    '- macro: m\n  condition: m\n- rule: r\n  desc: d\n  condition: m\n  output: o\n  priority: INFO\n',
    '\u0000\u0001',
    'a: b: c',
    '- list: l\n  items: {a: b}\n',
    '- required_engine_version: -1\n',
  ]) {
    assertClean(load(text));
  }
});
