// Container metadata costs, side by side with baselines, several runs, medians:
//   1. per-event field extraction: container.id / container.name / container.mount.dest[GLOB] from the store,
//      against reading a field straight off a record (the cheapest possible extractor);
//   2. cgroup lines → container id: a first sight (parse) and a repeat (cached), against splitting the line;
//   3. with a dockerd (scripts/start-dockerd.sh): the round trip of one container inspect, and the delay from
//      `docker run -d` returning to the container's metadata being in the store (learned from the event stream).
//
// Run: node_modules/.bin/node bench/container-metadata.ts [--no-docker]
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  bindContainerValue,
  type ContainerEventAccess,
  type ContainerValue,
  HOST,
} from '../src/fields/extract/container-values.ts';
import { cgroupPath, containerFromCgroupPath, containerFromCgroups } from '../src/state/containers/cgroup-id.ts';
import { DockerClient } from '../src/state/containers/docker-client.ts';
import { type ContainerInfo, partialInfo } from '../src/state/containers/model.ts';
import { ContainerRuntimes } from '../src/state/containers/runtimes.ts';
import { defaultContainerSettings } from '../src/state/containers/settings.ts';
import { ContainerStore } from '../src/state/containers/store.ts';
import { compileGlob } from '../src/text/glob.ts';

const RUNS = 7;
const run = promisify(execFile);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** ns per call of `fn`, median of RUNS runs of `n` calls each. */
function nsPerCall(n: number, fn: (i: number) => unknown): number {
  let sink = 0;
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) if (fn(i) !== undefined) sink++;
    runs.push(Number(process.hrtime.bigint() - t0) / n);
  }
  if (sink === -1) console.log(sink);
  return median(runs);
}

function row(name: string, ns: number, base: number): void {
  console.log(`  ${name.padEnd(52)} ${ns.toFixed(1).padStart(8)} ns  ${(ns / base).toFixed(2).padStart(6)}x`);
}

// ---- 1. extraction -------------------------------------------------------------------------------------------
const store = new ContainerStore();
const ids: string[] = [];
for (let i = 0; i < 200; i++) {
  const full = i.toString(16).padStart(64, 'a');
  const info: ContainerInfo = {
    ...partialInfo('docker', full, full.slice(0, 12)),
    partial: false,
    name: `c${i}`,
    image: 'nginx:1.25',
    mounts: [
      { source: '/data', dest: '/data', mode: '', rdwr: true, propagation: 'rprivate' },
      {
        source: '/var/run/docker.sock',
        dest: '/host/var/run/docker.sock',
        mode: '',
        rdwr: true,
        propagation: 'rprivate',
      },
    ],
  };
  store.set(info);
  ids.push(info.id);
}
interface Evt {
  readonly containerId: string;
  readonly comm: string;
}
const events: Evt[] = ids.map((id, i) => ({ containerId: i % 10 === 0 ? HOST : id, comm: 'nginx' }));
const access: ContainerEventAccess<Evt> = {
  container: (e) => (e.containerId === HOST ? HOST : store.get(e.containerId)),
  pidnsInitStartTs: () => 0n,
  ts: () => 0n,
  lookup: (_e, id) => store.get(id),
};
function bound(name: string, raw?: string): (e: Evt) => unknown {
  const fn = bindContainerValue(
    name,
    raw === undefined ? undefined : { raw },
    access,
    compileGlob,
  ) as ContainerValue<Evt>;
  return (e) => {
    const c = access.container(e);
    return c === undefined ? null : fn(c, e);
  };
}
const N = 2_000_000;
const M = events.length;
console.log('1. per-event extraction (200 containers, 1 event in 10 on the host)');
const base = nsPerCall(N, (i) => events[i % M].comm);
row('baseline: a field read off the event record', base, base);
const cid = bound('container.id');
row(
  'container.id',
  nsPerCall(N, (i) => cid(events[i % M])),
  base,
);
const cname = bound('container.name');
row(
  'container.name (store lookup)',
  nsPerCall(N, (i) => cname(events[i % M])),
  base,
);
const mdest = bound('container.mount.dest', '/var/run/docker.sock');
row(
  'container.mount.dest[/var/run/docker.sock] (glob)',
  nsPerCall(N, (i) => mdest(events[i % M])),
  base,
);

// ---- 2. cgroups → id -----------------------------------------------------------------------------------------
const lines = ids.map((id) => ['cpuset', 'cpu', 'memory', 'pids'].map((s) => `${s}=/docker/${id.padEnd(64, '0')}`));
console.log('\n2. cgroup lines → container (4 lines per thread, scap spelling)');
const base2 = nsPerCall(200_000, (i) => cgroupPath(lines[i % M][0]));
row('baseline: split one line into its path', base2, base2);
row(
  'first sight: parse the path (uncached)',
  nsPerCall(200_000, (i) => containerFromCgroupPath(cgroupPath(lines[i % M][0]) ?? '')),
  base2,
);
row(
  'repeat: containerFromCgroups (cached)',
  nsPerCall(200_000, (i) => containerFromCgroups(lines[i % M])),
  base2,
);

// ---- 3. dockerd ----------------------------------------------------------------------------------------------
if (process.argv.includes('--no-docker') || !existsSync('/var/run/docker.sock')) {
  console.log('\n3. dockerd: skipped (no /var/run/docker.sock)');
} else {
  const image = 'peregrine-test/busybox:latest';
  const docker = (...a: string[]) => execFileSync('docker', a, { encoding: 'utf8' }).trim();
  const id = docker('run', '-d', '--network', 'none', '--label', 'peregrine-bench=x', image, 'sleep', '600');
  try {
    const client = new DockerClient({ socketPath: '/var/run/docker.sock', timeoutMs: 2000 });
    for (let i = 0; i < 5; i++) await client.inspectContainer(id); // warm the connection
    const rtt: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = process.hrtime.bigint();
      await client.inspectContainer(id);
      rtt.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const ping: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = process.hrtime.bigint();
      await client.ping();
      ping.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    await client.close();
    console.log('\n3. dockerd 20.10 on its unix socket (50 requests each, kept-alive connection)');
    console.log(`  baseline: GET /_ping                                   ${median(ping).toFixed(2)} ms`);
    console.log(
      `  GET /containers/{id}/json                              ${median(rtt).toFixed(2)} ms  (${(median(rtt) / median(ping)).toFixed(1)}x)`,
    );

    const s = new ContainerStore();
    const runtimes = new ContainerRuntimes(defaultContainerSettings({}), s, () => {});
    await runtimes.start();
    // docker run runs asynchronously, so the store follows the event stream while the CLI works
    const known: number[] = [];
    const returned: number[] = [];
    for (let i = 0; i < 9; i++) {
      let knownAt = 0n;
      const stop = s.subscribe((info) => {
        if (knownAt === 0n && !info.partial && info.labels.get('peregrine-bench') === String(i))
          knownAt = process.hrtime.bigint();
      });
      const t0 = process.hrtime.bigint();
      const out = await run('docker', [
        'run',
        '-d',
        '--network',
        'none',
        '--label',
        `peregrine-bench=${i}`,
        image,
        'sleep',
        '600',
      ]);
      const ran = process.hrtime.bigint();
      if (knownAt === 0n) {
        await new Promise<void>((resolve) => {
          const stop2 = s.subscribe((info) => {
            if (info.fullId === out.stdout.trim() && !info.partial) {
              knownAt = process.hrtime.bigint();
              stop2();
              resolve();
            }
          });
        });
      }
      stop();
      known.push(Number(knownAt - t0) / 1e6);
      returned.push(Number(ran - t0) / 1e6);
    }
    console.log(
      `  docker run -d (9 runs): returns after ${median(returned).toFixed(0)} ms (median); the container's metadata is in the store` +
        ` ${median(known).toFixed(0)} ms after the command started (median; max ${Math.max(...known).toFixed(0)} ms)`,
    );
    await runtimes.stop();
  } finally {
    execFileSync('sh', ['-c', 'docker rm -f $(docker ps -aq --filter label=peregrine-bench) >/dev/null']);
  }
}
