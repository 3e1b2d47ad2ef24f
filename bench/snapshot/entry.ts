// The snapshot's entry point (bench/snapshot/build.ts, issue 15 item 2): evaluated once by
// `node --build-snapshot`, its heap is saved in the blob, and every run starts from that heap with `run` as its main.
// Evaluating means every module of the CLI, the command modules and the lazily loaded libraries included (they are
// what a run would otherwise compile and evaluate), but nothing that reads the run's own state: no argv, env, cwd,
// stdout, clock or random number is touched here; src/cli/main.ts's own top level (the EPIPE handler on
// process.stdout, main(argv)) is turned into `run` by the build's plugin and called after deserialisation.
import { startupSnapshot } from 'node:v8';
// @ts-expect-error: main.ts exports `run` only as bench/snapshot/build.ts rewrites it (its plugin defer-main).
import { run } from '../../src/cli/main.ts';
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
import '../../src/cli/load-config.ts';
import '../../src/cli/commands/detect.ts';
import { re2js } from '../../src/rules/ops/re2js-library.ts';
// The lazily required libraries, inlined by the build's plugin: evaluated here too.
import { yamlLibrary } from '../../src/text/yaml-library.ts';

yamlLibrary();
re2js();

startupSnapshot.setDeserializeMainFunction(() => {
  // Under a snapshot, process.argv is [node, ...arguments]: no script path. main.ts reads argv from index 2.
  process.argv.splice(1, 0, SCRIPT);
  run();
});

declare const SCRIPT: string;
