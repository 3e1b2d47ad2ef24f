// --dry-run: load the configuration and the rules, report problems, exit (0 when everything loaded).
import { loadConfiguredRules } from '../../app/rules.ts';
import { loadCliConfig } from '../load-config.ts';
import type { CliOptions } from '../options.ts';

export function runDryRun(opts: CliOptions): number {
  const config = loadCliConfig(opts);
  if (config === undefined) return 1;
  const res = loadConfiguredRules(config, opts);
  if (res === undefined) return 1;
  const n = res.ruleset?.enabled.length ?? 0;
  process.stderr.write(`peregrine: dry run: ${res.files.length} rules files loaded, ${n} rules enabled\n`);
  return 0;
}
