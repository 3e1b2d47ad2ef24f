// The real captures in ../shared/upstream/scap, which the capture, replay and field tests run over.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from './cli.ts';

export const SCAP = join(SHARED, 'upstream/scap');

/** Every `.scap` fixture (one folder deep), sorted by path. */
export function scapFixtures(): string[] {
  return readdirSync(SCAP, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(SCAP, d.name)).map((f) => join(SCAP, d.name, f)))
    .filter((f) => f.endsWith('.scap'))
    .sort();
}
