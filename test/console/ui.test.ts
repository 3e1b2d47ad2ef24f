// The console in a real browser (Debian's chromium, headless) over a store file: the list, the timeline drawn
// (its canvas has paint), filters narrowing the list, the detail view with the process ancestry, and alerts whose
// command lines carry markup shown as text with nothing run. Screenshots of each view go to PEREGRINE_SCREENSHOTS
// (docs/console/ when refreshing the docs) or a temporary directory.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ConsoleServer } from '../../src/console/server.ts';
import type { Alert } from '../../src/outputs/alert.ts';
import { storeAlert, storeWith } from '../store/helpers.ts';
import { type Browser, noBrowser, openBrowser, paintedPixels, SHOTS } from './browser.ts';
import { serveConsole } from './helpers.ts';

const skip = noBrowser();

const IMG = '<img src=x onerror="window.__pwned=1;alert(1)">';
const SCRIPT = '<script>window.__pwned=2</script>';
const PRIOS = ['Critical', 'Error', 'Warning', 'Notice', 'Informational'] as const;
const RULES = [
  'Terminal shell in container',
  'Read sensitive file untrusted',
  'Outbound connection to C2',
  'Write below etc',
];

// 600 alerts over ten minutes, and two whose command lines are an attacker's markup.
const ALERTS: Alert[] = [
  ...Array.from({ length: 600 }, (_, i) =>
    storeAlert(i, {
      at: i,
      rule: RULES[(i * 7) % 4],
      priority: PRIOS[(i * 3) % 5],
      host: ['web-1', 'web-2', 'db-1'][i % 3],
      container: ['', '3ad7b26ded6d', '9f1c0e2b7a44', '51c2a9d0e3f1'][i % 4],
      image: ['', 'nginx:1.27', 'redis:7.4', 'shop/api:2.3.1'][i % 4],
      proc: ['bash', 'cat', 'curl', 'python3'][i % 4],
    }),
  ),
  storeAlert(600, { at: 600, rule: 'Terminal shell in container', priority: 'Critical', cmdline: `sh -c ${IMG}` }),
  storeAlert(601, { at: 601, rule: 'Terminal shell in container', priority: 'Critical', cmdline: `sh -c ${SCRIPT}` }),
];

let store: { dir: string; path: string };
let server: ConsoleServer;
let browser: Browser;

before(async () => {
  if (skip !== undefined) return;
  store = storeWith(ALERTS);
  server = await serveConsole(store.path);
  browser = await openBrowser();
});
after(async () => {
  if (skip !== undefined) return;
  await browser.close();
  await server.close();
  rmSync(store.dir, { recursive: true, force: true });
});

test('the list, the timeline and the top rules, containers and images render', { skip }, async () => {
  const page = browser.page;
  await page.goto(server.url);
  await page.locator('[data-testid=total]', { hasText: '602 alerts' }).waitFor();
  assert.equal(await page.locator('[data-testid=alert-row]').count(), 100);
  // The timeline is a uPlot canvas with something drawn on it.
  await page.locator('[data-testid=timeline] canvas').waitFor();
  assert.ok((await paintedPixels(page, '[data-testid=timeline]')) > 1000, 'the timeline canvas is not blank');
  await page.locator('[data-testid=top-rules] li').first().waitFor();
  assert.equal(await page.locator('[data-testid=top-rules] li').count(), 4);
  assert.match(await page.locator('[data-testid=top-images]').innerText(), /shop\/api:2\.3\.1/);
  assert.match(await page.locator('[data-testid=health]').innerText(), /No live metrics/);
  await page.locator('[data-testid=timeline]').screenshot({ path: join(SHOTS, 'timeline.png') });
  await page.screenshot({ path: join(SHOTS, 'console.png') });
  assert.deepEqual(browser.problems, []);
});

test('filters narrow the list: priority, a top rule, a container, the text search', { skip }, async () => {
  const page = browser.page;
  await page.goto(server.url);
  await page.locator('[data-testid=total]', { hasText: '602 alerts' }).waitFor();
  const critical = ALERTS.filter((a) => a.priority === 'Critical').length;
  await page.locator('[data-testid=priority]').selectOption('Critical');
  await page.locator('[data-testid=total]', { hasText: `${critical} alerts` }).waitFor();
  for (const text of await page.locator('[data-testid=alert-row] .prio').allInnerTexts())
    assert.equal(text, 'Critical');
  await page.locator('[data-testid=top-rules] button', { hasText: 'Outbound connection to C2' }).click();
  const both = ALERTS.filter((a) => a.priority === 'Critical' && a.rule === 'Outbound connection to C2').length;
  await page.locator('[data-testid=total]', { hasText: new RegExp(`^${both} alerts$`) }).waitFor();
  await page.locator('[data-testid=chip-rule]').waitFor();
  await page.locator('[data-testid=top-containers] button').first().click();
  await page.locator('[data-testid=chip-container]').waitFor();
  const container = (await page.locator('[data-testid=chip-container]').innerText()).match(/container: (\w+)/)?.[1];
  const three = ALERTS.filter(
    (a) =>
      a.priority === 'Critical' &&
      a.rule === 'Outbound connection to C2' &&
      a.outputFields['container.id'] === container,
  ).length;
  await page.locator('[data-testid=total]', { hasText: new RegExp(`^${three} alerts$`) }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'filtered.png') });
  // Clearing the chips and searching text in the output.
  await page.locator('[data-testid=chip-rule] button').click();
  await page.locator('[data-testid=chip-container] button').click();
  await page.locator('[data-testid=search]').fill('shadow-42');
  await page.locator('[data-testid=search]').press('Enter');
  // shadow-42 and shadow-420…429 (Critical only)
  const found = ALERTS.filter((a) => a.priority === 'Critical' && a.output.includes('shadow-42')).length;
  await page.locator('[data-testid=total]', { hasText: new RegExp(`^${found} alerts$`) }).waitFor();
  assert.deepEqual(browser.problems, []);
});

test('a text search over more alerts than it reads says from when it searched', { skip }, async () => {
  const windowed = await serveConsole(store.path, { searchWindow: 100 });
  try {
    const page = browser.page;
    await page.goto(windowed.url);
    await page.locator('[data-testid=total]', { hasText: '602 alerts' }).waitFor();
    assert.equal(await page.locator('[data-testid=search-window]').count(), 0);
    await page.locator('[data-testid=search]').fill('shadow-5');
    await page.locator('[data-testid=search]').press('Enter');
    // the newest 100 alerts are 502…601, one a second from 16:08:22
    const found = ALERTS.slice(-100).filter((a) => a.output.includes('shadow-5')).length;
    await page.locator('[data-testid=total]', { hasText: new RegExp(`^${found} alerts$`) }).waitFor();
    const note = await page.locator('[data-testid=search-window]').innerText();
    assert.match(note, /since 2025-11-24 16:08:22 UTC/);
    assert.deepEqual(browser.problems, []);
  } finally {
    await windowed.close();
  }
});

test('the detail view shows the process ancestry, command lines, user, container, image and pod', {
  skip,
}, async () => {
  const page = browser.page;
  await page.goto(server.url);
  await page.locator('[data-testid=total]', { hasText: '602 alerts' }).waitFor();
  await page.locator('[data-testid=search]').fill('shadow-597');
  await page.locator('[data-testid=search]').press('Enter');
  await page.locator('[data-testid=total]', { hasText: /^1 alerts$/ }).waitFor();
  await page.locator('[data-testid=alert-row]').click();
  const detail = page.locator('[data-testid=detail]');
  await detail.waitFor();
  // oldest ancestor first, the alert's process last
  const chain = await page.locator('[data-testid=ancestry] li').allInnerTexts();
  assert.equal(chain.length, 4);
  assert.match(chain[0], /^1\s+systemd\s+systemd --system$/);
  assert.match(chain[1], /^2000\s+sshd\s+sshd: root@pts\/0$/);
  assert.match(chain[2], /^3597\s+bash\s+bash -i$/);
  assert.match(chain[3], /^4597\s+cat\s+cat \/etc\/shadow-597$/);
  const container = await page.locator('[data-testid=container]').innerText();
  assert.match(container, /3ad7b26ded6d/);
  assert.match(container, /nginx:1\.27/);
  assert.match(container, /frontend-3ad7/);
  assert.match(await detail.innerText(), /user\s+root/);
  await page.screenshot({ path: join(SHOTS, 'detail.png') });
  assert.deepEqual(browser.problems, []);
});

test('markup in an alert is shown as text and runs nothing', { skip }, async () => {
  const page = browser.page;
  await page.goto(server.url);
  await page.locator('[data-testid=total]', { hasText: '602 alerts' }).waitFor();
  const outputs = await page.locator('[data-testid=alert-output]').allInnerTexts();
  assert.ok(
    outputs.some((o) => o.includes(`command=sh -c ${IMG}`)),
    'the <img> markup is visible as text',
  );
  assert.ok(
    outputs.some((o) => o.includes(`command=sh -c ${SCRIPT}`)),
    'the <script> markup is visible as text',
  );
  // Open both in the detail view too (command lines there are another place strings land).
  for (const id of ['601', '602']) {
    await page.locator(`[data-testid=alert-row][data-id="${id}"]`).click();
    await page.locator('[data-testid=detail]').waitFor();
    const cmdlines = await page.locator('[data-testid=cmdline]').allInnerTexts();
    assert.equal(cmdlines[cmdlines.length - 1], `sh -c ${id === '601' ? IMG : SCRIPT}`);
    if (id === '601') await page.locator('[data-testid=detail] .close').click();
  }
  const state = (await page.evaluate(
    "({ pwned: window.__pwned ?? null, imgs: document.querySelectorAll('img').length, scripts: [...document.querySelectorAll('script')].map((s) => s.src.replace(location.origin, '')) })",
  )) as { pwned: number | null; imgs: number; scripts: string[] };
  assert.equal(state.pwned, null, 'no payload ran');
  assert.equal(state.imgs, 0, 'no <img> element was created');
  assert.deepEqual(state.scripts, ['/assets/app.js']);
  await page.screenshot({ path: join(SHOTS, 'markup-as-text.png') });
  assert.deepEqual(browser.problems, [], 'no page error, dialog or CSP violation');
});
