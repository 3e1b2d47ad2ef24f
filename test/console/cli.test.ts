// `peregrine console` as a user runs it: it serves a store until SIGTERM (exit 0), and refuses with one line and
// exit 1 a missing store, a non-loopback address without a token, and one without TLS or the explicit opt-out.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { request } from 'undici';
import { BIN, runPeregrine } from '../helpers/cli.ts';
import { storeAlert, storeWith } from '../store/helpers.ts';

test('peregrine console refuses what it cannot serve safely, one line and exit 1', async () => {
  const store = storeWith([storeAlert(1)]);
  try {
    const missing = await runPeregrine(['console', '--store', join(store.dir, 'none.db')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^peregrine: Error: cannot open the alert store .*none\.db/);
    const open = await runPeregrine(['console', '--store', store.path, '--listen', '0.0.0.0:0']);
    assert.equal(open.code, 1);
    assert.match(
      open.stderr,
      /console: the console listens on 0\.0\.0\.0, which is not a loopback address: it needs a token/,
    );
    const plain = await runPeregrine(['console', '--store', store.path, '--listen', '0.0.0.0:0', '--token', 't0k'], {
      env: { PEREGRINE_CONSOLE_TOKEN: '' },
    });
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, /without TLS: give a certificate \(console\.ssl_certificate/);
    const bad = await runPeregrine(['console', '--store', store.path, '--listen', 'here']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--listen: 'here' is not ADDRESS:PORT/);
  } finally {
    rmSync(store.dir, { recursive: true, force: true });
  }
});

test('peregrine console serves a store until SIGTERM, then exits 0', async () => {
  const store = storeWith([storeAlert(1), storeAlert(2)]);
  try {
    const child = spawn(BIN, ['console', '--store', store.path, '--listen', '127.0.0.1:0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
        const m = /console on (http:\/\/127\.0\.0\.1:\d+\/) over /.exec(err);
        if (m !== null) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    const r = await request(`${url}api/summary`);
    assert.equal(r.statusCode, 200);
    assert.equal(JSON.parse(await r.body.text()).alerts, 2);
    const code = await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
  } finally {
    rmSync(store.dir, { recursive: true, force: true });
  }
});
