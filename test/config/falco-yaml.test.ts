// Falco 0.44.1's own falco.yaml (../shared/upstream/falco-config), unchanged: Peregrine runs with it as Falco does.
// Its rules_files name /etc/falco/falco_rules.yaml, /etc/falco/falco_rules.local.yaml and /etc/falco/rules.d; the
// test gives the process its own /etc/falco (a bind mount in a private mount namespace, so the host's /etc is not
// touched) holding Falco's rules and a local rules file, and no rules.d: a missing rules directory is nothing (Falco
// takes a path that is not a directory as a rules file only when it is named *.yaml/*.yml), a missing *.yaml is
// fatal ("Could not open file … for reading").
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BIN, SHARED } from '../helpers/cli.ts';

const FALCO_YAML = join(SHARED, 'upstream/falco-config/falco.yaml');
const CAP = join(SHARED, 'upstream/scap/sysdig-inspect/502Error.scap');
const dir = mkdtempSync(join(tmpdir(), 'peregrine-falco-yaml-'));
// A mount point is needed for the bind mount; if the host has no /etc/falco, an empty one is made and removed.
const madeEtcFalco = !existsSync('/etc/falco') && process.getuid?.() === 0;
if (madeEtcFalco) mkdirSync('/etc/falco');
after(() => {
  rmSync(dir, { recursive: true, force: true });
  if (madeEtcFalco) rmdirSync('/etc/falco');
});

function why(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (a mount namespace)';
  if (spawnSync('unshare', ['--mount', 'true']).status !== 0) return 'unshare --mount is not available here';
  return undefined;
}

/** bin/peregrine ARGS with `etc` as its /etc/falco. */
function withEtcFalco(etc: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const r = spawnSync(
    'unshare',
    ['--mount', '--propagation', 'private', 'sh', '-c', `mount --bind '${etc}' /etc/falco && exec ${BIN} ${quoted}`],
    { encoding: 'utf8' },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LOCAL_RULE =
  '- rule: Local etc open\n  desc: a user rule in falco_rules.local.yaml\n  condition: evt.type in (open, openat) and fd.name startswith /etc\n  output: "local rule saw %fd.name"\n  priority: WARNING\n';

test("Falco's falco.yaml, unchanged, with its rules files: they load (no rules.d is fine) and alerts go to stdout", (t) => {
  const skip = why();
  if (skip !== undefined) return t.skip(skip);
  const etc = join(dir, 'etc-falco');
  mkdirSync(etc);
  copyFileSync(join(SHARED, 'upstream/falco-rules/falco_rules.yaml'), join(etc, 'falco_rules.yaml'));
  writeFileSync(join(etc, 'falco_rules.local.yaml'), LOCAL_RULE);
  const r = withEtcFalco(etc, ['-c', FALCO_YAML, '-e', CAP]);
  // Falco's file also enables syslog_output: where no syslog daemon listens (this machine), start-up says so and
  // its alerts are counted as lost, which fails the replay; stdout has them all either way.
  if (existsSync('/dev/log')) assert.equal(r.code, 0, r.stderr);
  else {
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /syslog output: \/dev\/log does not exist: no syslog daemon runs on this host/);
    assert.match(r.stderr, /^ {3}alerts not delivered by the syslog output: shutdown: 185$/m);
  }
  assert.match(
    r.stderr,
    /Loading rules from:\n {3}\/etc\/falco\/falco_rules\.yaml\n {3}\/etc\/falco\/falco_rules\.local\.yaml\n/,
  );
  assert.equal(r.stdout.split('\n').filter((l) => l.includes('local rule saw /etc')).length, 185);
});

test("Falco's falco.yaml without falco_rules.local.yaml: fatal, naming the file, as Falco", (t) => {
  const skip = why();
  if (skip !== undefined) return t.skip(skip);
  const etc = join(dir, 'etc-falco-no-local');
  mkdirSync(etc);
  copyFileSync(join(SHARED, 'upstream/falco-rules/falco_rules.yaml'), join(etc, 'falco_rules.yaml'));
  const r = withEtcFalco(etc, ['-c', FALCO_YAML, '-e', CAP]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Could not open file \/etc\/falco\/falco_rules\.local\.yaml for reading/);
});
