// The console a live Peregrine serves (bin/peregrine as root with the eBPF sensor, its webserver on an ephemeral
// loopback port, its store in a temporary directory), in a real browser: a process started on the host appears in
// the live tail, with its ancestry in the detail view, and the health panel shows the detector's own numbers.
// The delay from starting the process to the row in the page is measured and reported, not asserted.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, ROOT } from '../helpers/cli.ts';
import { READY } from '../helpers/live.ts';
import { noBrowser, openBrowser, SHOTS } from './browser.ts';

function noLiveConsole(): string | undefined {
  if (process.getuid?.() !== 0) return 'live capture needs root';
  if (!existsSync(join(ROOT, 'sensor/build/peregrine-sensor'))) return 'the sensor is not built (make -C sensor)';
  return noBrowser();
}

const skip = noLiveConsole();

interface Live {
  readonly child: ChildProcess;
  readonly url: string;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the live detector and resolves once the sensor runs and the webserver listens. */
function startLiveConsole(args: string[]): Promise<Live> {
  const child = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    let url: string | undefined;
    let ready = false;
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      url ??= /listening on (127\.0\.0\.1:\d+)/.exec(err)?.[1];
      ready ||= READY.test(err);
      if (url !== undefined && ready) {
        resolve({
          child,
          url: `http://${url}/`,
          stderr: () => err,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
        url = '';
      }
    });
    child.once('exit', (code) => reject(new Error(`peregrine exited (${code}) before it was ready:\n${err}`)));
  });
}

test('live: a process on the host appears in the live tail, with its ancestry; the health panel is live', {
  skip,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-live-console-'));
  const marker = `console-marker-${randomUUID().slice(0, 8)}`;
  const rules = join(dir, 'rules.yaml');
  writeFileSync(
    rules,
    `- rule: Marker process started
  desc: a process whose command line carries this test's marker
  condition: evt.type in (execve, execveat) and evt.dir = < and proc.cmdline contains "${marker}"
  output: marker process started (command=%proc.cmdline parent=%proc.pname user=%user.name)
  priority: CRITICAL
`,
  );
  const live = await startLiveConsole([
    '-r',
    rules,
    '-o',
    'webserver.enabled=true',
    '-o',
    'webserver.listen_address=127.0.0.1',
    '-o',
    'webserver.listen_port=0',
    '-o',
    `alert_store.path=${join(dir, 'alerts.db')}`,
    '-o',
    'stdout_output.enabled=false',
  ]);
  const browser = await openBrowser();
  try {
    const page = browser.page;
    await page.goto(live.url);
    await page.locator('[data-testid=live-state][data-connected=yes]').waitFor();
    const started = Date.now();
    const proc = spawn('/bin/sh', ['-c', `/bin/true ${marker}; exit 0`], { stdio: 'ignore' });
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    // The shell and the process it runs both carry the marker; the first row to show is the delay.
    await page.locator('[data-testid=alert-row]', { hasText: marker }).first().waitFor();
    const delayMs = Date.now() - started;
    await exited;
    t.diagnostic(`live tail: the alert appeared in the page ${delayMs} ms after the process was started`);
    process.stderr.write(`console live tail delay: ${delayMs} ms\n`);
    const row = page.locator('[data-testid=alert-row]', { hasText: 'parent=sh' }).filter({ hasText: marker });
    await row.waitFor();
    assert.match(await row.innerText(), /Marker process started/);
    // The health panel reads the detector's counters: after two readings, a rate.
    await page.locator('[data-testid=events-rate] b', { hasText: /^[\d,]+$/ }).waitFor();
    assert.match(await page.locator('[data-testid=health]').innerText(), /events\/s.*kernel drops.*output drops/s);
    await page.screenshot({ path: join(SHOTS, 'live.png') });
    await row.click();
    await page.locator('[data-testid=detail]').waitFor();
    const chain = await page.locator('[data-testid=ancestry] li').allInnerTexts();
    // …, the shell that ran it, the marker process itself
    assert.ok(chain.length >= 2, chain.join('\n'));
    assert.match(chain[chain.length - 1], new RegExp(`\\btrue\\s+true ${marker}$`));
    assert.match(chain[chain.length - 2], new RegExp(`\\bsh\\s+sh -c /bin/true ${marker}; exit 0$`));
    await page.screenshot({ path: join(SHOTS, 'live-detail.png') });
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
    await live.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
