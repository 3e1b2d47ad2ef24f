// The configuration of -c and -o, for every action that reads one: the error line on stderr when it does not
// load (every problem, each with file:line:column).
import { type Config, isConfigError, loadConfig } from '../config/config.ts';
import type { CliOptions } from './options.ts';

export function loadCliConfig(opts: Pick<CliOptions, 'config' | 'overrides'>): Config | undefined {
  const cfg = loadConfig({
    ...(opts.config === undefined ? {} : { configFile: opts.config }),
    overrides: opts.overrides,
  });
  if (isConfigError(cfg)) {
    // one line per problem, each naming its file, line and column
    for (const line of cfg.error.split('\n')) process.stderr.write(`peregrine: ${line}\n`);
    return undefined;
  }
  return cfg;
}
