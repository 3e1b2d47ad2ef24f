// Settings of one detection run, resolved once: the loaded configuration plus Falco's flags become one frozen,
// fully typed object at start, and again on every reload (with the same flags). Everything downstream reads it;
// nothing re-derives a setting (which rules paths, which source, which timeout) or mutates the configuration.
import { type Config, outputTimeoutMs } from '../config/config.ts';
import { resolveHostname } from '../outputs/outputs.ts';
import { type ExpandedRulesPaths, expandRulesPaths, noRulesFilesMessage } from '../rules/paths.ts';
import { type AlertStoreSettings, alertStoreTarget } from '../store/settings.ts';

/**
 * The command-line flags a detection run reads (Falco's names; src/cli/options.ts's CliOptions has them all, so
 * the CLI passes its options as they are). Defined here so the app never imports the CLI.
 */
export interface RunFlags {
  /** -c */
  readonly config?: string;
  /** -o, in order (a reload applies them again). */
  readonly overrides: readonly string[];
  /** -r: replaces `rules_files`. */
  readonly rules: readonly string[];
  /** -e */
  readonly captureFile?: string;
  /** -M */
  readonly durationSeconds?: number;
  /** -P */
  readonly pidfile?: string;
  /** -p */
  readonly print?: string;
  /** -A */
  readonly allEvents: boolean;
  /** -D, -T, -t */
  readonly disableRulesMatching: readonly string[];
  readonly disableTags: readonly string[];
  readonly enableTags: readonly string[];
  /** -v */
  readonly verbose: boolean;
}

/** Where events come from. */
export type SourceSettings =
  | {
      readonly kind: 'capture';
      /** -e, or engine.replay.capture_file with engine.kind=replay. */
      readonly file: string;
    }
  | {
      readonly kind: 'live';
      /** Bytes of each per-CPU ring buffer (engine.modern_ebpf.buf_size_preset). */
      readonly ringBytes: number;
      /** Bytes of I/O buffers captured (falco_libs.snaplen; undefined: the sensor's default, 80). */
      readonly snaplen: number | undefined;
      /** HOST_ROOT: where the host's /proc and /etc are (Peregrine in a container). '' on the host. */
      readonly hostRoot: string;
      /** engine.modern_ebpf.prefilter: drop in the kernel the events no rule can match (sensor/README.md). */
      readonly prefilter: boolean;
    };

export interface Settings {
  /** The configuration as loaded (deep-frozen: nothing changes it after loading). */
  readonly config: Config;
  readonly flags: RunFlags;
  /** The rules entries in effect (-r, else rules_files) and what they expand to. */
  readonly rules: { readonly entries: readonly string[] } & ExpandedRulesPaths;
  readonly source: SourceSettings;
  /** How long an output may go without delivering anything before what it holds is given up (output_timeout). */
  readonly outputTimeoutMs: number;
  /** The host name alerts carry. */
  readonly hostname: string;
  /** Where alerts are stored for the console (live by default, a capture only when asked), or undefined. */
  readonly alertStore: AlertStoreSettings | undefined;
}

/** engine.modern_ebpf.buf_size_preset → bytes per CPU ring, Falco's table (preset 4 = 8 MiB). */
export function ringBytesOfPreset(preset: number): number {
  const sizes = [0, 1 << 20, 2 << 20, 4 << 20, 8 << 20, 16 << 20, 32 << 20, 64 << 20, 128 << 20, 256 << 20, 512 << 20];
  return sizes[preset <= 0 || preset >= sizes.length ? 4 : preset];
}

/** The capture to replay: -e, or engine.kind=replay with engine.replay.capture_file; undefined for live. */
export function captureFileOf(config: Config, flags: Pick<RunFlags, 'captureFile'>): string | undefined {
  if (flags.captureFile !== undefined) return flags.captureFile;
  return config.engine.kind === 'replay' ? config.engine.replay.capture_file : undefined;
}

/** Engine kinds that run the live sensor. Falco's other drivers (kmod, ebpf, gvisor) do not exist here. */
const LIVE_KINDS: ReadonlySet<string> = new Set(['modern_ebpf']);

/** The line that explains why `engine.kind` cannot run live, or undefined when it can. */
export function liveEngineError(config: Config): string | undefined {
  const kind = config.engine.kind;
  if (LIVE_KINDS.has(kind)) return undefined;
  return `engine.kind '${kind}' is not supported: Peregrine captures with its own eBPF sensor (engine.kind=modern_ebpf, the default) or replays a capture (-e FILE)`;
}

/** Falco's checks on -D/-T/-t and `rules:`; the error line, or undefined. */
export function selectionConflict(flags: RunFlags, config: Config): string | undefined {
  const disabling = flags.disableRulesMatching.length + flags.disableTags.length > 0;
  if (disabling && flags.enableTags.length > 0) {
    return 'You can not specify both disabled (-D/-T) and enabled (-t) rules';
  }
  if ((disabling || flags.enableTags.length > 0) && config.rules.length > 0) {
    return 'Specifying -D, -t, -T command line options together with "rules:" configuration or -o "rules..." is not supported.';
  }
  return undefined;
}

/** The rules entries in effect and their files; an error line when there is nothing to load. */
export function resolveRules(
  config: Config,
  flags: Pick<RunFlags, 'rules'>,
): ({ readonly entries: readonly string[] } & ExpandedRulesPaths) | { readonly error: string } {
  const entries = flags.rules.length > 0 ? flags.rules : config.rules_files;
  if (entries.length === 0) {
    return {
      error: 'You must specify at least one rules file/directory via -r or a rules_file entry in the configuration',
    };
  }
  const expanded = expandRulesPaths(entries);
  if (expanded.files.length === 0) return { error: noRulesFilesMessage(entries) };
  return { entries, ...expanded };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The settings of a detection run, or the one line that says why it cannot run. `env`: HOST_ROOT and the
 * host name variables (PEREGRINE_HOSTNAME, FALCO_HOSTNAME).
 */
export function resolveSettings(
  config: Config,
  flags: RunFlags,
  env: NodeJS.ProcessEnv = process.env,
): Settings | { readonly error: string } {
  const conflict = selectionConflict(flags, config);
  if (conflict !== undefined) return { error: conflict };
  let source: SourceSettings;
  const file = captureFileOf(config, flags);
  if (file !== undefined) {
    if (file === '') return { error: 'replay needs a capture file: -e FILE or -o engine.replay.capture_file=FILE' };
    source = { kind: 'capture', file };
  } else {
    const kindError = liveEngineError(config);
    if (kindError !== undefined) return { error: kindError };
    const snaplen = config.falco_libs.snaplen;
    source = {
      kind: 'live',
      ringBytes: ringBytesOfPreset(config.engine.modern_ebpf.buf_size_preset),
      snaplen: snaplen > 0 ? Math.min(snaplen, 4096) : undefined,
      hostRoot: env.HOST_ROOT ?? '',
      prefilter: config.engine.modern_ebpf.prefilter,
    };
  }
  const rules = resolveRules(config, flags);
  if ('error' in rules) return rules;
  return deepFreeze({
    config: deepFreeze(config),
    flags,
    rules,
    source,
    outputTimeoutMs: outputTimeoutMs(config),
    hostname: resolveHostname(env),
    alertStore: alertStoreTarget(config, source.kind === 'live'),
  });
}
