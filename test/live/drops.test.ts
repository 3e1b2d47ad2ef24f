// Kernel-side losses reach Falco's syscall_event_drops handling: with rings far too small for a burst (the sensor
// run with 4 KiB per CPU through PEREGRINE_SENSOR), the drop monitor raises "Falco internal: syscall event drop"
// with the kernel's counts, and the exit action stops peregrine with exit code 1.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { buildFixture, SENSOR, sensorUnavailable } from '../sensor/helpers/sensor.ts';
import { killLiveRuns, startLive } from './helpers/live.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'peregrine-drops-'));
const wrapper = join(dir, 'tiny-rings.sh');
const rules = join(dir, 'rules.yaml');
let storm = '';
// The storm opens /etc/hostname, which the rule (fd.name=/nothing) does not watch: with the kernel prefilter on, those
// opens never reach the tiny rings and the drops depend on whatever else the host does (a flake under load).
const NO_PREFILTER = ['-o', 'engine.modern_ebpf.prefilter=false'];

before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the drop tests ${why}`);
  storm = await buildFixture('storm', dir, 'bench');
  writeFileSync(wrapper, `#!/bin/sh\nexec ${SENSOR} "$@" --ring-bytes 4096\n`);
  chmodSync(wrapper, 0o755);
  writeFileSync(
    rules,
    '- rule: Opens\n  desc: d\n  condition: evt.type=openat and fd.name=/nothing\n  output: o\n  priority: INFO\n',
  );
});
after(() => {
  killLiveRuns();
  rmSync(dir, { recursive: true, force: true });
});

test('drops raise "Falco internal: syscall event drop" with the kernel counts', async () => {
  const live = startLive(
    [
      '-r',
      rules,
      ...NO_PREFILTER,
      '-o',
      'syscall_event_drops.actions=[log, alert]',
      '-o',
      'syscall_event_drops.rate=10',
    ],
    {
      PEREGRINE_SENSOR: wrapper,
    },
  );
  await live.ready;
  // several seconds of bursts: the monitor compares counters once per second of event time
  for (let i = 0; i < 3; i++) await run(storm, ['open', '300000']);
  const res = await live.stop();
  assert.equal(res.code, 0, res.stderr);
  const drops = res.alerts.filter((a) => a.rule === 'Falco internal: syscall event drop');
  assert.ok(drops.length > 0, res.stderr);
  const f = drops[0].output_fields;
  assert.ok(Number(f.n_drops) > 0);
  assert.ok(Number(f.n_drops_buffer_total) > 0);
  assert.ok(Number(f.n_evts) >= Number(f.n_drops));
  assert.equal(f.ebpf_enabled, '1');
  assert.match(drops[0].output, /Falco internal: syscall event drop\. \d+ system calls dropped in last second\./);
  assert.match(res.stderr, /- event drop detected: [1-9]\d* occurrences/);
});

test('the exit action stops peregrine with exit code 1', async () => {
  const live = startLive(['-r', rules, ...NO_PREFILTER, '-o', 'syscall_event_drops.actions=[exit]'], {
    PEREGRINE_SENSOR: wrapper,
  });
  await live.ready;
  const exited = new Promise<number | null>((resolve) => live.child.once('exit', resolve));
  // bursts until the monitor has acted
  let code: number | null | undefined;
  void exited.then((c) => {
    code = c;
  });
  for (let i = 0; i < 20 && code === undefined; i++) await run(storm, ['open', '200000']);
  const res = await live.stop();
  assert.equal(res.code, 1);
  assert.match(res.stderr, /Falco internal: syscall event drop\. \d+ system calls dropped in last second\./);
  assert.match(res.stderr, /Exiting\./);
});
