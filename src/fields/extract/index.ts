// Every extractor, by full field name: what the registry joins with the catalogue's field records
// (FieldDef.bind). A name present in the catalogue and absent here validates in rules and is always `null`.

import type { ExtractorMap } from './common.ts';
import { extractors as container } from './container.ts';
import { extractors as evt } from './evt.ts';
import { extractors as fd } from './fd.ts';
import { extractors as fdlist } from './fdlist.ts';
import { extractors as fspath } from './fspath.ts';
import { extractors as proc } from './proc.ts';
import { extractors as user } from './user.ts';

export type { Bind, ExtractorMap } from './common.ts';

export const EXTRACTORS: ExtractorMap = { ...evt, ...proc, ...fd, ...fdlist, ...fspath, ...user, ...container };
