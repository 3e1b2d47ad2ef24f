// One gRPC connection to a runtime's unix socket (containerd's API, the CRI API of containerd or CRI-O), with
// the calls the clients need: unary requests with a deadline, and server streams that end with a reason.
//
// @grpc/grpc-js carries HTTP/2 and the status codes; messages are encoded and decoded with protobufjs from the
// descriptor generated from the checked-in protos (scripts/gen-grpc-descriptors.ts). Both are loaded on first
// use: a host with no containerd or CRI-O socket never evaluates them (esbuild puts them in their own chunk).
//
// Every failure is a value: `{ok: false, error}` with one line that says what went wrong and where.
import type * as Grpc from '@grpc/grpc-js';
import type { Root, Type } from 'protobufjs';
import type { StreamEnd } from '../result.ts';

interface Loaded {
  readonly grpc: typeof Grpc;
  readonly root: Root;
}

let loading: Promise<Loaded> | undefined;

/** grpc-js and the protos' descriptor, loaded once. */
export function loadGrpc(): Promise<Loaded> {
  loading ??= (async () => {
    const [grpcModule, pbModule, descriptor] = await Promise.all([
      import('@grpc/grpc-js'),
      import('protobufjs/light.js'),
      import('./descriptors.generated.json', { with: { type: 'json' } }),
    ]);
    // bundled CommonJS: the exports may sit on `default`
    const grpc = ((grpcModule as unknown as { default?: typeof Grpc }).default ?? grpcModule) as typeof Grpc;
    const pb = ((pbModule as { default?: unknown }).default ?? pbModule) as typeof import('protobufjs');
    const root = pb.Root.fromJSON((descriptor as { default: object }).default);
    return { grpc, root };
  })();
  return loading;
}

/** Options every call takes. */
export interface CallOptions {
  /** containerd's namespace for the call (the `containerd-namespace` header); CRI calls have none. */
  readonly namespace?: string;
}

interface Method {
  readonly path: string;
  readonly requestType: Type;
  readonly responseType: Type;
}

/** Decoded messages: field names as in the protos (snake_case), 64-bit integers as numbers, enums as names. */
const TO_OBJECT = { longs: Number, enums: String, defaults: true, arrays: true, objects: true } as const;

/** The gRPC status codes the clients tell apart (grpc-js `status`). */
export const Code = { NOT_FOUND: 5, DEADLINE_EXCEEDED: 4, UNIMPLEMENTED: 12, UNAVAILABLE: 14, CANCELLED: 1 } as const;

/** An error line that also carries the gRPC status code, so callers can tell "not found" from "down". */
export interface CallFailure {
  readonly ok: false;
  readonly error: string;
  readonly code: number;
}

export type CallResult<T> = { readonly ok: true; readonly value: T } | CallFailure;

export class GrpcConnection {
  readonly socketPath: string;
  private readonly timeoutMs: number;
  private client: Promise<{ loaded: Loaded; client: Grpc.Client }> | undefined;
  private readonly methods = new Map<string, Method>();
  private closed = false;

  constructor(opts: { socketPath: string; timeoutMs: number }) {
    this.socketPath = opts.socketPath;
    this.timeoutMs = opts.timeoutMs;
  }

  private connect(): Promise<{ loaded: Loaded; client: Grpc.Client }> {
    this.client ??= loadGrpc().then((loaded) => {
      const client = new loaded.grpc.Client(`unix://${this.socketPath}`, loaded.grpc.credentials.createInsecure(), {
        // a containerd listing carries every container's OCI spec: well past the 4 MiB default on a busy node
        'grpc.max_receive_message_length': 64 * 1024 * 1024,
        // a runtime that restarts is found again quickly; the watchers add their own backoff on top
        'grpc.initial_reconnect_backoff_ms': 100,
        'grpc.max_reconnect_backoff_ms': 5000,
      });
      return { loaded, client };
    });
    return this.client;
  }

  /** `/package.Service/Method` → its request and response types (looked up once). */
  private method(loaded: Loaded, path: string): Method {
    let m = this.methods.get(path);
    if (m === undefined) {
      const [, service, name] = /^\/(.+)\/([^/]+)$/.exec(path) ?? [];
      const rpc = loaded.root.lookupService(service).methods[name];
      rpc.resolve();
      m = { path, requestType: rpc.resolvedRequestType as Type, responseType: rpc.resolvedResponseType as Type };
      this.methods.set(path, m);
    }
    return m;
  }

  private metadata(loaded: Loaded, opts: CallOptions): Grpc.Metadata {
    const md = new loaded.grpc.Metadata();
    if (opts.namespace !== undefined) md.set('containerd-namespace', opts.namespace);
    return md;
  }

  /** One request, one answer, within the deadline. */
  async unary<T>(path: string, request: object, opts: CallOptions = {}): Promise<CallResult<T>> {
    if (this.closed) return { ok: false, error: `${path}: the client is closed`, code: Code.CANCELLED };
    const { loaded, client } = await this.connect();
    let m: Method;
    try {
      m = this.method(loaded, path);
    } catch (err) {
      return { ok: false, error: `${path}: ${(err as Error).message}`, code: Code.UNIMPLEMENTED };
    }
    return new Promise((resolve) => {
      client.makeUnaryRequest<object, T>(
        m.path,
        (v) => encode(m.requestType, v),
        (b) => decode<T>(m.responseType, b),
        request,
        this.metadata(loaded, opts),
        { deadline: Date.now() + this.timeoutMs },
        (err, value) => {
          if (err) resolve(this.failure(path, err));
          else resolve({ ok: true, value: value as T });
        },
      );
    });
  }

  /**
   * A server stream (events): `onMessage` per message until `signal` aborts or the stream ends. `onOpen` is
   * called once the connection is up and the call has been sent. Resolves, never rejects, with why it ended.
   */
  async serverStream<T>(
    path: string,
    request: object,
    onMessage: (m: T) => void,
    signal: AbortSignal,
    onOpen: () => void,
    opts: CallOptions = {},
  ): Promise<StreamEnd & { readonly code?: number }> {
    if (signal.aborted || this.closed) return { reason: 'aborted' };
    const { loaded, client } = await this.connect();
    const m = this.method(loaded, path);
    // Wait for the connection first (bounded): "open" then means the runtime answers, and a runtime that is
    // down ends the attempt within the deadline instead of a call that waits.
    const ready = await new Promise<Error | undefined>((resolve) =>
      client.waitForReady(Date.now() + this.timeoutMs, (e) => resolve(e)),
    );
    if (ready !== undefined) {
      if (signal.aborted) return { reason: 'aborted' };
      return { reason: 'error', error: `${path}: ${this.unreachable()}`, code: Code.UNAVAILABLE };
    }
    return new Promise((resolve) => {
      const call = client.makeServerStreamRequest<object, T>(
        m.path,
        (v) => encode(m.requestType, v),
        (b) => decode<T>(m.responseType, b),
        request,
        this.metadata(loaded, opts),
        {},
      );
      let done = false;
      const finish = (end: StreamEnd & { code?: number }): void => {
        if (done) return;
        done = true;
        signal.removeEventListener('abort', abort);
        resolve(end);
      };
      const abort = (): void => {
        call.cancel();
        finish({ reason: 'aborted' });
      };
      signal.addEventListener('abort', abort, { once: true });
      call.on('data', (msg: T) => onMessage(msg));
      call.on('error', (err: Grpc.ServiceError) => {
        if (signal.aborted) return finish({ reason: 'aborted' });
        const f = this.failure(path, err);
        finish({ reason: 'error', error: f.error, code: f.code });
      });
      call.on('end', () => finish({ reason: 'closed', error: `${path}: the runtime closed the event stream` }));
      onOpen();
    });
  }

  close(): void {
    this.closed = true;
    const c = this.client;
    this.client = undefined;
    void c?.then(({ client }) => client.close());
  }

  private failure(path: string, err: Grpc.ServiceError): CallFailure {
    return { ok: false, error: `${path}: ${this.describe(err)}`, code: err.code ?? Code.UNAVAILABLE };
  }

  private describe(err: Grpc.ServiceError): string {
    const details = err.details || err.message;
    switch (err.code) {
      case Code.DEADLINE_EXCEEDED:
        return `timed out (${this.socketPath})`;
      case Code.NOT_FOUND:
        return `not found (${details})`;
      case Code.UNIMPLEMENTED:
        return `not implemented by this runtime (${details})`;
      case Code.UNAVAILABLE:
        return /ENOENT|ECONNREFUSED|EACCES|No connection established/.test(details)
          ? this.unreachable(details)
          : `unavailable (${this.socketPath}: ${details})`;
      default:
        return `${details} (gRPC status ${err.code})`;
    }
  }

  private unreachable(details = ''): string {
    if (details.includes('EACCES')) return `permission denied (${this.socketPath})`;
    if (details.includes('ENOENT')) return `no socket at ${this.socketPath}`;
    return `connection refused (${this.socketPath}: the runtime is not running)`;
  }
}

function encode(type: Type, value: object): Buffer {
  const bytes = type.encode(type.fromObject(value)).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decode<T>(type: Type, bytes: Buffer): T {
  return type.toObject(type.decode(bytes), TO_OBJECT) as T;
}

/** Decodes a `google.protobuf.Any` whose type the descriptor knows (containerd's events); undefined otherwise. */
export function unpackAny<T>(
  root: Root,
  any: { type_url?: string; value?: Uint8Array } | null | undefined,
): T | undefined {
  if (!any?.type_url || !any.value) return undefined;
  const name = any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
  try {
    const type = root.lookupType(name);
    return type.toObject(type.decode(any.value), TO_OBJECT) as T;
  } catch {
    return undefined;
  }
}
