// What the CLI actions need to load rules: the field registry, the event-type map, and the load options
// built from the configuration and Falco's flags (-D, -t, -T, -p). Shared by -V, -L/-l, --dry-run and the
// detection actions.
import { EVENT_TABLE, eventCodesByName, PPM_EVENT_MAX } from '../capture/event-table.ts';
import type { Config } from '../config/config.ts';
import { syscallRegistry } from '../fields/registry.ts';
import type { FieldRegistry } from '../fields/types.ts';
import { AppendOutputPlan, suggestedFields, withStaticFields } from '../outputs/append-output.ts';
import type { EventLike } from '../rules/compile/fields.ts';
import type { EventTypeMap } from '../rules/evttypes.ts';
import { FileLoadResult, type RulesContents, resultAsText } from '../rules/load-result.ts';
import type { LoadRulesOptions } from '../rules/loader.ts';
import type { CliOptions } from './options.ts';

export const eventTypeMap: EventTypeMap = {
  maxCode: PPM_EVENT_MAX,
  codesByName: eventCodesByName,
  nameOf: (code) => EVENT_TABLE[code]?.name,
};

/**
 * The field registry of the syscall source. Its extractors read capture events (src/state/event.ts); actions that
 * only validate rules never call them, so any event type is acceptable to them.
 */
export function fieldRegistry<E extends EventLike>(): FieldRegistry<E> {
  return syscallRegistry as unknown as FieldRegistry<E>;
}

/** Falco's checks on -D/-T/-t and `rules:`; the error line, or undefined. */
export function selectionConflict(opts: CliOptions, config: Config): string | undefined {
  const disabling = opts.disableRulesMatching.length + opts.disableTags.length > 0;
  if (disabling && opts.enableTags.length > 0) {
    return 'Error: You can not specify both disabled (-D/-T) and enabled (-t) rules';
  }
  if ((disabling || opts.enableTags.length > 0) && config.rules.length > 0) {
    return 'Error: Specifying -D, -t, -T command line options together with "rules:" configuration or -o "rules..." is not supported.';
  }
  return undefined;
}

/** The print flag's extra output (-p), with Falco's -pc/-pk shorthands. */
function extraOutput(print: string | undefined): string | undefined {
  if (print === undefined) return undefined;
  if (print === 'c' || print === 'container') return 'container_id=%container.id container_name=%container.name';
  if (print === 'k' || print === 'kubernetes') {
    return 'k8s_ns=%k8s.ns.name k8s_pod=%k8s.pod.name container_id=%container.id container_name=%container.name';
  }
  return print;
}

export function loadOptions<E extends EventLike>(
  opts: CliOptions,
  config: Config,
  registry: FieldRegistry<E> = fieldRegistry<E>(),
): LoadRulesOptions<E> {
  const extra = extraOutput(opts.print);
  // falco.yaml static_fields (a `static.` field class) and append_output, decided per rule at load time.
  const withStatic = withStaticFields(registry, config.static_fields);
  const plan = new AppendOutputPlan(config.append_output, suggestedFields(withStatic));
  return {
    registry: withStatic,
    eventTypes: eventTypeMap,
    ruleMatching: config.rule_matching,
    minimumPriority: config.priority,
    disableSubstrings: opts.disableRulesMatching,
    disableTags: opts.disableTags,
    enableTags: opts.enableTags,
    selection: config.rules,
    ...(extra === undefined ? {} : { extraOutputFormat: extra }),
    ...(plan.empty ? {} : { appendOutput: (rule) => plan.forRule(rule) }),
  };
}

/** The verbose text of every file with a problem, as Falco prints load errors. */
export function problemsText(files: readonly FileLoadResult[], contents: RulesContents): string {
  return files
    .filter((f) => !f.successful || f.warnings.length > 0)
    .map((f) => resultAsText(f, contents))
    .join('\n');
}

export { FileLoadResult };
