// The timeline: alerts per time bucket, stacked by priority (most severe at the bottom), drawn by uPlot.
// uPlot has no stacking of its own: each series is the running sum up to its priority, drawn from the largest
// down, so what shows of each fill is its own priority's share; the legend shows the counts themselves.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface Counts {
  readonly bucket_seconds: number;
  readonly times: number[];
  readonly series: { key: string; counts: number[] }[];
}

export const PRIORITY_COLORS: Record<string, string> = {
  Emergency: '#7f0000',
  Alert: '#b71c1c',
  Critical: '#e53935',
  Error: '#fb8c00',
  Warning: '#fdd835',
  Notice: '#43a047',
  Informational: '#1e88e5',
  Debug: '#90a4ae',
};

function options(width: number, present: { key: string; counts: number[] }[]): uPlot.Options {
  return {
    width,
    height: 180,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    axes: [
      { stroke: '#9aa4b2', grid: { stroke: '#2a3140' } },
      { stroke: '#9aa4b2', grid: { stroke: '#2a3140' }, size: 50 },
    ],
    series: [
      {},
      ...present.map((s) => ({
        label: s.key,
        stroke: PRIORITY_COLORS[s.key] ?? '#ccc',
        fill: PRIORITY_COLORS[s.key] ?? '#ccc',
        width: 1,
        points: { show: false },
        paths: uPlot.paths.stepped?.({ align: 1 }),
        // the legend and the cursor show this priority's own count, not the running sum
        value: (_u: uPlot, _v: number | null, _si: number, i: number | null) =>
          i === null ? '' : String(s.counts[i] ?? 0),
      })),
    ],
  };
}

/** Running sums, largest first (the order uPlot draws them in: each later fill paints over the earlier). */
function stacked(present: { key: string; counts: number[] }[], n: number): number[][] {
  const sums: number[][] = [];
  const acc = new Array<number>(n).fill(0);
  for (const s of present) {
    for (let i = 0; i < n; i++) acc[i] += s.counts[i] ?? 0;
    sums.push([...acc]);
  }
  return sums.reverse();
}

export function Timeline({ counts }: { counts: Counts | undefined }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null || counts === undefined || !counts.series.some((s) => s.counts.some((c) => c > 0))) return;
    // Priorities with at least one alert, most severe first; drawn least severe first (see `stacked`).
    const present = counts.series.filter((s) => s.counts.some((c) => c > 0));
    const draw = [...present].reverse();
    const data = [counts.times, ...stacked(present, counts.times.length)] as uPlot.AlignedData;
    const plot = new uPlot(options(Math.max(300, el.clientWidth), draw), data, el);
    const resize = (): void => plot.setSize({ width: Math.max(300, el.clientWidth), height: 180 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [counts]);
  const empty = counts !== undefined && !counts.series.some((s) => s.counts.some((c) => c > 0));
  if (empty) return html`<p class="timeline muted" data-testid="timeline">No alerts in this range.</p>`;
  return html`<div class="timeline" data-testid="timeline" ref=${box}></div>`;
}
