// `--list` and `--list-events` through bin/peregrine, as a user runs them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runPeregrine } from '../helpers/cli.ts';

interface JsonField {
  name: string;
  type: string;
  desc: string;
  is_list: boolean;
  argument: null | { required: boolean; type: string[] };
}
interface JsonClass {
  name: string;
  desc?: string;
  event_sources: string[];
  fields: JsonField[];
}

// Listed fields per class: everything but EPF_TABLE_ONLY, deprecated and print-only fields; util is hidden.
const LISTED = [
  ['evt', 18],
  ['evt', 36],
  ['process', 87],
  ['user', 6],
  ['group', 2],
  ['fd', 46],
  ['fs.path', 6],
  ['fdlist', 6],
  ['container', 32],
  ['k8s', 29],
] as const;
const TOTAL = LISTED.reduce((n, [, c]) => n + c, 0);

test('--list prints every class in text, with Falco layout', async () => {
  const r = await runPeregrine(['--list']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const blocks = r.stdout.split('-------------------------------\n').slice(1);
  assert.deepEqual(
    blocks.map((b) => /^Field Class: +(.*)$/m.exec(b)?.[1]),
    [
      'evt (All event types)',
      'evt (Syscall events only)',
      'process',
      'user',
      'group',
      'fd',
      'fs.path',
      'fdlist',
      'container',
      'k8s',
    ],
  );
  // A field line: name padded to column 30, then tags and the description wrapped at column 120.
  assert.match(r.stdout, /^proc\.aname {20}\(ARG_ALLOWED,EPF_NO_RHS,EPF_NO_TRANSFORMER\) The proc\.name/m);
  assert.match(r.stdout, /^fd\.ip {25}\(EPF_NO_RHS,EPF_NO_TRANSFORMER,FILTER_ONLY\) matches the ip address/m);
  assert.match(r.stdout, /^container\.mount {15}\(ARG_INDEX,ARG_KEY,ARG_REQUIRED\) Information about a single mount/m);
  assert.match(r.stdout, /^Event Sources: {16}syscall $/m);
  for (const line of r.stdout.split('\n')) assert.ok(Buffer.byteLength(line) <= 120, line);
  assert.ok(!r.stdout.includes('evt.latency'), 'deprecated fields are not listed');
  assert.ok(!r.stdout.includes('util.cnt'), 'hidden classes are not listed');
  assert.ok(!r.stdout.includes('evt.outputtime'), 'print-only fields are not listed');
  assert.ok(!r.stdout.includes('thread.nametid'), 'table-only fields are not listed');
});

test('--list -v adds the type to each description', async () => {
  const r = await runPeregrine(['--list', '-v']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^evt\.num {23}\(Type: UINT64\) event number\. $/m);
  assert.match(r.stdout, /^evt\.rawarg {20}\(Type: DYNAMIC\) \(ARG_REQUIRED,/m);
});

test('--list -N prints one listed field name per line', async () => {
  const r = await runPeregrine(['--list', '-N']);
  assert.equal(r.code, 0);
  const names = r.stdout.trimEnd().split('\n');
  assert.equal(names.length, TOTAL);
  assert.equal(names[0], 'evt.num');
  assert.ok(names.includes('proc.aname') && names.includes('container.mount.dest') && names.includes('k8s.ns.name'));
  assert.ok(!names.includes('evt.latency') && !names.includes('util.cnt'));
  const syscall = await runPeregrine(['--list', 'syscall', '-N']);
  assert.equal(syscall.stdout, r.stdout, '--list syscall is the same list');
});

test('--list --format json: Falco shape, argument kinds for plugin fields', async () => {
  const r = await runPeregrine(['--list', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const doc: { fieldclasses: JsonClass[] } = JSON.parse(r.stdout);
  assert.deepEqual(
    doc.fieldclasses.map((c) => [c.name, c.fields.length]),
    LISTED.map(([n, c]) => [n, c]),
  );
  assert.deepEqual(Object.keys(doc.fieldclasses[0]), ['desc', 'event_sources', 'fields', 'name']);
  const field = (cls: number, name: string) => doc.fieldclasses[cls].fields.find((f) => f.name === name);
  assert.deepEqual(Object.keys(field(0, 'evt.num') ?? {}), ['argument', 'desc', 'is_list', 'name', 'type']);
  assert.deepEqual(field(2, 'proc.aname')?.argument, { required: false, type: [] });
  assert.deepEqual(field(8, 'container.mount.dest')?.argument, { required: true, type: ['INDEX', 'KEY'] });
  assert.deepEqual(field(8, 'container.label')?.argument, { required: true, type: ['KEY'] });
  assert.equal(field(5, 'fd.types')?.is_list, true);
  assert.equal(field(1, 'evt.rawarg')?.type, 'DYNAMIC');
  assert.deepEqual(doc.fieldclasses[0].event_sources, ['syscall']);
  const names = await runPeregrine(['--list', '-N', '--format', 'json']);
  assert.equal(JSON.parse(names.stdout).fieldnames.length, TOTAL);
});

test('--list --format markdown, and the deprecated --markdown with its warning', async () => {
  const r = await runPeregrine(['--list', '--format', 'markdown']);
  assert.equal(r.code, 0);
  assert.ok(r.stdout.startsWith('## Field Class: evt\n\nThese fields can be used for all event types\n\n'));
  assert.match(r.stdout, /^Event Sources: syscall \n\nName \| Type \| Description\n:----\|:-----\|:-----------\n/m);
  assert.match(r.stdout, /^`fd\.types` \| LIST\(CHARBUF\) \| /m);
  assert.equal((r.stdout.match(/^## Field Class: /gm) ?? []).length, LISTED.length);
  const old = await runPeregrine(['--list', '--markdown']);
  assert.equal(old.code, 0);
  assert.equal(old.stdout, r.stdout);
  assert.equal(old.stderr, 'WARNING: --markdown is deprecated, use --format markdown instead.\n');
});

test('--list with an unknown source: one line, exit 1, nothing on stdout', async () => {
  const r = await runPeregrine(['--list', 'k8s_audit']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    "peregrine: Value for --list must be a valid source type: 'k8s_audit' is not one (sources: syscall)\n",
  );
});

test('--markdown with --format is refused as Falco refuses it', async () => {
  const r = await runPeregrine(['--list', '--markdown', '--format', 'json']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'peregrine: Cannot specify both --markdown and --format options together\n');
});

test('--list-events: current events by category, generic syscalls at the end', async () => {
  const r = await runPeregrine(['--list-events']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'The events below are valid for Falco *Schema Version*: 4.5.1');
  assert.deepEqual(
    lines.filter((l) => l.startsWith('## ')),
    ['## Syscall events', '## Tracepoint events', '## Plugin events', '## Metaevents'],
  );
  assert.ok(lines.includes('< connect(ERRNO **res**, SOCKTUPLE **tuple**, FD **fd**, SOCKADDR **addr**)'));
  assert.ok(lines.includes('> madvise(SYSCALLID **ID**, UINT16 **nativeID**)'));
  assert.ok(
    lines.includes('> procexit(ERRNO **status**, ERRNO **ret**, SIGTYPE **sig**, UINT8 **core**, PID **reaper_tid**)'),
  );
  assert.ok(lines.some((l) => l.startsWith('< open(FD **fd**, FSPATH **name**, FLAGS32 **flags**: O_LARGEFILE, ')));
  assert.ok(!lines.some((l) => l.startsWith('< execve(') && l.split(', ').length < 31), 'only the newest execve');
  assert.ok(!lines.some((l) => / (syscall|NA)\(/.test(l)), 'no placeholder names');
});

test('--list-events --format json and markdown', async () => {
  const j = await runPeregrine(['--list-events', '--format', 'json']);
  assert.equal(j.code, 0);
  const doc = JSON.parse(j.stdout);
  assert.deepEqual(Object.keys(doc), [
    'Metaevents',
    'Plugin events',
    'Syscall events',
    'Tracepoint events',
    'schema_version',
  ]);
  const open = doc['Syscall events'].find((e: { name: string; dir: string }) => e.name === 'open' && e.dir === '<');
  assert.equal(open.available, true);
  assert.deepEqual(open.params[2], { flags: open.params[2].flags, name: 'flags', type: 'FLAGS32' });
  assert.ok(open.params[2].flags.includes('O_CLOEXEC'));
  const read = doc['Syscall events'].find((e: { name: string }) => e.name === 'read');
  assert.equal(read.available, false, 'read is among the I/O syscalls Falco drops without -A');
  const md = await runPeregrine(['--list-events', '--format', 'markdown']);
  assert.match(
    md.stdout,
    /^## Syscall events\n\nDefault \| Dir \| Name \| Params \n:-------\|:----\|:-----\|:-----\n/m,
  );
  assert.match(
    md.stdout,
    /^No \| `<` \| `read` \| ERRNO \*\*res\*\*, BYTEBUF \*\*data\*\*, FD \*\*fd\*\*, UINT32 \*\*size\*\*$/m,
  );
  assert.match(
    md.stdout,
    /^Yes \| `<` \| `setns` \| ERRNO \*\*res\*\*, FD \*\*fd\*\*, FLAGS32 \*\*nstype\*\*: \*CLONE_FILES\*, /m,
  );
});
