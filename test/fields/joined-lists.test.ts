// proc.env and proc.args join a list per read, and the join is remembered for the same array
// (src/fields/extract/process-fields.ts JoinedList): reads alternating between processes, and a process whose list an
// exec replaced, must each read their own list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syscallRegistry } from '../../src/fields/registry.ts';
import type { Event } from '../../src/state/event.ts';
import { SystemState } from '../../src/state/state.ts';
import { ThreadInfo } from '../../src/state/thread.ts';

function extractor(name: string): (evt: Event) => unknown {
  const field = syscallRegistry.classes.flatMap((c) => c.fields).find((f) => f.name === name);
  const ex = field?.bind?.(undefined);
  assert.equal(typeof ex, 'function', name);
  return ex as (evt: Event) => unknown;
}

test('proc.env and proc.args read each process its own list, across alternation and an exec', () => {
  const s = new SystemState();
  const a = new ThreadInfo(100);
  const b = new ThreadInfo(200);
  s.threads.add(a, false);
  s.threads.add(b, false);
  a.env = ['HTTP_PROXY=a', 'HOME=/a'];
  b.env = ['HOME=/b'];
  a.args = ['-c', 'a'];
  b.args = ['-c', 'b'];
  const on = (t: ThreadInfo) => ({ thread: t, state: s }) as unknown as Event;
  const env = extractor('proc.env');
  const aenv = extractor('proc.aenv');
  const args = extractor('proc.args');
  for (let i = 0; i < 3; i++) {
    assert.equal(env(on(a)), 'HTTP_PROXY=a HOME=/a');
    assert.equal(aenv(on(b)), 'HOME=/b');
    assert.equal(env(on(b)), 'HOME=/b');
    assert.equal(args(on(a)), '-c a');
    assert.equal(args(on(b)), '-c b');
  }
  // an exec gives the thread new arrays
  a.env = ['HOME=/a2'];
  a.args = ['-c', 'a2'];
  assert.equal(env(on(a)), 'HOME=/a2');
  assert.equal(aenv(on(a)), 'HOME=/a2');
  assert.equal(args(on(a)), '-c a2');
});
