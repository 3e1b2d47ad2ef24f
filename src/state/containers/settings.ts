// Container settings from the configuration, in Falco's spelling:
//
//   container_engines:            # Falco 0.39's key (falco.yaml); each engine: enabled (+ sockets)
//     docker:  {enabled: true, sockets: [/var/run/docker.sock]}
//     podman:  {enabled: true, sockets: [/run/podman/podman.sock, /run/user/*/podman/podman.sock]}
//     cri:     {enabled: true, sockets: [/run/containerd/containerd.sock, /run/crio/crio.sock, …]}   CRI API
//     containerd: {enabled: true, sockets: [/run/containerd/containerd.sock, …]}   containerd's own API
//     lxc / libvirt_lxc / bpm: {enabled: true}
//     label_max_len: 100          # the container plugin's init_config key: longer label values are left out
//     api_timeout_ms: 2000        # Peregrine: deadline of one request to a runtime's API
//     metadata_wait_ms: 1000      # Peregrine: how long an alert about a container waits for its metadata
//
// Falco 0.41+ moved these into the container plugin's `plugins[name=container].init_config` (`engines`,
// `label_max_len`); that form is read too, and `container_engines` wins where both set a key.
// Socket paths are host paths: with HOST_ROOT set (Peregrine in a container) they are read below it.
//
// `cri` sockets are asked through the CRI API (runtime.v1.RuntimeService: containerd's CRI plugin, CRI-O) and
// `containerd` sockets through containerd's own API, every namespace (ctr, nerdctl, and the CRI plugin's
// k8s.io containers, which it hands to the CRI client of the same socket when there is one). containerd's
// default socket is in both lists: Falco's plugin lists only /run/host-containerd/containerd.sock for its
// containerd engine, which leaves containers made with ctr or nerdctl on an ordinary host without metadata.

export interface EngineSettings {
  readonly enabled: boolean;
  readonly sockets: readonly string[];
}

export interface ContainerSettings {
  readonly docker: EngineSettings;
  readonly podman: EngineSettings;
  readonly cri: EngineSettings;
  readonly containerd: EngineSettings;
  readonly lxc: boolean;
  readonly libvirtLxc: boolean;
  readonly bpm: boolean;
  readonly labelMaxLen: number;
  readonly apiTimeoutMs: number;
  readonly metadataWaitMs: number;
  /** HOST_ROOT from the environment, '' when unset. */
  readonly hostRoot: string;
}

/** Upper bound of metadata_wait_ms: an alert is never held longer than this, whatever the configuration says. */
export const MAX_METADATA_WAIT_MS = 30_000;

export const DEFAULT_SOCKETS = {
  docker: ['/var/run/docker.sock'],
  podman: ['/run/podman/podman.sock', '/run/user/*/podman/podman.sock'],
  cri: [
    '/run/containerd/containerd.sock',
    '/run/crio/crio.sock',
    '/run/k3s/containerd/containerd.sock',
    '/run/host-containerd/containerd.sock',
  ],
  containerd: [
    '/run/containerd/containerd.sock',
    '/run/k3s/containerd/containerd.sock',
    '/run/host-containerd/containerd.sock',
  ],
} as const;

export function defaultContainerSettings(env: NodeJS.ProcessEnv = process.env): ContainerSettings {
  return {
    docker: { enabled: true, sockets: DEFAULT_SOCKETS.docker },
    podman: { enabled: true, sockets: DEFAULT_SOCKETS.podman },
    cri: { enabled: true, sockets: DEFAULT_SOCKETS.cri },
    containerd: { enabled: true, sockets: DEFAULT_SOCKETS.containerd },
    lxc: true,
    libvirtLxc: true,
    bpm: true,
    labelMaxLen: 100,
    apiTimeoutMs: 2000,
    metadataWaitMs: 1000,
    hostRoot: hostRootFrom(env),
  };
}

export function hostRootFrom(env: NodeJS.ProcessEnv): string {
  const r = env.HOST_ROOT ?? '';
  return r.endsWith('/') ? r.slice(0, -1) : r;
}

/** Reads the settings from a loaded configuration; an error names the key. */
export function containerSettingsFrom(
  config: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv = process.env,
): ContainerSettings | { readonly error: string } {
  const d = defaultContainerSettings(env);
  const plugin = containerPluginInitConfig(config.plugins);
  const sections: [string, unknown][] = [];
  if (plugin !== undefined) {
    sections.push([
      'plugins[container].init_config',
      { ...(plugin.engines as object | undefined), label_max_len: plugin.label_max_len },
    ]);
  }
  if (config.container_engines !== undefined) sections.push(['container_engines', config.container_engines]);

  let s: ContainerSettings = d;
  for (const [where, raw] of sections) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { error: `${where}: expected a mapping` };
    const r = raw as Record<string, unknown>;
    const docker = engine(r.docker, s.docker, `${where}.docker`);
    if ('error' in docker) return docker;
    const podman = engine(r.podman, s.podman, `${where}.podman`);
    if ('error' in podman) return podman;
    const cri = engine(r.cri, s.cri, `${where}.cri`);
    if ('error' in cri) return cri;
    const containerd = engine(r.containerd, s.containerd, `${where}.containerd`);
    if ('error' in containerd) return containerd;
    const flags: Record<string, boolean> = {};
    for (const key of ['lxc', 'libvirt_lxc', 'bpm'] as const) {
      const e = engine(r[key], { enabled: true, sockets: [] }, `${where}.${key}`);
      if ('error' in e) return e;
      flags[key] = e.enabled;
    }
    const labelMaxLen = integer(r.label_max_len, s.labelMaxLen, `${where}.label_max_len`, 0, 1 << 20);
    if (typeof labelMaxLen !== 'number') return labelMaxLen;
    const apiTimeoutMs = integer(r.api_timeout_ms, s.apiTimeoutMs, `${where}.api_timeout_ms`, 1, 60_000);
    if (typeof apiTimeoutMs !== 'number') return apiTimeoutMs;
    const metadataWaitMs = integer(
      r.metadata_wait_ms,
      s.metadataWaitMs,
      `${where}.metadata_wait_ms`,
      0,
      MAX_METADATA_WAIT_MS,
    );
    if (typeof metadataWaitMs !== 'number') return metadataWaitMs;
    s = {
      docker,
      podman,
      cri,
      containerd,
      lxc: flags.lxc,
      libvirtLxc: flags.libvirt_lxc,
      bpm: flags.bpm,
      labelMaxLen,
      apiTimeoutMs,
      metadataWaitMs,
      hostRoot: d.hostRoot,
    };
  }
  return s;
}

function containerPluginInitConfig(plugins: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(plugins)) return undefined;
  for (const p of plugins) {
    if (p && typeof p === 'object' && (p as Record<string, unknown>).name === 'container') {
      const ic = (p as Record<string, unknown>).init_config;
      if (ic && typeof ic === 'object' && !Array.isArray(ic)) return ic as Record<string, unknown>;
      return {};
    }
  }
  return undefined;
}

function engine(raw: unknown, dflt: EngineSettings | undefined, where: string): EngineSettings | { error: string } {
  const base = dflt ?? { enabled: false, sockets: [] };
  if (raw === undefined || raw === null) return base;
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { error: `${where}: expected a mapping with enabled and sockets` };
  const r = raw as Record<string, unknown>;
  let enabled = dflt === undefined ? true : base.enabled;
  if (r.enabled !== undefined) {
    const b = bool(r.enabled);
    if (b === undefined) return { error: `${where}.enabled: expected a boolean, got '${String(r.enabled)}'` };
    enabled = b;
  }
  let sockets = base.sockets;
  if (r.sockets !== undefined) {
    if (!Array.isArray(r.sockets) || !r.sockets.every((x) => typeof x === 'string' && x.startsWith('/'))) {
      return { error: `${where}.sockets: expected a list of absolute socket paths` };
    }
    sockets = r.sockets as string[];
  }
  return { enabled, sockets };
}

function integer(raw: unknown, dflt: number, where: string, min: number, max: number): number | { error: string } {
  if (raw === undefined || raw === null) return dflt;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    return { error: `${where}: expected an integer from ${min} to ${max}, got '${String(raw)}'` };
  }
  return n;
}

function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (['true', 'yes', 'on', 'y'].includes(s)) return true;
    if (['false', 'no', 'off', 'n'].includes(s)) return false;
  }
  return undefined;
}
