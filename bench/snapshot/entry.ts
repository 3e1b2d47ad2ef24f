// The snapshot's entry point (bench/snapshot/build.ts, issue 15 item 2): evaluated once by
// `node --build-snapshot`, its heap is saved in the blob, and every run starts from that heap with `run` as its main.
// Evaluating means every module of the CLI, the command modules and the lazily loaded libraries included (they are
// what a run would otherwise compile and evaluate), but nothing of the run's own state: src/cli/main.ts's own top
// level (the EPIPE handler on process.stdout, main(argv)) is turned into `run` by the build's plugin and called
// after deserialisation; the environment variables and files read while building are listed by env-guard.ts
// (HOST_ROOT, read at module level by src/state/handlers/files.ts, is the one known to be baked in). The report
// goes to the builder's stderr; the run gets its own stdio (a run's `2>FILE` receives its log lines).

import { startupSnapshot } from 'node:v8';
// @ts-expect-error: main.ts exports `run` only as bench/snapshot/build.ts rewrites it (its plugin defer-main).
import { run } from '../../src/cli/main.ts';
import { endEnvGuard } from './env-guard.ts';
// The commands main.ts imports dynamically: imported here, they are evaluated at build time (esbuild's CommonJS
// output keeps each behind an init function that the dynamic import calls again at run time, a no-op by then).
import '../../src/cli/commands/version.ts';
import '../../src/cli/commands/validate.ts';
import '../../src/cli/commands/dry-run.ts';
import '../../src/cli/commands/describe.ts';
import '../../src/cli/commands/list-fields.ts';
import '../../src/cli/commands/list-events.ts';
import '../../src/cli/commands/config-schema.ts';
import '../../src/cli/commands/rule-schema.ts';
import '../../src/cli/commands/detect.ts';
import { readFileSync } from 'node:fs';
import { loadOptions } from '../../src/app/rules-env.ts';
import { EVENT_TABLE, PPM_EVENT_MAX } from '../../src/capture/event-table.ts';
import { loadCliConfig } from '../../src/cli/load-config.ts';
import { parseCli } from '../../src/cli/options.ts';
import { Engine } from '../../src/engine/engine.ts';
import { loadRules } from '../../src/rules/loader.ts';
import { re2js } from '../../src/rules/ops/re2js-library.ts';
// The lazily required libraries, inlined by the build's plugin: evaluated here too.
import { yamlLibrary } from '../../src/text/yaml-library.ts';

yamlLibrary();
re2js();

// --warm=FILE,…: load these rules files once at build time, result discarded, so that the functions of the
// configuration and rules loaders (and the caches they fill on first use) are compiled, and kept, in the snapshot.
// Nothing of the run's is read: the files are the build's, the configuration the checkout's default.
if (WARM_RULES.length > 0) {
  const opts = parseCli(WARM_RULES.flatMap((f) => ['-V', f]));
  const config = loadCliConfig(opts);
  if (config === undefined) throw new Error('snapshot warm-up: no configuration');
  const res = loadRules<{ type: number; num: number }>(opts.validate, { ...loadOptions(opts, config), validate: true });
  if (!res.successful) throw new Error('snapshot warm-up: the rules did not load');
}

// --warm-capture=FILE: the capture decoded once at build time by an Engine whose sink only counts (as
// bench/replay-pass.ts does), so that the decoder's and the state parsers' functions are compiled in the snapshot.
// The Engine is dropped; nothing of it is referenced from the heap that is saved.
if (WARM_CAPTURE !== '') {
  let n = 0;
  const engine = new Engine({
    event() {
      n++;
    },
  });
  const codes: number[] = [];
  for (let c = 0; c < PPM_EVENT_MAX; c++) if (/^open(at)?$/.test(EVENT_TABLE[c]?.name ?? '')) codes.push(c);
  engine.setRelevant(codes, new Set(['fd.name', 'proc.name', 'evt.type']));
  engine.blocks.push(readFileSync(WARM_CAPTURE));
  engine.blocks.end();
  if (n === 0) throw new Error('snapshot warm-up: the capture had no open events');
}

const read = endEnvGuard();
if (read.env.length > 0)
  console.error(`snapshot: environment read at build time (baked into the blob): ${read.env.join(' ')}`);
if (read.files.length > 0) console.error(`snapshot: files read at build time: ${read.files.join(' ')}`);

startupSnapshot.setDeserializeMainFunction(() => {
  // Under a snapshot, process.argv is [node, ...arguments]: no script path. main.ts reads argv from index 2.
  process.argv.splice(1, 0, SCRIPT);
  run();
});

declare const SCRIPT: string;
declare const WARM_RULES: readonly string[];
declare const WARM_CAPTURE: string;
