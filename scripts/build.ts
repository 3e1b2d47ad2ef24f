// Bundles the CLI into dist/peregrine.mjs. A bundle starts in ~100 ms where Node's type stripping of the
// whole source tree takes ~300 ms (../shared/docs/libraries.md); the tests run the bundle, as users do.

import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const BANNER =
  "import { createRequire as __peregrineRequire } from 'node:module'; const require = __peregrineRequire(import.meta.url);";

// commander (evaluated by every run, `--version` included) imports node:child_process, which brings net, dgram and
// the streams, for executable subcommands only; Peregrine has none. It gets child_process on first use instead.
const commanderChildProcess: Plugin = {
  name: 'commander-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy-builtin' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents:
        "export default new Proxy({}, { get: (_, key) => process.getBuiltinModule('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// Chunk names carry content hashes: clear the old ones so dist/ holds exactly one build.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  // The worker threads' scripts are entry points of their own (src/thread-script.ts finds them beside the bundle).
  entryPoints: {
    peregrine: 'src/cli/main.ts',
    'store-writer': 'src/store/writer-thread.ts',
    'console-reader': 'src/console/reader-thread.ts',
    // Libraries loaded synchronously on first use (src/lazy-module.ts): most runs never need them.
    'yaml-library': 'src/text/yaml-library-entry.ts',
    're2js-library': 'src/rules/ops/re2js-library-entry.ts',
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
  plugins: [commanderChildProcess],
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

// Built-in modules without their ESM facades. `import … from 'node:util'` makes Node build an ES module namespace
// for the built-in, which reads every export once, lazy getters included: node:util's facade loads parseArgs and
// worker_threads, node:process's readline and the REPL history, node:fs's the promises API and its streams (~30
// internal modules each, at every start, `--version` included). Each top-level import of a built-in becomes a
// constant bound to process.getBuiltinModule(name), the object the facade wraps. The constants go to the start of
// the first line, as imports are hoisted; the import's own lines are left empty, so source maps stay right.
// docs/performance.md, "Start-up and replay (issue 15)".
const BUILTIN_IMPORT =
  /^import\s+(?:(\*\s+as\s+[\w$]+)|([\w$]+)\s*,\s*(\{[^}]*\})|([\w$]+)|(\{[^}]*\}))?\s*(?:from\s*)?"([^"]+)";/gm;
for (const file of outputFiles(join(root, 'dist'))) {
  const text = readFileSync(file, 'utf8');
  const hoisted: string[] = [];
  const body = text.replace(BUILTIN_IMPORT, (all: string, ns, def, defNamed, plain, named, spec: string) => {
    if (!isBuiltin(spec)) return all;
    const get = `process.getBuiltinModule(${JSON.stringify(spec)})`;
    const destructure = (braces: string) => braces.replace(/\s+/g, ' ').replace(/([\w$]+) as ([\w$]+)/g, '$1: $2');
    if (ns !== undefined) hoisted.push(`const ${ns.replace(/^\*\s+as\s+/, '')} = ${get};`);
    else if (def !== undefined) hoisted.push(`const ${def} = ${get}, ${destructure(defNamed)} = ${def};`);
    else if (plain !== undefined) hoisted.push(`const ${plain} = ${get};`);
    else if (named !== undefined) hoisted.push(`const ${destructure(named)} = ${get};`);
    else hoisted.push(`${get};`);
    return '\n'.repeat(all.split('\n').length - 1);
  });
  if (hoisted.length === 0) continue;
  if (/^import\b[^;]*"node:[^"]+";/m.test(body)) throw new Error(`${file}: a built-in import was left as it was`);
  writeFileSync(file, `${hoisted.join(' ')} ${body}`);
}

// ASCII-only output. esbuild escapes non-ASCII characters in strings but keeps them in the comments it preserves
// (JSDoc); one `…` or `→` made Node decode the whole chunk as UTF-8 into a two-byte string and V8 scan that, at
// every start (docs/performance.md, "Start-up and replay (issue 15)"). Every non-ASCII character becomes its
// \u escape: text in a comment, the same character in a string, template, regular expression or identifier.
for (const file of outputFiles(join(root, 'dist'))) {
  const text = readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) continue;
  writeFileSync(
    file,
    text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

function outputFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? outputFiles(join(dir, e.name)) : e.name.endsWith('.mjs') ? [join(dir, e.name)] : [],
  );
}
