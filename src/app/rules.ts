// Loading the rules a run uses, for start-up (problems printed as Falco prints them) and for reloads (one line
// for the hot-restart-failure alert). Also used by --dry-run and -L/-l.
import type { Config } from '../config/config.ts';
import type { FieldRegistry } from '../fields/types.ts';
import type { FileDigest } from '../metrics/metrics.ts';
import type { EventLike } from '../rules/compile/fields.ts';
import { type LoadRulesResult, loadRules } from '../rules/loader.ts';
import type { Ruleset } from '../rules/ruleset.ts';
import { TextDigest } from '../text/text-digest.ts';
import { type DetectionLoadExtras, loadOptions, problemsText } from './rules-env.ts';
import { type RunFlags, resolveRules, selectionConflict } from './settings.ts';

export interface LoadedRules<E extends EventLike> {
  readonly result: LoadRulesResult<E>;
  readonly ruleset: Ruleset<E>;
  /** SHA-256 of each rules file, for /metrics and --support. */
  readonly digests: readonly FileDigest[];
}

/** Loads `files` with the flags and configuration of the run. Never throws for bad rules. */
export function loadRunRules<E extends EventLike>(
  files: readonly string[],
  flags: RunFlags,
  config: Config,
  registry?: FieldRegistry<E>,
  extras: DetectionLoadExtras = {},
): LoadedRules<E> | { readonly result: LoadRulesResult<E>; readonly ruleset?: undefined } {
  const result = loadRules<E>(files, loadOptions<E>(flags, config, registry, extras));
  if (!result.successful || result.ruleset === undefined) return { result };
  return { result, ruleset: result.ruleset, digests: rulesDigests(result.contents) };
}

/**
 * What start-up prints when rules did not load: every file's problems in Falco's verbose form, then one
 * `Error:` line. With `verbose`, the warnings of files that did load too. Empty when there is nothing to say.
 */
export function rulesProblemsText<E extends EventLike>(res: LoadRulesResult<E>, verbose: boolean): string {
  const problems = problemsText(res.files, res.contents);
  if (res.successful) return problems.length > 0 && verbose ? `${problems}\n` : '';
  let out = problems.length > 0 ? `${problems}\n` : '';
  out += `peregrine: Error: ${rulesErrorLine(res)}\n`;
  return out;
}

/** One line for the first problem that stopped the rules from loading, with file:line:column. */
export function rulesErrorLine<E extends EventLike>(res: LoadRulesResult<E>): string {
  if (res.fatal !== undefined) return res.fatal;
  for (const f of res.files) {
    const e = f.errors[0];
    if (e === undefined) continue;
    const locs = (e.context as unknown as { locations?: { file: string; line: number; column: number }[] }).locations;
    const at = locs !== undefined && locs.length > 0 ? locs[locs.length - 1] : undefined;
    return `${at === undefined ? f.name : `${at.file}:${at.line}:${at.column}`}: ${e.code}: ${e.message}`;
  }
  return 'the rules could not be loaded';
}

/** SHA-256 of each rules file (hashed when first read: /metrics). */
export function rulesDigests(contents: ReadonlyMap<string, string>): FileDigest[] {
  return [...contents].map(([path, text]) => new TextDigest(path, text));
}

/**
 * The rules of the configuration and flags (-r replaces rules_files; -D/-t/-T/-p apply), for the actions that
 * load rules without detecting (--dry-run, -L, -l). Problems go to stderr as at start-up; undefined when the
 * rules did not load.
 */
export function loadConfiguredRules<E extends EventLike>(
  config: Config,
  flags: RunFlags,
  registry?: FieldRegistry<E>,
): LoadRulesResult<E> | undefined {
  const conflict = selectionConflict(flags, config);
  const rules = conflict === undefined ? resolveRules(config, flags) : { error: conflict };
  if ('error' in rules) {
    process.stderr.write(`peregrine: Error: ${rules.error}\n`);
    return undefined;
  }
  const { result } = loadRunRules<E>(rules.files, flags, config, registry);
  process.stderr.write(rulesProblemsText(result, flags.verbose));
  return result.successful ? result : undefined;
}
