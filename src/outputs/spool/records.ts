// The spool's on-disk layout: segment files of length-prefixed, checksummed records, and the cursor file that
// says how far the records were acknowledged.
//
//   record   u32 LE payload length | u32 LE CRC-32 of (seq bytes, payload) | u32 LE seq low | u32 LE seq high | payload
//   segment  records back to back; named after its first record's sequence number (<16 digits>.seg)
//   cursor   u32 LE acked seq low | u32 LE acked seq high | u32 LE head segment's first seq low | … high |
//            u32 LE offset in the head segment after the last acknowledged record | u32 LE CRC-32 of the 20 bytes
//
// The checksum finds a torn tail (a crash in the middle of a write) and a damaged block, so neither is ever
// published as an alert. Sequence numbers are the alerts' identities (the NATS message id is built from them):
// they are written into each record so they survive restarts unchanged.
// node:zlib (for its crc32) is loaded by the runs that spool alerts, not by every start.
let zlibCrc32: ((data: Uint8Array, value?: number) => number) | undefined;
const crc32 = (data: Uint8Array, value?: number): number => {
  zlibCrc32 ??= process.getBuiltinModule('node:zlib').crc32;
  return zlibCrc32(data, value);
};

export const RECORD_HEADER_BYTES = 16;
export const CURSOR_BYTES = 24;
/** A record's payload is one alert's JSON; a megabyte is NATS's default max_payload. Larger means damage. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

const TWO_32 = 2 ** 32;

function putU53(buf: Buffer, value: number, at: number): void {
  buf.writeUInt32LE(value % TWO_32, at);
  buf.writeUInt32LE(Math.floor(value / TWO_32), at + 4);
}

function getU53(buf: Uint8Array, at: number): number {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return b.readUInt32LE(at) + b.readUInt32LE(at + 4) * TWO_32;
}

/** The sequence number of the record at `at` (its header only; not checked). */
export function getSeq(buf: Buffer, at: number): number {
  return getU53(buf, at + 8);
}

/** The record header for `payload` with sequence number `seq`; written in front of the payload. */
export function recordHeader(seq: number, payload: Uint8Array): Buffer {
  const h = Buffer.allocUnsafe(RECORD_HEADER_BYTES);
  h.writeUInt32LE(payload.byteLength, 0);
  putU53(h, seq, 8);
  h.writeUInt32LE(crc32(payload, crc32(h.subarray(8, 16))), 4);
  return h;
}

export type RecordRead =
  | { readonly kind: 'record'; readonly seq: number; readonly payload: Buffer; readonly size: number }
  /** Not enough bytes in `buf` for the whole record: read more (or, at a file's end, a torn tail). */
  | { readonly kind: 'short'; readonly need: number }
  | { readonly kind: 'bad'; readonly reason: string };

/** Reads the record at `at` in `buf`. The payload is a view into `buf`: copy it if `buf` is reused. */
export function readRecord(buf: Buffer, at: number, end: number): RecordRead {
  if (end - at < RECORD_HEADER_BYTES) return { kind: 'short', need: RECORD_HEADER_BYTES };
  const len = buf.readUInt32LE(at);
  if (len > MAX_PAYLOAD_BYTES) return { kind: 'bad', reason: `record length ${len} is not plausible` };
  const size = RECORD_HEADER_BYTES + len;
  if (end - at < size) return { kind: 'short', need: size };
  const payload = buf.subarray(at + RECORD_HEADER_BYTES, at + size);
  const crc = crc32(payload, crc32(buf.subarray(at + 8, at + 16)));
  if (crc !== buf.readUInt32LE(at + 4)) return { kind: 'bad', reason: 'checksum mismatch' };
  return { kind: 'record', seq: getU53(buf, at + 8), payload, size };
}

/**
 * After a damaged record: the offset of the next good record in `buf[from, end)` whose sequence number lies in
 * [minSeq, maxSeq], or -1. Every offset is tried (a damaged length says nothing about where the next record
 * starts); the sequence range and the length are checked before the checksum, so garbage costs little.
 */
export function findRecord(buf: Buffer, from: number, end: number, minSeq: number, maxSeq: number): number {
  for (let p = from; p + RECORD_HEADER_BYTES <= end; p++) {
    const len = buf.readUInt32LE(p);
    if (len > MAX_PAYLOAD_BYTES || p + RECORD_HEADER_BYTES + len > end) continue;
    const seq = getU53(buf, p + 8);
    if (seq < minSeq || seq > maxSeq) continue;
    if (readRecord(buf, p, end).kind === 'record') return p;
  }
  return -1;
}

export interface Cursor {
  /** Every record up to this sequence number was acknowledged. */
  readonly acked: number;
  /** First sequence number of the segment holding the record after `acked`. */
  readonly headFirstSeq: number;
  /** Byte offset in that segment where the record after `acked` starts. */
  readonly headOffset: number;
}

export function encodeCursor(c: Cursor): Buffer {
  const b = Buffer.alloc(CURSOR_BYTES);
  putU53(b, c.acked, 0);
  putU53(b, c.headFirstSeq, 8);
  b.writeUInt32LE(c.headOffset, 16);
  b.writeUInt32LE(crc32(b.subarray(0, 20)), 20);
  return b;
}

/** The cursor in `b`, or undefined when it is missing, short or damaged. */
export function decodeCursor(b: Buffer): Cursor | undefined {
  if (b.length < CURSOR_BYTES) return undefined;
  if (crc32(b.subarray(0, 20)) !== b.readUInt32LE(20)) return undefined;
  return { acked: getU53(b, 0), headFirstSeq: getU53(b, 8), headOffset: b.readUInt32LE(16) };
}

export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(16, '0')}.seg`;
}

/** The first sequence number a segment file name stands for, or undefined for any other file. */
export function segmentFirstSeq(name: string): number | undefined {
  const m = /^(\d{16})\.seg$/.exec(name);
  return m === null ? undefined : Number(m[1]);
}
