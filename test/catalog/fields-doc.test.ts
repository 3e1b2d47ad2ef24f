// docs/fields.md must be what `npm run docs:fields` writes from the current catalogue.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderFieldsDoc } from '../../src/fields/fields-doc.ts';
import { ROOT } from '../helpers/cli.ts';

test('docs/fields.md is up to date with the field catalogue (run `npm run docs:fields`)', () => {
  const committed = readFileSync(`${ROOT}docs/fields.md`, 'utf8');
  assert.ok(committed === renderFieldsDoc(), 'docs/fields.md is stale: run `npm run docs:fields` and commit it');
});

test('docs/fields.md documents every field, with argument forms', () => {
  const doc = renderFieldsDoc();
  assert.match(
    doc,
    /^\| `proc\.aname` \| CHARBUF \| `\[N\]`, optional \| not as a right-hand side, no transformers \| /m,
  );
  assert.match(doc, /^\| `evt\.arg` \| CHARBUF \| `\.NAME` or `\[N\]`, required \| /m);
  assert.match(doc, /^\| `container\.mount\.dest` \| CHARBUF \| `\[N\] or \[KEY\]`, required \| /m);
  assert.match(doc, /^\| `evt\.latency` \| RELTIME \| {2}\| deprecated \| /m);
  assert.match(doc, /^## `util`\n/m);
});
