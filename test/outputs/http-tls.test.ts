// The http channel over TLS: the server verified against ca_cert, ca_path (a directory of PEM files) or not
// at all (insecure), and mutual TLS with client_cert/client_key. Certificates are made here with openssl.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { log } from '../../src/log.ts';
import { type HttpChannelOptions, httpChannel } from '../../src/outputs/channels/http.ts';
import { Outputs, RULE_OUTPUT_DELIVERY } from '../../src/outputs/outputs.ts';
import { makeAlert, memoryChannel, when } from './helpers.ts';

log.setWriter(() => {});
const dir = mkdtempSync(join(tmpdir(), 'peregrine-tls-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const p = (f: string) => join(dir, f);

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

before(() => {
  // A CA, a server certificate for 127.0.0.1 and a client certificate, both signed by the CA.
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=test-ca',
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.pem'),
  ]);
  writeFileSync(p('san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  for (const who of ['server', 'client']) {
    openssl([
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${who}`,
      '-keyout',
      p(`${who}.key`),
      '-out',
      p(`${who}.csr`),
    ]);
    openssl([
      'x509',
      '-req',
      '-in',
      p(`${who}.csr`),
      '-CA',
      p('ca.pem'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      p(`${who}.pem`),
      ...(who === 'server' ? ['-extfile', p('san.cnf')] : []),
    ]);
  }
  mkdirSync(p('certs'));
  copyFileSync(p('ca.pem'), join(p('certs'), 'test-ca.pem'));
});

interface Rx {
  server: Server;
  port: number;
  bodies: string[];
  clientCNs: string[];
  events: EventEmitter;
}
function receiver(requestCert: boolean): Promise<Rx> {
  const bodies: string[] = [];
  const clientCNs: string[] = [];
  const events = new EventEmitter();
  const server = createServer(
    {
      key: readFileSync(p('server.key')),
      cert: readFileSync(p('server.pem')),
      ca: readFileSync(p('ca.pem')),
      requestCert,
      rejectUnauthorized: requestCert,
    },
    (req, res) => {
      let b = '';
      req.on('data', (c) => {
        b += c;
      });
      req.on('end', () => {
        bodies.push(b);
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        if (peer?.subject?.CN !== undefined) clientCNs.push(String(peer.subject.CN));
        res.end('ok');
        events.emit('request');
      });
    },
  );
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, bodies, clientCNs, events }),
    ),
  );
}
function stop(rx: Rx): Promise<void> {
  return new Promise((r) => {
    rx.server.closeAllConnections();
    rx.server.close(() => r());
  });
}

const base = (port: number): HttpChannelOptions => ({
  url: `https://127.0.0.1:${port}/falco`,
  userAgent: 'falcosecurity/falco',
  json: true,
  insecure: false,
  caCert: '',
  caBundle: '',
  caPath: '/etc/ssl/certs',
  mtls: false,
  clientCert: '',
  clientKey: '',
  echo: false,
  compressUploads: false,
  keepAlive: false,
  timeoutMs: 2000,
});
const settings = {
  json: true,
  envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
  hostname: 'h',
  capacity: 100,
  retryInitialMs: 5,
  retryMaxMs: 20,
  reportIntervalMs: 60_000,
};

async function deliversOne(rx: Rx, opts: HttpChannelOptions): Promise<void> {
  const outputs = new Outputs([httpChannel(opts)], settings);
  outputs.emit(makeAlert(1));
  await when(rx.events, 'request', () => rx.bodies.length === 1);
  assert.equal(JSON.parse(rx.bodies[0]).output_fields['alert.n'], 1);
  await outputs.close(1000);
}

test('ca_cert verifies the receiver', async () => {
  const rx = await receiver(false);
  try {
    await deliversOne(rx, { ...base(rx.port), caCert: p('ca.pem') });
  } finally {
    await stop(rx);
  }
});

test('ca_path: a directory of PEM files', async () => {
  const rx = await receiver(false);
  try {
    await deliversOne(rx, { ...base(rx.port), caPath: p('certs') });
  } finally {
    await stop(rx);
  }
});

test('an unknown CA is a delivery failure (reported, retried), insecure: true accepts it', async () => {
  const rx = await receiver(false);
  try {
    const mem = memoryChannel();
    const outputs = new Outputs([httpChannel(base(rx.port)), mem], { ...settings, json: false });
    outputs.emit(makeAlert(1));
    await when(mem.events, 'line', () => mem.lines.some((l) => l.includes(RULE_OUTPUT_DELIVERY)));
    assert.equal(rx.bodies.length, 0);
    assert.equal(await outputs.close(20), 1);
    await deliversOne(rx, { ...base(rx.port), insecure: true });
  } finally {
    await stop(rx);
  }
});

test('mtls: the receiver sees the client certificate', async () => {
  const rx = await receiver(true);
  try {
    await deliversOne(rx, {
      ...base(rx.port),
      caCert: p('ca.pem'),
      mtls: true,
      clientCert: p('client.pem'),
      clientKey: p('client.key'),
    });
    assert.deepEqual(rx.clientCNs, ['client']);
  } finally {
    await stop(rx);
  }
});

test('a client_cert that cannot be read names the key and the file', () => {
  assert.throws(
    () => httpChannel({ ...base(1), mtls: true, clientCert: p('nope.pem'), clientKey: p('client.key') }),
    /http_output\.client_cert: cannot read .*nope\.pem: ENOENT/,
  );
});
