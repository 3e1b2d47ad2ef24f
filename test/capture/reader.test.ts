// The scap decoder against an independent reader (tshark), and its independence from how the bytes arrive:
// any chunking of the stream, gzip or raw, gives the same events.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { BlockReader } from '../../src/capture/block-reader.ts';
import type { CaptureError } from '../../src/capture/errors.ts';
import type { ScapEvent } from '../../src/capture/event.ts';
import { type CaptureConsumer, ScapReader } from '../../src/capture/reader.ts';
import { feedFile } from '../../src/capture/source.ts';
import { SCAP, scapFixtures } from '../helpers/fixtures.ts';

const fixtures = scapFixtures();

function bytesOf(file: string): Uint8Array {
  const raw = readFileSync(file);
  return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
}

/** A consumer that records each event as `type tid cpu nparams` and counts metadata blocks. */
function recorder(): { consumer: CaptureConsumer; events: string[]; meta: string[] } {
  const events: string[] = [];
  const meta: string[] = [];
  const consumer: CaptureConsumer = {
    section: (s) => meta.push(`shb ${s.major}.${s.minor}`),
    machineInfo: (m) => meta.push(`mi ${m.hostname}`),
    interfaces: (l) => meta.push(`il ${l.length}`),
    users: (u) => meta.push(`ul ${u.users.length}/${u.groups.length}`),
    procList: (p) => meta.push(`pl ${p.length}`),
    fdList: (b) => meta.push(`fdl ${b.tid} ${b.fds.length}`),
    metadataEnd: () => meta.push('end'),
    event: (e: ScapEvent) =>
      events.push(`${e.type} ${BigInt.asUintN(64, BigInt(e.tid))} ${e.cpu} ${e.nparams} ${e.ts}`),
  };
  return { consumer, events, meta };
}

/** Decodes `bytes` fed in the given chunk sizes. */
function decode(bytes: Uint8Array, sizes: number[]): { events: string[]; meta: string[]; error?: CaptureError } {
  const r = recorder();
  const reader = new BlockReader(new ScapReader(r.consumer));
  let pos = 0;
  let i = 0;
  let error: CaptureError | undefined;
  while (pos < bytes.length && error === undefined) {
    const n = Math.max(1, sizes.length === 0 ? bytes.length : sizes[i++ % sizes.length]);
    // A copy per chunk: the reader must not depend on chunks staying alive after push() returns.
    error = reader.push(bytes.slice(pos, pos + n));
    pos += n;
  }
  error ??= reader.end();
  return { events: r.events, meta: r.meta, ...(error === undefined ? {} : { error }) };
}

function tshark(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'tshark',
      ['-r', file, '-T', 'fields', '-e', 'sysdig.event_type', '-e', 'sysdig.thread_id', '-e', 'sysdig.cpu_id'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', () => resolve(out.split('\n').filter((l) => l !== '')));
  });
}

for (const file of fixtures) {
  const name = basename(file);
  // tshark 4.0 refuses SHB version 1.1 (syscall.scap); every other fixture it reads.
  test(`events and their framing agree with tshark: ${name}`, {
    skip: name === 'syscall.scap' ? 'tshark 4.0 rejects SHB 1.1' : undefined,
  }, async () => {
    const ours = decode(bytesOf(file), []);
    assert.equal(ours.error, undefined);
    const theirs = await tshark(file);
    assert.equal(ours.events.length, theirs.length);
    const mine = ours.events.map((e) => e.split(' ').slice(0, 3).join('\t'));
    assert.deepEqual(mine, theirs);
  });
}

test('event counts of the fixtures (scap/README.md)', async () => {
  const expected: Record<string, number> = {
    'cat_write.scap': 345,
    'connect_localhost.scap': 374,
    'empty.scap': 143,
    'open-multiple-files.scap': 1272,
    'ping_sendto.scap': 1526,
    'syscall.scap': 368,
    'privileged.scap': 2059,
    'run_as_user_0_container.scap': 4143,
    'run_as_user_65534_container.scap': 241,
    'write_tmp_test.scap': 229,
    'curl_google.scap': 1536,
    'curl_google_comments.scap': 1536,
    'sample.scap': 572,
    'single_ipv6_conn.scap': 1728,
    'test_ipv6_client.scap': 326,
    '502Error.scap': 22381,
  };
  for (const file of fixtures)
    assert.equal(decode(bytesOf(file), []).events.length, expected[basename(file)], basename(file));
});

test('any chunking of the stream gives the same blocks and events', () => {
  const samples = fixtures.filter((f) => !f.endsWith('502Error.scap')).map(bytesOf);
  const whole = samples.map((b) => decode(b, []));
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: samples.length - 1 }),
      fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 8 }),
      (i, sizes) => {
        const chunked = decode(samples[i], sizes);
        assert.deepEqual(chunked, whole[i]);
      },
    ),
    { numRuns: 60 },
  );
});

test('one byte at a time', () => {
  const b = bytesOf(join(SCAP, 'falco/cat_write.scap'));
  assert.deepEqual(decode(b, [1]), decode(b, []));
});

test('a gzip file and its decompressed bytes read the same, through the file reader', async () => {
  for (const file of [join(SCAP, 'falco/cat_write.scap'), join(SCAP, 'libs/sample.scap')]) {
    const a = recorder();
    const r = await feedFile(file, new BlockReader(new ScapReader(a.consumer)));
    assert.equal(r.error, undefined);
    assert.deepEqual(a.events, decode(bytesOf(file), []).events);
  }
});
