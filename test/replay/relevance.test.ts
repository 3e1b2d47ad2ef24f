// Replay decodes only the events rules or state need (src/engine/relevance.ts). This checks that skipping the
// others changes nothing rules can see: for every fixture and every event code in it, the events of that code
// carry the same value in every field when the replay decodes only what a rule on that code needs as when it
// decodes every event.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { feedFile } from '../../src/capture/source.ts';
import { Engine } from '../../src/engine/engine.ts';
import { EVENT_ORDER_FIELDS, FD_TABLE_FIELDS, MEMORY_FIELDS, relevantCodes } from '../../src/engine/relevance.ts';
import { syscallRegistry } from '../../src/fields/registry.ts';
import type { Extractor } from '../../src/fields/types.ts';
import type { Event } from '../../src/state/event.ts';
import { fieldText } from '../helpers/field-text.ts';
import { SCAP, scapFixtures } from '../helpers/fixtures.ts';

const fixtures = scapFixtures();

/** Every field that takes no argument, except those that read the previous event (they turn skipping off). */
const FIELDS: [string, Extractor<Event>][] = [];
for (const { name, bind } of syscallRegistry.classes.flatMap((c) => c.fields)) {
  if (bind === undefined || EVENT_ORDER_FIELDS.has(name)) continue;
  const ex = bind(undefined);
  if (typeof ex === 'function') FIELDS.push([name, ex]);
}
/** The fields a rule reads when it uses neither memory counters nor other fds of the process. */
const CORE_FIELDS = FIELDS.filter(([n]) => !MEMORY_FIELDS.has(n) && !FD_TABLE_FIELDS.has(n));

function line(evt: Event, fields: [string, Extractor<Event>][]): string {
  return fields.map(([n, ex]) => `${n}=${fieldText(ex(evt))}`).join('\u0001');
}

function diff(got: string | undefined, expected: string | undefined): string {
  if (got === undefined || expected === undefined) return `got ${got}, expected ${expected}`;
  const split = (l: string) => l.split('\u0001');
  const g = split(got);
  const e = new Set(split(expected));
  return (
    g.filter((kv) => !e.has(kv)).join(' | ') +
    ' | expected ' +
    split(expected)
      .filter((kv) => !g.includes(kv))
      .join(' | ')
  );
}

/** Replays a file and returns, per event number, the fields of the events of the given codes the sink got. */
async function replay(
  file: string,
  codes: ReadonlySet<number> | null,
  fields: [string, Extractor<Event>][],
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const engine = new Engine({
    event(evt) {
      if (codes === null || codes.has(evt.type)) out.set(evt.num, line(evt, fields));
    },
  });
  if (codes !== null) engine.setRelevant(codes, new Set(fields.map(([n]) => n)));
  const r = await feedFile(file, engine.blocks);
  assert.equal(r.error, undefined);
  return out;
}

test('fields are kept only where the relevance rules say they matter', () => {
  const all = relevantCodes([], new Set(['proc.name']));
  assert.ok(all !== null);
  const withDelta = relevantCodes([], new Set(['evt.deltatime']));
  assert.equal(withDelta, null, 'evt.deltatime needs every event');
});

for (const file of fixtures) {
  test(`decoding only the needed events leaves every field unchanged: ${file.slice(SCAP.length + 1)}`, async () => {
    const full = await replay(file, null, FIELDS);
    const codes = new Set<number>();
    const typeOf = new Map<number, number>();
    {
      const engine = new Engine({
        event(evt) {
          codes.add(evt.type);
          typeOf.set(evt.num, evt.type);
        },
      });
      await feedFile(file, engine.blocks);
    }
    const fullCore = new Map<number, string>();
    for (const [num, l] of full) {
      fullCore.set(
        num,
        l
          .split('\u0001')
          .filter((kv) => {
            const n = kv.slice(0, kv.indexOf('='));
            return !MEMORY_FIELDS.has(n) && !FD_TABLE_FIELDS.has(n);
          })
          .join('\u0001'),
      );
    }
    for (const c of codes) {
      for (const [fields, expected] of [
        [CORE_FIELDS, fullCore],
        [FIELDS, full],
      ] as const) {
        const got = await replay(file, new Set([c]), fields);
        let n = 0;
        for (const [num, type] of typeOf) {
          if (type !== c) continue;
          n++;
          const g = got.get(num);
          const e = expected.get(num);
          if (g !== e) assert.fail(`event ${num} (code ${c}): ${diff(g, e)}`);
        }
        assert.equal(got.size, n);
      }
    }
  });
}
