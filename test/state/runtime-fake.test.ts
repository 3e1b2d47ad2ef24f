// The runtime watcher against a fake Docker API on a unix socket: what happens when a runtime closes its event
// stream, never answers, or is not there. No dockerd needed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DockerClient } from '../../src/state/containers/docker-client.ts';
import { RuntimeWatcher } from '../../src/state/containers/runtime-watcher.ts';
import { ContainerStore } from '../../src/state/containers/store.ts';

const FULL = '3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e';
const dir = mkdtempSync(join(tmpdir(), 'peregrine-fake-docker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function fakeDocker(name: string, handler: Handler): Promise<{ socket: string; server: Server }> {
  const socket = join(dir, name);
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return { socket, server };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const noLog = () => {};

test('a closed event stream is reopened from where it broke, and the containers are listed again', async () => {
  let eventsRequests = 0;
  const urls: string[] = [];
  let lists = 0;
  let reopened: () => void = () => {};
  const reopenedP = new Promise<void>((r) => {
    reopened = r;
  });
  const { socket, server } = await fakeDocker('closes.sock', (req, res) => {
    if (req.url?.startsWith('/events')) {
      eventsRequests++;
      urls.push(req.url);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (eventsRequests === 1) {
        // one event, then the runtime restarts
        // timeNano exceeds 2^53 as Docker sends it: written as text, read the way the watcher reads it
        res.end(
          '{"Type":"network","Action":"connect","Actor":{"ID":"n"},"time":1795811742,"timeNano":1795811742119664103}\n',
        );
      } else res.write(''); // stays open
      return;
    }
    if (req.url === '/containers/json') {
      lists++;
      if (lists === 2) reopened();
      res.end('[]');
      return;
    }
    res.writeHead(404).end('{"message":"no such thing"}');
  });
  const store = new ContainerStore();
  const client = new DockerClient({ socketPath: socket, timeoutMs: 1000 });
  const w = new RuntimeWatcher({ client, type: 'docker', store, labelMaxLen: 100, log: noLog, minBackoffMs: 1 });
  const first = await w.start();
  assert.deepEqual(first, { ok: true, value: 0 });
  await reopenedP;
  assert.equal(eventsRequests, 2);
  assert.equal(w.stats().reconnects, 1);
  assert.doesNotMatch(urls[0], /since=/);
  assert.match(urls[1], /&since=1795811742\.1196641\d\d$/, 'replays from the last event seen');
  await w.stop();
  await closeServer(server);
});

test('a runtime that never answers: the lookup fails by its deadline and the alert path stops waiting', async () => {
  const { socket, server } = await fakeDocker('silent.sock', () => {
    // accepts the connection and never answers
  });
  const store = new ContainerStore();
  const client = new DockerClient({ socketPath: socket, timeoutMs: 50 });
  const errors: string[] = [];
  const w = new RuntimeWatcher({
    client,
    type: 'docker',
    store,
    labelMaxLen: 100,
    log: (_s, m) => errors.push(m),
  });
  store.setResolver({
    lookup: (c, s) => {
      void w.lookup(c.fullId).then((a) => {
        if (a !== 'found') s.fail(c.id);
      });
    },
  });
  store.notice({ type: 'docker', fullId: FULL, id: FULL.slice(0, 12) });
  assert.equal(store.isPending(FULL), true, 'notice returns at once; the lookup runs in the background');
  await new Promise<void>((resolve) => store.whenSettled(FULL, resolve));
  assert.equal(store.state(FULL), 'failed');
  assert.match(errors.join('\n'), /timed out/);
  await client.close();
  await closeServer(server);
});

test('requests to a missing socket are errors that name it', async () => {
  const client = new DockerClient({ socketPath: join(dir, 'absent.sock'), timeoutMs: 1000 });
  const r = await client.ping();
  assert.deepEqual(r, { ok: false, error: `GET /_ping: no socket at ${join(dir, 'absent.sock')}` });
  await client.close();
});

test('an event stream on a missing socket ends with an error, not an exception', async () => {
  const client = new DockerClient({ socketPath: join(dir, 'absent.sock'), timeoutMs: 1000 });
  const end = await client.streamEvents(() => {}, new AbortController().signal);
  assert.equal(end.reason, 'error');
  await client.close();
});

test('container events drive inspects and removals', async () => {
  let send: (line: string) => void = () => {};
  let openResolve: () => void = () => {};
  const opened = new Promise<void>((r) => {
    openResolve = r;
  });
  const { socket, server } = await fakeDocker('events.sock', (req, res) => {
    if (req.url?.startsWith('/events')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('');
      send = (line) => res.write(`${line}\n`);
      openResolve();
      return;
    }
    if (req.url === '/containers/json') return void res.end('[]');
    if (req.url === `/containers/${FULL}/json`) {
      return void res.end(
        JSON.stringify({
          Id: FULL,
          Name: '/late',
          Image: 'sha256:aa',
          Config: { Image: 'app:1' },
          HostConfig: { Privileged: true },
        }),
      );
    }
    if (req.url === '/images/sha256%3Aaa/json') return void res.end('{"Id":"sha256:aa","RepoTags":["app:1"]}');
    res.writeHead(404).end('{"message":"no such thing"}');
  });
  const store = new ContainerStore();
  const client = new DockerClient({ socketPath: socket, timeoutMs: 1000 });
  const w = new RuntimeWatcher({ client, type: 'docker', store, labelMaxLen: 100, log: noLog });
  await w.start();
  await opened;
  const known = new Promise<void>((resolve) => {
    const stop = store.subscribe((i) => {
      if (i.fullId === FULL) {
        stop();
        resolve();
      }
    });
  });
  send(JSON.stringify({ Type: 'container', Action: 'create', Actor: { ID: FULL, Attributes: { image: 'app:1' } } }));
  await known;
  const info = store.get(FULL);
  assert.equal(info?.name, 'late');
  assert.equal(info?.image, 'app:1');
  assert.equal(info?.imageId, 'aa');
  assert.equal(info?.privileged, true);
  await w.stop();
  await closeServer(server);
});
