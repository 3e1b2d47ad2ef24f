// The lean variant of entry.ts (bench/snapshot/build.ts --lean): the snapshot holds only what every run evaluates
// (src/cli/main.ts and its static imports: the command line, commander); the commands are evaluated when they run,
// and the lazily loaded libraries are required from dist/ on first use, as in the bundle.
import { startupSnapshot } from 'node:v8';
// @ts-expect-error: main.ts exports `run` only as bench/snapshot/build.ts rewrites it (its plugin defer-main).
import { run } from '../../src/cli/main.ts';

startupSnapshot.setDeserializeMainFunction(() => {
  // Under a snapshot, process.argv is [node, ...arguments]: no script path. main.ts reads argv from index 2.
  process.argv.splice(1, 0, SCRIPT);
  run();
});

declare const SCRIPT: string;
