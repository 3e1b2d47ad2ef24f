// A standalone containerd for tests (Debian's package, CRI plugin included): its own root, state and socket in a
// temporary directory, the local busybox image imported into namespace k8s.io from dockerd (`docker save` →
// `ctr images import`; no registry), and a local pause image for CRI pod sandboxes (busybox running `sleep`).
// Containers are made with `ctr run` (namespace k8s.io, labels as kubelet would put) and through the CRI API
// (a pod sandbox with host networking, so no CNI is needed, and containers in it).
//
// `stop()` removes every pod and container it made, stops containerd and removes the directory; call it in an
// `after` hook. On a host whose capability bounding set is not full, containers run through the repository's
// scripts/runc-capped.sh (as dockerd's do), so that privileged containers start.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GrpcConnection } from '../../src/state/containers/grpc/connection.ts';
import { ROOT } from './cli.ts';
import { dockerCli, noDocker, TEST_IMAGE } from './docker.ts';

const run = promisify(execFile);

export const PAUSE_IMAGE = 'peregrine-test/pause:latest';
/** Names as containerd's CRI plugin and `ctr images import` normalise them. */
export const CTR_IMAGE = `docker.io/${TEST_IMAGE}`;
export const CTR_PAUSE_IMAGE = `docker.io/${PAUSE_IMAGE}`;
export const NAMESPACE = 'k8s.io';

/** Why containerd-backed tests cannot run here, or undefined when they can. */
export function noContainerd(): string | undefined {
  if (process.getuid?.() !== 0) return 'containerd needs root';
  for (const tool of ['containerd', 'ctr', 'runc']) {
    if (!['/usr/bin', '/usr/sbin', '/usr/local/bin'].some((d) => existsSync(join(d, tool))))
      return `${tool} is not installed (scripts/setup.sh installs containerd)`;
  }
  return noDocker();
}

/** A capability bounding set without every capability: plain runc cannot start privileged containers. */
function boundingSetIsShort(): boolean {
  const last = Number(readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8').trim());
  const bnd = /^CapBnd:\s+([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0';
  return BigInt(`0x${bnd}`) !== (1n << BigInt(last + 1)) - 1n;
}

const RUNC_CAPPED = join(ROOT, 'scripts/runc-capped.sh');

export interface PodSpec {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Needed for privileged containers in it (CRI refuses them in an unprivileged sandbox). */
  readonly privileged?: boolean;
}

export interface CriContainerSpec {
  readonly name: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly privileged?: boolean;
  readonly mounts?: readonly { readonly host: string; readonly container: string; readonly readonly?: boolean }[];
  readonly labels?: Readonly<Record<string, string>>;
}

export interface Pod {
  readonly id: string;
  readonly spec: PodSpec;
  /** Creates and starts a container in the pod; resolves with its id once it runs. */
  container(spec: CriContainerSpec): Promise<string>;
}

export class TestContainerd {
  readonly dir: string;
  readonly socket: string;
  private child: ChildProcess;
  private readonly runcBinary: string | undefined;
  private readonly cri: GrpcConnection;
  private readonly pods: string[] = [];
  private readonly podUids: string[] = [];

  private constructor(dir: string, child: ChildProcess, runcBinary: string | undefined) {
    this.dir = dir;
    this.socket = join(dir, 'containerd.sock');
    this.child = child;
    this.runcBinary = runcBinary;
    this.cri = new GrpcConnection({ socketPath: this.socket, timeoutMs: 60_000 });
  }

  /** Starts containerd and waits until it says it has booted (its log line, not the clock). */
  static async start(): Promise<TestContainerd> {
    const dir = mkdtempSync(join(tmpdir(), 'peregrine-containerd-'));
    const runcBinary = boundingSetIsShort() ? RUNC_CAPPED : undefined;
    mkdirSync(join(dir, 'cni-conf'));
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'config.toml'), config(dir, runcBinary));
    return new TestContainerd(dir, await boot(dir), runcBinary);
  }

  /** Stops containerd (its containers keep running, as in a real restart) and starts it again. */
  async restart(): Promise<void> {
    await this.kill();
    this.child = await boot(this.dir);
  }

  private async kill(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  /** Stops and removes a pod sandbox and its containers (through CRI, as kubelet does). */
  async removePod(id: string): Promise<void> {
    await this.criCall('StopPodSandbox', { pod_sandbox_id: id });
    await this.criCall('RemovePodSandbox', { pod_sandbox_id: id });
  }

  /** Kills and deletes a `ctr run` container. */
  async removeCtr(id: string): Promise<void> {
    await this.ctr('tasks', 'kill', '-s', 'SIGKILL', id).catch(() => '');
    await this.ctr('tasks', 'delete', '-f', id).catch(() => '');
    await this.ctr('containers', 'delete', id);
  }

  /** `ctr -a SOCKET -n k8s.io ARGS`. */
  async ctr(...args: string[]): Promise<string> {
    const { stdout } = await run('ctr', ['-a', this.socket, '-n', NAMESPACE, ...args], { maxBuffer: 16 << 20 });
    return stdout;
  }

  /** Imports the local busybox image and the pause image (built from it once) into namespace k8s.io. */
  async importImages(): Promise<void> {
    const images = await dockerCli('images', '-q', PAUSE_IMAGE);
    if (images.trim() === '') {
      await shell(
        `printf 'FROM ${TEST_IMAGE}\\nCMD ["/bin/sleep","2147483647"]\\n' | DOCKER_BUILDKIT=0 docker build -q -t ${PAUSE_IMAGE} -`,
      );
    }
    for (const image of [TEST_IMAGE, PAUSE_IMAGE]) {
      await shell(`docker save ${image} | ctr -a ${this.socket} -n ${NAMESPACE} images import -`);
    }
  }

  /** Another name for an imported image (`ctr images tag`). */
  async tag(source: string, target: string): Promise<void> {
    await this.ctr('images', 'tag', '--force', source, target);
  }

  /** `ctr run -d` in namespace k8s.io: resolves once the task runs. */
  async ctrRun(opts: {
    id: string;
    image?: string;
    labels?: Readonly<Record<string, string>>;
    privileged?: boolean;
    mounts?: readonly { readonly host: string; readonly container: string; readonly readonly?: boolean }[];
    command?: readonly string[];
  }): Promise<void> {
    const args = ['run', '-d'];
    if (this.runcBinary !== undefined) args.push('--runc-binary', this.runcBinary);
    for (const [k, v] of Object.entries(opts.labels ?? {})) args.push('--label', `${k}=${v}`);
    if (opts.privileged) args.push('--privileged');
    for (const m of opts.mounts ?? [])
      args.push('--mount', `type=bind,src=${m.host},dst=${m.container},options=rbind:${m.readonly ? 'ro' : 'rw'}`);
    args.push(opts.image ?? CTR_IMAGE, opts.id, ...(opts.command ?? ['sleep', '3600']));
    await this.ctr(...args);
  }

  /** `ctr tasks exec` in a container; with `tty`, under `script` so that ctr has a terminal to hand on. */
  async exec(id: string, command: readonly string[], tty = false): Promise<void> {
    const execId = `exec-${process.pid}-${++execCounter}`;
    if (!tty) {
      await this.ctr('tasks', 'exec', '--exec-id', execId, id, ...command);
      return;
    }
    const line = ['ctr', '-a', this.socket, '-n', NAMESPACE, 'tasks', 'exec', '-t', '--exec-id', execId, id, ...command]
      .map(quote)
      .join(' ');
    await run('script', ['-qec', line, '/dev/null']);
  }

  /** A pod sandbox with host networking, made through the CRI API as kubelet makes one. */
  async pod(spec: PodSpec): Promise<Pod> {
    const sandboxConfig = {
      metadata: { name: spec.name, uid: spec.uid, namespace: spec.namespace, attempt: 0 },
      log_directory: join(this.dir, 'logs', spec.uid),
      labels: spec.labels ?? {},
      linux: {
        // what kubelet's cgroupfs driver gives a best-effort pod
        cgroup_parent: `/kubepods/besteffort/pod${spec.uid}`,
        security_context: {
          privileged: spec.privileged === true,
          namespace_options: { network: 'NODE', pid: 'CONTAINER', ipc: 'POD' },
        },
      },
    };
    mkdirSync(sandboxConfig.log_directory, { recursive: true });
    const sb = await this.criCall<{ pod_sandbox_id: string }>('RunPodSandbox', { config: sandboxConfig });
    this.pods.push(sb.pod_sandbox_id);
    this.podUids.push(spec.uid);
    return {
      id: sb.pod_sandbox_id,
      spec,
      container: async (c) => {
        const created = await this.criCall<{ container_id: string }>('CreateContainer', {
          pod_sandbox_id: sb.pod_sandbox_id,
          sandbox_config: sandboxConfig,
          config: {
            metadata: { name: c.name, attempt: 0 },
            image: { image: c.image ?? CTR_IMAGE },
            command: c.command ?? ['sleep', '3600'],
            log_path: `${c.name}.log`,
            labels: { ...c.labels },
            mounts: (c.mounts ?? []).map((m) => ({
              host_path: m.host,
              container_path: m.container,
              readonly: m.readonly === true,
            })),
            // kubelet's defaults for a pod without shareProcessNamespace: the container's own PID namespace
            linux: {
              security_context: {
                privileged: c.privileged === true,
                namespace_options: { network: 'NODE', pid: 'CONTAINER', ipc: 'POD' },
              },
            },
          },
        });
        await this.criCall('StartContainer', { container_id: created.container_id });
        return created.container_id;
      },
    };
  }

  private async criCall<T>(method: string, request: object): Promise<T> {
    const r = await this.cri.unary<T>(`/runtime.v1.RuntimeService/${method}`, request);
    if (!r.ok) throw new Error(`CRI ${method}: ${r.error}`);
    return r.value;
  }

  /** Removes every pod, container and task, stops containerd (its pid), and removes the directory. */
  async stop(): Promise<void> {
    for (const id of this.pods) {
      await this.criCall('StopPodSandbox', { pod_sandbox_id: id }).catch(() => {});
      await this.criCall('RemovePodSandbox', { pod_sandbox_id: id }).catch(() => {});
    }
    this.cri.close();
    const tasks = await this.ctr('tasks', 'ls', '-q').catch(() => '');
    for (const id of tasks.split('\n').filter((s) => s.length > 0)) {
      await this.ctr('tasks', 'kill', '-s', 'SIGKILL', id).catch(() => '');
      await this.ctr('tasks', 'delete', '-f', id).catch(() => '');
    }
    const containers = await this.ctr('containers', 'ls', '-q').catch(() => '');
    for (const id of containers.split('\n').filter((s) => s.length > 0)) {
      await this.ctr('containers', 'delete', id).catch(() => '');
    }
    await this.kill();
    // whatever is still mounted below the directory (a sandbox's /dev/shm when its removal failed)
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1] ?? '')
      .filter((m) => m.startsWith(this.dir))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts) await run('umount', ['-l', m]).catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
    // the pods' parent cgroups (runc removes the containers' own)
    for (const uid of this.podUids) {
      for (const controller of cgroupControllers()) {
        rmdirQuietly(join('/sys/fs/cgroup', controller, 'kubepods/besteffort', `pod${uid}`));
      }
    }
    // and the parents, when nothing else uses them (rmdir fails on a cgroup that has children)
    for (const controller of cgroupControllers()) {
      for (const dir of ['kubepods/besteffort', 'kubepods', NAMESPACE])
        rmdirQuietly(join('/sys/fs/cgroup', controller, dir));
    }
  }
}

let execCounter = 0;

function rmdirQuietly(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // not there, or still in use
  }
}

/** Spawns containerd on the directory's config; resolves once it has booted. */
async function boot(dir: string): Promise<ChildProcess> {
  const child = spawn('containerd', ['--config', join(dir, 'config.toml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null): void =>
      reject(new Error(`containerd exited (${code}) during start-up:\n${log.slice(-4000)}`));
    child.once('exit', onExit);
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      if (log.length < 1 << 20) log += d;
      if (log.includes('containerd successfully booted')) {
        child.off('exit', onExit);
        resolve();
      }
    });
  });
  // a test process that dies without its after hooks must not leave containerd behind
  const reap = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  return child;
}

function cgroupControllers(): string[] {
  try {
    return readFileSync('/proc/self/cgroup', 'utf8')
      .split('\n')
      .map((l) => l.split(':')[1] ?? '')
      .filter((c) => c.length > 0)
      .map((c) => (c.startsWith('name=') ? c.slice('name='.length) : c))
      .flatMap((c) => c.split(','));
  } catch {
    return [];
  }
}

function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}

async function shell(cmd: string): Promise<void> {
  await run('sh', ['-c', `set -e; ${cmd}`], { maxBuffer: 16 << 20 });
}

function config(dir: string, runcBinary: string | undefined): string {
  const binary = runcBinary === undefined ? '' : `BinaryName = "${runcBinary}"`;
  return `version = 2
root = "${dir}/root"
state = "${dir}/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "${dir}/containerd.sock"
[ttrpc]
  address = "${dir}/containerd.sock.ttrpc"
[debug]
  address = "${dir}/debug.sock"
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${CTR_PAUSE_IMAGE}"
  # a host without CAP_SYS_RESOURCE cannot give the pause container its negative OOM score
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${dir}/cni-bin"
    conf_dir = "${dir}/cni-conf"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        ${binary}
`;
}
