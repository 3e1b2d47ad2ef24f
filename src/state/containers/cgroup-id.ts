// Container identity from a thread's cgroups.
//
// A process's cgroup paths name the container that holds it: every runtime puts a container's processes in a
// cgroup whose last component carries the container id, in a spelling of its own. This module reads those
// spellings and answers "which container, from which runtime" — or null for a host process. It never talks to
// a runtime; metadata comes later, from the runtime's API (docker-client.ts), keyed by the full id found here.
//
// The layouts recognised (the facts behind them: libsinsp container_engine/* and the container plugin's
// cgroup matchers; the code here is ours):
//
//   docker      /docker/<64hex>                         cgroupfs driver (v1 per subsystem, v2 unified)
//               /system.slice/docker-<64hex>.scope      systemd driver; also cri-dockerd under kubepods
//   containerd  …/cri-containerd-<64hex>.scope          CRI, systemd driver
//               …/kubepods-…slice:cri-containerd:<64hex> CRI without SystemdCgroup = true
//               …/nerdctl-<64hex>.scope                 nerdctl
//               /<namespace>/<id>                       ctr / nerdctl with cgroupfs (default, k8s.io, moby, …)
//   cri-o       …/crio-<64hex>.scope, …/crio-<64hex>    systemd and cgroupfs drivers (crio-conmon-… is host)
//   podman      …/libpod-<64hex>.scope[/container]      root and rootless (user@N.service/…); libpod-payload-…
//               …/podman-<pid>.scope/<64hex>            rootless podman, older layout
//   cri         /kubepods/<qos>/pod<uid>/<64hex>        cgroupfs driver: runtime unknown until one answers
//   lxc, libvirt-lxc, bpm                               as Falco recognises them
//
// Falco's container plugin also accepts any "/<word>/<id>" as a containerd namespace, which makes host
// processes in an ordinary two-level cgroup (this very machine runs in /process_api/<32hex>) look like
// containers. We accept only the containerd namespaces that runtimes actually use.

/** The runtime a container's cgroup names. `cri` is a Kubernetes container whose CRI runtime is not known yet. */
export type ContainerType = 'docker' | 'containerd' | 'cri-o' | 'cri' | 'podman' | 'lxc' | 'libvirt-lxc' | 'bpm';

export interface CgroupContainer {
  readonly type: ContainerType;
  /** The id as the runtime knows it: 64 hex digits for runc-based runtimes, a name for ctr, lxc, bpm. */
  readonly fullId: string;
  /** `container.id`: the first 12 characters of a runc-style id; lxc, libvirt-lxc and bpm names whole. */
  readonly id: string;
}

/** containerd namespaces that appear as the first cgroup component with the cgroupfs driver. */
const CONTAINERD_NAMESPACES: ReadonlySet<string> = new Set(['default', 'k8s.io', 'moby', 'buildkit', 'nerdctl']);

const HEX64 = /^[0-9a-fA-F]{64}$/;
/** containerd's identifier grammar (containerd/identifiers): alphanumerics joined by single `.`, `_` or `-`. */
const CONTAINERD_ID = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;
const BPM_ID = /^[A-Za-z0-9._-]+$/;

/** `<prefix><64hex><suffix>` as a whole path component; the groups give the id. */
const PREFIXED: readonly { readonly re: RegExp; readonly type: ContainerType }[] = [
  // podman first: libpod-conmon-… (the monitor, on the host) never matches since its id is not hex
  { re: /^libpod-(?:payload-)?([0-9a-fA-F]{64})(?:\.scope)?$/, type: 'podman' },
  { re: /^docker-([0-9a-fA-F]{64})\.scope$/, type: 'docker' },
  { re: /^cri-containerd-([0-9a-fA-F]{64})\.scope$/, type: 'containerd' },
  { re: /^crio-([0-9a-fA-F]{64})(?:\.scope)?$/, type: 'cri-o' },
  { re: /^nerdctl-([0-9a-fA-F]{64})\.scope$/, type: 'containerd' },
  // containerd without the systemd cgroup driver: kubepods-…-pod<uid>.slice:cri-containerd:<id>
  { re: /^.*:cri-containerd:([0-9a-fA-F]{64})$/, type: 'containerd' },
];

/** Splits one cgroup line into its path, whatever its spelling; null when the line holds no path. */
export function cgroupPath(line: string): string | null {
  // /proc/PID/cgroup: "hierarchy-id:controllers:path" ("0::/path" on cgroup v2, "4:memory:/path",
  // "1:name=systemd:/path" on v1). The path itself may contain ':' (":cri-containerd:"), so split twice.
  const c1 = line.indexOf(':');
  if (c1 > 0 && isDigits(line, 0, c1)) {
    const c2 = line.indexOf(':', c1 + 1);
    if (c2 >= 0 && line.charCodeAt(c2 + 1) === 47 /* / */) return trimTrailing(line.slice(c2 + 1));
  }
  // scap (PL entries, execve/clone "cgroups" parameter): "subsys=path"; "name=systemd=/path" has two '='.
  const eq = line.indexOf('=/');
  if (eq >= 0) return trimTrailing(line.slice(eq + 1));
  if (line.charCodeAt(0) === 47) return trimTrailing(line);
  return null;
}

/**
 * The container a cgroup path names, or null for a host cgroup. Looks at the last components only, so the
 * same answer comes from any mount point or cgroup namespace depth (a nested docker's /docker/A/docker/B is B).
 */
export function containerFromCgroupPath(path: string): CgroupContainer | null {
  const parts = path.split('/').filter((p) => p.length > 0);
  const n = parts.length;
  if (n === 0) return null;
  const last = parts[n - 1];
  const parent = n >= 2 ? parts[n - 2] : '';

  // podman's cgroup v2 split mode puts the payload one level down: libpod-<id>.scope/container
  if (last === 'container' && n >= 2) {
    const m = /^libpod-(?:payload-)?([0-9a-fA-F]{64})\.scope$/.exec(parent);
    if (m) return runc('podman', m[1]);
  }
  for (const { re, type } of PREFIXED) {
    const m = re.exec(last);
    if (m) return runc(type, m[1]);
  }

  // libvirt before lxc: its legacy /libvirt/lxc/<name> would otherwise read as lxc's /lxc/<name>
  const libvirt = libvirtLxcId(path, last);
  if (libvirt !== null) return { type: 'libvirt-lxc', fullId: libvirt, id: libvirt };
  const lxc = lxcId(path);
  if (lxc !== null) return { type: 'lxc', fullId: lxc, id: lxc };
  const bpm = /^bpm-(.+?)(?:\.scope)?$/.exec(last);
  if (bpm && BPM_ID.test(bpm[1])) return { type: 'bpm', fullId: bpm[1], id: bpm[1] };

  // ctr/nerdctl with cgroupfs: exactly /<namespace>/<id>
  if (n === 2 && CONTAINERD_NAMESPACES.has(parent) && last.length <= 64 && CONTAINERD_ID.test(last)) {
    return runc('containerd', last);
  }

  if (HEX64.test(last)) {
    if (parent === 'docker') return runc('docker', last);
    // rootless podman, older layout: …/podman-<pid>.scope/<id>
    if (/^podman-\d+\.scope$/.test(parent)) return runc('podman', last);
    if (parts.some(isKubepods)) return runc('cri', last);
    // rootless podman run as a service has nothing but the user manager above it (libsinsp's guess, kept)
    if (n >= 4 && /^user-\d+\.slice$/.test(parts[1]) && parts[0] === 'user.slice' && parent.endsWith('.service')) {
      return runc('podman', last);
    }
    // any other <parent>/<64hex>: docker with a custom --cgroup-parent, as Falco's docker matcher claims it
    return runc('docker', last);
  }
  return null;
}

/** The first container any of a thread's cgroup lines names (lines in scap or /proc spelling), or null. */
export function containerFromCgroups(lines: Iterable<string>): CgroupContainer | null {
  for (const line of lines) {
    const path = cgroupPath(line);
    if (path === null) continue;
    const c = cachedLookup(path);
    if (c !== null) return c;
  }
  return null;
}

// Threads of one container share their cgroup strings, and a busy host clones many threads: remember answers.
// Bounded: a host churning through containers must not grow this without limit.
const CACHE_LIMIT = 4096;
const cache = new Map<string, CgroupContainer | null>();

function cachedLookup(path: string): CgroupContainer | null {
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  const c = containerFromCgroupPath(path);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(path, c);
  return c;
}

function runc(type: ContainerType, fullId: string): CgroupContainer {
  const lower = HEX64.test(fullId) ? fullId.toLowerCase() : fullId;
  return { type, fullId: lower, id: shortContainerId(lower) };
}

/**
 * `container.id` for a runtime's id: its first 12 characters (hex ids lower-cased), as cgroups give it. Runtime
 * clients key the store with this, so what a runtime says and what a thread's cgroup says meet.
 */
export function shortContainerId(fullId: string): string {
  const lower = HEX64.test(fullId) ? fullId.toLowerCase() : fullId;
  return lower.length > 12 ? lower.slice(0, 12) : lower;
}

function isKubepods(part: string): boolean {
  return part === 'kubepods' || part.startsWith('kubepods.') || part.startsWith('kubepods-');
}

/** /lxc/<name>, /lxc.payload/<name> (systemd), /lxc.payload.<name> (LXC 4.0). */
function lxcId(path: string): string | null {
  for (const marker of ['/lxc/', '/lxc.payload/', '/lxc.payload.']) {
    const at = path.indexOf(marker);
    if (at < 0) continue;
    const start = at + marker.length;
    const end = path.indexOf('/', start);
    const id = path.slice(start, end < 0 ? path.length : end);
    if (id.length > 0) return id;
  }
  return null;
}

/** /<name>.libvirt-lxc, /machine.slice/machine-lxc\x2d<pid>\x2d<name>.scope[/libvirt], /libvirt/lxc/<name>. */
function libvirtLxcId(path: string, last: string): string | null {
  if (last.endsWith('.libvirt-lxc') && last.length > '.libvirt-lxc'.length)
    return last.slice(0, -'.libvirt-lxc'.length);
  const scope = path.endsWith('.scope/libvirt') ? path.slice(0, -'/libvirt'.length) : path;
  const m = /machine-lxc\\x2d(.+)\.scope$/.exec(scope);
  if (m) return m[1];
  const legacy = path.indexOf('/libvirt/lxc/');
  if (legacy >= 0 && path.length > legacy + '/libvirt/lxc/'.length) return path.slice(legacy + '/libvirt/lxc/'.length);
  return null;
}

function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function trimTrailing(s: string): string {
  // /proc lines come with a newline when read whole; paths never end in whitespace
  let end = s.length;
  while (end > 1 && (s.charCodeAt(end - 1) <= 32 || s.charCodeAt(end - 1) === 47)) end--;
  return end === s.length ? s : s.slice(0, end);
}
