// The catalogue's record types: a field or class of src/fields/types.ts without extractors. The catalogue is
// pure data (names, types, flags, descriptions); src/fields/registry.ts joins it with src/fields/extract/*.
import type { FieldClass, FieldDef } from '../types.ts';

/** A field as the catalogue describes it: everything but the extractor. */
export type CatalogField = Omit<FieldDef<never>, 'bind'>;

/** A field class as the catalogue describes it. */
export interface CatalogClass extends Omit<FieldClass<never>, 'fields'> {
  readonly fields: readonly CatalogField[];
}
