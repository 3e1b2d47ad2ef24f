// re2js, loaded when a rule first uses `regex` (src/lazy-module.ts): it is a quarter of a megabyte of code that
// every run loading rules compiled and evaluated, and Falco's upstream rules use no `regex`.
import { lazyModule } from '../../lazy-module.ts';
import type * as Library from './re2js-library-entry.ts';

export const re2js: () => typeof Library = lazyModule(import.meta.url, 're2js', 're2js-library.mjs');
