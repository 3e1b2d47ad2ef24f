// `--list [SOURCE]`: every field Peregrine knows, as Falco lists them (-N names only, --format text|markdown|json).
import { formatFieldList } from '../../fields/listing.ts';
import { FIELD_SOURCES, syscallRegistry } from '../../fields/registry.ts';
import { listOutputFormat } from '../list-output-format.ts';
import type { CliOptions } from '../options.ts';

export function runListFields(opts: CliOptions): number {
  const chosen = listOutputFormat(opts);
  if ('error' in chosen) {
    process.stderr.write(`peregrine: ${chosen.error}\n`);
    return 1;
  }
  if (chosen.warning) process.stderr.write(`${chosen.warning}\n`);
  const source = opts.list === true || opts.list === undefined ? '' : opts.list;
  if (source !== '' && !FIELD_SOURCES.includes(source)) {
    process.stderr.write(
      `peregrine: Value for --list must be a valid source type: '${source}' is not one (sources: ${FIELD_SOURCES.join(', ')})\n`,
    );
    return 1;
  }
  process.stdout.write(
    formatFieldList(syscallRegistry.classes, {
      format: chosen.format,
      namesOnly: opts.namesOnly,
      verbose: opts.verbose,
      sources: ['syscall'],
    }),
  );
  return 0;
}
