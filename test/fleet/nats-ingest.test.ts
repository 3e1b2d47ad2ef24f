// The fleet ingest (what `peregrine console --nats` reads with): two replays publish under different host names,
// and one durable consumer hands both hosts' alerts to an in-memory store, each once; a console killed in the
// middle of an insert gets its alerts again at the next start; a failed insert comes again; a message that is not
// an alert is dropped and counted.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { type IngestedAlert, type NatsIngestOptions, startNatsIngest } from '../../src/fleet/nats-ingest.ts';
import { log } from '../../src/log.ts';
import { alertToJson } from '../../src/outputs/alert.ts';
import { FULL_ENVELOPE } from '../../src/outputs/alert-json.ts';
import { ROOT, runPeregrine } from '../helpers/cli.ts';
import { SCAP } from '../helpers/fixtures.ts';
import { type NatsServer, startNats } from '../helpers/nats.ts';

const logged: string[] = [];
log.setWriter((line) => logged.push(line));

const dir = mkdtempSync(join(tmpdir(), 'peregrine-ingest-'));
let server: NatsServer;
/** What each host's replay printed: the alerts as JSON lines, the same envelope NATS carries. */
const raised = new Map<string, string[]>();
const STREAM = 'FLEET_INGEST';

before(async () => {
  server = await startNats(dir, 'ingest');
  const rules = join(dir, 'rules.yaml');
  writeFileSync(
    rules,
    `- rule: Opens
  desc: every open exit
  condition: evt.type in (open, openat) and evt.dir = <
  output: "%evt.num %proc.name %fd.name"
  priority: NOTICE
`,
  );
  for (const [host, capture] of [
    ['alpha', 'sysdig-inspect/502Error.scap'],
    ['beta', 'libs/curl_google.scap'],
  ]) {
    const cfg = join(dir, `${host}.yaml`);
    writeFileSync(
      cfg,
      `rules_files: [${rules}]
json_output: true
json_include_message_property: true
stdout_output: {enabled: true}
nats_output: {enabled: true, url: ${server.url}, stream: ${STREAM}, spool: {path: ${join(dir, `spool-${host}`)}}}
`,
    );
    const res = await runPeregrine(['-c', cfg, '-e', join(SCAP, capture)], { env: { PEREGRINE_HOSTNAME: host } });
    assert.equal(res.code, 0, res.stderr);
    raised.set(
      host,
      res.stdout.split('\n').filter((l) => l.startsWith('{')),
    );
  }
});

after(async () => {
  await server.kill();
  rmSync(dir, { recursive: true, force: true });
});

const connectSettings = () => ({
  servers: [server.url],
  tls: { ca: '', cert: '', key: '', insecure: false },
  credentials: '',
  name: 'test console',
  timeoutMs: 2000,
});

/** An in-memory store keyed by the alert's id, as the console's store keys it. */
function memoryStore() {
  const byId = new Map<string, IngestedAlert>();
  const events = new EventEmitter();
  let calls = 0;
  return {
    byId,
    events,
    get calls() {
      return calls;
    },
    async insert(alerts: IngestedAlert[]): Promise<void> {
      calls++;
      for (const a of alerts) byId.set(a.id, a);
      events.emit('insert');
    },
  };
}

function until(emitter: EventEmitter, event: string, cond: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (cond()) {
        emitter.off(event, check);
        resolve();
      }
    };
    emitter.on(event, check);
    check();
  });
}

const total = (): number => [...raised.values()].reduce((n, l) => n + l.length, 0);

test('both hosts’ alerts reach the store, each once, as the alerts the hosts raised', async () => {
  assert.ok((raised.get('alpha')?.length ?? 0) > 100 && (raised.get('beta')?.length ?? 0) > 10);
  const store = memoryStore();
  const inserted: IngestedAlert[] = [];
  const ingest = await startNatsIngest({
    connect: connectSettings(),
    stream: STREAM,
    durable: 'console-a',
    insert: async (alerts) => {
      inserted.push(...alerts);
      await store.insert(alerts);
    },
  });
  await until(store.events, 'insert', () => store.byId.size === total());
  await ingest.close();
  // Each once: no alert was handed over twice, and the store holds exactly what the hosts raised.
  assert.equal(inserted.length, total());
  for (const [host, lines] of raised) {
    const mine = [...store.byId.values()].filter((a) => a.alert.hostname === host);
    assert.deepEqual(mine.map((a) => alertToJson(a.alert, FULL_ENVELOPE)).sort(), [...lines].sort());
    assert.ok(mine.every((a) => a.subject === `peregrine.alerts.${host}` && /^[0-9a-f]{16}-\d+$/.test(a.id)));
  }
  assert.deepEqual(ingest.stats(), { received: total(), inserted: total(), rejected: 0, insertFailures: 0 });
});

test('a console killed in the middle of an insert gets those alerts again at its next start', async () => {
  const child = spawn(
    join(ROOT, 'node_modules/node/bin/node'),
    [join(ROOT, 'test/fleet/ingest-child.ts'), server.url, STREAM, 'console-b'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    child.emit('said');
  });
  await until(child, 'said', () => out.includes('inserting'));
  child.kill('SIGKILL');
  await once(child, 'exit');
  // The same durable consumer, a working store: everything arrives (what the dead one held, after ack_wait).
  const store = memoryStore();
  const ingest = await startNatsIngest({
    connect: connectSettings(),
    stream: STREAM,
    durable: 'console-b',
    insert: (a) => store.insert(a),
  });
  await until(store.events, 'insert', () => store.byId.size === total());
  await ingest.close();
  assert.equal(store.byId.size, total());
});

test('a failed insert comes again; a message that is not an alert is dropped, counted and logged', async () => {
  const nc = await connect({ servers: [server.url] });
  await nc.request(`peregrine.alerts.gamma`, 'this is not an alert').catch(() => {});
  await nc.close();
  const store = memoryStore();
  let failOnce = true;
  const opts: NatsIngestOptions = {
    connect: connectSettings(),
    stream: STREAM,
    durable: 'console-c',
    retryDelayMs: 10,
    insert: async (alerts) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('disk full');
      }
      await store.insert(alerts);
    },
  };
  logged.length = 0;
  const ingest = await startNatsIngest(opts);
  await until(store.events, 'insert', () => store.byId.size === total());
  await ingest.close(); // lets the last insert finish and acknowledge
  const stats = ingest.stats();
  assert.equal(stats.insertFailures, 1);
  assert.equal(stats.rejected, 1);
  assert.equal(stats.inserted, total());
  assert.ok(logged.some((l) => l.includes('storing') && l.includes('failed (disk full); they come again')));
  assert.ok(logged.some((l) => /peregrine\.alerts\.gamma #\d+: not an alert \(not JSON/.test(l)));
});
