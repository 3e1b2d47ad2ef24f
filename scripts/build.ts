// Bundles the CLI into dist/peregrine.mjs. A bundle starts in ~100 ms where Node's type stripping of the
// whole source tree takes ~300 ms (../shared/docs/libraries.md); the tests run the bundle, as users do.

import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const BANNER =
  "import { createRequire as __peregrineRequire } from 'node:module'; const require = __peregrineRequire(import.meta.url);";

// Chunk names carry content hashes: clear the old ones so dist/ holds exactly one build.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  // The worker threads' scripts are entry points of their own (src/thread-script.ts finds them beside the bundle).
  entryPoints: {
    peregrine: 'src/cli/main.ts',
    'store-writer': 'src/store/writer-thread.ts',
    'console-reader': 'src/console/reader-thread.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // Code behind a dynamic import() lands in its own chunk, compiled only by the runs that load it.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Native add-ons cannot be bundled; everything else is, so dist/ runs without node_modules (the container
  // image carries dist/, the Node binary and the add-on). The HTTP client, the Prometheus client and the file
  // watcher are reached through dynamic imports, so they sit in chunks that only the runs using them compile.
  external: ['unix-dgram'],
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: BANNER },
});

// The alert console's page (src/console/ui/): Preact + htm + uPlot bundled into one script and one stylesheet, served
// by Peregrine itself (no CDN: the hosts are often offline). Plain files, no inline script: the page's
// Content-Security-Policy allows only this origin's scripts.
await build({
  absWorkingDir: root,
  entryPoints: { app: 'src/console/ui/main.ts' },
  outdir: 'dist/console/assets',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
mkdirSync(join(root, 'dist/console'), { recursive: true });
copyFileSync(join(root, 'src/console/ui/index.html'), join(root, 'dist/console/index.html'));

// esbuild puts the banner in every chunk, but only the chunk with its runtime helpers (`__require`) uses
// `require`; each createRequire costs ~1 ms of start-up. Elsewhere the banner line becomes an empty line (the
// line count, and so the source maps, stay as they are).
for (const file of outputFiles(join(root, 'dist'))) {
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith(BANNER)) continue;
  const body = text.slice(BANNER.length);
  if (!/(?<![\w$.])require\s*[(.[]|typeof require\b/.test(body)) writeFileSync(file, body);
}

function outputFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? outputFiles(join(dir, e.name)) : e.name.endsWith('.mjs') ? [join(dir, e.name)] : [],
  );
}
