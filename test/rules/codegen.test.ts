// Generated condition code against the closures it stands for: the same answers, event after event. The
// generated code inlines boolean checks, numeric comparisons, `exists` and the string operators (answered from
// the last string a check saw when it comes again); values of an unexpected shape (several values, another
// type, <NA>) must still reach the closures' semantics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { FieldValue } from '../../src/fields/types.ts';
import type { CompiledRule } from '../../src/rules/compiler.ts';
import { evt, type TestEvent } from './fixtures/registry.ts';
import { load, ruleYaml } from './helpers.ts';

const BOOL_FIELDS = ['evt.is_open_read', 'proc.is_exe_writable'];
const NUM_FIELDS = ['fd.num', 'proc.pid', 'test.i8', 'test.dbl'];
const STR_FIELDS = ['proc.name', 'fd.name', 'test.str'];
const STRINGS = ['/etc/hostname', '/etc/', '/etc', 'etc/h', 'host', 'name', '', 'a b', '/root/.ssh/id_rsa', '.ssh/'];
const NUMBERS = [-1, 0, 1, 3, 127, -128, 2.5, 1000];

/** Both compilations of one condition: generated code, and the closures (-V compiles those only). */
function both(condition: string): [CompiledRule<TestEvent>, CompiledRule<TestEvent>] | undefined {
  const yaml = ruleYaml('r', condition, '  warn_evttypes: false\n');
  const gen = load(yaml);
  const closures = load(yaml, { validate: true });
  const a = gen.compiled?.rules[0];
  const b = closures.compiled?.rules[0];
  if (!gen.successful || a === undefined || b === undefined) return undefined;
  return [a, b];
}

const literal = (values: readonly (string | number)[]) => fc.constantFrom(...values.map(String));
const quoted = (s: string) => JSON.stringify(s);

const check = fc.oneof(
  fc
    .tuple(fc.constantFrom(...BOOL_FIELDS), fc.constantFrom('=', '!='), fc.constantFrom('true', 'false'))
    .map(([f, op, v]) => `${f} ${op} ${v}`),
  fc.tuple(fc.constantFrom(...BOOL_FIELDS), fc.constantFrom('true', 'false')).map(([f, v]) => `${f} in (${v})`),
  fc
    .tuple(fc.constantFrom(...NUM_FIELDS), fc.constantFrom('=', '!=', '<', '<=', '>', '>='), literal([-1, 0, 1, 3]))
    .map(([f, op, v]) => `${f} ${op} ${v}`),
  fc
    .tuple(fc.constantFrom(...NUM_FIELDS), fc.uniqueArray(literal([0, 1, 3, 127]), { minLength: 1, maxLength: 3 }))
    .map(([f, vs]) => `${f} in (${vs.join(', ')})`),
  fc
    .tuple(
      fc.constantFrom(...STR_FIELDS),
      fc.constantFrom('=', '!=', 'startswith', 'endswith', 'contains'),
      fc.constantFrom(...STRINGS.filter((s) => s !== '')),
    )
    .map(([f, op, v]) => `${f} ${op} ${quoted(v)}`),
  fc
    .tuple(fc.constantFrom(...STR_FIELDS), fc.uniqueArray(fc.constantFrom(...STRINGS.slice(0, 5)), { minLength: 1 }))
    .map(([f, vs]) => `${f} in (${vs.map(quoted).join(', ')})`),
  fc.constantFrom(...BOOL_FIELDS, ...NUM_FIELDS, ...STR_FIELDS).map((f) => `${f} exists`),
);

const condition = fc
  .array(fc.tuple(check, fc.boolean()), { minLength: 1, maxLength: 4 })
  .chain((parts) =>
    fc.constantFrom(' and ', ' or ').map((join) => parts.map(([c, neg]) => (neg ? `not ${c}` : c)).join(join)),
  );

/** A value as extractors may give it: the expected type, <NA>, several values, or another type. */
function valueFor(field: string): fc.Arbitrary<FieldValue | null> {
  const expected: fc.Arbitrary<FieldValue> = BOOL_FIELDS.includes(field)
    ? fc.boolean()
    : NUM_FIELDS.includes(field)
      ? fc.constantFrom(...NUMBERS)
      : // a fresh copy of the text half of the time: equal strings that are not the same string
        fc.tuple(fc.constantFrom(...STRINGS), fc.boolean()).map(([s, copy]) => (copy ? [...s].join('') : s));
  return fc.oneof(
    { weight: 6, arbitrary: expected },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(expected, { maxLength: 3 }) as fc.Arbitrary<FieldValue> },
    { weight: 1, arbitrary: fc.constantFrom<FieldValue>('true', 1, true, '3') },
  );
}

const FIELDS = [...BOOL_FIELDS, ...NUM_FIELDS, ...STR_FIELDS];
const event = fc.tuple(...FIELDS.map(valueFor)).map((vs) => Object.fromEntries(FIELDS.map((f, i) => [f, vs[i]])));

test('generated conditions answer as the closures do, over sequences of events', () => {
  let compared = 0;
  fc.assert(
    fc.property(condition, fc.array(event, { minLength: 1, maxLength: 12 }), (cond, events) => {
      const rules = both(cond);
      if (rules === undefined) return;
      const [gen, closures] = rules;
      for (const values of events) {
        // Each event twice in a row: a check's last string is then the very same string.
        for (let rep = 0; rep < 2; rep++) {
          const e = evt('open', values);
          assert.equal(gen.condition(e), closures.condition(e), `${cond} on ${JSON.stringify(values)}`);
          compared++;
        }
      }
    }),
    { numRuns: 400 },
  );
  assert.ok(compared > 1000, `only ${compared} comparisons`);
});
