// The event table's data files are the output of scripts/gen-event-table.ts over the libs files checked in under
// third_party/falcosecurity-libs/, and those files are libs' own, unmodified. (What the data says is checked
// against sysdig, Wireshark and the kernel in test/catalog/event-table.test.ts.)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GENERATED_FILES, generateEventTableFiles } from '../../scripts/event-table/generate.ts';
import { dumpLibsTables, LIBS_COMMIT, LIBS_DIR, readLibsNames } from '../../scripts/event-table/libs-dump.ts';
import { renderEventTableFiles } from '../../scripts/event-table/render.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('the checked-in event-table files are exactly what the generator writes', () => {
  const generated = generateEventTableFiles();
  assert.deepEqual(Object.keys(generated).sort(), [...GENERATED_FILES].sort());
  for (const path of GENERATED_FILES) {
    const committed = readFileSync(join(ROOT, path), 'utf8');
    // A line-level message: the whole-file diff of a 5,000-line file is unreadable.
    const want = generated[path].split('\n');
    const have = committed.split('\n');
    const line = want.findIndex((l, i) => l !== have[i]);
    assert.ok(
      committed === generated[path],
      `${path} differs from the generator's output at line ${line + 1}:\n  committed: ${have[line]}\n  generated: ` +
        `${want[line]}\nrun \`npm run gen:event-table\` (and never edit the file by hand)`,
    );
  }
});

// git's blob id: what `git hash-object` prints, and what libs' repository holds for the file at that commit.
function gitBlobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

test('the libs files are unmodified: each has the blob id of libs 48dfd53cd that the README lists', () => {
  const readme = readFileSync(join(LIBS_DIR, 'README.md'), 'utf8');
  assert.ok(readme.includes(`\`${LIBS_COMMIT}\``), 'the README names the commit the generator says');
  const listed = new Map([...readme.matchAll(/^\| `([^`]+)` \| `([0-9a-f]{40})` \|/gm)].map((m) => [m[1], m[2]]));
  const present = filesUnder(LIBS_DIR).filter((f) => f !== 'README.md');
  assert.deepEqual(present, [...listed.keys()].sort(), 'the README lists exactly the files that are there');
  for (const file of present) {
    assert.equal(gitBlobId(readFileSync(join(LIBS_DIR, file))), listed.get(file), `${file} is libs' file, unmodified`);
  }
});

// A copy of the libs files with one edit, for the tests below: the generator must follow what the files say.
function editedLibs(file: string, from: string, to: string): { dir: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-libs-'));
  cpSync(LIBS_DIR, dir, { recursive: true });
  const text = readFileSync(join(dir, file), 'utf8');
  assert.ok(text.includes(from), `${file} holds ${from}`);
  writeFileSync(join(dir, file), text.replace(from, to));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

test('the generated tables follow the libs files: a flag added to flags_table.c appears, nothing else changes', () => {
  const ours = renderEventTableFiles(readLibsNames(), dumpLibsTables(readLibsNames()));
  using libs = editedLibs(
    'driver/flags_table.c',
    '{"O_TMPFILE", PPM_O_TMPFILE},',
    '{"O_TMPFILE", PPM_O_TMPFILE},\n{"O_PEREGRINE_TEST", (1 << 20) | PPM_O_CREAT},',
  );
  const names = readLibsNames(libs.dir);
  const theirs = renderEventTableFiles(names, dumpLibsTables(names, libs.dir));
  assert.equal(
    theirs['src/capture/flag-tables.ts'],
    ours['src/capture/flag-tables.ts'].replace(
      "['O_TMPFILE', 8192], ",
      "['O_TMPFILE', 8192], ['O_PEREGRINE_TEST', 0x100004], ",
    ),
    'the C expression is evaluated by the compiler and the entry keeps its place in the table',
  );
  for (const path of GENERATED_FILES.filter((p) => p !== 'src/capture/flag-tables.ts')) {
    assert.equal(theirs[path], ours[path], path);
  }
});

test('the generator stops when src/capture/event-types.ts disagrees with ppm_events_public.h', () => {
  using libs = editedLibs('driver/ppm_events_public.h', 'EF_WAITS = (1 << 7),', 'EF_WAITS = (1 << 14),');
  const names = readLibsNames(libs.dir);
  assert.throws(() => renderEventTableFiles(names, dumpLibsTables(names, libs.dir)), {
    message: 'src/capture/event-types.ts: EF_WAITS is 128, libs says 16384',
  });
});

test('a libs file the compiler rejects is reported with the compiler message', () => {
  using libs = editedLibs('driver/event_table.c', '[PPME_GENERIC_E] = {"syscall",', '[PPME_GENERIC_E] = {syscall,');
  assert.throws(() => dumpLibsTables(readLibsNames(libs.dir), libs.dir), /event_table\.c.*error/s);
});
