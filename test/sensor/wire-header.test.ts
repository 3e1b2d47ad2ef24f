// One table generates or checks the others: the sensor's C wire header (sensor/wire.h) lists every event the
// kernel programs emit with the name and type of each parameter, in order; this test holds it to the event
// table (src/capture/event-table.ts, itself checked against libs and sysdig). It also checks the block
// constants and the C structs' sizes the header asserts with _Static_assert. No root needed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as B from '../../src/capture/blocks.ts';
import { EVENT_TABLE } from '../../src/capture/event-table.ts';
import { ROOT } from '../helpers/cli.ts';

const header = readFileSync(join(ROOT, 'sensor/wire.h'), 'utf8');

/** The text of a multi-line #define, continuation backslashes and comments removed. */
function define(name: string): string {
  const m = new RegExp(`#define ${name}(\\([^)]*\\))?\\s+((?:[^\\n]*\\\\\\n)*[^\\n]*)`).exec(header);
  assert.ok(m !== null, `wire.h defines ${name}`);
  return m[2]
    .replace(/\\\n/g, ' ')
    .replace(/\/\*.*?\*\//g, '')
    .trim();
}

/** Adjacent C string literals, with the two parameter-list macros (themselves plain literals) expanded. */
function cString(expr: string, macros: Record<string, string> = {}): string {
  let out = '';
  for (const m of expr.matchAll(/"((?:[^"\\]|\\.)*)"|([A-Z_]+_PARAMS)/g)) out += m[1] ?? macros[m[2]];
  return out;
}

interface WireEvent {
  sym: string;
  code: number;
  name: string;
  params: [string, string][];
}

function wireEvents(): WireEvent[] {
  const macros = { CLONE_PARAMS: cString(define('CLONE_PARAMS')), EXECVE_PARAMS: cString(define('EXECVE_PARAMS')) };
  const body = define('WIRE_EVENTS');
  const out: WireEvent[] = [];
  for (const m of body.matchAll(/X\(\s*(\w+)\s*,\s*(\d+)\s*,\s*"(\w+)"\s*,([^)]*)\)/g)) {
    const params = cString(m[4], macros)
      .trim()
      .split(/\s+/)
      .map((p) => p.split(':') as [string, string]);
    out.push({ sym: m[1], code: Number(m[2]), name: m[3], params });
  }
  return out;
}

test('every event the sensor emits matches the event table: code, name, parameter names and types', () => {
  const events = wireEvents();
  assert.ok(events.length >= 90, `only ${events.length} events parsed from wire.h`);
  for (const w of events) {
    const info = EVENT_TABLE[w.code];
    assert.ok(info !== undefined, `${w.sym}: code ${w.code} is outside the table`);
    assert.equal(info.id.replace(/^(SYSCALL|SOCKET)_/, ''), w.sym, `${w.sym}: the table calls ${w.code} ${info.id}`);
    assert.equal(info.name, w.name, `${w.sym}: name`);
    assert.equal(info.dir, w.sym.endsWith('_E') ? '>' : '<');
    assert.deepEqual(
      w.params,
      info.params.map((p) => [p.name, p.type]),
      `${w.sym}: parameters`,
    );
  }
});

test('the sensor emits the newest generation of each event it covers (no EF_OLD_VERSION code)', () => {
  const EF_OLD_VERSION = 1 << 9;
  for (const w of wireEvents())
    assert.equal(EVENT_TABLE[w.code].flags & EF_OLD_VERSION, 0, `${w.sym} is an old version`);
});

test('block constants and layout agree with the reader', () => {
  const hex = (name: string) => Number(define(name).replace(/u$/, ''));
  assert.equal(hex('WIRE_BLOCK_SHB'), B.SHB);
  assert.equal(hex('WIRE_BLOCK_MI'), B.MI);
  assert.equal(hex('WIRE_BLOCK_PL_V9'), B.PL_V9);
  assert.equal(hex('WIRE_BLOCK_FDL_V2'), B.FDL_V2);
  assert.equal(hex('WIRE_BLOCK_EV_V2'), B.EV_V2);
  assert.equal(hex('WIRE_BLOCK_EVF_V2'), B.EVF_V2);
  assert.equal(hex('WIRE_SHB_MAGIC'), B.SHB_MAGIC);
  // EV_V2 block: 8-byte block header, u16 cpu, then the 26-byte v2 event header
  assert.equal(Number(define('WIRE_BLOCK_HDR_SIZE')), 8);
  assert.equal(Number(define('WIRE_CPU_ID_SIZE')), 2);
  assert.equal(Number(define('WIRE_EVT_HDR_SIZE')), 26);
  assert.match(header, /_Static_assert\(sizeof\(struct wire_evt_hdr\) == WIRE_EVT_HDR_SIZE/);
  assert.match(header, /_Static_assert\(WIRE_LENS_OFFSET == 36/);
  // libscap's reader refuses event blocks above READER_BUF_SIZE; the sensor never builds one
  assert.ok(Number(define('WIRE_MAX_BLOCK').replace(/u$/, '')) <= B.READER_BUF_SIZE);
});
