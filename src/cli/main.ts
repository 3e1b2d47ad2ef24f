// Entry point of `peregrine`: parse Falco's flags, then run exactly one action. Each action lives in
// src/cli/commands/ and returns the process exit code; nothing below this file calls process.exit.
import { CommanderError } from 'commander';
import { type CliOptions, parseCli } from './options.ts';

// Each command is imported when it runs: esbuild puts what only one command needs (the live sensor, the
// container runtime client, the capture writer) in chunks that other commands never load or evaluate.
async function dispatch(opts: CliOptions): Promise<number> {
  if (opts.console !== undefined) return (await import('./commands/console.ts')).runConsole(opts, opts.console);
  if (opts.version) return (await import('./commands/version.ts')).runVersion(opts);
  if (opts.configSchema) return (await import('./commands/config-schema.ts')).runConfigSchema();
  if (opts.ruleSchema) return (await import('./commands/rule-schema.ts')).runRuleSchema();
  if (opts.list !== undefined) return (await import('./commands/list-fields.ts')).runListFields(opts);
  if (opts.listEvents) return (await import('./commands/list-events.ts')).runListEvents(opts);
  if (opts.validate.length > 0) return (await import('./commands/validate.ts')).runValidate(opts);
  if (opts.describeAll || opts.describeRule !== undefined)
    return (await import('./commands/describe.ts')).runDescribe(opts);
  if (opts.support) return (await import('./commands/support.ts')).runSupport(opts);
  if (opts.dryRun) return (await import('./commands/dry-run.ts')).runDryRun(opts);
  if (opts.writeFilter !== undefined && opts.writeFile === undefined) {
    process.stderr.write(`peregrine: unexpected argument '${opts.writeFilter}' (a condition is taken only with -w)\n`);
    return 1;
  }
  // Detection: replay a capture (-e, or engine.kind=replay in the configuration), else watch the host; or, with
  // -w, record events to a capture file.
  const config = (await import('./load-config.ts')).loadCliConfig(opts);
  if (config === undefined) return 1;
  if (opts.writeFile !== undefined) {
    return (await import('../app/record.ts')).runRecording({ ...opts, writeFile: opts.writeFile }, config);
  }
  return (await import('./commands/detect.ts')).runDetect(opts, config);
}

async function main(argv: string[]): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCli(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version-like displays exit 0; usage errors have already been printed by commander.
      return err.exitCode === 0 ? 0 : 1;
    }
    throw err;
  }
  return dispatch(opts);
}

// A reader that stops early (`peregrine --list | head`) closes the pipe: stop quietly, as other CLI tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A bug, not bad input: one line that says so, and the stack only when asked for (it helps a report, and
    // nobody else).
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(
      `peregrine: internal error: ${message} (a bug in Peregrine: please report it with the command line; PEREGRINE_DEBUG=1 prints the stack trace)\n`,
    );
    if (process.env.PEREGRINE_DEBUG === '1' && err instanceof Error && err.stack !== undefined)
      process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  },
);
