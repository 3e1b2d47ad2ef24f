// Test helpers for the eBPF sensor: run the real loader (root, real kernel) writing a capture file while a test
// does something on the host, then decode that file with Peregrine's own reader into plain records.
//
// Tests wait on events, never on the clock: the loader says "ready" on its status channel once attached and
// after the /proc scan; a "quit" on its stdin makes it flush everything captured before the request and exit.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { BlockReader } from '../../../src/capture/block-reader.ts';
import type { ScapEvent } from '../../../src/capture/event.ts';
import { EVENT_TABLE, PARAM_FIXED_SIZE, type ParamInfo } from '../../../src/capture/event-table.ts';
import type { FdListBlock, MachineInfo, ProcEntry, UserList } from '../../../src/capture/metadata.ts';
import { type CaptureConsumer, ScapReader } from '../../../src/capture/reader.ts';
import { feedFile } from '../../../src/capture/source.ts';
import { ROOT } from '../../helpers/cli.ts';

export const SENSOR = join(ROOT, 'sensor/build/peregrine-sensor');
export const run = promisify(execFile);

/** Whether this test run can load eBPF programs (root and a built sensor); the reason when not. */
export function sensorUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  if (!existsSync(SENSOR)) return `the sensor is not built (${SENSOR}); run make -C sensor`;
  return undefined;
}

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `peregrine-${prefix}-`));
}

/** Reads JSON lines from a stream; `on` gets each object. */
function jsonLines(stream: Readable, on: (o: Record<string, unknown>) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (d: string) => {
    rest += d;
    let nl = rest.indexOf('\n');
    while (nl >= 0) {
      const line = rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
      try {
        on(JSON.parse(line));
      } catch {
        // not a status line
      }
    }
  });
}

export interface SensorRun {
  readonly child: ChildProcess;
  readonly statuses: Record<string, unknown>[];
  stderr: string;
  /** Resolves with the exit code once the loader has exited. */
  readonly exit: Promise<number | null>;
  /** Resolves when the loader is ready, or rejects with its stderr when it exits first. */
  readonly ready: Promise<Record<string, unknown>>;
  /** Sends a command line on stdin. */
  command(line: string): void;
  /** Waits for the next status line of `type`. */
  next(type: string): Promise<Record<string, unknown>>;
  /** "quit" and wait for the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills every loader a test started and has not stopped (an `after` hook: a failed test must not leave one). */
export function killSensors(): void {
  for (const c of running) c.kill('SIGKILL');
  running.clear();
}

/** Starts the loader with `args` (plus --commands and --stats-fd 3); its stdout ignored, or a pipe to read. */
export function startSensor(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  stdout: 'ignore' | 'pipe' = 'ignore',
): SensorRun {
  const child = spawn(SENSOR, ['--commands', '--stats-fd', '3', ...args], {
    stdio: ['pipe', stdout, 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const statuses: Record<string, unknown>[] = [];
  const waiters: { type: string; resolve: (o: Record<string, unknown>) => void }[] = [];
  const runState = { stderr: '' };
  (child.stderr as Readable).setEncoding('utf8').on('data', (d: string) => {
    runState.stderr += d;
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  jsonLines(child.stdio[3] as Readable, (o) => {
    statuses.push(o);
    for (let i = 0; i < waiters.length; i++) {
      if (waiters[i].type === o.type) {
        waiters.splice(i, 1)[0].resolve(o);
        break;
      }
    }
  });
  const next = (type: string) => new Promise<Record<string, unknown>>((resolve) => waiters.push({ type, resolve }));
  const ready = Promise.race([
    next('ready'),
    exit.then((code) => {
      throw new Error(`the sensor exited with ${code} before it was ready: ${runState.stderr}`);
    }),
  ]);
  ready.catch(() => undefined);
  const stdin = child.stdin as Writable;
  stdin.on('error', () => undefined);
  return {
    child,
    statuses,
    get stderr() {
      return runState.stderr;
    },
    set stderr(v: string) {
      runState.stderr = v;
    },
    exit,
    ready,
    command: (line) => stdin.write(`${line}\n`),
    next,
    stop: async () => {
      stdin.end('quit\n');
      return exit;
    },
  };
}

/** Captures to `file` while `action` runs (the sensor is ready before it starts, stopped after it ends). */
export async function captureWhile<T>(
  file: string,
  action: () => Promise<T>,
  args: readonly string[] = [],
): Promise<{ result: T; sensor: SensorRun; code: number | null }> {
  const sensor = startSensor(['--output', file, ...args]);
  await sensor.ready;
  let result: T;
  try {
    result = await action();
  } finally {
    await sensor.stop();
  }
  return { result, sensor, code: await sensor.exit };
}

/** A decoded parameter: numbers (bigint for 64-bit), strings, or raw bytes. */
export type ParamValue = number | bigint | string | Uint8Array;

export interface DecodedEvent {
  readonly num: number;
  readonly ts: bigint;
  readonly type: number;
  readonly name: string;
  readonly tid: number;
  readonly cpu: number;
  /** Dump flags of an EVF block (1 = state only), 0 for EV blocks. */
  readonly dumpFlags: number;
  readonly nparams: number;
  /** By parameter name, decoded by the table's type. */
  readonly p: Record<string, ParamValue>;
  /** Raw bytes and length of each parameter, by name. */
  readonly raw: Record<string, Uint8Array>;
}

const SIGNED64 = new Set(['ERRNO', 'FD', 'PID', 'INT64']);
const UNSIGNED64 = new Set(['UINT64', 'ABSTIME', 'RELTIME']);
const STRINGS = new Set(['CHARBUF', 'FSPATH', 'FSRELPATH']);
const SIGNED = new Set(['INT8', 'INT16', 'INT32']);

/** Numbers for the fixed-width types, strings for the string types, raw bytes for the rest. */
function decodeParam(evt: ScapEvent, i: number, info: ParamInfo): ParamValue {
  if (SIGNED64.has(info.type)) return evt.big(i, true);
  if (UNSIGNED64.has(info.type)) return evt.big(i, false);
  if (STRINGS.has(info.type)) return evt.str(i);
  if (SIGNED.has(info.type)) return evt.int(i);
  if (PARAM_FIXED_SIZE[info.type] !== undefined) return evt.uint(i);
  return evt.bytes(i).slice();
}

export interface DecodedCapture {
  /** The machine-info block (boot time, hostname), when the capture has one. */
  machine: MachineInfo | null;
  readonly procs: ProcEntry[];
  readonly fds: FdListBlock[];
  readonly users: UserList[];
  readonly events: DecodedEvent[];
  readonly blocks: { readonly eventBlocks: number; readonly bytes: number };
}

/** Decodes a whole capture file with Peregrine's reader; `keep` selects the events to decode (by tid). */
export async function decodeCapture(
  file: string,
  keep: (tid: number) => boolean = () => true,
): Promise<DecodedCapture> {
  const out: DecodedCapture = {
    machine: null,
    procs: [],
    fds: [],
    users: [],
    events: [],
    blocks: { eventBlocks: 0, bytes: 0 },
  };
  let eventBlocks = 0;
  const consumer: CaptureConsumer = {
    section: () => undefined,
    machineInfo: (mi) => {
      out.machine = mi;
    },
    interfaces: () => undefined,
    users: (u) => out.users.push(u),
    procList: (p) => out.procs.push(...p),
    fdList: (b) => out.fds.push(b),
    metadataEnd: () => undefined,
    event: (evt) => {
      eventBlocks++;
      if (!keep(evt.tid)) return;
      const info = EVENT_TABLE[evt.type];
      const p: Record<string, ParamValue> = {};
      const raw: Record<string, Uint8Array> = {};
      info.params.forEach((param, i) => {
        if (i >= evt.nparams) return;
        p[param.name] = decodeParam(evt, i, param);
        raw[param.name] = evt.bytes(i).slice();
      });
      out.events.push({
        num: evt.num,
        ts: evt.ts,
        type: evt.type,
        name: info.name,
        tid: evt.tid,
        cpu: evt.cpu,
        dumpFlags: evt.dumpFlags,
        nparams: evt.nparams,
        p,
        raw,
      });
    },
  };
  const reader = new ScapReader(consumer);
  const blocks = new BlockReader(reader);
  const res = await feedFile(file, blocks);
  if (res.error !== undefined) throw new Error(`${file}: ${res.error.message} at ${res.error.offset}`);
  return { ...out, blocks: { eventBlocks, bytes: res.bytes } };
}

/** Compiles the C fixture `name` (FROM/NAME.c, FROM relative to the root) into `dir`; returns the binary. */
export async function buildFixture(name: string, dir: string, from = 'test/sensor/fixtures'): Promise<string> {
  const bin = join(dir, name);
  await run('cc', ['-O1', '-Wall', '-o', bin, join(ROOT, from, `${name}.c`)]);
  return bin;
}

/** The byte layout of a SOCKTUPLE/SOCKADDR (sensor helpers/sock.h), decoded for assertions. */
export function inetTuple(b: Uint8Array): { family: number; sip: string; sport: number; dip: string; dport: number } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ip = (o: number) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
  return { family: b[0], sip: ip(1), sport: dv.getUint16(5, true), dip: ip(7), dport: dv.getUint16(11, true) };
}

export function inetAddr(b: Uint8Array): { family: number; ip: string; port: number } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { family: b[0], ip: `${b[1]}.${b[2]}.${b[3]}.${b[4]}`, port: dv.getUint16(5, true) };
}

/** NUL-separated list bytes → strings. */
export function nulList(b: Uint8Array): string[] {
  const s = Buffer.from(b).toString('utf8');
  const parts = s.split('\0');
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
