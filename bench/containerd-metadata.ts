// containerd and CRI metadata costs against a real standalone containerd (started here as the tests start it:
// test/helpers/containerd.ts), side by side with a baseline, medians of several runs:
//   1. one lookup through containerd's own API (Containers.Get + Images.Get + Tasks.Get) and through CRI
//      (ListContainers + verbose ContainerStatus + PodSandboxStatus), against the plainest round trip on the
//      same socket (Version);
//   2. the delay from a container being started (`ctr run -d`, CRI StartContainer) to its record in the store,
//      learned from the event stream, against the start itself;
//   3. loading grpc-js, protobufjs and the descriptor (paid once, only on hosts with a containerd/CRI socket).
//
// Run as root: node_modules/.bin/node bench/containerd-metadata.ts   (needs dockerd for the images)
import { performance } from 'node:perf_hooks';
import { ContainerdClient } from '../src/state/containers/containerd-client.ts';
import { ContainerdWatcher } from '../src/state/containers/containerd-watcher.ts';
import { CriClient } from '../src/state/containers/cri-client.ts';
import { CriWatcher } from '../src/state/containers/cri-watcher.ts';
import { loadGrpc } from '../src/state/containers/grpc/connection.ts';
import { ContainerRuntimes } from '../src/state/containers/runtimes.ts';
import { defaultContainerSettings } from '../src/state/containers/settings.ts';
import { ContainerStore } from '../src/state/containers/store.ts';
import { noContainerd, TestContainerd } from '../test/helpers/containerd.ts';

const RUNS = 7;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number): string => `${x.toFixed(2).padStart(7)} ms`;

const why = noContainerd();
if (why !== undefined) {
  console.log(`skipped: ${why}`);
  process.exit(0);
}

let t = performance.now();
await loadGrpc();
const loadMs = performance.now() - t;

const ctd = await TestContainerd.start();
try {
  await ctd.importImages();
  const quiet = () => {};
  const ctrId = `bench-${process.pid}`;
  await ctd.ctrRun({ id: ctrId, labels: { 'io.kubernetes.pod.name': 'bench-0' } });
  const pod = await ctd.pod({
    name: 'bench-pod',
    namespace: 'bench',
    uid: `b0000000-0000-4000-8000-${String(process.pid).padStart(12, '0')}`,
  });
  const criId = await pod.container({ name: 'bench' });

  // 1. lookups, each on a fresh store (the watchers remember nothing between runs but images)
  const native = new ContainerdClient({ socketPath: ctd.socket, timeoutMs: 5000 });
  const cri = new CriClient({ socketPath: ctd.socket, timeoutMs: 5000 });
  await native.version();
  await cri.version();
  const timeIt = async (n: number, f: () => Promise<unknown>): Promise<number> => {
    const runs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await f();
      runs.push((performance.now() - t0) / n);
    }
    return median(runs);
  };
  const base = await timeIt(50, () => native.version());
  const store = new ContainerStore();
  const nw = new ContainerdWatcher({ client: native, store, labelMaxLen: 100, log: quiet });
  const cw = new CriWatcher({ client: cri, store, labelMaxLen: 100, log: quiet, eventsElsewhere: true });
  const nativeLookup = await timeIt(50, () => nw.lookup(ctrId));
  const criLookup = await timeIt(50, () => cw.lookup(criId));
  console.log(`containerd ${(await native.version()).ok ? 'answers' : '?'}; medians of ${RUNS} runs`);
  console.log(`  baseline: Version round trip                         ${ms(base)}  1.0x`);
  console.log(
    `  containerd API lookup (ctr run container)            ${ms(nativeLookup)}  ${(nativeLookup / base).toFixed(1)}x`,
  );
  console.log(
    `  CRI lookup (pod container: list, status, sandbox)    ${ms(criLookup)}  ${(criLookup / base).toFixed(1)}x`,
  );

  // 2. start → record in the store, through the runtimes as live detection runs them
  const settings = {
    ...defaultContainerSettings({}),
    docker: { enabled: false, sockets: [] },
    podman: { enabled: false, sockets: [] },
    cri: { enabled: true, sockets: [ctd.socket] },
    containerd: { enabled: true, sockets: [ctd.socket] },
  };
  const live = new ContainerStore();
  const runtimes = new ContainerRuntimes(settings, live, quiet);
  await runtimes.start();
  const arrival = (fullId: string, since: number): Promise<number> =>
    new Promise((resolve) => {
      const stop = live.subscribe((c) => {
        if (c.fullId === fullId && !c.partial) {
          stop();
          resolve(performance.now() - since);
        }
      });
    });
  const ctrStart: number[] = [];
  const ctrKnown: number[] = [];
  const criStart: number[] = [];
  const criKnown: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const id = `bench-${process.pid}-${r}`;
    t = performance.now();
    const known = arrival(id, t);
    await ctd.ctrRun({ id });
    ctrStart.push(performance.now() - t);
    ctrKnown.push(await known);
    t = performance.now();
    let cid = '';
    const p = pod.container({ name: `c${r}` }).then((x) => {
      cid = x;
      criStart.push(performance.now() - t);
    });
    // the id is known only once CreateContainer answers: wait for the first record named c<r>
    const named = new Promise<number>((resolve) => {
      const stop = live.subscribe((c) => {
        if (c.name === `c${r}` && !c.partial) {
          stop();
          resolve(performance.now() - t);
        }
      });
    });
    criKnown.push(await named);
    await p;
    if (cid === '') throw new Error('no container');
  }
  await runtimes.stop();
  console.log(`  ctr run -d (the command)                             ${ms(median(ctrStart))}`);
  console.log(`  ctr run -d → record in the store                     ${ms(median(ctrKnown))}`);
  console.log(`  CRI CreateContainer + StartContainer                 ${ms(median(criStart))}`);
  console.log(`  CRI create → record (name, pod) in the store         ${ms(median(criKnown))}`);
  console.log(`  loading grpc-js + protobufjs + descriptor (once)     ${ms(loadMs)}  (source, not the bundle)`);
  native.close();
  cri.close();
} finally {
  await ctd.stop();
}
