// Alerts per second the http output gets through to a slow receiver (one that takes 10 ms or 100 ms per
// answer), against a baseline run side by side: undici POSTs of the same bodies, one at a time on one kept-alive
// connection, with nothing of Peregrine's (queue, accounting, retries). Several runs, alternating order, medians.
// The receiver runs in its own process so that its timers do not share the sender's event loop.
//
//   node_modules/node/bin/node bench/http-slow-receiver.ts [runs]
import { fork } from 'node:child_process';
import { Client } from 'undici';
import { log } from '../src/log.ts';
import type { Alert } from '../src/outputs/alert.ts';
import { alertToJson } from '../src/outputs/alert.ts';
import { httpChannel } from '../src/outputs/channels/http.ts';
import { Outputs } from '../src/outputs/outputs.ts';

const RUNS = Number(process.argv[2] ?? 3);
/** Receiver delay (ms) → alerts per run: about 3 s of requests each. */
const CASES: readonly [number, number][] = [
  [10, 300],
  [100, 30],
];
log.setWriter(() => {});

const envelope = { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true };
function alert(i: number): Alert {
  return {
    time: 1470327477881781397n + BigInt(i),
    rule: 'Write below etc',
    priority: 'Error',
    source: 'syscall',
    tags: ['filesystem'],
    output: `16:17:57.881781397: Error File below /etc opened for writing (file=/etc/passwd-${i})`,
    message: `File below /etc opened for writing (file=/etc/passwd-${i})`,
    outputFields: { 'evt.time': 1470327477881781397n + BigInt(i), 'fd.name': `/etc/passwd-${i}` },
    hostname: 'bench',
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = (): number => Number(process.hrtime.bigint()) / 1e9;

const RECEIVER = `
const http = require('node:http');
const delay = Number(process.argv.at(-1));
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => setTimeout(() => res.end('ok'), delay)); });
s.keepAliveTimeout = 10000;
s.listen(0, '127.0.0.1', () => process.send(s.address().port));
`;

async function peregrine(port: number, n: number): Promise<number> {
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
    {
      json: true,
      envelope,
      hostname: 'bench',
      capacity: 65536,
      retryInitialMs: 10,
      retryMaxMs: 100,
      reportIntervalMs: 60_000,
    },
  );
  const t0 = now();
  for (let i = 0; i < n; i++) outputs.emit(alert(i)); // a burst, as a replay's chunk raises them
  await outputs.drain(10_000);
  const t = now() - t0;
  const s = outputs.stats()[0];
  if (s.delivered !== n) throw new Error(`http delivered ${s.delivered} of ${n}`);
  await outputs.close(1000);
  return n / t;
}

async function baseline(port: number, n: number): Promise<number> {
  const client = new Client(`http://127.0.0.1:${port}`);
  const headers = { 'content-type': 'application/json', 'user-agent': 'falcosecurity/falco' };
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const r = await client.request({ path: '/', method: 'POST', headers, body: alertToJson(alert(i), envelope) });
    await r.body.text();
  }
  const t = now() - t0;
  await client.close();
  return n / t;
}

async function main(): Promise<void> {
  const lines: string[] = [`runs: ${RUNS}, node ${process.versions.node}`];
  for (const [delay, n] of CASES) {
    const receiver = fork('-', [String(delay)], {
      execArgv: ['-e', RECEIVER],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve) => receiver.once('message', (m) => resolve(m as number)));
    const ours: number[] = [];
    const base: number[] = [];
    try {
      for (let r = 0; r < RUNS; r++) {
        if (r % 2 === 0) {
          ours.push(await peregrine(port, n));
          base.push(await baseline(port, n));
        } else {
          base.push(await baseline(port, n));
          ours.push(await peregrine(port, n));
        }
      }
    } finally {
      receiver.kill();
    }
    const o = median(ours);
    const b = median(base);
    lines.push(
      `receiver ${delay} ms/request, ${n} alerts: http output ${o.toFixed(1)}/s, baseline ${b.toFixed(1)}/s, ` +
        `ratio ${(o / b).toFixed(3)}, ceiling ${(1000 / delay).toFixed(0)}/s; runs ${JSON.stringify(ours.map((x) => +x.toFixed(1)))} vs ${JSON.stringify(base.map((x) => +x.toFixed(1)))}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
