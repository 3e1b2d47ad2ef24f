// `regex` is RE2 in POSIX mode with a full match, through re2js's compilePOSIX/initTest hooks. This test
// fails if the pinned re2js drops the hooks or changes the semantics we rely on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RE2JS } from 're2js';
import { compileRegex } from '../../src/rules/ops/regex.ts';

test('the re2js hooks exist', () => {
  const re2 = RE2JS.compile('a').re2() as unknown as { constructor: { compilePOSIX?: unknown } };
  assert.equal(typeof re2.constructor.compilePOSIX, 'function');
  assert.equal(typeof (RE2JS as unknown as { initTest?: unknown }).initTest, 'function');
});

test('full match, POSIX classes, leftmost-longest alternation', () => {
  assert.equal(compileRegex('ab')('ab'), true);
  assert.equal(compileRegex('ab')('xaby'), false);
  assert.equal(compileRegex('[[:digit:]]+')('123'), true);
  assert.equal(compileRegex('a|ab')('ab'), true);
  assert.equal(compileRegex('.*\\.sh')('/tmp/x.sh'), true);
});

test('POSIX mode refuses Perl classes and flags', () => {
  for (const p of ['\\d+', '(?i)abc', '\\bword']) assert.throws(() => compileRegex(p), /invalid regex pattern/);
  assert.throws(() => compileRegex('('), /invalid regex pattern/);
});

test('a pattern that backtracks exponentially in JS RegExp answers (RE2 is linear)', () => {
  assert.equal(compileRegex('(a+)+b')(`${'a'.repeat(5000)}c`), false);
});
