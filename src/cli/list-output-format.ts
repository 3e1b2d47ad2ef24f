// The output format of --list and --list-events: Falco's --format, and its deprecated --markdown.
import type { ListFormat } from '../fields/listing.ts';
import type { CliOptions } from './options.ts';

/** The chosen format, a warning to print (deprecated flag), or the error Falco gives for both flags at once. */
export function listOutputFormat(
  opts: Pick<CliOptions, 'format' | 'markdown'>,
): { format: ListFormat; warning?: string } | { error: string } {
  if (opts.markdown && opts.format !== undefined) {
    return { error: 'Cannot specify both --markdown and --format options together' };
  }
  if (opts.format !== undefined) return { format: opts.format };
  if (opts.markdown) {
    return { format: 'markdown', warning: 'WARNING: --markdown is deprecated, use --format markdown instead.' };
  }
  return { format: 'text' };
}
