// The syscalls the live sensor must capture: what the loaded rules can match, plus what the state tracker needs,
// shaped by falco.yaml's `base_syscalls` (custom_set, repair, all) exactly as Falco's
// configure_interesting_sets does (falco userspace/falco/app/actions/configure_interesting_sets.cpp and libsinsp
// sinsp_state_sc_set / sinsp_repair_state_sc_set / event_names_to_sc_set). The result is a set of PPM_SC codes and
// the x86_64 syscall numbers the sensor enables; everything else costs the kernel a bitmap test and nothing more.
//
// Computed once at start and again on each rules reload, never per event.
import {
  EC_FILE,
  EC_IO_OTHER,
  EC_IO_READ,
  EC_IO_WRITE,
  EC_NET,
  EVENT_TABLE,
  eventCodesByName,
  FALCO_IGNORED_SYSCALLS,
  isGenericSyscallName,
  PPME_GENERIC_E,
  PPME_GENERIC_X,
  ppmScByName,
  ppmScName,
  ppmScToX86_64,
  STATE_SYSCALLS,
  syscallCategory,
} from './event-table.ts';

/** falco.yaml `base_syscalls`. */
export interface BaseSyscalls {
  /** Names; a leading `!` removes the syscall. Positive names replace the state set. */
  readonly customSet: readonly string[];
  /** Replace the default state set with the minimal one the rules' syscalls need. */
  readonly repair: boolean;
  /** Keep the high-volume I/O syscalls (read, write, ...) that Falco otherwise leaves out (also `-A`). */
  readonly all: boolean;
}

export const DEFAULT_BASE_SYSCALLS: BaseSyscalls = { customSet: [], repair: false, all: false };

export interface SyscallSelection {
  /** Selected PPM_SC codes (syscalls and the sched_process_exit tracepoint). */
  readonly ppmSc: ReadonlySet<number>;
  /** x86_64 syscall numbers to enable in the sensor, ascending. */
  readonly native: readonly number[];
  /** Syscalls (event names) of the rules that are not selected: Falco's unsupported-evttype warning. */
  readonly rulesNotSelected: readonly string[];
  /** custom_set names that name no syscall. */
  readonly invalidPositive: readonly string[];
  readonly invalidNegative: readonly string[];
  /** Syscalls added by `repair` beyond what was selected before it. */
  readonly repaired: readonly string[];
}

const PPM_SC_SCHED_PROCESS_EXIT = ppmScByName('sched_process_exit') ?? -1;

/** PPM_SC codes carried by a set of event codes (libsinsp event_set_to_sc_set). */
export function eventCodesToSyscalls(codes: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const c of codes) for (const sc of EVENT_TABLE[c]?.ppmSc ?? []) out.add(sc);
  return out;
}

/**
 * PPM_SC codes named by event names (libsinsp event_names_to_sc_set): each name's events give their syscalls;
 * a syscall served by the generic event counts only under its own name.
 */
export function namesToSyscalls(names: Iterable<string>): Set<number> {
  const out = new Set<number>();
  for (const name of names) {
    if (isGenericSyscallName(name)) {
      const sc = ppmScByName(name);
      if (sc !== undefined) out.add(sc);
      continue;
    }
    const codes = eventCodesByName(name).filter((c) => c !== PPME_GENERIC_E && c !== PPME_GENERIC_X);
    for (const sc of eventCodesToSyscalls(codes)) out.add(sc);
  }
  return out;
}

/** The names of a set of syscalls as Falco prints them (event names, sorted). */
export function syscallNames(set: Iterable<number>): string[] {
  const names = new Set<string>();
  for (const sc of set) {
    const n = ppmScName(sc);
    if (n !== undefined) names.add(n);
  }
  return [...names].sort();
}

function scByCategory(pick: (cat: number) => boolean): Set<number> {
  const out = new Set<number>();
  for (const info of EVENT_TABLE) if (pick(syscallCategory(info))) for (const sc of info.ppmSc) out.add(sc);
  return out;
}
const NET_SYSCALLS = scByCategory((c) => c === EC_NET);
const FILE_AND_IO_SYSCALLS = scByCategory(
  (c) => c === EC_FILE || c === EC_IO_READ || c === EC_IO_WRITE || c === EC_IO_OTHER,
);

const scs = (...names: string[]): number[] =>
  names.map((n) => ppmScByName(n)).filter((c): c is number => c !== undefined);
const REPAIR_BASE = scs(
  'clone',
  'clone3',
  'fork',
  'vfork',
  'execve',
  'execveat',
  'fchdir',
  'chdir',
  'chroot',
  'capset',
  'setgid',
  'setgid32',
  'setpgid',
  'setresgid',
  'setresgid32',
  'setresuid',
  'setresuid32',
  'setsid',
  'setuid',
  'setuid32',
  'prctl',
  'sched_process_exit',
);
const ACCEPT_LISTEN = scs('accept', 'accept4', 'listen');

/** libsinsp sinsp_repair_state_sc_set: the minimal state syscalls for `set`, merged with it. */
export function repairSyscalls(set: ReadonlySet<number>): Set<number> {
  const out = new Set<number>(REPAIR_BASE);
  const hasAny = (s: ReadonlySet<number>) => [...set].some((sc) => s.has(sc));
  const network = hasAny(NET_SYSCALLS);
  if (network) for (const sc of scs('socket', 'getsockopt')) out.add(sc);
  if (ACCEPT_LISTEN.some((sc) => set.has(sc))) for (const sc of scs('bind')) out.add(sc);
  if (network || hasAny(FILE_AND_IO_SYSCALLS)) for (const sc of scs('close')) out.add(sc);
  for (const sc of set) out.add(sc);
  return out;
}

/**
 * Falco's selection of the syscalls to capture, from the event codes the enabled rules can match.
 * The steps and their order are configure_interesting_sets' (see the file comment).
 */
export function selectSyscalls(
  ruleEventCodes: Iterable<number>,
  base: BaseSyscalls = DEFAULT_BASE_SYSCALLS,
): SyscallSelection {
  const rules = eventCodesToSyscalls(ruleEventCodes);
  const positive = base.customSet.filter((n) => n !== '' && !n.startsWith('!'));
  const negative = base.customSet.filter((n) => n.startsWith('!')).map((n) => n.slice(1));
  const pos = namesToSyscalls(positive);
  const neg = namesToSyscalls(negative);

  // (1) rules ∪ the state set (or the user's positive set in its place)
  let selected = new Set<number>([...rules, ...(pos.size > 0 ? pos : STATE_SYSCALLS)]);
  // (2) repair without a custom set: the minimal state set for the rules instead of the default one
  if (base.repair && pos.size === 0) selected = repairSyscalls(rules);
  // (3) negative names
  for (const sc of neg) selected.delete(sc);
  // (4) without `all`, the high-volume I/O syscalls the state does not need are left out
  if (!base.all) for (const sc of FALCO_IGNORED_SYSCALLS) selected.delete(sc);
  // (5) repair of a custom set
  let repaired: number[] = [];
  if (base.repair && base.customSet.length > 0) {
    const before = selected;
    selected = repairSyscalls(selected);
    repaired = [...selected].filter((sc) => !before.has(sc));
  }
  // (6) procexit is always on: without it the thread table would only grow
  if (PPM_SC_SCHED_PROCESS_EXIT >= 0) selected.add(PPM_SC_SCHED_PROCESS_EXIT);

  const native = new Set<number>();
  for (const sc of selected) {
    const nr = ppmScToX86_64(sc);
    if (nr !== undefined) native.add(nr);
  }
  const knownName = (n: string) => namesToSyscalls([n]).size > 0;
  return {
    ppmSc: selected,
    native: [...native].sort((a, b) => a - b),
    rulesNotSelected: syscallNames([...rules].filter((sc) => !selected.has(sc))),
    invalidPositive: positive.filter((n) => !knownName(n)),
    invalidNegative: negative.filter((n) => !knownName(n)),
    repaired: syscallNames(repaired),
  };
}

/** Reads `base_syscalls` from a configuration (falco.yaml keys), tolerating absent keys; `-A` sets `all`. */
export function baseSyscallsFromConfig(raw: unknown, allEvents = false): BaseSyscalls {
  const b = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const customSet = Array.isArray(b.custom_set) ? b.custom_set.map((x) => String(x)) : [];
  return { customSet, repair: b.repair === true, all: b.all === true || allEvents };
}
