// A small typed client for the Docker Engine API over its unix socket (also Podman's Docker-compatible API,
// which answers the same paths). Only what container metadata needs: ping, version, list, inspect, image
// inspect, and the event stream.
//
// Every request has a deadline (a runtime that is down or slow answers "timeout", never hangs a caller), and
// every failure is a value: callers get `{ok: false, error}` with one line saying what went wrong, never a
// thrown exception. The event stream has no body timeout (events can be minutes apart) and ends with a reason
// the caller can act on (reconnect with backoff: runtime-watcher.ts).
import type { Pool } from 'undici';
import { loadUndici } from '../../undici.ts';
import type { Result, StreamEnd } from './result.ts';

export type { Result, StreamEnd } from './result.ts';

// --- The parts of the API responses we read (Docker Engine API v1.41+, Podman compat API v4+) ----------------

export interface DockerMount {
  readonly Type?: string;
  readonly Name?: string;
  readonly Source?: string;
  readonly Destination?: string;
  readonly Mode?: string;
  readonly RW?: boolean;
  readonly Propagation?: string;
}

export interface DockerHealthConfig {
  readonly Test?: readonly string[] | null;
}

export interface DockerContainerConfig {
  readonly Image?: string;
  readonly User?: string;
  readonly Env?: readonly string[] | null;
  readonly Labels?: Readonly<Record<string, string>> | null;
  readonly Healthcheck?: DockerHealthConfig | null;
}

export interface DockerHostConfig {
  readonly Privileged?: boolean;
  readonly NetworkMode?: string;
  readonly PidMode?: string;
  readonly IpcMode?: string;
  readonly Memory?: number;
  readonly MemorySwap?: number;
  readonly CpuShares?: number;
  readonly CpuQuota?: number;
  readonly CpuPeriod?: number;
  readonly CpusetCpus?: string;
}

export interface DockerNetworkSettings {
  readonly IPAddress?: string;
  readonly Networks?: Readonly<Record<string, { readonly IPAddress?: string }>> | null;
}

export interface DockerContainerInspect {
  readonly Id: string;
  readonly Name?: string;
  readonly Created?: string;
  readonly Image?: string;
  readonly State?: { readonly Running?: boolean; readonly Pid?: number; readonly StartedAt?: string };
  readonly Config?: DockerContainerConfig | null;
  readonly HostConfig?: DockerHostConfig | null;
  readonly NetworkSettings?: DockerNetworkSettings | null;
  readonly Mounts?: readonly DockerMount[] | null;
}

export interface DockerContainerSummary {
  readonly Id: string;
  readonly Names?: readonly string[];
  readonly Image?: string;
  readonly ImageID?: string;
  readonly State?: string;
}

export interface DockerImageInspect {
  readonly Id: string;
  readonly RepoTags?: readonly string[] | null;
  readonly RepoDigests?: readonly string[] | null;
}

export interface DockerVersion {
  readonly Version?: string;
  readonly ApiVersion?: string;
  readonly Components?: readonly { readonly Name?: string }[] | null;
}

/** One message of GET /events; only container messages are asked for. */
export interface DockerEvent {
  readonly Type?: string;
  readonly Action?: string;
  readonly Actor?: { readonly ID?: string; readonly Attributes?: Readonly<Record<string, string>> };
  readonly time?: number;
  readonly timeNano?: number;
}

export interface DockerClientOptions {
  /** Path of the unix socket, already prefixed with the host root where that applies. */
  readonly socketPath: string;
  /** Deadline of one request, connection included. */
  readonly timeoutMs: number;
}

export class DockerClient {
  readonly socketPath: string;
  private readonly timeoutMs: number;
  /** Made on the first request: undici is loaded on first use (src/undici.ts). */
  private pool: Promise<Pool> | undefined;
  private closed = false;

  constructor(opts: DockerClientOptions) {
    this.socketPath = opts.socketPath;
    this.timeoutMs = opts.timeoutMs;
  }

  private connections(): Promise<Pool> {
    if (this.closed) return Promise.reject(new Error('the client is closed'));
    // A few connections: a burst of container starts inspects in parallel; the event stream has its own.
    this.pool ??= loadUndici().then(
      (undici) =>
        new undici.Pool('http://localhost', {
          socketPath: this.socketPath,
          connections: 4,
          connectTimeout: this.timeoutMs,
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
          keepAliveTimeout: 10_000,
        }),
    );
    return this.pool;
  }

  ping(): Promise<Result<string>> {
    return this.getText('/_ping');
  }

  version(): Promise<Result<DockerVersion>> {
    return this.getJson<DockerVersion>('/version');
  }

  /** Running containers (the API's default list). */
  listContainers(): Promise<Result<DockerContainerSummary[]>> {
    return this.getJson<DockerContainerSummary[]>('/containers/json');
  }

  /** Inspects a container by full or unambiguous short id; `not found` when the runtime does not know it. */
  inspectContainer(id: string): Promise<Result<DockerContainerInspect>> {
    return this.getJson<DockerContainerInspect>(`/containers/${encodeURIComponent(id)}/json`);
  }

  inspectImage(id: string): Promise<Result<DockerImageInspect>> {
    return this.getJson<DockerImageInspect>(`/images/${encodeURIComponent(id)}/json`);
  }

  /**
   * Streams container events (create, start, die, destroy, rename) until `signal` aborts or the stream breaks.
   * Calls `onEvent` once per message; `since` (seconds, from a previous event's time) replays what happened
   * from then on. Resolves, never rejects, with why it ended.
   */
  async streamEvents(
    onEvent: (e: DockerEvent) => void,
    signal: AbortSignal,
    onOpen?: () => void,
    since = '',
  ): Promise<StreamEnd> {
    const filters = JSON.stringify({ type: ['container'], event: ['create', 'start', 'die', 'destroy', 'rename'] });
    const sinceParam = since === '' ? '' : `&since=${encodeURIComponent(since)}`;
    // Its own connection: a long-lived response would otherwise hold one of the pool's connections forever.
    const undici = await loadUndici();
    const client = new undici.Client('http://localhost', {
      socketPath: this.socketPath,
      connectTimeout: this.timeoutMs,
      headersTimeout: this.timeoutMs,
      bodyTimeout: 0,
    });
    try {
      const res = await client.request({
        method: 'GET',
        path: `/events?filters=${encodeURIComponent(filters)}${sinceParam}`,
        signal,
      });
      if (res.statusCode !== 200) {
        const body = await res.body.text().catch(() => '');
        return { reason: 'error', error: `GET /events: HTTP ${res.statusCode}${apiMessage(body)}` };
      }
      onOpen?.();
      let pending = '';
      for await (const chunk of res.body) {
        pending += (chunk as Buffer).toString('utf8');
        let nl = pending.indexOf('\n');
        while (nl >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (line.length > 0) {
            const e = parseJson<DockerEvent>(line);
            if (e !== undefined) onEvent(e);
          }
          nl = pending.indexOf('\n');
        }
      }
      return { reason: 'closed', error: 'the runtime closed the event stream' };
    } catch (err) {
      if (signal.aborted) return { reason: 'aborted' };
      return { reason: 'error', error: `GET /events: ${describe(err, this.socketPath)}` };
    } finally {
      client.destroy().catch(() => {});
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = undefined;
    if (pool !== undefined) await (await pool).destroy().catch(() => {});
  }

  private async getJson<T>(path: string): Promise<Result<T>> {
    const r = await this.getText(path);
    if (!r.ok) return r;
    const v = parseJson<T>(r.value);
    return v === undefined
      ? { ok: false, error: `GET ${path}: the runtime answered with invalid JSON` }
      : { ok: true, value: v };
  }

  private async getText(path: string): Promise<Result<string>> {
    try {
      const res = await (await this.connections()).request({
        method: 'GET',
        path,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = await res.body.text();
      if (res.statusCode === 404) return { ok: false, error: `GET ${path}: not found${apiMessage(body)}` };
      if (res.statusCode !== 200) return { ok: false, error: `GET ${path}: HTTP ${res.statusCode}${apiMessage(body)}` };
      return { ok: true, value: body };
    } catch (err) {
      return { ok: false, error: `GET ${path}: ${describe(err, this.socketPath)}` };
    }
  }
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The API's `{"message": …}` error body, as a suffix. */
function apiMessage(body: string): string {
  const m = parseJson<{ message?: unknown }>(body);
  return m && typeof m.message === 'string' ? ` (${m.message})` : '';
}

function describe(err: unknown, socketPath: string): string {
  const e = err as { name?: string; code?: string; message?: string };
  if (e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') {
    return `timed out (${socketPath})`;
  }
  if (e.code === 'UND_ERR_CONNECT_TIMEOUT') return `connection timed out (${socketPath})`;
  if (e.code === 'ENOENT') return `no socket at ${socketPath}`;
  if (e.code === 'ECONNREFUSED') return `connection refused (${socketPath}: the runtime is not running)`;
  if (e.code === 'EACCES') return `permission denied (${socketPath})`;
  if (e.code === 'UND_ERR_SOCKET' || e.code === 'ECONNRESET') return `connection lost (${socketPath})`;
  return `${e.code ?? e.name ?? 'error'}: ${e.message ?? String(err)}`;
}
