// icontains (src/text/icontains.ts) folds with V8's toLowerCase and searches natively where that gives the answer
// of Falco's ASCII-only folding (strcasestr), and scans otherwise. These pin the equivalence: every code point's
// lower case, and random haystacks and needles mixing ASCII with the characters that fold differently.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldAscii, icontainsMatcher, scan } from '../../src/text/icontains.ts';

const icontains = (hay: string, needle: string): boolean => icontainsMatcher(needle)(hay);

test('only U+0130 and U+212A have a lower case holding an ASCII character (the guard icontains relies on)', () => {
  const found: number[] = [];
  for (let c = 0x80; c < 0x110000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const lower = String.fromCodePoint(c).toLowerCase();
    for (let i = 0; i < lower.length; i++) {
      if (lower.charCodeAt(i) < 0x80) {
        found.push(c);
        break;
      }
    }
  }
  assert.deepEqual(found, [0x130, 0x212a]);
});

test('icontains answers as the ASCII scan does, on random strings mixing ASCII and other characters', () => {
  const alphabet = ['a', 'A', 'b', 'B', 'i', 'I', 'k', 'K', 'z', 'Z', '_', '=', '/', ' ', '0', '\u0130', '\u212a'];
  const more = ['\u00c9', '\u00e9', '\u00df', '\u0131', '\u00c0', '\u00e0', '\u{1f600}'];
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const word = (len: number, chars: string[]) => Array.from({ length: len }, () => chars[rnd(chars.length)]).join('');
  let matches = 0;
  for (let i = 0; i < 20000; i++) {
    const chars = i % 3 === 0 ? [...alphabet, ...more] : alphabet.slice(0, 15);
    const hay = word(rnd(40), chars);
    // a needle cut from the haystack (in another case) half the time, else random
    const from = hay.length > 0 && rnd(2) === 0 ? rnd(hay.length) : -1;
    const raw = from >= 0 ? hay.slice(from, from + 1 + rnd(5)).toUpperCase() : word(1 + rnd(4), chars);
    const needle = foldAscii(raw);
    const want = scan(hay, needle);
    assert.equal(icontains(hay, needle), want, `${JSON.stringify(hay)} icontains ${JSON.stringify(needle)}`);
    if (want) matches++;
  }
  assert.ok(matches > 2000, `the cases include matches (${matches})`);
});

test('icontains: a remembered folding never answers for another string', () => {
  assert.equal(icontains('PATH=/usr/bin HTTP_PROXY=x', 'http_proxy'), true);
  assert.equal(icontains('PATH=/usr/bin', 'http_proxy'), false);
  assert.equal(icontains('PATH=/usr/bin HTTP_PROXY=x', 'glibc_tunables'), false);
  assert.equal(icontains('GLIBC_TUNABLES=glibc.malloc', 'glibc_tunables'), true);
  // the two characters that fold to ASCII take the scan: U+212A is not "k"
  assert.equal(icontains('\u212aEY=1', 'key'), false);
  assert.equal(icontains('\u0130D', 'id'), false);
  // a needle with non-ASCII characters compares them exactly, as strcasestr does
  assert.equal(icontains('CAF\u00c9', 'caf\u00e9'), false);
  assert.equal(icontains('CAF\u00e9', 'caf\u00e9'), true);
  assert.equal(icontains('anything', ''), true);
});
