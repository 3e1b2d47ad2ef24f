// Operations on a running detector, through bin/peregrine. A FIFO given to -e keeps the detector running for as
// long as the test writes captures into it (each write a whole capture, concatenated), so reloads, log rotation
// and the pid file can be exercised between events exactly as on a live host.
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import {
  closeSync,
  constants,
  createWriteStream,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { BIN, ROOT, SHARED } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-live-ops-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** cat_write.scap, uncompressed (a stream is not gunzipped): 8 opens by cat, 4 of /dev/null enter+exit pairs. */
const CAPTURE = gunzipSync(readFileSync(join(SHARED, 'upstream/scap/falco/cat_write.scap')));
const ALERTS_PER_CAPTURE = 8;

function rules(name: string, output: string, condition = 'evt.type=open and proc.name=cat'): string {
  return `- rule: ${name}\n  desc: test\n  condition: ${condition}\n  output: "${output} (command=%proc.cmdline)"\n  priority: WARNING\n  tags: [test]\n`;
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdoutLines: string[];
  stderrLines: string[];
  events: EventEmitter;
  fifo: NodeJS.WritableStream;
  write(buf: Buffer): Promise<void>;
  exit: Promise<number | null>;
}

function start(name: string, config: string, rulesFile: string, extra: string[] = []): Running {
  const fifoPath = join(dir, `${name}.fifo`);
  execFileSync('mkfifo', [fifoPath]);
  const confPath = join(dir, `${name}.yaml`);
  writeFileSync(confPath, config);
  const child = spawn(BIN, ['-c', confPath, '-r', rulesFile, '-e', fifoPath, ...extra], { cwd: ROOT });
  const events = new EventEmitter();
  const stdoutLines: string[] = [];
  const stderrLines: string[] = [];
  const lines = (into: string[], ev: string) => {
    let rest = '';
    return (chunk: string) => {
      rest += chunk;
      const parts = rest.split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) {
        into.push(p);
        events.emit(ev, p);
      }
    };
  };
  child.stdout.setEncoding('utf8').on('data', lines(stdoutLines, 'stdout'));
  child.stderr.setEncoding('utf8').on('data', lines(stderrLines, 'stderr'));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // Opening the FIFO for writing completes once peregrine opens it for reading.
  const fifo = createWriteStream(fifoPath);
  return {
    child,
    stdoutLines,
    stderrLines,
    events,
    fifo,
    write: (buf) => new Promise((resolve, reject) => fifo.write(buf, (err) => (err ? reject(err) : resolve()))),
    exit,
  };
}

function until(r: Running, ev: 'stdout' | 'stderr', cond: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cond()) {
      resolve();
      return;
    }
    const check = () => {
      if (cond()) {
        r.events.off(ev, check);
        resolve();
      }
    };
    r.events.on(ev, check);
    r.exit.then((code) => reject(new Error(`peregrine exited (${code}) first:\n${r.stderrLines.join('\n')}`)));
  });
}

const alertsOf = (r: Running, rule: string) =>
  r.stdoutLines
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .filter((j) => j.rule === rule);

const BASE =
  'stdout_output:\n  enabled: true\njson_output: true\nlog_stderr: true\nlog_syslog: false\nwatch_config_files: false\n';

test('SIGHUP: a valid change takes effect, an invalid one is refused while the old rules keep firing, no event lost', async () => {
  const rulesFile = join(dir, 'hup-rules.yaml');
  writeFileSync(rulesFile, rules('rule_A', 'A saw an open'));
  const r = start('hup', BASE, rulesFile);
  await r.write(CAPTURE);
  await until(r, 'stdout', () => alertsOf(r, 'rule_A').length === ALERTS_PER_CAPTURE);

  writeFileSync(rulesFile, rules('rule_B', 'B saw an open'));
  r.child.kill('SIGHUP');
  await until(r, 'stderr', () =>
    r.stderrLines.some((l) => l.includes('Reload: 1 rules files loaded, 1 rules enabled')),
  );
  await r.write(CAPTURE);
  await until(r, 'stdout', () => alertsOf(r, 'rule_B').length === ALERTS_PER_CAPTURE);

  writeFileSync(rulesFile, rules('rule_C', 'C saw an open', 'evt.type=open and no.such.field=1'));
  r.child.kill('SIGHUP');
  await until(r, 'stdout', () => alertsOf(r, 'Falco internal: hot restart failure').length === 1);
  const failure = alertsOf(r, 'Falco internal: hot restart failure')[0];
  assert.equal(failure.priority, 'Critical');
  assert.equal(failure.source, 'internal');
  assert.match(failure.output, /^Falco internal: hot restart failure: .*hup-rules\.yaml.*no\.such\.field/);
  await r.write(CAPTURE);
  await until(r, 'stdout', () => alertsOf(r, 'rule_B').length === 2 * ALERTS_PER_CAPTURE);

  r.fifo.end();
  assert.equal(await r.exit, 0, r.stderrLines.join('\n'));
  assert.equal(alertsOf(r, 'rule_A').length, ALERTS_PER_CAPTURE);
  assert.equal(alertsOf(r, 'rule_B').length, 2 * ALERTS_PER_CAPTURE);
  assert.equal(alertsOf(r, 'rule_C').length, 0);
  // Falco's summary counts every event of the three captures and every alert.
  assert.ok(r.stdoutLines.includes(`Events detected: ${3 * ALERTS_PER_CAPTURE}`), r.stdoutLines.slice(-8).join('\n'));
});

test('SIGHUP: a new rule on events the old rules did not need sees them (the skipped events follow the rules)', async () => {
  const rulesFile = join(dir, 'hup-types-rules.yaml');
  writeFileSync(rulesFile, rules('rule_O', 'O saw an open'));
  const r = start('hup-types', BASE, rulesFile);
  await r.write(CAPTURE);
  await until(r, 'stdout', () => alertsOf(r, 'rule_O').length === ALERTS_PER_CAPTURE);
  // cat_write.scap has 3 access exits by cat; nothing in the first rules or the state reads access
  writeFileSync(rulesFile, rules('rule_M', 'M saw an access', 'evt.type=access and evt.dir=< and proc.name=cat'));
  r.child.kill('SIGHUP');
  await until(r, 'stderr', () => r.stderrLines.some((l) => l.includes('Reload: 1 rules files loaded')));
  await r.write(CAPTURE);
  r.fifo.end();
  assert.equal(await r.exit, 0, r.stderrLines.join('\n'));
  assert.equal(alertsOf(r, 'rule_M').length, 3, r.stdoutLines.slice(-8).join('\n'));
});

test('watch_config_files: saving the rules file reloads it without a signal', async () => {
  const rulesFile = join(dir, 'watch-rules.yaml');
  writeFileSync(rulesFile, rules('rule_W1', 'W1'));
  const r = start(
    'watch',
    `${BASE.replace('watch_config_files: false', 'watch_config_files: true')}log_level: debug\n`,
    rulesFile,
  );
  // The watcher reports each path once it watches it (Falco logs the same at debug level).
  await until(r, 'stderr', () => r.stderrLines.some((l) => l.endsWith(`Watching '${rulesFile}'`)));
  await r.write(CAPTURE);
  await until(r, 'stdout', () => alertsOf(r, 'rule_W1').length === ALERTS_PER_CAPTURE);
  // An editor's save: write a new file and rename it over the old one.
  writeFileSync(`${rulesFile}.tmp`, rules('rule_W2', 'W2'));
  renameSync(`${rulesFile}.tmp`, rulesFile);
  await until(r, 'stderr', () => r.stderrLines.some((l) => l.includes('Reload:')));
  await r.write(CAPTURE);
  await until(r, 'stdout', () => alertsOf(r, 'rule_W2').length === ALERTS_PER_CAPTURE);
  r.fifo.end();
  assert.equal(await r.exit, 0, r.stderrLines.join('\n'));
});

test('SIGUSR1 reopens the alert file after rotation; -P writes the pid file and removes it at exit', async () => {
  const rulesFile = join(dir, 'usr1-rules.yaml');
  writeFileSync(rulesFile, rules('rule_F', 'F saw an open'));
  const events = join(dir, 'events.txt');
  const pidfile = join(dir, 'peregrine.pid');
  const conf = `${BASE}file_output:\n  enabled: true\n  keep_alive: true\n  filename: ${events}\n`;
  const r = start('usr1', conf, rulesFile, ['-P', pidfile]);
  await r.write(CAPTURE);
  await until(r, 'stdout', () => alertsOf(r, 'rule_F').length === ALERTS_PER_CAPTURE);
  // The pid in the file is the detector's (bin/peregrine execs node, so it is the child's pid).
  assert.equal(Number(readFileSync(pidfile, 'utf8')), r.child.pid);
  // Wait until the file channel has written the first capture's alerts, then rotate.
  await new Promise<void>((resolve) => {
    const count = () => (existsSync(events) ? readFileSync(events, 'utf8').split('\n').filter(Boolean).length : 0);
    // Watch first, then look: a write between the two would otherwise never be seen.
    const w = watch(dir, () => {
      if (count() === ALERTS_PER_CAPTURE) {
        w.close();
        resolve();
      }
    });
    if (count() === ALERTS_PER_CAPTURE) {
      w.close();
      resolve();
    }
  });
  renameSync(events, `${events}.1`);
  r.child.kill('SIGUSR1');
  await until(r, 'stderr', () => r.stderrLines.some((l) => l.includes('SIGUSR1 received, reopening outputs')));
  await r.write(CAPTURE);
  await until(r, 'stdout', () => alertsOf(r, 'rule_F').length === 2 * ALERTS_PER_CAPTURE);
  r.fifo.end();
  assert.equal(await r.exit, 0, r.stderrLines.join('\n'));
  const old = readFileSync(`${events}.1`, 'utf8').split('\n').filter(Boolean);
  const now = readFileSync(events, 'utf8').split('\n').filter(Boolean);
  assert.equal(old.length, ALERTS_PER_CAPTURE);
  assert.equal(now.length, ALERTS_PER_CAPTURE);
  assert.ok(now.every((l) => JSON.parse(l).rule === 'rule_F'));
  assert.equal(existsSync(pidfile), false, 'the pid file is removed at exit');
});

function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

test('SIGTERM: queued alerts for a receiver that is down are counted as lost within output_timeout; exit 1 (a replay that lost alerts failed)', async () => {
  const rulesFile = join(dir, 'term-rules.yaml');
  writeFileSync(rulesFile, rules('rule_T', 'T saw an open'));
  const port = await deadPort();
  const conf = `${BASE}output_timeout: 300\nhttp_output:\n  enabled: true\n  url: http://127.0.0.1:${port}/\n`;
  const r = start('term', conf, rulesFile);
  await r.write(CAPTURE);
  await until(r, 'stderr', () => r.stderrLines.some((l) => l.includes('http output: ') && l.includes('retrying')));
  await until(r, 'stdout', () => alertsOf(r, 'rule_T').length === ALERTS_PER_CAPTURE);
  r.child.kill('SIGTERM');
  assert.equal(await r.exit, 1, r.stderrLines.join('\n'));
  assert.ok(
    r.stderrLines.some((l) =>
      l.endsWith(`http output: ${ALERTS_PER_CAPTURE} alerts could not be delivered before shutdown`),
    ),
    r.stderrLines.join('\n'),
  );
  // the stop and the loss are in the summary
  assert.ok(r.stderrLines.some((l) => /^peregrine: stopped by SIGTERM after \d+ events/.test(l)));
  assert.ok(r.stderrLines.includes(`   alerts not delivered by the http output: shutdown: ${ALERTS_PER_CAPTURE}`));
});

test('SIGTERM: alerts queued for a live receiver are delivered before exit', async () => {
  const rulesFile = join(dir, 'term2-rules.yaml');
  writeFileSync(rulesFile, rules('rule_U', 'U saw an open'));
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let b = '';
    req.on('data', (c) => {
      b += c;
    });
    req.on('end', () => {
      bodies.push(b);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const conf = `${BASE}http_output:\n  enabled: true\n  url: http://127.0.0.1:${port}/\n`;
  const r = start('term2', conf, rulesFile);
  await r.write(CAPTURE);
  await until(r, 'stdout', () => alertsOf(r, 'rule_U').length === ALERTS_PER_CAPTURE);
  r.child.kill('SIGTERM');
  assert.equal(await r.exit, 0, r.stderrLines.join('\n'));
  server.closeAllConnections();
  server.close();
  assert.equal(bodies.filter((b) => JSON.parse(b).rule === 'rule_U').length, ALERTS_PER_CAPTURE);
});

test('SIGINT during a FIFO replay is a clean stop: exit 0, the summary, and a line saying it was stopped', async () => {
  const rulesFile = join(dir, 'int-rules.yaml');
  writeFileSync(rulesFile, rules('rule_I', 'I saw an open'));
  const r = start('int', BASE, rulesFile);
  // half a capture: the stop cuts the stream in the middle of a block, which is not an error of the capture
  await r.write(CAPTURE);
  await r.write(CAPTURE.subarray(0, CAPTURE.length >> 1));
  await until(r, 'stdout', () => alertsOf(r, 'rule_I').length === ALERTS_PER_CAPTURE);
  r.child.kill('SIGINT');
  assert.equal(await r.exit, 0, r.stderrLines.join('\n'));
  const err = r.stderrLines.join('\n');
  assert.match(err, /SIGINT received, exiting\.\.\./);
  assert.match(err, /^peregrine: stopped by SIGINT after \d+ events: the summary covers those$/m);
  assert.doesNotMatch(err, /truncated|empty file|no section header/);
  assert.ok(r.stdoutLines.includes(`Events detected: ${ALERTS_PER_CAPTURE}`), r.stdoutLines.join('\n'));
});

test('SIGTERM before any byte arrived on the FIFO: a clean stop, not "empty file"', async () => {
  const rulesFile = join(dir, 'empty-rules.yaml');
  writeFileSync(rulesFile, rules('rule_E', 'E saw an open'));
  const r = start('empty', BASE, rulesFile);
  await until(r, 'stderr', () => r.stderrLines.some((l) => l.includes('Reading events from')));
  r.child.kill('SIGTERM');
  const code = await r.exit;
  // Nobody may have opened the FIFO for reading (the stop can come before the reader opened it): open it here, so
  // the test's own writer is not left blocked in its open.
  closeSync(openSync(join(dir, 'empty.fifo'), constants.O_RDONLY | constants.O_NONBLOCK));
  assert.equal(code, 0, r.stderrLines.join('\n'));
  assert.doesNotMatch(r.stderrLines.join('\n'), /empty file|no section header/);
  assert.ok(r.stdoutLines.includes('Events detected: 0'), r.stdoutLines.join('\n'));
});
