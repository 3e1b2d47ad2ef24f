// Every validation entry of Falco's regression suite, run through `peregrine -V` and checked as Falco's own
// runner checked it: exit status, stdout/stderr patterns, and the codes, item types, item names and
// messages of the expected errors and warnings in the JSON.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runPeregrine } from '../helpers/cli.ts';
import { checkValidation, regressionEntries, toRunDescription } from './falco-regression.ts';

const entries = [...regressionEntries()].map(([name, e]) => toRunDescription(name, e));
const validations = entries.filter((d) => d.kind === 'validate');

test('falco_tests.yaml has validation entries to run', () => {
  assert.ok(validations.length >= 20, `only ${validations.length} validation entries found`);
});

for (const d of validations) {
  test(`falco_tests.yaml ${d.name}`, async () => {
    const r = await runPeregrine(d.args);
    assert.equal(r.code, d.exitStatus, `exit status of peregrine ${d.args.join(' ')}\n${r.stderr}`);
    for (const re of d.stdoutContains) assert.match(r.stdout, re);
    for (const re of d.stderrContains) assert.match(r.stderr, re);
    assert.deepEqual(checkValidation(d.entry, r.stdout), [], r.stdout);
  });
}

test('detection entries become run descriptions for the replay tests', () => {
  const byName = new Map(entries.map((d) => [d.name, d]));
  const tags = byName.get('disabled_tags_a');
  assert.equal(tags?.kind, 'detect');
  assert.ok(tags?.args.includes('-e'));
  assert.deepEqual(tags?.args.slice(tags.args.indexOf('-T'), tags.args.indexOf('-T') + 2), ['-T', 'a']);
  assert.equal(tags?.detectCounts.open_1, 0);
  assert.equal(tags?.detectCounts.open_2, 1);
  const both = byName.get('disabled_and_enabled_rules_1');
  assert.equal(both?.exitStatus, 1);
  assert.ok(both?.stderrContains[0].test('Error: You can not specify both disabled (-D/-T) and enabled (-t) rules'));
});
