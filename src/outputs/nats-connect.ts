// One way to open a NATS connection from Peregrine's settings, for the NATS output and the fleet ingest: the
// servers, TLS from files, and the credentials (a `.creds` file as nsc writes it, or a file holding an nkey
// seed; user:password@ or token@ in a URL). The NATS client is imported on first use, so runs without NATS never
// load it.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions, NatsConnection } from '@nats-io/transport-node';

export interface NatsTlsSettings {
  /** PEM file of the CA that signed the servers' certificates; '' trusts the system's CAs. */
  readonly ca: string;
  /** Client certificate and key (PEM files) for servers that verify clients; '' for none. */
  readonly cert: string;
  readonly key: string;
  /** Accept any server certificate (testing only). */
  readonly insecure: boolean;
}

export interface NatsConnectSettings {
  /** nats://host:port (or tls://…) URLs; more than one for a cluster. */
  readonly servers: readonly string[];
  readonly tls: NatsTlsSettings;
  /** Path of a .creds file or of an nkey seed file; '' for none. */
  readonly credentials: string;
  /** The client's name the server shows (connz). */
  readonly name: string;
  /** Connect and request deadline, milliseconds. */
  readonly timeoutMs: number;
}

/** What setting a file or URL came from, for error messages: `nats_output`, `--nats`. */
export type SettingsOrigin = string;

type NatsModule = typeof import('@nats-io/transport-node');
export type JetStreamModule = typeof import('@nats-io/jetstream');
let natsModule: Promise<NatsModule> | undefined;
let jetStreamModule: Promise<JetStreamModule> | undefined;

// Both libraries are CommonJS: bundled, a dynamic import gives their exports as `default`.
function commonJs<T extends object>(m: T | { default: T }, name: keyof T): T {
  return name in m ? (m as T) : (m as { default: T }).default;
}

/** The NATS client library, imported once. */
export function loadNats(): Promise<NatsModule> {
  natsModule ??= import('@nats-io/transport-node').then((m) => commonJs<NatsModule>(m, 'connect'));
  return natsModule;
}

/** The JetStream library, imported once. */
export function loadJetStream(): Promise<JetStreamModule> {
  jetStreamModule ??= import('@nats-io/jetstream').then((m) => commonJs<JetStreamModule>(m, 'jetstream'));
  return jetStreamModule;
}

function readSetting(origin: SettingsOrigin, key: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${origin}.${key}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

/** What the settings' files and URLs hold: read once, at start or reload, so a missing file is an error then. */
export interface NatsMaterial {
  readonly settings: NatsConnectSettings;
  readonly servers: readonly string[];
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  readonly tls?: Readonly<Record<string, unknown>>;
  readonly credentials?: { readonly kind: 'nkey' | 'creds'; readonly bytes: Uint8Array };
}

/** Reads and checks the settings' URLs and files. Throws an Error naming the key. */
export function natsMaterial(s: NatsConnectSettings, origin: SettingsOrigin): NatsMaterial {
  const servers: string[] = [];
  let user: string | undefined;
  let pass: string | undefined;
  let token: string | undefined;
  for (const raw of s.servers) {
    const url = parseServerUrl(raw, origin);
    if (url.username !== '') {
      if (url.password !== '') {
        user = decodeURIComponent(url.username);
        pass = decodeURIComponent(url.password);
      } else token = decodeURIComponent(url.username);
    }
    // tls:// only says "TLS required": the client takes that from `tls` below, and every URL as nats://.
    servers.push(`nats://${url.host}`);
  }
  let tls: Record<string, unknown> | undefined;
  const tlsWanted =
    s.tls.ca !== '' ||
    s.tls.cert !== '' ||
    s.tls.insecure ||
    s.servers.some((u) => u.startsWith('tls://') || u.startsWith('nats+tls://'));
  if (tlsWanted) {
    tls = {};
    if (s.tls.ca !== '') tls.ca = readSetting(origin, 'tls.ca', s.tls.ca);
    if (s.tls.cert !== '' || s.tls.key !== '') {
      if (s.tls.cert === '' || s.tls.key === '') throw new Error(`${origin}.tls: cert and key go together`);
      tls.cert = readSetting(origin, 'tls.cert', s.tls.cert);
      tls.key = readSetting(origin, 'tls.key', s.tls.key);
    }
    if (s.tls.insecure) tls.rejectUnauthorized = false;
  }
  let credentials: NatsMaterial['credentials'];
  if (s.credentials !== '') {
    const text = readSetting(origin, 'credentials', s.credentials).trim();
    const bytes = new TextEncoder().encode(text);
    // A bare nkey seed (SU…) is nkey authentication; anything else must be a .creds file (JWT and seed).
    if (/^SU[A-Z2-7]{56}$/.test(text)) credentials = { kind: 'nkey', bytes };
    else if (text.includes('BEGIN NATS USER JWT')) credentials = { kind: 'creds', bytes };
    else throw new Error(`${origin}.credentials: ${s.credentials} is neither a .creds file nor an nkey seed`);
  }
  return { settings: s, servers, user, pass, token, tls, credentials };
}

/** The client's options for what natsMaterial read. */
export async function natsConnectionOptions(m: NatsMaterial): Promise<ConnectionOptions> {
  const nats = await loadNats();
  const opts: ConnectionOptions = {
    servers: [...m.servers],
    name: m.settings.name,
    timeout: m.settings.timeoutMs,
    // The client reconnects by itself, forever, across the cluster's servers; while it does, publications wait
    // for their acknowledgement and fail by deadline, and the output's own retry takes over.
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 10_000,
    ...(m.user !== undefined ? { user: m.user, pass: m.pass } : {}),
    ...(m.token !== undefined ? { token: m.token } : {}),
    ...(m.tls !== undefined ? { tls: { ...m.tls } } : {}),
  };
  if (m.credentials !== undefined) {
    opts.authenticator =
      m.credentials.kind === 'nkey'
        ? nats.nkeyAuthenticator(m.credentials.bytes)
        : nats.credsAuthenticator(m.credentials.bytes);
  }
  return opts;
}

/** A server URL as the settings may give it (`host:port`, `nats://…`, `tls://…`). Throws naming the origin. */
export function parseServerUrl(raw: string, origin: SettingsOrigin): URL {
  const text = /^[a-z+]+:\/\//i.test(raw) ? raw : `nats://${raw}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${origin}: '${raw}' is not a NATS server URL`);
  }
  if (!['nats:', 'tls:', 'nats+tls:'].includes(url.protocol) || url.hostname === '') {
    throw new Error(`${origin}: '${raw}' is not a nats:// or tls:// URL`);
  }
  return url;
}

/** Connects; rejects with the client's error. */
export async function natsConnect(m: NatsMaterial): Promise<NatsConnection> {
  const opts = await natsConnectionOptions(m);
  const nats = await loadNats();
  return nats.connect(opts);
}
