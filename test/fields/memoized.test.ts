// Extractors that remember answers (evt.arg of flags and modes per code and value, fd.directory's last name,
// fd.nameraw without a regex when there is no '//') against the plain computation, over every event of every
// fixture capture.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { feedFile } from '../../src/capture/source.ts';
import { Engine } from '../../src/engine/engine.ts';
import { collapseSlashes, directoryOf } from '../../src/fields/extract/fd-fields.ts';
import { paramText } from '../../src/fields/extract/param-text.ts';
import { syscallRegistry } from '../../src/fields/registry.ts';
import type { Extractor, FieldArg } from '../../src/fields/types.ts';
import type { Event } from '../../src/state/event.ts';
import { scapFixtures } from '../helpers/fixtures.ts';

const fixtures = scapFixtures();

function bind(name: string, arg?: FieldArg): Extractor<Event> {
  const ex = syscallRegistry.field(name)?.bind?.(arg);
  if (typeof ex !== 'function') throw new Error(`cannot bind ${name}`);
  return ex;
}

const FLAG_ARGS = ['flags', 'mode'];

test('evt.arg of flags and modes, fd.directory and fd.nameraw equal their plain computation', async () => {
  const args = FLAG_ARGS.map((a) => bind('evt.arg', { raw: a }));
  const fdName = bind('fd.name');
  const fdDirectory = bind('fd.directory');
  const fdNameRaw = bind('fd.nameraw');
  let flagged = 0;
  let named = 0;
  for (const file of fixtures) {
    const engine = new Engine({
      event(evt) {
        for (let k = 0; k < FLAG_ARGS.length; k++) {
          const i = evt.paramIndex(FLAG_ARGS[k]);
          if (i < 0 || i >= evt.nparams || evt.state === null) continue;
          const t = paramText(evt, i, evt.state);
          assert.equal(args[k](evt), t.resolved !== '' ? t.resolved : t.raw, `${file} #${evt.num} ${FLAG_ARGS[k]}`);
          flagged++;
        }
        const fd = evt.fd;
        if (fd !== null && fdName(evt) === fd.name && fd.isFile) {
          const slash = fd.name.lastIndexOf('/');
          const dir = slash > 0 ? (slash < fd.name.length - 1 ? fd.name.slice(0, slash) : fd.name) : '/';
          assert.equal(fdDirectory(evt), dir, `${file} #${evt.num} fd.directory`);
          assert.equal(fdNameRaw(evt), fd.nameRaw.replace(/\/{2,}/g, '/'), `${file} #${evt.num} fd.nameraw`);
          named++;
        }
      },
    });
    await feedFile(file, engine.blocks);
  }
  assert.ok(flagged > 1000 && named > 1000, `${flagged} flag values and ${named} file names compared`);
});

test('fd.directory and fd.nameraw of any sequence of names, same lengths included, are the plain computation', () => {
  const names = fc.array(
    fc.constantFrom('/etc/hostname', '/etc//ostname', '/usr/hostname', '/', '//', 'a', '/a/', 'ab/c'),
    {
      maxLength: 30,
    },
  );
  fc.assert(
    fc.property(names, (list) => {
      for (const n of list) {
        const slash = n.lastIndexOf('/');
        assert.equal(directoryOf(n), slash > 0 ? (slash < n.length - 1 ? n.slice(0, slash) : n) : '/');
        assert.equal(collapseSlashes(n), n.replace(/\/{2,}/g, '/'));
      }
    }),
  );
});
