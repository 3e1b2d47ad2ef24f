// The health panel: events per second, kernel and user-space drops and output drops of the Peregrine serving this
// console (from its counters, two readings apart), or why there are none.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.ts';

interface Reading {
  readonly live: boolean;
  readonly message?: string;
  readonly at_ms: number;
  readonly events_processed: number;
  readonly kernel_drops: number;
  readonly userspace_drops: number;
  readonly output_drops: number;
  readonly alerts: number;
}

const POLL_MS = 2000;

export function Health() {
  const [now, setNow] = useState<Reading | undefined>();
  const [rate, setRate] = useState<number | undefined>();
  useEffect(() => {
    let last: Reading | undefined;
    let stopped = false;
    const read = (): void => {
      getJson<Reading>('api/health')
        .then((r) => {
          if (stopped) return;
          if (r.live && last !== undefined && r.at_ms > last.at_ms)
            setRate(((r.events_processed - last.events_processed) * 1000) / (r.at_ms - last.at_ms));
          last = r;
          setNow(r);
        })
        .catch(() => {});
    };
    read();
    const t = window.setInterval(read, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(t);
    };
  }, []);
  if (now === undefined) return html`<div class="health" data-testid="health"></div>`;
  if (!now.live) return html`<div class="health off" data-testid="health">${now.message}</div>`;
  const bad = (n: number): string => (n > 0 ? 'bad' : '');
  return html`<div class="health" data-testid="health">
    <span data-testid="events-rate"><b>${rate === undefined ? '…' : Math.round(rate).toLocaleString('en')}</b> events/s</span>
    <span class=${bad(now.kernel_drops)} data-testid="kernel-drops"><b>${now.kernel_drops}</b> kernel drops</span>
    <span class=${bad(now.userspace_drops)}><b>${now.userspace_drops}</b> user-space drops</span>
    <span class=${bad(now.output_drops)} data-testid="output-drops"><b>${now.output_drops}</b> output drops</span>
  </div>`;
}
