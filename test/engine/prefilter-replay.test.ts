// The proof that the kernel prefilter is sound, on every fixture capture: the stream the sensor would deliver with
// the prefilter in force (src/engine/prefilter/simulate.ts: dropped events removed, waiting opens moved to where
// the sensor sends them) replays to exactly the alerts the full stream gives, with rule_matching=all (every alert
// the detector produces, compared whole: rule, priority, output text and fields, time). Three rule sets: Falco's three files with Peregrine's defaults; the same with probe rules
// that read descriptors after their open (reads, fstat, fchmod, dup, clones and execs) and name processes; and
// probes with a rule on close (opens then never wait). Each fixture is replayed as it is, and as the sensor would
// capture it for those rules (only the syscalls they and the state need: then opens and closes meet and are
// dropped in pairs).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import { selectSyscalls } from '../../src/capture/syscall-set.ts';
import { compilePrefilter, offProgram } from '../../src/engine/prefilter/compile.ts';
import { capturedCodes, type SimulationStats, simulateCapture } from '../../src/engine/prefilter/simulate.ts';
import { ROOT, SHARED } from '../helpers/cli.ts';
import { SCAP, scapFixtures } from '../helpers/fixtures.ts';
import { loadRuleset, replayAlerts } from '../helpers/replay-alerts.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-prefilter-replay-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const UPSTREAM = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
  join(SHARED, 'upstream/falco-rules', f),
);
const DEFAULT = join(ROOT, 'rules/peregrine_rules.yaml');

function probes(file: string, conditions: string[]): string {
  const path = join(dir, file);
  writeFileSync(
    path,
    conditions
      .map(
        (c, i) =>
          `- rule: ${file} ${i}\n  desc: probe\n  condition: ${JSON.stringify(c)}\n` +
          `  output: "probe fd=%fd.name fdnum=%fd.num arg=%evt.args proc=%proc.name pname=%proc.pname type=%evt.type"\n` +
          '  priority: WARNING\n  warn_evttypes: false\n',
      )
      .join(''),
  );
  return path;
}

/** Rules that read descriptors after the open that made them, and rules that name processes. */
const LATER = probes('later.yaml', [
  'evt.type in (read, pread, readv, fstat, mmap, lseek, fcntl, getdents, getdents64, ioctl) and fd.typechar = f',
  'evt.type in (write, pwrite, writev) and fd.name startswith /',
  'evt.type in (fchmod, fchown, fchdir, dup, dup2, dup3, flock) and fd.num >= 0',
  'evt.type in (clone, fork, vfork, execve) and proc.name != ""',
  'evt.type in (open, openat) and fd.name startswith /etc and proc.name in (cat, bash, sh, curl)',
  'evt.type in (open, openat) and evt.failed = true and fd.name startswith /usr',
]);
/** With a rule on close: opens must not wait for their close. */
const CLOSES = probes('closes.yaml', [
  'evt.type = close and fd.name startswith /etc',
  'evt.type in (open, openat) and fd.name pmatch (/lib, /usr/lib)',
]);

const RULE_SETS: [string, string[]][] = [
  ["Falco's rules and Peregrine's", [...UPSTREAM, DEFAULT]],
  ['with probes on later events', [...UPSTREAM, DEFAULT, LATER]],
  ['with a rule on close', [CLOSES]],
];

const totals = new Map<string, SimulationStats>();
const alertCounts = new Map<string, number>();

for (const [setIndex, [setName, files]] of RULE_SETS.entries()) {
  const ruleset = loadRuleset(files);
  const program = compilePrefilter([ruleset.enabled]);
  const captured = capturedCodes(selectSyscalls(ruleset.eventCodes()).ppmSc);
  for (const fixture of scapFixtures()) {
    const name = fixture.slice(SCAP.length + 1);
    test(`the prefilter changes no alert (${setName}): ${name}`, async () => {
      assert.equal(program.off, undefined);
      const full = join(dir, `${setIndex}-${basename(fixture)}.captured.scap`);
      const filtered = join(dir, `${setIndex}-${basename(fixture)}.filtered.scap`);
      const asCaptured = await simulateCapture(fixture, offProgram('the baseline'), full, captured);
      assert.ok(!('error' in asCaptured));
      for (const [input, keep] of [
        [fixture, null],
        [full, null],
      ] as const) {
        const stats = await simulateCapture(input, program, filtered, keep);
        assert.ok(!('error' in stats), JSON.stringify(stats));
        const want = await replayAlerts(input, ruleset);
        assert.deepEqual(await replayAlerts(filtered, ruleset), want);
        alertCounts.set(setName, (alertCounts.get(setName) ?? 0) + want.length);
        const t = totals.get(setName) ?? { written: 0, dropped: 0, deferred: 0, sent: 0 };
        for (const k of ['written', 'dropped', 'deferred', 'sent'] as const) t[k] += stats[k];
        totals.set(setName, t);
      }
    });
  }
}

test('the replays above dropped events, and dropped opens with their closes', () => {
  // Not vacuous: the rules alerted, the prefilter removed events, and some opens waited and were dropped with their
  // close (opens deferred and not sent afterwards).
  for (const [setName, t] of totals) {
    assert.ok((alertCounts.get(setName) ?? 0) > 0, `${setName}: no alert to compare`);
    assert.ok(t.dropped > 0, `${setName}: nothing dropped`);
    if (setName !== 'with a rule on close')
      assert.ok(t.deferred > t.sent, `${setName}: no open dropped with its close`);
    else assert.equal(t.deferred, 0, 'with a rule on close, no open waits');
  }
});
