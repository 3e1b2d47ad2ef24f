// -L (describe every rule) and -l RULE (one rule): load the configured rules (-r replaces rules_files),
// then print Falco's description: JSON with json_output, else the name/description table.
import { loadConfiguredRules } from '../../app/rules.ts';
import { DESCRIBED_PLUGINS, eventTypeMap } from '../../app/rules-env.ts';
import { describeRules, describeRulesText } from '../../rules/describe.ts';
import { loadCliConfig } from '../load-config.ts';
import type { CliOptions } from '../options.ts';

export function runDescribe(opts: CliOptions): number {
  const config = loadCliConfig(opts);
  if (config === undefined) return 1;
  const res = loadConfiguredRules(config, opts);
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
