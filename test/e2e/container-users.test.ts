// Users inside a container are the container's own: a process running as uid 4242 in a container whose
// /etc/passwd names 4242 `pgtester` shows user.name pgtester (and its group, home and shell), not the host's
// name for 4242 (there is none here: the field would be <NA>), as current Falco resolves them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { dockerCli, removeTestContainers, startContainer } from '../helpers/docker.ts';
import { type LivePeregrine, noLive, startLive } from '../helpers/live.ts';

const skip = noLive();
const dir = mkdtempSync(join(tmpdir(), 'peregrine-ctr-users-'));
const rules = join(dir, 'rules.yaml');
writeFileSync(
  rules,
  `
- rule: hostname read in a container
  desc: test
  condition: evt.type in (open, openat) and evt.dir=< and container.id != host and proc.name=cat and fd.name=/etc/hostname
  output: "%user.name %user.uid %group.name %user.homedir %user.shell %container.id"
  priority: WARNING
`,
);
let live: LivePeregrine | undefined;
let why = '';

before(async () => {
  if (skip !== undefined) return;
  const r = await startLive(['-r', rules]);
  if ('skip' in r) why = r.skip;
  else live = r;
});
after(async () => {
  await live?.stop();
  await removeTestContainers();
  rmSync(dir, { recursive: true, force: true });
});

test("user.name, group.name, user.homedir and user.shell come from the container's /etc files", { skip }, async (t) => {
  if (live === undefined) return t.skip(why);
  const c = await startContainer({
    cmd: [
      'sh',
      '-c',
      'echo pgtester:x:4242:4343:pg:/home/pgtester:/bin/ash >> /etc/passwd; echo pggroup:x:4343: >> /etc/group; sleep 3600',
    ],
  });
  // the container's files are written before anything runs as 4242
  await dockerCli('exec', c.name, 'sh', '-c', 'until grep -q pggroup /etc/group; do sleep 0.1; done');
  const a = await live.log.expect(
    () => dockerCli('exec', '--user', '4242:4343', c.name, 'cat', '/etc/hostname'),
    (x) => x.output_fields['container.id'] === c.id.slice(0, 12),
  );
  assert.equal(a.output_fields['user.uid'], 4242);
  assert.equal(a.output_fields['user.name'], 'pgtester');
  assert.equal(a.output_fields['group.name'], 'pggroup');
  assert.equal(a.output_fields['user.homedir'], '/home/pgtester');
  assert.equal(a.output_fields['user.shell'], '/bin/ash');
});

test('root in a container is the container root; the host keeps its own names', { skip }, async (t) => {
  if (live === undefined) return t.skip(why);
  const c = await startContainer();
  const a = await live.log.expect(
    () => dockerCli('exec', c.name, 'cat', '/etc/hostname'),
    (x) => x.output_fields['container.id'] === c.id.slice(0, 12),
  );
  assert.equal(a.output_fields['user.name'], 'root');
  assert.equal(a.output_fields['user.homedir'], '/root');
  assert.equal(a.output_fields['user.shell'], '/bin/sh');
});
