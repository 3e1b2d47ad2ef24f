// Replaying every fixture capture gives byte-identical alerts to the recorded ones (test/replay/fixtures/
// golden-alerts.json: the number of alerts and the SHA-256 of the JSON alert lines, per capture), with Falco's three
// upstream rule files, Peregrine's default rules and a rule on every event that prints fields of every class,
// rule_matching=all. A refactoring must leave them as they are. A deliberate change of what an alert says (a field
// now follows libsinsp) re-records them: `UPDATE_GOLDEN=1 node --test test/replay/golden.test.ts`, and the commit
// says why they changed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { ROOT, runPeregrine, SHARED } from '../helpers/cli.ts';
import { scapFixtures } from '../helpers/fixtures.ts';

const GOLDEN = join(ROOT, 'test/replay/fixtures/golden-alerts.json');
const RULES = join(SHARED, 'upstream/falco-rules');
const ARGS = [
  // a configuration of its own: neither /etc/peregrine nor the shipped defaults change what is compared
  '-c',
  join(ROOT, 'test/replay/fixtures/golden.yaml'),
  '-r',
  join(RULES, 'falco_rules.yaml'),
  '-r',
  join(RULES, 'falco-incubating_rules.yaml'),
  '-r',
  join(RULES, 'falco-sandbox_rules.yaml'),
  '-r',
  join(ROOT, 'rules/peregrine_rules.yaml'),
  '-r',
  join(ROOT, 'test/replay/fixtures/every-event.yaml'),
  '-o',
  'rule_matching=all',
  '-o',
  'json_output=true',
];

interface Golden {
  readonly alerts: number;
  readonly sha256: string;
}

const update = process.env.UPDATE_GOLDEN === '1';
const golden: Record<string, Golden> = update ? {} : JSON.parse(readFileSync(GOLDEN, 'utf8'));

test('every fixture capture replays to the recorded alerts, byte for byte', async () => {
  const seen: string[] = [];
  for (const file of scapFixtures()) {
    const name = `${basename(dirname(file))}/${basename(file)}`;
    seen.push(name);
    // The alert line starts with %evt.time in local time: fixed to UTC, and the host name fixed, so the bytes
    // depend on the capture and the code only.
    const r = await runPeregrine(['-e', file, ...ARGS], { env: { TZ: 'UTC', PEREGRINE_HOSTNAME: 'golden' } });
    assert.equal(r.code, 0, `${name}: exit ${r.code}\n${r.stderr}`);
    const alerts = r.stdout.split('\n').filter((l) => l.startsWith('{'));
    const got: Golden = {
      alerts: alerts.length,
      sha256: createHash('sha256').update(alerts.join('\n')).digest('hex'),
    };
    if (update) golden[name] = got;
    else assert.deepEqual(got, golden[name], `${name}: the alerts differ from the recorded ones`);
  }
  if (update) writeFileSync(GOLDEN, `${JSON.stringify(golden, null, 2)}\n`);
  else assert.deepEqual(seen, Object.keys(golden), 'the fixture captures are not the recorded ones');
});
