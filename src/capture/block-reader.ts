// Splits a stream of byte chunks into scap blocks, whatever the chunk boundaries: a file read in large pieces,
// a gunzip stream, or the live sensor's pipe all arrive as arbitrary chunks.
//
// Block framing (pcapng style, little-endian; ../shared/docs/scap-format.md §1):
//
//   0        4                   8                         total-4        total
//   ┌────────┬───────────────────┬──────────── … ──────────┬──────────────┐
//   │ type   │ total (u32)       │ body, zero-padded to 4  │ total again  │
//   └────────┴───────────────────┴──────────── … ──────────┴──────────────┘
//
// Common case: a block lies entirely inside one chunk and reaches the sink as (chunk, offset) with no copy.
// Only a block that spans chunks is assembled, once, into its own buffer. A block's bytes are never buffered
// beyond what has arrived, so a hostile length costs at most the bytes actually present, capped by the
// per-kind limits below.

import {
  EVK_LARGE,
  eventBlockKind,
  eventCodeOffset,
  MAX_BLOCK_SIZE,
  MAX_LARGE_EVENT_BLOCK,
  READER_BUF_SIZE,
  SHB,
} from './blocks.ts';
import { type CaptureError, captureError } from './errors.ts';

export interface BlockSink {
  /**
   * One complete block: `buf[start .. start+total)`, `dv` a DataView over all of `buf`, `offset` the block's
   * position in the stream. The bytes are valid only during the call. Return an error to stop reading.
   */
  block(
    type: number,
    buf: Uint8Array,
    dv: DataView,
    start: number,
    total: number,
    offset: number,
  ): CaptureError | undefined;
}

const EMPTY = new Uint8Array(0);
/** Blocks up to this size pass every per-kind length limit (a non-large event block may be 65536 + 8). */
const SMALL_BLOCK = READER_BUF_SIZE + 8;

export class BlockReader {
  private readonly sink: BlockSink;
  /** Stream offset of the first byte of the next chunk. */
  private offset = 0;
  /** A block that spans chunks: its pieces, their total length, and the block's size once known (−1 before). */
  private pending: Uint8Array[] = [];
  private pendingLen = 0;
  private pendingTotal = -1;
  private pendingStart = 0;
  private failed: CaptureError | undefined = undefined;
  private blocks = 0;
  /** Event codes to deliver (1) or only count (0); null: every block reaches the sink (skipEvents). */
  private relevant: Uint8Array | null = null;
  private counter: { events: number } = { events: 0 };

  constructor(sink: BlockSink) {
    this.sink = sink;
  }

  /**
   * From now on, event blocks whose code is 0 in `relevant` are counted in `counter.events` and not delivered:
   * the cheapest skip there is, inside the framing loop. null: deliver everything. The sink (ScapReader) makes
   * the same decision for blocks that span chunks.
   */
  skipEvents(relevant: Uint8Array | null, counter: { events: number }): void {
    this.relevant = relevant;
    this.counter = counter;
  }

  /** Bytes consumed so far (the stream offset of the next byte). */
  get position(): number {
    return this.offset;
  }

  /** Feeds one chunk. Returns the first error met; after an error every call returns it again. */
  push(chunk: Uint8Array): CaptureError | undefined {
    if (this.failed !== undefined) return this.failed;
    const base = this.offset;
    let pos = 0;
    if (this.pendingLen > 0) {
      pos = this.fillPending(chunk);
      if (this.failed !== undefined) return this.failed;
      if (this.pendingLen > 0) {
        this.offset = base + chunk.length;
        return undefined;
      }
    }
    const len = chunk.length;
    const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    pos = this.scan(chunk, dv, pos, base);
    if (pos < 0) return this.failed;
    if (pos < len) {
      // The rest of the chunk starts a block that continues in the next chunk. Copied, so that a source
      // may reuse its read buffer once push() returns.
      this.pending.push(chunk.slice(pos));
      this.pendingStart = base + pos;
      this.pendingLen = len - pos;
      this.pendingTotal = this.pendingLen >= 8 ? dv.getUint32(pos + 4, true) : -1;
    }
    this.offset = base + len;
    return undefined;
  }

  /**
   * Delivers every complete block of `chunk` from `pos`; returns where the incomplete rest starts, or −1 after an
   * error (kept in `failed`). A function of its own so that V8 optimizes it as a whole: as a loop inside push()
   * it was compiled on-stack mid-loop and thrown away at the loop's exit on every chunk (bench/replay.ts).
   */
  private scan(chunk: Uint8Array, dv: DataView, pos: number, base: number): number {
    const len = chunk.length;
    while (len - pos >= 8) {
      const type = dv.getUint32(pos, true);
      const total = dv.getUint32(pos + 4, true);
      // Fast path: a well-formed length that no kind of block exceeds needs no per-kind check.
      if (total < 12 || (total & 3) !== 0 || total > SMALL_BLOCK || this.blocks === 0) {
        const err = this.checkLength(type, total, base + pos);
        if (err !== undefined) {
          this.fail(err);
          return -1;
        }
      }
      if (total > len - pos) return pos;
      const trailer = dv.getUint32(pos + total - 4, true);
      if (trailer !== total) {
        this.fail(captureError(base + pos, `block trailer ${trailer} differs from block length ${total}`));
        return -1;
      }
      const relevant = this.relevant;
      if (relevant !== null) {
        const at = eventCodeOffset(type);
        if (at !== 0 && at + 6 <= total) {
          const code = chunk[pos + at] | (chunk[pos + at + 1] << 8);
          if (code < relevant.length && relevant[code] === 0) {
            this.counter.events++;
            this.blocks++;
            pos += total;
            continue;
          }
        }
      }
      const sinkErr = this.sink.block(type, chunk, dv, pos, total, base + pos);
      this.blocks++;
      if (sinkErr !== undefined) {
        this.fail(sinkErr);
        return -1;
      }
      pos += total;
    }
    return pos;
  }

  /** Signals the end of the stream: a partial block left over means the file is truncated. */
  end(): CaptureError | undefined {
    if (this.failed !== undefined) return this.failed;
    if (this.pendingLen > 0) {
      const at = this.pendingStart;
      const what = this.pendingTotal >= 0 ? `a block of ${this.pendingTotal} bytes` : 'a block header';
      return this.fail(
        captureError(at, `file ends inside ${what} (${this.pendingLen} bytes present): truncated capture`),
      );
    }
    if (this.blocks === 0) return this.fail(captureError(0, 'empty file: no section header block'));
    return undefined;
  }

  /** Completes the pending block from the head of `chunk`; returns how many bytes of `chunk` it used. */
  private fillPending(chunk: Uint8Array): number {
    let used = 0;
    if (this.pendingTotal < 0) {
      // The 8-byte header itself was split: gather it first.
      const need = Math.min(8 - this.pendingLen, chunk.length);
      this.pending.push(chunk.slice(0, need));
      this.pendingLen += need;
      used = need;
      if (this.pendingLen < 8) return used;
      const head = concat(this.pending, 8);
      this.pending = [head];
      const hdv = new DataView(head.buffer, head.byteOffset, 8);
      const type = hdv.getUint32(0, true);
      this.pendingTotal = hdv.getUint32(4, true);
      const err = this.checkLength(type, this.pendingTotal, this.pendingStart);
      if (err !== undefined) {
        this.fail(err);
        return used;
      }
    }
    const take = Math.min(this.pendingTotal - this.pendingLen, chunk.length - used);
    if (take > 0) {
      const complete = this.pendingLen + take === this.pendingTotal;
      // The final piece is consumed before push() returns, so it needs no copy.
      this.pending.push(complete ? chunk.subarray(used, used + take) : chunk.slice(used, used + take));
      this.pendingLen += take;
      used += take;
    }
    if (this.pendingLen < this.pendingTotal) return used;
    const block = concat(this.pending, this.pendingTotal);
    const at = this.pendingStart;
    this.pending = [];
    this.pendingLen = 0;
    this.pendingTotal = -1;
    const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
    const type = dv.getUint32(0, true);
    const total = block.length;
    const trailer = dv.getUint32(total - 4, true);
    if (trailer !== total) {
      this.fail(captureError(at, `block trailer ${trailer} differs from block length ${total}`));
      return used;
    }
    const sinkErr = this.sink.block(type, block, dv, 0, total, at);
    this.blocks++;
    if (sinkErr !== undefined) this.fail(sinkErr);
    return used;
  }

  private checkLength(type: number, total: number, at: number): CaptureError | undefined {
    if (this.blocks === 0 && type !== SHB) {
      return captureError(
        at,
        `not a scap capture: it does not start with a section header block (found 0x${type.toString(16).padStart(8, '0')}, expected 0x0a0d0d0a)`,
      );
    }
    if (total < 12) return captureError(at, `block length ${total} is shorter than a block's 12-byte frame`);
    if (total % 4 !== 0) return captureError(at, `block length ${total} is not a multiple of 4`);
    const kind = eventBlockKind(type);
    if (kind !== 0 && (kind & EVK_LARGE) === 0) {
      if (total - 8 > READER_BUF_SIZE) {
        return captureError(
          at,
          `event block length ${total} exceeds the ${READER_BUF_SIZE}-byte limit of non-large event blocks`,
        );
      }
    } else if (kind !== 0 && total > MAX_LARGE_EVENT_BLOCK) {
      return captureError(at, `large event block length ${total} exceeds the ${MAX_LARGE_EVENT_BLOCK}-byte limit`);
    } else if (total > MAX_BLOCK_SIZE) {
      return captureError(at, `block length ${total} exceeds the ${MAX_BLOCK_SIZE}-byte limit`);
    }
    return undefined;
  }

  private fail(err: CaptureError): CaptureError {
    this.failed = err;
    this.pending = [];
    this.pendingLen = 0;
    return err;
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0].length === total) return parts[0];
  const out = total === 0 ? EMPTY : new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p.subarray(0, total - at), at);
    at += Math.min(p.length, total - at);
    if (at >= total) break;
  }
  return out;
}
