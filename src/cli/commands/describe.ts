// -L (describe every rule) and -l RULE (one rule): load the configured rules (-r replaces rules_files),
// then print Falco's description: JSON with json_output, else the name/description table.
import { describeRules, describeRulesText } from '../../rules/describe.ts';
import type { CliOptions } from '../options.ts';
import { DESCRIBED_PLUGINS, eventTypeMap } from '../rules-env.ts';
import { loadConfiguredRules } from './dry-run.ts';
import { loadCliConfig } from './validate.ts';

export function runDescribe(opts: CliOptions): number {
  const config = loadCliConfig(opts);
  if (config === undefined) return 1;
  const res = loadConfiguredRules(opts, config);
  if (res === undefined) return 1;
  let described: unknown;
  try {
    described = describeRules(res, eventTypeMap, opts.describeRule, DESCRIBED_PLUGINS);
  } catch (err) {
    process.stderr.write(`peregrine: ${(err as Error).message}\n`);
    return 1;
  }
  if (config.json_output) process.stdout.write(`${JSON.stringify(described)}\n`);
  else process.stdout.write(describeRulesText(described as never));
  return 0;
}
