// Writes scap captures that sysdig, Falco and Wireshark open: an SHB (1.2), the metadata blocks (MI, IL v2,
// UL v2, PL v9, FDL v2 — the newest layouts, which sysdig 0.29.3 already reads) and event blocks. Events are
// written in the v2 frame layout (nparams in the header), as libscap's reader converts old frames; blocks use
// EV_V2, or EVF_V2 when the event carries dump flags. The live sensor writes with the same code.
//
// Every block: u32 type, u32 total length, body padded to 4 bytes, u32 total length (block-reader.ts).
import * as B from './blocks.ts';
import type { ScapEvent } from './event.ts';
import { EF_LARGE_PAYLOAD, EVENT_TABLE } from './event-table.ts';
import type { FdEntry, InterfaceEntry, MachineInfo, ProcEntry, UserList } from './metadata.ts';
import { FdType } from './metadata.ts';

const encoder = new TextEncoder();

/** A growable little-endian byte builder for one block. */
class Builder {
  buf: Uint8Array;
  dv: DataView;
  len: number;
  constructor(size = 256) {
    this.buf = new Uint8Array(size);
    this.dv = new DataView(this.buf.buffer);
    this.len = 0;
  }
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }
  u8(v: number): this {
    this.room(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }
  u16(v: number): this {
    this.room(2);
    this.dv.setUint16(this.len, v, true);
    this.len += 2;
    return this;
  }
  u32(v: number): this {
    this.room(4);
    this.dv.setUint32(this.len, v >>> 0, true);
    this.len += 4;
    return this;
  }
  i64(v: number): this {
    this.room(8);
    this.dv.setBigInt64(this.len, BigInt(Math.trunc(v)), true);
    this.len += 8;
    return this;
  }
  u64(v: number | bigint): this {
    this.room(8);
    this.dv.setBigUint64(this.len, BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v))), true);
    this.len += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  /** `u16 len` + bytes, no NUL (PL and FDL strings); longer strings are cut at 65535 bytes. */
  /** `u16 len` + bytes, at most `max` bytes (libscap refuses longer fields of some blocks). */
  str(s: string, max = 0xffff): this {
    const b = encoder.encode(s).subarray(0, max);
    return this.u16(b.length).bytes(b);
  }
  /** `u16 len` + NUL-separated list, each item NUL-terminated. */
  list(items: readonly string[]): this {
    const parts = items.map((i) => encoder.encode(i));
    let n = 0;
    for (const p of parts) n += p.length + 1;
    n = Math.min(n, 0xffff);
    this.u16(n);
    let written = 0;
    for (const p of parts) {
      if (written + p.length + 1 > n) break;
      this.bytes(p).u8(0);
      written += p.length + 1;
    }
    while (written < n) {
      this.u8(0);
      written++;
    }
    return this;
  }
  /** The bytes written so far (a view). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/** Frames a block body: header, body, zero padding to 4 bytes, trailer. */
export function frameBlock(type: number, body: Uint8Array): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const total = 12 + padded;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, type, true);
  dv.setUint32(4, total, true);
  out.set(body, 8);
  dv.setUint32(total - 4, total, true);
  return out;
}

function ipBytes4(b: Uint8Array | null): Uint8Array {
  return b !== null && b.length === 4 ? b : new Uint8Array(4);
}

function ipBytes16(b: Uint8Array | null): Uint8Array {
  return b !== null && b.length === 16 ? b : new Uint8Array(16);
}

/** What the metadata of a capture holds, as the reader delivers it (or a live /proc scan builds it). */
export interface CaptureMetadata {
  machine: MachineInfo | null;
  interfaces: InterfaceEntry[];
  users: UserList;
  procs: ProcEntry[];
  fds: Map<number, FdEntry[]>;
}

export function emptyMetadata(): CaptureMetadata {
  return { machine: null, interfaces: [], users: { users: [], groups: [] }, procs: [], fds: new Map() };
}

/** Receives the bytes of the capture in order. */
export type ByteSink = (chunk: Uint8Array) => void;

export class ScapWriter {
  private readonly sink: ByteSink;
  /** Event blocks are gathered into chunks of about this size before reaching the sink. */
  private pending: Uint8Array;
  private pendingLen: number;
  private pendingDv: DataView;
  events: number;

  constructor(sink: ByteSink) {
    this.sink = sink;
    this.pending = new Uint8Array(256 * 1024);
    this.pendingDv = new DataView(this.pending.buffer);
    this.pendingLen = 0;
    this.events = 0;
  }

  /** SHB, then the metadata blocks in libscap's order (MI, IL, UL, PL, one FDL per thread with fds). */
  writeHeader(meta: CaptureMetadata): void {
    const shb = new Builder(16).u32(B.SHB_MAGIC).u16(1).u16(2).u64(0xffffffffffffffffn);
    this.emit(frameBlock(B.SHB, shb.view()));
    if (meta.machine !== null) this.emit(frameBlock(B.MI, machineInfoBody(meta.machine)));
    this.emit(frameBlock(B.IL_V2, interfacesBody(meta.interfaces)));
    this.emit(frameBlock(B.UL_V2, usersBody(meta.users)));
    this.emit(frameBlock(B.PL_V9, procListBody(meta.procs)));
    for (const [tid, fds] of meta.fds) {
      if (fds.length === 0) continue;
      this.emit(frameBlock(B.FDL_V2, fdListBody(tid, fds)));
    }
  }

  /**
   * One event, as an EV_V2 block (EVF_V2 when it has dump flags, the _LARGE kinds past 64 KiB). `addFlags` adds
   * dump flags, e.g. DF_STATE_ONLY for an event kept only so that readers rebuild the same state.
   */
  writeEvent(evt: ScapEvent<unknown, unknown, unknown>, addFlags = 0): void {
    const dumpFlags = evt.dumpFlags | addFlags;
    const np = evt.nparams;
    const large = (EVENT_TABLE[evt.type].flags & EF_LARGE_PAYLOAD) !== 0;
    const lsz = large ? 4 : 2;
    let data = 0;
    for (let i = 0; i < np; i++) data += evt.paramLen[i];
    const frameLen = 26 + np * lsz + data;
    const flags = dumpFlags !== 0;
    const head = 8 + 2 + (flags ? 4 : 0);
    const body = head - 8 + frameLen;
    const total = 12 + ((body + 3) & ~3);
    let type: number;
    if (total - 8 > B.READER_BUF_SIZE) type = flags ? B.EVF_V2_LARGE : B.EV_V2_LARGE;
    else type = flags ? B.EVF_V2 : B.EV_V2;
    if (this.pendingLen + total > this.pending.length) {
      this.flushEvents();
      if (total > this.pending.length) {
        this.pending = new Uint8Array(total);
        this.pendingDv = new DataView(this.pending.buffer);
      }
    }
    const b = this.pending;
    const dv = this.pendingDv;
    let p = this.pendingLen;
    dv.setUint32(p, type, true);
    dv.setUint32(p + 4, total, true);
    dv.setUint16(p + 8, evt.cpu, true);
    if (flags) dv.setUint32(p + 10, dumpFlags, true);
    p += head;
    // Header: ts and tid as read, then len, type, nparams.
    b.set(evt.buf.subarray(evt.off, evt.off + 16), p);
    dv.setUint32(p + 16, frameLen, true);
    dv.setUint16(p + 20, evt.type, true);
    dv.setUint32(p + 22, np, true);
    let q = p + 26;
    for (let i = 0; i < np; i++) {
      if (large) dv.setUint32(q, evt.paramLen[i], true);
      else dv.setUint16(q, evt.paramLen[i], true);
      q += lsz;
    }
    for (let i = 0; i < np; i++) {
      const o = evt.paramOff[i];
      b.set(evt.buf.subarray(o, o + evt.paramLen[i]), q);
      q += evt.paramLen[i];
    }
    const end = this.pendingLen + total;
    b.fill(0, q, end - 4);
    dv.setUint32(end - 4, total, true);
    this.pendingLen = end;
    this.events++;
  }

  /** Hands buffered events to the sink (call before closing, or to bound latency). */
  flushEvents(): void {
    if (this.pendingLen === 0) return;
    this.sink(this.pending.slice(0, this.pendingLen));
    this.pendingLen = 0;
  }

  private emit(block: Uint8Array): void {
    this.flushEvents();
    this.sink(block);
  }
}

function machineInfoBody(mi: MachineInfo): Uint8Array {
  const b = new Builder(192).u32(mi.numCpus).u64(mi.memorySizeBytes).u64(mi.maxPid);
  const host = new Uint8Array(128);
  host.set(encoder.encode(mi.hostname).subarray(0, 127));
  return b.bytes(host).u64(mi.bootTsEpoch).u64(mi.flags).u64(0).u64(0).view();
}

function interfacesBody(list: readonly InterfaceEntry[]): Uint8Array {
  const b = new Builder();
  for (const i of list) {
    const name = encoder.encode(i.name).subarray(0, 1023);
    const v6 = i.type === 2 || i.type === 4;
    const speed = i.type === 1 || i.type === 2;
    const len = 4 + (v6 ? 48 : 12) + (speed ? 8 : 0) + name.length;
    b.u32(len).u16(i.type).u16(name.length);
    if (v6) b.bytes(ipBytes16(i.addr)).bytes(ipBytes16(i.netmask)).bytes(ipBytes16(i.bcast));
    else b.bytes(ipBytes4(i.addr)).bytes(ipBytes4(i.netmask)).bytes(ipBytes4(i.bcast));
    if (speed) b.u64(i.linkspeed);
    b.bytes(name);
  }
  return b.view();
}

function usersBody(ul: UserList): Uint8Array {
  const b = new Builder();
  for (const u of ul.users) {
    const e = new Builder(64)
      .u8(0)
      .u32(u.uid)
      .u32(u.gid)
      .str(u.name.slice(0, 255))
      .str(u.homedir.slice(0, 255))
      .str(u.shell.slice(0, 255));
    b.u32(e.len + 4).bytes(e.view());
  }
  for (const g of ul.groups) {
    const e = new Builder(32).u8(1).u32(g.gid).str(g.name.slice(0, 255));
    b.u32(e.len + 4).bytes(e.view());
  }
  return b.view();
}

/** libscap's SCAP_MAX_PATH_SIZE. */
const SCAP_MAX_PATH = 1024;

function procListBody(procs: readonly ProcEntry[]): Uint8Array {
  const b = new Builder(4096);
  for (const p of procs) {
    const e = new Builder(512)
      .i64(p.tid)
      .i64(p.pid)
      .i64(p.ptid)
      .i64(p.sid)
      .i64(p.vpgid)
      .str(p.comm)
      // libscap's reader refuses a process list entry whose exe, exepath or cwd is longer than
      // SCAP_MAX_PATH_SIZE (1024: "invalid exelen"); its /proc scan keeps 1024 bytes of argv[0] and cwd and 1023
      // of the executable's path, as the sensor's scan does (sensor/scan.c).
      .str(p.exe, SCAP_MAX_PATH)
      .str(p.exepath, SCAP_MAX_PATH - 1)
      .list(p.args)
      .str(p.cwd, SCAP_MAX_PATH)
      .u64(p.fdlimit)
      .u32(p.flags)
      .u32(p.uid)
      .u32(p.gid)
      .u32(p.vmsizeKb)
      .u32(p.vmrssKb)
      .u32(p.vmswapKb)
      .u64(p.pfmajor)
      .u64(p.pfminor)
      .list(p.env)
      .i64(p.vtid)
      .i64(p.vpid)
      .list(p.cgroups)
      .str(p.root)
      .u64(p.pidnsInitStartTs)
      .u32(p.tty)
      .u32(p.loginuid)
      .u8(p.exeWritable ? 1 : 0)
      .u64(p.capInheritable)
      .u64(p.capPermitted)
      .u64(p.capEffective)
      .u8(p.exeUpperLayer ? 1 : 0)
      .u64(p.exeIno)
      .u64(p.exeInoCtime)
      .u64(p.exeInoMtime)
      .u8(p.exeFromMemfd ? 1 : 0)
      .u8(p.exeLowerLayer ? 1 : 0)
      .i64(p.pgid);
    b.u32(e.len + 4).bytes(e.view());
  }
  return b.view();
}

function fdListBody(tid: number, fds: readonly FdEntry[]): Uint8Array {
  const b = new Builder(1024).i64(tid);
  for (const f of fds) {
    const e = new Builder(64).i64(f.fd).u64(f.ino).u8(f.type);
    switch (f.type) {
      case FdType.IPV4_SOCK:
        e.bytes(ipBytes4(f.sip)).bytes(ipBytes4(f.dip)).u16(f.sport).u16(f.dport).u8(f.l4proto);
        break;
      case FdType.IPV4_SERVSOCK:
        e.bytes(ipBytes4(f.sip)).u16(f.sport).u8(f.l4proto);
        break;
      case FdType.IPV6_SOCK:
        e.bytes(ipBytes16(f.sip)).bytes(ipBytes16(f.dip)).u16(f.sport).u16(f.dport).u8(f.l4proto);
        break;
      case FdType.IPV6_SERVSOCK:
        e.bytes(ipBytes16(f.sip)).u16(f.sport).u8(f.l4proto);
        break;
      case FdType.UNIX_SOCK:
        e.u64(f.unixSource).u64(f.unixDest).str(f.name);
        break;
      case FdType.FILE_V2:
        e.u32(f.openFlags).str(f.name).u32(f.dev);
        break;
      case FdType.UNKNOWN:
        break;
      default:
        e.str(f.name);
    }
    b.u32(e.len + 4).bytes(e.view());
  }
  return b.view();
}
