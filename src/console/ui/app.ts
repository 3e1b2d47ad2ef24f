// The console page: filters, the timeline, the top rules, containers and images, the alert list with its live
// tail, the detail of one alert, and the health panel. State lives here; the pieces render it.
import { html } from 'htm/preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { follow, getJson, type Page, type StoredAlert, setToken, Unauthorized } from './api.ts';
import { Detail } from './detail.ts';
import { Health } from './health.ts';
import { type Counts, Timeline } from './timeline.ts';

const PRIORITIES = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'];
const RANGES: [string, string][] = [
  ['15m', 'last 15 minutes'],
  ['1h', 'last hour'],
  ['24h', 'last 24 hours'],
  ['7d', 'last 7 days'],
  ['', 'all time'],
];

export interface Filter {
  q: string;
  priority: string;
  range: string;
  rule: string;
  host: string;
  container: string;
  image: string;
  process: string;
}

const EMPTY: Filter = { q: '', priority: '', range: '', rule: '', host: '', container: '', image: '', process: '' };

/** The filter as API parameters; `live` leaves out the time range (a tail follows what comes next). */
export function filterParams(f: Filter, live = false): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q !== '') p.set('q', f.q);
  if (f.priority !== '') p.set('priority', f.priority);
  if (f.range !== '' && !live) p.set('since', f.range);
  if (f.rule !== '') p.set('rule', f.rule);
  if (f.host !== '') p.set('host', f.host);
  if (f.container !== '') p.set('container', f.container);
  if (f.image !== '') p.set('image', f.image);
  if (f.process !== '') p.set('process', f.process);
  return p;
}

interface TopItem {
  readonly value: string;
  readonly count: number;
  readonly name?: string;
  readonly image?: string;
}

interface Summary {
  readonly path: string;
  readonly alerts: number;
  readonly hosts: string[];
}

function TopList(props: { title: string; id: string; items: TopItem[]; pick: (v: string) => void }) {
  return html`<div class="top" data-testid=${`top-${props.id}`}>
    <h3>${props.title}</h3>
    ${props.items.length === 0 ? html`<p class="muted">none</p>` : ''}
    <ol>
      ${props.items.map(
        (it) => html`<li>
          <button class="link" onClick=${() => props.pick(it.value)} title=${it.value}>
            ${it.name !== undefined && it.name !== '' ? `${it.name} (${it.value})` : it.value}
          </button>
          <span class="count">${it.count}</span>
        </li>`,
      )}
    </ol>
  </div>`;
}

function shortTime(iso: string): string {
  // 2026-11-28T10:00:00.123456789Z → 2026-11-28 10:00:00.123
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

function AlertRow(props: { a: StoredAlert; fresh: boolean; open: (id: number) => void }) {
  const a = props.a;
  const c = a.container;
  const container = c.id === '' || c.id === 'host' ? c.id : `${c.name} (${c.id})`;
  return html`<tr
    class=${props.fresh ? 'alert fresh' : 'alert'}
    data-testid="alert-row"
    data-id=${String(a.id)}
    onClick=${() => props.open(a.id)}
  >
    <td class="time">${shortTime(a.time)}</td>
    <td><span class=${`prio prio-${a.priority}`}>${a.priority}</span></td>
    <td class="rule">${a.rule}</td>
    <td class="host">${a.hostname}</td>
    <td data-testid="alert-container">${container}</td>
    <td class="out" data-testid="alert-output">${a.output}</td>
  </tr>`;
}

export function App() {
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState<Page | undefined>();
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const [counts, setCounts] = useState<Counts | undefined>();
  const [tops, setTops] = useState<Record<string, TopItem[]>>({});
  const [summary, setSummary] = useState<Summary | undefined>();
  const [detail, setDetail] = useState<StoredAlert | undefined>();
  const [live, setLive] = useState(true);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState('');
  const [needToken, setNeedToken] = useState(false);
  const [reloadTick, setReloadTick] = useState(0);
  const refreshTimer = useRef<number | undefined>(undefined);

  const fail = useCallback((err: unknown) => {
    if (err instanceof Unauthorized) setNeedToken(true);
    else setError((err as Error).message);
  }, []);

  const loadOverview = useCallback(
    (f: Filter) => {
      const p = filterParams(f);
      getJson<Counts>('api/counts', new URLSearchParams([...p, ['by', 'priority'], ['buckets', '60']]))
        .then(setCounts)
        .catch(fail);
      for (const field of ['rule', 'container', 'image']) {
        getJson<{ items: TopItem[] }>('api/top', new URLSearchParams([...p, ['field', field], ['limit', '8']]))
          .then((t) => setTops((old) => ({ ...old, [field]: t.items })))
          .catch(fail);
      }
      getJson<Summary>('api/summary').then(setSummary).catch(fail);
    },
    [fail],
  );

  // A new filter: the first page, the overview, and (live) a stream from the newest alert the page saw.
  // reloadTick re-runs it after a token is given.
  useEffect(() => {
    setError('');
    let stop: AbortController | undefined;
    getJson<Page>('api/alerts', new URLSearchParams([...filterParams(filter), ['limit', '100']]))
      .then((p) => {
        setPage(p);
        setFresh(new Set());
        if (!live) return;
        stop = new AbortController();
        void follow(
          filterParams(filter, true),
          p.last_id,
          (a) => {
            setPage((old) =>
              old === undefined || old.alerts.some((x) => x.id === a.id)
                ? old
                : { ...old, total: old.total + 1, alerts: [a, ...old.alerts] },
            );
            setFresh((old) => new Set(old).add(a.id));
            // The overview follows the tail, at most every few seconds.
            if (refreshTimer.current === undefined)
              refreshTimer.current = window.setTimeout(() => {
                refreshTimer.current = undefined;
                loadOverview(filter);
              }, 3000);
          },
          setConnected,
          stop.signal,
        );
      })
      .catch(fail);
    loadOverview(filter);
    return () => {
      stop?.abort();
      setConnected(false);
    };
  }, [filter, live, reloadTick, loadOverview, fail]);

  const more = (): void => {
    if (page?.next === null || page === undefined) return;
    const p = filterParams(filter);
    p.set('limit', '100');
    p.set('cursor', page.next);
    getJson<Page>('api/alerts', p)
      .then((next) => setPage({ ...next, total: page.total, alerts: [...page.alerts, ...next.alerts] }))
      .catch(fail);
  };

  const open = (id: number): void => {
    getJson<StoredAlert>(`api/alerts/${id}`).then(setDetail).catch(fail);
  };

  const set = (key: keyof Filter, value: string): void => setFilter({ ...filter, [key]: value });

  if (needToken) {
    return html`<form
      class="token"
      onSubmit=${(e: Event) => {
        e.preventDefault();
        const input = (e.target as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
        setToken(input.value);
        setNeedToken(false);
        setReloadTick(reloadTick + 1);
      }}
    >
      <h1>Peregrine console</h1>
      <p>This console needs its token.</p>
      <input name="token" type="password" autocomplete="off" placeholder="token" />
      <button type="submit">Open</button>
    </form>`;
  }

  const chips = (['rule', 'host', 'container', 'image', 'process'] as const).filter((k) => filter[k] !== '');
  return html`
    <header class="top-bar">
      <h1>Peregrine console</h1>
      <span class="store" data-testid="summary">
        ${summary === undefined ? '' : `${summary.alerts} alerts in ${summary.path}`}
      </span>
      <${Health} />
    </header>
    <form
      class="filters"
      data-testid="filters"
      onSubmit=${(e: Event) => {
        e.preventDefault();
        set('q', search.trim());
      }}
    >
      <input
        type="search"
        data-testid="search"
        placeholder="text in the output…"
        value=${search}
        onInput=${(e: Event) => setSearch((e.target as HTMLInputElement).value)}
      />
      <select data-testid="priority" value=${filter.priority} onChange=${(e: Event) => set('priority', (e.target as HTMLSelectElement).value)}>
        <option value="">any priority</option>
        ${PRIORITIES.map((p) => html`<option value=${p}>${p} or higher</option>`)}
      </select>
      <select data-testid="range" value=${filter.range} onChange=${(e: Event) => set('range', (e.target as HTMLSelectElement).value)}>
        ${RANGES.map(([v, label]) => html`<option value=${v}>${label}</option>`)}
      </select>
      <select data-testid="host" value=${filter.host} onChange=${(e: Event) => set('host', (e.target as HTMLSelectElement).value)}>
        <option value="">all hosts</option>
        ${(summary?.hosts ?? []).map((h) => html`<option value=${h}>${h}</option>`)}
      </select>
      <button type="submit">Search</button>
      <label class="live">
        <input type="checkbox" data-testid="live" checked=${live} onChange=${() => setLive(!live)} />
        live tail
        <span data-testid="live-state" data-connected=${connected ? 'yes' : 'no'}>${live ? (connected ? '●' : '○') : ''}</span>
      </label>
      ${chips.map(
        (k) => html`<span class="chip" data-testid=${`chip-${k}`}>
          ${k}: ${filter[k]}
          <button type="button" onClick=${() => set(k, '')} aria-label=${`clear ${k}`}>×</button>
        </span>`,
      )}
    </form>
    ${error === '' ? '' : html`<p class="error" data-testid="error">${error}</p>`}
    <section class="overview">
      <div class="chart">
        <h3>Alerts over time by priority</h3>
        <${Timeline} counts=${counts} />
      </div>
      <${TopList} title="Top rules" id="rules" items=${tops.rule ?? []} pick=${(v: string) => set('rule', v)} />
      <${TopList} title="Top containers" id="containers" items=${tops.container ?? []} pick=${(v: string) => set('container', v)} />
      <${TopList} title="Top images" id="images" items=${tops.image ?? []} pick=${(v: string) => set('image', v)} />
    </section>
    <section class="list">
      <p class="total" data-testid="total">${page === undefined ? 'loading…' : `${page.total} alerts`}</p>
      ${
        page?.search_since === undefined
          ? ''
          : html`<p class="note" data-testid="search-window">
              The text search covered the newest alerts, since ${page.search_since.replace('T', ' ').slice(0, 19)} UTC.
              Choose a time range to search further back.
            </p>`
      }
      <table>
        <thead><tr><th>time (UTC)</th><th>priority</th><th>rule</th><th>host</th><th>container</th><th>output</th></tr></thead>
        <tbody data-testid="alerts">
          ${(page?.alerts ?? []).map((a) => html`<${AlertRow} key=${a.id} a=${a} fresh=${fresh.has(a.id)} open=${open} />`)}
        </tbody>
      </table>
      ${page?.next ? html`<button class="more" data-testid="more" onClick=${more}>Load more</button>` : ''}
    </section>
    ${detail === undefined ? '' : html`<${Detail} alert=${detail} onClose=${() => setDetail(undefined)} />`}
  `;
}
