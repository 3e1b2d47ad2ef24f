// The kernel prefilter simulated on a stream of events in user space: given the events a capture holds (and the
// state they build), it writes the stream the sensor would have delivered with the prefilter on. Replaying both
// with the same rules must give the same alerts (test/engine/prefilter-replay.test.ts); that is the proof that
// what the prefilter drops no rule could have matched and no state needed.
//
// It does what sensor/helpers/prefilter.h does, event by event, in stream order:
//   - an open-family exit no rule can match (decide.ts) is dropped when it failed, and otherwise waits in its
//     process's slot, when the descriptor is fresh and the process's table is not shared;
//   - the process's next event sends the waiting open first, with its own timestamp, unless that event is the
//     successful close of the same descriptor: then both are dropped;
//   - a clone's child sends its parent's waiting open first; an exec, close_range or failed close make descriptors
//     stale; CLONE_FILES makes the process shared.
// The simulation uses the state's name for every thread (the kernel knows fewer names: it only drops less).
//
// Captures written by older tools also hold enter events: an enter passes unchanged, except the enter of a close
// of the waiting open's descriptor, which waits with it (the sensor sends no enter events; a rule on close turns
// waiting off altogether).

import { writeFileSync } from 'node:fs';
import { DF_STATE_ONLY } from '../../capture/blocks.ts';
import { code } from '../../capture/codes.ts';
import { ScapEvent, type StoredFrame } from '../../capture/event.ts';
import { EVENT_TABLE } from '../../capture/event-table.ts';
import { feedFile } from '../../capture/source.ts';
import { type CaptureMetadata, emptyMetadata, ScapWriter } from '../../capture/writer.ts';
import type { Event } from '../../state/event.ts';
import { CL } from '../../state/thread.ts';
import { Engine, type EventSink } from '../engine.ts';
import { metadataCopier } from '../metadata-copy.ts';
import type { PrefilterProgram } from './compile.ts';
import { mayMatch, openFacts } from './decide.ts';

const CLOSE_E = code('SYSCALL_CLOSE_E');
const CLOSE_X = code('SYSCALL_CLOSE_X');
const CLOSE_RANGE_X = code('SYSCALL_CLOSE_RANGE_X');
const FRESH_FDS = 256;
const CLONE_CODES = new Set(
  EVENT_TABLE.filter((e) => ['clone', 'clone3', 'fork', 'vfork'].includes(e.name) && (e.code & 1) === 1).map(
    (e) => e.code,
  ),
);
const EXEC_CODES = new Set(
  EVENT_TABLE.filter((e) => (e.name === 'execve' || e.name === 'execveat') && (e.code & 1) === 1).map((e) => e.code),
);

interface Slot {
  fd: number;
  /** The thread that opened it: only its own close drops it. */
  tid: number;
  frame: StoredFrame;
  /** The enter of its close, waiting with it. */
  closeEnter: StoredFrame | null;
}

interface Proc {
  fresh: Set<number>;
  shared: boolean;
  slot: Slot | null;
}

export interface SimulationStats {
  /** Events written, events the prefilter dropped, opens that waited, opens sent after waiting. */
  written: number;
  dropped: number;
  deferred: number;
  sent: number;
}

/** An engine sink that writes what the sensor would deliver with `program` in force. */
export class PrefilterSimulation implements EventSink {
  readonly stats: SimulationStats = { written: 0, dropped: 0, deferred: 0, sent: 0 };
  private readonly procs = new Map<number, Proc>();
  private readonly replay: Event = new ScapEvent();
  private headerWritten = false;
  private readonly program: PrefilterProgram;
  private readonly writer: ScapWriter;
  private readonly meta: CaptureMetadata;

  /** Per event code, 1 when the sensor captures it (see capturedCodes); null: every code. */
  private readonly captured: Uint8Array | null;

  constructor(program: PrefilterProgram, writer: ScapWriter, meta: CaptureMetadata, captured: Uint8Array | null) {
    this.program = program;
    this.writer = writer;
    this.meta = meta;
    this.captured = captured;
  }

  metadataEnd(): void {
    if (!this.headerWritten) this.writer.writeHeader(this.meta);
    this.headerWritten = true;
  }

  stateOnly(evt: Event): void {
    this.writer.writeEvent(evt, DF_STATE_ONLY);
  }

  private proc(pid: number): Proc {
    let p = this.procs.get(pid);
    if (p === undefined) {
      p = { fresh: new Set(), shared: false, slot: null };
      this.procs.set(pid, p);
    }
    return p;
  }

  private writeStored(f: StoredFrame): void {
    this.replay.bindStored(f);
    this.writer.writeEvent(this.replay);
    this.stats.written++;
  }

  /** Sends the open waiting in p's slot (and the close enter waiting with it). */
  private flush(p: Proc | undefined): void {
    const s = p?.slot;
    if (p === undefined || s === undefined || s === null) return;
    p.slot = null;
    this.writeStored(s.frame);
    this.stats.sent++;
    if (s.closeEnter !== null) this.writeStored(s.closeEnter);
  }

  private write(evt: Event, p: Proc | undefined): void {
    this.flush(p);
    this.writer.writeEvent(evt);
    this.stats.written++;
  }

  event(evt: Event): void {
    if (this.captured !== null && this.captured[evt.type] !== 1) return;
    const t = evt.thread;
    const p = t === null ? undefined : this.proc(t.pid);
    const type = evt.type;
    const facts = openFacts(evt, t === null ? null : t.comm);
    if (facts !== undefined && p !== undefined) {
      if (mayMatch(this.program, facts)) {
        this.write(evt, p);
        if (facts.ret >= 0) p.fresh.add(facts.ret);
        return;
      }
      if (facts.ret < 0) {
        this.stats.dropped++;
        return;
      }
      if (this.program.defer && !p.shared && facts.ret < FRESH_FDS && p.fresh.has(facts.ret)) {
        this.flush(p);
        p.slot = { fd: facts.ret, tid: evt.tid, frame: evt.store(null), closeEnter: null };
        this.stats.deferred++;
        return;
      }
      this.write(evt, p);
      p.fresh.add(facts.ret);
      return;
    }
    if (p !== undefined && t !== null) {
      if (
        type === CLOSE_E &&
        p.slot !== null &&
        p.slot.closeEnter === null &&
        p.slot.tid === evt.tid &&
        evt.int(0) === p.slot.fd
      ) {
        p.slot.closeEnter = evt.store(null);
        return;
      }
      if (type === CLOSE_X) {
        const fd = evt.nparams > 1 ? evt.int(1) : t.lastEventFd;
        const res = evt.int(0);
        if (res < 0) p.fresh.delete(fd);
        else if (this.program.defer && p.slot !== null && p.slot.fd === fd && p.slot.tid === evt.tid) {
          this.stats.dropped += p.slot.closeEnter !== null ? 3 : 2;
          p.slot = null;
          return;
        }
      }
      if (CLONE_CODES.has(type)) this.clone(evt, p);
    }
    this.write(evt, p);
    if (p !== undefined) this.after(evt, p);
  }

  private clone(evt: Event, p: Proc): void {
    const t = evt.thread;
    if (t === null) return;
    // The child's own return: the parent's waiting open goes first (Peregrine copies the parent's fds now).
    if (evt.int(0) === 0) {
      const parent = evt.state?.threads.get(t.ptid);
      if (parent !== undefined && parent.pid !== t.pid) this.flush(this.procs.get(parent.pid));
    }
    // The new task shares the table (threads do): the sensor keeps off the process (and the child's).
    const at = evt.paramIndex('flags');
    const flags = at >= 0 && at < evt.nparams ? evt.uint(at) : 0;
    if ((flags & (CL.CLONE_FILES | CL.CLONE_THREAD)) !== 0) p.shared = true;
  }

  /** What an event written for process p changes in its freshness. */
  private after(evt: Event, p: Proc): void {
    const type = evt.type;
    if (EXEC_CODES.has(type) && evt.int(0) === 0) {
      p.fresh.clear();
      p.shared = false;
    } else if (type === CLOSE_RANGE_X && evt.int(0) === 0) {
      const first = evt.uint(1);
      const last = Math.min(evt.uint(2), FRESH_FDS - 1);
      for (let w = Math.floor(first / 64); w <= Math.floor(last / 64); w++)
        for (let fd = w * 64; fd < w * 64 + 64; fd++) p.fresh.delete(fd);
    }
  }
}

/**
 * The event codes the sensor emits when it captures the syscalls `ppmSc` (src/capture/syscall-set.ts): those of the
 * selected syscalls, and the events no syscall carries (process exit, container and other metadata events).
 */
export function capturedCodes(ppmSc: ReadonlySet<number>): Uint8Array {
  const out = new Uint8Array(EVENT_TABLE.length);
  for (const e of EVENT_TABLE) if (e.ppmSc.length === 0 || e.ppmSc.some((sc) => ppmSc.has(sc))) out[e.code] = 1;
  return out;
}

/**
 * Reads capture `input`, writes to `output` what the sensor would have delivered with `program` in force (same
 * metadata, the kept events in the order the sensor would have sent them); with `captured`, only the events of
 * those codes, as a sensor capturing those syscalls would.
 */
export async function simulateCapture(
  input: string,
  program: PrefilterProgram,
  output: string,
  captured: Uint8Array | null = null,
): Promise<SimulationStats | { error: string }> {
  const chunks: Uint8Array[] = [];
  const writer = new ScapWriter((chunk) => chunks.push(chunk.slice()));
  const meta = emptyMetadata();
  const sim = new PrefilterSimulation(program, writer, meta, captured);
  const engine = new Engine(sim, { observer: metadataCopier(meta) });
  const res = await feedFile(input, engine.blocks, {
    afterChunk: () => {
      writer.flushEvents();
      return undefined;
    },
  });
  if (res.error !== undefined) return { error: `${input}: ${res.error.message} at byte ${res.error.offset}` };
  writer.flushEvents();
  writeFileSync(output, Buffer.concat(chunks));
  return sim.stats;
}
