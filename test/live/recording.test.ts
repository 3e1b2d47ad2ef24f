// Recording: `peregrine -w FILE [CONDITION]` records this host to a .scap file that sysdig 0.29.3 and tshark open,
// and that `peregrine -e FILE` turns into the same alerts a live run raised for the same activity. A live
// detector and two recorders (one unfiltered, one filtered) run side by side while the test acts.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { runPeregrine } from '../helpers/cli.ts';
import { decodeCapture, sensorUnavailable } from '../sensor/helpers/sensor.ts';
import { type JsonAlert, killLiveRuns, type LiveRun, startLive, UPSTREAM_RULES } from './helpers/live.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-rec-'));
const full = join(dir, 'host.scap');
const filtered = join(dir, 'cat-only.scap');
const rules = UPSTREAM_RULES.flatMap((r) => ['-r', r]);
const LAUNCHERS = ['pg-rec-shadow', 'pg-rec-symlink', 'pg-rec-keys', 'pg-rec-suid'];
let liveAlerts: JsonAlert[] = [];
/** A process whose argv[0] is longer than libscap accepts in a process list (SCAP_MAX_PATH_SIZE, 1024): the
 * recorders' /proc scan meets it, and the file must still open in sysdig ("invalid exelen" before). */
let longArgv0: ChildProcess | undefined;

async function under(launcher: string, script: string): Promise<void> {
  const sh = join(dir, launcher);
  copyFileSync('/bin/sh', sh);
  await run(sh, ['-c', `${script}; true`], { cwd: dir }).catch(() => undefined);
}

/** What must agree between a live alert and its replay: everything but the event time. */
function comparable(a: JsonAlert): string {
  const { 'evt.time': _t, ...fields } = a.output_fields;
  return JSON.stringify({ rule: a.rule, priority: a.priority, fields });
}

const ours = (a: JsonAlert) => LAUNCHERS.includes(String(a.output_fields['proc.pname']));

/** Starts `peregrine -w FILE [condition]`; ready once it logs that it records. */
function startRecorder(file: string, condition: string[]): LiveRun {
  return startLive(['-w', file, ...condition], {}, /Recording this host to/);
}

before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the recording tests ${why}`);
  longArgv0 = spawn('sleep', ['1000'], { argv0: `/${'x'.repeat(1500)}`, stdio: 'ignore' });
  const recorder = startRecorder(full, []);
  const catOnly = startRecorder(filtered, ['proc.name=cat']);
  const detector = startLive(rules);
  await Promise.all([recorder.ready, catOnly.ready, detector.ready]);
  await under('pg-rec-shadow', 'cat /etc/shadow >/dev/null');
  await under('pg-rec-symlink', `ln -s /etc ${dir}/etc_link`);
  await under('pg-rec-keys', `find ${dir} -maxdepth 1 -iname id_rsa`);
  await under('pg-rec-suid', `touch ${dir}/f && chmod u+s ${dir}/f`);
  const [live, rec, cat] = await Promise.all([detector.stop(), recorder.stop(), catOnly.stop()]);
  assert.equal(live.code, 0, live.stderr);
  assert.equal(rec.code, 0, rec.stderr);
  assert.equal(cat.code, 0, cat.stderr);
  assert.match(rec.stderr, /peregrine: wrote \d+ of \d+ events to /);
  liveAlerts = live.alerts.filter(ours);
});
after(() => {
  longArgv0?.kill();
  killLiveRuns();
  rmSync(dir, { recursive: true, force: true });
});

test('the recording replays to the same alerts as the live run', async () => {
  assert.equal(new Set(liveAlerts.map((a) => a.rule)).size, 4, JSON.stringify(liveAlerts.map((a) => a.rule)));
  const r = await runPeregrine(['-e', full, ...rules, '-o', 'json_output=true']);
  assert.equal(r.code, 0, r.stderr);
  const replayed = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as JsonAlert)
    .filter(ours);
  assert.deepEqual(replayed.map(comparable).sort(), liveAlerts.map(comparable).sort());
});

test('sysdig 0.29.3 and tshark open the recording', async () => {
  const sysdig = await run(
    'sysdig',
    ['-r', full, '-p', '*%proc.name %evt.type %fd.name', 'fd.name=/etc/shadow and proc.name=cat'],
    {
      maxBuffer: 64 << 20,
    },
  );
  assert.match(sysdig.stdout, /^cat openat \/etc\/shadow$/m);
  const tshark = await run('tshark', ['-r', full, '-T', 'fields', '-e', 'sysdig.event_type'], { maxBuffer: 256 << 20 });
  assert.ok(tshark.stdout.trim().split('\n').length > 100, 'tshark reads the events');
});

test('a filtered recording keeps the matching events, and what the state needs as state-only events', async () => {
  const d = await decodeCapture(filtered);
  const shown = d.events.filter((e) => (e.dumpFlags & 1) === 0);
  const stateOnly = d.events.filter((e) => (e.dumpFlags & 1) !== 0);
  assert.ok(shown.length > 0 && stateOnly.length > 0);
  assert.ok(shown.some((e) => e.name === 'openat' && e.p.name === '/etc/shadow'));
  // sysdig honours the state-only flag: it shows the selected events only
  const sysdig = await run('sysdig', ['-r', filtered, '-p', '*%proc.name %evt.type %fd.name'], { maxBuffer: 64 << 20 });
  assert.deepEqual(
    new Set(
      sysdig.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[0]),
    ),
    new Set(['cat']),
  );
  assert.match(sysdig.stdout, /^cat openat \/etc\/shadow$/m);
  const r = await runPeregrine(['-e', filtered, ...rules, '-o', 'json_output=true']);
  const alerts = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as JsonAlert)
    .filter(ours);
  // the parent name comes from state-only events (clone, execve of the launcher): it is still right
  assert.deepEqual(
    alerts.map((a) => [a.rule, a.output_fields['proc.pname'], a.output_fields['fd.name']]),
    [['Read sensitive file untrusted', 'pg-rec-shadow', '/etc/shadow']],
  );
});
