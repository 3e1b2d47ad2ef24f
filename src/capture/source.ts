// Byte sources for the scap decoder: a capture file (raw or gzip, detected by its magic bytes) or any readable
// stream (the live sensor's pipe). Every source feeds a BlockReader chunk by chunk, so memory stays flat however
// large the capture: one read buffer, one gunzip window, and at most one block assembled across chunks.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
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

/**
 * Reads `path` to the end, pushing every chunk into `reader`. Stops at the first decoder error. I/O errors and
 * a gzip stream that ends early are reported as CaptureErrors too, with the offset reached.
 */
export async function feedFile(path: string, reader: BlockReader, opts: FeedOptions = {}): Promise<SourceResult> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    return { error: captureError(0, `cannot open: ${describeIoError(err)}`), gzip: false, bytes: 0 };
  }
  let size = 0;
  const magic = new Uint8Array(2);
  try {
    size = (await fh.stat()).size;
    const { bytesRead } = await fh.read(magic, 0, 2, 0);
    if (bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
      await fh.close();
      return await feedGzip(path, size, reader, opts);
    }
    return await feedRaw(fh, size, reader, opts);
  } catch (err) {
    return {
      error: captureError(reader.position, `read error: ${describeIoError(err)}`),
      gzip: false,
      bytes: reader.position,
    };
  } finally {
    await fh.close().catch(() => undefined);
  }
}

async function feedRaw(
  fh: Awaited<ReturnType<typeof open>>,
  size: number,
  reader: BlockReader,
  opts: FeedOptions,
): Promise<SourceResult> {
  // One buffer, reused: the reader copies the tail of a block that spans reads, never holds the chunk.
  const buf = new Uint8Array(READ_SIZE);
  let pos = 0;
  for (;;) {
    if (opts.shouldStop?.()) break;
    const { bytesRead } = await fh.read(buf, 0, READ_SIZE, pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
    const err = reader.push(bytesRead === READ_SIZE ? buf : buf.subarray(0, bytesRead));
    const waited = opts.afterChunk?.();
    if (waited !== undefined) await waited;
    if (err !== undefined) return { error: err, gzip: false, bytes: reader.position };
    opts.onProgress?.(size > 0 ? pos / size : 1);
  }
  const err = opts.shouldStop?.() ? undefined : reader.end();
  return { error: err, gzip: false, bytes: reader.position };
}

async function feedGzip(path: string, size: number, reader: BlockReader, opts: FeedOptions): Promise<SourceResult> {
  const file = createReadStream(path, { highWaterMark: READ_SIZE });
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
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
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
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
