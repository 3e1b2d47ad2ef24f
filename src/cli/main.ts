// Entry point of `peregrine`: parse Falco's flags, then run exactly one action. Each action lives in
// src/cli/commands/ and returns the process exit code; nothing below this file calls process.exit.
import { CommanderError } from 'commander';
import { runCaptureWrite } from './commands/capture-write.ts';
import { runConfigSchema } from './commands/config-schema.ts';
import { runDescribe } from './commands/describe.ts';
import { runDryRun } from './commands/dry-run.ts';
import { runListEvents } from './commands/list-events.ts';
import { runListFields } from './commands/list-fields.ts';
import { runLive } from './commands/live.ts';
import { replayFile, runReplay } from './commands/replay.ts';
import { runRuleSchema } from './commands/rule-schema.ts';
import { runSupport } from './commands/support.ts';
import { loadCliConfig, runValidate } from './commands/validate.ts';
import { runVersion } from './commands/version.ts';
import { type CliOptions, parseCli } from './options.ts';

async function dispatch(opts: CliOptions): Promise<number> {
  if (opts.version) return runVersion(opts);
  if (opts.configSchema) return runConfigSchema();
  if (opts.ruleSchema) return runRuleSchema();
  if (opts.list !== undefined) return runListFields(opts);
  if (opts.listEvents) return runListEvents(opts);
  if (opts.validate.length > 0) return runValidate(opts);
  if (opts.describeAll || opts.describeRule !== undefined) return runDescribe(opts);
  if (opts.support) return runSupport(opts);
  if (opts.dryRun) return runDryRun(opts);
  if (opts.writeFilter !== undefined && opts.writeFile === undefined) {
    process.stderr.write(`peregrine: unexpected argument '${opts.writeFilter}' (a condition is taken only with -w)\n`);
    return 1;
  }
  // Detection: replay a capture (-e, or engine.kind=replay in the configuration), else watch the host.
  const config = loadCliConfig(opts);
  if (config === undefined) return 1;
  if (opts.writeFile !== undefined) return runCaptureWrite(opts, config);
  if (replayFile(opts, config) !== undefined) return runReplay(opts, config);
  return runLive(opts, config);
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
    // A bug, not bad input: say so plainly and keep the stack for the report.
    process.stderr.write(
      `peregrine: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
