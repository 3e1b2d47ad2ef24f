// The event model: one reused flyweight per source, rebound to each frame. The live sensor and capture files
// produce the same frames, so the same object serves both.
//
// An event frame (struct ppm_evt_hdr, packed, little-endian; ../shared/docs/scap-format.md §6):
//
//   0        8        16     20   22        26 (v2)
//   ┌────────┬────────┬──────┬────┬─────────┬─────────────────────────┬──────────────────────────────┐
//   │ ts u64 │ tid u64│len u32│type│nparams  │ nparams × len (u16;      │ parameter bytes, in table    │
//   │ ns     │        │      │u16 │u32 (v2) │ u32 if EF_LARGE_PAYLOAD) │ order, no padding            │
//   └────────┴────────┴──────┴────┴─────────┴─────────────────────────┴──────────────────────────────┘
//   `len` covers the whole frame. v1 frames (EV 0x204, EVF 0x208) have no nparams: the count is the largest
//   n ≤ the table's count with 22 + 2n + Σlen[0..n) = len, as libscap infers it.
//
// In a capture the frame sits inside an event block after `u16 cpu` (EV) or `u16 cpu, u32 dump_flags` (EVF).
//
// Binding computes only the parameter offsets (into preallocated Int32Arrays); values are decoded when a
// state parser, a condition or an output asks for them. The timestamp is read lazily as a bigint. Nothing here
// allocates per event.
import { cstring, i64, nulList, nulListEquals, u64 } from './bytes.ts';
import { EF_LARGE_PAYLOAD, EVENT_TABLE, type EventInfo, PPM_EVENT_MAX } from './event-table.ts';

/** Most parameters any event code has (execve's 32 at libs HEAD), with room for newer writers. */
export const MAX_PARAMS = 64;

export const HEADER_V2 = 26;
/** PPME_NOTIFICATION_E and PPME_INFRASTRUCTURE_EVENT_E, whose old v1 frames overstate their length by 3. */
const NOTIFICATION_E = 280;
const INFRASTRUCTURE_EVENT_E = 286;
export const HEADER_V1 = 22;

// Per-code facts the hot path needs as array lookups rather than object walks.
const TABLE_NPARAMS = new Uint8Array(PPM_EVENT_MAX);
const LARGE = new Uint8Array(PPM_EVENT_MAX);
for (const info of EVENT_TABLE) {
  TABLE_NPARAMS[info.code] = info.params.length;
  LARGE[info.code] = (info.flags & EF_LARGE_PAYLOAD) !== 0 ? 1 : 0;
}

/** A per-thread copy of an enter event, kept so its exit can read it (libsinsp's store_event). */
export interface StoredFrame {
  bytes: Uint8Array;
  dv: DataView;
  len: number;
  cpu: number;
}

const EMPTY = new Uint8Array(0);
const EMPTY_DV = new DataView(EMPTY.buffer);

/**
 * The state links (`thread`, `fd`) are typed loosely here so that capture/ does not import state/; the state
 * module declares the real types and the field extractors read them through it.
 */
export class ScapEvent<T = unknown, F = unknown, S = unknown> {
  /** Bytes holding the frame and a DataView over all of them. Valid only while the event is being handled. */
  buf: Uint8Array;
  dv: DataView;
  /** Offset of the frame header in `buf`. */
  off: number;
  /** Frame length (the header's `len`, for v1 frames as libscap reports it: 4 more). */
  len: number;
  /** Event code (PPME_*). */
  type: number;
  /** Table entry of `type`. */
  info: EventInfo;
  /** Sequence number, 1-based, counting every event read (sysdig's evt.num). */
  num: number;
  tid: number;
  cpu: number;
  /** EVF dump flags (SCAP_DF_*); 0 for EV blocks and live frames. */
  dumpFlags: number;
  nparams: number;
  /** Absolute offset in `buf` and length of parameter i (i < nparams). */
  readonly paramOff: Int32Array;
  readonly paramLen: Int32Array;
  /** Stream offset of the frame, for error messages. */
  streamOffset: number;

  /** Filled by the state parser before rules run. */
  thread: T | null;
  fd: F | null;
  /** -errno when the event's first parameter (res/fd) is negative, else 0. */
  errorCode: number;
  /** The fd's name changed while parsing this event (fd.name_changed). */
  fdNameChanged: boolean;
  /** The enter event retrieved for this exit, when the state parser needed it. */
  enter: ScapEvent<T, F, S> | null;
  /** The state tables the links point into, for extractors that look further (parent process, users). */
  state: S | null;

  /** Whether `tsVal` holds this frame's timestamp (reset by every bind). */
  private tsRead: boolean;
  private tsVal: bigint;

  constructor() {
    this.buf = EMPTY;
    this.dv = EMPTY_DV;
    this.off = 0;
    this.len = 0;
    this.type = 0;
    this.info = EVENT_TABLE[0];
    this.num = 0;
    this.tid = 0;
    this.cpu = 0;
    this.dumpFlags = 0;
    this.nparams = 0;
    this.paramOff = new Int32Array(MAX_PARAMS);
    this.paramLen = new Int32Array(MAX_PARAMS);
    this.streamOffset = 0;
    this.thread = null;
    this.fd = null;
    this.errorCode = 0;
    this.fdNameChanged = false;
    this.enter = null;
    this.state = null;
    this.tsRead = false;
    this.tsVal = 0n;
  }

  /**
   * Binds the flyweight to the frame at `buf[off .. end)`. `v2`: the header carries nparams. Returns an error
   * sentence when the frame is malformed; then the event must not be used. Unknown codes (≥ PPM_EVENT_MAX) are
   * reported with 'skip' — newer writers' events, which libscap skips silently.
   */
  bind(buf: Uint8Array, dv: DataView, off: number, end: number, v2: boolean): string | undefined {
    const avail = end - off;
    if (avail < (v2 ? HEADER_V2 : HEADER_V1))
      return `event header needs ${v2 ? HEADER_V2 : HEADER_V1} bytes, the block holds ${avail}`;
    const type = buf[off + 20] | (buf[off + 21] << 8);
    if (type >= PPM_EVENT_MAX) return 'skip';
    this.buf = buf;
    this.dv = dv;
    this.off = off;
    this.type = type;
    this.info = EVENT_TABLE[type];
    this.tid = i64(dv, off + 8);
    this.tsRead = false;
    return v2 ? this.bindV2(buf, dv, off, avail, type) : this.bindV1(dv, off, avail, type);
  }

  /**
   * The v2 frame: nparams in the header. The parameter lengths are checked against the frame as libscap's
   * validate_v2_event does, and their offsets recorded in the same pass. Hot path: byte reads, no allocation;
   * the error text is only built on failure.
   */
  private bindV2(buf: Uint8Array, dv: DataView, off: number, avail: number, type: number): string | undefined {
    const len = dv.getUint32(off + 16, true);
    const np = dv.getUint32(off + 22, true);
    if (len < HEADER_V2 || len > avail) return this.lengthError(len, avail);
    const large = LARGE[type] === 1;
    let p = off + HEADER_V2 + np * (large ? 4 : 2);
    const limit = off + len;
    if (p > limit) return `${np} parameters do not fit in an event of ${len} bytes`;
    const paramOff = this.paramOff;
    const paramLen = this.paramLen;
    let q = off + HEADER_V2;
    if (!large) {
      for (let i = 0; i < np; i++, q += 2) {
        const pl = buf[q] | (buf[q + 1] << 8);
        if (pl > limit - p) return this.paramError(i, pl);
        if (i < MAX_PARAMS) {
          paramOff[i] = p;
          paramLen[i] = pl;
        }
        p += pl;
      }
    } else {
      for (let i = 0; i < np; i++, q += 4) {
        const pl = dv.getUint32(q, true);
        if (pl > limit - p) return this.paramError(i, pl);
        if (i < MAX_PARAMS) {
          paramOff[i] = p;
          paramLen[i] = pl;
        }
        p += pl;
      }
    }
    this.nparams = Math.min(np, MAX_PARAMS);
    this.len = len;
    return undefined;
  }

  private lengthError(len: number, avail: number): string {
    return len < HEADER_V2
      ? `event length ${len} is smaller than the 26-byte header`
      : `event length ${len} exceeds the ${avail} bytes left in its block`;
  }

  private paramError(i: number, pl: number): string {
    return `parameter ${i} of ${this.info.name} (${pl} bytes) runs past the event's end`;
  }

  /** The v1 frame (EV 0x204, EVF 0x208): no nparams; inferred from the lengths as libscap does. */
  private bindV1(dv: DataView, off: number, avail: number, type: number): string | undefined {
    let len = dv.getUint32(off + 16, true);
    if (len < HEADER_V1) return `event length ${len} is smaller than the 22-byte header`;
    if (len > avail) return `event length ${len} exceeds the ${avail} bytes left in its block`;
    // Old NOTIFICATION_E/INFRASTRUCTURE_EVENT_E frames overstate their length by 3 (libscap corrects it).
    if (type === NOTIFICATION_E || type === INFRASTRUCTURE_EVENT_E) len -= 3;
    const large = LARGE[type] === 1;
    const lsz = large ? 4 : 2;
    const limit = off + len;
    for (let n = TABLE_NPARAMS[type]; n >= 0; n--) {
      let p = off + HEADER_V1 + n * lsz;
      if (p > limit) continue;
      for (let i = 0; i < n; i++) {
        p += large ? dv.getUint32(off + HEADER_V1 + i * 4, true) : dv.getUint16(off + HEADER_V1 + i * 2, true);
      }
      if (p < limit)
        return `cannot infer the parameter count of a v1 ${this.info.name} event: ${limit - p} bytes unaccounted for`;
      if (p === limit) {
        let q = off + HEADER_V1 + n * lsz;
        for (let i = 0; i < n; i++) {
          const pl = large ? dv.getUint32(off + HEADER_V1 + i * 4, true) : dv.getUint16(off + HEADER_V1 + i * 2, true);
          this.paramOff[i] = q;
          this.paramLen[i] = pl;
          q += pl;
        }
        this.nparams = n;
        this.len = len + 4;
        return undefined;
      }
    }
    return `cannot infer the parameter count of a v1 ${this.info.name} event of ${len} bytes`;
  }

  /** Rebinds to a stored copy of an enter frame (always stored in v2 layout by `store`). */
  bindStored(f: StoredFrame): boolean {
    const r = this.bind(f.bytes, f.dv, 0, f.len, true);
    this.cpu = f.cpu;
    return r === undefined;
  }

  /**
   * Copies this frame into `into` (reused when large enough) in v2 layout, so the exit event can read the enter
   * event's parameters after the source buffer has moved on.
   */
  store(into: StoredFrame | null): StoredFrame {
    const np = this.nparams;
    const large = LARGE[this.type] === 1;
    const lsz = large ? 4 : 2;
    let data = 0;
    for (let i = 0; i < np; i++) data += this.paramLen[i];
    const total = HEADER_V2 + np * lsz + data;
    let f: StoredFrame;
    if (into !== null && into.bytes.length >= total) f = into;
    else {
      const bytes = new Uint8Array(Math.max(total, 256));
      f = { bytes, dv: new DataView(bytes.buffer), len: 0, cpu: 0 };
    }
    const b = f.bytes;
    const dv = f.dv;
    const src = this.buf;
    // Byte loops rather than subarray+set: enter events are small, and this runs for every stored enter.
    for (let k = 0; k < 20; k++) b[k] = src[this.off + k];
    dv.setUint32(16, total, true);
    dv.setUint16(20, this.type, true);
    dv.setUint32(22, np, true);
    let p = HEADER_V2 + np * lsz;
    for (let i = 0; i < np; i++) {
      const pl = this.paramLen[i];
      if (large) dv.setUint32(HEADER_V2 + i * 4, pl, true);
      else dv.setUint16(HEADER_V2 + i * 2, pl, true);
      const o = this.paramOff[i];
      if (pl > 64) b.set(src.subarray(o, o + pl), p);
      else for (let k = 0; k < pl; k++) b[p + k] = src[o + k];
      p += pl;
    }
    f.len = total;
    f.cpu = this.cpu;
    return f;
  }

  /** Event time, nanoseconds since the epoch. Read on demand and cached for this event. */
  get ts(): bigint {
    if (!this.tsRead) {
      this.tsVal = this.dv.getBigUint64(this.off, true);
      this.tsRead = true;
    }
    return this.tsVal;
  }

  /** The timestamp's low and high 32-bit halves, for cheap differences without a bigint. */
  get tsLo(): number {
    return this.dv.getUint32(this.off, true);
  }
  get tsHi(): number {
    return this.dv.getUint32(this.off + 4, true);
  }

  get isEnter(): boolean {
    return (this.type & 1) === 0;
  }

  /** Whether parameter i is present (newer table entries than the writer's are absent). */
  has(i: number): boolean {
    return i < this.nparams;
  }

  /** Index of the parameter called `name` in this event's table entry, or −1. */
  paramIndex(name: string): number {
    const ps = this.info.params;
    for (let i = 0; i < ps.length; i++) if (ps[i].name === name) return i;
    return -1;
  }

  /** A signed integer parameter of any width (1, 2, 4 or 8 bytes); 0 when absent. */
  int(i: number): number {
    if (i >= this.nparams) return 0;
    const o = this.paramOff[i];
    switch (this.paramLen[i]) {
      case 8:
        return i64(this.dv, o);
      case 4:
        return this.dv.getInt32(o, true);
      case 2:
        return this.dv.getInt16(o, true);
      case 1:
        return this.dv.getInt8(o);
      default:
        return 0;
    }
  }

  /** An unsigned integer parameter of any width; 0 when absent. */
  uint(i: number): number {
    if (i >= this.nparams) return 0;
    const o = this.paramOff[i];
    switch (this.paramLen[i]) {
      case 8:
        return u64(this.dv, o);
      case 4:
        return this.dv.getUint32(o, true);
      case 2:
        return this.dv.getUint16(o, true);
      case 1:
        return this.buf[o];
      default:
        return 0;
    }
  }

  /** A 64-bit parameter as an exact bigint (ABSTIME, large UINT64 values); 0n when absent or shorter. */
  big(i: number, signed = false): bigint {
    if (i >= this.nparams || this.paramLen[i] < 8) return 0n;
    return signed ? this.dv.getBigInt64(this.paramOff[i], true) : this.dv.getBigUint64(this.paramOff[i], true);
  }

  /** A string parameter (CHARBUF, FSPATH…): the bytes up to the first NUL; '' when absent. */
  str(i: number): string {
    if (i >= this.nparams) return '';
    const o = this.paramOff[i];
    return cstring(this.buf, o, o + this.paramLen[i]);
  }

  /** A NUL-separated list parameter (execve args, env, cgroups). */
  list(i: number): string[] {
    if (i >= this.nparams) return [];
    const o = this.paramOff[i];
    return nulList(this.buf, o, o + this.paramLen[i]);
  }

  /** Whether list(i) would equal `list` (ASCII entries compared in place; anything else answers false). */
  listEquals(i: number, list: readonly string[]): boolean {
    if (i >= this.nparams) return list.length === 0;
    const o = this.paramOff[i];
    return nulListEquals(this.buf, o, o + this.paramLen[i], list);
  }

  /** The raw bytes of parameter i (a view, valid only during this event). */
  bytes(i: number): Uint8Array {
    if (i >= this.nparams) return EMPTY;
    const o = this.paramOff[i];
    return this.buf.subarray(o, o + this.paramLen[i]);
  }

  /** Byte j of parameter i (0 beyond its end). */
  byteAt(i: number, j: number): number {
    if (i >= this.nparams || j >= this.paramLen[i]) return 0;
    return this.buf[this.paramOff[i] + j];
  }
}
