// What the prefilter decides for small rule sets, case by case: the reader can check each answer by hand.
// (prefilter-model.test.ts checks the same decisions against the real compiled rules on generated events.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventTypeMap, fieldRegistry } from '../../src/app/rules-env.ts';
import { compilePrefilter, type PrefilterProgram } from '../../src/engine/prefilter/compile.ts';
import { mayMatch } from '../../src/engine/prefilter/decide.ts';
import { prefilterCommand } from '../../src/engine/prefilter/encode.ts';
import { PPM_O_DIRECTORY, PPM_O_RDONLY, PPM_O_WRONLY, PREFILTER_CODES } from '../../src/engine/prefilter/model.ts';
import { loadRules } from '../../src/rules/loader.ts';
import type { Event } from '../../src/state/event.ts';

const [OPEN, OPENAT, , CREAT] = PREFILTER_CODES;

function program(...conditions: string[]): PrefilterProgram {
  return compilePrefilter([rules(...conditions)]);
}

function rules(...conditions: string[]) {
  const yaml = conditions
    .map(
      (c, i) =>
        `- rule: r${i}\n  desc: d\n  condition: ${JSON.stringify(c)}\n  output: "o %fd.name"\n  priority: WARNING\n  warn_evttypes: false\n`,
    )
    .join('');
  const res = loadRules<Event>([{ name: 'r.yaml', content: yaml }], {
    registry: fieldRegistry<Event>(),
    eventTypes: eventTypeMap,
  });
  assert.ok(res.ruleset !== undefined, JSON.stringify(res.files.map((f) => f.errors)));
  return res.ruleset.enabled;
}

interface Case {
  code?: number;
  ret?: number;
  flags?: number;
  mode?: number;
  name: string;
  comm?: string | null;
}

const sends = (p: PrefilterProgram, c: Case) =>
  mayMatch(p, {
    code: c.code ?? OPENAT,
    ret: c.ret ?? 3,
    flags: c.flags ?? PPM_O_RDONLY,
    mode: c.mode ?? 0,
    name: c.name,
    comm: c.comm === undefined ? 'cat' : c.comm,
  });

test('a path rule keeps the opens under its path and drops the others', () => {
  const p = program('evt.type in (open, openat) and evt.is_open_read = true and fd.name startswith /etc');
  assert.equal(sends(p, { name: '/etc/hostname' }), true);
  assert.equal(sends(p, { name: '/etcetera' }), true, 'startswith is a byte prefix, as in Falco');
  assert.equal(sends(p, { name: '/usr/include/stdio.h' }), false);
  assert.equal(sends(p, { name: '/etc/hostname', flags: PPM_O_WRONLY }), false, 'a write-only open is not a read');
  assert.equal(sends(p, { name: '/usr/include/stdio.h', ret: -2 }), false);
  assert.equal(sends(p, { name: '/etc/hostname', code: CREAT }), false, 'no rule is on creat');
});

test('names the kernel cannot read as the state does are always sent', () => {
  const p = program('evt.type = openat and fd.name startswith /etc');
  // relative (resolved against a directory the kernel does not know), or not kept as it is by the state
  for (const name of ['', '/usr/../etc/shadow', '/usr//x', '/usr/./x', '/usr/x/', `/${'u'.repeat(300)}`])
    assert.equal(sends(p, { name }), true, name);
  assert.equal(sends(p, { name: '/usr/x' }), false);
});

test('a check the kernel cannot know keeps every event it could allow', () => {
  const p = program('evt.type = openat and user.uid = 0 and not container.id = host');
  assert.equal(sends(p, { name: '/anything' }), true);
  const q = program('evt.type = openat and fd.name startswith /etc and user.uid = 0');
  assert.equal(sends(q, { name: '/etc/x' }), true);
  assert.equal(sends(q, { name: '/var/x' }), false, 'the known part still decides');
});

test('thread names: exact classes, unknown names sent', () => {
  const p = program('evt.type = openat and proc.name = sshd and fd.name contains liblzma');
  assert.equal(sends(p, { name: '/usr/lib/liblzma.so', comm: 'sshd' }), true);
  assert.equal(sends(p, { name: '/usr/lib/liblzma.so', comm: 'cat' }), false);
  assert.equal(sends(p, { name: '/usr/lib/liblzma.so', comm: null }), true, 'a name the kernel does not know');
  const q = program('evt.type = openat and not proc.name in (cat) and fd.name = /etc/shadow');
  assert.equal(sends(q, { name: '/etc/shadow', comm: 'cat' }), false);
  assert.equal(sends(q, { name: '/etc/shadow', comm: 'vi' }), true);
});

test('flags: directories, failures, creat', () => {
  const p = program('evt.type = openat and fd.typechar = d and fd.name startswith /srv');
  assert.equal(sends(p, { name: '/srv/a', flags: PPM_O_RDONLY | PPM_O_DIRECTORY }), true);
  assert.equal(sends(p, { name: '/srv/a', flags: PPM_O_RDONLY }), false);
  assert.equal(sends(p, { name: '/srv/a', flags: PPM_O_RDONLY | PPM_O_DIRECTORY, ret: -2 }), false);
  const q = program('evt.type in (open, openat) and fd.num = -1 and evt.res startswith E');
  assert.equal(sends(q, { name: '/x', ret: -1, code: OPEN }), true);
  assert.equal(sends(q, { name: '/x', ret: 3, code: OPEN }), false);
  // the kernel knows only whether a call failed, not its errno: any failure may be -1
  assert.equal(sends(q, { name: '/x', ret: -2, code: OPEN }), true);
});

test('what turns the prefilter off, or waiting off', () => {
  assert.match(
    program('evt.type = openat and evt.deltatime > 100').off ?? '',
    /rule 'r0' reads evt.deltatime, which depends on every event before it/,
  );
  assert.equal(program('evt.type = openat and fd.name = /x').defer, true);
  const close = program('evt.type = openat and fd.name = /x', 'evt.type = close and fd.name startswith /etc');
  assert.equal(close.defer, false, 'a rule on close needs every close: opens may not wait for theirs');
  const prefix = 'prefilter ';
  assert.ok(prefilterCommand(close).startsWith(prefix));
  assert.equal(prefilterCommand(program('evt.type = openat and evt.deltatime > 1')), 'prefilter off');
});

test("a reload's union serves both rule sets", () => {
  const a = rules('evt.type = openat and fd.name startswith /etc');
  const b = rules('evt.type = openat and fd.name startswith /usr');
  const both = compilePrefilter([a, b]);
  assert.equal(sends(both, { name: '/etc/x' }), true);
  assert.equal(sends(both, { name: '/usr/x' }), true);
  assert.equal(sends(both, { name: '/var/x' }), false);
});
