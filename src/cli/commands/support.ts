// --support: one JSON object for bug reports, as Falco's print_support: system information, versions, the
// command line, the effective configuration (after includes, -o and defaults), the configuration files read
// and every rules file with its content and SHA-256 digest. Then exit 0.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, machine, release, type, version } from 'node:os';
import { expandRulesPaths } from '../../rules/paths.ts';
import { versionsInfo } from '../../server/versions.ts';
import { PEREGRINE_VERSION } from '../../version.ts';
import { loadCliConfig } from '../load-config.ts';
import type { CliOptions } from '../options.ts';

export function runSupport(opts: CliOptions, argv: readonly string[] = process.argv): number {
  const cfg = loadCliConfig(opts);
  if (cfg === undefined) return 1;
  const { meta, ...effective } = cfg;
  const paths = opts.rules.length > 0 ? opts.rules : cfg.rules_files;
  const rulesFiles = expandRulesPaths(paths).files.map((name) => {
    let content = '';
    try {
      content = readFileSync(name, 'utf8');
    } catch (err) {
      return { name, error: `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`, variants: [] };
    }
    return { name, sha256: createHash('sha256').update(content).digest('hex'), variants: [{ content }] };
  });
  const support = {
    system_info: { sysname: type(), nodename: hostname(), release: release(), version: version(), machine: machine() },
    version: PEREGRINE_VERSION,
    engine_info: versionsInfo(),
    cmdline: ['peregrine', ...argv.slice(2)].join(' '),
    config: effective,
    config_files: meta.files,
    config_warnings: meta.warnings,
    rules_files: rulesFiles,
  };
  process.stdout.write(`${JSON.stringify(support, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
  return 0;
}
