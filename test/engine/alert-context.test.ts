// The alert context cache (src/engine/alert-context.ts): a thread's second alert reuses the process part of its
// first one's context only while nothing that part reads has changed. A process that chdirs, changes its uid or
// execs between two alerts, or whose parent appears in the thread table, shows the new values in the next alert.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventTypeMap, fieldRegistry } from '../../src/app/rules-env.ts';
import { code } from '../../src/capture/codes.ts';
import { cachedPerThread } from '../../src/engine/alert-context.ts';
import { Detector } from '../../src/engine/detector.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { Alert } from '../../src/outputs/alert.ts';
import { loadRules } from '../../src/rules/loader.ts';
import type { Event } from '../../src/state/event.ts';
import { ALERT_CONTEXT_FIELDS, CONTEXT_INDEX } from '../../src/store/context.ts';
import { type SyntheticEvent, type SyntheticThread, syntheticCapture } from '../helpers/synthetic-capture.ts';

const OPENAT_X = code('SYSCALL_OPENAT_2_X');
const CLOSE_X = code('SYSCALL_CLOSE_X');
const CHDIR_X = code('SYSCALL_CHDIR_X');
const SETUID_X = code('SYSCALL_SETUID_X');
const EXECVE_X = code('SYSCALL_EXECVE_19_X');
const CONTAINER_JSON_E = code('CONTAINER_JSON_E');
const USER_ADDED_E = code('USER_ADDED_E');

const RULES = `
- rule: Opens
  desc: every successful openat
  condition: evt.type = openat and evt.res >= 0
  output: "%proc.name opened %fd.name"
  priority: WARNING
`;

const BASH = 100;
/** bash's parent: not in the process list, so its first event makes a placeholder in the thread table. */
const PARENT = 1; // the synthetic process list's parent of every thread
const T0 = 1_700_000_000_000_000_000n;

const utf8 = new TextEncoder();
const nulList = (xs: readonly string[]) => utf8.encode(xs.map((x) => `${x}\0`).join(''));

function open(i: number, name: string, tid = BASH): SyntheticEvent {
  return { type: OPENAT_X, tid, ts: T0 + BigInt(i) * 1000n, params: [3 + i, -100, name, 0, 0, 0, 0] };
}

/** execve of `exe` by bash, as the sensor's exit carries it. */
function execve(i: number, exe: string, args: readonly string[]): SyntheticEvent {
  const comm = exe.slice(exe.lastIndexOf('/') + 1);
  const params = [
    0, // res
    exe,
    nulList(args),
    BASH, // tid
    BASH, // pid
    PARENT, // ptid
    '', // cwd
    1024, // fdlimit
    0,
    0,
    0,
    0,
    0, // page faults, vm sizes
    comm,
    nulList([]), // cgroups
    nulList([]), // env
    0, // tty
    BASH, // vpgid
    0, // loginuid
    0, // flags
    0n,
    0n,
    0n, // capabilities
    0, // exe_ino
    0n,
    0n, // exe ctime, mtime
    1000, // uid (the setuid before it stays)
    exe, // trusted_exepath
    BASH, // pgid
    0, // gid
    exe, // filename
  ];
  return { type: EXECVE_X, tid: BASH, ts: T0 + BigInt(i) * 1000n, params };
}

/** The alerts of the capture, with the context cache on or off, and the cache's hit count. */
function replay(
  events: readonly SyntheticEvent[],
  contextCache: boolean,
  threads: readonly SyntheticThread[] = [{ tid: BASH, comm: 'bash', cwd: '/root' }],
): { alerts: Alert[]; hits: number } {
  const res = loadRules<Event>([{ name: 'opens.yaml', content: RULES }], {
    registry: fieldRegistry<Event>(),
    eventTypes: eventTypeMap,
    ruleMatching: 'all',
    alertContextFields: ALERT_CONTEXT_FIELDS,
  });
  assert.ok(res.ruleset !== undefined, JSON.stringify(res.files.map((f) => f.errors)));
  const alerts: Alert[] = [];
  const detector = new Detector(res.ruleset, (a) => alerts.push(a), {
    hostname: 'host',
    timeFormatIso8601: false,
    contextCache,
  });
  const engine = new Engine(detector, { hostname: 'host' });
  assert.equal(engine.blocks.push(syntheticCapture(threads, events)), undefined);
  assert.equal(engine.blocks.end(), undefined);
  return { alerts, hits: detector.contextCache?.hits ?? 0 };
}

const field = (a: Alert, name: string) => a.context?.[CONTEXT_INDEX.get(name) as number];

test("the context every alert carries follows the process's changes between its alerts", () => {
  const events: SyntheticEvent[] = [
    open(1, '/etc/a'),
    open(2, '/etc/b'),
    { type: CHDIR_X, tid: BASH, ts: T0 + 3000n, params: [0, '/tmp'] },
    open(4, '/etc/c'),
    { type: SETUID_X, tid: BASH, ts: T0 + 5000n, params: [0, 1000] },
    open(6, '/etc/d'),
    { type: CLOSE_X, tid: PARENT, ts: T0 + 7000n, params: [0] },
    open(8, '/etc/e'),
    execve(9, '/usr/bin/id', ['-u']),
    open(10, '/etc/f'),
    open(11, '/etc/g'),
  ];
  const { alerts, hits } = replay(events, true);
  const show = (name: string) => alerts.map((a) => field(a, name));
  assert.deepEqual(show('fd.name'), ['/etc/a', '/etc/b', '/etc/c', '/etc/d', '/etc/e', '/etc/f', '/etc/g']);
  assert.deepEqual(show('evt.type'), Array(7).fill('openat'));
  assert.deepEqual(show('proc.cwd'), ['/root/', '/root/', '/tmp/', '/tmp/', '/tmp/', '/tmp/', '/tmp/']);
  assert.deepEqual(show('user.uid'), [0, 0, 0, 1000, 1000, 1000, 1000]);
  // the parent's first event (a close, which changes no process) put it in the table: it has a name now
  assert.deepEqual(show('proc.aname[1]'), [null, null, null, null, '<NA>', '<NA>', '<NA>']);
  assert.deepEqual(show('proc.name'), ['bash', 'bash', 'bash', 'bash', 'bash', 'id', 'id']);
  assert.deepEqual(show('proc.exepath'), Array(5).fill('/usr/bin/bash').concat(['/usr/bin/id', '/usr/bin/id']));
  assert.deepEqual(show('proc.cmdline'), ['bash', 'bash', 'bash', 'bash', 'bash', 'id -u', 'id -u']);
  // the second alert of each run came from the cache: /etc/b and /etc/g
  assert.equal(hits, 2);
  // and every context is the one a full extraction gives
  const reference = replay(events, false);
  assert.equal(reference.hits, 0);
  assert.deepEqual(
    alerts.map((a) => a.context),
    reference.alerts.map((a) => a.context),
  );
});

test("a container's metadata and a user added between two alerts show in the second", () => {
  const id = 'a1b2c3d4e5f6';
  const nginx = { tid: 200, comm: 'nginx', cgroups: [`cpuset=/docker/${id.repeat(5)}0123`] };
  const json = JSON.stringify({
    container: { id, type: 0, name: 'web', image: 'nginx:1.27', imagerepo: 'nginx', imagetag: '1.27' },
  });
  const events: SyntheticEvent[] = [
    open(1, '/etc/a', nginx.tid),
    open(2, '/etc/b', nginx.tid),
    { type: CONTAINER_JSON_E, tid: 0, ts: T0 + 3000n, params: [json] },
    open(4, '/etc/c', nginx.tid),
    { type: USER_ADDED_E, tid: 0, ts: T0 + 5000n, params: [0, 0, 'root', '/root', '/bin/sh', ''] },
    open(6, '/etc/d', nginx.tid),
    open(7, '/etc/e', nginx.tid),
  ];
  const { alerts, hits } = replay(events, true, [nginx]);
  const show = (name: string) => alerts.map((a) => field(a, name));
  assert.deepEqual(show('container.id'), Array(5).fill(id));
  assert.deepEqual(show('container.name'), [null, null, 'web', 'web', 'web']);
  assert.deepEqual(show('container.image.repository'), [null, null, 'nginx', 'nginx', 'nginx']);
  assert.deepEqual(show('user.name'), [null, null, null, 'root', 'root']);
  assert.equal(hits, 2);
  assert.deepEqual(
    alerts.map((a) => a.context),
    replay(events, false, [nginx]).alerts.map((a) => a.context),
  );
});

test('each alert gets its own context array, even from the cache', () => {
  const { alerts, hits } = replay([open(1, '/etc/a'), open(2, '/etc/b'), open(3, '/etc/c')], true);
  assert.equal(hits, 2);
  assert.notEqual(alerts[1].context, alerts[2].context);
  (alerts[1].context as unknown[])[CONTEXT_INDEX.get('proc.name') as number] = 'changed';
  assert.equal(field(alerts[2], 'proc.name'), 'bash');
});

test('only the per-event fields of the context are extracted on every alert', () => {
  assert.deepEqual(
    ALERT_CONTEXT_FIELDS.filter((f) => !cachedPerThread(f)),
    ['evt.type', 'fd.name'],
  );
});
