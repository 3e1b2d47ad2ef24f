// Falco's command line, parsed with commander. Every flag a Falco user types is accepted with Falco's meaning;
// the flags Peregrine has not built yet are accepted and refused with one sentence by the action that needs
// them, never silently ignored.
import { Command, InvalidArgumentError, Option } from 'commander';
import { PEREGRINE_VERSION } from '../version.ts';

export interface CliOptions {
  /** `-c FILE`: the configuration file. Undefined: the default search (/etc/peregrine/peregrine.yaml). */
  config?: string;
  /** `-r FILE_OR_DIR`, repeatable: rules files replace `rules_files` from the configuration. */
  rules: string[];
  /** `-V FILE`, repeatable: validate these rules files and exit. */
  validate: string[];
  /** `-o key=value`, repeatable, applied in order after the configuration file. */
  overrides: string[];
  /** `-e FILE`: replay a capture file (shorthand for `-o engine.kind=replay -o replay.capture_file=FILE`). */
  captureFile?: string;
  dryRun: boolean;
  /** `-L`: describe all rules. */
  describeAll: boolean;
  /** `-l RULE`: describe one rule. */
  describeRule?: string;
  /** `--list [SOURCE]`: list fields. `true` when no source was given. */
  list?: string | true;
  listEvents: boolean;
  /** `-N`: field names only, with --list. */
  namesOnly: boolean;
  markdown: boolean;
  format?: 'text' | 'markdown' | 'json';
  /** `-M SECONDS`: stop after this many seconds. */
  durationSeconds?: number;
  /** `-P FILE` */
  pidfile?: string;
  unbuffered: boolean;
  /** `-p FORMAT`: appended to every rule's output (`-pc`/`-pk` shorthands included). */
  print?: string;
  support: boolean;
  configSchema: boolean;
  ruleSchema: boolean;
  version: boolean;
  /** `-A`: monitor all events, including the noisy ones the default set leaves out. */
  allEvents: boolean;
  /** `-D SUBSTRING`, repeatable: disable rules whose name contains it. */
  disableRulesMatching: string[];
  /** `-T TAG`, repeatable: disable rules with the tag. */
  disableTags: string[];
  /** `-t TAG`, repeatable: enable only rules with the tag. */
  enableTags: string[];
  disableSources: string[];
  enableSources: string[];
  verbose: boolean;
  /** `-w FILE` (Peregrine's, after sysdig): write the events read (with -e) to a capture file instead of detecting. */
  writeFile?: string;
  /** With -w: a condition (Falco's filter syntax) selecting the events written; the positional argument. */
  writeFilter?: string;
  /** `peregrine console …`: serve the alert console instead of detecting. */
  console?: ConsoleCliOptions;
}

/** `peregrine console [--store FILE] [--listen ADDR:PORT] [--token TOKEN] [-c FILE] [-o key=value]`. */
export interface ConsoleCliOptions {
  /** The alert store file; default alert_store.path. */
  store?: string;
  /** ADDR:PORT; default console.listen. */
  listen?: string;
  /** The API's bearer token; default PEREGRINE_CONSOLE_TOKEN, then console.token. */
  token?: string;
  /** `--nats URL`, repeatable: read every host's alerts from NATS JetStream into the store (the fleet console). */
  nats: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Builds the commander program. Exposed for tests and for `--help`. */
export function buildProgram(): Command {
  const program = new Command('peregrine')
    .description(
      'Runtime threat detection for Linux hosts and containers. Speaks Falco: rules, falco.yaml, flags, alerts.',
    )
    .helpOption('-h, --help', 'print this page and exit')
    .allowExcessArguments(false)
    .configureOutput({ outputError: (str, write) => write(`peregrine: ${str.replace(/^error: /, '')}`) })
    .option('-c <path>', 'configuration file (default /etc/peregrine/peregrine.yaml; a falco.yaml is accepted as is)')
    .option(
      '-r <rules_file>',
      'rules file or directory; repeatable; replaces rules_files from the configuration',
      collect,
      [],
    )
    .option('-V, --validate <rules_file>', 'validate a rules file or directory and exit; repeatable', collect, [])
    .option(
      '-o, --option <key=value>',
      'set a configuration key (dot paths and [i]; the value is read as YAML); repeatable',
      collect,
      [],
    )
    .option('-e <events_file>', 'replay a .scap capture file (gzip or raw) instead of watching the host')
    .option('--dry-run', 'load configuration and rules, then exit without capturing')
    .option('-L', 'describe every loaded rule and exit (JSON with rules, macros and lists when json_output is true)')
    .option('-l <rule>', 'describe one rule and exit')
    .option('--list [source]', 'list the fields of every source, or of SOURCE, and exit')
    .option('--list-events', 'list every event type Peregrine decodes and exit')
    .option('-N', 'with --list, print field names only')
    .option('--markdown', 'with --list or --list-events, print Markdown')
    .addOption(
      new Option('--format <format>', 'with --list: text, markdown or json').choices(['text', 'markdown', 'json']),
    )
    .option('-M <num_seconds>', 'stop after this many seconds', parseSeconds)
    .option('-P, --pidfile <pid_file>', 'write the process id to this file')
    .option('-U, --unbuffered', 'write each alert as soon as it is produced (buffered_outputs: false)')
    .option(
      '-p, --print <output_format>',
      'append this format to every rule output; -pc and -pk add container and Kubernetes fields',
    )
    .option('--support', 'print version, configuration and rules files with digests as JSON, and exit')
    .option('--config-schema', 'print the JSON schema of the configuration and exit')
    .option('--rule-schema', 'print the JSON schema of rules files and exit')
    .option('--version', 'print version information and exit')
    .option('-A', 'monitor all events, including those left out by default for performance')
    .option('-D <substring>', 'disable rules whose name contains SUBSTRING; repeatable', collect, [])
    .option('-T <tag>', 'disable rules with this tag; repeatable', collect, [])
    .option('-t <tag>', 'enable only rules with this tag; repeatable', collect, [])
    .option('--disable-source <event_source>', 'disable an event source; repeatable', collect, [])
    .option('--enable-source <event_source>', 'enable only this event source; repeatable', collect, [])
    .option('-v', 'verbose output')
    .option(
      '-w, --write <capture_file>',
      'write the events of -e to a .scap file (gzip when it ends in .gz), filtered by the condition given after the options',
    )
    .argument(
      '[condition...]',
      'with -w: a condition selecting the events to write, e.g. "evt.type=open and proc.name=cat"',
    );
  return program;
}

/** -M's value; commander prints the error as a usage error (one line, exit 1). */
function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds)) {
    throw new InvalidArgumentError(`expected a number of seconds (e.g. 30 or 0.5), got '${value}'`);
  }
  return seconds;
}

/** The `console` subcommand's program. */
export function buildConsoleProgram(): Command {
  return new Command('peregrine console')
    .description('Serve the alert console: a web UI and a read-only JSON API over an alert store (docs/console.md).')
    .helpOption('-h, --help', 'print this page and exit')
    .allowExcessArguments(false)
    .configureOutput({ outputError: (str, write) => write(`peregrine: ${str.replace(/^error: /, '')}`) })
    .option('--store <file>', 'the alert store (default alert_store.path: /var/lib/peregrine/alerts.db)')
    .option('--listen <addr:port>', 'address and port to listen on (default console.listen: 127.0.0.1:8766)')
    .option(
      '--token <token>',
      'bearer token the API requires (required on a non-loopback address; also PEREGRINE_CONSOLE_TOKEN)',
    )
    .option(
      '--nats <url>',
      "read the fleet's alerts from NATS JetStream (nats_output.stream, tls and credentials of the configuration) into the store; repeatable for a cluster",
      collect,
      [],
    )
    .option('-c <path>', 'configuration file (for alert_store, console and nats_output settings)')
    .option('-o, --option <key=value>', 'set a configuration key; repeatable', collect, []);
}

/** Parses argv (without the node and script entries). Throws commander's errors for unknown flags. */
export function parseCli(argv: string[]): CliOptions {
  if (argv[0] === 'console') {
    const program = buildConsoleProgram();
    program.exitOverride();
    program.parse(argv.slice(1), { from: 'user' });
    const o = program.opts();
    const base = parseCli([]);
    return {
      ...base,
      config: o.c,
      overrides: o.option,
      console: { store: o.store, listen: o.listen, token: o.token, nats: o.nats },
    };
  }
  const program = buildProgram();
  program.exitOverride();
  program.parse(argv, { from: 'user' });
  const o = program.opts();
  return {
    config: o.c,
    rules: o.r,
    validate: o.validate,
    overrides: o.option,
    captureFile: o.e,
    dryRun: Boolean(o.dryRun),
    describeAll: Boolean(o.L),
    describeRule: o.l,
    list: o.list,
    listEvents: Boolean(o.listEvents),
    namesOnly: Boolean(o.N),
    markdown: Boolean(o.markdown),
    format: o.format,
    durationSeconds: o.M,
    pidfile: o.pidfile,
    unbuffered: Boolean(o.unbuffered),
    print: o.print,
    support: Boolean(o.support),
    configSchema: Boolean(o.configSchema),
    ruleSchema: Boolean(o.ruleSchema),
    version: Boolean(o.version),
    allEvents: Boolean(o.A),
    disableRulesMatching: o.D,
    disableTags: o.T,
    enableTags: o.t,
    disableSources: o.disableSource,
    enableSources: o.enableSource,
    verbose: Boolean(o.v),
    writeFile: o.write,
    writeFilter: program.args.length > 0 ? program.args.join(' ') : undefined,
  };
}

export const versionLine = `Peregrine version: ${PEREGRINE_VERSION}`;
