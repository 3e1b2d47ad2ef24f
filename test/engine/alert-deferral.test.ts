import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlertDeferral } from '../../src/engine/alert-deferral.ts';
import type { Alert } from '../../src/outputs/alert.ts';
import { type ContainerInfo, partialInfo } from '../../src/state/containers/model.ts';
import { ContainerStore } from '../../src/state/containers/store.ts';

const FULL = '697956520d891b5cb0e215093970c733549a3f745f52263c05b37f8a488994f3';
const ID = FULL.slice(0, 12);
const OTHER = 'aaaaaaaaaaaa';

/** Timers driven by the test: `fire()` runs every pending one, as if the wait ran out. */
function manualTimers() {
  const pending = new Set<() => void>();
  return {
    setTimer: (cb: () => void) => {
      pending.add(cb);
      return cb;
    },
    clearTimer: (t: unknown) => pending.delete(t as () => void),
    fire: () => {
      for (const cb of [...pending]) {
        pending.delete(cb);
        cb();
      }
    },
    get count() {
      return pending.size;
    },
  };
}

function setup(waitMs = 1000, maxHeld = 100) {
  const store = new ContainerStore({ resolver: { lookup() {} } });
  const timers = manualTimers();
  const out: string[] = [];
  const d = new AlertDeferral({ store, waitMs, maxHeld, emit: (a) => out.push(a.output), ...timers });
  // the alert reads the container's name when it is built, as the engine's formatter does
  const alert =
    (tag: string, id = ID) =>
    (): Alert =>
      ({ output: `${tag} name=${store.get(id)?.name || '<NA>'}` }) as unknown as Alert;
  return { store, timers, out, d, alert };
}

function known(name: string): ContainerInfo {
  return { ...partialInfo('docker', FULL, ID), name, partial: false };
}

test('an alert about a container with pending metadata waits for it, then prints the name', () => {
  const { store, out, d, alert } = setup();
  store.notice({ type: 'docker', fullId: FULL, id: ID });
  d.submit(ID, true, alert('shell'));
  assert.deepEqual(out, [], 'held');
  store.set(known('web'));
  assert.deepEqual(out, ['shell name=web']);
  assert.deepEqual(d.stats(), { waited: 1, completed: 1, timedOut: 0, overflowed: 0, held: 0 });
});

test('the wait is bounded: when it runs out the alert goes with what is known', () => {
  const { store, timers, out, d, alert } = setup();
  store.notice({ type: 'docker', fullId: FULL, id: ID });
  d.submit(ID, true, alert('shell'));
  timers.fire();
  assert.deepEqual(out, ['shell name=<NA>']);
  assert.equal(d.stats().timedOut, 1);
  store.set(known('web'));
  assert.deepEqual(out, ['shell name=<NA>'], 'emitted once');
});

test('nothing waits when nothing is missing: host, known container, failed lookup, no metadata field', () => {
  const { store, timers, out, d, alert } = setup();
  d.submit(undefined, true, alert('host'));
  store.set(known('web'));
  d.submit(ID, true, alert('known'));
  store.notice({ type: 'containerd', fullId: OTHER, id: OTHER });
  store.fail(OTHER);
  d.submit(OTHER, true, alert('failed', OTHER));
  store.notice({ type: 'docker', fullId: 'b'.repeat(64), id: 'b'.repeat(12) });
  d.submit('b'.repeat(12), false, alert('ids only'));
  assert.equal(out.length, 4);
  assert.equal(timers.count, 0);
});

test('alerts about one container keep their order; others are not held up', () => {
  const { store, out, d, alert } = setup();
  store.notice({ type: 'docker', fullId: FULL, id: ID });
  d.submit(ID, true, alert('first'));
  d.submit(ID, false, alert('second'));
  d.submit(undefined, false, alert('host'));
  assert.deepEqual(out, ['host name=<NA>']);
  store.set(known('web'));
  assert.deepEqual(out, ['host name=<NA>', 'first name=web', 'second name=web']);
});

test('memory is bounded: past maxHeld, alerts go out at once and are counted', () => {
  const { store, out, d, alert } = setup(1000, 2);
  for (let i = 0; i < 3; i++) {
    const id = `c${i}`.padEnd(12, '0');
    store.notice({ type: 'docker', fullId: id.padEnd(64, '0'), id });
    d.submit(id, true, alert(`a${i}`, id));
  }
  assert.equal(out.length, 1);
  assert.equal(d.stats().overflowed, 1);
  assert.equal(d.stats().held, 2);
});

test('flush emits everything held', () => {
  const { store, timers, out, d, alert } = setup();
  store.notice({ type: 'docker', fullId: FULL, id: ID });
  d.submit(ID, true, alert('x'));
  d.flush();
  assert.deepEqual(out, ['x name=<NA>']);
  assert.equal(timers.count, 0, 'its timer is cleared');
});

test('metadata_wait_ms 0 turns waiting off', () => {
  const { store, out, d, alert } = setup(0);
  store.notice({ type: 'docker', fullId: FULL, id: ID });
  d.submit(ID, true, alert('x'));
  assert.deepEqual(out, ['x name=<NA>']);
});
