// `-e` of a pipe: gzip is recognised by content (as for files), and a stream that is not a capture gives one
// line from Peregrine, nothing from the `cat` that reads it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BIN, ROOT, type RunResult, SHARED } from '../helpers/cli.ts';

/** bin/peregrine with `input` written to its stdin (a pipe), as `cat x | peregrine -e /dev/stdin`. */
function runWithStdin(args: string[], input: Buffer): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.stdin.on('error', () => {}); // peregrine may stop reading before the end
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const CAPTURE = join(SHARED, 'upstream/scap/falco/cat_write.scap');
/** The capture's scap bytes (the fixture itself is gzip-compressed). */
const plainCapture = (): Buffer => {
  const raw = readFileSync(CAPTURE);
  return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
};
const RULE = ['-o', 'json_output=false', '-r', join(ROOT, 'rules')];

test('a gzip capture piped to -e /dev/stdin replays as the same capture uncompressed', async () => {
  const plain = plainCapture();
  const viaPlain = await runWithStdin(['-e', '/dev/stdin', ...RULE], plain);
  const viaGzip = await runWithStdin(['-e', '/dev/stdin', ...RULE], gzipSync(plain));
  assert.equal(viaPlain.code, 0, viaPlain.stderr);
  assert.equal(viaGzip.code, 0, viaGzip.stderr);
  assert.match(viaGzip.stdout, /Events detected: /);
  assert.equal(viaGzip.stdout, viaPlain.stdout);
});

test('a truncated gzip stream is one error line with the decompressed offset', async () => {
  const gz = gzipSync(plainCapture());
  const res = await runWithStdin(['-e', '/dev/stdin', ...RULE], gz.subarray(0, gz.length >> 1));
  assert.equal(res.code, 1);
  assert.match(res.stderr, /peregrine: \/dev\/stdin: .*(truncated|ends early)/);
});

test('-e /dev/zero prints one line of its own, nothing from cat', async () => {
  const res = await runWithStdin(['-e', '/dev/zero', ...RULE], Buffer.alloc(0));
  assert.equal(res.code, 1);
  // Log lines aside (they carry a date), the only line is Peregrine's own error.
  const lines = res.stderr.split('\n').filter((l) => /^(peregrine|cat):/.test(l));
  assert.equal(lines.length, 1, res.stderr);
  assert.match(lines[0], /^peregrine: \/dev\/zero: byte 0: /);
  assert.doesNotMatch(res.stderr, /cat:/);
});
