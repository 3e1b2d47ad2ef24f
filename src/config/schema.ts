// The configuration schema: every falco.yaml key Falco reads (userspace/falco/configuration.cpp and its JSON
// schema), with Falco's defaults for a key a file leaves out, and Falco's value checks with Falco's wording.
//
// Scalars are read the way yaml-cpp reads them for Falco: a boolean may be spelt true/false/yes/no/on/off/y/n
// in any case, a number may be quoted, and a string key takes any scalar. Anything else is an error naming the
// key path (the loader adds file, line and column). Keys the schema does not know are warnings, not errors:
// Falco only warns about them too, and a newer falco.yaml must keep loading.
import { isIP } from 'node:net';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { parsePriority } from '../rules/priority.ts';

// zod/mini, not zod's classic API: the same core (same parsing, same issues, same JSON schema), ~30 ms less
// start-up (docs/performance.md, "Rules engine"). `import { z } from 'zod'` is classic's whole namespace, so the
// bundle kept all of classic and every one of zod's ~60 locales and evaluated them at each start; zod/mini's
// functions are imported one by one, so only what this file uses is bundled.
// Set up here what classic sets up by itself: the English messages (a failed enum names its options in them).
// Not zod's memoizer (classic installs it): it lets a recursive schema (z.lazy, getters) parse cyclic data, and
// before the first parse of each container it walks the whole schema to learn whether that is recursive, ~2 ms
// of the first parse. This schema is not recursive, so that walk always answered "no" and the memoizer then took
// itself out: without it parsing is the same. Add it back (`memoizer: z.memoizer()`) if a key ever needs z.lazy.
// The configuration is parsed a handful of times per process: zod's JIT (code generated on first parse) costs
// more start-up time than it saves.
z.config({ ...en(), jitless: true });

const TRUE = new Set(['true', 'yes', 'on', 'y']);
const FALSE = new Set(['false', 'no', 'off', 'n']);

/** yaml-cpp's boolean spellings. */
export function yamlBool(v: unknown): unknown {
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (TRUE.has(s)) return true;
    if (FALSE.has(s)) return false;
  }
  return v;
}

function yamlNumber(v: unknown): unknown {
  if (typeof v === 'string' && v.trim() !== '') {
    const t = v.trim();
    // yaml-cpp reads decimal, 0x hex and 0o octal integers and ordinary floats (.5 included).
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
    if (/^0x[0-9a-fA-F]+$/.test(t)) return Number.parseInt(t.slice(2), 16);
    if (/^0o[0-7]+$/.test(t)) return Number.parseInt(t.slice(2), 8);
  }
  return v;
}

function yamlString(v: unknown): unknown {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  // An empty YAML value (`key:`) is null; yaml-cpp reads it as the empty string for a string key.
  if (v === null) return '';
  return v;
}

/** Falco-style pre-processing in front of a schema (zod/mini has no `preprocess`: it is this pipe). */
const preprocess = <T extends z.ZodMiniType>(fn: (v: unknown) => unknown, schema: T) => z.pipe(z.transform(fn), schema);

// A key with an empty value (`key:`, often left when its children are commented out) is null; like yaml-cpp's
// `as<T>(default)`, Falco then uses the default, and so do we.
const bool = (def: boolean) =>
  z._default(
    preprocess(
      (v) => (v === null ? def : yamlBool(v)),
      z.boolean({ error: (i) => `expected a boolean (true/false), got ${show(i.input)}` }),
    ),
    def,
  );
const int = (def: number, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) =>
  z._default(
    preprocess(
      (v) => (v === null ? def : yamlNumber(v)),
      z
        .number({ error: (i) => `expected an integer, got ${show(i.input)}` })
        .check(
          z.int({ error: (i) => `expected an integer, got ${show(i.input)}` }),
          z.minimum(min, { error: `must be at least ${min}` }),
          z.maximum(max, { error: `must be at most ${max}` }),
        ),
    ),
    def,
  );
const num = (def: number) =>
  z._default(
    preprocess(
      (v) => (v === null ? def : yamlNumber(v)),
      z.number({ error: (i) => `expected a number, got ${show(i.input)}` }),
    ),
    def,
  );
const str = (def: string) =>
  z._default(
    preprocess(
      (v) => (v === null ? def : yamlString(v)),
      z.string({ error: (i) => `expected a string, got ${show(i.input)}` }),
    ),
    def,
  );
const optStr = () =>
  z.optional(preprocess(yamlString, z.string({ error: (i) => `expected a string, got ${show(i.input)}` })));
/** Falco's get_sequence: a list, or a single scalar taken as a one-item list. */
const strList = (def: string[]) =>
  z._default(
    preprocess(
      (v) => (v === null ? def : Array.isArray(v) ? v.map(yamlString) : typeof v === 'object' ? v : [yamlString(v)]),
      z.array(z.string({ error: (i) => `expected a string, got ${show(i.input)}` }), {
        error: (i) => `expected a list of strings, got ${show(i.input)}`,
      }),
    ),
    def,
  );
const obj = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.prefault(
    preprocess(
      (v) => (v === null ? {} : v),
      z.strictObject(shape, { error: (i) => `expected a mapping, got ${show(i.input)}` }),
    ),
    {} as never,
  );
/** A list key: empty value means the default. */
const list = <T extends z.ZodMiniType>(item: T, def: z.output<T>[]) =>
  z._default(
    preprocess((v) => (v === null ? def : v), z.array(item, { error: (i) => `expected a list, got ${show(i.input)}` })),
    def as never,
  );

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

export const LOG_LEVEL_NAMES = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'info',
  'debug',
] as const;
export const LIBS_SEVERITIES = ['fatal', 'critical', 'error', 'warning', 'notice', 'info', 'debug', 'trace'] as const;
export const ENGINE_KINDS = ['kmod', 'modern_ebpf', 'replay', 'nodriver'] as const;
export const DROP_ACTIONS = ['ignore', 'log', 'alert', 'exit'] as const;

/** `ADDR:PORT` (`[v6]:PORT` for IPv6) as `peregrine console --listen` takes it; undefined when malformed. */
export function parseListen(text: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text.trim()) ?? /^([^:]+):(\d{1,5})$/.exec(text.trim());
  if (m === null) return undefined;
  const port = Number(m[2]);
  if (port > 65535 || isIP(m[1]) === 0) return undefined;
  return { host: m[1], port };
}

/** Prometheus-style duration (`1h`, `30s`, `1m30s`, `500ms`) or plain milliseconds, as Falco's metrics.interval. */
export function parseDurationMs(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const re = /(\d+)(ms|s|m|h|d|w|y)/gy;
  const unit: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5, y: 31536e6 };
  let total = 0;
  let m: RegExpExecArray | null = re.exec(t);
  if (m === null) return undefined;
  while (m !== null) {
    total += Number(m[1]) * unit[m[2]];
    if (re.lastIndex === t.length) return total;
    m = re.exec(t);
  }
  return undefined;
}

const ruleSelector = z.strictObject(
  { rule: optStr(), tag: optStr() },
  { error: (i) => `expected a mapping with 'rule' or 'tag', got ${show(i.input)}` },
);
type RuleSelection = { enable?: { rule?: string; tag?: string }; disable?: { rule?: string; tag?: string } };
const ruleSelection = z
  .strictObject(
    { enable: z.optional(ruleSelector), disable: z.optional(ruleSelector) },
    { error: (i) => `expected a mapping with 'enable' or 'disable', got ${show(i.input)}` },
  )
  .check(
    z.refine<RuleSelection>((r) => (r.enable === undefined) !== (r.disable === undefined), {
      message: "each entry needs exactly one of 'enable' or 'disable'",
    }),
  )
  .check(
    z.refine<RuleSelection>((r) => {
      const s = r.enable ?? r.disable;
      return s === undefined || s.rule !== undefined || s.tag !== undefined;
    }, "the selector needs 'rule' or 'tag'"),
  );

const extraField = z.union(
  [
    preprocess(yamlString, z.string()),
    z
      .record(z.string(), preprocess(yamlString, z.string()))
      .check(
        z.refine<Record<string, string>>(
          (r) => Object.keys(r).length === 1,
          'a custom field is one `name: format` pair',
        ),
      ),
  ],
  { error: () => 'expected a field name or a `name: format` pair' },
);

const appendOutput = z
  .strictObject(
    {
      match: z.optional(
        z.strictObject(
          {
            source: optStr(),
            tags: z.optional(preprocess((v) => (Array.isArray(v) ? v.map(yamlString) : v), z.array(z.string()))),
            rule: optStr(),
          },
          { error: (i) => `expected a mapping, got ${show(i.input)}` },
        ),
      ),
      extra_output: optStr(),
      extra_fields: z.optional(z.array(extraField, { error: (i) => `expected a list, got ${show(i.input)}` })),
      suggested_output: z.optional(preprocess(yamlBool, z.boolean())),
    },
    { error: (i) => `expected a mapping, got ${show(i.input)}` },
  )
  .check(
    z.superRefine<{ extra_fields?: (string | Record<string, string>)[] }>((entry, ctx) => {
      const seen = new Set<string>();
      for (const f of entry.extra_fields ?? []) {
        const key = typeof f === 'string' ? f : Object.keys(f)[0];
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', message: `extra field '${key}' is defined twice`, path: ['extra_fields'] });
        seen.add(key);
      }
    }),
  );

/** One container engine of `container_engines` (Falco 0.39's key): enabled, and the sockets to ask. */
const engineWithSockets = (sockets: string[]) =>
  obj({ enabled: bool(true), sockets: strList(sockets), disable_async: z.optional(bool(false)) });

/**
 * Container metadata (src/state/containers/settings.ts reads it): Falco 0.39's `container_engines`, plus the
 * container plugin's `label_max_len` and Peregrine's `api_timeout_ms` (one request to a runtime) and
 * `metadata_wait_ms` (how long an alert about a container waits for its metadata; 0 turns waiting off).
 */
const containerEngines = obj({
  docker: engineWithSockets(['/var/run/docker.sock']),
  podman: engineWithSockets(['/run/podman/podman.sock', '/run/user/*/podman/podman.sock']),
  cri: engineWithSockets([
    '/run/containerd/containerd.sock',
    '/run/crio/crio.sock',
    '/run/k3s/containerd/containerd.sock',
    '/run/host-containerd/containerd.sock',
  ]),
  // Falco's plugin defaults to /run/host-containerd only; see src/state/containers/settings.ts for why not here
  containerd: engineWithSockets([
    '/run/containerd/containerd.sock',
    '/run/k3s/containerd/containerd.sock',
    '/run/host-containerd/containerd.sock',
  ]),
  lxc: obj({ enabled: bool(true) }),
  libvirt_lxc: obj({ enabled: bool(true) }),
  bpm: obj({ enabled: bool(true) }),
  label_max_len: int(100, 0, 1048576),
  api_timeout_ms: int(2000, 1, 60000),
  metadata_wait_ms: int(1000, 0, 30000),
});

/**
 * The alert store (src/store/) and its console (src/console/). `enabled` left unset means "decided by the run":
 * on for live detection, off for a replay (src/store/settings.ts, alertStoreTarget). Durations as metrics.interval.
 */
const alertStore = obj({
  enabled: z.optional(
    preprocess(
      yamlBool,
      z.union([z.boolean(), z.null()], { error: (i) => `expected a boolean (true/false), got ${show(i.input)}` }),
    ),
  ),
  path: str('/var/lib/peregrine/alerts.db'),
  retention: obj({ max_age: str('30d'), max_rows: int(1_000_000, 0) }),
});

/** `peregrine console` and the console the live webserver serves (docs/console.md). */
const consoleSettings = obj({
  enabled: bool(true),
  /** Where `peregrine console` listens (ADDR:PORT; --listen). The live console is on the webserver's address. */
  listen: str('127.0.0.1:8766'),
  /** Bearer token the API requires; mandatory on an address other than loopback. */
  token: str(''),
  /** `peregrine console` over HTTPS: a PEM file with the certificate and its key (as webserver.ssl_certificate). */
  ssl_certificate: str(''),
  /** Serve plain HTTP on an address other than loopback (the explicit opt-out of TLS). */
  allow_plain_http: bool(false),
});

const configFileEntry = z.union(
  [
    preprocess(yamlString, z.string()),
    z.strictObject({
      path: preprocess(yamlString, z.string()),
      strategy: z._default(z.enum(['append', 'override', 'add-only']), 'append'),
    }),
  ],
  { error: () => "expected a path or a mapping with 'path' and optional 'strategy' (append, override, add-only)" },
);

const plugin = z.strictObject({
  name: preprocess(yamlString, z.string()),
  library_path: preprocess(yamlString, z.string()),
  init_config: z.optional(z.union([z.record(z.string(), z.unknown()), z.string(), z.null()])),
  open_params: optStr(),
});

const ConfigObject = z.strictObject({
  config_files: list(configFileEntry, []),
  watch_config_files: bool(true),
  rules_files: strList(['/etc/peregrine/rules.d']),
  /** Deprecated singular form; the loader moves it to rules_files. */
  rules_file: z.optional(strList([])),
  rule_files: z.optional(strList([])),
  rules: list(ruleSelection, []),
  engine: obj({
    kind: str('modern_ebpf'),
    kmod: obj({ buf_size_preset: int(4, 0, 10), drop_failed_exit: bool(false) }),
    modern_ebpf: obj({
      cpus_for_each_buffer: int(2, 0),
      buf_size_preset: int(4, 0, 10),
      drop_failed_exit: bool(false),
      disable_iterators: bool(false),
      // Peregrine: drop in the kernel the open-family events no loaded rule can match (sensor/README.md).
      prefilter: bool(true),
    }),
    replay: obj({ capture_file: str('') }),
  }),
  capture: obj({
    enabled: bool(false),
    path_prefix: str('/tmp/falco'),
    mode: str('rules'),
    default_duration: int(5000, 0),
    max_file_size_mb: int(0, 0, 1048576),
  }),
  container_engines: containerEngines,
  load_plugins: z.optional(strList([])),
  plugins: list(plugin, []),
  plugins_hostinfo: bool(true),
  time_format_iso_8601: bool(false),
  buffer_format_base64: bool(false),
  priority: str('debug'),
  json_output: bool(false),
  json_include_output_property: bool(true),
  json_include_message_property: bool(false),
  json_include_output_fields_property: bool(true),
  json_include_tags_property: bool(true),
  buffered_outputs: bool(false),
  rule_matching: str('first'),
  outputs_queue: obj({ capacity: int(0, 0) }),
  append_output: list(appendOutput, []),
  static_fields: z._default(
    preprocess(
      (v) => (v === null ? {} : v),
      z.record(
        z.string(),
        preprocess(yamlString, z.string({ error: (i) => `expected a string, got ${show(i.input)}` })),
        {
          error: (i) => `expected a mapping of names to values, got ${show(i.input)}`,
        },
      ),
    ),
    {},
  ),
  stdout_output: obj({ enabled: bool(false) }),
  syslog_output: obj({ enabled: bool(false) }),
  file_output: obj({ enabled: bool(false), keep_alive: bool(false), filename: str('') }),
  http_output: obj({
    enabled: bool(false),
    url: str(''),
    user_agent: str('falcosecurity/falco'),
    insecure: bool(false),
    ca_cert: str(''),
    ca_bundle: str(''),
    ca_path: str('/etc/ssl/certs'),
    mtls: bool(false),
    client_cert: str('/etc/ssl/certs/client.crt'),
    client_key: str('/etc/ssl/certs/client.key'),
    echo: bool(false),
    compress_uploads: bool(false),
    keep_alive: bool(false),
    max_consecutive_timeouts: int(5, 0, 255),
  }),
  program_output: obj({ enabled: bool(false), keep_alive: bool(false), program: str('') }),
  /**
   * Peregrine's NATS JetStream output (src/outputs/channels/nats.ts): every alert to `subject` (default
   * peregrine.alerts.<hostname>) in `stream` (made if missing), through a bounded on-disk spool.
   */
  nats_output: obj({
    enabled: bool(false),
    url: str('nats://127.0.0.1:4222'),
    /** Several servers (a cluster); when given, `url` is not used. */
    urls: strList([]),
    subject: str(''),
    stream: str('PEREGRINE_ALERTS'),
    stream_replicas: int(1, 1, 5),
    duplicate_window_s: int(120, 1, 7 * 86400),
    credentials: str(''),
    tls: obj({ ca: str(''), cert: str(''), key: str(''), insecure: bool(false) }),
    spool: obj({
      path: str('/var/lib/peregrine/nats-spool'),
      max_bytes: int(256 * 1024 * 1024, 4096),
      max_alerts: int(1_000_000, 1),
      fsync_interval_ms: int(1000, 0, 60_000),
    }),
  }),
  alert_store: alertStore,
  console: consoleSettings,
  webserver: obj({
    enabled: bool(false),
    threadiness: int(0, 0),
    listen_port: int(8765, 0, 65535),
    /** Falco's default is 0.0.0.0; Peregrine listens on loopback unless told otherwise. */
    listen_address: str('127.0.0.1'),
    k8s_healthz_endpoint: str('/healthz'),
    prometheus_metrics_enabled: bool(false),
    ssl_enabled: bool(false),
    ssl_certificate: str('/etc/falco/falco.pem'),
  }),
  log_stderr: bool(true),
  log_syslog: bool(true),
  log_level: str('info'),
  libs_logger: obj({ enabled: bool(true), severity: str('info') }),
  output_timeout: int(2000, 0),
  syscall_event_timeouts: obj({ max_consecutives: int(1000, 0) }),
  syscall_event_drops: obj({
    threshold: num(0.1),
    actions: strList([]),
    rate: num(0.03333),
    max_burst: num(1),
    simulate_drops: bool(false),
  }),
  metrics: obj({
    enabled: bool(false),
    interval: str('5000'),
    output_rule: bool(false),
    output_file: str(''),
    rules_counters_enabled: bool(true),
    resource_utilization_enabled: bool(true),
    state_counters_enabled: bool(true),
    kernel_event_counters_enabled: bool(true),
    kernel_event_counters_per_cpu_enabled: bool(false),
    libbpf_stats_enabled: bool(true),
    plugins_metrics_enabled: bool(true),
    kernel_iter_event_counters_enabled: bool(true),
    jemalloc_stats_enabled: bool(false),
    convert_memory_to_mb: bool(true),
    include_empty_values: bool(false),
  }),
  base_syscalls: obj({ custom_set: strList([]), repair: bool(false), all: bool(false) }),
  falco_libs: obj({
    thread_table_size: int(262144, 0),
    thread_table_auto_purging_interval_s: int(300, 0),
    thread_table_auto_purging_thread_timeout_s: int(300, 0),
    snaplen: int(0, 0),
  }),
});

export const ConfigSchema = ConfigObject.check(
  z.superRefine<z.output<typeof ConfigObject>>((c, ctx) => {
    // Falco's value checks, in Falco's words (configuration.cpp), each on its key.
    const issue = (path: (string | number)[], message: string): void => {
      ctx.addIssue({ code: 'custom', path, message });
    };
    if (!(ENGINE_KINDS as readonly string[]).includes(c.engine.kind)) {
      issue(
        ['engine', 'kind'],
        `engine.kind '${c.engine.kind}' is not a valid kind (one of ${ENGINE_KINDS.join(', ')})`,
      );
    } else if (c.engine.kind === 'replay' && c.engine.replay.capture_file === '') {
      issue(
        ['engine', 'replay', 'capture_file'],
        "engine.kind is 'replay' but no engine.replay.capture_file specified",
      );
    }
    if (c.file_output.enabled && c.file_output.filename === '') {
      issue(['file_output', 'filename'], 'file output enabled but no filename in configuration block');
    }
    if (c.program_output.enabled && c.program_output.program === '') {
      issue(['program_output', 'program'], 'program output enabled but no program in configuration block');
    }
    if (c.http_output.enabled) {
      if (c.http_output.url === '')
        issue(['http_output', 'url'], 'http output enabled but no url in configuration block');
      else {
        const u = c.http_output.url.replace(/^(["'])(.*)\1$/, '$2');
        let ok = false;
        try {
          ok = ['http:', 'https:'].includes(new URL(u).protocol);
        } catch {
          ok = false;
        }
        if (!ok) issue(['http_output', 'url'], `'${c.http_output.url}' is not an http:// or https:// URL`);
      }
    }
    if (c.nats_output.enabled) natsOutputIssues(c.nats_output, issue);
    if (!['first', 'all'].includes(c.rule_matching)) {
      issue(['rule_matching'], `Unknown rule matching strategy "${c.rule_matching}"--must be one of first, all`);
    }
    if (parsePriority(c.priority) === undefined) {
      issue(
        ['priority'],
        `Unknown priority "${c.priority}"--must be one of emergency, alert, critical, error, warning, notice, informational, debug`,
      );
    }
    if (isIP(c.webserver.listen_address.trim().replace(/%.+$/, '')) === 0) {
      issue(
        ['webserver', 'listen_address'],
        `webserver listen address "${c.webserver.listen_address}" is not a valid IP address`,
      );
    }
    const maxAge = parseDurationMs(c.alert_store.retention.max_age);
    if (maxAge === undefined)
      issue(
        ['alert_store', 'retention', 'max_age'],
        `'${c.alert_store.retention.max_age}' is not a duration such as 12h, 30d or 0 (no limit)`,
      );
    if (c.alert_store.path.trim() === '') issue(['alert_store', 'path'], 'the alert store needs a file path');
    if (parseListen(c.console.listen) === undefined)
      issue(['console', 'listen'], `'${c.console.listen}' is not ADDRESS:PORT (an IP address and a port 0-65535)`);
    if (!(LOG_LEVEL_NAMES as readonly string[]).includes(c.log_level)) {
      issue(['log_level'], `Unknown log level ${c.log_level} (one of ${LOG_LEVEL_NAMES.join(', ')})`);
    }
    if (!(LIBS_SEVERITIES as readonly string[]).includes(c.libs_logger.severity)) {
      issue(['libs_logger', 'severity'], `Unknown sinsp log severity ${c.libs_logger.severity}`);
    }
    let ignore = false;
    c.syscall_event_drops.actions.forEach((act, i) => {
      if (act === 'ignore') ignore = true;
      else if (act === 'log' || act === 'alert') {
        if (ignore)
          issue(
            ['syscall_event_drops', 'actions', i],
            `syscall event drop action "${act}" does not make sense with the "ignore" action`,
          );
      } else if (act !== 'exit') {
        issue(
          ['syscall_event_drops', 'actions', i],
          'available actions for syscall event drops are "ignore", "log", "alert", and "exit"',
        );
      }
    });
    if (c.syscall_event_drops.threshold < 0 || c.syscall_event_drops.threshold > 1) {
      issue(['syscall_event_drops', 'threshold'], 'syscall event drops threshold must be a double in the range [0, 1]');
    }
    if (c.syscall_event_timeouts.max_consecutives === 0) {
      issue(
        ['syscall_event_timeouts', 'max_consecutives'],
        'the maximum consecutive timeouts without an event must be an unsigned integer > 0',
      );
    }
    if (!['rules', 'all_rules'].includes(c.capture.mode)) {
      issue(['capture', 'mode'], `capture.mode '${c.capture.mode}' is not a valid mode.`);
    }
    const interval = parseDurationMs(c.metrics.interval);
    if (interval === undefined)
      issue(['metrics', 'interval'], `'${c.metrics.interval}' is not a duration such as 500ms, 30s, 15m or 1h`);
    else if (c.metrics.enabled && interval < 100)
      issue(['metrics', 'interval'], 'the metrics interval must be at least 100ms');
    if (c.load_plugins !== undefined) {
      c.load_plugins.forEach((name, i) => {
        if (!c.plugins.some((p) => p.name === name)) {
          issue(['load_plugins', i], `Cannot load plugin '${name}': plugin config not found for given name`);
        }
      });
    }
  }),
);

export type ConfigData = z.output<typeof ConfigSchema>;

/** NATS subjects and stream names: what the server would refuse, said at load with the key. */
function natsOutputIssues(
  n: z.output<typeof ConfigObject>['nats_output'],
  issue: (path: (string | number)[], message: string) => void,
): void {
  const urls = n.urls.length > 0 ? n.urls.map((u, i) => [u, ['urls', i]] as const) : [[n.url, ['url']] as const];
  for (const [u, path] of urls) {
    const text = /^[a-z+]+:\/\//i.test(u) ? u : `nats://${u}`;
    let ok = false;
    try {
      const url = new URL(text);
      ok = ['nats:', 'tls:', 'nats+tls:'].includes(url.protocol) && url.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) issue(['nats_output', ...path], `'${u}' is not a nats:// or tls:// URL`);
  }
  if (n.subject !== '' && !/^[^\s.*>]+(\.[^\s.*>]+)*$/.test(n.subject)) {
    issue(
      ['nats_output', 'subject'],
      `'${n.subject}' is not a NATS subject to publish to (no wildcards, spaces or empty tokens)`,
    );
  }
  if (!/^[^\s.*>/\\]+$/.test(n.stream)) {
    issue(
      ['nats_output', 'stream'],
      `'${n.stream}' is not a JetStream stream name (no spaces, '.', '*', '>', '/' or '\\')`,
    );
  }
  if ((n.tls.cert === '') !== (n.tls.key === '')) {
    issue(['nats_output', 'tls', n.tls.cert === '' ? 'cert' : 'key'], 'tls.cert and tls.key go together');
  }
  if (n.spool.path === '') issue(['nats_output', 'spool', 'path'], 'the spool needs a directory');
}

/** The JSON schema `--config-schema` prints (what a file may contain). */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' });
}
