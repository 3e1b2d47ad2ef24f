// Container metadata from a real containerd (Debian's, started by the test with its own root, state and socket;
// the CRI plugin on the same socket): containers made with `ctr run` in namespace k8s.io with pod labels, and a
// pod sandbox with a container made through the CRI API with host networking. What the store holds is what
// the container.* and k8s.* fields read; the live detector's alerts are checked in test/e2e/containerd-threats.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { containerFromCgroups } from '../../src/state/containers/cgroup-id.ts';
import { ContainerdClient } from '../../src/state/containers/containerd-client.ts';
import { ContainerdWatcher } from '../../src/state/containers/containerd-watcher.ts';
import { CriClient } from '../../src/state/containers/cri-client.ts';
import { CriWatcher } from '../../src/state/containers/cri-watcher.ts';
import type { ContainerInfo } from '../../src/state/containers/model.ts';
import { ContainerRuntimes } from '../../src/state/containers/runtimes.ts';
import { type ContainerSettings, defaultContainerSettings } from '../../src/state/containers/settings.ts';
import { ContainerStore } from '../../src/state/containers/store.ts';
import type { Log } from '../../src/state/containers/watcher.ts';
import { CTR_IMAGE, CTR_PAUSE_IMAGE, noContainerd, TestContainerd } from '../helpers/containerd.ts';

const skip = noContainerd();
const quiet: Log = () => {};
const POD_UID = `0c0ffee0-0000-4000-8000-${String(process.pid).padStart(12, '0')}`;

function settingsFor(socket: string, over: Partial<ContainerSettings> = {}): ContainerSettings {
  const none = { enabled: false, sockets: [] };
  return {
    ...defaultContainerSettings({}),
    docker: none,
    podman: none,
    cri: { enabled: true, sockets: [socket] },
    containerd: { enabled: true, sockets: [socket] },
    ...over,
  };
}

/** Resolves with the record the store is given for `id` (the full id), now or later (and that satisfies `pred`). */
function recordFor(
  store: ContainerStore,
  fullId: string,
  pred: (c: ContainerInfo) => boolean = () => true,
): Promise<ContainerInfo> {
  const wanted = (c: ContainerInfo): boolean => c.fullId === fullId && !c.partial && pred(c);
  return new Promise((resolve) => {
    const now = [...store.all()].find(wanted);
    if (now !== undefined) return resolve(now);
    const stop = store.subscribe((c) => {
      if (wanted(c)) {
        stop();
        resolve(c);
      }
    });
  });
}

/** A store that tells when a container is let go (the runtime said it is gone). */
class WatchedStore extends ContainerStore {
  private waiters = new Map<string, () => void>();
  removed(shortId: string): Promise<void> {
    return new Promise((resolve) => this.waiters.set(shortId, resolve));
  }
  override remove(id: string): void {
    super.remove(id);
    this.waiters.get(id)?.();
  }
}

function pidsOf(ctd: TestContainerd, id: string): Promise<number> {
  return ctd.ctr('tasks', 'ls').then((out) => {
    const line = out.split('\n').find((l) => l.split(/\s+/)[0] === id);
    return Number(line?.split(/\s+/)[1] ?? 0);
  });
}

describe('containerd: ctr run in namespace k8s.io, CRI pod sandboxes and containers', { skip }, () => {
  let ctd: TestContainerd;

  before(async () => {
    ctd = await TestContainerd.start();
    await ctd.importImages();
  });

  after(async () => {
    await ctd?.stop();
  });

  test('a ctr container: its cgroup names it, and containerd describes it with its labels and pod', async () => {
    const id = `ctd-${process.pid}-web`;
    await ctd.ctrRun({
      id,
      labels: {
        'io.kubernetes.pod.name': 'web-0',
        'io.kubernetes.pod.namespace': 'shop',
        'io.kubernetes.pod.uid': POD_UID,
        app: 'web',
      },
      mounts: [{ host: '/etc', container: '/host/etc', readonly: true }],
    });
    const pid = await pidsOf(ctd, id);
    assert.ok(pid > 0, 'the task runs');
    const fromCgroup = containerFromCgroups(readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n'));
    assert.deepEqual(fromCgroup, { type: 'containerd', fullId: id, id: id.slice(0, 12) });

    const store = new ContainerStore();
    const runtimes = new ContainerRuntimes(settingsFor(ctd.socket), store, quiet);
    const summaries = await runtimes.start();
    try {
      assert.deepEqual(
        summaries.map((s) => [s.engine, s.status]),
        [
          ['cri', 'connected'],
          ['containerd', 'connected'],
        ],
      );
      assert.match(summaries[0].detail, /^containerd 1\./);
      const c = store.get(id.slice(0, 12));
      assert.ok(c !== undefined && !c.partial, 'listed at start');
      assert.equal(c.type, 'containerd');
      assert.equal(c.fullId, id);
      assert.equal(c.name, id, 'a ctr container is named by the id it was given');
      assert.equal(c.image, CTR_IMAGE);
      assert.equal(c.imageRepository, 'docker.io/peregrine-test/busybox');
      assert.equal(c.imageTag, 'latest');
      assert.match(c.imageDigest, /^sha256:[0-9a-f]{64}$/);
      assert.equal(c.privileged, false);
      assert.equal(c.hostNetwork, false);
      assert.equal(c.initPid, pid);
      assert.equal(c.labels.get('io.kubernetes.pod.name'), 'web-0');
      assert.equal(c.labels.get('io.kubernetes.pod.namespace'), 'shop');
      assert.equal(c.labels.get('app'), 'web');
      const etc = c.mounts.find((m) => m.dest === '/host/etc');
      assert.deepEqual(etc, { source: '/etc', dest: '/host/etc', mode: '', rdwr: false, propagation: '' });

      // one made afterwards arrives through containerd's event stream, privileged
      const priv = `ctd-${process.pid}-priv`;
      const arrived = recordFor(store, priv);
      await ctd.ctrRun({ id: priv, privileged: true, labels: { 'io.kubernetes.pod.name': 'priv-0' } });
      const p = await arrived;
      assert.equal(p.privileged, true);
      assert.equal(p.labels.get('io.kubernetes.pod.name'), 'priv-0');

      // and leaves the store when deleted
      const watched = new WatchedStore();
      const r2 = new ContainerRuntimes(settingsFor(ctd.socket), watched, quiet);
      await r2.start();
      const gone = watched.removed(priv.slice(0, 12));
      await ctd.removeCtr(priv);
      await gone;
      await r2.stop();
    } finally {
      await runtimes.stop();
    }
  });

  test('a CRI pod with host networking: the container has its name, image, pod and the pod labels', async () => {
    const store = new ContainerStore();
    const runtimes = new ContainerRuntimes(settingsFor(ctd.socket), store, quiet);
    await runtimes.start();
    try {
      const pod = await ctd.pod({
        name: 'shop-web-0',
        namespace: 'shop',
        uid: POD_UID,
        labels: { app: 'shop', tier: 'web' },
        privileged: true,
      });
      const id = await pod.container({
        name: 'app',
        privileged: true,
        mounts: [{ host: '/etc', container: '/host/etc', readonly: true }],
      });
      // containerd 1.6 has no CRI event stream: its own events bring the container, described through CRI (at
      // creation, and again when its task has started and has a pid)
      const c = await recordFor(store, id, (x) => x.initPid > 0);
      assert.equal(c.type, 'containerd');
      assert.equal(c.id, id.slice(0, 12));
      assert.equal(c.name, 'app');
      assert.equal(c.image, CTR_IMAGE);
      assert.equal(c.imageRepository, 'docker.io/peregrine-test/busybox');
      assert.equal(c.imageTag, 'latest');
      assert.match(c.imageId, /^[0-9a-f]{64}$/);
      assert.equal(c.privileged, true);
      assert.equal(c.hostNetwork, true);
      assert.equal(c.hostPid, false);
      assert.equal(c.podSandboxId, pod.id);
      assert.equal(c.labels.get('io.kubernetes.pod.name'), 'shop-web-0');
      assert.equal(c.labels.get('io.kubernetes.pod.namespace'), 'shop');
      assert.equal(c.labels.get('io.kubernetes.pod.uid'), POD_UID);
      assert.deepEqual(Object.fromEntries(c.podSandboxLabels), { app: 'shop', tier: 'web' });
      assert.deepEqual(c.mounts, [
        { source: '/etc', dest: '/host/etc', mode: '', rdwr: false, propagation: 'private' },
      ]);
      assert.ok(c.initPid > 0);
      assert.ok(c.startedAtNs > 0n);

      // its cgroup (kubelet's cgroupfs layout) names a Kubernetes container whose runtime is not known yet
      const cg = containerFromCgroups(readFileSync(`/proc/${c.initPid}/cgroup`, 'utf8').split('\n'));
      assert.deepEqual(cg, { type: 'cri', fullId: id, id: id.slice(0, 12) });

      // the pause container is the pod sandbox: the pod's name, the sandbox image
      const sandbox = await recordFor(store, pod.id);
      assert.equal(sandbox.isPodSandbox, true);
      assert.equal(sandbox.name, 'shop-web-0');
      assert.equal(sandbox.image, CTR_PAUSE_IMAGE);
      assert.equal(sandbox.hostNetwork, true);
    } finally {
      await runtimes.stop();
    }
  });

  test('a thread names a container first: the store asks the runtimes, and the answer settles it', async () => {
    // CRI only: containerd 1.6 has no CRI event stream, so a container made now is unknown to the store until
    // a thread of it is noticed (the CRI list is compared only every 10 s)
    const store = new ContainerStore();
    const runtimes = new ContainerRuntimes(
      settingsFor(ctd.socket, { containerd: { enabled: false, sockets: [] } }),
      store,
      quiet,
    );
    await runtimes.start();
    try {
      const pod = await ctd.pod({ name: 'lookup-0', namespace: 'default', uid: `${POD_UID.slice(0, -1)}1` });
      const id = await pod.container({ name: 'late' });
      const short = id.slice(0, 12);
      store.notice({ type: 'cri', fullId: id, id: short });
      await new Promise<void>((resolve) => store.whenSettled(short, resolve));
      assert.equal(store.state(short), 'known');
      assert.equal(store.get(short)?.name, 'late');
      assert.equal(store.get(short)?.labels.get('io.kubernetes.pod.name'), 'lookup-0');

      // an id no runtime knows settles as failed: an alert waits no longer than the answers take
      const unknown = 'f'.repeat(64);
      store.notice({ type: 'cri', fullId: unknown, id: unknown.slice(0, 12) });
      await new Promise<void>((resolve) => store.whenSettled(unknown.slice(0, 12), resolve));
      assert.equal(store.state(unknown.slice(0, 12)), 'failed');
    } finally {
      await runtimes.stop();
    }
  });

  test('a CRI runtime without an event stream is polled: a removed pod leaves the store', async () => {
    const pod = await ctd.pod({ name: 'poll-0', namespace: 'default', uid: `${POD_UID.slice(0, -1)}2` });
    const id = await pod.container({ name: 'polled' });
    const store = new WatchedStore();
    const watcher = new CriWatcher({
      client: new CriClient({ socketPath: ctd.socket, timeoutMs: 5000 }),
      store,
      labelMaxLen: 100,
      log: quiet,
      pollIntervalMs: 50,
    });
    const r = await watcher.start();
    try {
      assert.equal(r.ok, true);
      assert.equal(watcher.hasNoEventStream, true, 'containerd 1.6 has no GetContainerEvents');
      assert.equal(store.get(id.slice(0, 12))?.name, 'polled');
      const gone = Promise.all([store.removed(id.slice(0, 12)), store.removed(pod.id.slice(0, 12))]);
      await ctd.removePod(pod.id);
      await gone;
      assert.ok(watcher.stats().polls > 0);
    } finally {
      await watcher.stop();
    }
  });

  test('containerd restarted: the event stream reconnects and the containers are listed again', async () => {
    const store = new ContainerStore();
    let reconnected: () => void = () => {};
    const back = new Promise<void>((resolve) => {
      reconnected = resolve;
    });
    const watcher = new ContainerdWatcher({
      client: new ContainerdClient({ socketPath: ctd.socket, timeoutMs: 5000 }),
      store,
      labelMaxLen: 100,
      log: (_s, msg) => {
        if (msg.includes('event stream reconnected')) reconnected();
      },
      minBackoffMs: 20,
      maxBackoffMs: 200,
    });
    await watcher.start();
    try {
      await ctd.restart();
      await back;
      assert.equal(watcher.stats().reconnects, 1);
      const id = `ctd-${process.pid}-after`;
      const arrived = recordFor(store, id);
      await ctd.ctrRun({ id });
      assert.equal((await arrived).name, id);
    } finally {
      await watcher.stop();
    }
  });
});

describe('a containerd socket that does not answer', () => {
  let server: Server;
  let socket: string;

  before(async () => {
    socket = join(mkdtempSync(join(tmpdir(), 'peregrine-mute-')), 'containerd.sock');
    // accepts connections and never says a word: a hung runtime
    server = createServer((conn) => accepted.push(conn));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
  });
  const accepted: Socket[] = [];

  after(async () => {
    for (const c of accepted) c.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dirname(socket), { recursive: true, force: true });
  });

  test('start-up gives up within the deadline, says why, and its containers settle as failed', async () => {
    const store = new ContainerStore();
    const runtimes = new ContainerRuntimes(settingsFor(socket, { apiTimeoutMs: 300 }), store, quiet);
    const summaries = await runtimes.start();
    try {
      assert.deepEqual(
        summaries.map((s) => [s.engine, s.status]),
        [
          ['cri', 'unreachable'],
          ['containerd', 'unreachable'],
        ],
      );
      assert.match(summaries[0].detail, /timed out/);
      const id = 'a'.repeat(64);
      store.notice({ type: 'containerd', fullId: id, id: id.slice(0, 12) });
      await new Promise<void>((resolve) => store.whenSettled(id.slice(0, 12), resolve));
      assert.equal(store.state(id.slice(0, 12)), 'failed');
    } finally {
      await runtimes.stop();
    }
  });
});
