// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} here is configuration text, not a template.
// append_output and static_fields: which rules get which extra output text and JSON fields, and what a replay
// then prints.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AppendOutputPlan, suggestedFormat } from '../../src/outputs/append-output.ts';
import { runPeregrine, SHARED } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-append-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const rule = (name: string, tags: string[], source = 'syscall') => ({ name, source, tags });

test('match by source, rule and tags (all listed tags required); entries in order', () => {
  const plan = new AppendOutputPlan(
    [
      { match: { source: 'syscall' }, extra_output: 'A' },
      { match: { rule: 'r2' }, extra_output: 'B' },
      { match: { tags: ['net', 'mitre'] }, extra_output: 'C' },
      { match: { source: 'k8s_audit' }, extra_output: 'D' },
      { extra_output: 'E', extra_fields: ['evt.hostname', { home: '${HOME}' }] },
    ],
    () => [],
  );
  assert.deepEqual(plan.forRule(rule('r1', ['net'])).extraOutput, ['A', 'E']);
  assert.deepEqual(plan.forRule(rule('r2', ['net', 'mitre', 'x'])).extraOutput, ['A', 'B', 'C', 'E']);
  assert.deepEqual(plan.forRule(rule('r3', [], 'k8s_audit')).extraOutput, ['D', 'E']);
  assert.deepEqual(plan.forRule(rule('r1', [])).extraFields, [
    { key: 'evt.hostname', format: '%evt.hostname', raw: true },
    { key: 'home', format: '${HOME}', raw: false },
  ]);
});

test('suggested_output appends name_with_underscores=%name for the source’s suggested fields', () => {
  const plan = new AppendOutputPlan([{ suggested_output: true }], () => ['container.id', 'static.zone']);
  assert.deepEqual(plan.forRule(rule('r', [])).extraOutput, ['container_id=%container.id', 'static_zone=%static.zone']);
  assert.equal(suggestedFormat('k8s.pod.name'), 'k8s_pod_name=%k8s.pod.name');
  assert.equal(new AppendOutputPlan([{ suggested_output: false }], () => ['x']).empty, true);
});

test('replay: extra output text, extra JSON fields, static fields, and rules the match leaves alone', async () => {
  const conf = join(dir, 'append.yaml');
  writeFileSync(
    conf,
    [
      'stdout_output: {enabled: true}',
      'json_output: true',
      'static_fields: {zone: eu-1}',
      'append_output:',
      '  - match: {tags: [filesystem]}',
      '    extra_output: "zone=%static.zone cpu=%evt.cpu"',
      '    extra_fields: [evt.hostname, {owner: "team-${TEAM}"}]',
      '  - match: {rule: some_other_rule}',
      '    extra_output: "NEVER"',
      '',
    ].join('\n'),
  );
  const r = await runPeregrine(
    [
      '-c',
      conf,
      '-r',
      join(SHARED, 'upstream/falco-regression/rules/single_rule_with_tags.yaml'),
      '-e',
      join(SHARED, 'upstream/scap/falco/cat_write.scap'),
    ],
    { env: { TEAM: 'blue', FALCO_HOSTNAME: 'h1' } },
  );
  assert.equal(r.code, 0, r.stderr);
  const alerts = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  assert.equal(alerts.length, 8);
  const a = alerts[0];
  assert.match(a.output, / \(command=cat \/dev\/null\) zone=eu-1 cpu=0$/);
  assert.equal(a.output_fields.owner, 'team-blue');
  assert.equal(a.output_fields['evt.hostname'], 'h1');
  assert.equal(a.output_fields['static.zone'], 'eu-1');
  assert.ok(!r.stdout.includes('NEVER'));
});

test('an extra field with an unknown field is a rules load error naming the rule output', async () => {
  const conf = join(dir, 'bad-append.yaml');
  writeFileSync(conf, 'stdout_output: {enabled: true}\nappend_output:\n  - extra_fields: [no.such.field]\n');
  const r = await runPeregrine([
    '-c',
    conf,
    '-r',
    join(SHARED, 'upstream/falco-regression/rules/single_rule.yaml'),
    '-e',
    join(SHARED, 'upstream/scap/falco/cat_write.scap'),
  ]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /LOAD_ERR_COMPILE_OUTPUT|no\.such\.field/);
});
