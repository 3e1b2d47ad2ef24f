import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CgroupContainer } from '../../src/state/containers/cgroup-id.ts';
import { type ContainerInfo, partialInfo } from '../../src/state/containers/model.ts';
import { ContainerStore, type MetadataResolver } from '../../src/state/containers/store.ts';

const FULL = '697956520d891b5cb0e215093970c733549a3f745f52263c05b37f8a488994f3';
const C: CgroupContainer = { type: 'docker', fullId: FULL, id: FULL.slice(0, 12) };

function full(name: string): ContainerInfo {
  return { ...partialInfo('docker', FULL, FULL.slice(0, 12)), name, image: 'nginx:latest', partial: false };
}

class ManualResolver implements MetadataResolver {
  asked: CgroupContainer[] = [];
  lookup(c: CgroupContainer): void {
    this.asked.push(c);
  }
}

test('an unknown container is pending with a partial record, and one lookup is started', () => {
  const resolver = new ManualResolver();
  const store = new ContainerStore({ resolver });
  store.notice(C);
  store.notice(C);
  assert.equal(store.isPending(C.id), true);
  assert.equal(store.get(C.id)?.type, 'docker');
  assert.equal(store.get(C.id)?.name, '');
  assert.equal(store.get(FULL)?.id, C.id, 'a full id finds the record too');
  assert.deepEqual(resolver.asked, [C]);
});

test('waiters run when the runtime answers, and not before', () => {
  const store = new ContainerStore({ resolver: new ManualResolver() });
  store.notice(C);
  const seen: string[] = [];
  store.whenSettled(C.id, () => seen.push(store.get(C.id)?.name ?? '?'));
  assert.deepEqual(seen, []);
  store.set(full('web'));
  assert.deepEqual(seen, ['web']);
  assert.equal(store.state(C.id), 'known');
});

test('a failed lookup settles waiters with the partial record', () => {
  const store = new ContainerStore({ resolver: new ManualResolver() });
  store.notice(C);
  let called = 0;
  store.whenSettled(C.id, () => called++);
  store.fail(C.id);
  assert.equal(called, 1);
  assert.equal(store.isPending(C.id), false);
  assert.equal(store.state(C.id), 'failed');
});

test('a cancelled waiter is not called', () => {
  const store = new ContainerStore({ resolver: new ManualResolver() });
  store.notice(C);
  let called = 0;
  store.whenSettled(C.id, () => called++).cancel();
  store.set(full('web'));
  assert.equal(called, 0);
});

test('whenSettled on a known, failed or unknown container calls back at once', () => {
  const store = new ContainerStore();
  let called = 0;
  store.whenSettled('nothing', () => called++);
  store.notice(C); // no resolver: nothing can answer
  assert.equal(store.state(C.id), 'failed');
  store.whenSettled(C.id, () => called++);
  assert.equal(called, 2);
});

test('a partial record never replaces a full one', () => {
  const store = new ContainerStore();
  store.set(full('web'));
  store.set(partialInfo('docker', FULL, C.id));
  assert.equal(store.get(C.id)?.name, 'web');
});

test('a destroyed container stays for a grace period, then goes', () => {
  let now = 1000;
  const store = new ContainerStore({ now: () => now });
  store.set(full('web'));
  store.remove(FULL);
  assert.equal(store.get(C.id)?.name, 'web');
  now += 31_000;
  store.remove('other');
  assert.equal(store.get(C.id), undefined);
});

test('subscribers see every record set', () => {
  const store = new ContainerStore();
  const names: string[] = [];
  const stop = store.subscribe((i) => names.push(i.name));
  store.set(full('a'));
  stop();
  store.set(full('b'));
  assert.deepEqual(names, ['a']);
});
