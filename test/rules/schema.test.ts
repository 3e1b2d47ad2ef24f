// Falco (0.39+) checks every YAML document of a rules file against its rule schema (valijson, weak types, on
// yaml-cpp nodes) and reports `schema_valid` / `schema_warnings` in -V JSON and "N Schema warnings:" in the
// text. These tests pin the messages, context paths, order and reporting rules of falco's rule_loader.cpp and
// yaml_helper.h, and --rule-schema printing Falco's schema.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { resultAsJson, resultAsSummary, resultAsText } from '../../src/rules/load-result.ts';
import { RULE_SCHEMA } from '../../src/rules/schema.ts';
import { runPeregrine, SHARED } from '../helpers/cli.ts';
import { load } from './helpers.ts';

const RULE = '- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: WARNING\n';

function schemaOf(content: string): unknown {
  const res = load(content);
  const json = resultAsJson(res.files[0], res.contents);
  return { valid: json.schema_valid, warnings: json.schema_warnings };
}

describe('schema warnings', () => {
  test('a valid file: schema_valid true and no warnings', () => {
    assert.deepEqual(schemaOf(RULE), { valid: true, warnings: [] });
  });

  test('an unknown key fails additionalProperties, innermost problem first', () => {
    assert.deepEqual(schemaOf(`${RULE}  nope: 1\n`), {
      valid: false,
      warnings: [
        "failed for <root>[0]: Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: 'nope'.",
        'failed for <root>: Failed to validate item #0 in array.',
      ],
    });
  });

  test("priorities must be written in capitals (the schema's enum), though the loader accepts any case", () => {
    const res = load(RULE.replace('WARNING', 'Warning'));
    assert.ok(res.successful);
    assert.deepEqual(schemaOf(RULE.replace('WARNING', 'Warning')), {
      valid: false,
      warnings: [
        'failed for <root>[0][priority]: Failed to match against any enum values.',
        "failed for <root>[0]: Failed to validate against schema associated with property name 'priority'.",
        'failed for <root>: Failed to validate item #0 in array.',
      ],
    });
  });

  test('booleans must be true or false; yes is a YAML 1.1 boolean the loader accepts but the schema does not', () => {
    assert.deepEqual(schemaOf(`${RULE}  enabled: yes\n`), {
      valid: false,
      warnings: [
        "failed for <root>[0][enabled]: Value type not permitted by 'type' constraint.",
        "failed for <root>[0]: Failed to validate against schema associated with property name 'enabled'.",
        'failed for <root>: Failed to validate item #0 in array.',
      ],
    });
    assert.deepEqual(schemaOf(`${RULE}  enabled: "false"\n`), { valid: true, warnings: [] });
  });

  test('properties are checked in name order, then the unknown key', () => {
    const warnings = (schemaOf(`${RULE}  zzz: 1\n  warn_evttypes: maybe\n  capture: 2\n`) as { warnings: string[] })
      .warnings;
    assert.deepEqual(warnings, [
      "failed for <root>[0][capture]: Value type not permitted by 'type' constraint.",
      "failed for <root>[0]: Failed to validate against schema associated with property name 'capture'.",
      "failed for <root>[0][warn_evttypes]: Value type not permitted by 'type' constraint.",
      "failed for <root>[0]: Failed to validate against schema associated with property name 'warn_evttypes'.",
      "failed for <root>[0]: Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: 'zzz'.",
      'failed for <root>: Failed to validate item #0 in array.',
    ]);
  });

  test('list items: integers or strings (anyOf), a nested list is neither', () => {
    assert.deepEqual(schemaOf('- list: l\n  items: [a, 1, [b]]\n'), {
      valid: false,
      warnings: [
        "failed for <root>[0][items][2]: Value type not permitted by 'type' constraint.",
        "failed for <root>[0][items][2]: Value type not permitted by 'type' constraint.",
        'failed for <root>[0][items][2]: Failed to validate against any schemas allowed by anyOf constraint.',
        'failed for <root>[0][items]: Failed to validate item #2 in array.',
        "failed for <root>[0]: Failed to validate against schema associated with property name 'items'.",
        'failed for <root>: Failed to validate item #0 in array.',
      ],
    });
  });

  test('override: at least one key, each append or replace; exceptions need a name', () => {
    const w = (c: string) => (schemaOf(c) as { warnings: string[] }).warnings;
    assert.ok(
      w(`${RULE}  override: {}\n`).includes(
        'failed for <root>[0][override]: Object should have no fewer than 1 properties.',
      ),
    );
    assert.ok(
      w(`${RULE}  override:\n    output: merge\n`).includes(
        'failed for <root>[0][override][output]: Failed to match against any enum values.',
      ),
    );
    assert.ok(
      w(`${RULE}  exceptions:\n    - fields: [proc.name]\n`).includes(
        "failed for <root>[0][exceptions][0]: Missing required property 'name'.",
      ),
    );
  });

  test('null values are not strings (yaml-cpp null nodes are not scalars)', () => {
    assert.ok(
      (schemaOf('- macro: m\n  condition:\n') as { warnings: string[] }).warnings.includes(
        "failed for <root>[0][condition]: Value type not permitted by 'type' constraint.",
      ),
    );
  });

  test('with several documents the first one decides, as Falco reads schema_validation_status[0]', () => {
    assert.deepEqual(schemaOf(`${RULE}---\n- rule: r\n  nope: 1\n`), { valid: true, warnings: [] });
    const second = schemaOf(`- nope: 1\n---\n${RULE}`) as { valid: boolean; warnings: string[] };
    assert.equal(second.valid, false);
    assert.equal(second.warnings.at(-1), 'ok');
  });

  test('nothing is reported when the YAML does not parse or holds no document', () => {
    for (const content of ['- a: [b\n', '# only a comment\n']) {
      const res = load(content);
      const json = resultAsJson(res.files[0], res.contents);
      assert.equal('schema_valid' in json, false, content);
      assert.equal('schema_warnings' in json, false, content);
    }
  });

  test('text renderings: a block under the status line, and one line in the summary', () => {
    const res = load(RULE.replace('WARNING', 'Warning'));
    const f = res.files[0];
    assert.deepEqual(f.warnings, []);
    assert.equal(
      resultAsText(f, res.contents),
      [
        'rules.yaml: Ok',
        '3 Schema warnings:',
        '------',
        'failed for <root>[0][priority]: Failed to match against any enum values.',
        '------',
        "failed for <root>[0]: Failed to validate against schema associated with property name 'priority'.",
        '------',
        'failed for <root>: Failed to validate item #0 in array.',
        '------',
        '',
      ].join('\n'),
    );
    assert.equal(
      resultAsSummary(f),
      "rules.yaml: Ok\n 3 schema warnings: [failed for <root>[0][priority]: Failed to match against any enum values. failed for <root>[0]: Failed to validate against schema associated with property name 'priority'. failed for <root>: Failed to validate item #0 in array.]",
    );
  });
});

describe('through peregrine -V', () => {
  test("Falco's rules files are schema-valid", async () => {
    const U = join(SHARED, 'upstream/falco-rules');
    const files = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
      join(U, f),
    );
    const r = await runPeregrine([...files.flatMap((f) => ['-V', f]), '-o', 'json_output=true']);
    assert.equal(r.code, 0, r.stderr);
    for (const res of JSON.parse(r.stdout).falco_load_results) {
      assert.equal(res.schema_valid, true, res.name);
      assert.deepEqual(res.schema_warnings, []);
    }
  });

  test('schema warnings do not make a file invalid, and are printed on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peregrine-schema-'));
    const f = join(dir, 'rules.yaml');
    writeFileSync(f, RULE.replace('WARNING', 'Warning'));
    const r = await runPeregrine(['-V', f]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^.*rules\.yaml: Ok\n3 Schema warnings:\n------\nfailed for <root>\[0\]\[priority\]: Failed to match/,
    );
  });
});

test("--rule-schema prints Falco's rule schema as Falco does: keys sorted, two-space indent, no final newline", async () => {
  const r = await runPeregrine(['--rule-schema']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.endsWith('\n'), false);
  const s: { definitions: { FalcoRule: object } } = JSON.parse(r.stdout);
  assert.deepEqual(JSON.parse(r.stdout), RULE_SCHEMA);
  assert.deepEqual(Object.keys(s), ['$schema', 'definitions', 'items', 'type']);
  assert.deepEqual(Object.keys(s.definitions.FalcoRule), [
    'additionalProperties',
    'properties',
    'required',
    'title',
    'type',
  ]);
  assert.ok(r.stdout.startsWith('{\n  "$schema": "http://json-schema.org/draft-06/schema#",\n  "definitions": {\n'));
});
