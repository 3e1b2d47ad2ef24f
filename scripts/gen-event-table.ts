// Writes src/capture/{event-table-data,flag-tables,syscall-table,name-tables}.ts from the falcosecurity/libs files
// in third_party/falcosecurity-libs/: `npm run gen:event-table` (needs a C compiler: `cc`, or `$CC`).
// test/capture/event-table-generator.test.ts fails when the committed files differ from what this writes. To follow
// a newer libs, replace the files there (and the commit in the README and in scripts/event-table/libs-dump.ts),
// run this, and look at the diff.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_FILES, generateEventTableFiles } from './event-table/generate.ts';

const files = generateEventTableFiles();
for (const path of GENERATED_FILES) {
  const out = fileURLToPath(new URL(`../${path}`, import.meta.url));
  const before = readFileSync(out, 'utf8');
  if (before === files[path]) {
    process.stdout.write(`unchanged ${path}\n`);
    continue;
  }
  writeFileSync(out, files[path]);
  process.stdout.write(`wrote ${path}\n`);
}
