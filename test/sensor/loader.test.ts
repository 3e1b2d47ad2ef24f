// The loader's behaviour around the events: start-up refusals (one sentence, exit 1), the wanted-syscall set
// changed at run time and enforced in the kernel, both attach modes, loss accounting that adds up, a slow
// reader costing memory instead of events, clean detach on a signal, death with its parent. Needs root and a built sensor.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { runPeregrine } from '../helpers/cli.ts';
import {
  buildFixture,
  captureWhile,
  decodeCapture,
  killSensors,
  run,
  SENSOR,
  scratchDir,
  sensorUnavailable,
  startSensor,
} from './helpers/sensor.ts';

const dir = scratchDir('loader');
let nobpf = '';
before(async () => {
  const why = sensorUnavailable();
  if (why !== undefined) throw new Error(`the sensor tests ${why}`);
  nobpf = await buildFixture('nobpf', dir);
});
after(() => {
  killSensors();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the loader to completion; resolves with its exit code and stderr. */
function runSensor(argv: string[], wrap: string[] = []): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const cmd = wrap.length > 0 ? wrap[0] : SENSOR;
    const args = wrap.length > 0 ? [...wrap.slice(1), SENSOR, ...argv] : argv;
    execFile(cmd, args, (err, _stdout, stderr) => {
      resolve({ code: err === null ? 0 : ((err as { code?: number }).code ?? null), stderr });
    });
  });
}

describe('start-up refusals: one sentence, exit 1', () => {
  test('not root', async () => {
    const r = await runSensor([], ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'peregrine-sensor: must run as root: loading eBPF programs needs CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN\n',
    );
  });

  test('no kernel BTF', async () => {
    const r = await runSensor(['--btf', join(dir, 'no-such-vmlinux')]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `peregrine-sensor: no kernel BTF at ${join(dir, 'no-such-vmlinux')} (No such file or directory): the sensor needs a kernel built with CONFIG_DEBUG_INFO_BTF=y\n`,
    );
  });

  test('BPF disabled (bpf(2) answers ENOSYS)', async () => {
    const r = await runSensor([], [nobpf]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'peregrine-sensor: BPF is disabled in this kernel (built without CONFIG_BPF_SYSCALL)\n');
  });

  test('kernel too old', async () => {
    const r = await runSensor(['--kernel-release', '5.4.0-150-generic']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'peregrine-sensor: kernel 5.4.0-150-generic is too old: the sensor needs Linux 5.17 or newer\n',
    );
  });

  test('through peregrine: the same sentence, exit 1', async () => {
    const wrapper = join(dir, 'sensor-nobpf.sh');
    writeFileSync(wrapper, `#!/bin/sh\nexec ${nobpf} ${SENSOR} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, '- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: WARNING\n');
    const r = await runPeregrine(['-r', rules, '-o', 'webserver.enabled=false', '-o', 'alert_store.enabled=false'], {
      env: { PEREGRINE_SENSOR: wrapper },
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /peregrine: Error: BPF is disabled in this kernel \(built without CONFIG_BPF_SYSCALL\)\n$/);
  });

  test('through peregrine: an engine kind Peregrine does not have', async () => {
    const rules = join(dir, 'rules.yaml');
    const r = await runPeregrine(['-r', rules, '-o', 'engine.kind=kmod', '-o', 'webserver.enabled=false']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /engine.kind 'kmod' is not supported/);
  });
});

describe('running', () => {
  test('the wanted set is enforced in the kernel and can change while running', async () => {
    const file = join(dir, 'changing.scap');
    const sensor = startSensor(['--output', file, '--syscalls', '257']); // openat only
    const ack = await sensor.next('syscalls');
    assert.deepEqual(ack.enabled, [257]);
    await sensor.ready;
    // each cat opens a marker path no other process opens: its openat names the cat
    await run('sh', ['-c', `cat /etc/hostname ${dir}/marker-one 2>/dev/null; true`]);
    sensor.command('syscalls 257,3'); // openat and close
    const ack2 = await sensor.next('syscalls');
    assert.deepEqual(ack2.enabled, [257, 3]);
    await run('sh', ['-c', `cat /etc/hostname ${dir}/marker-two 2>/dev/null; true`]);
    assert.equal(await sensor.stop(), 0);
    const d = await decodeCapture(file);
    const tidOf = (marker: string) => d.events.find((e) => e.name === 'openat' && e.p.name === `${dir}/${marker}`)?.tid;
    const one = tidOf('marker-one');
    const two = tidOf('marker-two');
    assert.ok(one !== undefined && two !== undefined, 'both cats were seen opening their marker');
    const names = (tid: number) => new Set(d.events.filter((e) => e.tid === tid).map((e) => e.name));
    assert.deepEqual([...names(one)].sort(), ['openat', 'procexit']); // execve and close not wanted
    assert.ok(names(two).has('close'), 'close captured after the change');
    assert.ok(!names(two).has('execve'));
  });

  test('raw sys_exit mode captures the same events', async () => {
    const file = join(dir, 'raw.scap');
    const { result } = await captureWhile(file, () => run('sh', ['-c', 'cat /etc/hostname >/dev/null; echo $$']), [
      '--mode',
      'raw',
    ]);
    const sh = Number(result.stdout);
    const d = await decodeCapture(file);
    const cat = d.events.find((e) => e.name === 'execve' && e.p.ptid === BigInt(sh) && e.p.comm === 'cat');
    assert.ok(cat !== undefined, 'execve of cat');
    const opens = d.events.filter((e) => e.tid === cat.tid && e.name === 'openat' && e.p.name === '/etc/hostname');
    assert.equal(opens.length, 1);
  });

  test('kernel reads: auto picks direct reads where the kernel has bpf_rdonly_cast, and says which', async () => {
    // the kfunc's name is in the kernel's BTF string section when the kernel has it (Linux 6.2+)
    const hasCast = readFileSync('/sys/kernel/btf/vmlinux').includes('bpf_rdonly_cast');
    const file = join(dir, 'reads.scap');
    const auto = await captureWhile(file, () => run('true'));
    assert.match(auto.sensor.stderr, hasCast ? /, direct reads\)/ : /, probe reads\)/);
    const probe = await captureWhile(file, () => run('true'), ['--kernel-reads', 'probe']);
    assert.match(probe.sensor.stderr, /, probe reads\)/);
    const bad = await runSensor(['--kernel-reads', 'fast']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--kernel-reads must be auto, direct or probe, not 'fast'/);
  });

  test('every event is accounted for: written, stamped after the stop, or dropped by reason', async () => {
    // a 4 KiB ring per CPU and a burst: drops by design
    const file = join(dir, 'drops.scap');
    const sensor = startSensor(['--output', file, '--ring-bytes', '4096', '--stats-interval', '100000']);
    await sensor.ready;
    await run('sh', ['-c', 'for i in $(seq 1 400); do cat /etc/hostname; done >/dev/null']);
    assert.equal(await sensor.stop(), 0);
    const last = sensor.statuses.filter((s) => s.type === 'stats').at(-1) as {
      records_written: number;
      records_after_stop: number;
      cpus: Record<string, number>[];
    };
    const sum = (k: string) => last.cpus.reduce((a, c) => a + c[k], 0);
    const drops = sum('drops_ring_full') + sum('drops_too_big') + sum('drops_no_scratch') + sum('drops_no_ring');
    assert.ok(sum('drops_ring_full') > 0, 'the burst overflowed the tiny rings');
    assert.equal(sum('events'), last.records_written + last.records_after_stop + drops);
    const d = await decodeCapture(file, () => false);
    assert.equal(d.blocks.eventBlocks, last.records_written, 'the file holds exactly the written records');
  });

  test('a reader that falls behind costs the loader memory, not events', { timeout: 60_000 }, async () => {
    // stdout is what Node gives a child: a socket pair. The reader takes nothing while a paced burst of about
    // 20 MB goes through 2 MiB rings: without the loader's backlog the rings would overflow.
    const storm = await buildFixture('storm', dir, 'bench');
    const sensor = startSensor(
      ['--syscalls', '257,3', '--ring-bytes', '2097152', '--stats-interval', '100'],
      {},
      'pipe',
    );
    const out = sensor.child.stdout as Readable;
    out.pause();
    await sensor.ready;
    await run(storm, ['open', '100000', '50000']);
    const held = (await sensor.next('stats')) as { backlog_bytes: number };
    assert.ok(held.backlog_bytes > 8 << 20, `the loader holds ${held.backlog_bytes} bytes for the reader`);
    let read = 0;
    out.on('data', (b: Buffer) => {
      read += b.length;
    });
    const ended = new Promise<void>((resolve) => out.once('end', resolve));
    out.resume();
    assert.equal(await sensor.stop(), 0);
    await ended;
    const last = sensor.statuses.filter((s) => s.type === 'stats').at(-1) as {
      bytes_written: number;
      backlog_bytes: number;
      cpus: Record<string, number>[];
    };
    const drops = last.cpus.reduce((a, c) => a + c.drops_ring_full + c.drops_no_ring, 0);
    assert.equal(drops, 0, 'no event was lost');
    assert.ok(last.cpus.reduce((a, c) => a + c.events, 0) >= 200000);
    assert.equal(last.backlog_bytes, 0);
    assert.equal(read, last.bytes_written, 'the reader got every byte');
  });

  test('SIGTERM detaches every program and exits 0', async () => {
    const sensor = startSensor(['--output', '/dev/null']);
    await sensor.ready;
    const pid = sensor.child.pid as number;
    // the programs the loader holds, by id, from its descriptors
    const { stdout: fdinfo } = await run('sh', ['-c', `cat /proc/${pid}/fdinfo/* 2>/dev/null`]);
    const ids = [...fdinfo.matchAll(/^prog_id:\s+(\d+)/gm)].map((m) => Number(m[1]));
    assert.ok(ids.length > 50, `the sensor holds ${ids.length} programs`);
    sensor.child.kill('SIGTERM');
    assert.equal(await sensor.exit, 0);
    assert.match(sensor.stderr, /Terminated: detaching/);
    // The kernel frees a program once its last link and descriptor are gone, after an RCU grace period: watch
    // the program list until the sensor's ids leave it (each look is one bpftool run; no fixed delay).
    let left: number[] = ids;
    for (let look = 0; look < 200 && left.length > 0; look++) {
      const { stdout } = await run('bpftool', ['prog', 'show', '--json']);
      const alive = new Set((JSON.parse(stdout) as { id: number }[]).map((p) => p.id));
      left = ids.filter((id) => alive.has(id));
    }
    assert.deepEqual(left, [], 'no program of the sensor is left loaded');
  });

  test('it dies with its parent', async () => {
    // sh starts the sensor and waits; killing sh must take the sensor down (PR_SET_PDEATHSIG). The sensor's
    // status pipe (inherited from this test) ends when it exits: that is the event waited for.
    const sh = spawn('sh', ['-c', `${SENSOR} --output /dev/null --stats-fd 3 & wait`], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    });
    const status = sh.stdio[3] as Readable;
    let text = '';
    const ended = new Promise<void>((resolve) => status.on('end', resolve));
    await new Promise<void>((resolve) => {
      status.setEncoding('utf8').on('data', (d: string) => {
        text += d;
        if (text.includes('"ready"')) resolve();
      });
    });
    sh.kill('SIGKILL');
    await ended; // every writer of the pipe (the sensor) is gone
    assert.match(text, /"type":"ready"/);
  });
});
