// Mutation fuzzing over every fixture: 10,000 damaged captures (bit flips, byte overwrites, absurd lengths,
// truncations, insertions, duplicated regions) go through the whole engine — decoder, state tracker and the
// three upstream rule files with their extractors. Each must end either cleanly or with one CaptureError at a
// byte offset inside the input; never an exception. The run finishing at all shows nothing hangs, and the
// decoder's caps (block sizes, table sizes, the state memory budget) keep memory bounded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { eventTypeMap } from '../../src/app/rules-env.ts';
import { Detector } from '../../src/engine/detector.ts';
import { Engine } from '../../src/engine/engine.ts';
import { syscallRegistry } from '../../src/fields/registry.ts';
import { loadRules } from '../../src/rules/loader.ts';
import type { Event } from '../../src/state/event.ts';
import { SHARED } from '../helpers/cli.ts';
import { scapFixtures } from '../helpers/fixtures.ts';

const RULES = join(SHARED, 'upstream/falco-rules');

const fixtures = scapFixtures().map((f) => {
  const raw = readFileSync(f);
  const b = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  // The large 502Error.scap is fuzzed on its first 256 KiB (metadata and thousands of events) to keep the
  // suite quick; every other fixture whole.
  return new Uint8Array(b.subarray(0, 256 * 1024));
});

const rules = loadRules<Event>(
  ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => join(RULES, f)),
  { registry: syscallRegistry, eventTypes: eventTypeMap },
);

const ABSURD = [0, 1, 4, 8, 11, 12, 13, 0xffff, 0x10000, 0x10004, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff];

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'byte'; at: number; value: number }
  | { kind: 'u32'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'duplicate'; at: number; len: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.constantFrom(0, 0xff, 0x7f, 0x80, 1) }),
  fc.record({ kind: fc.constant('u32' as const), at: fc.nat(), value: fc.constantFrom(...ABSURD) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 4096 }) }),
);

function mutate(src: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  let b = src.slice();
  for (const m of ms) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    switch (m.kind) {
      case 'flip':
        b[at] ^= 1 << m.bit;
        break;
      case 'byte':
        b[at] = m.value;
        break;
      case 'u32':
        // Aligned to 4 so block headers and lengths are hit often.
        if ((at & ~3) + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(at & ~3, m.value >>> 0, true);
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
      case 'insert': {
        const out = new Uint8Array(b.length + m.bytes.length);
        out.set(b.subarray(0, at));
        out.set(m.bytes, at);
        out.set(b.subarray(at), at + m.bytes.length);
        b = out;
        break;
      }
      case 'duplicate': {
        const piece = b.slice(at, at + m.len);
        const out = new Uint8Array(b.length + piece.length);
        out.set(b.subarray(0, at + piece.length));
        out.set(piece, at + piece.length);
        out.set(b.subarray(at + piece.length), at + 2 * piece.length);
        b = out;
        break;
      }
    }
  }
  return b;
}

test('the upstream rules load for fuzzing', () => {
  assert.ok(rules.ruleset !== undefined, 'rules failed to load');
});

test('10,000 damaged captures: a clean end or one error at an offset inside the input, never an exception', () => {
  const ruleset = rules.ruleset;
  assert.ok(ruleset !== undefined);
  let errors = 0;
  let alerts = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: fixtures.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 1 << 17 }),
      (i, ms, chunk) => {
        const bytes = mutate(fixtures[i], ms);
        const detector = new Detector(ruleset, () => alerts++, { hostname: 'fuzz', timeFormatIso8601: false });
        const engine = new Engine(detector, { hostname: 'fuzz' });
        let err: ReturnType<typeof engine.blocks.push>;
        for (let pos = 0; pos < bytes.length && err === undefined; pos += chunk) {
          err = engine.blocks.push(bytes.subarray(pos, pos + chunk));
        }
        err ??= engine.blocks.end();
        if (err !== undefined) {
          errors++;
          assert.ok(err.offset >= 0 && err.offset <= bytes.length, `offset ${err.offset} outside 0..${bytes.length}`);
          assert.ok(err.message.length > 0 && !err.message.includes('\n'), 'one-line message');
        }
      },
    ),
    { numRuns: 10_000, seed: 20261127 },
  );
  // Most mutations break the framing; some only damage values and replay cleanly.
  assert.ok(errors > 1000, `${errors} errors`);
});
