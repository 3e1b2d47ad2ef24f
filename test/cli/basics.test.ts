import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runPeregrine } from '../helpers/cli.ts';

test('--version names Peregrine and runs on the pinned Node 24', async () => {
  const r = await runPeregrine(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Peregrine version: \d+\.\d+\.\d+$/m);
  assert.match(r.stdout, /^Node\.js: +24\./m);
});

test('an unknown flag is one line on stderr and exit 1', async () => {
  const r = await runPeregrine(['--no-such-flag']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), "peregrine: unknown option '--no-such-flag'");
});

test('--help lists Falco flags', async () => {
  const r = await runPeregrine(['--help']);
  assert.equal(r.code, 0);
  for (const flag of [
    '-r <rules_file>',
    '-V, --validate',
    '-o, --option',
    '--list [source]',
    '-L',
    '-M <num_seconds>',
  ]) {
    assert.ok(r.stdout.includes(flag), `--help mentions ${flag}`);
  }
});
