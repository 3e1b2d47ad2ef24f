// Errors of the capture reader are values: what went wrong and the byte offset where it was noticed. The CLI
// turns one into a single line (`FILE: byte N: message`); nothing in src/capture throws past its boundary.

export interface CaptureError {
  /** Byte offset in the (decompressed) scap stream where the problem starts. */
  readonly offset: number;
  readonly message: string;
  /** Set when the offset counts bytes after gunzip, so the line can say so. */
  readonly decompressed?: boolean;
}

export function captureError(offset: number, message: string): CaptureError {
  return { offset, message };
}

/** `trace.scap: byte 1234: block length 7 is not a multiple of 4` — the one line the CLI prints. */
export function formatCaptureError(file: string, err: CaptureError): string {
  const where = err.decompressed ? `byte ${err.offset} (after gunzip)` : `byte ${err.offset}`;
  return `${file}: ${where}: ${err.message}`;
}
