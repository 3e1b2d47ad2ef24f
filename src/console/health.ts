// The health panel's numbers: what a live Peregrine counts (events, kernel and user-space drops, each output
// channel's queue and drops), as totals with the time they were read; the browser turns two readings into rates.
// A console running alone over a store file has no detector to ask, and says so.

export interface ChannelHealth {
  readonly name: string;
  readonly depth: number;
  readonly capacity: number;
  readonly down: boolean;
  readonly dropped: number;
}

export interface ConsoleHealth {
  /** Events that went through state and rules. */
  readonly eventsProcessed: number;
  /** Events the kernel side could not deliver. */
  readonly kernelDrops: number;
  /** Events user space lost (backlog, decode errors, oversize). */
  readonly userspaceDrops: number;
  /** Alerts raised (rule alerts). */
  readonly alerts: number;
  readonly channels: readonly ChannelHealth[];
}

export const NO_LIVE_METRICS =
  'No live metrics: this console reads an alert store file. Events per second and drops are shown by the console of a running Peregrine (its webserver).';

export function healthJson(health: (() => ConsoleHealth) | undefined): string {
  if (health === undefined) return JSON.stringify({ live: false, message: NO_LIVE_METRICS });
  const h = health();
  return JSON.stringify({
    live: true,
    at_ms: Date.now(),
    events_processed: h.eventsProcessed,
    kernel_drops: h.kernelDrops,
    userspace_drops: h.userspaceDrops,
    alerts: h.alerts,
    output_drops: h.channels.reduce((n, c) => n + c.dropped, 0),
    channels: h.channels,
  });
}
