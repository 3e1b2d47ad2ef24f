// The alert store's context (src/store/context.ts: some forty fields, the process, five ancestors' pids, names
// and command lines, the user, the container) costs about 4 µs to extract per alert, on the detection thread.
// Alerts come in runs from one process, and all of it but `evt.type` and `fd.name` depends only on the thread,
// its ancestors, its container and the user tables: this keeps, per thread, the values of its last alert with
// the state's epoch then (SystemState.epoch, which changes with anything those fields read), and on a later alert
// of the same thread at the same epoch copies them and extracts only the per-event fields.
//
// Only for an event as it happens: an alert deferred for container metadata renders from a snapshot of an earlier
// moment and extracts its context in full (Ruleset.alertParts without a cache).
//
// PEREGRINE_CONTEXT_CACHE=0 (read by src/app/detect.ts) turns it off: the differential test
// (test/store/context-cache.test.ts) replays every fixture both ways and compares the stored contexts, and a
// context suspected stale in the field can be checked against the uncached extraction the same way.
import type { CompiledOutput, JsonFieldValue } from '../rules/output.ts';
import type { ContextSource } from '../rules/ruleset.ts';
import type { Event } from '../state/event.ts';
import type { ThreadInfo } from '../state/thread.ts';

/**
 * Context fields known to read only the thread, its main thread and ancestors, the user tables and its container's
 * record: cached. Any other (today `evt.type` and `fd.name`; tomorrow whatever is added to ALERT_CONTEXT_FIELDS
 * without a look here) is extracted per alert.
 */
const THREAD_FIELD =
  /^(?:proc\.(?:pid|name|exepath|cmdline|cwd|tty|apid\[\d+\]|aname\[\d+\]|acmdline\[\d+\])|user\.(?:name|uid|loginname)|group\.name|container\.(?:id|name|image\.repository|image\.tag|privileged)|k8s\.(?:ns|pod)\.name)$/;

/** Whether a context field's value is kept per thread (exported for the test that lists them). */
export function cachedPerThread(name: string): boolean {
  return THREAD_FIELD.test(name);
}
/**
 * Live, a container's users and groups come from its own /etc files, read lazily and re-read (at most once a
 * second) when a uid is missing (src/state/container-accounts.ts): a name can appear without any state change,
 * so for threads of a container these are extracted per alert while container accounts are on (live only).
 */
const ACCOUNT_FIELDS: ReadonlySet<string> = new Set(['user.name', 'user.loginname', 'group.name']);

interface Entry {
  epoch: number;
  /** Owned by the cache, never handed out: every alert gets its own copy. */
  values: JsonFieldValue[];
}

export class AlertContextCache implements ContextSource<Event> {
  /** The output the entries were extracted with; another (a reloaded ruleset) starts the cache over. */
  private output: CompiledOutput<Event> | undefined;
  private perEvent: number[] = [];
  private accounts: number[] = [];
  // A WeakMap, not a field on ThreadInfo: a thread that goes takes its entry with it, and the state stays free
  // of what one output channel needs.
  private byThread = new WeakMap<ThreadInfo, Entry>();
  /** Alerts whose context came from the cache, and those extracted in full (tests and benches read them). */
  hits = 0;
  misses = 0;

  values(evt: Event, output: CompiledOutput<Event>): JsonFieldValue[] {
    const t = evt.thread;
    const s = evt.state;
    if (t === null || s === null) return output.values(evt);
    if (output !== this.output) this.reset(output);
    const epoch = s.epoch();
    const e = this.byThread.get(t);
    if (e === undefined || e.epoch !== epoch) {
      this.misses++;
      const values = output.values(evt);
      if (e === undefined) this.byThread.set(t, { epoch, values: values.slice() });
      else {
        e.epoch = epoch;
        e.values = values.slice();
      }
      return values;
    }
    this.hits++;
    const out = e.values.slice();
    const perEvent = this.perEvent;
    for (let i = 0; i < perEvent.length; i++) out[perEvent[i]] = output.value(evt, perEvent[i]);
    if (s.users.containers !== null && t.containerId !== '') {
      const acc = this.accounts;
      for (let i = 0; i < acc.length; i++) out[acc[i]] = output.value(evt, acc[i]);
    }
    return out;
  }

  private reset(output: CompiledOutput<Event>): void {
    this.output = output;
    this.byThread = new WeakMap();
    this.perEvent = [];
    this.accounts = [];
    output.jsonNames.forEach((name, k) => {
      if (!cachedPerThread(name)) this.perEvent.push(k);
      else if (ACCOUNT_FIELDS.has(name)) this.accounts.push(k);
    });
  }
}
