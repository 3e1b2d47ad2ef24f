// Round trip: every fixture read and written back by `peregrine -e IN -w OUT` gives a file that sysdig reads
// with the same events (every event, every argument), that tshark opens with the same event count, and that
// Peregrine reads to the same field values.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import { runPeregrine } from '../helpers/cli.ts';
import { SCAP, scapFixtures } from '../helpers/fixtures.ts';
import { printFields } from '../helpers/print-fields.ts';

const fixtures = scapFixtures();
const dir = mkdtempSync(join(tmpdir(), 'peregrine-roundtrip-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command and gives its stdout (stderr is ignored: these tools chat there). */
function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

const SYSDIG_FORMAT =
  '*%evt.num %evt.rawtime %evt.cpu %thread.tid %evt.dir %evt.type %evt.args | %proc.name %proc.cmdline %fd.name %user.name %container.id %container.name';

async function fields(file: string): Promise<string[]> {
  const lines: string[] = [];
  const err = await printFields(
    file,
    [
      'evt.num',
      'evt.rawtime',
      'evt.cpu',
      'thread.tid',
      'evt.type',
      'evt.dir',
      'evt.args',
      'proc.name',
      'proc.cmdline',
      'proc.exepath',
      'fd.name',
      'user.name',
      'container.id',
      'container.name',
    ],
    (l) => lines.push(l),
  );
  assert.equal(err, undefined);
  return lines;
}

for (const file of fixtures) {
  const name = basename(file);
  test(`round trip: ${name}`, async () => {
    const out = join(dir, name);
    const w = await runPeregrine(['-e', file, '-w', out]);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stderr, /wrote (\d+) of \1 events/);

    // sysdig reads what Peregrine wrote, with the same events and arguments. sysdig 0.29.3 cannot open the
    // SHB-with-comments fixture itself: its rewrite must read like the same capture without comments.
    const original = name === 'curl_google_comments.scap' ? join(SCAP, 'libs/curl_google.scap') : file;
    const [before, afterwards] = await Promise.all([
      run('sysdig', ['-r', original, '-p', SYSDIG_FORMAT]),
      run('sysdig', ['-r', out, '-p', SYSDIG_FORMAT]),
    ]);
    assert.ok(afterwards.length > 0 || name === 'empty.scap', 'sysdig read nothing');
    assert.equal(afterwards, before);

    // tshark opens it too (the original syscall.scap, SHB 1.1, it refuses), with every event.
    const ours = await fields(file);
    const tshark = await run('tshark', ['-r', out, '-T', 'fields', '-e', 'sysdig.event_type']);
    assert.equal(
      tshark
        .trim()
        .split('\n')
        .filter((l) => l !== '').length,
      ours.length,
    );

    // And Peregrine reads it to the same values.
    assert.deepEqual(await fields(out), ours);
  });
}
