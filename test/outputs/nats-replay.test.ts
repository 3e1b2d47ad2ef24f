// `peregrine -e` with nats_output against real nats-servers, the way an operator runs it: the server killed in
// the middle of a replay of thousands of alerts and restarted on the same store; a three-node cluster losing the
// stream's leader; TLS with client certificates and nkey credentials; configuration mistakes.
//
// The capture is fed through a FIFO, a copy at a time, so the test decides what happens between copies (kill a
// server, wait for Peregrine to say the output is down, restart it) by events, never by the clock.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { natsConnectionOptions, natsMaterial } from '../../src/outputs/nats-connect.ts';
import { BIN, ROOT, runPeregrine } from '../helpers/cli.ts';
import { SCAP } from '../helpers/fixtures.ts';
import { freePort, NatsServer, readStream, startNats, startNatsCluster } from '../helpers/nats.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-nats-replay-'));
const servers: NatsServer[] = [];
const children: ChildProcess[] = [];
after(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of servers) await s.kill();
  rmSync(dir, { recursive: true, force: true });
});

const CAPTURE = readFileSync(join(SCAP, 'sysdig-inspect/502Error.scap'));
const RULES = join(dir, 'rules.yaml');
writeFileSync(
  RULES,
  `- rule: Any exit
  desc: every exit event, thousands of alerts per copy of the capture
  condition: evt.dir = <
  output: "%evt.num %evt.type %proc.name"
  priority: WARNING
`,
);

let configs = 0;
/** A configuration: stdout gets the same full envelope NATS gets, so the two can be compared line for line. */
function config(nats: string): string {
  const path = join(dir, `peregrine${++configs}.yaml`);
  writeFileSync(
    path,
    `rules_files: [${RULES}]
json_output: true
json_include_message_property: true
stdout_output: {enabled: true}
${nats}
`,
  );
  return path;
}

interface Run {
  readonly child: ChildProcess;
  readonly stderr: { text: string; events: EventEmitter };
  /** Writes `copies` copies of the capture into the FIFO. */
  feed(copies: number): Promise<void>;
  /** Closes the FIFO: the replay ends. Resolves with the exit code and stdout. */
  finish(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** `peregrine -c CFG -e FIFO`, fed by the test. */
function replayFromFifo(cfg: string, env: NodeJS.ProcessEnv = {}): Run {
  const fifo = join(dir, `capture${++configs}.fifo`);
  execFileSync('mkfifo', [fifo]);
  const child = spawn(BIN, ['-c', cfg, '-e', fifo], { env: { ...process.env, ...env }, cwd: ROOT });
  children.push(child);
  let stdout = '';
  const stderr = { text: '', events: new EventEmitter() };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr.text += d;
    stderr.events.emit('data');
  });
  const exited = once(child, 'close');
  const writer = createWriteStream(fifo);
  return {
    child,
    stderr,
    async feed(copies: number) {
      for (let i = 0; i < copies; i++) {
        if (!writer.write(CAPTURE)) await once(writer, 'drain');
      }
    },
    async finish() {
      writer.end();
      const [code] = await exited;
      return { code: code as number | null, stdout, stderr: stderr.text };
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

/** Counts what reaches `subject` on plain NATS (a trigger for "mid-run"; the stream is the judge). */
async function watchSubject(
  urls: string[],
  subject: string,
): Promise<{ count: () => number; events: EventEmitter; close: () => Promise<void> }> {
  const nc = await connect({ servers: urls, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  const events = new EventEmitter();
  let n = 0;
  const sub = nc.subscribe(subject);
  void (async () => {
    for await (const _m of sub) {
      n++;
      events.emit('msg');
    }
  })();
  return { count: () => n, events, close: () => nc.close() };
}

/** The alerts of the `Any exit` rule on stdout, in order (the JSON lines). */
function ruleLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith('{') && l.includes('"rule":"Any exit"'));
}

function assertExactlyOnce(stored: { data: string; id: string | undefined }[], raised: string[]): void {
  assert.equal(stored.length, raised.length, `${stored.length} alerts in the stream, ${raised.length} raised`);
  assert.equal(new Set(stored.map((m) => m.id)).size, stored.length, 'every message id once');
  // The copies of the capture raise identical alerts; as multisets the stream and stdout are the same.
  assert.deepEqual([...stored.map((m) => m.data)].sort(), [...raised].sort());
}

test('replay: the server killed mid-run and restarted on the same store: every alert in the stream exactly once, in order', async () => {
  const server = await startNats(dir, 'solo');
  servers.push(server);
  const spool = join(dir, 'spool-solo');
  // output_timeout: how long the end of the run waits for a delivery that makes no progress (the server has just
  // come back and recovers its stream on a loaded machine).
  const cfg = config(`output_timeout: 10000
nats_output:
  enabled: true
  url: ${server.url}
  stream: REPLAY
  spool: {path: ${spool}}`);
  const watch = await watchSubject([server.url], 'peregrine.alerts.>');
  const run = replayFromFifo(cfg, { PEREGRINE_HOSTNAME: 'replay-host' });
  await run.feed(2);
  await until(watch.events, 'msg', () => watch.count() >= 2000);
  await server.kill();
  await run.feed(2);
  // Peregrine noticed: the output is down and alerts wait in the spool.
  await until(
    run.stderr.events,
    'data',
    () => run.stderr.text.includes('nats output: ') && run.stderr.text.includes('alerts are kept in the queue'),
  );
  await server.start();
  await run.feed(1);
  // The end of the replay comes after Peregrine says it delivers again.
  await until(run.stderr.events, 'data', () => run.stderr.text.includes('nats output: delivering again'));
  const res = await run.finish();
  await watch.close();
  assert.equal(res.code, 0, res.stderr);
  const raised = ruleLines(res.stdout);
  assert.equal(raised.length, 5 * 4349);
  const stored = await readStream([server.url], 'REPLAY');
  assertExactlyOnce(stored, raised);
  assert.deepEqual(
    stored.map((m) => m.data),
    raised,
    'in the order they were raised',
  );
  assert.ok(stored.every((m) => m.subject === 'peregrine.alerts.replay-host'));
});

test('replay into a 3-node JetStream cluster: the stream leader killed mid-run, no alert lost', async () => {
  const nodes = await startNatsCluster(join(dir, 'cluster'));
  servers.push(...nodes);
  const urls = nodes.map((n) => n.url);
  const cfg = config(`output_timeout: 10000
nats_output:
  enabled: true
  urls: [${urls.join(', ')}]
  stream: FLEET
  stream_replicas: 3
  spool: {path: ${join(dir, 'spool-cluster')}}`);
  const watch = await watchSubject(urls, 'peregrine.alerts.>');
  const run = replayFromFifo(cfg, { PEREGRINE_HOSTNAME: 'cluster-host' });
  await run.feed(2);
  await until(watch.events, 'msg', () => watch.count() >= 2000);
  // Kill the node that leads the stream: the others elect a new leader and take the rest.
  const nc = await connect({ servers: urls });
  const leader = (await (await jetstreamManager(nc)).streams.info('FLEET')).cluster?.leader;
  await nc.close();
  const victim = nodes.find((n) => n.opts.name === leader);
  assert.ok(victim !== undefined, `stream leader ${leader} is one of the nodes`);
  await victim.kill();
  await run.feed(3);
  const res = await run.finish();
  await watch.close();
  assert.equal(res.code, 0, res.stderr);
  const raised = ruleLines(res.stdout);
  assert.equal(raised.length, 5 * 4349);
  const alive = nodes.filter((n) => n !== victim).map((n) => n.url);
  const stored = await readStream(alive, 'FLEET');
  assertExactlyOnce(stored, raised);
});

test('TLS with a client certificate and nkey credentials; a missing file is an error at start', async () => {
  const tlsDir = join(dir, 'tls');
  execFileSync('mkdir', ['-p', tlsDir]);
  const ossl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: tlsDir, stdio: 'ignore' });
  };
  ossl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=test ca',
  );
  writeFileSync(join(tlsDir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const who of ['server', 'client']) {
    ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${who}.key`, '-out', `${who}.csr`, '-subj', `/CN=${who}`);
    ossl(
      'x509',
      '-req',
      '-in',
      `${who}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${who}.pem`,
      '-days',
      '2',
      '-extfile',
      'san.ext',
    );
  }
  const { createUser } = await import('@nats-io/nkeys');
  const user = createUser();
  const seedFile = join(tlsDir, 'peregrine.nk');
  writeFileSync(seedFile, new TextDecoder().decode(user.getSeed()));
  const serverConf = join(tlsDir, 'server.conf');
  writeFileSync(
    serverConf,
    `tls {
  cert_file: "${join(tlsDir, 'server.pem')}"
  key_file: "${join(tlsDir, 'server.key')}"
  ca_file: "${join(tlsDir, 'ca.pem')}"
  verify: true
}
authorization { users = [ { nkey: ${user.getPublicKey()} } ] }
`,
  );
  const server = new NatsServer({ dir, name: 'tls', port: await freePort(), configFile: serverConf });
  servers.push(server);
  await server.start();
  const natsBlock = (ca: string): string => `nats_output:
  enabled: true
  url: tls://127.0.0.1:${server.opts.port}
  stream: SECURE
  credentials: ${seedFile}
  tls: {ca: ${ca}, cert: ${join(tlsDir, 'client.pem')}, key: ${join(tlsDir, 'client.key')}}
  spool: {path: ${join(dir, 'spool-tls')}}`;
  const ok = await runPeregrine([
    '-c',
    config(natsBlock(join(tlsDir, 'ca.pem'))),
    '-e',
    join(SCAP, 'falco/cat_write.scap'),
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  const raised = ruleLines(ok.stdout);
  assert.ok(raised.length > 0);
  // The test reads the stream as any client must here: over TLS, with the same credentials.
  const readerOptions = await natsConnectionOptions(
    natsMaterial(
      {
        servers: [`tls://127.0.0.1:${server.opts.port}`],
        tls: {
          ca: join(tlsDir, 'ca.pem'),
          cert: join(tlsDir, 'client.pem'),
          key: join(tlsDir, 'client.key'),
          insecure: false,
        },
        credentials: seedFile,
        name: 'test reader',
        timeoutMs: 2000,
      },
      'test',
    ),
  );
  const stored = await readStream(readerOptions.servers as string[], 'SECURE', readerOptions);
  // Without the credentials the server refuses the reader: the test's server really checks them.
  await assert.rejects(
    readStream(readerOptions.servers as string[], 'SECURE', { ...readerOptions, authenticator: undefined }),
  );
  assertExactlyOnce(stored, raised);

  const missing = await runPeregrine([
    '-c',
    config(natsBlock(join(tlsDir, 'nope.pem'))),
    '-e',
    join(SCAP, 'falco/cat_write.scap'),
  ]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nats_output\.tls\.ca: cannot read .*nope\.pem: ENOENT/);
  await server.kill();
});

test('configuration mistakes are one clear error with the file, line and column', async () => {
  const cases: [string, RegExp][] = [
    [
      'url: http://127.0.0.1:4222',
      /:7:3: nats_output\.url: 'http:\/\/127\.0\.0\.1:4222' is not a nats:\/\/ or tls:\/\/ URL\n$/,
    ],
    ['subject: "alerts.*"', /:7:3: nats_output\.subject: 'alerts\.\*' is not a NATS subject to publish to/],
    ['stream: "my.stream"', /:7:3: nats_output\.stream: 'my\.stream' is not a JetStream stream name/],
    ['tls: {cert: /etc/hostname}', /:7:3: nats_output\.tls\.key: tls\.cert and tls\.key go together/],
  ];
  for (const [line, expected] of cases) {
    const cfg = config(`nats_output:\n  enabled: true\n  ${line}`);
    const res = await runPeregrine(['-c', cfg, '-e', join(SCAP, 'falco/cat_write.scap')]);
    assert.equal(res.code, 1, line);
    assert.ok(res.stderr.startsWith(`peregrine: ${cfg}:`), res.stderr);
    assert.match(res.stderr, expected);
  }
});

test('a replay waits for a server that is down instead of overrunning the spool: nothing dropped', async () => {
  const port = await freePort();
  const cfg = config(`output_timeout: 10000
nats_output:
  enabled: true
  url: nats://127.0.0.1:${port}
  stream: PATIENT
  spool: {path: ${join(dir, 'spool-patient')}, max_alerts: 6000}`);
  const run = replayFromFifo(cfg);
  // 8698 alerts, more than the spool holds: the replay stops reading (the FIFO fills) until the server is there.
  const fed = run.feed(2);
  await until(run.stderr.events, 'data', () => run.stderr.text.includes('alerts are kept in the queue'));
  const server = new NatsServer({ dir, name: 'patient', port });
  servers.push(server);
  await server.start();
  await fed;
  const res = await run.finish();
  assert.equal(res.code, 0, res.stderr);
  assert.doesNotMatch(res.stdout, /outputs queue overflow/);
  assert.doesNotMatch(res.stderr, /TimeoutOverflowWarning/);
  const raised = ruleLines(res.stdout);
  assert.equal(raised.length, 2 * 4349);
  assertExactlyOnce(await readStream([server.url], 'PATIENT'), raised);
});

test('SIGTERM ends a replay that waits for a server that is down; its alerts stay in the spool', async () => {
  const port = await freePort();
  const spool = join(dir, 'spool-stopped');
  const cfg = config(`nats_output:
  enabled: true
  url: nats://127.0.0.1:${port}
  stream: STOPPED
  spool: {path: ${spool}, max_alerts: 6000}`);
  const run = replayFromFifo(cfg);
  void run.feed(2).catch(() => {}); // the replay stops reading: the FIFO stays full
  await until(run.stderr.events, 'data', () => run.stderr.text.includes('alerts are kept in the queue'));
  run.child.kill('SIGTERM');
  const [code] = await once(run.child, 'close');
  assert.equal(code, 0);
  assert.match(run.stderr.text, new RegExp(`nats output: \\d+ alerts wait in the spool ${spool}`));
});
