// `--version`: the same lines Falco prints, with Peregrine's numbers; with json_output (from -c or -o), the JSON
// object /versions answers, as Falco prints it.
import { versionsInfo } from '../../server/versions.ts';
import { ENGINE_VERSION, EVENT_SCHEMA_VERSION, FALCO_COMPAT_VERSION, PEREGRINE_VERSION } from '../../version.ts';
import { loadCliConfig } from '../load-config.ts';
import type { CliOptions } from '../options.ts';

export function runVersion(opts: CliOptions): number {
  // Falco loads its configuration before it prints its version, and answers in JSON when json_output is set.
  const cfg = loadCliConfig(opts);
  if (cfg === undefined) return 1;
  if (cfg.json_output) {
    process.stdout.write(`${JSON.stringify(versionsInfo())}\n`);
    return 0;
  }
  process.stdout.write(
    `Peregrine version: ${PEREGRINE_VERSION}\n` +
      `Falco compatible: ${FALCO_COMPAT_VERSION}\n` +
      `Engine:         ${ENGINE_VERSION}\n` +
      `Event schema:   ${EVENT_SCHEMA_VERSION}\n` +
      `Node.js:        ${process.versions.node}\n`,
  );
  return 0;
}
