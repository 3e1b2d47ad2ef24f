// The rules actions through bin/peregrine, as a Falco user runs them: -V, -L, -l, --rule-schema, --dry-run.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runPeregrine, SHARED } from '../helpers/cli.ts';

const U = join(SHARED, 'upstream/falco-rules');
const STABLE = join(U, 'falco_rules.yaml');
const INCUBATING = join(U, 'falco-incubating_rules.yaml');
const SANDBOX = join(U, 'falco-sandbox_rules.yaml');

function tmpRules(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-rules-'));
  const f = join(dir, 'rules.yaml');
  writeFileSync(f, content);
  return f;
}

describe('-V', () => {
  test('the upstream files validate, together, in order', async () => {
    const r = await runPeregrine(['-V', STABLE, '-V', INCUBATING, '-V', SANDBOX]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${STABLE}: Ok\n${INCUBATING}: Ok\n${SANDBOX}: Ok\n`);
  });
  test('JSON output: one line, falco_load_results per file', async () => {
    const r = await runPeregrine(['-V', STABLE, '-o', 'json_output=true']);
    assert.equal(r.code, 0);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const res = JSON.parse(lines[0]).falco_load_results;
    assert.deepEqual(
      res.map((x: { name: string; successful: boolean; errors: unknown[] }) => [x.name, x.successful, x.errors.length]),
      [[STABLE, true, 0]],
    );
  });
  test('an invalid file: exit 1, the error with file, line, column and a caret', async () => {
    const f = tmpRules(
      '- rule: r\n  desc: d\n  condition: evt.type = open and proc.name = x foo\n  output: o\n  priority: INFO\n',
    );
    const r = await runPeregrine(['-V', f]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /: Invalid\n1 Errors:\n/);
    assert.match(r.stdout, new RegExp(`condition expression: \\(${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:48\\)`));
    assert.match(
      r.stdout,
      /LOAD_ERR_COMPILE_CONDITION \(Error compiling condition\): unexpected token after 'x', expecting 'or', 'and'/,
    );
    assert.match(r.stdout, /\n +\^\n/);
    assert.match(r.stderr, /1 of 1 rules files is invalid/);
  });
  test('a file that cannot be read', async () => {
    const r = await runPeregrine(['-V', '/nonexistent/rules.yaml', '-o', 'json_output=true']);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).falco_load_results[0].errors[0].code, 'LOAD_ERR_FILE_READ');
  });
});

describe('-L and -l', () => {
  for (const [file, rules] of [
    [STABLE, 25],
    [INCUBATING, 31],
    [SANDBOX, 37],
  ] as const) {
    test(`-L lists the ${rules} rules of ${file.split('/').pop()}`, async () => {
      const r = await runPeregrine(['-L', '-r', file, '-o', 'json_output=true']);
      assert.equal(r.code, 0, r.stderr);
      const d = JSON.parse(r.stdout);
      assert.equal(d.rules.length, rules);
      assert.equal(d.required_engine_version, '0.57.0');
      assert.deepEqual(d.required_plugin_versions, [{ alternatives: [], name: 'container', version: '0.4.0' }]);
      for (const rule of d.rules) assert.ok(rule.details.events.length > 0, `${rule.info.name} has event types`);
    });
  }
  test('-L with the three files together lists every rule once', async () => {
    const r = await runPeregrine(['-L', '-r', STABLE, '-r', INCUBATING, '-r', SANDBOX, '-o', 'json_output=true']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).rules.length, 25 + 31 + 37);
  });
  test('-L text is the name/description table', async () => {
    const r = await runPeregrine(['-L', '-r', STABLE]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Rule {47}Description\n---- {47}-----------\n/);
  });
  test('-l describes one rule; an unknown rule is an error', async () => {
    const ok = await runPeregrine(['-l', 'Terminal shell in container', '-r', STABLE, '-o', 'json_output=true']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(
      JSON.parse(ok.stdout).rules.map((r: { info: { name: string } }) => r.info.name),
      ['Terminal shell in container'],
    );
    const bad = await runPeregrine(['-l', 'No such rule', '-r', STABLE]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Rule "No such rule" is not loaded/);
  });
});

describe('--dry-run and selection', () => {
  test('loads and reports the enabled rules', async () => {
    const r = await runPeregrine(['--dry-run', '-r', STABLE]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /1 rules files loaded, \d+ rules enabled/);
  });
  test('-o rules=[...] disables by tag', async () => {
    const all = await runPeregrine(['--dry-run', '-r', STABLE]);
    const some = await runPeregrine(['--dry-run', '-r', STABLE, '-o', 'rules=[{disable: {tag: network}}]']);
    const n = (s: string) => Number(/(\d+) rules enabled/.exec(s)?.[1]);
    assert.ok(n(some.stderr) < n(all.stderr), `${some.stderr} vs ${all.stderr}`);
  });
  test('-D/-T with -t is refused with Falco wording', async () => {
    const r = await runPeregrine(['--dry-run', '-r', STABLE, '-D', 'x', '-t', 'a']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error: You can not specify both disabled .-D\/-T. and enabled .-t. rules/);
  });
  test('a broken rules file is exit 1 with its errors', async () => {
    const f = tmpRules(
      '- macro: m\n  condition: nope\n- rule: r\n  desc: d\n  condition: m\n  output: o\n  priority: INFO\n',
    );
    const r = await runPeregrine(['--dry-run', '-r', f]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /LOAD_ERR_VALIDATE \(Error validating rule\/macro\/list\/exception objects\): Undefined macro 'nope' used in filter\./,
    );
  });
});
