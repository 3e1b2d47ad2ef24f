// An event's field values, kept so that rules can be evaluated — or an alert rendered — after the event is gone,
// with the container metadata that was still on its way filled in later.
//
// Every condition and output of a ruleset reads fields through one per-event cache (src/rules/compile/fields.ts:
// a slot per distinct field expression, stamped with the event's number). A snapshot forces every slot's
// extraction for the event and copies the values, except the slots of runtime metadata fields (container.name,
// container.privileged, k8s.*…). Restoring it writes those values back under a fresh stamp and leaves the
// metadata slots unstamped, so the compiled conditions and outputs run unchanged on a small "later view" of the
// event: what they read from the event itself comes from the snapshot, what they read about its container comes
// from the store, now.
//
// Cost: one extraction per slot (a ruleset of Falco's three files has about 110), paid only for events of
// containers whose metadata is pending, for event types that a metadata-dependent rule can match.
import { isRuntimeMetadataField } from '../fields/extract/container-values.ts';
import type { FieldValue } from '../fields/types.ts';
import type { EventLike, FieldCache } from '../rules/compile/fields.ts';
import type { Event } from '../state/event.ts';

const FIELD_IN_KEY = /(?:container|k8s)\.[a-z_.]+|proc\.is_container_[a-z_]+/g;

/** Whether a cache key (a field, `field[arg]` or a transformer expression) reads runtime metadata. */
export function keyReadsMetadata(key: string): boolean {
  for (const m of key.matchAll(FIELD_IN_KEY)) if (isRuntimeMetadataField(m[0])) return true;
  return false;
}

// Which slots of a cache are metadata: decided once per slot.
const metadataSlots = new WeakMap<FieldCache, boolean[]>();

function isMetadataSlot(cache: FieldCache, i: number): boolean {
  let marks = metadataSlots.get(cache);
  if (marks === undefined) {
    marks = [];
    metadataSlots.set(cache, marks);
  }
  let m = marks[i];
  if (m === undefined) {
    m = keyReadsMetadata(cache.keys[i] ?? '');
    marks[i] = m;
  }
  return m;
}

/** Stamps of later views: negative, so they never equal a real event number. */
let nextViewNum = -1;

export class FieldSnapshot {
  private readonly cache: FieldCache;
  private readonly values: (FieldValue | null)[];
  private readonly type: number;
  private readonly ts: bigint;
  private readonly thread: Event['thread'];
  private readonly state: Event['state'];

  private constructor(cache: FieldCache, evt: Event, values: (FieldValue | null)[]) {
    this.cache = cache;
    this.values = values;
    this.type = evt.type;
    this.ts = evt.ts;
    // a thread is a table entry, not part of the reused event object: keeping it is safe
    this.thread = evt.thread;
    this.state = evt.state;
  }

  /** Extracts and keeps every field of `evt` the cache serves, except runtime metadata fields. */
  static take(cache: FieldCache, evt: Event): FieldSnapshot {
    const n = cache.size;
    const values: (FieldValue | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      if (isMetadataSlot(cache, i)) continue;
      const x = cache.extractors[i];
      if (x === undefined) continue;
      // through the cache's own stamp check: a slot this event already filled is not extracted again
      if (cache.stamps[i] === evt.num) values[i] = cache.values[i];
      else {
        values[i] = x(evt as EventLike) ?? null;
        cache.stamps[i] = evt.num;
        cache.values[i] = values[i];
      }
    }
    return new FieldSnapshot(cache, evt, values);
  }

  /**
   * Puts the snapshot back into the cache and returns the later view to evaluate conditions and outputs on.
   * Call right before using the view: any real event afterwards takes the cache over again.
   */
  restore(): Event {
    const num = nextViewNum--;
    const cache = this.cache;
    const n = Math.min(this.values.length, cache.size);
    for (let i = 0; i < n; i++) {
      if (isMetadataSlot(cache, i) || cache.extractors[i] === undefined) {
        cache.stamps[i] = Number.NaN;
      } else {
        cache.stamps[i] = num;
        cache.values[i] = this.values[i];
      }
    }
    for (let i = n; i < cache.size; i++) cache.stamps[i] = Number.NaN;
    // What metadata fields read: the thread (its container id) and the state (the store). Everything else a
    // condition or output reads is in the cache under this view's number.
    return { num, type: this.type, ts: this.ts, thread: this.thread, state: this.state, fd: null } as unknown as Event;
  }
}
