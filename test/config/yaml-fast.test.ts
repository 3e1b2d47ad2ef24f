// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} here is configuration text, not a template.
// Configuration files are read by the rules files' fast YAML reader when it takes them, else by the `yaml`
// library. Whichever read a file must never show: for every text the fast path accepts, the tree (values
// typed by the YAML 1.2 core schema, ${ENV} expanded) and every key's file, line and column must be the
// library's. Checked on the shipped configuration, Falco's regression configurations, and mutations of them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { ConfigFileError, parseText, parseTextWithLibrary } from '../../src/config/source.ts';
import { ROOT, SHARED } from '../helpers/cli.ts';

const confs = join(SHARED, 'upstream/falco-regression/confs');
const FILES: [string, string][] = [
  ['config/peregrine.yaml', readFileSync(join(ROOT, 'config/peregrine.yaml'), 'utf8')],
  ...readdirSync(confs)
    .filter((f) => f.endsWith('.yaml'))
    .map((f): [string, string] => [f, readFileSync(join(confs, f), 'utf8')]),
];
const ENV = { HOME: '/home/pg', EMPTY: '' };

type Outcome = { tree: unknown; positions: [string, unknown][] } | { error: string };

function outcome(read: () => ReturnType<typeof parseText>): Outcome {
  try {
    const r = read();
    // NaN is not equal to itself under deepEqual's JSON view: compare through a string form
    return {
      tree: JSON.parse(JSON.stringify(r.tree, (_k, v) => (Number.isNaN(v) ? 'NaN' : v))),
      positions: [...r.positions].sort(),
    };
  } catch (err) {
    if (err instanceof ConfigFileError) return { error: err.message };
    throw err;
  }
}

let readFast = 0;

/** Both readings agree; true when the fast reader took the text. */
function same(text: string, name: string): boolean {
  const lib = outcome(() => parseTextWithLibrary(text, name, ENV));
  let fast = false;
  const auto = outcome(() => {
    const r = parseText(text, name, ENV);
    fast = r.readBy === 'fast';
    return r;
  });
  assert.deepEqual(auto, lib, `${name}:\n${text}`);
  if (fast) readFast++;
  return fast;
}

test('the shipped and the regression configurations read the same through either reader', () => {
  for (const [name, text] of FILES) same(text, name);
  // the fast reader is what reads them (else this test compares the library with itself)
  assert.equal(same(FILES[0][1], FILES[0][0]), true, 'config/peregrine.yaml is read by the fast reader');
  assert.ok(readFast > FILES.length / 2, `${readFast} of ${FILES.length} read fast`);
});

test('scalars are typed as the core schema types them, in keys and values', () => {
  same(
    [
      'a: 0o17',
      'b: 0x1F',
      'c: +5',
      'd: -0012',
      'e: 1.50',
      'f: .5',
      'g: 1e3',
      'h: -.inf',
      'i: .NaN',
      'j: True',
      'k: FALSE',
      'l: ~',
      'm:',
      'n: Null',
      'o: "true"',
      "p: '12'",
      'q: 0755',
      'r: yes',
      's: ${HOME}/x',
      't: [1, two, "3", null]',
      '1: one',
      'true: t',
      '0x10: hex key',
      'u: |',
      '  block 12',
      'v: plain',
      '  folded 3',
      '',
    ].join('\n'),
    'scalars.yaml',
  );
  assert.equal(readFast > 0, true);
});

test('mutated configurations read the same through either reader', () => {
  const before = readFast;
  const texts = FILES.map(([, t]) => t);
  fc.assert(
    fc.property(
      fc.constantFrom(...texts),
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.constantFrom('delete', 'insert', 'duplicate-line'),
          fc.constantFrom(' ', '\n', ':', '-', '#', '"', "'", '[', ']', '0x1', 'true', '~', '\t', '  ', 'a: b\n'),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      (base, edits) => {
        let text = base;
        for (const [at, kind, s] of edits) {
          const i = text.length === 0 ? 0 : at % text.length;
          if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
          else if (kind === 'insert') text = text.slice(0, i) + s + text.slice(i);
          else {
            const lines = text.split('\n');
            const li = at % lines.length;
            lines.splice(li, 0, lines[li]);
            text = lines.join('\n');
          }
        }
        same(text, 'mutated.yaml');
      },
    ),
    { numRuns: 1500 },
  );
  // many mutations stay in the fast reader's subset, so the comparison is not only of the library with itself
  assert.ok(readFast - before > 300, `${readFast - before} of 1500 mutated texts read fast`);
});
