// The `yaml` library, loaded when first needed. Rules and configuration files are read by the fast reader
// (yaml-fast.ts); the library reads only what that reader leaves to it (anchors, flow collections, syntax errors…)
// and `-o` values. Evaluating its ~70 modules cost every start, `--version` included, about as much as reading
// the configuration itself, so it is loaded on first use, synchronously: from the sources (tests), the package;
// in the bundle, its own entry point dist/yaml-library.mjs (scripts/build.ts) through require(esm).
// docs/performance.md, "Start-up and replay (issue 15)".
import { createRequire } from 'node:module';
import type * as Library from './yaml-library-entry.ts';

export type YamlLibrary = typeof Library;

let library: YamlLibrary | undefined;

export function yamlLibrary(): YamlLibrary {
  if (library === undefined) {
    const here = import.meta.url;
    const load = createRequire(here);
    library = (
      here.endsWith('.ts')
        ? load('yaml')
        : load(here.includes('/chunks/') ? '../yaml-library.mjs' : './yaml-library.mjs')
    ) as YamlLibrary;
  }
  return library;
}
