// bin/peregrine keeps V8's compiled code in the user's own cache directory, and creates nothing anywhere else: a
// launcher that fell back to `/nonexistent/.cache` when HOME was unset once made that directory on the machine, and
// with it every path other tests rely on not existing.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runPeregrine } from '../helpers/cli.ts';

const NO_CACHE_SETTINGS = { NODE_COMPILE_CACHE: undefined, XDG_CACHE_HOME: undefined };

async function version(env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  const r = await runPeregrine(['--version'], { env: { ...NO_CACHE_SETTINGS, ...env }, cwd });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Peregrine version: /m);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

test('with HOME unset, --version creates no directory: not /nonexistent, not in the working directory', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'peregrine-cache-'));
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  // The test is only meaningful where the fallback path does not exist yet, which is every sane machine.
  assert.equal(existsSync('/nonexistent'), false, '/nonexistent exists before the run: remove it');
  await version({ HOME: undefined }, cwd);
  assert.equal(existsSync('/nonexistent'), false);
  assert.deepEqual(filesUnder(cwd), []);
});

test('a HOME that does not exist, or is relative, is not created: no cache', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'peregrine-cache-'));
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  const missing = join(cwd, 'missing-home');
  await version({ HOME: missing }, cwd);
  assert.equal(existsSync(missing), false);
  await version({ HOME: 'relative-home' }, cwd);
  assert.deepEqual(filesUnder(cwd), []);
  await version({ HOME: '', XDG_CACHE_HOME: '' }, cwd);
  assert.deepEqual(filesUnder(cwd), []);
});

test('the compiled code is cached under $HOME/.cache, or $XDG_CACHE_HOME when that is set', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'peregrine-cache-'));
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  const home = join(cwd, 'home');
  mkdirSync(home);
  await version({ HOME: home }, cwd);
  const inHome = join(home, '.cache', 'peregrine', 'node-compile-cache');
  assert.ok(filesUnder(inHome).length > 0, `compiled code in ${inHome}`);

  const xdg = join(cwd, 'xdg');
  mkdirSync(xdg);
  await version({ HOME: home, XDG_CACHE_HOME: xdg }, cwd);
  const inXdg = join(xdg, 'peregrine', 'node-compile-cache');
  assert.ok(filesUnder(inXdg).length > 0, `compiled code in ${inXdg}`);
  assert.deepEqual(readdirSync(cwd).sort(), ['home', 'xdg']);
});
