// Replays a capture in this process the way the replay command does (decoding what the rules need), and returns every
// alert the detector produces, whole (rule, priority, output text and fields, time), as sortable text.
import assert from 'node:assert/strict';
import { eventTypeMap, fieldRegistry } from '../../src/app/rules-env.ts';
import { feedFile } from '../../src/capture/source.ts';
import { Detector } from '../../src/engine/detector.ts';
import { Engine } from '../../src/engine/engine.ts';
import { loadRules } from '../../src/rules/loader.ts';
import type { Ruleset } from '../../src/rules/ruleset.ts';
import type { Event } from '../../src/state/event.ts';

/** Rules files loaded as the detection commands load them, with rule_matching=all. */
export function loadRuleset(files: readonly string[]): Ruleset<Event> {
  const res = loadRules<Event>([...files], {
    registry: fieldRegistry<Event>(),
    eventTypes: eventTypeMap,
    ruleMatching: 'all',
  });
  assert.ok(res.ruleset !== undefined, JSON.stringify(res.files.map((f) => f.errors)));
  return res.ruleset;
}

const text = (a: unknown) => JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));

export async function replayAlerts(capture: string, ruleset: Ruleset<Event>): Promise<string[]> {
  // A replay restarts evt.num at 1, and the rules' field cache is keyed by it: start it empty.
  ruleset.cache?.stamps.fill(Number.NaN);
  const out: string[] = [];
  const detector = new Detector(ruleset, (a) => out.push(text(a)), { hostname: 'host', timeFormatIso8601: false });
  const engine = new Engine(detector, { hostname: 'host' });
  engine.setRelevant(ruleset.eventCodes(), null);
  const r = await feedFile(capture, engine.blocks);
  assert.equal(r.error, undefined);
  return out.sort();
}
