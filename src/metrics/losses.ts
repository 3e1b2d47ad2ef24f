// Every loss a run can have, in one list: what /metrics publishes as separate series and what the exit summary
// prints. A loss is an event, a piece of state or an alert that Peregrine saw (or should have seen) and could not
// keep; each is counted where it happens (see metrics.ts) and named here once.
import type { Metrics } from './metrics.ts';

export interface Loss {
  /** Where it was lost: `kernel`, `capture`, `state` or `output`. */
  readonly where: 'kernel' | 'capture' | 'state' | 'output';
  /** Why, as a label value: `buffer`, `unknown_event`, `threads`, `queue_full`, … */
  readonly reason: string;
  /** The output channel, for output losses. */
  readonly channel?: string;
  readonly count: number;
  /** One phrase for people, e.g. "events dropped in the kernel: ring buffer full". */
  readonly text: string;
}

/** Every loss counter of the run, zero or not, in a fixed order. */
export function losses(m: Metrics): Loss[] {
  const out: Loss[] = [];
  const k = m.kernel();
  out.push({
    where: 'kernel',
    reason: 'buffer',
    count: k.n_drops_buffer,
    text: 'events dropped in the kernel: ring buffer full',
  });
  out.push({
    where: 'kernel',
    reason: 'scratch_map',
    count: k.n_drops_scratch_map,
    text: 'events dropped in the kernel: no scratch space',
  });
  out.push({
    where: 'kernel',
    reason: 'page_fault',
    count: k.n_drops_pf,
    text: 'events dropped in the kernel: page faults',
  });
  out.push({
    where: 'kernel',
    reason: 'bug',
    count: k.n_drops_bug,
    text: 'events dropped in the kernel: sensor errors',
  });
  const other = k.n_drops - k.n_drops_buffer - k.n_drops_scratch_map - k.n_drops_pf - k.n_drops_bug;
  out.push({
    where: 'kernel',
    reason: 'other',
    count: Math.max(0, other),
    text: 'events dropped in the kernel: too large for a ring record',
  });
  const c = m.captured();
  out.push({
    where: 'capture',
    reason: 'unknown_event',
    count: c.skippedUnknown,
    text: 'events of a type this version does not know, skipped',
  });
  out.push({
    where: 'capture',
    reason: 'unknown_block',
    count: c.skippedBlocks,
    text: 'capture blocks of an unknown type, skipped',
  });
  const s = m.state();
  out.push({
    where: 'state',
    reason: 'threads',
    count: s.threadsDropped,
    text: 'threads not tracked: thread table full',
  });
  out.push({ where: 'state', reason: 'fds', count: s.fdsDropped, text: 'file descriptors not tracked: fd table full' });
  out.push({
    where: 'state',
    reason: 'users',
    count: s.usersDropped,
    text: 'users and groups not kept: user table full',
  });
  out.push({
    where: 'state',
    reason: 'containers',
    count: s.containersDropped,
    text: 'containers not tracked: container table full',
  });
  out.push({
    where: 'state',
    reason: 'threads_gone',
    count: s.threadsNotInProc,
    text: 'threads an event named that had already left /proc (their fields are <NA>)',
  });
  for (const ch of m.channels()) {
    for (const [reason, count] of Object.entries({ ...ch.dropped, ...ch.lost })) {
      out.push({
        where: 'output',
        reason,
        channel: ch.name,
        count,
        text: `alerts not delivered by the ${ch.name} output: ${reason.replaceAll('_', ' ')}`,
      });
    }
  }
  return out;
}

/** The exit summary's loss lines: one per non-zero loss; empty when nothing was lost. */
export function lossSummary(m: Metrics): string {
  let out = '';
  for (const l of losses(m)) if (l.count > 0) out += `   ${l.text}: ${l.count}\n`;
  return out === '' ? '' : `Losses:\n${out}`;
}
