// Messages between the console's handler (main thread) and its reader thread (reader-thread.ts).

export type ToReader =
  | { readonly type: 'request'; readonly seq: number; readonly path: string; readonly query: string }
  /** A live stream: alerts matching the filter in `query`, with ids above `after` (undefined: from now on). */
  | { readonly type: 'subscribe'; readonly sid: number; readonly query: string; readonly after?: number }
  | { readonly type: 'unsubscribe'; readonly sid: number }
  | { readonly type: 'close' };

export type FromReader =
  | { readonly type: 'answer'; readonly seq: number; readonly status: number; readonly body: string }
  /** The stream starts after this id. */
  | { readonly type: 'subscribed'; readonly sid: number; readonly after: number }
  | { readonly type: 'refused'; readonly sid: number; readonly status: number; readonly body: string }
  /** New alerts for a stream, oldest first: their ids and JSON. */
  | { readonly type: 'alerts'; readonly sid: number; readonly ids: readonly number[]; readonly json: readonly string[] }
  | { readonly type: 'closed' };
