// The NATS output against a real nats-server (Debian's, started here on loopback with JetStream in a temporary
// store), each number beside a baseline run side by side in alternating order, several runs, medians:
//
//  1. what detection pays per alert (the synchronous `emit`, JSON envelope + the spool's write(2)) with the
//     server down, against an in-memory queue of the same capacity (the other channels' queue);
//  2. alerts per second into the stream (spool, runner, pipelined publications with message ids, acks awaited),
//     against a bare client publishing the same messages with the same ids, pipelined the same way, no spool.
//
//   node_modules/.bin/node bench/nats-output.ts [runs]
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { log } from '../src/log.ts';
import { type Alert, alertToJson } from '../src/outputs/alert.ts';
import { FULL_ENVELOPE } from '../src/outputs/alert-json.ts';
import type { Channel } from '../src/outputs/channel.ts';
import { natsChannel } from '../src/outputs/channels/nats.ts';
import { Outputs } from '../src/outputs/outputs.ts';

const RUNS = Number(process.argv[2] ?? 5);
const EMIT_ALERTS = 20_000;
const PUBLISH_ALERTS = 30_000;
const CHUNK = 1000;
log.setWriter(() => {});

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
const ALERTS = Array.from({ length: Math.max(EMIT_ALERTS, PUBLISH_ALERTS) }, (_, i) => alert(i));
const settings = {
  json: true,
  envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
  hostname: 'bench',
  capacity: 1_000_000,
  retryInitialMs: 10,
  retryMaxMs: 100,
  reportIntervalMs: 60_000,
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = (): number => Number(process.hrtime.bigint()) / 1e9;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-nats-'));
let runs = 0;

async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  return port;
}

function options(url: string, stream: string) {
  return {
    connect: {
      servers: [url],
      tls: { ca: '', cert: '', key: '', insecure: false },
      credentials: '',
      name: 'bench',
      timeoutMs: 5000,
    },
    subject: 'peregrine.alerts.bench',
    stream,
    streamReplicas: 1,
    duplicateWindowMs: 120_000,
    spoolPath: join(dir, `spool${++runs}`),
    spool: { maxBytes: 1024 * 1024 * 1024, maxAlerts: 1_000_000, segmentBytes: 8 * 1024 * 1024, fsyncIntervalMs: 1000 },
    ackTimeoutMs: 5000,
  };
}

/** Microseconds of synchronous emit per alert, in bursts of CHUNK with an event-loop turn between. */
async function emitCost(channel: Channel): Promise<number> {
  const outputs = new Outputs([channel], settings);
  let spent = 0;
  for (let i = 0; i < EMIT_ALERTS; i += CHUNK) {
    const t0 = now();
    for (let j = i; j < i + CHUNK; j++) outputs.emit(ALERTS[j]);
    spent += now() - t0;
    await turn();
  }
  await outputs.close(0);
  return (spent / EMIT_ALERTS) * 1e6;
}

/** A channel that never delivers (its receiver is down): alerts stay in its in-memory queue. */
const downChannel = (): Channel => ({
  name: 'down',
  batchMax: 64,
  async deliver() {
    throw new Error('down');
  },
  async close() {},
});

async function natsRate(url: string): Promise<number> {
  const outputs = new Outputs([natsChannel(options(url, 'BENCH'))], settings);
  const t0 = now();
  for (let i = 0; i < PUBLISH_ALERTS; i++) {
    outputs.emit(ALERTS[i]);
    if (i % CHUNK === CHUNK - 1) await (outputs.waitForRoom() ?? turn());
  }
  if (!(await outputs.flush(600_000))) throw new Error('not delivered');
  const t = now() - t0;
  await outputs.close(1000);
  return PUBLISH_ALERTS / t;
}

/** Baseline: a bare client, the same messages and ids, 256 publications in flight then their acks. */
async function bareRate(url: string): Promise<number> {
  const nc = await connect({ servers: [url] });
  const stream = `B${++runs}`;
  await (await jetstreamManager(nc)).streams.add({ name: stream, subjects: [`bare.${stream}`] });
  const js = jetstream(nc);
  const t0 = now();
  for (let i = 0; i < PUBLISH_ALERTS; i += 256) {
    const acks = [];
    for (let j = i; j < Math.min(i + 256, PUBLISH_ALERTS); j++) {
      acks.push(js.publish(`bare.${stream}`, alertToJson(ALERTS[j], FULL_ENVELOPE), { msgID: `bench-${stream}-${j}` }));
    }
    await Promise.all(acks);
  }
  const t = now() - t0;
  await nc.close();
  return PUBLISH_ALERTS / t;
}

async function main(): Promise<void> {
  const port = await freePort();
  const server: ChildProcess = spawn(
    'nats-server',
    ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', join(dir, 'store')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let serverLog = '';
  await new Promise<void>((resolve) => {
    server.stderr?.setEncoding('utf8').on('data', (d: string) => {
      serverLog += d;
      if (serverLog.includes('Server is ready')) resolve();
    });
  });
  const url = `nats://127.0.0.1:${port}`;
  const deadUrl = `nats://127.0.0.1:${await freePort()}`;
  const emitSpool: number[] = [];
  const emitMemory: number[] = [];
  const rateNats: number[] = [];
  const rateBare: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    // Alternate which side goes first, so neither always runs on a warmer (or more loaded) machine.
    const pairs: [() => Promise<number>, number[]][][] = [
      [
        [() => emitCost(natsChannel(options(deadUrl, 'X'))), emitSpool],
        [() => emitCost(downChannel()), emitMemory],
      ],
      [
        [() => natsRate(url), rateNats],
        [() => bareRate(url), rateBare],
      ],
    ];
    for (const pair of pairs) {
      const order = r % 2 === 0 ? pair : [...pair].reverse();
      for (const [run, into] of order) into.push(await run());
    }
  }
  server.kill();
  rmSync(dir, { recursive: true, force: true });
  const fmt = (xs: number[], digits: number) => xs.map((x) => x.toFixed(digits)).join(', ');
  console.log(`runs: ${RUNS}`);
  console.log(
    `emit, server down: spool ${median(emitSpool).toFixed(2)} µs/alert, in-memory queue ${median(emitMemory).toFixed(2)} µs/alert, ratio ${(median(emitSpool) / median(emitMemory)).toFixed(2)}`,
  );
  console.log(`  spool [${fmt(emitSpool, 2)}]  memory [${fmt(emitMemory, 2)}]`);
  console.log(
    `into the stream: Peregrine ${Math.round(median(rateNats))}/s, bare client ${Math.round(median(rateBare))}/s, ratio ${(median(rateNats) / median(rateBare)).toFixed(2)}`,
  );
  console.log(`  peregrine [${fmt(rateNats, 0)}]  bare [${fmt(rateBare, 0)}]`);
}

await main();
