// The kernel prefilter, live (root, the built sensor, the real kernel). The workload is test/live/fixtures/pfwork.c,
// working in a fresh directory so that its events are told apart from the rest of the machine.
//
//   - the loader with prefilter tables: open/close pairs and failed opens no rule can match are dropped and counted;
//     the first open of a descriptor, an open whose descriptor a later event reads, opens of a renamed thread and
//     of a multi-threaded process are sent, before what reads them;
//   - peregrine live with the prefilter on and off (engine.modern_ebpf.prefilter): the same alerts for the workload;
//   - a recording of the workload replays to the same alerts with the prefilter simulated as without;
//   - a rules reload switches to rules that need what the old prefilter dropped, with no event lost between.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { prefilterCounts, type SensorStats } from '../../src/capture/live-source.ts';
import { selectSyscalls } from '../../src/capture/syscall-set.ts';
import { compilePrefilter, offProgram } from '../../src/engine/prefilter/compile.ts';
import { prefilterCommand } from '../../src/engine/prefilter/encode.ts';
import { capturedCodes, simulateCapture } from '../../src/engine/prefilter/simulate.ts';
import { ROOT } from '../helpers/cli.ts';
import { loadRuleset, replayAlerts } from '../helpers/replay-alerts.ts';
import {
  type DecodedCapture,
  type DecodedEvent,
  decodeCapture,
  killSensors,
  sensorUnavailable,
  startSensor,
} from '../sensor/helpers/sensor.ts';
import { type JsonAlert, killLiveRuns, startLive, UPSTREAM_RULES } from './helpers/live.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-prefilter-'));
const PFWORK = join(dir, 'pfwork');
const DEFAULT_RULES = join(ROOT, 'rules/peregrine_rules.yaml');

before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the prefilter's live tests ${why}`);
  await run('cc', ['-O1', '-Wall', '-pthread', '-o', PFWORK, join(ROOT, 'test/live/fixtures/pfwork.c')]);
});
after(() => {
  killSensors();
  killLiveRuns();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh working directory for one run of the workload. */
function workDir(name: string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  return d;
}

/** A rules file; conditions may name the run's directory as WORK. */
function rulesFile(name: string, work: string, conditions: string[]): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    conditions
      .map(
        (c, i) =>
          `- rule: ${name} ${i}\n  desc: probe\n  condition: ${JSON.stringify(c.replaceAll('WORK', work))}\n` +
          '  output: "probe fd=%fd.name fdnum=%fd.num args=%evt.args proc=%proc.name type=%evt.type"\n' +
          '  priority: WARNING\n  warn_evttypes: false\n',
      )
      .join(''),
  );
  return path;
}

/** The probes on the workload: opens no other rule wants, and the descriptors later events read. */
function probeRules(name: string, work: string): string {
  return rulesFile(name, work, [
    'evt.type in (open, openat) and fd.name = WORK/before-rename and proc.name = pfwork',
    'evt.type in (open, openat) and fd.name = WORK/renamed and proc.name = pfwork',
    'evt.type in (fchmod, dup2, dup3) and fd.name startswith WORK',
    'evt.type in (open, openat) and fd.name = WORK/sentinel',
  ]);
}

// ---- the loader with prefilter tables ----

/** Captures while `action` runs, with the tables compiled from `rules` in force. */
async function captureFiltered(
  name: string,
  rules: readonly string[],
  action: () => Promise<unknown>,
  mode: 'tracepoint' | 'raw' = 'tracepoint',
): Promise<{ d: DecodedCapture; stats: Record<string, number> }> {
  const ruleset = loadRuleset(rules);
  const file = join(dir, `${name}.scap`);
  const syscalls = selectSyscalls(ruleset.eventCodes()).native;
  const sensor = startSensor([
    '--output',
    file,
    '--syscalls',
    syscalls.join(','),
    '--stats-interval',
    '100000',
    '--mode',
    mode,
  ]);
  await sensor.ready;
  sensor.command(prefilterCommand(compilePrefilter([ruleset.enabled])));
  const ack = await sensor.next('prefilter');
  assert.equal(ack.error, undefined);
  assert.equal(ack.active, 1);
  await action();
  assert.equal(await sensor.stop(), 0);
  const last = sensor.statuses.filter((s) => s.type === 'stats').at(-1) as { cpus: Record<string, number>[] };
  const stats: Record<string, number> = {};
  for (const c of last.cpus) for (const [k, v] of Object.entries(c)) stats[k] = (stats[k] ?? 0) + v;
  return { d: await decodeCapture(file), stats };
}

/** The time of the execve event of `tid` into pfcopy. */
const execOf = (d: DecodedCapture, tid: number): bigint => {
  const e = d.events.find((x) => x.tid === tid && x.name === 'execve' && x.p.comm === 'pfcopy');
  assert.ok(e !== undefined, 'the exec into pfcopy was captured');
  return e.ts;
};

const named = (d: DecodedCapture, path: string) =>
  d.events.filter((e) => (e.name === 'openat' || e.name === 'open') && e.p.name === path);

describe('the loader with prefilter tables', () => {
  for (const mode of ['tracepoint', 'raw'] as const) {
    test(`open/close pairs and failed opens no rule can match are dropped and counted (${mode} mode)`, async () => {
      const work = workDir(`pairs-${mode}`);
      const rules = [rulesFile('nothing-here', work, ['evt.type in (open, openat) and fd.name = /etc/never-opened'])];
      const { d, stats } = await captureFiltered(
        `pairs-${mode}`,
        rules,
        async () => {
          await run(PFWORK, ['storm', work, '1000']);
          await run(PFWORK, ['failed', work, '100']);
        },
        mode,
      );
      // At most the first open of the storm is sent: only if its descriptor was not fresh yet (the dynamic
      // loader's own open/close of the same descriptor, after the exec, usually made it fresh).
      assert.ok(named(d, join(work, 'storm')).length <= 1);
      assert.equal(d.events.filter((e) => String(e.p.name).startsWith(join(work, 'missing-'))).length, 0);
      // counted, at least ours (the machine runs other processes too): 999 pairs and 100 failed opens
      assert.ok(stats.prefilter_dropped >= 2 * 999 + 100, JSON.stringify(stats));
      assert.ok(stats.prefilter_deferred >= 999, JSON.stringify(stats));
    });
  }

  test("the kernel's cached answer for a name ends with the tables it came from", async () => {
    // Each CPU keeps its last name and its class, and each thread its name's terms, keyed by the fill of the tables
    // (helpers/prefilter.h). The same name opened again under new tables that need it must be sent, not answered
    // from the old tables' cache.
    const work = workDir('recache');
    const storm = join(work, 'storm');
    const old = loadRuleset([rulesFile('recache-old', work, ['evt.type in (open, openat) and fd.name = WORK/other'])]);
    const need = loadRuleset([rulesFile('recache-new', work, ['evt.type in (open, openat) and fd.name = WORK/storm'])]);
    const file = join(dir, 'recache.scap');
    const syscalls = selectSyscalls(old.eventCodes()).native;
    const sensor = startSensor(['--output', file, '--syscalls', syscalls.join(','), '--stats-interval', '100000']);
    await sensor.ready;
    const apply = async (ruleset: typeof old) => {
      sensor.command(prefilterCommand(compilePrefilter([ruleset.enabled])));
      const ack = await sensor.next('prefilter');
      assert.equal(ack.error, undefined);
    };
    await apply(old);
    const child = spawn(PFWORK, ['storm-wait', work, '300'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await apply(need);
    child.stdin.end('go\n');
    await exited;
    // a thread's cached terms end with its name: the same name and tables, then an exec under a name a rule wants
    const copy = join(dir, 'pfcopy');
    await run('cp', [PFWORK, copy]);
    await apply(
      loadRuleset([
        rulesFile('recache-exec', work, ['evt.type in (open, openat) and fd.name = WORK/storm and proc.name = pfcopy']),
      ]),
    );
    const execd = spawn(PFWORK, ['storm-exec', work, '300', copy], { stdio: 'ignore' });
    await new Promise<void>((resolve) => execd.once('exit', () => resolve()));
    assert.equal(await sensor.stop(), 0);
    const d = await decodeCapture(file);
    const opens = named(d, storm).filter((e) => e.tid === child.pid);
    // the first storm sends at most its first open; the second, under tables that need the name, all 300
    assert.ok(opens.length >= 300 && opens.length <= 301, `${opens.length} opens of the second storm sent`);
    const afterExec = named(d, storm).filter((e) => e.tid === execd.pid && e.ts > execOf(d, execd.pid ?? 0));
    assert.equal(afterExec.length, 300, 'every open after the exec into pfcopy is sent');
  });

  test('an open whose descriptor a later event reads is sent first', async () => {
    const work = workDir('later');
    // (a rule on fchmod and dup2, so that the sensor captures them; it never matches)
    const rules = [
      rulesFile('nothing-here', work, [
        'evt.type in (open, openat) and fd.name = /etc/never-opened',
        'evt.type in (fchmod, dup2) and fd.name = /etc/never-opened',
      ]),
    ];
    const { d } = await captureFiltered('later', rules, () => run(PFWORK, ['later', work]));
    const before = (open: DecodedEvent, reader: DecodedEvent | undefined, what: string) => {
      assert.ok(reader !== undefined, `${what}: the event that reads the descriptor`);
      assert.ok(open.num < reader.num, `${what}: the open (${open.num}) comes before ${reader.name} (${reader.num})`);
    };
    for (const open of named(d, join(work, 'chmodded')))
      before(
        open,
        d.events.find((e) => e.name === 'fchmod' && e.tid === open.tid && e.num > open.num),
        'fchmod',
      );
    for (const open of named(d, join(work, 'duped')))
      before(
        open,
        d.events.find((e) => e.name === 'dup2' && e.tid === open.tid && e.num > open.num),
        'dup2',
      );
    const forked = named(d, join(work, 'forked'));
    assert.equal(forked.length, 3, 'each open before a fork is sent');
    // the i-th child's own clone event (the first thing it sends) follows the i-th open
    const children = d.events.filter((e) => e.name === 'clone' && e.p.res === 0n && e.p.ptid === BigInt(forked[0].tid));
    for (const [i, open] of forked.entries()) before(open, children[i], `child ${i}`);
    assert.equal(named(d, join(work, 'inherited')).length, 1, 'the open before the exec that inherits it');
    // replayed, every fchmod and dup2 knows the file it acts on
    const probes = loadRuleset([
      rulesFile('later-probe', work, ['evt.type in (fchmod, dup2) and fd.name startswith WORK']),
    ]);
    const alerts = (await replayAlerts(join(dir, 'later.scap'), probes)).map((a) => JSON.parse(a));
    const files = alerts.map((a) => `${a.outputFields['evt.type']} ${a.outputFields['fd.name']}`).sort();
    assert.deepEqual(files, [
      ...Array(3).fill(`dup2 ${join(work, 'duped')}`),
      ...Array(3).fill(`fchmod ${join(work, 'chmodded')}`),
      ...Array(3).fill(`fchmod ${join(work, 'duped')}`),
      ...Array(3).fill(`fchmod ${join(work, 'forked')}`),
      `fchmod ${join(work, 'inherited')}`,
    ]);
  });

  test("a thread renamed since its exec: its opens are sent (the state still has the exec's name)", async () => {
    const work = workDir('renamed');
    const rules = [
      rulesFile('by-name', work, ['evt.type in (open, openat) and proc.name = pfwork and fd.name startswith WORK']),
    ];
    const { d } = await captureFiltered('renamed', rules, () => run(PFWORK, ['renamed', work, 'pfrenamed']));
    assert.equal(named(d, join(work, 'before-rename')).length, 1);
    assert.equal(named(d, join(work, 'renamed')).length, 3);
  });

  test('a process whose descriptor table is shared (threads) keeps its opens', async () => {
    const work = workDir('threads');
    const rules = [rulesFile('nothing-here', work, ['evt.type in (open, openat) and fd.name = /etc/never-opened'])];
    const { d } = await captureFiltered('threads', rules, () => run(PFWORK, ['threads', work, '50']));
    assert.equal(named(d, join(work, 'thread-0')).length + named(d, join(work, 'thread-1')).length, 100);
  });

  test('prefilter off, and tables the loader refuses', async () => {
    const file = join(dir, 'off.scap');
    const sensor = startSensor(['--output', file, '--syscalls', '257,3']);
    await sensor.ready;
    sensor.command('prefilter AAAAAAAA');
    const bad = await sensor.next('prefilter');
    assert.equal(bad.error, 'not a prefilter table (bad magic)');
    assert.equal(bad.active, 0);
    sensor.command('prefilter off');
    assert.equal((await sensor.next('prefilter')).active, 0);
    const work = workDir('off');
    await run(PFWORK, ['storm', work, '100']);
    assert.equal(await sensor.stop(), 0);
    assert.equal(named(await decodeCapture(file), join(work, 'storm')).length, 100);
  });
});

// ---- peregrine live, and recordings ----

const RULES = (probes: string) => [...UPSTREAM_RULES, DEFAULT_RULES, probes];

/** What must agree between two runs of the workload: the alert without times, pids and the run's directory. */
function comparable(a: JsonAlert, work: string): string {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a.output_fields)) {
    if (/^(evt\.time|proc\.pid|proc\.ppid|thread\.tid|proc\.vpid|proc\.sid|proc\.vpgid)/.test(k)) continue;
    // the run's files are new in each run: their directory and inode numbers differ
    fields[k] = typeof v === 'string' ? v.replaceAll(work, 'WORK').replace(/ ino=\d+/g, ' ino=N') : v;
  }
  return JSON.stringify({ rule: a.rule, priority: a.priority, fields });
}

const byWorkload = (work: string) => (a: JsonAlert) =>
  ['pfwork', 'pfrenamed'].includes(String(a.output_fields['proc.name'])) ||
  String(a.output_fields['fd.name'] ?? '').startsWith(work);

/** Runs the workload under peregrine; the alerts it raised and the sensor's prefilter counters. */
async function liveRun(name: string, extra: string[]): Promise<{ alerts: string[]; dropped: number }> {
  const work = workDir(name);
  const live = startLive([
    ...RULES(probeRules(name, work)).flatMap((r) => ['-r', r]),
    '-o',
    'log_level=debug',
    ...extra,
  ]);
  await live.ready;
  await run(PFWORK, ['all', work]);
  // the sentinel's alert comes after every event of the workload has been through the rules
  writeFileSync(join(work, 'sentinel'), '');
  const seen = new Promise<void>((resolve) => {
    let text = '';
    live.child.stdout?.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes(join(work, 'sentinel'))) resolve();
    });
  });
  await run('cat', [join(work, 'sentinel')]);
  await seen;
  const out = await live.stop();
  assert.equal(out.code, 0, out.stderr);
  const counters = /sensor: final counters (\{.*\})/.exec(out.stderr)?.[1];
  assert.ok(counters !== undefined, 'the final counters are logged');
  return {
    alerts: out.alerts
      .filter(byWorkload(work))
      .map((a) => comparable(a, work))
      .sort(),
    dropped: prefilterCounts(JSON.parse(counters) as SensorStats).dropped,
  };
}

test('peregrine live: the workload raises the same alerts with the prefilter on and off', async () => {
  const on = await liveRun('live-on', []);
  const off = await liveRun('live-off', ['-o', 'engine.modern_ebpf.prefilter=false']);
  assert.ok(on.dropped > 400, `the prefilter dropped ${on.dropped} events`);
  assert.equal(off.dropped, 0, 'engine.modern_ebpf.prefilter=false turns it off');
  // Falco's rules fire on the workload (sensitive reads), and so do the probes (descriptors read later, names)
  const rules = new Set(on.alerts.map((a) => JSON.parse(a).rule));
  assert.ok(rules.has('Read sensitive file untrusted'), [...rules].join(', '));
  assert.ok(rules.has('Directory traversal monitored file read'), [...rules].join(', '));
  assert.ok([...rules].some((r) => r.startsWith('live-on')));
  assert.deepEqual(
    on.alerts.map((a) => a.replace(/live-on \d/, 'probe')),
    off.alerts.map((a) => a.replace(/live-off \d/, 'probe')),
  );
});

test('a recorded workload: the same alerts with the prefilter simulated as without', async () => {
  const work = workDir('recorded');
  const file = join(dir, 'recorded.scap');
  const recorder = startLive(['-w', file], {}, /Recording this host to/);
  await recorder.ready;
  await run(PFWORK, ['all', work]);
  const rec = await recorder.stop();
  assert.equal(rec.code, 0, rec.stderr);
  const ruleset = loadRuleset(RULES(probeRules('recorded', work)));
  const program = compilePrefilter([ruleset.enabled]);
  const captured = join(dir, 'recorded-as-captured.scap');
  const filtered = join(dir, 'recorded-filtered.scap');
  // as recorded (every syscall), and as the sensor captures for these rules (then opens meet their closes)
  await simulateCapture(file, program, filtered);
  const asRecorded = await replayAlerts(file, ruleset);
  assert.deepEqual(await replayAlerts(filtered, ruleset), asRecorded);
  assert.ok(asRecorded.filter((a) => a.includes(work)).length > 10, 'the probes alerted on the workload');
  const keep = capturedCodes(selectSyscalls(ruleset.eventCodes()).ppmSc);
  const base = await simulateCapture(file, offProgram('the baseline'), captured, keep);
  assert.ok(!('error' in base));
  const stats = await simulateCapture(captured, program, filtered);
  assert.ok(!('error' in stats) && stats.dropped > 400, JSON.stringify(stats));
  assert.deepEqual(await replayAlerts(filtered, ruleset), await replayAlerts(captured, ruleset));
});

test('a reload to rules that need what the old prefilter dropped loses nothing in between', async () => {
  // Under the old rules the prefilter drops the b-* opens (and their closes); after the reload only b-* matter.
  // Every a-I the old rules saw and every b-I the new ones saw must be one unbroken run: an open stamped before
  // the switch but evaluated by the new rules, yet filtered for the old ones, would leave a hole.
  const work = workDir('reload');
  const rules = join(dir, 'reload.yaml');
  const write = (glob: string) =>
    writeFileSync(
      rules,
      `- rule: opened\n  desc: d\n  condition: evt.type in (open, openat) and fd.name glob ${work}/${glob}\n` +
        '  output: "opened %fd.name"\n  priority: WARNING\n',
    );
  write('a-*');
  const live = startLive(['-r', rules, '-o', 'watch_config_files=false']);
  await live.ready;
  let text = '';
  let check = () => undefined as unknown;
  live.child.stdout?.on('data', (d: string | Buffer) => {
    text += d.toString();
    check();
  });
  const indexes = (name: string) =>
    [...new Set([...text.matchAll(new RegExp(`${work}/${name}-(\\d+)`, 'g'))].map((m) => Number(m[1])))].sort(
      (x, y) => x - y,
    );
  const until = (pred: () => boolean) =>
    new Promise<void>((resolve) => {
      check = () => {
        if (pred()) resolve();
      };
      check();
    });
  const stop = join(work, 'STOP');
  const alternate = spawn(PFWORK, ['alternate', work, stop, '500'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let printed = '';
  alternate.stdout.on('data', (d: Buffer) => {
    printed += d.toString();
  });
  const exited = new Promise<void>((resolve) => alternate.once('exit', () => resolve()));
  await until(() => indexes('a').length > 0);
  write('b-*');
  live.child.kill('SIGHUP');
  // the new rules alert; let them run a while after the switch, then stop the workload
  await until(() => indexes('b').length > 100);
  writeFileSync(stop, '');
  await exited;
  const last = Number(printed.trim());
  await until(() => indexes('b').includes(last));
  const out = await live.stop();
  assert.equal(out.code, 0);
  const a = indexes('a');
  const b = indexes('b');
  const unbroken = (xs: number[]) => xs.every((x, i) => i === 0 || x === xs[i - 1] + 1);
  assert.ok(unbroken(a) && a[0] === 1, `the old rules saw a-1 … a-${a.at(-1)} without a hole: ${a.join(',')}`);
  assert.ok(unbroken(b) && b.at(-1) === last, `the new rules saw b-${b[0]} … b-${last} without a hole`);
  const k = a.at(-1) as number;
  assert.ok(b[0] === k || b[0] === k + 1, `the new rules took over at ${b[0]}, the old ones ended at ${k}`);
});
