// The scap decoder: turns blocks into metadata records and events for a consumer. It is a BlockSink, so any
// byte source drives it (feedFile, feedStream). Metadata blocks become plain records (metadata.ts); event
// blocks rebind the one ScapEvent flyweight and hand it to the consumer, synchronously, inside the block call.
//
// An event block (body after the 8-byte block header):
//
//   EV  0x204 / EV_V2 0x216 / EV_V2_LARGE 0x221:   u16 cpu, event frame (event.ts), padding
//   EVF 0x208 / EVF_V2 0x217 / EVF_V2_LARGE 0x222:  u16 cpu, u32 dump_flags, event frame, padding
import type { BlockSink } from './block-reader.ts';
import * as B from './blocks.ts';
import { type CaptureError, captureError } from './errors.ts';
import { ScapEvent } from './event.ts';
import {
  type FdListBlock,
  type InterfaceEntry,
  type MachineInfo,
  type ProcEntry,
  parseFdList,
  parseInterfaceList,
  parseMachineInfo,
  parseProcList,
  parseSectionHeader,
  parseUserList,
  type SectionHeader,
  type UserList,
} from './metadata.ts';

/** What the decoder delivers. Every method is called synchronously from inside the byte source's push. */
export interface CaptureConsumer<T = unknown, F = unknown, S = unknown> {
  /** A section header: the start of a capture (again for a concatenated capture: reset your state). */
  section(shb: SectionHeader, first: boolean): void;
  machineInfo(mi: MachineInfo): void;
  interfaces(list: InterfaceEntry[]): void;
  users(list: UserList): void;
  procList(entries: ProcEntry[]): void;
  fdList(block: FdListBlock): void;
  /** Called once before the first event of a section: the metadata is complete. */
  metadataEnd(): void;
  /** One event. The flyweight and the bytes it views are valid only during the call. */
  event(evt: ScapEvent<T, F, S>): void;
}

export interface ReaderStats {
  /** Events delivered. */
  events: number;
  /** Event blocks whose code is beyond the event table (a newer writer's), skipped as libscap does. */
  skippedUnknown: number;
  /** Blocks of unknown type, skipped. */
  skippedBlocks: number;
}

export class ScapReader<T = unknown, F = unknown, S = unknown> implements BlockSink {
  readonly evt: ScapEvent<T, F, S>;
  readonly stats: ReaderStats;
  private readonly consumer: CaptureConsumer<T, F, S>;
  /**
   * Event codes the consumer needs (1) or not (0); null: every event. Events of unneeded codes are counted but
   * not delivered (see Engine.setRelevant).
   */
  relevant: Uint8Array | null = null;
  /** Whether `relevant` applies yet: the consumer turns it on once it has what it takes from the first events. */
  skipping = false;
  private sections = 0;
  private inEvents = false;

  constructor(consumer: CaptureConsumer<T, F, S>, evt?: ScapEvent<T, F, S>) {
    this.consumer = consumer;
    this.evt = evt ?? new ScapEvent<T, F, S>();
    this.stats = { events: 0, skippedUnknown: 0, skippedBlocks: 0 };
  }

  block(
    type: number,
    buf: Uint8Array,
    dv: DataView,
    start: number,
    total: number,
    offset: number,
  ): CaptureError | undefined {
    const kind = B.eventBlockKind(type);
    if (kind !== 0) return this.eventBlock(kind, buf, dv, start, total, offset);
    return this.metadataBlock(type, buf, dv, start, total, offset);
  }

  private eventBlock(
    kind: number,
    buf: Uint8Array,
    dv: DataView,
    start: number,
    total: number,
    offset: number,
  ): CaptureError | undefined {
    if (!this.inEvents) {
      this.inEvents = true;
      this.consumer.metadataEnd();
    }
    const hasFlags = (kind & B.EVK_FLAGS) !== 0;
    const bodyEnd = start + total - 4;
    const frame = start + 8 + (hasFlags ? 6 : 2);
    if (frame > bodyEnd) return captureError(offset, `event block of ${total} bytes is too short for its header`);
    const evt = this.evt;
    const relevant = this.relevant;
    if (relevant !== null && this.skipping && frame + 22 <= bodyEnd) {
      // An event nothing reads (no rule, no state change, for either direction of its syscall) is counted
      // and framed, never decoded: most of a capture's events are of such types (bench/replay.ts).
      const type = buf[frame + 20] | (buf[frame + 21] << 8);
      if (type < relevant.length && relevant[type] === 0) {
        this.stats.events++;
        return undefined;
      }
    }
    const err = evt.bind(buf, dv, frame, bodyEnd, (kind & B.EVK_V2) !== 0);
    if (err !== undefined) {
      if (err === 'skip') {
        this.stats.skippedUnknown++;
        return undefined;
      }
      return captureError(offset, err);
    }
    evt.cpu = dv.getUint16(start + 8, true);
    evt.dumpFlags = hasFlags ? dv.getUint32(start + 10, true) : 0;
    evt.streamOffset = offset;
    evt.num = ++this.stats.events;
    this.consumer.event(evt);
    return undefined;
  }

  private metadataBlock(
    type: number,
    buf: Uint8Array,
    dv: DataView,
    start: number,
    total: number,
    offset: number,
  ): CaptureError | undefined {
    if (type === B.SHB) {
      const shb = parseSectionHeader(buf, dv, start, total, offset);
      if (isError(shb)) return shb;
      this.inEvents = false;
      this.consumer.section(shb, this.sections++ === 0);
      return undefined;
    }
    if (type === B.MI || type === B.MI_INT) {
      const mi = parseMachineInfo(buf, dv, start, total, offset);
      if (isError(mi)) return mi;
      this.consumer.machineInfo(mi);
      return undefined;
    }
    const plv = B.procListVersion(type);
    if (plv !== 0) {
      const pl = parseProcList(buf, dv, start, total, offset, plv);
      if (isError(pl)) return pl;
      this.consumer.procList(pl);
      return undefined;
    }
    if (type === B.FDL || type === B.FDL_INT || type === B.FDL_V2) {
      const fdl = parseFdList(buf, dv, start, total, offset, type === B.FDL_V2);
      if (isError(fdl)) return fdl;
      this.consumer.fdList(fdl);
      return undefined;
    }
    if (type === B.IL || type === B.IL_INT || type === B.IL_V2) {
      const il = parseInterfaceList(buf, dv, start, total, offset, type === B.IL_V2);
      if (isError(il)) return il;
      this.consumer.interfaces(il);
      return undefined;
    }
    if (type === B.UL || type === B.UL_INT || type === B.UL_V2) {
      const ul = parseUserList(buf, dv, start, total, offset, type === B.UL_V2);
      if (isError(ul)) return ul;
      this.consumer.users(ul);
      return undefined;
    }
    // Unknown block types are skipped, as libscap skips them while reading metadata.
    this.stats.skippedBlocks++;
    return undefined;
  }
}

function isError(x: unknown): x is CaptureError {
  return typeof x === 'object' && x !== null && 'message' in x && 'offset' in x && !Array.isArray(x);
}
