// Hot reload in process: the detector's ruleset swapped between two events of one stream (no event evaluated
// by neither or both rulesets), and the controller's validate-then-swap, refusal and coalescing.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadOptions } from '../../src/app/rules-env.ts';
import { parseCli } from '../../src/cli/options.ts';
import { defaultConfig } from '../../src/config/config.ts';
import { type PreparedReload, ReloadController } from '../../src/config/reload.ts';
import { Detector } from '../../src/engine/detector.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { Alert } from '../../src/outputs/alert.ts';
import { loadRules } from '../../src/rules/loader.ts';
import type { Event } from '../../src/state/event.ts';
import { SHARED } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-reload-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const CAPTURE = gunzipSync(readFileSync(join(SHARED, 'upstream/scap/falco/cat_write.scap')));

function ruleset(name: string) {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(
    f,
    `- rule: ${name}\n  desc: d\n  condition: evt.type=open and proc.name=cat\n  output: "%evt.num"\n  priority: WARNING\n`,
  );
  const res = loadRules<Event>([f], loadOptions<Event>(parseCli([]), defaultConfig()));
  assert.ok(res.ruleset, 'rules load');
  return res.ruleset;
}

test('Detector.swapRuleset between two events: every event meets exactly one ruleset', () => {
  const alerts: Alert[] = [];
  const detector = new Detector(ruleset('before'), (a) => alerts.push(a), { hostname: 'h', timeFormatIso8601: false });
  const engine = new Engine(detector, { hostname: 'h' });
  // Swap after the 4th matching event, from inside the event stream (as a reload applies between events).
  const after4 = ruleset('after');
  engine.setSink({
    event(evt: Event) {
      detector.event(evt);
      if (alerts.length === 4 && detector.ruleset !== after4) detector.swapRuleset(after4);
    },
  });
  assert.equal(engine.blocks.push(CAPTURE), undefined);
  assert.equal(engine.blocks.end(), undefined);
  assert.deepEqual(
    alerts.map((a) => a.rule),
    ['before', 'before', 'before', 'before', 'after', 'after', 'after', 'after'],
  );
  // The event numbers are the 8 matching events, each once, in order.
  const nums = alerts.map((a) => Number(a.message));
  assert.deepEqual(
    [...nums].sort((x, y) => x - y),
    nums,
  );
  assert.equal(new Set(nums).size, 8);
  assert.match(detector.summary(engine.stats.events), /before: 4\n\s+after: 4/);
});

test('ReloadController: a refused reload keeps the old set and reports why; a valid one applies', async () => {
  const conf = join(dir, 'ctl.yaml');
  writeFileSync(conf, 'json_output: true\n');
  const applied: string[] = [];
  const refused: string[] = [];
  let valid = false;
  const ctl = new ReloadController({
    sources: { configFile: conf, overrides: [] },
    target: {
      async prepare(): Promise<PreparedReload | { error: string }> {
        if (!valid) return { error: 'rules.yaml:3:5: LOAD_ERR_COMPILE_CONDITION: bad' };
        return { apply: () => applied.push('new'), rulesFiles: [], rulesFolders: [] };
      },
    },
    onRefused: (e) => refused.push(e),
  });
  assert.equal(await ctl.reload('test'), false);
  assert.deepEqual(refused, ['rules.yaml:3:5: LOAD_ERR_COMPILE_CONDITION: bad']);
  assert.deepEqual(applied, []);
  writeFileSync(conf, 'json_output: maybe\n');
  valid = true;
  assert.equal(await ctl.reload('test'), false, 'an invalid configuration is refused before the rules are tried');
  assert.match(refused[1], /ctl\.yaml:1:1: json_output: expected a boolean/);
  writeFileSync(conf, 'json_output: false\n');
  assert.equal(await ctl.reload('test'), true);
  assert.deepEqual(applied, ['new']);
  await ctl.close();
});

test('ReloadController: requests during a reload coalesce into one more reload', async () => {
  const conf = join(dir, 'ctl2.yaml');
  writeFileSync(conf, '{}\n');
  let prepares = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const ctl = new ReloadController({
    sources: { configFile: conf, overrides: [] },
    target: {
      async prepare() {
        prepares++;
        if (prepares === 1) await gate;
        return { apply() {}, rulesFiles: [], rulesFolders: [] };
      },
    },
    onRefused: () => {},
  });
  const first = ctl.reload('a');
  void ctl.reload('b');
  void ctl.reload('c');
  const second = new Promise<void>((resolve) => ctl.on('applied', () => prepares === 2 && resolve()));
  release();
  assert.equal(await first, true);
  await second;
  assert.equal(prepares, 2);
  await ctl.close();
});
