// Builds the V8 startup snapshot prototype (issue 15 item 2; docs/performance.md, "V8 startup snapshot
// (prototype)"): a single CommonJS bundle of the CLI (bench/snapshot/out/peregrine.cjs, no code splitting, the
// lazily loaded libraries inlined) and the blob `node --build-snapshot` writes from it (out/peregrine.blob).
// Run it after `npm run build` (the worker threads' scripts are still dist/'s):
//
//   node_modules/node/bin/node bench/snapshot/build.ts [--lean] [--warm=RULES_FILE,…] [--warm-capture=SCAP]
//   node_modules/node/bin/node --snapshot-blob bench/snapshot/out/peregrine.blob [FLAGS] -- ARGS
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'bench/snapshot/out');
const node = join(root, 'node_modules/node/bin/node');
// --lean: entry-lean.ts, only what every run evaluates (no command modules, no inlined libraries).
const lean = process.argv.includes('--lean');
// --warm-capture=FILE: entry.ts decodes this capture at build time (not with --lean).
const warmCapture = process.argv.find((a) => a.startsWith('--warm-capture='))?.slice('--warm-capture='.length);
// --warm=FILE,…: entry.ts loads these rules files at build time (not with --lean).
const warm =
  process.argv
    .find((a) => a.startsWith('--warm='))
    ?.slice(7)
    .split(',') ?? [];
mkdirSync(out, { recursive: true });

// src/cli/main.ts runs main(argv) at its top level and puts a handler on process.stdout: both must wait for the
// run (at build time there is no argv, and touching process.stdout would capture the builder's fd 1 in the heap).
const TAIL = '// A reader that stops early';
const deferMain: Plugin = {
  name: 'defer-main',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]main\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const at = text.indexOf(TAIL);
      if (at < 0) throw new Error(`${args.path}: "${TAIL}" not found`);
      return { contents: `${text.slice(0, at)}export function run(): void {\n${text.slice(at)}\n}\n`, loader: 'ts' };
    });
  },
};

// The libraries that the bundle loads on first use (src/lazy-module.ts) are plain imports here: in a snapshot their
// evaluation is already done, so there is nothing left to save by deferring it.
const inlineLazy: Plugin = {
  name: 'inline-lazy',
  setup(b) {
    const lazy: Record<string, [string, string]> = {
      'yaml-library.ts': ['yamlLibrary', './yaml-library-entry.ts'],
      're2js-library.ts': ['re2js', './re2js-library-entry.ts'],
    };
    b.onLoad({ filter: /[\\/]src[\\/].*-library\.ts$/ }, (args) => {
      const entry = lazy[args.path.slice(args.path.lastIndexOf('/') + 1)];
      if (entry === undefined) return undefined;
      return {
        contents: `import * as L from '${entry[1]}'; export const ${entry[0]} = () => L;`,
        loader: 'ts',
        resolveDir: args.path.slice(0, args.path.lastIndexOf('/')),
      };
    });
  },
};

// import.meta.url is the bundle's place in dist/: the worker threads' scripts (store-writer.mjs, console-reader.mjs),
// the console's assets and the configuration directory are found from it, as from dist/peregrine.mjs.
const here = pathToFileURL(join(root, 'dist/peregrine.mjs')).href;
await build({
  absWorkingDir: root,
  entryPoints: [lean ? 'bench/snapshot/entry-lean.ts' : 'bench/snapshot/entry.ts'],
  outfile: join(out, 'peregrine.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  logLevel: 'warning',
  external: ['unix-dgram'],
  // The bundle's text is kept in the snapshot's heap (V8 compiles functions lazily from it, and every function not
  // run at build time is compiled from it at run time): minified, no comments, ASCII only (one non-ASCII character
  // would make it a two-byte string, twice the size), it is about half as large.
  minify: !process.argv.includes('--no-minify'),
  charset: 'ascii',
  keepNames: true,
  legalComments: 'none',
  define: {
    'import.meta.url': JSON.stringify(here),
    SCRIPT: JSON.stringify(join(root, 'dist/peregrine.mjs')),
    WARM_RULES: JSON.stringify(warm.map((f) => resolve(f))),
    WARM_CAPTURE: JSON.stringify(warmCapture === undefined ? '' : resolve(warmCapture)),
  },
  // Evaluated before any module of the bundle (an import in entry.ts could be sorted after others).
  inject: lean ? [] : ['bench/snapshot/env-guard.ts'],
  plugins: lean ? [deferMain] : [deferMain, inlineLazy],
});

const blob = join(out, 'peregrine.blob');
execFileSync(node, ['--snapshot-blob', blob, '--build-snapshot', join(out, 'peregrine.cjs')], {
  cwd: out,
  stdio: 'inherit',
});
console.log(`${blob}: ${(statSync(blob).size / 1048576).toFixed(1)} MiB`);
