// What every runtime client answers: a value or one line saying what went wrong (never a thrown exception), and
// why an event stream ended.

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Why an event stream ended: the caller reconnects after `closed` and `error`, not after `aborted`. */
export type StreamEnd =
  | { readonly reason: 'aborted' }
  | { readonly reason: 'closed' | 'error'; readonly error: string };
