// The delay from a container's start to its alert, with live Peregrine on this host (root, dockerd from
// scripts/start-dockerd.sh, the sensor built): `docker run --privileged` N times; for each, the time from the
// command's start, and from dockerd's `start` event, to the "Privileged container started" alert on Peregrine's
// stdout. Side by side, as a baseline, the same for a host process: `sh -c 'echo x > /etc/…'`-style writes are
// not wanted on a shared machine, so the baseline is an exec in an already running container (no metadata to
// wait for): `docker exec` of a shell with a terminal → "Terminal shell in container".
//
// Run: node_modules/.bin/node bench/container-alert-delay.ts [N]
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DockerClient } from '../src/state/containers/docker-client.ts';
import { startLive } from '../test/helpers/live.ts';

const run = promisify(execFile);
const N = Number(process.argv[2] ?? 9);
const ROOT = join(import.meta.dirname, '..');
const IMAGE = 'peregrine-test/busybox:latest';
const LABEL = `peregrine-bench-delay=${process.pid}`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const live = await startLive([
  '-r',
  join(ROOT, 'rules/peregrine_rules.yaml'),
  '-r',
  join(ROOT, 'rules/peregrine_rules.local.yaml'),
]);
if ('skip' in live) {
  console.log(`skipped: ${live.skip}`);
  process.exit(0);
}

// dockerd's own clock for "the container started": its event stream
const starts = new Map<string, number>();
const docker = new DockerClient({ socketPath: '/var/run/docker.sock', timeoutMs: 2000 });
const abort = new AbortController();
void docker.streamEvents((e) => {
  if (e.Action === 'start' && e.Actor?.ID && typeof e.timeNano === 'number') starts.set(e.Actor.ID, e.timeNano / 1e6);
}, abort.signal);

const fromCommand: number[] = [];
const fromStart: number[] = [];
const execDelay: number[] = [];
try {
  for (let i = 0; i < N; i++) {
    const t0 = Date.now();
    const { stdout } = await run('docker', [
      'run',
      '-d',
      '--privileged',
      '--network',
      'none',
      '--label',
      LABEL,
      IMAGE,
      'sleep',
      '600',
    ]);
    const id = stdout.trim();
    const a = await live.log.waitFor(
      (x) => x.rule === 'Privileged container started' && x.output_fields['container.id'] === id.slice(0, 12),
    );
    const at = Date.now();
    void a;
    fromCommand.push(at - t0);
    const s = starts.get(id);
    if (s !== undefined) fromStart.push(at - s);

    const e0 = Date.now();
    await run('docker', ['exec', '-t', id, 'sh', '-c', 'exit 0']);
    await live.log.waitFor(
      (x) => x.rule === 'Terminal shell in container' && x.output_fields['container.id'] === id.slice(0, 12),
    );
    execDelay.push(Date.now() - e0);
  }
} finally {
  abort.abort();
  await docker.close();
  await live.stop();
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=${LABEL}`]);
  const ids = stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await run('docker', ['rm', '-f', ...ids]);
}

const fmt = (xs: number[]) =>
  `median ${median(xs)} ms (min ${Math.min(...xs)}, max ${Math.max(...xs)}, n=${xs.length})`;
console.log(`docker run --privileged → "Privileged container started": ${fmt(fromCommand)}`);
console.log(`dockerd's start event    → "Privileged container started": ${fmt(fromStart)}`);
console.log(`baseline: docker exec -t → "Terminal shell in container":   ${fmt(execDelay)}`);
