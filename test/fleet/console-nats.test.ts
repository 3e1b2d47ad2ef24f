// One console for the fleet (issue 12, item 4): two replays publish their alerts to NATS JetStream under different
// host names; `peregrine console --nats URL` reads the stream into its store and serves both hosts, each alert
// once, with a host filter. (A message delivered again is stored once: test/store/store.test.ts, insertOnce.)
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { BIN, ROOT, runPeregrine } from '../helpers/cli.ts';
import { SCAP } from '../helpers/fixtures.ts';
import { type NatsServer, startNats } from '../helpers/nats.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-fleet-console-'));
let server: NatsServer;
const raised = new Map<string, number>();
const STREAM = 'FLEET_CONSOLE';
const STORE = join(dir, 'fleet.db');
const CONF = join(dir, 'console.yaml');

before(async () => {
  server = await startNats(dir, 'fleet-console');
  const rules = join(dir, 'rules.yaml');
  writeFileSync(
    rules,
    '- rule: Opens\n  desc: every open exit\n  condition: evt.type in (open, openat) and evt.dir = <\n  output: "%proc.name %fd.name"\n  priority: NOTICE\n',
  );
  for (const [host, capture] of [
    ['alpha', 'sysdig-inspect/502Error.scap'],
    ['beta', 'libs/curl_google.scap'],
  ]) {
    const cfg = join(dir, `${host}.yaml`);
    writeFileSync(
      cfg,
      `rules_files: [${rules}]\njson_output: true\nstdout_output: {enabled: true}\n` +
        `nats_output: {enabled: true, url: ${server.url}, stream: ${STREAM}, spool: {path: ${join(dir, `spool-${host}`)}}}\n`,
    );
    const res = await runPeregrine(['-c', cfg, '-e', join(SCAP, capture)], { env: { PEREGRINE_HOSTNAME: host } });
    assert.equal(res.code, 0, res.stderr);
    raised.set(host, res.stdout.split('\n').filter((l) => l.startsWith('{')).length);
  }
  writeFileSync(CONF, `nats_output: {stream: ${STREAM}}\n`);
});
after(async () => {
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

interface Console {
  child: ChildProcess;
  url: string;
  stop(): Promise<number | null>;
}

function startConsole(): Promise<Console> {
  const child = spawn(BIN, ['console', '-c', CONF, '--store', STORE, '--nats', server.url, '--listen', '127.0.0.1:0'], {
    cwd: ROOT,
  });
  const exit = new Promise<number | null>((resolve) => child.once('close', resolve));
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      const m = /console on (http:\/\/\S+) over/.exec(err);
      if (m !== null)
        resolve({
          child,
          url: m[1].replace(/\/$/, ''),
          stop: () => {
            child.kill('SIGTERM');
            return exit;
          },
        });
    });
    void exit.then((code) => reject(new Error(`the console exited (${code}):\n${err}`)));
  });
}

async function total(url: string, query: string): Promise<number> {
  const r = await request(`${url}/api/alerts?${query}&limit=1`);
  assert.equal(r.statusCode, 200);
  return ((await r.body.json()) as { total: number }).total;
}

/** Waits until the store has `n` alerts of `host` (the feed stores as the stream delivers). */
async function until(url: string, host: string, n: number): Promise<void> {
  for (;;) if ((await total(url, `host=${host}`)) >= n) return;
}

test('peregrine console --nats shows every host of the fleet, each alert once, with a host filter', async () => {
  const alpha = raised.get('alpha') ?? 0;
  const beta = raised.get('beta') ?? 0;
  assert.ok(alpha > 100 && beta > 10, `alpha ${alpha}, beta ${beta}`);
  const c = await startConsole();
  try {
    await until(c.url, 'alpha', alpha);
    await until(c.url, 'beta', beta);
    assert.equal(await total(c.url, 'host=alpha'), alpha);
    assert.equal(await total(c.url, 'host=beta'), beta);
  } finally {
    assert.equal(await c.stop(), 0);
  }
});
