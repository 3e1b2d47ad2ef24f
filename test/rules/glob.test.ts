// Our fnmatch against glibc's, through a tiny C helper compiled here: thousands of generated patterns and
// strings over the characters that matter (`* ? [ ] ! ^ - \ /` and classes), with and without FNM_CASEFOLD.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { compilePathPrefixes } from '../../src/rules/ops/pmatch.ts';
import { compileGlob } from '../../src/text/glob.ts';

const C_HELPER = `
#define _GNU_SOURCE
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
int main(void) {
  static char line[8192];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\\n")] = 0;
    char *p = line, *s = strchr(line, '\\t');
    if (!s) continue;
    *s++ = 0;
    char *f = strchr(s, '\\t');
    if (!f) continue;
    *f++ = 0;
    putchar(fnmatch(p, s, *f == '1' ? FNM_CASEFOLD : 0) == 0 ? '1' : '0');
  }
  return 0;
}`;

function glibc(): (cases: [string, string, boolean][]) => string {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-fnmatch-'));
  writeFileSync(join(dir, 'fnmatch.c'), C_HELPER);
  execFileSync('gcc', ['-O1', '-o', join(dir, 'fnmatch'), join(dir, 'fnmatch.c')]);
  return (cases) =>
    execFileSync(join(dir, 'fnmatch'), {
      input: cases.map(([p, s, f]) => `${p}\t${s}\t${f ? 1 : 0}\n`).join(''),
    }).toString();
}

const patternChar = fc.constantFrom(
  'a',
  'b',
  'A',
  '*',
  '?',
  '[',
  ']',
  '!',
  '^',
  '-',
  '\\',
  '/',
  '.',
  '[:alpha:]',
  '[:digit:]',
  '1',
  'z',
);
const stringChar = fc.constantFrom('a', 'b', 'A', 'B', '/', '.', '-', ']', '\\', '1', 'z', '*', '[');

test('glob and iglob agree with glibc fnmatch on generated cases', () => {
  const run = glibc();
  const cases = fc.sample(
    fc.tuple(
      fc.array(patternChar, { maxLength: 8 }).map((a) => a.join('')),
      fc.array(stringChar, { maxLength: 8 }).map((a) => a.join('')),
      fc.boolean(),
    ),
    { numRuns: 6000, seed: 20261127 },
  );
  // Hand-picked shapes too: classes, ranges, negation, escapes, unclosed brackets.
  const fixed: [string, string, boolean][] = [
    ['/etc/*', '/etc/a/b', false],
    ['*.sh', '.sh', false],
    ['[!a]b', 'bb', false],
    ['[^a]b', 'ab', false],
    ['[]a]', ']', false],
    ['[a-]', '-', false],
    ['[', '[', false],
    ['a\\*', 'a*', false],
    ['a\\', 'a\\', false],
    ['[[:upper:]]x', 'Ax', false],
    ['[[:bogus:]]', 'a', false],
    ['A*', 'abc', true],
    ['[A-C]', 'b', true],
  ];
  const all = [...fixed, ...cases];
  const want = run(all);
  const mismatches = all.filter(([p, s, f], i) => compileGlob(p, f)(s) !== (want[i] === '1'));
  assert.deepEqual(mismatches.slice(0, 10), [], `${mismatches.length} of ${all.length} differ from glibc`);
});

test('pmatch is a component-wise path prefix, with glob components', () => {
  const m = compilePathPrefixes(['/var/run', '/etc', '/usr/*/bin']);
  assert.equal(m('/var/run'), true);
  assert.equal(m('/var/run/docker.sock'), true);
  assert.equal(m('/var/running'), false);
  assert.equal(m('/var'), false);
  assert.equal(m('//etc//passwd'), true);
  assert.equal(m('/usr/local/bin/x'), true);
  assert.equal(m('/usr/local/sbin/x'), false);
  assert.equal(compilePathPrefixes(['/'])('/anything'), true);
});
