// The webserver under a client that pipelines requests without reading the answers: it must not buffer for it
// without bound. Real sockets on loopback: several connections each send 10,000 pipelined `GET /metrics` and
// read nothing; /healthz still answers on a fresh connection, and each abusive connection is closed after at
// most MAX_PIPELINED answers.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { request } from 'undici';
import { type Config, isConfigError, loadConfig } from '../../src/config/config.ts';
import { Metrics } from '../../src/metrics/metrics.ts';
import { MAX_PIPELINED, startWebserver } from '../../src/server/webserver.ts';

function config(overrides: string[]): Config {
  const c = loadConfig({ overrides, defaultPath: '/nonexistent', noShippedDefault: true });
  if (isConfigError(c)) assert.fail(c.error);
  return c;
}

const PIPELINED = 10_000;
const CONNECTIONS = 4;

/** Opens a connection, writes `count` pipelined requests in one go, and reads nothing (the socket is paused). */
function abuse(port: number, count: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      s.pause();
      s.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(count));
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** Resumes reading and counts the answers until the connection ends (closed by the server). */
function answersUntilClosed(s: Socket): Promise<number> {
  return new Promise((resolve) => {
    let text = '';
    s.removeAllListeners('error');
    s.setEncoding('latin1');
    s.on('data', (d: string) => {
      text += d;
    });
    s.on('error', () => {}); // a reset after the server closed: the end either way
    s.once('close', () => resolve(text.split('HTTP/1.1 200 OK').length - 1));
    s.resume();
  });
}

test(`${CONNECTIONS} connections pipelining ${PIPELINED} /metrics each without reading: /healthz answers, abusers are closed`, async () => {
  const abusers: string[] = [];
  const ws = await startWebserver(config(['webserver.listen_port=0', 'webserver.prometheus_metrics_enabled=true']), {
    metrics: new Metrics(),
    onAbuse: (remote) => abusers.push(remote),
  });
  try {
    const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => abuse(ws.port, PIPELINED)));
    const h = await request(`http://127.0.0.1:${ws.port}/healthz`);
    assert.equal(h.statusCode, 200);
    assert.equal(await h.body.text(), '{"status": "ok"}');
    const answered = await Promise.all(sockets.map(answersUntilClosed));
    for (const n of answered) assert.ok(n <= MAX_PIPELINED, `a connection got ${n} answers`);
    assert.equal(abusers.length, CONNECTIONS);
    // A well-behaved client (one request at a time on a kept-alive connection) is served as before.
    for (let i = 0; i < 3; i++) {
      const m = await request(`http://127.0.0.1:${ws.port}/metrics`);
      assert.equal(m.statusCode, 200);
      assert.match(await m.body.text(), /^# HELP/m);
    }
  } finally {
    await ws.close();
  }
});
