// -V FILE (repeatable): validate rules files and exit, as Falco's validate_rules_files action. Every file is
// loaded in order into one engine and each gets its own result. With json_output, stdout is one line
// `{"falco_load_results": [...]}` (plus `falco_describe_results` with -L); otherwise a summary per file,
// the full errors of invalid files, and warnings on stderr. Exit 0 when every file is valid.

import { DESCRIBED_PLUGINS, eventTypeMap, loadOptions } from '../../app/rules-env.ts';
import { describeRules, describeRulesText } from '../../rules/describe.ts';
import { resultAsJson, resultAsText } from '../../rules/load-result.ts';
import { loadRules } from '../../rules/loader.ts';
import { expandRulesPaths, noRulesFilesMessage } from '../../rules/paths.ts';
import { loadCliConfig } from '../load-config.ts';
import type { CliOptions } from '../options.ts';

interface Ev {
  type: number;
  num: number;
}

export function runValidate(opts: CliOptions): number {
  const config = loadCliConfig(opts);
  if (config === undefined) return 1;
  const expanded = expandRulesPaths(opts.validate);
  if (expanded.files.length === 0) {
    process.stderr.write(`peregrine: Error: ${noRulesFilesMessage(opts.validate)}\n`);
    return 1;
  }
  const files = expanded.files;
  const res = loadRules<Ev>(files, { ...loadOptions<Ev>(opts, config), validate: true });
  const successful = res.successful;
  let described: unknown;
  if (successful && (opts.describeAll || opts.describeRule !== undefined)) {
    try {
      described = describeRules(res, eventTypeMap, opts.describeRule, DESCRIBED_PLUGINS);
    } catch (err) {
      process.stderr.write(`peregrine: ${(err as Error).message}\n`);
      return 1;
    }
  }
  if (config.json_output) {
    const out: Record<string, unknown> = {};
    if (described !== undefined) out.falco_describe_results = described;
    out.falco_load_results = res.files.map((f) => resultAsJson(f, res.contents));
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    const summary = res.files
      .map((f) => {
        if (!f.successful || f.warnings.length === 0) return resultAsText(f, res.contents).replace(/\n$/, '');
        process.stderr.write(resultAsText(f, res.contents));
        return `${f.name}: Ok, with warnings`;
      })
      .join('\n');
    process.stdout.write(`${summary}\n`);
    if (described !== undefined) process.stdout.write(`\n${describeRulesText(described as never)}`);
  }
  if (res.fatal !== undefined) {
    process.stderr.write(`peregrine: Error: ${res.fatal}\n`);
    return 1;
  }
  if (!successful) {
    const bad = res.files.filter((f) => !f.successful).length;
    process.stderr.write(`peregrine: ${bad} of ${res.files.length} rules files ${bad === 1 ? 'is' : 'are'} invalid\n`);
    return 1;
  }
  return 0;
}
