// Byte sources for the scap decoder: a capture file (raw or gzip, detected by its magic bytes) or any readable
// stream (the live sensor's pipe). Every source feeds a BlockReader chunk by chunk, so memory stays flat however
// large the capture: two read buffers, one gunzip window, and at most one block assembled across chunks.

import { close, createReadStream, fstat, open, read } from 'node:fs';
import { Readable } from 'node:stream';
import type { BlockReader } from './block-reader.ts';
import { type CaptureError, captureError } from './errors.ts';

/** Raw reads: large enough that per-read overhead vanishes, small enough to stay in cache. */
const READ_SIZE = 1 << 20;
/** gunzip output chunk size (zlib's default of 16 KiB costs one async hop per 16 KiB). */
const GUNZIP_CHUNK = 256 * 1024;

export interface SourceResult {
  readonly error?: CaptureError;
  /** Whether the file was gzip-compressed (then error offsets count decompressed bytes). */
  readonly gzip: boolean;
  /** Bytes of the scap stream read (after gunzip). */
  readonly bytes: number;
}

/** Options for feeding a file. `onProgress` receives the fraction of the file (compressed) consumed so far. */
export interface FeedOptions {
  readonly onProgress?: (fraction: number) => void;
  /** Stop early (for -M or a signal); checked between chunks. */
  readonly shouldStop?: () => boolean;
  /**
   * Called after each chunk has been decoded, before the next is read: the place to flush what the chunk
   * produced (alerts) and to wait for a slow consumer, which also pauses reading (backpressure).
   */
  readonly afterChunk?: () => Promise<void> | undefined;
}

// The callback API of node:fs, as promises that never reject (an error is the value): node:fs/promises is ~10
// internal modules more to load at start, and a read started ahead (feedRaw) must not reject unobserved.
const openFile = (path: string): Promise<number | NodeJS.ErrnoException> =>
  new Promise((resolve) => open(path, 'r', (err, fd) => resolve(err ?? fd)));
const sizeOf = (fd: number): Promise<number | NodeJS.ErrnoException> =>
  new Promise((resolve) => fstat(fd, (err, st) => resolve(err ?? st.size)));
const readAt = (fd: number, buf: Uint8Array, pos: number): Promise<number | NodeJS.ErrnoException> =>
  new Promise((resolve) => read(fd, buf, 0, buf.length, pos, (err, n) => resolve(err ?? n)));
const closeFile = (fd: number): Promise<void> => new Promise((resolve) => close(fd, () => resolve()));

/**
 * Reads `path` to the end, pushing every chunk into `reader`. Stops at the first decoder error. I/O errors and
 * a gzip stream that ends early are reported as CaptureErrors too, with the offset reached.
 */
export async function feedFile(path: string, reader: BlockReader, opts: FeedOptions = {}): Promise<SourceResult> {
  const fd = await openFile(path);
  if (typeof fd !== 'number') {
    return { error: captureError(0, `cannot open: ${describeIoError(fd)}`), gzip: false, bytes: 0 };
  }
  try {
    const size = await sizeOf(fd);
    if (typeof size !== 'number') throw size;
    const magic = new Uint8Array(2);
    const n = await readAt(fd, magic, 0);
    if (typeof n !== 'number') throw n;
    if (n === 2 && magic[0] === 0x1f && magic[1] === 0x8b) return await feedGzip(path, size, reader, opts);
    return await feedRaw(fd, size, reader, opts);
  } catch (err) {
    return {
      error: captureError(reader.position, `read error: ${describeIoError(err)}`),
      gzip: false,
      bytes: reader.position,
    };
  } finally {
    await closeFile(fd);
  }
}

/**
 * Two buffers: the next read runs on libuv's thread pool while the current chunk is decoded (the reader copies
 * the tail of a block that spans chunks, never holds a chunk), so decoding never waits for the disk or the page
 * cache copy of the next MiB. The read started last is always awaited before returning: the file closes after.
 */
async function feedRaw(fd: number, size: number, reader: BlockReader, opts: FeedOptions): Promise<SourceResult> {
  let buf = new Uint8Array(READ_SIZE);
  let next = new Uint8Array(READ_SIZE);
  let pos = 0;
  let pending = opts.shouldStop?.() ? undefined : readAt(fd, buf, 0);
  try {
    while (pending !== undefined) {
      const n = await pending;
      pending = undefined;
      if (typeof n !== 'number') throw n;
      if (n === 0) break;
      pos += n;
      if (!opts.shouldStop?.()) pending = readAt(fd, next, pos);
      const err = reader.push(n === READ_SIZE ? buf : buf.subarray(0, n));
      const waited = opts.afterChunk?.();
      if (waited !== undefined) await waited;
      if (err !== undefined) return { error: err, gzip: false, bytes: reader.position };
      opts.onProgress?.(size > 0 ? pos / size : 1);
      // A stop asked for while this chunk was decoded: the chunk read ahead is dropped.
      if (opts.shouldStop?.()) break;
      const used = buf;
      buf = next;
      next = used;
    }
  } finally {
    if (pending !== undefined) await pending;
  }
  const err = opts.shouldStop?.() ? undefined : reader.end();
  return { error: err, gzip: false, bytes: reader.position };
}

async function feedGzip(path: string, size: number, reader: BlockReader, opts: FeedOptions): Promise<SourceResult> {
  const file = createReadStream(path, { highWaterMark: READ_SIZE });
  // node:zlib is loaded here, by the runs that read a compressed capture, not by every start.
  const gunzip = process.getBuiltinModule('node:zlib').createGunzip({ chunkSize: GUNZIP_CHUNK });
  file.pipe(gunzip);
  let decoderError: CaptureError | undefined;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const err = reader.push(chunk);
      const waited = opts.afterChunk?.();
      if (waited !== undefined) await waited;
      if (err !== undefined) {
        decoderError = err;
        break;
      }
      opts.onProgress?.(size > 0 ? file.bytesRead / size : 1);
      if (opts.shouldStop?.()) break;
    }
  } catch (err) {
    file.destroy();
    gunzip.destroy();
    return {
      error: { offset: reader.position, decompressed: true, message: gzipMessage(err) },
      gzip: true,
      bytes: reader.position,
    };
  }
  file.destroy();
  gunzip.destroy();
  if (decoderError !== undefined)
    return { error: { ...decoderError, decompressed: true }, gzip: true, bytes: reader.position };
  if (opts.shouldStop?.()) return { gzip: true, bytes: reader.position };
  const err = reader.end();
  return { error: err === undefined ? undefined : { ...err, decompressed: true }, gzip: true, bytes: reader.position };
}

/**
 * Feeds a stream of scap bytes (a pipe from the sensor, stdin, a FIFO given to -e). The stream yields Buffers or
 * Uint8Arrays. A stream that starts with the gzip magic is decompressed on the way, as a gzip file is: the
 * content decides, not the name. `shouldStop` and `afterChunk` work as for files.
 */
export async function feedStream(
  stream: Readable | AsyncIterable<Uint8Array>,
  reader: BlockReader,
  opts: Pick<FeedOptions, 'shouldStop' | 'afterChunk'> = {},
): Promise<SourceResult> {
  const source = (stream as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  // Enough bytes to see the magic (a pipe may deliver one byte at a time).
  const head: Uint8Array[] = [];
  let headBytes = 0;
  try {
    while (headBytes < 2) {
      const next = await source.next();
      if (next.done) break;
      head.push(next.value);
      headBytes += next.value.length;
    }
  } catch (err) {
    if (opts.shouldStop?.()) return { gzip: false, bytes: reader.position };
    return { error: captureError(0, `read error: ${describeIoError(err)}`), gzip: false, bytes: 0 };
  }
  const first = head.length === 1 ? head[0] : Buffer.concat(head);
  async function* all(): AsyncGenerator<Uint8Array> {
    if (first.length > 0) yield first;
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      yield next.value;
    }
  }
  if (first.length < 2 || first[0] !== 0x1f || first[1] !== 0x8b) return feedChunks(all(), reader, opts, false);
  const gunzip = process.getBuiltinModule('node:zlib').createGunzip({ chunkSize: GUNZIP_CHUNK });
  const compressed = Readable.from(all(), { objectMode: false });
  compressed.on('error', (err) => gunzip.destroy(err));
  compressed.pipe(gunzip);
  try {
    return await feedChunks(gunzip, reader, opts, true);
  } finally {
    compressed.destroy();
    gunzip.destroy();
  }
}

/** The decode loop over any chunks; errors are CaptureErrors (offsets count decompressed bytes when gzip). */
async function feedChunks(
  chunks: AsyncIterable<Uint8Array>,
  reader: BlockReader,
  opts: Pick<FeedOptions, 'shouldStop' | 'afterChunk'>,
  gzip: boolean,
): Promise<SourceResult> {
  const mark = (e: CaptureError | undefined): CaptureError | undefined =>
    e === undefined || !gzip ? e : { ...e, decompressed: true };
  try {
    for await (const chunk of chunks) {
      const err = reader.push(chunk);
      if (err !== undefined) return { error: mark(err), gzip, bytes: reader.position };
      const wait = opts.afterChunk?.();
      if (wait !== undefined) await wait;
      if (opts.shouldStop?.()) return { gzip, bytes: reader.position };
    }
  } catch (err) {
    // A stream destroyed because the run is stopping (SIGTERM) is not a read error.
    if (opts.shouldStop?.()) return { gzip, bytes: reader.position };
    const zlibError = gzip && /^Z_/.test((err as NodeJS.ErrnoException)?.code ?? '');
    return {
      error: zlibError
        ? { offset: reader.position, decompressed: true, message: gzipMessage(err) }
        : mark(captureError(reader.position, `read error: ${describeIoError(err)}`)),
      gzip,
      bytes: reader.position,
    };
  }
  return { error: mark(reader.end()), gzip, bytes: reader.position };
}

function gzipMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e?.message ?? ''))
    return 'gzip stream ends early: truncated capture';
  if (e?.code === 'Z_DATA_ERROR') return `corrupt gzip data: ${e.message}`;
  return `gzip error: ${e?.message ?? String(err)}`;
}

function describeIoError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file';
  if (e?.code === 'EACCES') return 'permission denied';
  if (e?.code === 'EISDIR') return 'is a directory';
  return e?.message ?? String(err);
}
