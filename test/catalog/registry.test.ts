// The field catalogue and the registry: every field Falco's rules use resolves, argument forms and error texts
// are libsinsp's, and the extractor maps cannot name fields the catalogue does not have.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type CatalogClass, SYSCALL_CLASSES } from '../../src/fields/catalog/index.ts';
import { SYSCALL_EXTRACTORS } from '../../src/fields/extract/index.ts';
import type { ExtractorMap, SyscallEvent } from '../../src/fields/extract/types.ts';
import { createRegistry, syscallRegistry as registry } from '../../src/fields/registry.ts';
import { type BindError, isBindError, type ResolvedField } from '../../src/fields/types.ts';
import { SHARED } from '../helpers/cli.ts';

interface FieldsUsed {
  files: Record<string, Record<string, number>>;
  all_known_fields: Record<string, string>;
  evt_arg_subfields_textual_occurrences: Record<string, number>;
}
const used: FieldsUsed = JSON.parse(readFileSync(`${SHARED}/upstream/falco-rules/fields-used.json`, 'utf8'));

function ok(name: string, arg?: string): ResolvedField<SyscallEvent> {
  const r = registry.resolve(name, arg);
  if (isBindError(r)) assert.fail(`${name}${arg === undefined ? '' : `[${arg}]`}: ${r.error}`);
  return r;
}

function err(name: string, arg?: string): string {
  const r: ResolvedField<SyscallEvent> | BindError = registry.resolve(name, arg);
  assert.ok(isBindError(r), `${name}[${arg}] should not resolve`);
  return r.error;
}

test('the catalogue holds exactly the fields of libs 0.25 and the container plugin 0.7.1', () => {
  const ours = SYSCALL_CLASSES.flatMap((c) => c.fields.map((f) => f.name)).sort();
  assert.equal(new Set(ours).size, ours.length, 'no field is defined twice');
  assert.deepEqual(ours, Object.keys(used.all_known_fields).sort());
  const perClass = SYSCALL_CLASSES.map((c) => `${c.name}:${c.fields.length}`).join(' ');
  assert.equal(perClass, 'evt:18 evt:58 process:90 user:6 group:2 fd:46 fs.path:6 util:1 fdlist:6 container:32 k8s:29');
});

test('every field the upstream rules use resolves (with an argument where the field needs one)', () => {
  const names = new Set(Object.values(used.files).flatMap((f) => Object.keys(f)));
  assert.equal(names.size, 77);
  for (const name of names) {
    const def = registry.field(name);
    assert.ok(def, `${name} is in the catalogue`);
    if (!def.arg?.required) {
      ok(name);
      continue;
    }
    // Fields that need an argument are used with one in the rules; resolve a representative of each form.
    if (def.arg.bracket === false) ok(`${name}.${name === 'evt.type.is' ? 'open' : 'flags'}`);
    else ok(name, def.arg.kind === 'key' ? 'key' : '0');
  }
});

test('every evt.arg.NAME the upstream rules use resolves to evt.arg with that name', () => {
  for (const text of Object.keys(used.evt_arg_subfields_textual_occurrences)) {
    const r = ok(text);
    assert.equal(r.def.name, 'evt.arg');
    assert.deepEqual(r.arg, { raw: text.slice('evt.arg.'.length) });
  }
});

test('every known field name resolves, given an argument when it requires one', () => {
  for (const name of Object.keys(used.all_known_fields)) {
    const def = registry.field(name);
    assert.ok(def, name);
    // evt.abspath is declared ARG_REQUIRED, yet libsinsp reads the bare name as the event's one path.
    if (!def.arg?.required || name === 'evt.abspath') assert.equal(ok(name).def, def, name);
    else if (def.arg.bracket === false) assert.match(err(name), /^filter syntax error: /);
    else assert.equal(ok(name, '1').def.name, name);
  }
});

test('argument forms: index, key, dotted, paths with / * .', () => {
  assert.deepEqual(ok('proc.aname', '2').arg, { raw: '2', index: 2 });
  assert.equal(ok('proc.aname').arg, undefined);
  assert.deepEqual(ok('proc.env', 'HOME').arg, { raw: 'HOME' });
  assert.deepEqual(ok('proc.env', '3').arg, { raw: '3', index: 3 });
  assert.deepEqual(ok('proc.aenv', 'PATH').arg, { raw: 'PATH' });
  assert.deepEqual(ok('evt.arg', '0').arg, { raw: '0', index: 0 });
  assert.deepEqual(ok('evt.arg.flags').arg, { raw: 'flags' });
  assert.deepEqual(ok('fd.types', '1').arg, { raw: '1', index: 1 });
  assert.equal(ok('fd.types').def.name, 'fd.types');
  assert.deepEqual(ok('thread.cgroup.cpuset').arg, { raw: 'cpuset' });
  assert.deepEqual(ok('evt.type.is.open').arg, { raw: 'open' });
  assert.deepEqual(ok('evt.type.is.3').arg, { raw: '3', index: 3 });
  assert.deepEqual(ok('evt.abspath.dst').arg, { raw: 'dst' });
  assert.equal(ok('evt.abspath').arg, undefined);
  assert.deepEqual(ok('container.mount.dest', '/var/run/docker.sock').arg, { raw: '/var/run/docker.sock' });
  assert.deepEqual(ok('container.mount.dest', '/root*').arg, { raw: '/root*' });
  assert.deepEqual(ok('container.mount', '0').arg, { raw: '0', index: 0 });
  assert.deepEqual(ok('container.mount', '01').arg, { raw: '01' }, 'a leading 0 makes it a key');
  assert.deepEqual(ok('k8s.pod.label', 'app.kubernetes.io/name').arg, { raw: 'app.kubernetes.io/name' });
  assert.deepEqual(ok('container.label', 'com.docker.compose.project').arg, { raw: 'com.docker.compose.project' });
});

test('longest-prefix matching picks the most specific name', () => {
  assert.equal(ok('fd.name').def.name, 'fd.name');
  assert.equal(ok('fd.nameraw').def.name, 'fd.nameraw');
  assert.equal(ok('fd.name_changed').def.name, 'fd.name_changed');
  assert.equal(ok('fd.sip.name').def.name, 'fd.sip.name');
  assert.equal(ok('evt.args').def.name, 'evt.args', 'evt.args is not evt.arg with an argument');
  assert.equal(ok('proc.aexepath', '2').def.name, 'proc.aexepath');
  assert.equal(ok('proc.aexe', '2').def.name, 'proc.aexe');
  assert.equal(ok('thread.cgroups').def.name, 'thread.cgroups');
  assert.equal(ok('container.image.repository').def.name, 'container.image.repository');
  assert.equal(ok('proc.is_container_healthcheck').def.name, 'proc.is_container_healthcheck');
  assert.equal(ok('util.cnt').def.name, 'util.cnt', 'hidden classes still resolve');
  assert.equal(ok('evt.latency').def.deprecated, true, 'deprecated fields still resolve');
});

test('evt.rawarg takes the type of the event parameter it names', () => {
  assert.equal(registry.field('evt.rawarg')?.type, 'DYN');
  assert.equal(ok('evt.rawarg.flags').def.type, 'FLAGS32');
  assert.equal(ok('evt.rawarg.res').def.type, 'ERRNO');
  assert.equal(ok('evt.rawarg.uid').def.type, 'UINT32');
  assert.equal(ok('evt.rawarg.fd').def.type, 'FD');
});

test("unknown fields get Falco's message, with the argument as written", () => {
  assert.equal(err('proc.nobody'), 'filter_check called with nonexistent field proc.nobody');
  assert.equal(err('proc.namex'), 'filter_check called with nonexistent field proc.namex');
  assert.equal(err('proc.name', '1'), 'filter_check called with nonexistent field proc.name[1]');
  assert.equal(err('proc.aname', 'x'), 'filter_check called with nonexistent field proc.aname[x]');
  assert.equal(err('evt.arg.flagsx'), 'filter_check called with nonexistent field evt.arg.flagsx');
  assert.equal(err('evt.type.is.nope'), 'filter_check called with nonexistent field evt.type.is.nope');
  assert.equal(err('thread.cgroup.cpu-set'), 'filter_check called with nonexistent field thread.cgroup.cpu-set');
  assert.equal(err('nosuch.field'), 'filter_check called with nonexistent field nosuch.field');
  assert.equal(err('k8s.pod.namex'), 'filter_check called with nonexistent field k8s.pod.namex');
});

test("argument errors are libsinsp's", () => {
  assert.equal(err('evt.arg'), 'filter syntax error: evt.arg');
  assert.equal(err('evt.arg', 'abc'), 'abc is not a valid number');
  assert.equal(err('evt.arg.nosuchparam'), 'unknown event argument nosuchparam');
  assert.equal(err('evt.rawarg', '1'), 'evt.arg fields must be expressed explicitly');
  assert.equal(err('evt.around.x'), 'wrong syntax for evt.around');
  assert.equal(err('evt.type.is'), 'filter syntax error: evt.type.is');
  assert.equal(err('thread.cgroup'), 'filter syntax error: thread.cgroup');
  assert.equal(err('thread.cgroup', 'cpu'), 'filter syntax error: thread.cgroup[cpu]');
  assert.equal(err('fd.types', 'x'), 'x is not a valid number');
  assert.equal(err('args.x'), 'filter error: proc.arg filter not implemented yet');
  assert.equal(
    err('container.label'),
    "filter 'container.label': container.label requires an argument but none provided",
  );
  assert.equal(
    err('container.name', 'x'),
    "filter 'container.name[x]': container.name does not allow nor require an argument but one is provided: x",
  );
  assert.equal(
    err('k8s.pod.label.app'),
    "filter 'k8s.pod.label.app': k8s.pod.label requires an argument but none provided",
    'plugin fields take their argument in brackets only',
  );
});

test("every extractor implemented is the bind of the catalogue field it names, in Falco's class order", () => {
  assert.deepEqual(
    registry.classes.map((c) => c.name),
    SYSCALL_CLASSES.map((c) => c.name),
  );
  let implemented = 0;
  for (const map of SYSCALL_EXTRACTORS) {
    for (const [name, bind] of Object.entries(map)) {
      assert.equal(registry.field(name)?.bind, bind, name);
      implemented++;
    }
  }
  const bound = registry.classes.flatMap((c) => c.fields).filter((f) => f.bind !== undefined);
  assert.equal(bound.length, implemented, 'no field has an extractor from elsewhere');
});

// A small catalogue and extractor maps of the test's own, so the registry's checks are shown on inputs that have
// the faults, without touching the real catalogue.
const bind = () => () => 'x';
const testClass: CatalogClass = {
  name: 'test',
  desc: 'fields of this test',
  source: 'syscall',
  fields: [
    { name: 'test.name', type: 'CHARBUF', desc: 'a name' },
    { name: 'test.id', type: 'UINT32', desc: 'an id' },
  ],
};
const otherClass: CatalogClass = {
  name: 'other',
  desc: 'a second class',
  source: 'syscall',
  fields: [{ name: 'other.path', type: 'CHARBUF', desc: 'a path' }],
};

test('an extractor key that names no catalogue field is an error that names it', () => {
  const misspelt: ExtractorMap<unknown> = { 'test.name': bind, 'test.nmae': bind };
  assert.throws(() => createRegistry([testClass, otherClass], [misspelt]), {
    message: 'field registry: extractors for fields the catalogue does not have: test.nmae',
  });
  // Every stray key is named, from every map; a field of another class the registry is not built with is stray.
  assert.throws(() => createRegistry([testClass], [{ 'test.idd': bind }, { 'other.path': bind }]), {
    message: 'field registry: extractors for fields the catalogue does not have: test.idd, other.path',
  });
});

test('a field two extractor maps implement is an error that names it', () => {
  assert.throws(() => createRegistry([testClass, otherClass], [{ 'test.id': bind }, { 'test.id': bind }]), {
    message: 'field registry: fields with more than one extractor: test.id',
  });
});

test('a map may serve fields of several classes; a field without an extractor resolves with no bind', () => {
  const r = createRegistry([testClass, otherClass], [{ 'test.name': bind, 'other.path': bind }]);
  assert.deepEqual(
    r.classes.map((c) => c.name),
    ['test', 'other'],
  );
  for (const name of ['test.name', 'other.path']) {
    const f = r.resolve(name, undefined);
    assert.ok(!isBindError(f));
    assert.equal(f.def.bind, bind, name);
  }
  const id = r.resolve('test.id', undefined);
  assert.ok(!isBindError(id));
  assert.equal(id.def.bind, undefined);
});
