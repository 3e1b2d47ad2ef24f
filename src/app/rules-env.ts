// What every action that loads rules needs: the field registry, the event-type map, and the load options
// built from the configuration and Falco's flags (-D, -t, -T, -p). Shared by -V, -L/-l, --dry-run and the
// detection actions.
import {
  EVENT_TABLE,
  eventCodesByName,
  PPM_EVENT_MAX,
  PPM_SC_MAX,
  PPM_SC_NAMES,
  PPME_GENERIC_E,
  PPME_GENERIC_X,
} from '../capture/event-table.ts';
import type { Config } from '../config/config.ts';
import { syscallRegistry } from '../fields/registry.ts';
import type { FieldRegistry } from '../fields/types.ts';
import { AppendOutputPlan, suggestedFields, withStaticFields } from '../outputs/append-output.ts';
import type { EventLike } from '../rules/compile/fields.ts';
import type { Expr } from '../rules/condition/ast.ts';
import type { DescribedPlugin } from '../rules/describe.ts';
import { type EventTypeMap, inferEventCodes } from '../rules/evttypes.ts';
import { FileLoadResult, type RulesContents, resultAsText } from '../rules/load-result.ts';
import type { LoadRulesOptions } from '../rules/loader.ts';
import { ALERT_CONTEXT_FIELDS } from '../store/context.ts';
import type { RunFlags } from './settings.ts';

// The container plugin's async events (Peregrine's container support stands in for the plugin): Falco with
// the plugin accepts `evt.type = container` / `container_removed` and selects the async event for them.
const CONTAINER_ASYNC_EVENTS: ReadonlySet<string> = new Set(['container', 'container_removed']);
const ASYNC_EVENT_CODE = eventCodesByName('asyncevent')[0];
const EVENT_NAMES: ReadonlySet<string> = new Set(EVENT_TABLE.map((e) => e.name));
const SYSCALL_NAMES: ReadonlySet<string> = new Set(PPM_SC_NAMES.filter((n) => n !== ''));
const GENERIC_CODES: readonly number[] = [PPME_GENERIC_E, PPME_GENERIC_X];

/**
 * evt.type names → event codes, as libsinsp's names_to_event_set: event names (the generic event's own name
 * `syscall` excepted), syscall names without an event of their own (the generic events; PPM_SC_UNKNOWN's name
 * `unknown` included), and async event names (the async event).
 */
function codesByName(name: string): readonly number[] {
  if (name === 'unknown') return GENERIC_CODES;
  const codes = eventCodesByName(name);
  if (CONTAINER_ASYNC_EVENTS.has(name) && ASYNC_EVENT_CODE !== undefined) {
    return [...codes, ASYNC_EVENT_CODE].sort((a, b) => a - b);
  }
  return codes;
}

const isGeneric = (code: number) => code === PPME_GENERIC_E || code === PPME_GENERIC_X;

/** libsinsp's event_names_to_sc_set for one name: the syscalls of its events, generic ones by their own name. */
function syscallsByName(name: string): readonly number[] {
  const out = new Set<number>();
  let generic = false;
  for (const c of codesByName(name)) {
    if (isGeneric(c)) generic = true;
    else for (const sc of EVENT_TABLE[c]?.ppmSc ?? []) out.add(sc);
  }
  if (generic) for (const sc of EVENT_TABLE[PPME_GENERIC_E].ppmSc) if (PPM_SC_NAMES[sc] === name) out.add(sc);
  return [...out];
}

/** The condition's syscall set, as libsinsp::filter::ast::ppm_sc_codes infers it. */
const syscallMap: EventTypeMap = { maxCode: PPM_SC_MAX, codesByName: syscallsByName };

/**
 * -L's `events` (Falco's get_json_evt_types): the names of the inferred events plus the async event, and the
 * names libsinsp's sc_set_to_event_names gives the inferred syscall set (events of those syscalls, and the
 * syscalls served by the generic event by their own names).
 */
function describeEvents(ast: Expr, codes: readonly number[]): string[] {
  const names = new Set<string>();
  for (const c of [...codes, ASYNC_EVENT_CODE]) {
    if (c === undefined || isGeneric(c)) continue;
    const n = EVENT_TABLE[c]?.name;
    if (n !== undefined) names.add(n);
  }
  let syscalls: number[];
  try {
    syscalls = inferEventCodes(ast, syscallMap);
  } catch {
    syscalls = [];
  }
  // all_sc_set leaves out PPM_SC_UNKNOWN and unnamed codes.
  const wanted = new Set(syscalls.filter((sc) => sc !== 0 && (PPM_SC_NAMES[sc] ?? '') !== ''));
  const covered = new Set<number>();
  for (let c = 0; c < PPM_EVENT_MAX; c++) {
    const info = EVENT_TABLE[c];
    if (isGeneric(c) || !info.ppmSc.some((sc) => wanted.has(sc))) continue;
    names.add(info.name);
    for (const sc of info.ppmSc) covered.add(sc);
  }
  for (const sc of wanted) if (!covered.has(sc)) names.add(PPM_SC_NAMES[sc]);
  return [...names];
}

export const eventTypeMap: EventTypeMap = {
  maxCode: PPM_EVENT_MAX,
  codesByName,
  nameOf: (code) => EVENT_TABLE[code]?.name,
  isKnownName: (name) => EVENT_NAMES.has(name) || SYSCALL_NAMES.has(name) || CONTAINER_ASYNC_EVENTS.has(name),
  nameVaries: (code) => code === ASYNC_EVENT_CODE,
  describeEvents,
};

/** The container plugin as -L reports it in `details.plugins`: its fields (container.*, k8s.*) and async events. */
export const DESCRIBED_PLUGINS: readonly DescribedPlugin[] = [
  {
    name: 'container',
    fields: new Set(syscallRegistry.classes.filter((c) => c.plugin).flatMap((c) => c.fields.map((f) => f.name))),
    asyncEvents: CONTAINER_ASYNC_EVENTS,
  },
];

/** The syscall source's registry (src/fields/registry.ts), typed for the engine's event. */
export function fieldRegistry<E extends EventLike>(): FieldRegistry<E> {
  return syscallRegistry as unknown as FieldRegistry<E>;
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

/** What a detection run adds to the rules' load options beyond the flags and the configuration. */
export interface DetectionLoadExtras {
  /** Alerts carry the alert store's context (src/store/context.ts): true when the run stores alerts. */
  readonly alertContext?: boolean;
}

export function loadOptions<E extends EventLike>(
  opts: Pick<RunFlags, 'print' | 'disableRulesMatching' | 'disableTags' | 'enableTags'>,
  config: Config,
  baseRegistry: FieldRegistry<E> = fieldRegistry<E>(),
  extras: DetectionLoadExtras = {},
): LoadRulesOptions<E> {
  const extra = extraOutput(opts.print);
  // falco.yaml static_fields (a `static.` field class) and append_output, decided per rule at load time.
  const registry = withStaticFields(baseRegistry, config.static_fields);
  const plan = new AppendOutputPlan(config.append_output, suggestedFields(registry));
  return {
    registry,
    eventTypes: eventTypeMap,
    ruleMatching: config.rule_matching,
    minimumPriority: config.priority,
    disableSubstrings: opts.disableRulesMatching,
    disableTags: opts.disableTags,
    enableTags: opts.enableTags,
    selection: config.rules,
    ...(extra === undefined ? {} : { extraOutputFormat: extra }),
    ...(plan.empty ? {} : { appendOutput: (rule) => plan.forRule(rule) }),
    ...(extras.alertContext === true ? { alertContextFields: ALERT_CONTEXT_FIELDS } : {}),
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
