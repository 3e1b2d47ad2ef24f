// SystemState.epoch changes whenever what a process's fields read may have changed, and only then for the
// fd, I/O and memory events that make up most of a capture (the alert context cache relies on both).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { code } from '../../src/capture/codes.ts';
import { Engine } from '../../src/engine/engine.ts';
import { partialInfo } from '../../src/state/containers/model.ts';
import { SystemState } from '../../src/state/state.ts';
import { ThreadInfo } from '../../src/state/thread.ts';
import { type SyntheticEvent, syntheticCapture } from '../helpers/synthetic-capture.ts';

test('every change of the thread, user and container tables changes the epoch', () => {
  const s = new SystemState();
  const steps: [string, () => void][] = [
    ['a thread added', () => s.threads.add(new ThreadInfo(10), false)],
    ['a placeholder thread', () => s.threads.fake(11)],
    ['a thread removed', () => s.threads.remove(11, true)],
    ['a user added', () => s.users.addUser({ uid: 5, gid: 5, name: 'u', homedir: '/', shell: '' })],
    ['a group added', () => s.users.addGroup({ gid: 5, name: 'g' })],
    ['a container noticed', () => s.containers.notice({ type: 'docker', id: 'abc', fullId: 'abc' })],
    ['a container described', () => s.containers.set({ ...partialInfo('docker', 'abc', 'abc'), partial: false })],
    ['a container failed', () => s.containers.fail('abc')],
    ['a container removed', () => s.containers.remove('abc')],
    ['the state reset', () => s.reset()],
  ];
  for (const [what, step] of steps) {
    const before = s.epoch();
    step();
    assert.notEqual(s.epoch(), before, what);
  }
  const before = s.epoch();
  s.threads.get(10);
  s.users.userOf(new ThreadInfo(12), 5);
  s.containers.get('abc');
  assert.equal(s.epoch(), before, 'lookups change nothing');
});

test("fd, I/O and memory events leave the epoch; a process's changes move it", () => {
  const T0 = 1_700_000_000_000_000_000n;
  const at = (i: number) => T0 + BigInt(i) * 1000n;
  const ev = (id: string, params: SyntheticEvent['params'], i: number): SyntheticEvent => ({
    type: code(id),
    tid: 100,
    ts: at(i),
    params,
  });
  const events: SyntheticEvent[] = [
    ev('SYSCALL_OPENAT_2_X', [3, -100, '/etc/passwd', 0, 0, 0, 0], 1),
    ev('SYSCALL_READ_X', [4, new Uint8Array(4)], 2),
    ev('SYSCALL_CLOSE_X', [0], 3),
    ev('SYSCALL_MMAP_X', [0, 100, 10, 0], 4),
    ev('SYSCALL_CHDIR_X', [0, '/tmp'], 5),
    ev('SYSCALL_SETUID_X', [0, 1000], 6),
  ];
  const epochs: number[] = [];
  const engine = new Engine({
    event(evt) {
      epochs.push(evt.state?.epoch() ?? -1);
    },
  });
  assert.equal(engine.blocks.push(syntheticCapture([{ tid: 100, comm: 'bash' }], events)), undefined);
  assert.equal(engine.blocks.end(), undefined);
  assert.equal(epochs.length, events.length);
  // open, read, close, mmap: one epoch; chdir and setuid: a new one each
  assert.deepEqual(
    epochs.map((e) => e - epochs[0]),
    [0, 0, 0, 0, 1, 2],
  );
});
