// Alert store ingest, this checkout against a baseline commit, side by side: the same alerts emitted through
// Outputs into the alert_store channel (its bounded queue, then the writer thread), each run in a fresh child
// process, the two builds alternating, RUNS runs each, medians. Per run: alerts committed per second (wall), and the
// CPU time per alert of the main thread (what detection pays for storing an alert) and of the whole process (the
// writer thread's SQLite and JSON and every garbage collection too). CPU times move much less than wall times when
// the machine is shared.
//
//   node_modules/.bin/node bench/store-ingest.ts [RUNS] [ALERTS] [--base=REF]     (defaults 5, 100000, main)
//
// The alerts are made fresh for each emit (as the detector makes them: output fields, and the context the store
// keeps, in the shape each build's src/store/context.ts expects), 1000 per burst with an event-loop turn between,
// in runs of 50 from one process (as real alerts come: a process does the same thing several times), 20 rules.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE = join(ROOT, 'node_modules/node/bin/node');
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const RUNS = Number(positional[0] ?? 5);
const ALERTS = Number(positional[1] ?? 100_000);
const BASE = process.argv.find((a) => a.startsWith('--base='))?.slice(7) ?? 'main';

interface Sample {
  rate: number;
  mainUs: number;
  processUs: number;
}

/** The child: emits ALERTS alerts through the channel of the tree at argv[3], prints one JSON sample. */
async function child(root: string, alerts: number): Promise<void> {
  const imp = (p: string) => import(pathToFileURL(join(root, p)).href);
  const { log } = await imp('src/log.ts');
  log.setWriter(() => {});
  const { Outputs } = await imp('src/outputs/outputs.ts');
  const { alertStoreChannel } = await imp('src/store/channel.ts');
  const contextModule = await imp('src/store/context.ts');
  const fields: string[] = contextModule.ALERT_CONTEXT_FIELDS;
  // this tree's alerts carry the context as an array of values, the baseline's as an object keyed by name
  const asArray = typeof contextModule.contextValues === 'function';
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-store-ingest-'));
  const path = join(dir, 'alerts.db');
  const outputs = new Outputs([alertStoreChannel({ path, maxAgeMs: 0, maxRows: 0 })], {
    json: false,
    envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
    hostname: 'bench',
    capacity: 65536,
    retryInitialMs: 10,
    retryMaxMs: 100,
    reportIntervalMs: 60_000,
  });
  // the writer thread boots before the first alert, as it does during a run's start-up
  await new Promise((r) => setTimeout(r, 500));
  const start = 1_764_000_000_000_000_000n;
  const make = (i: number) => {
    const pid = 1000 + Math.floor(i / 50);
    const proc = ['bash', 'curl', 'python3', 'nginx', 'cat'][pid % 5];
    const cmdline = `${proc} -c /srv/app/run-${pid % 97}.sh --port ${8000 + (pid % 13)}`;
    const file = `/etc/app/conf-${i % 211}.yaml`;
    const time = start + BigInt(i) * 1_000_000n;
    const rule = `Rule ${pid % 20}: something suspicious happened`;
    const values: Record<string, unknown> = {
      'evt.type': 'openat',
      'proc.pid': pid,
      'proc.name': proc,
      'proc.exepath': `/usr/bin/${proc}`,
      'proc.cmdline': cmdline,
      'proc.cwd': '/srv/app/',
      'proc.tty': 0,
      'user.name': 'app',
      'user.uid': 1000,
      'user.loginname': 'app',
      'group.name': 'app',
      'proc.apid[1]': pid - 1,
      'proc.aname[1]': 'bash',
      'proc.acmdline[1]': 'bash /srv/app/entrypoint.sh',
      'proc.apid[2]': 1,
      'proc.aname[2]': 'tini',
      'proc.acmdline[2]': 'tini -- /srv/app/entrypoint.sh',
      'fd.name': file,
      'container.id': `3ad7b26d${(pid % 40).toString(16).padStart(4, '0')}`,
      'container.name': `app-${pid % 40}`,
      'container.image.repository': 'registry.local/shop/api',
      'container.image.tag': '2.3.1',
      'container.privileged': false,
      'k8s.ns.name': 'shop',
      'k8s.pod.name': `api-${pid % 40}`,
    };
    const context = asArray
      ? fields.map((f) => values[f] ?? null)
      : Object.fromEntries(fields.map((f) => [f, values[f] ?? null]));
    return {
      time,
      rule,
      priority: 'Warning',
      source: 'syscall',
      tags: ['filesystem', 'mitre_persistence'],
      output: `16:17:57.${String(i % 1e9).padStart(9, '0')}: Warning File opened for writing (file=${file} command=${cmdline} container_id=${values['container.id']})`,
      message: `File opened for writing (file=${file} command=${cmdline})`,
      outputFields: {
        'evt.time': time,
        'fd.name': file,
        'proc.cmdline': cmdline,
        'container.id': values['container.id'],
      },
      hostname: 'bench',
      context,
    };
  };
  const t0 = performance.now();
  const main0 = process.threadCpuUsage();
  const all0 = process.cpuUsage();
  for (let i = 0; i < alerts; i++) {
    outputs.emit(make(i));
    if (i % 1000 === 999) await (outputs.waitForRoom() ?? new Promise<void>((r) => setImmediate(r)));
  }
  await outputs.drain(120_000);
  const ms = performance.now() - t0;
  const main = process.threadCpuUsage(main0);
  const all = process.cpuUsage(all0);
  const dropped = outputs.droppedTotal();
  await outputs.close(10_000);
  const { DatabaseSync } = await import('node:sqlite');
  const db = new DatabaseSync(path, { readOnly: true });
  const n = (db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  if (n !== alerts || dropped !== 0) throw new Error(`${n} stored of ${alerts}, ${dropped} dropped`);
  const sample: Sample = {
    rate: Math.round((alerts * 1000) / ms),
    mainUs: (main.user + main.system) / alerts,
    processUs: (all.user + all.system) / alerts,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function runChild(root: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const c = spawn(
      NODE,
      ['--max-semi-space-size=4', fileURLToPath(import.meta.url), '--child', root, String(ALERTS)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    c.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    c.on('close', (code) => {
      if (code !== 0) reject(new Error(`child for ${root} exited ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Sample);
    });
  });
}

/** A copy of `ref`'s sources (git archive) with this checkout's node_modules. */
function baseTree(ref: string, dir: string): string {
  const root = join(dir, 'base');
  mkdirSync(root);
  execFileSync('sh', ['-c', `git -C '${ROOT}' archive '${ref}' | tar -x -C '${root}'`]);
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  if (!existsSync(join(root, 'src/store/channel.ts'))) throw new Error(`${ref} has no alert store`);
  return root;
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], Number(process.argv[4]));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-store-ingest-trees-'));
  const trees: Record<string, string> = { [`baseline ${BASE}`]: baseTree(BASE, dir), 'this checkout': ROOT };
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(trees).map((k) => [k, []]));
  const load0 = loadavg()[0].toFixed(1);
  for (let r = 0; r < RUNS; r++)
    for (const [name, root] of Object.entries(trees)) samples[name].push(await runChild(root));
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `${ALERTS} alerts per run, ${RUNS} runs each, alternating; load average ${load0} → ${loadavg()[0].toFixed(1)}\n`,
  );
  console.log(
    '| build | alerts/s committed (median) | main-thread CPU per alert (µs) | process CPU per alert (µs) | runs (alerts/s; main µs; process µs) |',
  );
  console.log('|---|---|---|---|---|');
  for (const [name, xs] of Object.entries(samples)) {
    console.log(
      `| ${name} | ${med(xs.map((x) => x.rate))} | ${med(xs.map((x) => x.mainUs)).toFixed(1)} | ${med(xs.map((x) => x.processUs)).toFixed(1)} | ` +
        `${xs.map((x) => x.rate).join(' ')}; ${xs.map((x) => x.mainUs.toFixed(1)).join(' ')}; ${xs.map((x) => x.processUs.toFixed(1)).join(' ')} |`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}
