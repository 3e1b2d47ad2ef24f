// The alert store: what an insert keeps (Falco's keys, exact integers, the context), one transaction per insert,
// retention by age and by count, crash safety under SIGKILL, and the store as an output channel behind the
// outputs' queue.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import type { Alert } from '../../src/outputs/alert.ts';
import { Outputs } from '../../src/outputs/outputs.ts';
import { alertStoreChannel } from '../../src/store/channel.ts';
import { parseFilter } from '../../src/store/filter.ts';
import { AlertReader } from '../../src/store/reader.ts';
import { PACKED_STRIDE, packAlerts, unpackAlerts } from '../../src/store/row.ts';
import { AlertStoreWriter } from '../../src/store/writer.ts';
import { BASE_NS, storeAlert, tempStore } from './helpers.ts';

const NODE = fileURLToPath(new URL('../../node_modules/node/bin/node', import.meta.url));

function rows(path: string, sql: string): Record<string, unknown>[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

test('an inserted alert keeps Falco keys, exact nanosecond integers, its context and its filter columns', () => {
  const { dir, settings } = tempStore();
  try {
    const w = AlertStoreWriter.open(settings);
    const a = storeAlert(1, { container: '3ad7b26ded6d', image: 'nginx:1.27', proc: 'curl', priority: 'Critical' });
    assert.equal(w.insert([a]), 1);
    w.close();
    const r = AlertReader.open(settings.path);
    const one = JSON.parse(r.get(1) as string);
    r.close();
    assert.equal(one.rule, 'Read sensitive file');
    assert.equal(one.priority, 'Critical');
    assert.equal(one.hostname, 'web-1');
    assert.equal(one.output, a.output);
    assert.deepEqual(one.tags, ['filesystem', 'mitre_credential_access']);
    assert.equal(one.time, '2025-11-24T16:00:01.000000001Z');
    assert.equal(one.context['proc.aname[2]'], 'sshd');
    assert.deepEqual(one.container, { id: '3ad7b26ded6d', name: 'web-3ad7', image: 'nginx:1.27' });
    assert.equal(one.process, 'curl');
    // the stored JSON keeps the 19-digit nanosecond integer exactly (JSON.parse above rounds it)
    const raw = rows(settings.path, 'SELECT output_fields, priority FROM alerts')[0];
    assert.match(String(raw.output_fields), /"evt\.time":1764000001000000001[,}]/);
    assert.equal(raw.priority, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a rule whose tags or output fields change (a reload) is stored with the new ones, through either path', async () => {
  const { dir, settings } = tempStore();
  try {
    const a = storeAlert(1);
    const b = {
      ...storeAlert(2),
      tags: ['mitre_discovery', 'network'],
      outputFields: { 'fd.name': '/x', 'user.uid': 0 },
    };
    const c = { ...storeAlert(3), tags: [], outputFields: {} };
    const w = AlertStoreWriter.open(settings);
    w.insert([a, b, c, a]);
    w.close();
    // the same alerts through the output channel (packed for the writer thread)
    const outputs = new Outputs([alertStoreChannel(settings)], {
      json: false,
      envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
      hostname: 'h',
      capacity: 100,
      retryInitialMs: 5,
      retryMaxMs: 50,
      reportIntervalMs: 60_000,
    });
    for (const x of [a, b, c, a]) outputs.emit(x);
    assert.equal(await outputs.drain(10_000), true);
    await outputs.close(1000);
    const got = rows(settings.path, 'SELECT tags, output_fields FROM alerts ORDER BY id').map((r) => ({ ...r }));
    const want = [
      {
        tags: '["filesystem","mitre_credential_access"]',
        output_fields:
          '{"container.id":"host","evt.time":1764000001000000001,"fd.name":"/etc/shadow-1","proc.cmdline":"cat /etc/shadow-1","proc.name":"cat"}',
      },
      { tags: '["mitre_discovery","network"]', output_fields: '{"fd.name":"/x","user.uid":0}' },
      { tags: '[]', output_fields: '{}' },
    ];
    assert.deepEqual(got, [...want, want[0], ...want, want[0]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('alerts packed for the writer thread come out whole: repeated fields and context values, changed shapes', () => {
  const alerts: Alert[] = [];
  for (let i = 0; i < 40; i++) {
    const a = storeAlert(i % 7, { proc: i % 3 === 0 ? 'curl' : 'cat', container: i % 5 === 0 ? '' : 'abc123abc123' });
    // every 9th alert has other output fields; some values repeat from the alert before, some do not
    const outputFields: Alert['outputFields'] =
      i % 9 === 0 ? { 'fd.name': '/x', n: i, big: 1764000001000000001n } : { ...a.outputFields, 'evt.num': i % 2 };
    alerts.push({ ...a, outputFields, context: i % 11 === 4 ? undefined : a.context });
  }
  // what the writer thread receives is a structured clone of the packed batch
  const received = structuredClone(packAlerts(alerts));
  unpackAlerts(received);
  for (let i = 0; i < alerts.length; i++) {
    const at = i * PACKED_STRIDE;
    assert.deepEqual(received[at + 7], alerts[i].outputFields, `output fields of alert ${i}`);
    assert.deepEqual(received[at + 8], alerts[i].context ?? null, `context of alert ${i}`);
    assert.equal(received[at + 5], alerts[i].output);
  }
  // and the packing left out what repeats: the batch is smaller than its alerts packed one by one
  const oneByOne = alerts.flatMap((a) => packAlerts([a]));
  assert.ok(serialize(packAlerts(alerts)).length < 0.8 * serialize(oneByOne).length);
});

test('an insert is one transaction: a batch that fails leaves nothing of itself', () => {
  const { dir, settings } = tempStore();
  try {
    const w = AlertStoreWriter.open(settings);
    w.insert([storeAlert(1)]);
    // The second alert cannot be bound (a time that is not an integer): the first must not stay either.
    const bad = { ...storeAlert(3), time: 'soon' as unknown as bigint };
    assert.throws(() => w.insert([storeAlert(2), bad]));
    w.insert([storeAlert(4)]);
    w.close();
    assert.deepEqual(
      rows(settings.path, 'SELECT json_extract(output_fields, \'$."fd.name"\') AS f FROM alerts ORDER BY id').map(
        (r) => r.f,
      ),
      ['/etc/shadow-1', '/etc/shadow-4'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('retention deletes alerts older than max_age and the oldest beyond max_rows', () => {
  const { dir, settings } = tempStore();
  try {
    const nowMs = Number(BASE_NS / 1_000_000n) + 100_000;
    // 1000 alerts 100 ms apart from BASE_NS; nowMs is BASE_NS + 100 s, so with max_age 60 s the first 400 go.
    const alerts = Array.from({ length: 1000 }, (_, i) => storeAlert(i, { at: i * 0.1 }));
    const w0 = AlertStoreWriter.open({ ...settings, maxAgeMs: 60_000, maxRows: 0 });
    w0.insert(alerts);
    const beforeMs = nowMs - 60_000;
    assert.equal(w0.retain(nowMs), 400);
    assert.equal(w0.rowCount, 600);
    w0.close();
    const w1 = AlertStoreWriter.open({ ...settings, maxAgeMs: 0, maxRows: 250 });
    assert.equal(w1.rowCount, 600);
    assert.equal(w1.overLimit, true);
    assert.equal(w1.retain(nowMs), 350);
    w1.close();
    const left = rows(
      settings.path,
      'SELECT min(id) AS lo, max(id) AS hi, count(*) AS n, min(time) / 1000000 AS t FROM alerts',
    )[0];
    assert.deepEqual({ lo: left.lo, hi: left.hi, n: left.n }, { lo: 751, hi: 1000, n: 250 });
    assert.ok(Number(left.t) >= beforeMs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after SIGKILL in the middle of writing, the store opens and holds every committed alert, whole batches only', async () => {
  const { dir, settings } = tempStore();
  try {
    const child = spawn(NODE, [fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url)), settings.path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let committed = 0;
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        for (const m of d.matchAll(/committed (\d+)/g)) committed = Math.max(committed, Number(m[1]));
        // Killed while it keeps writing: the next batch is on its way.
        if (committed >= 3000 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    assert.ok(existsSync(`${settings.path}-wal`), 'the kill left a write-ahead log to recover');
    const db = new DatabaseSync(settings.path);
    try {
      assert.equal((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
      const r = db.prepare('SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM alerts').get() as Record<
        string,
        number
      >;
      assert.ok(r.n >= committed, `${r.n} rows, ${committed} reported committed`);
      assert.equal(r.n % 100, 0, 'only whole transactions');
      assert.deepEqual([r.lo, r.hi], [1, r.n]);
      const last = db.prepare('SELECT output_fields FROM alerts WHERE id = ?').get(r.n) as { output_fields: string };
      assert.match(last.output_fields, new RegExp(`x ${r.n - 1}"`));
      // the counts per minute were committed with their alerts, in the same transactions
      const counts = db.prepare('SELECT minute, rule, priority, hostname, n FROM alert_counts ORDER BY 1, 2, 3, 4');
      const truth = db.prepare(
        'SELECT time / 60000000000 AS minute, rule, priority, hostname, count(*) AS n FROM alerts GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4',
      );
      assert.deepEqual(counts.all(), truth.all());
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('as an output channel: alerts emitted go through the queue and land in the store, in order', async () => {
  const { dir, settings } = tempStore();
  try {
    const outputs = new Outputs([alertStoreChannel(settings)], {
      json: true,
      envelope: { includeOutput: true, includeTags: true, includeMessage: false, includeOutputFields: true },
      hostname: 'h',
      capacity: 10_000,
      retryInitialMs: 5,
      retryMaxMs: 50,
      reportIntervalMs: 60_000,
    });
    for (let i = 0; i < 1234; i++) outputs.emit(storeAlert(i, { rule: i % 2 === 0 ? 'Even' : 'Odd' }));
    assert.equal(await outputs.drain(10_000), true);
    const stats = outputs.stats()[0];
    assert.equal(stats.name, 'alert_store');
    assert.equal(stats.delivered, 1234);
    await outputs.close(1000);
    const r = AlertReader.open(settings.path);
    const page = JSON.parse(r.page(parseFilter(new URLSearchParams('rule=Odd')), 5).json);
    r.close();
    assert.equal(page.total, 617);
    assert.equal(page.alerts[0].output_fields['proc.cmdline'], 'cat /etc/shadow-1233');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a store path that cannot be used is an error naming the key and the file', () => {
  const { dir } = tempStore();
  try {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    // root ignores directory permissions: use a path below a regular file instead
    const path = process.getuid?.() === 0 ? join(dir, 'alerts.db', 'x', 'alerts.db') : join(ro, 'alerts.db');
    if (process.getuid?.() === 0)
      AlertStoreWriter.open({ path: join(dir, 'alerts.db'), maxAgeMs: 0, maxRows: 0 }).close();
    assert.throws(
      () => alertStoreChannel({ path, maxAgeMs: 0, maxRows: 0 }),
      (err: Error) => err.message.startsWith('alert_store.path: ') && err.message.includes(path.split('/x/')[0]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('closing the channel keeps the process alive until the writer thread is done (nothing else running)', async () => {
  const { dir, settings } = tempStore();
  try {
    const child = spawn(NODE, [fileURLToPath(new URL('./fixtures/close-at-end.ts', import.meta.url)), settings.path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    const code = await new Promise((resolve) => child.once('close', resolve));
    // It used to end with "Warning: Detected unsettled top-level await" and exit 13 before printing.
    assert.equal(code, 0, err);
    assert.equal(out, 'closed\n');
    assert.equal(existsSync(`${settings.path}-wal`), false, 'closed with the WAL checkpointed');
    assert.equal(rows(settings.path, 'SELECT count(*) AS n FROM alerts')[0].n, 5000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('insertOnce (the fleet console): a message id already stored is not stored again, across reopening', () => {
  const { dir, settings } = tempStore();
  try {
    const w = AlertStoreWriter.open(settings);
    const items = [1, 2, 3].map((i) => ({ id: `spool-${i}`, alert: storeAlert(i) }));
    assert.equal(w.insertOnce(items), 3);
    // the server delivers two of them again, with one new
    assert.equal(w.insertOnce([items[0], items[2], { id: 'spool-4', alert: storeAlert(4) }]), 1);
    w.close();
    // a console restarted on the same store gets the same messages again
    const again = AlertStoreWriter.open(settings);
    assert.equal(again.insertOnce(items), 0);
    assert.equal(again.rowCount, 4);
    again.close();
    assert.equal(rows(settings.path, 'SELECT count(*) AS n FROM alerts')[0].n, 4);
    // two different alerts with the same time, rule and output are two alerts: the key is the message id
    const twin = AlertStoreWriter.open(settings);
    assert.equal(twin.insertOnce([{ id: 'spool-5', alert: storeAlert(1) }]), 1);
    twin.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
