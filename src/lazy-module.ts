// A library loaded on first use, synchronously. Evaluating a large library costs every start that never needs it
// (`--version`, a replay whose rules use no regex), and the code that needs it (a rules or configuration reader)
// is synchronous, so `import()` cannot wait for it. From the sources (tests), the package itself is required; in
// the bundle, scripts/build.ts makes the library an entry point of its own beside dist/peregrine.mjs, required as
// an ES module (Node 24's require(esm)). docs/performance.md, "Start-up and replay (issue 15)".
import { createRequire } from 'node:module';

/**
 * @param here the calling module's import.meta.url
 * @param pkg the package, as required from the sources
 * @param bundled the entry point's file in dist/ (`yaml-library.mjs`)
 */
export function lazyModule<T>(here: string, pkg: string, bundled: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      const load = createRequire(here);
      loaded = (
        here.endsWith('.ts') ? load(pkg) : load(here.includes('/chunks/') ? `../${bundled}` : `./${bundled}`)
      ) as T;
    }
    return loaded;
  };
}
