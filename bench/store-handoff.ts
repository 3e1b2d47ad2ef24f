// How the alert store's channel hands a batch to its writer thread, the ways that were weighed: the CPU time the
// detection thread spends per alert, and what the writer thread spends to read it back. Same batches for each way
// (500 alerts shaped as the detector makes them: output fields and the context, in runs of 50 from one process),
// the ways alternating, RUNS rounds, medians.
//
//   node_modules/.bin/node bench/store-handoff.ts [RUNS]
//
//   (a) postMessage of the Alert objects (the channel until 2026-12: a structured clone of every object and key)
//   (b) postMessage of packAlerts' flat array (src/store/row.ts: what the channel does now)
//   (c) v8.serialize of the packed array into a buffer, whose memory is transferred (no copy)
//   (d) JSON text of the packed array (bigints as JSON.rawJSON), parsed by the writer thread
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Alert, JsonFieldValue } from '../src/outputs/alert.ts';
import { contextValues } from '../src/store/context.ts';
import { type PackedAlerts, packAlerts } from '../src/store/row.ts';

const RUNS = Number(process.argv[2] ?? 7);
const BATCH = 500;
const BATCHES = 40;

const reader = new Worker(
  `const { parentPort } = require('node:worker_threads');
   const { deserialize } = require('node:v8');
   // The thread's whole CPU time so far: a structured clone is read back before this handler runs, so timing the
   // handler alone would leave out (a) and (b)'s cost.
   parentPort.on('message', (m) => {
     if (m.buffer !== undefined) deserialize(new Uint8Array(m.buffer));
     else if (m.json !== undefined) JSON.parse(m.json);
     const c = process.threadCpuUsage();
     parentPort.postMessage(c.user + c.system);
   });`,
  { eval: true },
);

function alert(i: number): Alert {
  const pid = 1000 + Math.floor(i / 50);
  const proc = ['bash', 'curl', 'python3', 'nginx', 'cat'][pid % 5];
  const cmdline = [proc, '-c', `/srv/app/run-${pid % 97}.sh`, '--port', String(8000 + (pid % 13))].join(' ');
  const file = `/etc/app/conf-${i % 211}.yaml`;
  const time = 1_764_000_000_000_000_000n + BigInt(i) * 1_000_000n;
  const container = `3ad7b26d${(pid % 40).toString(16).padStart(4, '0')}`;
  const fields: Record<string, JsonFieldValue> = {};
  fields['evt.time'] = time;
  fields['fd.name'] = file;
  fields['proc.cmdline'] = cmdline;
  fields['container.id'] = container;
  fields['container.name'] = `app-${pid % 40}`;
  return {
    time,
    rule: `Rule ${pid % 20}: something suspicious happened`,
    priority: 'Warning',
    source: 'syscall',
    tags: ['filesystem', 'mitre_persistence'],
    output: `16:17:57.${String(i).padStart(9, '0')}: Warning File opened for writing (file=${file} command=${cmdline} container_id=${container})`,
    message: `File opened for writing (file=${file} command=${cmdline})`,
    outputFields: { ...fields },
    hostname: 'bench',
    context: contextValues({
      'evt.type': 'openat',
      'proc.pid': pid,
      'proc.name': proc,
      'proc.exepath': `/usr/bin/${proc}`,
      'proc.cmdline': cmdline,
      'proc.cwd': '/srv/app/',
      'user.name': 'app',
      'user.uid': 1000,
      'proc.apid[1]': pid - 1,
      'proc.aname[1]': 'bash',
      'proc.acmdline[1]': ['bash', '/srv/app/entrypoint.sh'].join(' '),
      'proc.apid[2]': 1,
      'proc.aname[2]': 'tini',
      'proc.acmdline[2]': ['tini', '--', '/srv/app/entrypoint.sh'].join(' '),
      'fd.name': file,
      'container.id': container,
      'container.name': `app-${pid % 40}`,
      'container.image.repository': 'registry.local/shop/api',
      'container.image.tag': '2.3.1',
      'k8s.ns.name': 'shop',
      'k8s.pod.name': `api-${pid % 40}`,
    }),
  };
}

/** JSON text of a packed batch: bigints exact (JSON.rawJSON, at any depth), the rest as JSON.stringify writes it. */
function packedJson(p: PackedAlerts): string {
  // JSON.rawJSON is in Node 24 but not yet in TypeScript's lib
  const { rawJSON } = JSON as unknown as { rawJSON(text: string): unknown };
  return JSON.stringify(p, (_key, v: unknown) => (typeof v === 'bigint' ? rawJSON(v.toString()) : v));
}

const WAYS: Record<string, (batch: Alert[]) => void> = {
  '(a) postMessage of the Alert objects': (b) => reader.postMessage({ alerts: b }),
  '(b) postMessage of packAlerts (now)': (b) => reader.postMessage({ packed: packAlerts(b) }),
  '(c) v8.serialize, buffer transferred': (b) => {
    const buf = serialize(packAlerts(b));
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    reader.postMessage({ buffer: ab }, [ab]);
  },
  '(d) JSON text': (b) => reader.postMessage({ json: packedJson(packAlerts(b)) }),
};

let readerCpu = 0;
const answer = (): Promise<number> => new Promise((r) => reader.once('message', r));
// the thread's start-up is not counted against the first way
reader.postMessage({});
readerCpu = await answer();
const results: Record<string, { main: number[]; reader: number[] }> = {};
for (let run = 0; run < RUNS; run++) {
  for (const [name, send] of Object.entries(WAYS)) {
    // fresh alerts for each way and round, made before the clock starts, as the detector makes them
    const batches = Array.from({ length: BATCHES }, (_, k) =>
      Array.from({ length: BATCH }, (_, j) => alert(k * BATCH + j)),
    );
    let main = 0;
    const reader0 = readerCpu;
    for (const b of batches) {
      const c0 = process.threadCpuUsage();
      send(b);
      const c = process.threadCpuUsage(c0);
      main += c.user + c.system;
      readerCpu = await answer();
    }
    results[name] ??= { main: [], reader: [] };
    results[name].main.push(main / (BATCH * BATCHES));
    results[name].reader.push((readerCpu - reader0) / (BATCH * BATCHES));
  }
}
await reader.terminate();
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${BATCHES} batches of ${BATCH} alerts, ${RUNS} rounds, medians (µs per alert of CPU time)\n`);
console.log('| way | detection thread | writer thread, to read it back | detection thread, every round |');
console.log('|---|---|---|---|');
for (const [name, r] of Object.entries(results)) {
  console.log(
    `| ${name} | ${med(r.main).toFixed(2)} | ${med(r.reader).toFixed(2)} | ${r.main.map((x) => x.toFixed(2)).join(' ')} |`,
  );
}
