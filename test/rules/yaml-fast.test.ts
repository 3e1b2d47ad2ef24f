// The fast YAML reader (src/rules/yaml/fast.ts) must build exactly the tree the `yaml` library builds
// (values, plain-ness, offsets) for every text it accepts, and must give up on every text the library finds
// invalid. Checked on every rules file we have and on generated rules-file-like texts: block sequences of
// mappings with plain, quoted, folded and literal scalars, flow sequences, comments and blank lines at
// random indentations, some of them mutated by a character.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseFast } from '../../src/text/yaml-fast.ts';
import { readWithLibrary, type YNode } from '../../src/text/yaml-tree.ts';
import { ROOT, SHARED } from '../helpers/cli.ts';

/** Empty documents read as nothing either way; the rest must be identical. */
function comparable(docs: readonly (YNode | null)[]): string {
  return JSON.stringify(docs.filter((d) => d !== null && !(d.kind === 'scalar' && d.value === '' && d.plain)));
}

/** undefined when equivalent, else a description of the difference. */
function difference(text: string): string | undefined {
  const fast = parseFast(text);
  if (fast === undefined) return undefined;
  const lib = readWithLibrary(text);
  if (!('docs' in lib)) return `fast reader accepted a text the library rejects: ${JSON.stringify(lib)}`;
  const a = comparable(fast);
  const b = comparable(lib.docs);
  if (a === b) return undefined;
  let i = 0;
  while (a[i] === b[i]) i++;
  return `fast: …${a.slice(Math.max(0, i - 80), i + 80)}\nlib:  …${b.slice(Math.max(0, i - 80), i + 80)}`;
}

function rulesFiles(): string[] {
  const dirs = [join(SHARED, 'upstream/falco-rules'), join(SHARED, 'upstream/falco-regression/rules')];
  return dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(d, f)),
  );
}

test('every rules file reads the same with the fast reader as with the library', () => {
  let accepted = 0;
  for (const f of rulesFiles()) {
    const text = readFileSync(f, 'utf8');
    if (parseFast(text) !== undefined) accepted++;
    assert.equal(difference(text), undefined, f);
  }
  assert.ok(accepted >= 60, `the fast reader should handle nearly every rules file (${accepted})`);
});

test('configuration files (a mapping at the top) read the same with the fast reader as with the library', () => {
  const confs = join(SHARED, 'upstream/falco-regression/confs');
  const files = [
    join(ROOT, 'config/peregrine.yaml'),
    ...readdirSync(confs)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(confs, f)),
  ];
  let accepted = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    if (parseFast(text) !== undefined) accepted++;
    assert.equal(difference(text), undefined, f);
  }
  assert.ok(accepted > files.length / 2, `${accepted} of ${files.length} read fast`);
});

test("Falco's three rules files are read by the fast reader", () => {
  for (const f of ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml']) {
    const text = readFileSync(join(SHARED, 'upstream/falco-rules', f), 'utf8');
    assert.notEqual(parseFast(text), undefined, f);
  }
});

test('the fast reader gives up on what it does not handle', () => {
  for (const text of [
    '- a: &x 1\n- b: *x\n', // anchors and aliases
    '- {a: 1}\n', // flow mappings
    '- a: !tag x\n', // tags
    '- a:\tb\n', // tabs
    '- a: b\r\n', // CR
    'a: b: c\n', // a nested mapping on one line at the top (an error)
    '- a: b: c\n', // a nested mapping on one line (an error)
    '- a: >+\n    x\n', // keep chomping
    '- a: |2\n    x\n', // explicit indentation
    '- a: "x\\\n  y"\n', // escaped line break
    '...\n', // document end
    '%YAML 1.2\n---\n- a\n', // directives
  ]) {
    assert.equal(parseFast(text), undefined, JSON.stringify(text));
  }
});

test('the fast reader handles the constructs rules files use', () => {
  const text = [
    '# comment',
    '- required_engine_version: 0.26.0',
    '- list: shells',
    '  items: [bash, "z sh", \'k\', [a, b], -1]',
    '- list: multi',
    '  items: [',
    '      a, b,',
    '      c',
    '  ]',
    '- macro: m',
    '  condition: >',
    '    evt.type = open',
    '    and fd.name startswith /etc',
    '',
    '      more indented',
    '- rule: r',
    '  desc: a plain',
    '    description',
    '',
    '    with a blank line # and a comment',
    '  condition: |-',
    '    literal',
    '     text',
    '  output: "quoted %proc.name \\"x\\" \\\\ \\t"',
    '  priority: WARNING',
    '  tags:',
    '  - a',
    '  - b',
    '  exceptions:',
    '    - name: e',
    '      fields: [proc.name, fd.name]',
    '      values:',
    '        - [bash, /etc]',
    '  enabled:',
    '---',
    '- rule: second document',
    '',
  ].join('\n');
  assert.notEqual(parseFast(text), undefined);
  assert.equal(difference(text), undefined);
});

// ---- generated texts ----

function prng(seed: number): (k: number) => number {
  let s = seed | 0;
  return (k) => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % k;
  };
}

const WORDS = [
  'a',
  'bb',
  'evt.type',
  '=',
  'open',
  'and',
  'not',
  '(x)',
  'in',
  'a,b',
  '/etc',
  '-x',
  'x-',
  "it's",
  'q"q',
  'k:v',
  '%p',
  '#h',
  'x#y',
  '1',
  '0x1F',
  '<NA>',
  'é',
  '\\',
  '*',
];

/** A rules-file-like YAML text: a sequence of mappings with every kind of scalar, at random indentations. */
function generate(rnd: (k: number) => number): string {
  const pick = <T>(a: readonly T[]): T => a[rnd(a.length)];
  const sp = (n: number) => ' '.repeat(n);
  const words = (n: number) => {
    const w: string[] = [];
    for (let i = 0; i < n; i++) w.push(pick(WORDS));
    return w.join(pick([' ', ' ', '  ']));
  };
  const quotedWords = (dq: boolean, n: number) =>
    words(n)
      .replace(/\\/g, dq ? '\\\\' : '\\')
      .replace(/"/g, dq ? '\\"' : '"')
      .replace(/'/g, dq ? "'" : "''");
  const scalar = (col: number): string => {
    const k = rnd(9);
    const ind = col + 1 + rnd(4);
    if (k <= 2) {
      let s = ` ${words(1 + rnd(4))}`;
      for (let i = rnd(3); i > 0; i--) {
        s += pick(['\n', '\n\n', `\n${sp(rnd(3))}\n`, '\n\n\n']) + sp(ind + rnd(2)) + words(1 + rnd(3));
      }
      if (rnd(4) === 0) s += pick([' # c', '  ', ' ']);
      return s;
    }
    if (k <= 4) {
      const dq = rnd(2) === 0;
      const q = dq ? '"' : "'";
      let s = ` ${q}${quotedWords(dq, rnd(4))}`;
      for (let i = rnd(3); i > 0; i--) {
        s +=
          pick([' ', '']) +
          pick(['\n', '\n\n', `\n${sp(rnd(4))}\n`]) +
          sp(ind + rnd(2)) +
          (dq && rnd(3) === 0 ? '\\ ' : '') +
          quotedWords(dq, 1 + rnd(3));
      }
      return `${s}${q}${rnd(4) === 0 ? ' # c' : ''}`;
    }
    if (k <= 6) {
      let s = ` ${pick(['>', '|', '>-', '|-'])}${pick(['', '', ' # c', ' '])}\n`;
      for (let i = rnd(3); i > 0; i--) s += `${sp(rnd(ind + 1))}\n`;
      for (let i = 1 + rnd(5); i > 0; i--) {
        const r = rnd(6);
        s += r === 0 ? `${sp(rnd(ind + 3))}\n` : `${sp(ind + (r === 1 ? 1 + rnd(3) : 0)) + words(1 + rnd(4))}\n`;
      }
      for (let i = rnd(3); i > 0; i--) s += `${sp(rnd(ind + 2))}\n`;
      return s.replace(/\n$/, '');
    }
    const items: string[] = [];
    for (let i = rnd(4); i > 0; i--) items.push(pick(['a', 'b c', '"x, y"', "'z'", '[a]', '[]', '-1', 'a:b', '/p']));
    if (rnd(3) !== 0) return ` [${items.join(pick([', ', ',', ' , ']))}${rnd(5) === 0 ? ',' : ''}]`;
    return ` [${items.map((x) => `\n${sp(ind)}${x}`).join(',')}\n${sp(rnd(2) ? col : ind)}]`;
  };
  const map = (col: number, depth: number): string => {
    let s = '';
    for (let i = 1 + rnd(5); i > 0; i--) {
      s += `${s === '' ? '' : sp(col)}${pick(['rule', 'condition', 'items', 'desc', 'k', 'a-b'])}:`;
      const r = rnd(10);
      if (r === 0) s += `${pick(['', ' ', ' # c'])}\n`;
      else if (r === 1 && depth < 2) s += `\n${seq(rnd(2) ? col : col + 2, depth + 1)}`;
      else if (r === 2 && depth < 2) {
        const c2 = col + 1 + rnd(3);
        s += `\n${sp(c2)}${map(c2, depth + 1)}`;
      } else s += `${scalar(col)}\n`;
    }
    return s;
  };
  const seq = (col: number, depth: number): string => {
    let s = '';
    for (let i = 1 + rnd(4); i > 0; i--) {
      if (rnd(4) === 0) s += pick(['\n', '  \n', '# c\n', `${sp(col)}# c\n`]);
      const r = rnd(6);
      const pad = pick([1, 1, 1, 2, 3]);
      if (r <= 2) s += `${sp(col)}-${sp(pad)}${map(col + 1 + pad, depth)}`;
      else if (r === 3) s += `${sp(col)}-${scalar(col)}\n`;
      else if (r === 4) s += `${sp(col)}-${pick(['', ' ', ' # c'])}\n`;
      else s += `${sp(col)}-\n${sp(col + 2)}${map(col + 2, depth)}`;
    }
    return s;
  };
  let t = (rnd(5) === 0 ? '---\n' : '') + seq(0, 0);
  if (rnd(6) === 0) t += `---\n${seq(0, 0)}`;
  if (rnd(3) === 0) t = t.replace(/\n$/, '');
  for (let m = rnd(3) === 0 ? 1 + rnd(2) : 0; m > 0; m--) {
    const p = rnd(t.length + 1);
    t = t.slice(0, p) + pick([' ', '\n', '', ':', '#', '"', "'", '-', ']', ',']) + t.slice(p + rnd(2));
  }
  return t;
}

test('generated rules-file-like texts read the same with the fast reader as with the library', () => {
  const rnd = prng(20261127);
  let accepted = 0;
  const cases = 6000;
  for (let i = 0; i < cases; i++) {
    const text = generate(rnd);
    if (parseFast(text) !== undefined) accepted++;
    const diff = difference(text);
    assert.equal(diff, undefined, `${JSON.stringify(text)}\n${diff}`);
  }
  // The generator must keep exercising the fast reader, not only its give-ups.
  assert.ok(accepted > cases / 6, `only ${accepted} of ${cases} generated texts were read by the fast reader`);
});
