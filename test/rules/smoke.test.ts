import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRules } from '../../src/rules/loader.ts';
import { SHARED } from '../helpers/cli.ts';
import { testEventTypes, testRegistry } from './fixtures/registry.ts';

test('upstream rules load', () => {
  const dir = `${SHARED}/upstream/falco-rules/`;
  for (const files of [
    ['falco_rules.yaml'],
    ['falco-incubating_rules.yaml'],
    ['falco-sandbox_rules.yaml'],
    ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'],
  ]) {
    const t0 = performance.now();
    const res = loadRules(
      files.map((f) => dir + f),
      { registry: testRegistry, eventTypes: testEventTypes },
    );
    const ms = performance.now() - t0;
    for (const f of res.files)
      for (const e of f.errors) console.log(f.name, e.code, e.message, JSON.stringify(e.context.locations));
    console.log(
      files.join(','),
      res.ruleset?.rules.length,
      ms.toFixed(1),
      'ms',
      res.files.map((f) => f.warnings.length),
    );
    assert.ok(res.successful);
  }
});
