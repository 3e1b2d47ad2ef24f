// What Peregrine uses of re2js: the bundle's entry point dist/re2js-library.mjs, loaded on first use by
// re2js-library.ts (scripts/build.ts builds it).
export { RE2JS } from 're2js';
