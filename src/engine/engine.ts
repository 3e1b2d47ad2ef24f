// The engine loop, one event at a time and synchronously: decode (capture/) → update state (state/) → hand the
// event to the sink (rules, a capture writer, a field printer). As in Falco, state comes first: an exit event
// updates the thread and fd tables before any rule sees it, so rules read the updated state. State-only
// ("fatfile") events update the tables and stop there.
//
// The same Engine serves capture files and the live sensor: both are byte sources that feed a BlockReader
// whose sink is the ScapReader built here.
import { BlockReader } from '../capture/block-reader.ts';
import { DF_STATE_ONLY } from '../capture/blocks.ts';
import { code } from '../capture/codes.ts';
import { ScapEvent } from '../capture/event.ts';
import type {
  FdListBlock,
  InterfaceEntry,
  MachineInfo,
  ProcEntry,
  SectionHeader,
  UserList,
} from '../capture/metadata.ts';
import { type CaptureConsumer, ScapReader } from '../capture/reader.ts';
import type { Event } from '../state/event.ts';
import type { FdInfo } from '../state/fd.ts';
import { StateParser } from '../state/parser.ts';
import { SystemState } from '../state/state.ts';
import type { ThreadInfo } from '../state/thread.ts';
import { relevantCodes } from './relevance.ts';

/** Where decoded, state-updated events go. Called synchronously; the event is valid only during the call. */
export interface EventSink {
  /** An event to show to rules (state-only events never arrive here). */
  event(evt: Event): void;
  /** A state-only event (EVF dump flag), after the state took it in: for a capture writer to keep. Optional. */
  stateOnly?(evt: Event): void;
  /** The metadata blocks are loaded; a writer can now emit its header. Optional. */
  metadataEnd?(state: SystemState): void;
  /** A concatenated capture starts a new section. Optional. */
  section?(shb: SectionHeader, first: boolean): void;
}

/** Raw metadata as it was read, for a capture writer that copies it. */
export interface MetadataObserver {
  machineInfo?(mi: MachineInfo): void;
  interfaces?(list: InterfaceEntry[]): void;
  users?(list: UserList): void;
  procList?(entries: ProcEntry[]): void;
  fdList?(block: FdListBlock): void;
}

export interface EngineStats {
  /** Every event read (evt.num of the last one), including those skipped undecoded. */
  readonly events: number;
  /** Events that reached the sink. */
  delivered: number;
  /** State-only events (EVF dump flag), used for state and never shown. */
  stateOnly: number;
}

const CONTAINER_JSON_E = code('CONTAINER_JSON_E');
const CONTAINER_JSON_2_E = code('CONTAINER_JSON_2_E');

export class Engine implements CaptureConsumer<ThreadInfo, FdInfo, SystemState> {
  readonly state: SystemState;
  readonly parser: StateParser;
  readonly reader: ScapReader<ThreadInfo, FdInfo, SystemState>;
  readonly blocks: BlockReader;
  readonly stats: EngineStats;
  private sink: EventSink;
  private readonly observer: MetadataObserver | null;
  private haveFirstTs: boolean;

  constructor(sink: EventSink, opts: { hostname?: string; observer?: MetadataObserver } = {}) {
    this.state = new SystemState();
    this.state.hostname = opts.hostname ?? '';
    this.parser = new StateParser(this.state);
    const evt: Event = new ScapEvent();
    evt.state = this.state;
    this.reader = new ScapReader<ThreadInfo, FdInfo, SystemState>(this, evt);
    this.blocks = new BlockReader(this.reader);
    const readerStats = this.reader.stats;
    this.stats = {
      get events() {
        return readerStats.events;
      },
      delivered: 0,
      stateOnly: 0,
    };
    this.sink = sink;
    this.observer = opts.observer ?? null;
    this.haveFirstTs = false;
  }

  setSink(sink: EventSink): void {
    this.sink = sink;
  }

  /**
   * Restricts decoding to what a sink needs (src/engine/relevance.ts): the codes it looks at (for the detector,
   * those its rules can match) and the fields it reads (null: any). Events of other codes are counted (evt.num
   * stays sysdig's) and skipped undecoded. `setRelevant(null)`: every event reaches the sink (capture writing,
   * field printing).
   */
  setRelevant(sinkCodes: Iterable<number> | null, usedFields: ReadonlySet<string> | null = null): void {
    this.reader.relevant = relevantCodes(sinkCodes, usedFields);
    this.armSkipping(this.reader.skipping);
  }

  /** Skipping starts once the first event is in (its time is evt.reltime's origin) and stops at a new section. */
  private armSkipping(on: boolean): void {
    this.reader.skipping = on;
    this.blocks.skipEvents(on ? this.reader.relevant : null, this.reader.stats);
  }

  section(shb: SectionHeader, first: boolean): void {
    if (!first) {
      this.state.reset();
      this.parser.reset();
      this.haveFirstTs = false;
      this.armSkipping(false);
    }
    this.sink.section?.(shb, first);
  }

  machineInfo(mi: MachineInfo): void {
    this.parser.machineInfo(mi);
    this.observer?.machineInfo?.(mi);
  }

  interfaces(list: InterfaceEntry[]): void {
    this.parser.interfaces(list);
    this.observer?.interfaces?.(list);
  }

  users(list: UserList): void {
    this.parser.users(list);
    this.observer?.users?.(list);
  }

  procList(entries: ProcEntry[]): void {
    this.parser.procList(entries);
    this.observer?.procList?.(entries);
  }

  fdList(block: FdListBlock): void {
    this.parser.fdList(block.tid, block.fds);
    this.observer?.fdList?.(block);
  }

  metadataEnd(): void {
    this.parser.fixProcSockets();
    this.sink.metadataEnd?.(this.state);
  }

  event(evt: Event): void {
    if (!this.haveFirstTs && evt.type !== CONTAINER_JSON_E && evt.type !== CONTAINER_JSON_2_E) {
      this.state.firstEventTs = evt.ts;
      this.haveFirstTs = true;
      this.armSkipping(true);
    }
    this.parser.process(evt);
    if ((evt.dumpFlags & DF_STATE_ONLY) !== 0) {
      this.stats.stateOnly++;
      this.sink.stateOnly?.(evt);
      return;
    }
    this.stats.delivered++;
    this.sink.event(evt);
    this.state.prevTsHi = evt.tsHi;
    this.state.prevTsLo = evt.tsLo;
  }
}
