// The `yaml` library, loaded when first needed (src/lazy-module.ts). Rules and configuration files are read by the
// fast reader (yaml-fast.ts); the library reads only what that reader leaves to it (anchors, flow collections,
// syntax errors…) and `-o` values, and evaluating its ~70 modules cost every start about as much as reading the
// configuration itself.
import { lazyModule } from '../lazy-module.ts';
import type * as Library from './yaml-library-entry.ts';

export type YamlLibrary = typeof Library;

export const yamlLibrary: () => YamlLibrary = lazyModule(import.meta.url, 'yaml', 'yaml-library.mjs');
