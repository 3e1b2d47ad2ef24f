// What an extractor file exports: a map from catalogue field name to its bind function (FieldDef.bind).
import type { FieldDef } from '../types.ts';

/** The event the syscall source's extractors read: the capture flyweight with its state links. */
export type { Event as SyscallEvent } from '../../state/event.ts';

/** Creates the extractor for one use of a field, checking its argument (see FieldDef.bind). */
export type Bind<E> = NonNullable<FieldDef<E>['bind']>;

/** Field name → bind function. Every key must name a field of the catalogue class the map belongs to. */
export type ExtractorMap<E> = Readonly<Record<string, Bind<E>>>;
