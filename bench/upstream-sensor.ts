// The sensor loader alone, capturing what Falco's three upstream rules files need, with their prefilter tables in
// force: shared by bench/sensor-programs.ts and bench/record-builds.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventTypeMap, fieldRegistry } from '../src/app/rules-env.ts';
import { selectSyscalls } from '../src/capture/syscall-set.ts';
import { compilePrefilter } from '../src/engine/prefilter/compile.ts';
import { prefilterCommand } from '../src/engine/prefilter/encode.ts';
import { loadRules } from '../src/rules/loader.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SENSOR = join(ROOT, 'sensor/build/peregrine-sensor');

/** The three upstream rules files, their prefilter tables (the loader's command) and the syscalls they need. */
export function upstreamPrefilter(): { readonly tables: string; readonly syscalls: string } {
  const rules = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
    join(ROOT, '../shared/upstream/falco-rules', f),
  );
  const loaded = loadRules(rules, { registry: fieldRegistry(), eventTypes: eventTypeMap });
  if (loaded.ruleset === undefined) throw new Error('the rules do not load');
  return {
    tables: prefilterCommand(compilePrefilter([loaded.ruleset.enabled])),
    syscalls: selectSyscalls(loaded.ruleset.eventCodes()).native.join(','),
  };
}

/**
 * Starts the loader `bin` writing to `output`, capturing `syscalls`; resolves once it is ready and, with `tables`,
 * once they are in force.
 */
export async function startLoader(
  bin: string,
  output: string,
  syscalls: string,
  tables: string | undefined,
  stderr: 'ignore' | 'inherit' = 'ignore',
): Promise<ChildProcess> {
  const child = spawn(bin, ['--commands', '--stats-fd', '3', '--output', output, '--syscalls', syscalls], {
    stdio: ['pipe', 'ignore', stderr, 'pipe'],
  });
  let text = '';
  child.stdio[3]?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  const seen = (type: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (text.includes(`"type":"${type}"`)) resolve();
      };
      child.stdio[3]?.on('data', check);
      check();
    });
  await seen('ready');
  if (tables !== undefined) {
    child.stdin?.write(`${tables}\n`);
    await seen('prefilter');
  }
  return child;
}
