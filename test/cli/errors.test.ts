// Bad input and refusals through bin/peregrine, as a user meets them: one line that names the problem, the right
// exit code, never a stack trace.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BIN, runPeregrine, SHARED } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'peregrine-errors-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const CAP = join(SHARED, 'upstream/scap/sysdig-inspect/502Error.scap');
const RULES = join(dir, 'etc.yaml');
writeFileSync(
  RULES,
  '- rule: etc open\n  desc: t\n  condition: evt.type in (open, openat) and fd.name startswith /etc\n  output: "open %fd.name"\n  priority: WARNING\n',
);
/** A configuration of the test's own, so /etc/peregrine never changes what a test sees. */
const CONF = join(dir, 'peregrine.yaml');
writeFileSync(CONF, 'stdout_output:\n  enabled: true\n');

function noTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /internal error|^\s+at /m, stderr);
}

test('no output channel enabled: refused as Falco refuses ("No outputs configured"), exit 1', async () => {
  const r = await runPeregrine(['-c', CONF, '-e', CAP, '-r', RULES, '-o', 'stdout_output.enabled=false']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^peregrine: Error: No outputs configured\. /m);
  assert.equal(r.stdout, '');
});

test('a file output that can never write is named at start; the replay that lost its alerts exits 1', async () => {
  const missing = join(dir, 'no-such-dir', 'events.txt');
  const r = await runPeregrine([
    '-c',
    CONF,
    '-e',
    CAP,
    '-r',
    RULES,
    '-o',
    'file_output.enabled=true',
    '-o',
    `file_output.filename=${missing}`,
    '-o',
    'output_timeout=200',
  ]);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.split('\n');
  const named = lines.findIndex((l) => l.includes(`file output: cannot create ${missing}: the directory`));
  const firstAlertFailure = lines.findIndex((l) => l.includes('failed to open output file'));
  assert.ok(named >= 0, r.stderr);
  assert.ok(firstAlertFailure < 0 || named < firstAlertFailure, 'said at start, before the first failed delivery');
  assert.match(r.stderr, /^ {3}alerts not delivered by the file output: shutdown: 185$/m);
  // the other channel delivered everything
  assert.equal(r.stdout.split('\n').filter((l) => l.includes('open /etc')).length, 185);
});

for (const value of ['abc', '-1', '']) {
  test(`-M '${value}': one line naming the flag, exit 1`, async () => {
    const r = await runPeregrine(['-M', value, '-e', CAP]);
    assert.equal(r.code, 1);
    noTrace(r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /-M <num_seconds>' argument '.*' is invalid\. expected a number of seconds/);
  });
}

test('an empty rules directory: "no rules files in DIR" for detection and for -V', async () => {
  const empty = join(dir, 'empty-rules.d');
  mkdirSync(empty);
  const run = await runPeregrine(['-c', CONF, '-e', CAP, '-r', empty]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, new RegExp(`^peregrine: Error: no rules files in ${empty} `, 'm'));
  const v = await runPeregrine(['-c', CONF, '-V', empty]);
  assert.equal(v.code, 1);
  assert.match(v.stderr, new RegExp(`^peregrine: Error: no rules files in ${empty} `, 'm'));
  assert.doesNotMatch(v.stdout + v.stderr, /0 of 0/);
});

test('a configuration with three problems lists all three, each with the line and column of its key', async () => {
  const bad = join(dir, 'three.yaml');
  writeFileSync(bad, 'json_output: maybe\nwebserver:\n  listen_port: lots\noutput_timeout: soon\n');
  const r = await runPeregrine(['-c', bad, '--dry-run', '-r', RULES]);
  assert.equal(r.code, 1);
  assert.deepEqual(r.stderr.trim().split('\n'), [
    `peregrine: ${bad}:1:1: json_output: expected a boolean (true/false), got 'maybe'`,
    `peregrine: ${bad}:3:3: webserver.listen_port: expected an integer, got 'lots'`,
    `peregrine: ${bad}:4:1: output_timeout: expected an integer, got 'soon'`,
  ]);
});

test("a replay prints Falco's start-up lines: version, configuration files, rules files, rule counts", async () => {
  const r = await runPeregrine(['-c', CONF, '-e', CAP, '-r', RULES]);
  assert.equal(r.code, 0, r.stderr);
  for (const re of [
    /: Peregrine version: \d+\.\d+\.\d+/,
    new RegExp(`: Peregrine initialized with configuration files:\\n {3}${CONF}`),
    new RegExp(`: Loading rules from:\\n {3}${RULES}`),
    /: 1 of 1 rules enabled/,
    /: Enabled event sources: syscall/,
  ])
    assert.match(r.stderr, re);
});

test("--version with json_output prints the JSON /versions answers, with Falco's keys", async () => {
  const r = await runPeregrine(['-c', CONF, '--version', '-o', 'json_output=true']);
  assert.equal(r.code, 0, r.stderr);
  const v = JSON.parse(r.stdout);
  for (const key of ['peregrine_version', 'falco_version', 'libs_version', 'engine_version', 'engine_version_semver'])
    assert.equal(typeof v[key], 'string', key);
});

test('live detection as a user who is not root: one line saying so, before anything else is tried', async (t) => {
  // The checkout must be readable by that user (CI's clone in a private temporary directory is not).
  try {
    execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-x', BIN]);
    accessSync(BIN, constants.X_OK);
  } catch {
    t.skip('the checkout is not reachable by user 65534 here');
    return;
  }
  // the test's own files must be readable by that user too
  chmodSync(dir, 0o755);
  const out = execFileSync(
    'sh',
    [
      '-c',
      `setpriv --reuid=65534 --regid=65534 --clear-groups ${BIN} -c ${CONF} -r ${RULES} -M 1 2>&1; echo "exit $?"`,
    ],
    { encoding: 'utf8', env: { ...process.env, HOME: dir } },
  );
  assert.match(out, /exit 1\n$/);
  const lines = out.trim().split('\n');
  assert.match(lines[0], /^peregrine: Error: live detection must run as root/);
  assert.doesNotMatch(out, /docker|permission denied/i);
});
