// C strings out of event bytes: ASCII strings are interned by a hash of their bytes (src/capture/bytes.ts), which
// must never change what a string reads as, whatever the bytes, the offsets, or the strings seen before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cstring, nulList } from '../../src/capture/bytes.ts';

/** What cstring must give: the bytes up to the first NUL, ASCII as is, anything else decoded as UTF-8. */
function reference(bytes: Uint8Array, start: number, end: number): string {
  let i = start;
  while (i < end && bytes[i] !== 0) i++;
  return new TextDecoder('utf-8').decode(bytes.subarray(start, i));
}

const byte = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
);
// Few distinct strings, so that the same bytes come back (interned hits) next to near-equal ones.
const text = fc.oneof(
  fc.constantFrom('/etc/hostname', '/etc/hostnamf', '/etc/host', 'storm', 'x', '', 'é/ü', 'a'.repeat(300)),
  fc.array(byte, { maxLength: 40 }).map((b) => String.fromCharCode(...b)),
);

test('cstring reads every byte sequence as a plain decode does, interned or not', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(text, fc.nat(7)), { minLength: 1, maxLength: 60 }), (items) => {
      for (const [s, pad] of items) {
        const body = Buffer.from(s, 'latin1');
        const buf = new Uint8Array(pad + body.length + 3);
        buf.fill(0x41, 0, pad);
        buf.set(body, pad);
        const end = pad + body.length;
        assert.equal(cstring(buf, pad, end), reference(buf, pad, end));
        // twice: the second read of the same bytes is the interned string
        assert.equal(cstring(buf, pad, end), reference(buf, pad, end));
      }
    }),
    { numRuns: 300 },
  );
});

test('strings that share a table slot each read right', () => {
  const seen = new Map<string, string>();
  for (let i = 0; i < 20000; i++) {
    const s = `/proc/${i}/status`;
    const b = Buffer.from(s, 'latin1');
    seen.set(s, cstring(b, 0, b.length));
  }
  for (const [s, got] of seen) assert.equal(got, s);
  for (let i = 19999; i >= 0; i -= 7) {
    const s = `/proc/${i}/status`;
    const b = Buffer.from(s, 'latin1');
    assert.equal(cstring(b, 0, b.length), s);
  }
});

test('nulList reads every byte sequence as NUL-separated plain decodes', () => {
  fc.assert(
    fc.property(fc.array(text, { maxLength: 30 }), fc.nat(7), (parts, pad) => {
      const body = Buffer.from(parts.join('\0'), 'latin1');
      const buf = new Uint8Array(pad + body.length + 3);
      buf.set(body, pad);
      const end = pad + body.length;
      const want: string[] = [];
      let s = pad;
      for (let i = pad; i <= end; i++) {
        if (i === end || buf[i] === 0) {
          if (i < end || s < end) want.push(new TextDecoder('utf-8').decode(buf.subarray(s, i)));
          s = i + 1;
        }
      }
      assert.deepEqual(nulList(buf, pad, end), want);
    }),
    { numRuns: 300 },
  );
});
