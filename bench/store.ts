// The alert store: which SQLite binding, how fast it ingests, how fast the console's queries answer.
//
//   node_modules/.bin/node bench/store.ts [RUNS] [STORE_ROWS]     (defaults 3 and 1,000,000)
//
// 1. Binding: node:sqlite (built into Node 24) against better-sqlite3 (a native add-on, not a dependency: its
//    build is one more way for `npm ci` to fail, for a comparison already made; `npm install --no-save
//    better-sqlite3@13` before this benchmark to include it, else it is left out) on the store's real insert
//    path — src/store/row.ts turns each alert into its row, the schema
//    and pragmas of src/store/database.ts, the counts per minute, batches of STORE_BATCH_MAX in one transaction —
//    into a fresh file, 100,000 alerts, interleaved runs, medians; alerts per second of the inserting thread's CPU
//    time (this machine is shared: wall time measures the neighbours as much as the store).
// 2. Ingest through the real channel: Outputs → the alert_store channel's bounded queue → the writer thread;
//    200,000 alerts emitted in bursts of 1000 with an event-loop turn between, as the engine does; alerts/s from
//    the first emit until every alert is committed, and the CPU time per alert of the main thread and of the
//    whole process.
// 3. Queries over STORE_ROWS alerts (built once per binding, the same alerts): the console's first page, filtered
//    pages, text search, counts per bucket, top rules — through src/store/reader.ts, server time per call
//    (median of 7 after one warm-up), for both bindings.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { log } from '../src/log.ts';
import type { Alert } from '../src/outputs/alert.ts';
import { Outputs } from '../src/outputs/outputs.ts';
import type { Priority } from '../src/rules/priority.ts';
import { alertStoreChannel, STORE_BATCH_MAX } from '../src/store/channel.ts';
import { contextValues } from '../src/store/context.ts';
import { SCHEMA, SCHEMA_VERSION, WRITER_PRAGMAS } from '../src/store/database.ts';
import { parseFilter } from '../src/store/filter.ts';
import { MinuteCounts } from '../src/store/minute-counts.ts';
import { AlertReader } from '../src/store/reader.ts';
import { INSERT_SQL, RowBuilder } from '../src/store/row.ts';

const RUNS = Number(process.argv[2] ?? 3);
const STORE_ROWS = Number(process.argv[3] ?? 1_000_000);
log.setWriter(() => {});
const require = createRequire(import.meta.url);

interface Db {
  exec(sql: string): void;
  prepare(sql: string): {
    run(...p: unknown[]): unknown;
    all(...p: unknown[]): unknown[];
    get(...p: unknown[]): unknown;
  };
  close(): void;
}
function betterSqlite3(): (new (p: string) => Db) | undefined {
  try {
    return require('better-sqlite3') as new (
      p: string,
    ) => Db;
  } catch {
    console.log('better-sqlite3 is not installed (npm install --no-save better-sqlite3@13): node:sqlite only');
    return undefined;
  }
}
const BetterSqlite3 = betterSqlite3();
const BINDINGS: Record<string, (path: string) => Db> = {
  'node:sqlite': (path) => new DatabaseSync(path) as unknown as Db,
  ...(BetterSqlite3 === undefined ? {} : { 'better-sqlite3': (path: string) => new BetterSqlite3(path) }),
};

const PRIOS: Priority[] = ['Critical', 'Error', 'Warning', 'Warning', 'Notice', 'Notice', 'Informational', 'Debug'];
const RULES = Array.from({ length: 40 }, (_, i) => `Rule ${i}: something suspicious happened`);
const PROCS = ['bash', 'sh', 'curl', 'nc', 'python3', 'node', 'cat', 'touch', 'nginx', 'sshd'];
const START_NS = 1_764_000_000_000_000_000n;

/** An alert as the detector makes them when the store is on: output fields and the context. */
function alert(i: number): Alert {
  const time = START_NS + BigInt(i) * 1_000_000n; // 1000 alerts per second of event time
  const proc = PROCS[i % PROCS.length];
  const container = i % 7 === 0 ? 'host' : `${(((i * 7919) % 50) + 0x100000000000).toString(16).slice(0, 12)}`;
  const cmdline = `${proc} -c /etc/passwd-${i} --flag value`;
  const message = `File below /etc opened for writing (file=/etc/passwd-${i} pcmdline=bash -c x command=${cmdline} container_id=${container})`;
  const priority = PRIOS[(i * 13) % PRIOS.length];
  return {
    time,
    rule: RULES[(i * 31) % RULES.length],
    priority,
    source: 'syscall',
    tags: ['filesystem', 'mitre_persistence'],
    output: `16:17:57.881781397: ${priority} ${message}`,
    message,
    outputFields: {
      'evt.time': time,
      'fd.name': `/etc/passwd-${i}`,
      'proc.cmdline': cmdline,
      'proc.pcmdline': 'bash -c x',
      'user.name': 'root',
      'container.id': container,
    },
    hostname: `host-${i % 3}`,
    context: contextValues({
      'evt.type': 'openat',
      'proc.pid': 1000 + (i % 30000),
      'proc.name': proc,
      'proc.exepath': `/usr/bin/${proc}`,
      'proc.cmdline': cmdline,
      'proc.cwd': '/root/',
      'proc.tty': 0,
      'user.name': 'root',
      'user.uid': 0,
      'user.loginname': 'root',
      'group.name': 'root',
      'proc.apid[1]': 999,
      'proc.aname[1]': 'bash',
      'proc.acmdline[1]': 'bash -c x',
      'proc.apid[2]': 500,
      'proc.aname[2]': 'sshd',
      'proc.acmdline[2]': 'sshd: root@pts/0',
      'proc.apid[3]': 1,
      'proc.aname[3]': 'systemd',
      'proc.acmdline[3]': 'systemd',
      'proc.apid[4]': null,
      'proc.aname[4]': null,
      'proc.acmdline[4]': null,
      'proc.apid[5]': null,
      'proc.aname[5]': null,
      'proc.acmdline[5]': null,
      'fd.name': `/etc/passwd-${i}`,
      'container.id': container,
      'container.name': container === 'host' ? 'host' : `app-${container.slice(0, 4)}`,
      'container.image.repository': container === 'host' ? '' : 'registry.local/shop/api',
      'container.image.tag': container === 'host' ? '' : '2.3.1',
      'container.privileged': false,
      'k8s.ns.name': container === 'host' ? null : 'shop',
      'k8s.pod.name': container === 'host' ? null : `api-${container.slice(0, 5)}`,
    }),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-store-'));

/**
 * Inserts `alerts[from..to)` as the writer does (src/store/writer.ts: its rows and its counts per minute), in
 * transactions of STORE_BATCH_MAX; returns the CPU time it took, in ms.
 */
function insertAll(db: Db, from: number, to: number, make: (i: number) => Alert): number {
  const st = db.prepare(INSERT_SQL);
  const counts = new MinuteCounts(db as unknown as DatabaseSync);
  const rows = new RowBuilder();
  const c0 = process.threadCpuUsage();
  for (let i = from; i < to; i += STORE_BATCH_MAX) {
    db.exec('BEGIN IMMEDIATE');
    for (let j = i; j < Math.min(to, i + STORE_BATCH_MAX); j++) {
      const r = rows.alert(make(j));
      st.run(...r);
      counts.add(r[0] as bigint, r[2] as string, r[1] as number, r[4] as string);
    }
    counts.write();
    db.exec('COMMIT');
  }
  const c = process.threadCpuUsage(c0);
  return (c.user + c.system) / 1000;
}

function fresh(binding: string, name: string): Db {
  const db = BINDINGS[binding](join(dir, name));
  db.exec(WRITER_PRAGMAS);
  db.exec(SCHEMA);
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  return db;
}

// 1. Bindings, on the insert path.
const INSERTS = 100_000;
const pre = Array.from({ length: INSERTS }, (_, i) => alert(i));
const insertRates: Record<string, number[]> = Object.fromEntries(Object.keys(BINDINGS).map((b) => [b, []]));
for (let run = 0; run < RUNS; run++) {
  for (const binding of Object.keys(BINDINGS)) {
    const db = fresh(binding, `insert-${binding}-${run}.db`);
    const ms = insertAll(db, 0, INSERTS, (i) => pre[i]);
    db.close();
    insertRates[binding].push(Math.round((INSERTS * 1000) / ms));
  }
}
console.log(`\n## 1. Insert, ${INSERTS} alerts into a fresh store, batches of ${STORE_BATCH_MAX}, ${RUNS} runs`);
console.log('| binding | alerts per CPU second (median) | all runs |\n|---|---|---|');
for (const [b, xs] of Object.entries(insertRates)) console.log(`| ${b} | ${median(xs)} | ${xs.join(', ')} |`);

// 2. Ingest through the channel (the writer thread): alerts/s, and CPU time per alert on the main thread (what
// detection pays) and in the whole process (the writer thread's SQLite and JSON, garbage collection).
const CHANNEL_ALERTS = 200_000;
const channelRates: number[] = [];
const mainUs: number[] = [];
const processUs: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const path = join(dir, `channel-${run}.db`);
  const outputs = new Outputs([alertStoreChannel({ path, maxAgeMs: 0, maxRows: 0 })], {
    json: false,
    envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
    hostname: 'bench',
    capacity: 65536,
    retryInitialMs: 10,
    retryMaxMs: 100,
    reportIntervalMs: 60_000,
  });
  const t0 = performance.now();
  const main0 = process.threadCpuUsage();
  const all0 = process.cpuUsage();
  for (let i = 0; i < CHANNEL_ALERTS; i++) {
    outputs.emit(pre[i % INSERTS]);
    if (i % 1000 === 999) await (outputs.waitForRoom() ?? new Promise<void>((r) => setImmediate(r)));
  }
  await outputs.drain(60_000);
  const ms = performance.now() - t0;
  const main = process.threadCpuUsage(main0);
  const all = process.cpuUsage(all0);
  mainUs.push((main.user + main.system) / CHANNEL_ALERTS);
  processUs.push((all.user + all.system) / CHANNEL_ALERTS);
  const dropped = outputs.droppedTotal();
  await outputs.close(10_000);
  const db = new DatabaseSync(path, { readOnly: true });
  const n = (db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n;
  db.close();
  if (n !== CHANNEL_ALERTS || dropped !== 0) throw new Error(`channel run ${run}: ${n} stored, ${dropped} dropped`);
  channelRates.push(Math.round((CHANNEL_ALERTS * 1000) / ms));
}
console.log(`\n## 2. Through the alert_store channel (queue → writer thread), ${CHANNEL_ALERTS} alerts, ${RUNS} runs`);
console.log(`alerts/s committed: median ${median(channelRates)} (runs: ${channelRates.join(', ')})`);
console.log(
  `CPU per alert, main thread: median ${median(mainUs).toFixed(1)} µs (runs: ${mainUs.map((x) => x.toFixed(1)).join(', ')})`,
);
console.log(
  `CPU per alert, whole process: median ${median(processUs).toFixed(1)} µs (runs: ${processUs.map((x) => x.toFixed(1)).join(', ')})`,
);

// 3. Queries over STORE_ROWS alerts.
const QUERIES: [string, (r: AlertReader) => unknown][] = [
  ['first page (50, no filter, with total)', (r) => r.page(parseFilter(new URLSearchParams()), 50)],
  [
    'page 2 through the cursor',
    (r) => {
      const first = JSON.parse(r.page(parseFilter(new URLSearchParams()), 50).json);
      return r.page(parseFilter(new URLSearchParams()), 50, first.next);
    },
  ],
  ['filtered: one rule', (r) => r.page(parseFilter(new URLSearchParams(`rule=${RULES[7]}`)), 50)],
  ['filtered: priority >= Error', (r) => r.page(parseFilter(new URLSearchParams('priority=error')), 50)],
  [
    'filtered: rule + priority >= Warning + host + last 10 min',
    (r) =>
      r.page(
        parseFilter(
          new URLSearchParams(
            `rule=${RULES[3]}&priority=warning&host=host-1&since=${START_NS + BigInt(STORE_ROWS - 600_000) * 1_000_000n}`,
          ),
        ),
        50,
      ),
  ],
  ['filtered: one container', (r) => r.page(parseFilter(new URLSearchParams('container=host')), 50)],
  ['text search (rare: one alert)', (r) => r.page(parseFilter(new URLSearchParams('q=passwd-123457 ')), 50)],
  ['text search (common)', (r) => r.page(parseFilter(new URLSearchParams('q=python3')), 50)],
  [
    'text search (rare), every alert (since the first)',
    (r) => r.page(parseFilter(new URLSearchParams(`q=passwd-123457 &since=${START_NS}`)), 50),
  ],
  [
    'text search (common), every alert (since the first)',
    (r) => r.page(parseFilter(new URLSearchParams(`q=python3&since=${START_NS}`)), 50),
  ],
  ['counts: 60 buckets by priority, all time', (r) => r.counts(parseFilter(new URLSearchParams()), 'priority', 60)],
  [
    'counts: 60 buckets by priority, last hour of events',
    (r) =>
      r.counts(
        parseFilter(
          new URLSearchParams(`since=${START_NS + BigInt(Math.max(0, STORE_ROWS - 3_600_000)) * 1_000_000n}`),
        ),
        'priority',
        60,
      ),
  ],
  ['counts: 60 buckets by rule, all time', (r) => r.counts(parseFilter(new URLSearchParams()), 'rule', 60)],
  [
    'counts: 10 buckets by priority, all time (whole minutes)',
    (r) => r.counts(parseFilter(new URLSearchParams()), 'priority', 10),
  ],
  [
    'counts: 10 buckets by rule, all time (whole minutes)',
    (r) => r.counts(parseFilter(new URLSearchParams()), 'rule', 10),
  ],
  ['top rules, all time', (r) => r.top(parseFilter(new URLSearchParams()), 'rule', 10)],
  ['top containers, all time', (r) => r.top(parseFilter(new URLSearchParams()), 'container', 10)],
  ['one alert with its context', (r) => r.get(STORE_ROWS / 2)],
  ['summary', (r) => r.summary()],
];
const queryMs: Record<string, Record<string, number>> = {};
for (const binding of Object.keys(BINDINGS)) {
  const name = `big-${binding}.db`;
  const db = fresh(binding, name);
  const t0 = performance.now();
  const cpuMs = insertAll(db, 0, STORE_ROWS, alert);
  console.log(
    `\n(${binding}: ${STORE_ROWS} alerts stored in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${(cpuMs / 1000).toFixed(1)} s of CPU)`,
  );
  db.close();
  const rdb = BINDINGS[binding](join(dir, name));
  rdb.exec('PRAGMA query_only = 1; PRAGMA cache_size = -32768;');
  const reader = AlertReader.over(join(dir, name), rdb as unknown as DatabaseSync);
  for (const [q, f] of QUERIES) {
    f(reader);
    const xs: number[] = [];
    for (let k = 0; k < 7; k++) {
      const t = performance.now();
      f(reader);
      xs.push(performance.now() - t);
    }
    queryMs[q] ??= {};
    queryMs[q][binding] = median(xs);
  }
  reader.close();
}
console.log(`\n## 3. Queries over ${STORE_ROWS} alerts, server time, median of 7 (ms)`);
const names = Object.keys(BINDINGS);
console.log(`| query | ${names.join(' | ')} |\n|---|${names.map(() => '---|').join('')}`);
for (const [q, m] of Object.entries(queryMs))
  console.log(`| ${q} | ${names.map((b) => m[b].toFixed(1)).join(' | ')} |`);
rmSync(dir, { recursive: true, force: true });
