// The prefilter's tables as the sensor's loader reads them: the blob of sensor/prefilter_load.c, in base64, for its
// `prefilter BASE64` command (one line on its stdin).
import { COMM_BYTES, type PrefilterProgram } from './compile.ts';
import { PATH_KEY_BYTES } from './model.ts';

class Writer {
  private buf = new Uint8Array(4096);
  private len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  uint(v: number | bigint, bytes: number): void {
    this.room(bytes);
    let x = BigInt.asUintN(bytes * 8, BigInt(v));
    for (let i = 0; i < bytes; i++) {
      this.buf[this.len++] = Number(x & 0xffn);
      x >>= 8n;
    }
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  done(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

const utf8 = new TextEncoder();

/** The `prefilter …` command line (without its newline) that puts `p` in force; `prefilter off` for no filtering. */
export function prefilterCommand(p: PrefilterProgram): string {
  if (p.off !== undefined) return 'prefilter off';
  const w = new Writer();
  w.bytes(utf8.encode('PF1\0'));
  for (const m of p.typeModes) w.uint(m, 1);
  for (const t of p.typeTerms) w.uint(t, 8);
  w.uint(p.features.length, 4);
  for (const f of p.features) {
    w.uint(f.word, 4);
    w.uint(f.mask, 4);
  }
  w.uint(p.pathDefault, 8);
  w.uint(p.commDefault, 8);
  w.uint(p.defer ? 1 : 0, 4);
  w.uint(p.flagsTable.length, 4);
  for (const m of p.flagsTable) w.uint(m, 8);
  const paths = [...p.paths].filter(([k]) => k.length <= PATH_KEY_BYTES);
  w.uint(paths.length, 4);
  for (const [k, m] of paths) {
    const b = utf8.encode(k);
    w.uint(b.length, 2);
    w.bytes(b);
    w.uint(m, 8);
  }
  // Names longer than a kernel comm can never be a thread's name there: the default mask stands for them.
  const comms = [...p.comms].map(([n, m]) => [utf8.encode(n), m] as const).filter(([b]) => b.length <= COMM_BYTES);
  w.uint(comms.length, 4);
  for (const [b, m] of comms) {
    w.uint(b.length, 1);
    w.bytes(b);
    w.uint(m, 8);
  }
  return `prefilter ${Buffer.from(w.done()).toString('base64')}`;
}
