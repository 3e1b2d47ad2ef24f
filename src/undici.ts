// undici, loaded on first use. It is the largest library in the bundle (about 1.4 MB of the 3.7 MB): a replay
// without an HTTP output never needs it, and evaluating it costs every start. esbuild puts it in its own chunk.
type Undici = typeof import('undici');

let loading: Promise<Undici> | undefined;

/** The undici module (bundled CommonJS: its exports may sit on `default`). */
export function loadUndici(): Promise<Undici> {
  loading ??= import('undici').then((m) => (m as Undici & { default?: Undici }).default ?? m);
  return loading;
}
