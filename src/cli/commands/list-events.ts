// `--list-events`: the event types Peregrine decodes, as Falco prints them (print_syscall_events.cpp and its
// event formatters): current events by category, then the syscalls reported through the generic event.
import {
  EF_OLD_VERSION,
  EF_UNUSED,
  EVENT_TABLE,
  type EventInfo,
  eventCodesForSyscall,
  eventSource,
  FALCO_IGNORED_SYSCALLS,
  type ParamInfo,
  type ParamTypeName,
  PPME_GENERIC_E,
  PPME_GENERIC_X,
  ppmScName,
} from '../../capture/event-table.ts';
import { EVENT_SCHEMA_VERSION } from '../../version.ts';
import { listOutputFormat } from '../list-output-format.ts';
import type { CliOptions } from '../options.ts';

interface Entry {
  readonly name: string;
  readonly dir: '>' | '<';
  /** Enabled by default (not among the high-volume I/O syscalls Falco leaves out without -A). */
  readonly available: boolean;
  readonly info: EventInfo;
}

const CATEGORIES = [
  ['syscall', 'Syscall events'],
  ['tracepoint', 'Tracepoint events'],
  ['plugin', 'Plugin events'],
  ['meta', 'Metaevents'],
] as const;

// Events carrying an ignored syscall are "not available" by default, as Falco computes it.
const unavailable = new Set<number>();
for (const sc of FALCO_IGNORED_SYSCALLS) for (const code of eventCodesForSyscall(sc)) unavailable.add(code);

function entriesByCategory(): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>(CATEGORIES.map(([k]) => [k, []]));
  const add = (info: EventInfo, name: string) => {
    out.get(eventSource(info))?.push({ name, dir: info.dir, available: !unavailable.has(info.code), info });
  };
  for (const info of EVENT_TABLE) {
    const skip =
      info.code === PPME_GENERIC_E ||
      info.code === PPME_GENERIC_X ||
      (info.flags & (EF_OLD_VERSION | EF_UNUSED)) !== 0 ||
      info.category === 0;
    if (!skip) add(info, info.name);
  }
  // Falco walks an unordered set here; sorting by name makes the order stable.
  const generic = [...new Set(EVENT_TABLE[PPME_GENERIC_E].ppmSc.map((sc) => ppmScName(sc) ?? ''))]
    .filter((n) => n !== '' && n !== 'unknown')
    .sort();
  for (const name of generic) {
    add(EVENT_TABLE[PPME_GENERIC_E], name);
    add(EVENT_TABLE[PPME_GENERIC_X], name);
  }
  return out;
}

const FLAG_TYPES = new Set<ParamTypeName>(['FLAGS8', 'FLAGS16', 'FLAGS32', 'ENUMFLAGS8', 'ENUMFLAGS16', 'ENUMFLAGS32']);

/** libsinsp's spelling of a parameter type; DYN is DYNAMIC there. */
function typeName(t: ParamTypeName): string {
  return t === 'DYN' ? 'DYNAMIC' : t;
}

function paramText(p: ParamInfo, markdown: boolean): string {
  let s = `${typeName(p.type)} **${p.name}**`;
  if (FLAG_TYPES.has(p.type) && p.flags) s += `: ${p.flags.map(([n]) => (markdown ? `*${n}*` : n)).join(', ')}`;
  return s;
}

/** The whole `--list-events` output in the given format. */
export function formatEventList(format: 'text' | 'markdown' | 'json'): string {
  const cats = entriesByCategory();
  if (format === 'json') {
    // nlohmann::json keeps object keys sorted; build every object with sorted keys.
    const root: Record<string, unknown> = {};
    const keys = [...CATEGORIES.map(([, title]) => title), 'schema_version'].sort();
    for (const key of keys) {
      if (key === 'schema_version') {
        root[key] = EVENT_SCHEMA_VERSION;
        continue;
      }
      const cat = CATEGORIES.find(([, title]) => title === key)?.[0] ?? '';
      root[key] = (cats.get(cat) ?? []).map((e) => ({
        available: e.available,
        dir: e.dir,
        name: e.name,
        params: e.info.params.map((p) => ({
          ...(FLAG_TYPES.has(p.type) && p.flags ? { flags: p.flags.map(([n]) => n) } : {}),
          name: p.name,
          type: typeName(p.type),
        })),
      }));
    }
    return `${JSON.stringify(root, null, 2)}\n`;
  }
  const markdown = format === 'markdown';
  let out = `The events below are valid for Falco *Schema Version*: ${EVENT_SCHEMA_VERSION}\n`;
  for (const [cat, title] of CATEGORIES) {
    out += `## ${title}\n\n`;
    if (markdown) out += 'Default | Dir | Name | Params \n:-------|:----|:-----|:-----\n';
    for (const e of cats.get(cat) ?? []) {
      const params = e.info.params.map((p) => paramText(p, markdown)).join(', ');
      out += markdown
        ? `${e.available ? 'Yes' : 'No'} | \`${e.dir}\` | \`${e.name}\` | ${params}\n`
        : `${e.dir} ${e.name}(${params})\n`;
    }
    out += '\n';
  }
  return out;
}

export function runListEvents(opts: CliOptions): number {
  const chosen = listOutputFormat(opts);
  if ('error' in chosen) {
    process.stderr.write(`peregrine: ${chosen.error}\n`);
    return 1;
  }
  if (chosen.warning) process.stderr.write(`${chosen.warning}\n`);
  process.stdout.write(formatEventList(chosen.format));
  return 0;
}
