// The alert store from the command line: a replay stores only when asked (`-o alert_store.enabled=true -o
// alert_store.path=FILE`), then holds exactly the alerts it printed, with their context; the configuration's
// alert_store and console keys are checked with the file and key named; the live webserver refuses to expose the
// console beyond loopback without a token.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseFilter } from '../../src/store/filter.ts';
import { AlertReader } from '../../src/store/reader.ts';
import { runPeregrine, SHARED } from '../helpers/cli.ts';
import { tempStore } from './helpers.ts';

const CAPTURE = join(SHARED, 'upstream/scap/sysdig-inspect/502Error.scap');
const RULE = new URL('../../bench/simple-rule.yaml', import.meta.url).pathname;

test('a replay stores its alerts only when asked, all of them, with their context', async () => {
  const { dir, settings } = tempStore();
  try {
    const base = ['-r', RULE, '-e', CAPTURE, '-o', 'json_output=true', '-o', 'stdout_output.enabled=true'];
    const off = await runPeregrine([...base, '-o', `alert_store.path=${settings.path}`]);
    assert.equal(off.code, 0, off.stderr);
    assert.equal(existsSync(settings.path), false, 'a replay writes no store unless asked');

    const on = await runPeregrine([
      ...base,
      '-o',
      'alert_store.enabled=true',
      '-o',
      `alert_store.path=${settings.path}`,
    ]);
    assert.equal(on.code, 0, on.stderr);
    const printed = on.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    assert.equal(printed.length, 185);
    // The envelope the other channels send is Falco's: no context in it.
    assert.equal('context' in printed[0], false);
    const r = AlertReader.open(settings.path);
    try {
      const page = JSON.parse(r.page(parseFilter(new URLSearchParams()), 500).json);
      assert.equal(page.total, 185);
      const stored = [...page.alerts].reverse();
      assert.deepEqual(
        stored.map((a: { output: string }) => a.output),
        printed.map((a: { output: string }) => a.output),
      );
      assert.equal(stored[0].time, printed[0].time);
      const detail = JSON.parse(r.get(stored[0].id) as string);
      assert.equal(detail.context['proc.name'], 'curl');
      assert.equal(detail.context['proc.cmdline'], 'curl localhost/bar');
      assert.equal(detail.context['user.name'], 'bencer');
      assert.equal(detail.context['evt.type'], 'open');
      // fields without a value (this capture knows no parent of curl) are left out of the stored context
      assert.equal(typeof detail.context['proc.pid'], 'number');
      assert.equal('proc.aname[1]' in detail.context, false);
    } finally {
      r.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad alert_store and console settings are one line naming the key', async () => {
  const age = await runPeregrine(['--dry-run', '-o', 'alert_store.retention.max_age=soon']);
  assert.equal(age.code, 1);
  assert.match(age.stderr, /alert_store\.retention\.max_age: 'soon' is not a duration/);
  const listen = await runPeregrine(['--dry-run', '-o', 'console.listen=everywhere']);
  assert.equal(listen.code, 1);
  assert.match(listen.stderr, /console\.listen: 'everywhere' is not ADDRESS:PORT/);
  const enabled = await runPeregrine(['--dry-run', '-o', 'alert_store.enabled=maybe']);
  assert.equal(enabled.code, 1);
  assert.match(enabled.stderr, /alert_store\.enabled: expected a boolean/);
});

test('a store that cannot be opened stops the run with one error naming the file', async () => {
  const { dir } = tempStore();
  try {
    const inFile = join(dir, 'not-a-dir');
    await runPeregrine([
      '-r',
      RULE,
      '-e',
      CAPTURE,
      '-o',
      'alert_store.enabled=true',
      '-o',
      `alert_store.path=${inFile}`,
    ]);
    const bad = join(inFile, 'alerts.db');
    const res = await runPeregrine([
      '-r',
      RULE,
      '-e',
      CAPTURE,
      '-o',
      'alert_store.enabled=true',
      '-o',
      `alert_store.path=${bad}`,
    ]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, new RegExp(`Failed to init output: alert_store\\.path: cannot .*${inFile}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('live: the webserver does not serve the console on a non-loopback address without a token', async () => {
  const { dir, settings } = tempStore();
  try {
    const res = await runPeregrine([
      '-r',
      RULE,
      '-o',
      'webserver.enabled=true',
      '-o',
      'webserver.listen_address=0.0.0.0',
      '-o',
      'webserver.listen_port=0',
      '-o',
      `alert_store.path=${settings.path}`,
    ]);
    assert.equal(res.code, 1);
    assert.match(
      res.stderr,
      /webserver: the console listens on 0\.0\.0\.0, which is not a loopback address: it needs a token/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
