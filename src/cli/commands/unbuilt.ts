/** The answer for a flag whose action is not built yet: one sentence and exit 1, never a silent no-op. */
export function runUnbuilt(what: string): number {
  process.stderr.write(`peregrine: ${what} is not available in this build yet\n`);
  return 1;
}
