// A sensor loader killed with SIGKILL under a running Peregrine: /healthz fails at once (not when the shutdown
// ends), with the reason, and the run's last line names the signal — not the loader's last log line.
//
// To look at /healthz while Peregrine shuts down, an alert is held in flight: the webhook receives it and
// answers only after the test has checked /healthz, so the shutdown waits (output_timeout is long).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { request } from 'undici';
import { BIN, ROOT } from '../helpers/cli.ts';
import { startReceiver, whenEmitted } from '../outputs/receiver.ts';
import { sensorUnavailable } from '../sensor/helpers/sensor.ts';

const skip = sensorUnavailable();
const dir = mkdtempSync(join(tmpdir(), 'peregrine-sensor-death-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const marker = join(dir, 'marker');
const rules = join(dir, 'rules.yaml');
writeFileSync(
  rules,
  `- rule: marker opened
  desc: this test's own file
  condition: evt.type in (open, openat, openat2) and fd.name = ${marker}
  output: "marker %fd.name by %proc.name"
  priority: WARNING
`,
);

/** The loader: the child of Peregrine's process whose name is the sensor's. */
function loaderOf(pid: number): number {
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const c of children) {
      if (readFileSync(`/proc/${c}/comm`, 'utf8').trim().startsWith('peregrine-senso')) return Number(c);
    }
  }
  throw new Error(`no sensor loader below pid ${pid}`);
}

/** Collects stderr; `until` resolves when a line matches, and fails (with the stderr) if Peregrine exits first. */
function stderrOf(child: ChildProcess): { text: () => string; until: (re: RegExp) => Promise<RegExpMatchArray> } {
  let text = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }[] = [];
  child.once('close', (code) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`peregrine exited (${code}) before ${w.re}:\n${text}`));
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    text += d;
    for (const w of [...waiters]) {
      const m = text.match(w.re);
      if (m !== null) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  return {
    text: () => text,
    until: (re) =>
      new Promise((resolve, reject) => {
        const m = text.match(re);
        if (m !== null) resolve(m);
        else if (child.exitCode !== null) reject(new Error(`peregrine exited before ${re}:\n${text}`));
        else waiters.push({ re, resolve, reject });
      }),
  };
}

test('kill -9 of the sensor loader: /healthz turns 503 at once and the exit line names SIGKILL', { skip }, async () => {
  const rx = await startReceiver({ answerAtMost: 0 });
  const child = spawn(
    BIN,
    [
      '-r',
      rules,
      '-o',
      'json_output=true',
      '-o',
      'alert_store.enabled=false',
      '-o',
      'stdout_output.enabled=false',
      '-o',
      'http_output.enabled=true',
      '-o',
      `http_output.url=http://127.0.0.1:${rx.port}/`,
      '-o',
      'output_timeout=600000',
      '-o',
      'webserver.enabled=true',
      '-o',
      'webserver.listen_port=0',
      '-o',
      'log_level=info',
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const err = stderrOf(child);
  try {
    const [, port] = await err.until(/listening on [\d.]+:(\d+)/);
    await err.until(/Capturing \d+ syscalls with the eBPF sensor/);
    const healthz = async (): Promise<{ status: number; body: string }> => {
      const r = await request(`http://127.0.0.1:${port}/healthz`);
      return { status: r.statusCode, body: await r.body.text() };
    };
    assert.equal((await healthz()).status, 200);

    // An alert in flight keeps the shutdown going while /healthz is looked at.
    writeFileSync(marker, 'x');
    await whenEmitted(rx.events, 'request', () => rx.held.length > 0);

    process.kill(loaderOf(child.pid as number), 'SIGKILL');
    await err.until(/the sensor was killed by SIGKILL.*; stopping/);
    const h = await healthz();
    assert.equal(h.status, 503);
    assert.match(JSON.parse(h.body).status, /^the sensor was killed by SIGKILL/);

    for (const r of rx.held) r.writeHead(200).end('ok');
    assert.equal(await exited, 1);
    const last = err.text().trim().split('\n').pop() ?? '';
    assert.match(last, /^peregrine: Error: the sensor was killed by SIGKILL/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rx.close();
  }
});
