// Field values as current libsinsp gives them, on the reference captures, through the CLI as a user runs it:
// - a name with a non-printable character (the docker socket's fd name in run_as_user_0_container.scap ends in a
//   newline) is printed with U+FFFD in its place, the text alert stays one line, and conditions still see the raw
//   name (libs 0.25's output sanitizing; sysdig 0.29.3 dropped the character);
// - a generic event of a syscall its writer did not know is named by the native syscall number it carries, the
//   exit by its enter's (fadvise64 for events 200 and 201 of cat_write.scap; sysdig 0.29.3 prints <unknown>).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runPeregrine } from '../helpers/cli.ts';
import { SCAP } from '../helpers/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-field-values-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function rules(text: string): string {
  const f = join(dir, `rules-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(f, text);
  return f;
}

test('a name with a newline: printed with U+FFFD on one line, compared raw', async () => {
  const r = rules(`
- rule: docker socket
  desc: the raw name ends in a newline, so it does not end in .sock
  condition: fd.name startswith /var/run/docker.sock and not fd.name endswith .sock
  output: "name=%fd.name type=%evt.type"
  priority: WARNING
`);
  const capture = join(SCAP, 'falco-psp/run_as_user_0_container.scap');
  for (const json of [false, true]) {
    const res = await runPeregrine(['-e', capture, '-r', r, '-o', `json_output=${json}`]);
    assert.equal(res.code, 0, res.stderr);
    const lines = res.stdout.split('\n').filter((l) => l.includes('name=/var/run/docker.sock'));
    assert.equal(lines.length, 10, res.stdout);
    for (const l of lines) {
      assert.match(l, /name=\/var\/run\/docker\.sock\uFFFD type=(read|write)/);
      if (json) assert.equal(JSON.parse(l).output_fields['fd.name'], '/var/run/docker.sock\uFFFD');
    }
    // nothing of an alert spills onto a line of its own
    assert.ok(!res.stdout.split('\n').some((l) => l.startsWith(' type=')), res.stdout);
  }
});

test('a generic event of a syscall unknown to its writer is named by its native syscall number', async () => {
  const r = rules(`
- rule: fadvise
  desc: fadvise64 is native syscall 221; the capture's writer reported it as a generic event with no PPM_SC code
  condition: evt.type=fadvise64
  output: "num=%evt.num type=%evt.type dir=%evt.dir"
  priority: WARNING
`);
  const res = await runPeregrine(['-e', join(SCAP, 'falco/cat_write.scap'), '-r', r, '-o', 'json_output=true']);
  assert.equal(res.code, 0, res.stderr);
  const alerts = res.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l).output_fields);
  assert.deepEqual(
    alerts.map((f) => [f['evt.num'], f['evt.type'], f['evt.dir']]),
    [
      [200, 'fadvise64', '>'],
      [201, 'fadvise64', '<'],
    ],
  );
});
