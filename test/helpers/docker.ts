// Real containers for tests, through the docker CLI against the local dockerd that scripts/start-dockerd.sh
// starts. Every container a test makes carries the label peregrine-test=<this process's run id>, so
// `removeTestContainers()` (call it in an `after` hook) removes exactly the ones this test file made.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEST_IMAGE = 'peregrine-test/busybox:latest';
export const DOCKER_SOCKET = '/var/run/docker.sock';
const RUN_LABEL = `peregrine-test=${process.pid}-${Date.now()}`;

/** Why docker-backed tests cannot run here, or undefined when they can. Use as `test(..., {skip: noDocker()})`. */
export function noDocker(): string | undefined {
  if (!existsSync(DOCKER_SOCKET)) return `no dockerd on ${DOCKER_SOCKET} (run scripts/start-dockerd.sh as root)`;
  try {
    execFileSync('docker', ['image', 'inspect', TEST_IMAGE], { stdio: 'ignore' });
  } catch {
    return `dockerd does not answer or ${TEST_IMAGE} is missing (run scripts/start-dockerd.sh)`;
  }
  return undefined;
}

export interface TestContainer {
  readonly id: string;
  readonly name: string;
  remove(): Promise<void>;
}

export interface ContainerSpec {
  /** Extra `docker run` flags, e.g. ['--privileged'] or ['-v', '/etc:/host/etc:ro']. */
  readonly flags?: readonly string[];
  readonly image?: string;
  /** Command and arguments; default keeps the container alive until removed. */
  readonly cmd?: readonly string[];
  readonly name?: string;
}

let counter = 0;

/** `docker run -d` a container and return once the daemon reports it running. */
export async function startContainer(spec: ContainerSpec = {}): Promise<TestContainer> {
  const name = spec.name ?? `peregrine-test-${process.pid}-${++counter}`;
  const args = [
    'run',
    '-d',
    '--name',
    name,
    '--label',
    RUN_LABEL,
    '--network',
    'none',
    ...(spec.flags ?? []),
    spec.image ?? TEST_IMAGE,
    ...(spec.cmd ?? ['sleep', '3600']),
  ];
  const { stdout } = await run('docker', args);
  const id = stdout.trim();
  return { id, name, remove: () => removeContainer(id) };
}

/** `docker create` (not started): for tests about containers that exist before they run. */
export async function createContainer(spec: ContainerSpec = {}): Promise<TestContainer> {
  const name = spec.name ?? `peregrine-test-${process.pid}-${++counter}`;
  const args = ['create', '--name', name, '--label', RUN_LABEL, '--network', 'none', ...(spec.flags ?? [])];
  const { stdout } = await run('docker', [...args, spec.image ?? TEST_IMAGE, ...(spec.cmd ?? ['sleep', '3600'])]);
  const id = stdout.trim();
  return { id, name, remove: () => removeContainer(id) };
}

export async function dockerCli(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args);
  return stdout;
}

export async function removeContainer(id: string): Promise<void> {
  await run('docker', ['rm', '-f', '-v', id]).catch(() => {});
}

/** Removes every container this test process created. */
export async function removeTestContainers(): Promise<void> {
  if (!existsSync(DOCKER_SOCKET)) return;
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=${RUN_LABEL}`]).catch(() => ({ stdout: '' }));
  const ids = stdout.split('\n').filter((s) => s.length > 0);
  if (ids.length > 0) await run('docker', ['rm', '-f', '-v', ...ids]).catch(() => {});
}
