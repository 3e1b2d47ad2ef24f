// The counts per minute (alert_counts) always equal the alerts they count, through inserts, a failed insert and
// retention; the console's totals, timeline and top lists read from them give the counts of the alerts themselves,
// whatever the time range (whole minutes or not); a store of schema 1 is read as it is and upgraded by its next
// writer; a text search without a time range covers the newest alerts and says from when.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import type { Alert } from '../../src/outputs/alert.ts';
import { type Priority, severity } from '../../src/rules/priority.ts';
import { parseFilter } from '../../src/store/filter.ts';
import { AlertReader } from '../../src/store/reader.ts';
import { alertRow, INSERT_SQL } from '../../src/store/row.ts';
import { AlertStoreWriter } from '../../src/store/writer.ts';
import { BASE_NS, storeAlert, tempStore } from './helpers.ts';

const RULES: [string, Priority][] = [
  ['Read sensitive file', 'Warning'],
  ['Shell in container', 'Notice'],
  ['Write below etc', 'Error'],
];

/** 3000 alerts over 10 minutes (one every 0.2 s), three rules (each its own priority), two hosts. */
function alerts(): Alert[] {
  return Array.from({ length: 3000 }, (_, i) => {
    const [rule, priority] = RULES[(i * 7) % 3];
    return storeAlert(i, { at: i * 0.2, rule, priority, host: i % 5 === 0 ? 'db-1' : 'web-1' });
  });
}

function query(path: string, sql: string): Record<string, unknown>[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** alert_counts, and what it should hold: the alerts grouped by minute, rule, priority and host. */
function countsAndTruth(path: string): { counts: unknown[]; truth: unknown[] } {
  return {
    counts: query(path, 'SELECT minute, rule, priority, hostname, n FROM alert_counts ORDER BY 1, 2, 3, 4'),
    truth: query(
      path,
      'SELECT time / 60000000000 AS minute, rule, priority, hostname, count(*) AS n FROM alerts GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4',
    ),
  };
}

test('alert_counts equals the alerts it counts after inserts, a failed insert and retention by age and by rows', () => {
  const { dir, settings } = tempStore();
  try {
    const all = alerts();
    const w = AlertStoreWriter.open(settings);
    // batches of uneven sizes, as the channel's queue hands them over
    let i = 0;
    for (const size of [1, 7, 500, 93, 1399]) {
      w.insert(all.slice(i, i + size));
      i += size;
    }
    w.insert(all.slice(i));
    let { counts, truth } = countsAndTruth(settings.path);
    assert.equal(truth.length > 20, true);
    assert.deepEqual(counts, truth);

    // An insert that fails leaves neither its alerts nor its counts.
    const bad = { ...storeAlert(9999), time: 'soon' as unknown as bigint };
    assert.throws(() => w.insert([storeAlert(9998, { at: 30 }), bad]));
    ({ counts, truth } = countsAndTruth(settings.path));
    assert.deepEqual(counts, truth);
    w.close();

    // max_age: the cutoff falls in the middle of a minute (BASE + 250.5 s)
    const nowMs = Number(BASE_NS / 1_000_000n) + 250_500 + 3_600_000;
    const aged = AlertStoreWriter.open({ ...settings, maxAgeMs: 3_600_000, maxRows: 0 });
    assert.equal(aged.retain(nowMs), 1253);
    aged.close();
    ({ counts, truth } = countsAndTruth(settings.path));
    assert.deepEqual(counts, truth);
    assert.equal(query(settings.path, 'SELECT count(*) AS n FROM alert_counts WHERE n <= 0')[0].n, 0);

    // max_rows: the oldest beyond 1000 go
    const capped = AlertStoreWriter.open({ ...settings, maxAgeMs: 0, maxRows: 1000 });
    assert.equal(capped.retain(nowMs), 747);
    capped.close();
    ({ counts, truth } = countsAndTruth(settings.path));
    assert.deepEqual(counts, truth);
    assert.equal(query(settings.path, 'SELECT sum(n) AS n FROM alert_counts')[0].n, 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The alerts a filter keeps, counted in JavaScript: the answer the store must give. */
function truthOf(all: readonly Alert[], keep: (a: Alert) => boolean): Alert[] {
  return all.filter(keep);
}

const SEC = 1_000_000_000n;
const at = (seconds: number): bigint => BASE_NS + BigInt(Math.round(seconds * 1000)) * 1_000_000n;

test('totals, the timeline and the top lists from alert_counts equal the alerts, whole minutes or not', () => {
  const { dir, settings } = tempStore();
  try {
    const all = alerts();
    const w = AlertStoreWriter.open(settings);
    w.insert(all);
    w.close();
    const r = AlertReader.open(settings.path);
    const total = (q: string): number => JSON.parse(r.page(parseFilter(new URLSearchParams(q)), 1).json).total;
    // since and until in the middle of minutes: the ends are counted from the alerts, the rest from the counts
    const since = at(61.3);
    const until = at(487.9);
    const cases: [string, (a: Alert) => boolean][] = [
      ['', () => true],
      [`rule=${RULES[1][0]}`, (a) => a.rule === RULES[1][0]],
      ['priority=warning', (a) => severity(a.priority) <= 4],
      ['host=db-1', (a) => a.hostname === 'db-1'],
      [`since=${since}&until=${until}`, (a) => a.time >= since && a.time < until],
      [
        `since=${since}&until=${until}&rule=${RULES[0][0]}&rule=${RULES[2][0]}&host=web-1`,
        (a) => a.time >= since && a.time < until && a.rule !== RULES[1][0] && a.hostname === 'web-1',
      ],
      [`since=${at(120)}&until=${at(180)}`, (a) => a.time >= at(120) && a.time < at(180)],
      [`since=${at(130.5)}&until=${at(131)}`, (a) => a.time >= at(130.5) && a.time < at(131)],
      // filters the counts do not have: counted from the alerts
      ['process=cat&priority=error', (a) => severity(a.priority) <= 3],
    ];
    for (const [q, keep] of cases) {
      const expected = truthOf(all, keep);
      assert.equal(total(q), expected.length, `total of '${q}'`);
      const top = JSON.parse(r.top(parseFilter(new URLSearchParams(q)), 'rule', 10));
      const byRule = new Map<string, number>();
      for (const a of expected) byRule.set(a.rule, (byRule.get(a.rule) ?? 0) + 1);
      assert.deepEqual(
        top.items.map((x: { value: string; count: number }) => [x.value, x.count]),
        // most first, then by name
        [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
        `top rules of '${q}'`,
      );
      // the timeline: every alert in the bucket its time falls in
      const c = JSON.parse(r.counts(parseFilter(new URLSearchParams(q)), 'priority', 7));
      const start = BigInt(Math.round(c.times[0] * 1000)) * 1_000_000n;
      const width = BigInt(c.bucket_seconds) * SEC;
      const want = new Map<string, number[]>();
      for (const a of expected) {
        const b = Number((a.time - start) / width);
        const s = want.get(a.priority) ?? new Array(c.times.length).fill(0);
        s[b]++;
        want.set(a.priority, s);
      }
      for (const s of c.series as { key: string; counts: number[] }[]) {
        assert.deepEqual(s.counts, want.get(s.key) ?? new Array(c.times.length).fill(0), `${s.key} in '${q}'`);
      }
    }
    // a timeline over ten minutes in seven buckets: whole minutes (two each), starting on a minute
    const c = JSON.parse(r.counts(parseFilter(new URLSearchParams()), 'priority', 7));
    assert.equal(c.bucket_seconds, 120);
    assert.equal(c.times[0] % 60, 0);
    r.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The schema of store version 1, as Peregrine wrote it before the counts per minute. */
const SCHEMA_V1 = `
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, priority INTEGER NOT NULL, rule TEXT NOT NULL,
  source TEXT NOT NULL, hostname TEXT NOT NULL, container_id TEXT NOT NULL, container_name TEXT NOT NULL,
  image TEXT NOT NULL, proc_name TEXT NOT NULL, output TEXT NOT NULL, tags TEXT NOT NULL,
  output_fields TEXT NOT NULL, context TEXT
) STRICT;
CREATE INDEX alerts_time ON alerts (time, priority);
CREATE INDEX alerts_rule ON alerts (rule, time);
CREATE INDEX alerts_priority ON alerts (priority, time);
CREATE INDEX alerts_host ON alerts (hostname, time);
CREATE INDEX alerts_container ON alerts (container_id, time);
CREATE INDEX alerts_process ON alerts (proc_name, time);
PRAGMA user_version = 1;
`;

/** Version 1 as main wrote it once the fleet console came: the same, plus the message ids it ingested. */
const INGESTED_V1 = `
CREATE TABLE ingested (msg_id TEXT PRIMARY KEY, time INTEGER NOT NULL) WITHOUT ROWID, STRICT;
`;

for (const withIngested of [false, true]) {
  test(`a version-1 store${withIngested ? " with ingested message ids (a fleet console's)" : ''} is read as it is, and upgraded by its next writer without losing an alert`, () => {
    const { dir, settings } = tempStore();
    try {
      const all = alerts();
      const db = new DatabaseSync(settings.path);
      db.exec('PRAGMA journal_mode = WAL');
      db.exec(SCHEMA_V1);
      if (withIngested) db.exec(INGESTED_V1);
      const st = db.prepare(INSERT_SQL);
      const id = withIngested ? db.prepare('INSERT INTO ingested (msg_id, time) VALUES (?, ?)') : undefined;
      db.exec('BEGIN');
      all.forEach((a, i) => {
        st.run(...alertRow(a));
        id?.run(`msg-${i}`, a.time);
      });
      db.exec('COMMIT');
      db.close();

      const answers = (): string[] => {
        const r = AlertReader.open(settings.path);
        try {
          return [
            r.page(parseFilter(new URLSearchParams(`rule=${RULES[2][0]}&since=${at(100.5)}`)), 5).json,
            r.top(parseFilter(new URLSearchParams('priority=notice')), 'rule', 5),
            r.summary(),
          ];
        } finally {
          r.close();
        }
      };
      const before = answers();
      assert.equal(JSON.parse(before[2]).alerts, 3000);

      AlertStoreWriter.open(settings).close();
      assert.equal(query(settings.path, 'PRAGMA user_version')[0].user_version, 2);
      const indexes = query(
        settings.path,
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
      );
      assert.equal(
        indexes.some((i) => i.name === 'alerts_priority'),
        false,
      );
      assert.match(String(indexes.find((i) => i.name === 'alerts_time')?.sql), /\(time, priority, output\)/);
      let { counts, truth } = countsAndTruth(settings.path);
      assert.deepEqual(counts, truth);
      assert.equal(query(settings.path, 'SELECT count(*) AS n FROM alerts')[0].n, 3000);
      assert.deepEqual(answers(), before);

      // The fleet console goes on after the upgrade: the messages stored before it are not stored again, new ones
      // are, and counted.
      const w = AlertStoreWriter.open(settings);
      const again = [0, 1, 2].map((i) => ({ id: `msg-${i}`, alert: all[i] }));
      const fresh = { id: 'msg-new', alert: storeAlert(3001, { at: 700, rule: RULES[0][0] }) };
      assert.equal(w.insertOnce([...again, fresh]), withIngested ? 1 : 4);
      w.close();
      ({ counts, truth } = countsAndTruth(settings.path));
      assert.deepEqual(counts, truth);
      assert.equal(query(settings.path, 'SELECT sum(n) AS n FROM alert_counts')[0].n, withIngested ? 3001 : 3004);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('insertOnce (the fleet console): a redelivered message is neither stored nor counted twice; retention forgets the ids of the alerts it removes', () => {
  const { dir, settings } = tempStore();
  try {
    const all = alerts();
    const items = all.map((alert, i) => ({ id: `host-a-${i}`, alert }));
    const w = AlertStoreWriter.open(settings);
    assert.equal(w.insertOnce(items.slice(0, 2000)), 2000);
    // the server delivers 1500 to 2000 again (the console stopped before acknowledging them), with the rest
    assert.equal(w.insertOnce(items.slice(1500)), 1000);
    assert.equal(w.insertOnce(items.slice(0, 10)), 0);
    assert.equal(w.rowCount, 3000);
    w.close();
    let { counts, truth } = countsAndTruth(settings.path);
    assert.deepEqual(counts, truth);
    assert.equal(query(settings.path, 'SELECT sum(n) AS n FROM alert_counts')[0].n, 3000);

    // A batch that fails stores no alert, no count and no id: its messages are stored when delivered again.
    const reopened = AlertStoreWriter.open(settings);
    const bad = { id: 'host-a-bad', alert: { ...storeAlert(9999), time: 'soon' as unknown as bigint } };
    const late = { id: 'host-a-late', alert: storeAlert(9998) };
    assert.throws(() => reopened.insertOnce([late, bad]));
    assert.equal(reopened.insertOnce([late]), 1);
    ({ counts, truth } = countsAndTruth(settings.path));
    assert.deepEqual(counts, truth);

    // Retention by rows: the oldest 1001 go, with their counts and their message ids.
    reopened.close();
    const capped = AlertStoreWriter.open({ ...settings, maxRows: 2000 });
    assert.equal(capped.retain(), 1001);
    capped.close();
    ({ counts, truth } = countsAndTruth(settings.path));
    assert.deepEqual(counts, truth);
    const oldest = '(SELECT min(time) FROM alerts)';
    assert.equal(query(settings.path, `SELECT count(*) AS n FROM ingested WHERE time < ${oldest}`)[0].n, 0);
    assert.equal(query(settings.path, `SELECT count(*) AS n FROM ingested WHERE time >= ${oldest}`)[0].n, 2000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a text search without a time range covers the newest alerts, says from when, and pages within that', () => {
  const { dir, settings } = tempStore();
  try {
    // 60 alerts one second apart; every third mentions curl
    const all = Array.from({ length: 60 }, (_, i) => storeAlert(i, { at: i, proc: i % 3 === 0 ? 'curl' : 'cat' }));
    const w = AlertStoreWriter.open(settings);
    w.insert(all);
    const r = AlertReader.open(settings.path, 20);
    const first = JSON.parse(r.page(parseFilter(new URLSearchParams('q=CURL')), 3).json);
    // the newest 20 alerts (40…59) hold 6 with curl (42, 45, …, 57): the 20th newest is alert 40
    assert.equal(first.total, 6);
    assert.equal(first.search_since, '2025-11-24T16:00:40.000000040Z');
    assert.deepEqual(
      first.alerts.map((a: { output_fields: Record<string, string> }) => a.output_fields['fd.name']),
      ['/etc/shadow-57', '/etc/shadow-54', '/etc/shadow-51'],
    );
    // New alerts do not move the window of the pages that follow.
    w.insert(Array.from({ length: 10 }, (_, i) => storeAlert(60 + i, { at: 60 + i, proc: 'curl' })));
    let next = first.next;
    const rest: string[] = [];
    while (next !== null) {
      const p = JSON.parse(r.page(parseFilter(new URLSearchParams('q=curl')), 3, next).json);
      assert.equal(p.search_since, first.search_since);
      rest.push(...p.alerts.map((a: { output_fields: Record<string, string> }) => a.output_fields['fd.name']));
      next = p.next;
    }
    assert.deepEqual(rest, ['/etc/shadow-48', '/etc/shadow-45', '/etc/shadow-42']);
    // With a start time, the search covers it all, and says nothing of a window.
    const everything = JSON.parse(r.page(parseFilter(new URLSearchParams(`q=curl&since=${BASE_NS}`)), 50).json);
    assert.equal(everything.total, 30);
    assert.equal('search_since' in everything, false);
    // A search that matches nothing in the window: none found, and the window named.
    const old = JSON.parse(r.page(parseFilter(new URLSearchParams('q=shadow-3 ')), 50).json);
    assert.equal(old.total, 0);
    assert.equal(typeof old.search_since, 'string');
    // A store smaller than the window: the search covers it all.
    const small = AlertReader.open(settings.path, 1000);
    assert.equal('search_since' in JSON.parse(small.page(parseFilter(new URLSearchParams('q=curl')), 5).json), false);
    small.close();
    r.close();
    w.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
