// What Peregrine uses of the `yaml` library: the bundle's entry point dist/yaml-library.mjs, loaded on first use by
// yaml-library.ts (scripts/build.ts builds it).
export { isAlias, isMap, isScalar, isSeq, LineCounter, parse, parseAllDocuments, parseDocument } from 'yaml';
