// Writes docs/fields.md from the field catalogue: `npm run docs:fields`. test/catalog/fields-doc.test.ts fails
// when the committed file differs from what this would write.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderFieldsDoc } from '../src/fields/fields-doc.ts';

const out = fileURLToPath(new URL('../docs/fields.md', import.meta.url));
writeFileSync(out, renderFieldsDoc());
process.stdout.write(`wrote ${out}\n`);
