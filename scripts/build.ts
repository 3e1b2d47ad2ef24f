// Bundles the CLI into dist/peregrine.mjs. A bundle starts in ~100 ms where Node's type stripping of the
// whole source tree takes ~300 ms (../shared/docs/libraries.md); the tests run the bundle, as users do.

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/peregrine.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Native add-ons cannot be bundled. The HTTP client, the Prometheus client and the file watcher are loaded
  // from node_modules only when their feature is on (dynamic imports), so they stay out of the bundle every
  // start-up has to compile; everything else is bundled.
  external: ['unix-dgram', 'undici', '@prometheus-io/client', 'chokidar'],
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __peregrineRequire } from 'node:module'; const require = __peregrineRequire(import.meta.url);",
  },
});
