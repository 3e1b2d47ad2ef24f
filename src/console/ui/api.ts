// The console's API from the browser: JSON requests with the token (when the console asks for one), and the live
// stream read with fetch (EventSource cannot send an Authorization header), parsed as Server-Sent Events.

export interface StoredAlert {
  readonly id: number;
  readonly time: string;
  readonly rule: string;
  readonly priority: string;
  readonly source: string;
  readonly hostname: string;
  readonly tags: readonly string[];
  readonly output: string;
  readonly output_fields: Readonly<Record<string, unknown>>;
  /** What the store indexed: the container (id `host` for the host) and the process name. */
  readonly container: { readonly id: string; readonly name: string; readonly image: string };
  readonly process: string;
  readonly context?: Readonly<Record<string, unknown>> | null;
}

export interface Page {
  readonly total: number;
  readonly alerts: StoredAlert[];
  readonly next: string | null;
  readonly last_id: number;
  /** A text search without a time range covers the newest alerts only: from this time (RFC 3339) on. */
  readonly search_since?: string;
}

const TOKEN_KEY = 'peregrine-console-token';

export function token(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function setToken(t: string): void {
  sessionStorage.setItem(TOKEN_KEY, t);
}

export class Unauthorized extends Error {}

function headers(): Record<string, string> {
  const t = token();
  return t === '' ? {} : { authorization: `Bearer ${t}` };
}

export async function getJson<T>(path: string, params?: URLSearchParams): Promise<T> {
  const url = params === undefined || params.size === 0 ? path : `${path}?${params}`;
  const res = await fetch(url, { headers: headers() });
  if (res.status === 401) throw new Unauthorized('this console needs its token');
  const body = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

/**
 * Follows the live stream until `signal` aborts, calling `onAlert` for each new alert; reconnects after a broken
 * connection from the last id seen (Last-Event-ID), so nothing is missed.
 */
export async function follow(
  params: URLSearchParams,
  after: number,
  onAlert: (a: StoredAlert) => void,
  onState: (connected: boolean) => void,
  signal: AbortSignal,
): Promise<void> {
  let last = after;
  while (!signal.aborted) {
    try {
      const res = await fetch(`api/stream?${params}`, {
        headers: { ...headers(), 'last-event-id': String(last) },
        signal,
      });
      if (!res.ok || res.body === null) throw new Error(`HTTP ${res.status}`);
      onState(true);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += value;
        let end = buf.indexOf('\n\n');
        while (end >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let id = '';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data !== '') {
            if (id !== '') last = Number(id);
            onAlert(JSON.parse(data) as StoredAlert);
          }
          end = buf.indexOf('\n\n');
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    onState(false);
    // The server said `retry: 1000`; wait as long before the next try.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
