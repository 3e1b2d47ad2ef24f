import { ENGINE_VERSION, EVENT_SCHEMA_VERSION, PEREGRINE_VERSION } from '../../version.ts';
import type { CliOptions } from '../options.ts';

/** `--version`: the same lines Falco prints, with Peregrine's numbers. */
export function runVersion(_opts: CliOptions): number {
  process.stdout.write(
    `Peregrine version: ${PEREGRINE_VERSION}\n` +
      `Engine:         ${ENGINE_VERSION}\n` +
      `Event schema:   ${EVENT_SCHEMA_VERSION}\n` +
      `Node.js:        ${process.versions.node}\n`,
  );
  return 0;
}
