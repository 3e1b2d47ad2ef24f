// Bad captures through the CLI, as a user meets them: whatever is wrong with the file, `peregrine -e FILE`
// prints one line on stderr naming the file and the byte offset, prints no alerts and exits 1. And the capture
// writer (-e IN -w OUT [CONDITION]) as a user drives it: filters, gzip output, its errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { runPeregrine, SHARED } from '../helpers/cli.ts';

const SCAP = join(SHARED, 'upstream/scap');
const CAT_WRITE = join(SCAP, 'falco/cat_write.scap');
const RULES = join(SHARED, 'upstream/falco-regression/rules/single_rule.yaml');
const dir = mkdtempSync(join(tmpdir(), 'peregrine-bad-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A raw (not gzipped) copy of a fixture's bytes; the fixtures are gzip-compressed or raw. */
function rawBytes(file: string): Buffer {
  const b = readFileSync(file);
  return b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b;
}

const raw = rawBytes(CAT_WRITE);

function write(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const FALCO_LOG_LINE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;

/** One stderr line: `peregrine: FILE: byte N[ (after gunzip)]: message`; returns N. */
function assertOneErrorLine(stderr: string, file: string): number {
  // Falco's start-up log lines (log_stderr, info level: a timestamp, then continuation lines indented by three
  // spaces) come first, as in Falco; the error itself must be exactly one line, and the last.
  const lines = stderr.split('\n').filter((l) => l !== '' && !FALCO_LOG_LINE.test(l) && !l.startsWith('   '));
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  const prefix = `peregrine: ${file}: byte `;
  assert.ok(lines[0].startsWith(prefix), lines[0]);
  assert.ok(stderr.trimEnd().endsWith(lines[0]), `the error is the last line:\n${stderr}`);
  const m = /^(\d+)( \(after gunzip\))?: \S.*$/.exec(lines[0].slice(prefix.length));
  assert.ok(m !== null, lines[0]);
  return Number(m[1]);
}

async function expectBad(file: string): Promise<number> {
  const r = await runPeregrine(['-r', RULES, '-e', file]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '', 'no alerts, no summary');
  return assertOneErrorLine(r.stderr, file);
}

/** Offset of the first event block (after the SHB and metadata blocks). */
function firstEventBlock(b: Buffer): number {
  let pos = 0;
  for (;;) {
    const type = b.readUInt32LE(pos);
    if ([0x204, 0x208, 0x216, 0x217, 0x221, 0x222].includes(type)) return pos;
    pos += b.readUInt32LE(pos + 4);
  }
}

test('truncated inside a block', async () => {
  const cut = Math.floor(raw.length * 0.6);
  const off = await expectBad(write('truncated.scap', raw.subarray(0, cut)));
  assert.ok(off < cut);
});

test('wrong magic', async () => {
  const b = Buffer.from(raw);
  b.writeUInt32LE(0xdeadbeef, 0);
  assert.equal(await expectBad(write('magic.scap', b)), 0);
});

test('wrong byte-order magic in the section header', async () => {
  const b = Buffer.from(raw);
  b.writeUInt32LE(0x12345678, 8);
  assert.equal(await expectBad(write('bom.scap', b)), 8);
});

test('absurd block length', async () => {
  const b = Buffer.from(raw);
  const at = firstEventBlock(b);
  b.writeUInt32LE(0xfffffff0, at + 4);
  assert.equal(await expectBad(write('length.scap', b)), at);
});

test('block length that is not a multiple of 4, and a trailer that disagrees', async () => {
  const b = Buffer.from(raw);
  const at = firstEventBlock(b);
  b.writeUInt32LE(b.readUInt32LE(at + 4) + 1, at + 4);
  assert.equal(await expectBad(write('odd.scap', b)), at);
  const c = Buffer.from(raw);
  const total = c.readUInt32LE(at + 4);
  c.writeUInt32LE(total + 4, at + total - 4);
  assert.equal(await expectBad(write('trailer.scap', c)), at);
});

test('bit flips in the event header', async () => {
  const b = Buffer.from(raw);
  const at = firstEventBlock(b);
  // The event's own length field (inside the frame), made larger than its block.
  b.writeUInt32LE(0x7fffffff, at + 10 + 16);
  assert.equal(await expectBad(write('evlen.scap', b)), at);
});

test('random bytes', async () => {
  let seed = 12345;
  const bytes = new Uint8Array(100_000).map(() => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 24;
  });
  assert.equal(await expectBad(write('random.scap', bytes)), 0);
});

test('a text file', async () => {
  assert.equal(await expectBad(write('text.scap', Buffer.from('not a capture\n'.repeat(100)))), 0);
});

test('an empty file', async () => {
  assert.equal(await expectBad(write('empty-file.scap', new Uint8Array(0))), 0);
});

test('a gzip stream that ends early', async () => {
  const gz = gzipSync(raw);
  const file = write('short.scap.gz', gz.subarray(0, Math.floor(gz.length / 2)));
  const r = await runPeregrine(['-r', RULES, '-e', file]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(assertOneErrorLine(r.stderr, file).toString(), /^\d+$/);
  assert.match(r.stderr, /\(after gunzip\)/);
});

test('gzip header with a corrupt body', async () => {
  const gz = Buffer.from(gzipSync(raw));
  for (let i = 20; i < 200; i += 7) gz[i] ^= 0x5a;
  await expectBad(write('corrupt.scap.gz', gz));
});

test('a missing file and a directory', async () => {
  const missing = join(dir, 'does-not-exist.scap');
  assert.equal(await expectBad(missing), 0);
  assert.equal(await expectBad(dir), 0);
});

test('a good capture still replays (the runs above are not all failing for one reason)', async () => {
  const r = await runPeregrine(['-r', RULES, '-e', CAT_WRITE]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Events detected: \d+$/m);
});

// ---- writing captures -------------------------------------------------------------------------------------------

function sysdigCount(file: string, filter?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = ['-r', file, '-p', '*%evt.num', ...(filter === undefined ? [] : [filter])];
    const child = spawn('sysdig', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', () => resolve(out.split('\n').filter((l) => l !== '').length));
  });
}

test('-w with a condition keeps the matching events, which sysdig then shows', async () => {
  const out = join(dir, 'opens.scap');
  const r = await runPeregrine(['-e', CAT_WRITE, '-w', out, 'evt.type in (open, openat) and evt.dir = <']);
  assert.equal(r.code, 0, r.stderr);
  const m = /wrote (\d+) of (\d+) events/.exec(r.stderr);
  assert.ok(m !== null, r.stderr);
  const expected = await sysdigCount(CAT_WRITE, 'evt.type in (open, openat) and evt.dir = <');
  assert.equal(Number(m[1]), expected);
  // sysdig 0.29.3 lists the state-only events Peregrine adds to keep processes and fds (later libs hide them,
  // as Peregrine does); with the condition it shows exactly the matching ones.
  assert.equal(await sysdigCount(out, 'evt.type in (open, openat) and evt.dir = <'), expected);
  // Peregrine shows only the matching events, and rewriting keeps the state-only ones state-only.
  const again = await runPeregrine(['-e', out, '-w', join(dir, 'again.scap')]);
  assert.equal(again.code, 0, again.stderr);
  const n = /wrote (\d+) of (\d+) events to \S+ \(and (\d+) state-only events\)/.exec(again.stderr);
  assert.ok(n !== null, again.stderr);
  assert.equal(Number(n[1]), expected);
  assert.equal(Number(n[2]), expected);
  const kept = /and (\d+) state-only/.exec(r.stderr);
  assert.equal(n[3], kept?.[1]);
});

test('-w FILE.gz writes gzip that sysdig reads', async () => {
  const out = join(dir, 'all.scap.gz');
  const r = await runPeregrine(['-e', CAT_WRITE, '-w', out]);
  assert.equal(r.code, 0, r.stderr);
  const b = readFileSync(out);
  assert.deepEqual([b[0], b[1]], [0x1f, 0x8b]);
  assert.equal(await sysdigCount(out), await sysdigCount(CAT_WRITE));
});

test('-w errors: a bad condition, a condition without -w, -w with a replay engine but no file, an unwritable path', async () => {
  const bad = await runPeregrine(['-e', CAT_WRITE, '-w', join(dir, 'x.scap'), 'evt.type = = open']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^peregrine: Error: condition 'evt.type = = open': .+\n$/);

  const stray = await runPeregrine(['-r', RULES, '-e', CAT_WRITE, 'evt.type=open']);
  assert.equal(stray.code, 1);
  assert.match(stray.stderr, /-w/);

  // Without -e, -w records the live host (test/live/recording.test.ts); a replay engine without a file is an error.
  const noInput = await runPeregrine(['-w', join(dir, 'y.scap'), '-o', 'engine.kind=replay']);
  assert.equal(noInput.code, 1);
  assert.match(noInput.stderr, /capture_file/);

  const unwritable = await runPeregrine(['-e', CAT_WRITE, '-w', join(dir, 'no/such/dir/z.scap')]);
  assert.equal(unwritable.code, 1);
  assert.match(unwritable.stderr, /cannot write/);
});

test('-w from a bad capture reports it like replay does', async () => {
  const file = write('truncated-w.scap', raw.subarray(0, Math.floor(raw.length / 2)));
  const r = await runPeregrine(['-e', file, '-w', join(dir, 'out.scap')]);
  assert.equal(r.code, 1);
  assertOneErrorLine(r.stderr, file);
});
