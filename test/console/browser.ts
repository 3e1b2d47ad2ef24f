// Debian's chromium, headless, driven by playwright-core (never a downloaded browser), with a fresh profile, the
// flags this machine needs (no background network, no GPU), and the page's errors and CSP violations collected.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Where the tests' screenshots go: PEREGRINE_SCREENSHOTS (docs/console/ to refresh the docs), else a temp dir. */
export const SHOTS = process.env.PEREGRINE_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'peregrine-shots-'));
mkdirSync(SHOTS, { recursive: true });

/** Why browser tests cannot run here, or undefined. */
export function noBrowser(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (apt-get install chromium; scripts/setup.sh)`;
}

export interface Browser {
  readonly page: Page;
  /** Uncaught page errors, console errors, CSP violations and dialogs, as text. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(width = 1400, height = 900): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'peregrine-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  // Every CSP violation is reported to the page before anything of ours runs.
  // (Page-side code is given as text: this file is type-checked without the DOM's types.)
  await page.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
  });
  return {
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Counts the canvas's pixels that are not fully transparent (a drawn chart has many). */
export function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector(${JSON.stringify(`${selector} canvas`)});
    if (canvas === null) return 0;
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
    return n;
  })()`) as Promise<number>;
}
