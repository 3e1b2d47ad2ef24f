// Container metadata from a real dockerd (scripts/start-dockerd.sh): containers running before Peregrine
// starts are listed, later ones are learned from the event stream, and the fields have Falco's formats.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { containerFromCgroups } from '../../src/state/containers/cgroup-id.ts';
import type { ContainerInfo } from '../../src/state/containers/model.ts';
import { mountToString } from '../../src/state/containers/model.ts';
import { ContainerRuntimes } from '../../src/state/containers/runtimes.ts';
import { defaultContainerSettings } from '../../src/state/containers/settings.ts';
import { ContainerStore } from '../../src/state/containers/store.ts';
import {
  dockerCli,
  noDocker,
  removeTestContainers,
  startContainer,
  TEST_IMAGE,
  type TestContainer,
} from '../helpers/docker.ts';

const skip = noDocker();

function waitKnown(store: ContainerStore, fullId: string): Promise<ContainerInfo> {
  return new Promise((resolve) => {
    const now = store.get(fullId);
    if (now !== undefined && !now.partial) return resolve(now);
    const stop = store.subscribe((i) => {
      if (i.fullId === fullId && !i.partial) {
        stop();
        resolve(i);
      }
    });
  });
}

describe('Docker runtime metadata', { skip }, () => {
  let early: TestContainer;
  let store: ContainerStore;
  let runtimes: ContainerRuntimes;
  const logs: string[] = [];

  before(async () => {
    early = await startContainer({
      flags: ['--privileged', '-v', '/etc:/host/etc:ro', '--label', 'team=blue', '--health-cmd', 'true'],
    });
    store = new ContainerStore();
    runtimes = new ContainerRuntimes(defaultContainerSettings({}), store, (_s, m) => logs.push(m));
    await runtimes.start();
  });

  after(async () => {
    await runtimes?.stop();
    await removeTestContainers();
  });

  test('docker is found and connected', () => {
    const docker = runtimes.list().find((r) => r.engine === 'docker');
    assert.equal(docker?.status, 'connected', logs.join('\n'));
  });

  test('a container running before start-up is known after start-up', () => {
    const info = store.get(early.id);
    assert.ok(info, 'listed at start');
    assert.equal(info.partial, false);
    assert.equal(info.id, early.id.slice(0, 12));
    assert.equal(info.fullId, early.id);
    assert.equal(info.name, early.name);
    assert.equal(info.type, 'docker');
    assert.equal(info.image, TEST_IMAGE);
    assert.equal(info.imageRepository, 'peregrine-test/busybox');
    assert.equal(info.imageTag, 'latest');
    assert.equal(info.imageDigest, '');
    assert.match(info.imageId, /^[0-9a-f]{64}$/);
    assert.equal(info.privileged, true);
    assert.deepEqual(info.mounts.map(mountToString), ['/etc:/host/etc:ro:false:rprivate']);
    assert.equal(info.labels.get('team'), 'blue');
    assert.deepEqual(info.probes, [{ kind: 'healthcheck', exe: '/bin/sh', args: ['-c', 'true'] }]);
    assert.ok(info.startedAtNs > 0n);
    assert.equal(info.hostPid, false);
  });

  test('a container created the moment start-up ends is not missed', async () => {
    const s2 = new ContainerStore();
    const r2 = new ContainerRuntimes(defaultContainerSettings({}), s2, () => {});
    await r2.start();
    const c = await startContainer();
    const info = await waitKnown(s2, c.id);
    assert.equal(info.name, c.name);
    await r2.stop();
  });

  test('a container started later is learned from the event stream', async () => {
    const late = await startContainer({ flags: ['--pid', 'host', '--ipc', 'host'] });
    const info = await waitKnown(store, late.id);
    assert.equal(info.name, late.name);
    assert.equal(info.hostPid, true);
    assert.equal(info.hostIpc, true);
    assert.equal(info.privileged, false);
    assert.deepEqual(info.mounts, []);
  });

  test('a thread’s cgroup names the container the runtime describes', async () => {
    const pid = (await dockerCli('inspect', '-f', '{{.State.Pid}}', early.id)).trim();
    const c = containerFromCgroups(readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n'));
    assert.ok(c);
    assert.equal(c.fullId, early.id);
    store.notice(c);
    assert.equal(store.get(c.id)?.name, early.name);
  });

  test('a container no runtime knows: the lookup fails and nothing waits', async () => {
    const ghost = 'f'.repeat(64);
    store.notice({ type: 'docker', fullId: ghost, id: ghost.slice(0, 12) });
    await new Promise<void>((resolve) => store.whenSettled(ghost, resolve));
    assert.equal(store.state(ghost), 'failed');
    assert.equal(store.get(ghost)?.name, '');
  });
});
