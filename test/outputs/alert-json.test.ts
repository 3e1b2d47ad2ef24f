// Falco's JSON envelope read back into an Alert: exact round trip (nanosecond integers included), and one clear
// message for what is not an envelope.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Alert, alertToJson } from '../../src/outputs/alert.ts';
import { FULL_ENVELOPE, parseAlertJson, parseIsoTimeNs } from '../../src/outputs/alert-json.ts';
import { PRIORITIES } from '../../src/rules/priority.ts';
import { makeAlert } from './helpers.ts';

test('an envelope written with every property reads back to the same envelope', () => {
  const a = makeAlert(7);
  const back = parseAlertJson(alertToJson(a, FULL_ENVELOPE));
  assert.equal(back.alert.time, a.time);
  assert.equal(back.alert.outputFields['evt.time'], a.outputFields['evt.time']);
  assert.equal(typeof back.alert.outputFields['evt.time'], 'bigint');
  assert.equal(back.severity, 4);
  // The envelope sorts the tags (as Falco's does).
  assert.deepEqual(back.alert, { ...a, tags: [...a.tags].sort() });
});

test('round trip for any alert (property-based)', () => {
  const value = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.bigInt({ min: 2n ** 53n, max: 2n ** 63n }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(fc.string(), fc.integer())),
  );
  const alert = fc.record({
    time: fc.bigInt({ min: 0n, max: 4_000_000_000_000_000_000n }),
    rule: fc.string(),
    priority: fc.constantFrom(...PRIORITIES),
    source: fc.string(),
    tags: fc.array(fc.string()).map((t) => [...t].sort()),
    output: fc.string(),
    message: fc.string(),
    outputFields: fc.dictionary(fc.string(), value),
    hostname: fc.string(),
  });
  fc.assert(
    fc.property(alert, (a) => {
      const json = alertToJson(a as Alert, FULL_ENVELOPE);
      assert.equal(alertToJson(parseAlertJson(json).alert, FULL_ENVELOPE), json);
    }),
  );
});

test('what is not an envelope is one message naming the property', () => {
  assert.throws(() => parseAlertJson('not json'), /^AlertJsonError: not JSON/);
  assert.throws(() => parseAlertJson('[1]'), /not a JSON object/);
  const good = JSON.parse(alertToJson(makeAlert(1), FULL_ENVELOPE));
  assert.throws(
    () => parseAlertJson(JSON.stringify({ ...good, priority: 'Loud' })),
    /property 'priority' is not a Falco priority: Loud/,
  );
  assert.throws(
    () => parseAlertJson(JSON.stringify({ ...good, time: 'yesterday' })),
    /property 'time' is not Falco's UTC time/,
  );
  assert.throws(
    () => parseAlertJson(JSON.stringify({ ...good, rule: 3 })),
    /property 'rule' is missing or not a string/,
  );
  assert.throws(() => parseAlertJson(JSON.stringify({ ...good, tags: [1] })), /'tags' is not a list of strings/);
  assert.throws(() => parseAlertJson(JSON.stringify({ ...good, output_fields: { a: { b: 1 } } })), /output field 'a'/);
  assert.equal(parseIsoTimeNs('2016-08-04T16:17:57Z'), 1470327477000000000n);
  assert.equal(parseIsoTimeNs('2016-08-04T16:17:57.5Z'), 1470327477500000000n);
});
