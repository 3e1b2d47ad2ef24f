// --dry-run: load the configuration and the rules, report problems, exit (0 when everything loaded).
// loadConfiguredRules is what every action that runs rules uses to get a ruleset.
import type { Config } from '../../config/config.ts';
import type { FieldRegistry } from '../../fields/types.ts';
import type { EventLike } from '../../rules/compile/fields.ts';
import { type LoadRulesResult, loadRules } from '../../rules/loader.ts';
import type { CliOptions } from '../options.ts';
import { type DetectionLoadExtras, loadOptions, problemsText, selectionConflict } from '../rules-env.ts';
import { loadCliConfig } from './validate.ts';

/** Loads the rules files of -r or the configuration; prints problems to stderr; undefined on failure. */
export function loadConfiguredRules<E extends EventLike>(
  opts: CliOptions,
  config: Config,
  registry?: FieldRegistry<E>,
  extras?: DetectionLoadExtras,
): LoadRulesResult<E> | undefined {
  const conflict = selectionConflict(opts, config);
  if (conflict !== undefined) {
    process.stderr.write(`peregrine: ${conflict}\n`);
    return undefined;
  }
  const paths = opts.rules.length > 0 ? opts.rules : config.rules_files;
  if (paths.length === 0) {
    process.stderr.write(
      'peregrine: Error: You must specify at least one rules file/directory via -r or a rules_file entry in the configuration\n',
    );
    return undefined;
  }
  const res = loadRules<E>(paths, loadOptions<E>(opts, config, registry, extras));
  const problems = problemsText(res.files, res.contents);
  if (!res.successful) {
    if (problems.length > 0) process.stderr.write(`${problems}\n`);
    if (res.fatal !== undefined) process.stderr.write(`peregrine: Error: ${res.fatal}\n`);
    else process.stderr.write('peregrine: Error: the rules could not be loaded\n');
    return undefined;
  }
  if (problems.length > 0 && opts.verbose) process.stderr.write(`${problems}\n`);
  return res;
}

export function runDryRun(opts: CliOptions): number {
  const config = loadCliConfig(opts);
  if (config === undefined) return 1;
  const res = loadConfiguredRules(opts, config);
  if (res === undefined) return 1;
  const n = res.ruleset?.enabled.length ?? 0;
  process.stderr.write(`peregrine: dry run: ${res.files.length} rules files loaded, ${n} rules enabled\n`);
  return 0;
}
