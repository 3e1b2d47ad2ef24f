// Captures made up in memory for tests that need events no real capture holds in that combination: a process
// table (PL) and EV_V2 events whose parameters are given by value, encoded by the event table's parameter types.
// Replayed through the real Engine, the events have real state (threads, fds) and real field values.
import { EVENT_TABLE, PARAM_FIXED_SIZE } from '../../src/capture/event-table.ts';
import type { ProcEntry } from '../../src/capture/metadata.ts';
import { emptyMetadata, ScapWriter } from '../../src/capture/writer.ts';

export interface SyntheticThread {
  readonly tid: number;
  readonly comm: string;
  readonly pid?: number;
  readonly cwd?: string;
  /** The thread's cgroups (`cpuset=/docker/<id>`: a container's), none by default. */
  readonly cgroups?: readonly string[];
}

export type ParamValue = number | bigint | string | Uint8Array;

export interface SyntheticEvent {
  readonly type: number;
  readonly tid: number;
  readonly ts: bigint;
  /** In table order; strings are written with their NUL. */
  readonly params: readonly ParamValue[];
}

function procEntry(t: SyntheticThread): ProcEntry {
  return {
    tid: t.tid,
    pid: t.pid ?? t.tid,
    ptid: 1,
    sid: 0,
    vpgid: 0,
    pgid: 0,
    comm: t.comm,
    exe: t.comm,
    exepath: `/usr/bin/${t.comm}`,
    args: [],
    cwd: t.cwd ?? '/',
    fdlimit: 1024,
    flags: 0,
    uid: 0,
    gid: 0,
    vmsizeKb: 0,
    vmrssKb: 0,
    vmswapKb: 0,
    pfmajor: 0,
    pfminor: 0,
    env: [],
    vtid: t.tid,
    vpid: t.pid ?? t.tid,
    cgroups: [...(t.cgroups ?? [])],
    root: '/',
    pidnsInitStartTs: 0n,
    tty: 0,
    loginuid: 0,
    exeWritable: false,
    capInheritable: 0n,
    capPermitted: 0n,
    capEffective: 0n,
    exeUpperLayer: false,
    exeLowerLayer: false,
    exeFromMemfd: false,
    exeIno: 0,
    exeInoCtime: 0n,
    exeInoMtime: 0n,
  };
}

const utf8 = new TextEncoder();

function paramBytes(type: string, v: ParamValue): Uint8Array {
  const size = PARAM_FIXED_SIZE[type as keyof typeof PARAM_FIXED_SIZE];
  if (size !== undefined) {
    const b = new Uint8Array(size);
    let x = BigInt.asUintN(size * 8, BigInt(v as number | bigint));
    for (let i = 0; i < size; i++) {
      b[i] = Number(x & 0xffn);
      x >>= 8n;
    }
    return b;
  }
  if (typeof v === 'string') return utf8.encode(`${v}\0`);
  if (v instanceof Uint8Array) return v;
  throw new Error(`a ${type} parameter needs a string or bytes, not ${v}`);
}

/** One EV_V2 block. */
function eventBlock(e: SyntheticEvent): Uint8Array {
  const info = EVENT_TABLE[e.type];
  const params = e.params.map((v, i) => paramBytes(info.params[i].type, v));
  const data = params.reduce((n, p) => n + p.length, 0);
  const evtLen = 26 + 2 * params.length + data;
  const total = ((10 + evtLen + 3) & ~3) + 4;
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 0x216, true);
  dv.setUint32(4, total, true);
  dv.setUint16(8, 0, true);
  dv.setBigUint64(10, e.ts, true);
  dv.setBigUint64(18, BigInt(e.tid), true);
  dv.setUint32(26, evtLen, true);
  dv.setUint16(30, e.type, true);
  dv.setUint32(32, params.length, true);
  let p = 36;
  for (const x of params) {
    dv.setUint16(p, x.length, true);
    p += 2;
  }
  for (const x of params) {
    b.set(x, p);
    p += x.length;
  }
  dv.setUint32(total - 4, total, true);
  return b;
}

/** A whole capture: section header, machine info, the threads, then the events. */
export function syntheticCapture(threads: readonly SyntheticThread[], events: readonly SyntheticEvent[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const writer = new ScapWriter((c) => chunks.push(c.slice()));
  const meta = emptyMetadata();
  meta.procs = threads.map(procEntry);
  writer.writeHeader(meta);
  writer.flushEvents();
  for (const e of events) chunks.push(eventBlock(e));
  return Buffer.concat(chunks);
}
