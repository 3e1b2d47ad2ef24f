// The alert context cache (src/engine/alert-context.ts) changes no stored alert: every fixture capture replayed
// with the store on, with Falco's three rule files, Peregrine's and a rule on every event (rule_matching=all: runs
// of alerts from one process, across every state change the captures hold), once with the cache and once without
// (PEREGRINE_CONTEXT_CACHE=0), gives the same stores, row by row. And the cache did serve: replayed in this process
// the same way, most contexts came from it.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { eventTypeMap, fieldRegistry } from '../../src/app/rules-env.ts';
import { feedFile } from '../../src/capture/source.ts';
import { Detector } from '../../src/engine/detector.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { JsonFieldValue } from '../../src/outputs/alert.ts';
import { loadRules } from '../../src/rules/loader.ts';
import type { Event } from '../../src/state/event.ts';
import { ALERT_CONTEXT_FIELDS } from '../../src/store/context.ts';
import { AlertReader } from '../../src/store/reader.ts';
import { ROOT, runPeregrine, SHARED } from '../helpers/cli.ts';
import { scapFixtures } from '../helpers/fixtures.ts';
import { tempStore } from './helpers.ts';

const UPSTREAM = join(SHARED, 'upstream/falco-rules');
const RULE_FILES = [
  join(UPSTREAM, 'falco_rules.yaml'),
  join(UPSTREAM, 'falco-incubating_rules.yaml'),
  join(UPSTREAM, 'falco-sandbox_rules.yaml'),
  join(ROOT, 'rules/peregrine_rules.yaml'),
  join(ROOT, 'test/replay/fixtures/every-event.yaml'),
];
const ARGS = [
  '-c',
  join(ROOT, 'test/replay/fixtures/golden.yaml'),
  ...RULE_FILES.flatMap((f) => ['-r', f]),
  '-o',
  'rule_matching=all',
  '-o',
  'stdout_output.enabled=false',
  '-o',
  'alert_store.enabled=true',
];

/** Every stored alert of one replay, as the console's detail view reads it (context included), in id order. */
async function storedAlerts(capture: string, path: string, cache: boolean): Promise<string[]> {
  const r = await runPeregrine(['-e', capture, ...ARGS, '-o', `alert_store.path=${path}`], {
    env: { TZ: 'UTC', PEREGRINE_HOSTNAME: 'golden', PEREGRINE_CONTEXT_CACHE: cache ? '1' : '0' },
  });
  assert.equal(r.code, 0, `${capture}: exit ${r.code}\n${r.stderr}`);
  const reader = AlertReader.open(path);
  try {
    const out: string[] = [];
    const last = reader.lastId();
    for (let id = 1; id <= last; id++) out.push(reader.get(id) ?? `no alert ${id}`);
    return out;
  } finally {
    reader.close();
  }
}

test('every fixture capture stores the same alert contexts with the context cache as without', async () => {
  const { dir } = tempStore();
  try {
    let total = 0;
    for (const file of scapFixtures()) {
      const name = `${basename(dirname(file))}/${basename(file)}`;
      const cached = await storedAlerts(file, join(dir, `${basename(file)}-cached.db`), true);
      const full = await storedAlerts(file, join(dir, `${basename(file)}-full.db`), false);
      assert.equal(cached.length, full.length, `${name}: stored alerts`);
      for (let i = 0; i < full.length; i++) assert.equal(cached[i], full[i], `${name}: alert ${i + 1}`);
      // not vacuous: the stored rows carry contexts
      if (full.length > 0) assert.ok('context' in JSON.parse(full[0]), `${name}: no context stored`);
      total += full.length;
    }
    assert.ok(total > 30_000, `${total} alerts compared`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the same replays in this process: most contexts come from the cache, all equal to a full extraction', async () => {
  let hits = 0;
  let alerts = 0;
  for (const file of scapFixtures()) {
    const contexts = async (cache: boolean) => {
      const res = loadRules<Event>(RULE_FILES, {
        registry: fieldRegistry<Event>(),
        eventTypes: eventTypeMap,
        ruleMatching: 'all',
        alertContextFields: ALERT_CONTEXT_FIELDS,
      });
      assert.ok(res.ruleset !== undefined);
      const out: (readonly JsonFieldValue[] | undefined)[] = [];
      const detector = new Detector(res.ruleset, (a) => out.push(a.context), {
        hostname: 'host',
        timeFormatIso8601: false,
        contextCache: cache,
      });
      const engine = new Engine(detector, { hostname: 'host' });
      engine.setRelevant(res.ruleset.eventCodes(), null);
      const r = await feedFile(file, engine.blocks);
      assert.equal(r.error, undefined);
      return { out, hits: detector.contextCache?.hits ?? 0 };
    };
    const cached = await contexts(true);
    const full = await contexts(false);
    assert.deepEqual(cached.out, full.out, file);
    hits += cached.hits;
    alerts += cached.out.length;
  }
  assert.ok(hits > alerts / 2, `${hits} of ${alerts} contexts from the cache`);
});
