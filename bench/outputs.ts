// Alerts per second delivered by the outputs to a file and to an HTTP receiver, each against a baseline run
// side by side in the same script (the same bytes written without Peregrine's queue, formatting and
// accounting), several runs, medians. The HTTP receiver runs in its own process so it does not share the
// sender's event loop.
//
//   node_modules/.bin/node bench/outputs.ts [runs]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { appendFile, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'undici';
import { log } from '../src/log.ts';
import type { Alert } from '../src/outputs/alert.ts';
import { alertToJson } from '../src/outputs/alert.ts';
import { fileChannel } from '../src/outputs/channels/file.ts';
import { httpChannel } from '../src/outputs/channels/http.ts';
import { Outputs } from '../src/outputs/outputs.ts';

const RUNS = Number(process.argv[2] ?? 5);
const FILE_ALERTS = 200_000;
const HTTP_ALERTS = 10_000;
log.setWriter(() => {});

const envelope = { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true };
function alert(i: number): Alert {
  return {
    time: 1470327477881781397n + BigInt(i),
    rule: 'Write below etc',
    priority: 'Error',
    source: 'syscall',
    tags: ['filesystem', 'mitre_persistence'],
    output: `16:17:57.881781397: Error File below /etc opened for writing (file=/etc/passwd-${i} pcmdline=bash -c x user=root command=touch /etc/passwd-${i} container_id=host)`,
    message: `File below /etc opened for writing (file=/etc/passwd-${i} ...)`,
    outputFields: {
      'evt.time': 1470327477881781397n + BigInt(i),
      'fd.name': `/etc/passwd-${i}`,
      'proc.cmdline': `touch /etc/passwd-${i}`,
      'user.name': 'root',
      'container.id': 'host',
    },
    hostname: 'bench',
  };
}
const ALERTS = Array.from({ length: FILE_ALERTS }, (_, i) => alert(i));
const settings = (capacity: number) => ({
  json: true,
  envelope,
  hostname: 'bench',
  capacity,
  retryInitialMs: 10,
  retryMaxMs: 100,
  reportIntervalMs: 60_000,
});

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = (): number => Number(process.hrtime.bigint()) / 1e9;

/** Alerts arrive in bursts, as from the engine: CHUNK alerts, then the event loop turns (the next read). */
const CHUNK = 1000;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function fileOutputs(path: string): Promise<number> {
  const outputs = new Outputs([fileChannel({ filename: path, keepAlive: true })], settings(65536));
  const t0 = now();
  for (let i = 0; i < ALERTS.length; i++) {
    outputs.emit(ALERTS[i]);
    if (i % CHUNK === CHUNK - 1) await (outputs.waitForRoom() ?? turn());
  }
  await outputs.drain(10_000);
  const t = now() - t0;
  await outputs.close(1000);
  return FILE_ALERTS / t;
}

/** Baseline: the same JSON lines, each burst appended with one write, nothing else. */
async function fileBaseline(path: string): Promise<number> {
  const fh = await open(path, 'a');
  const t0 = now();
  let chunk = '';
  for (let i = 0; i < ALERTS.length; i++) {
    chunk += `${alertToJson(ALERTS[i], envelope)}\n`;
    if (i % CHUNK === CHUNK - 1) {
      await fh.appendFile(chunk);
      chunk = '';
    }
  }
  if (chunk !== '') await fh.appendFile(chunk);
  const t = now() - t0;
  await fh.close();
  return FILE_ALERTS / t;
}

const RECEIVER = `
const http = require('node:http');
let n = 0;
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { n++; res.end('ok'); }); });
s.keepAliveTimeout = 10000;
s.listen(0, '127.0.0.1', () => process.send(s.address().port));
process.on('message', () => { process.send({ n }); });
`;

async function httpOutputs(port: number): Promise<number> {
  const outputs = new Outputs(
    [
      httpChannel({
        url: `http://127.0.0.1:${port}/`,
        userAgent: 'falcosecurity/falco',
        json: true,
        insecure: false,
        caCert: '',
        caBundle: '',
        caPath: '',
        mtls: false,
        clientCert: '',
        clientKey: '',
        echo: false,
        compressUploads: false,
        keepAlive: true,
        timeoutMs: 2000,
      }),
    ],
    settings(65536),
  );
  const t0 = now();
  for (let i = 0; i < HTTP_ALERTS; i++) {
    outputs.emit(ALERTS[i]);
    if (i % CHUNK === CHUNK - 1) await (outputs.waitForRoom() ?? turn());
  }
  await outputs.drain(10_000);
  const t = now() - t0;
  const s = outputs.stats()[0];
  if (s.delivered !== HTTP_ALERTS) throw new Error(`http delivered ${s.delivered} of ${HTTP_ALERTS}`);
  await outputs.close(1000);
  return HTTP_ALERTS / t;
}

/** Baseline: undici POSTs of the same bodies, one at a time, on one kept-alive connection. */
async function httpBaseline(port: number): Promise<number> {
  const client = new Client(`http://127.0.0.1:${port}`);
  const headers = { 'content-type': 'application/json', 'user-agent': 'falcosecurity/falco' };
  const t0 = now();
  for (let i = 0; i < HTTP_ALERTS; i++) {
    const r = await client.request({ path: '/', method: 'POST', headers, body: alertToJson(ALERTS[i], envelope) });
    await r.body.text();
  }
  const t = now() - t0;
  await client.close();
  return HTTP_ALERTS / t;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-outputs-'));
  const receiver = fork('-', [], { execArgv: ['-e', RECEIVER], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => receiver.once('message', (m) => resolve(m as number)));
  const rows: Record<string, number[]> = { fileOutputs: [], fileBaseline: [], httpOutputs: [], httpBaseline: [] };
  try {
    for (let r = 0; r < RUNS; r++) {
      // Alternate the order so neither side always runs on a warmer machine.
      const f1 = join(dir, `o${r}.jsonl`);
      const f2 = join(dir, `b${r}.jsonl`);
      if (r % 2 === 0) {
        rows.fileOutputs.push(await fileOutputs(f1));
        rows.fileBaseline.push(await fileBaseline(f2));
        rows.httpOutputs.push(await httpOutputs(port));
        rows.httpBaseline.push(await httpBaseline(port));
      } else {
        rows.fileBaseline.push(await fileBaseline(f2));
        rows.fileOutputs.push(await fileOutputs(f1));
        rows.httpBaseline.push(await httpBaseline(port));
        rows.httpOutputs.push(await httpOutputs(port));
      }
      rmSync(f1);
      rmSync(f2);
      await appendFile(join(dir, 'progress'), '.');
    }
  } finally {
    receiver.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const fo = median(rows.fileOutputs);
  const fb = median(rows.fileBaseline);
  const ho = median(rows.httpOutputs);
  const hb = median(rows.httpBaseline);
  process.stdout.write(
    `runs: ${RUNS}, node ${process.versions.node}\n` +
      `file  (${FILE_ALERTS} JSON alerts): outputs ${fmt(fo)}/s, baseline ${fmt(fb)}/s, ratio ${(fo / fb).toFixed(2)}\n` +
      `http  (${HTTP_ALERTS} POSTs):       outputs ${fmt(ho)}/s, baseline ${fmt(hb)}/s, ratio ${(ho / hb).toFixed(2)}\n` +
      `all runs (alerts/s): ${JSON.stringify(Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.map(Math.round)])))}\n`,
  );
}

await main();
