// The state tracker: every event passes here before any rule sees it, and updates the thread, fd, user and
// container tables the way libsinsp's sinsp_parser does (falcosecurity/libs userspace/libsinsp/parsers.cpp):
// handlers read an exit's own parameters as current libsinsp does (libs 0.22+, the sensor's events), and an old
// capture's stored enter where its exit lacks them, so that replaying old captures still equals sysdig 0.29.3
// (test/replay/sysdig-diff.test.ts). Then it links the event to its thread and to the fd it refers to
// (`evt.thread`, `evt.fd`).
//
// This module pairs each event with its thread, stored enter and fd (libsinsp's reset) and runs the deferred
// removals; dispatch.ts maps each event code to its handler in handlers/ (processes, files, sockets, socket I/O,
// identity, memory, meta events). Two libsinsp habits shape the code:
// - Enter/exit pairing. An enter event records the fd it uses (m_lastevent_fd) and, for some syscalls, a copy of
//   itself; the exit reads both. An exit whose enter was not the previous event of its thread gets no fd.
// - Deferred removal. close() and procexit remove the fd/thread only when the *next* event arrives, so the
//   closing event itself still shows the fd's name and the exiting thread's process.
import { code } from '../capture/codes.ts';
import { ScapEvent } from '../capture/event.ts';
import { EF_SKIPPARSERESET, EF_USES_FD } from '../capture/event-table.ts';
import type { FdEntry, InterfaceEntry, MachineInfo, ProcEntry, UserList } from '../capture/metadata.ts';
import { containerFromCgroups } from './containers/cgroup-id.ts';
import { dispatch, IS_CLONE_EXIT } from './dispatch.ts';
import type { Event } from './event.ts';
import { ENTER_FD_PARAM, EXIT_FD_PARAM, FIRST_IS_RES, FLAGS } from './event-layout.ts';
import { type FdInfo, FdType } from './fd.ts';
import { containerThread } from './handlers/meta.ts';
import { ListCache } from './lists.ts';
import type { ThreadSource } from './proc-lookup.ts';
import { fdFromScap, fixProcSockets, threadFromProcEntry } from './proc-metadata.ts';
import type { SystemState } from './state.ts';
import { CL, type ThreadInfo } from './thread.ts';

const PROCINFO_E = code('PROCINFO_E');
const SCHEDSWITCH_6_E = code('SCHEDSWITCH_6_E');
const CONTAINER_JSON_E = code('CONTAINER_JSON_E');
const CONTAINER_JSON_2_E = code('CONTAINER_JSON_2_E');
const COPY_FILE_RANGE_X = code('SYSCALL_COPY_FILE_RANGE_X');
const PROCEXIT_E = code('PROCEXIT_E');
const PROCEXIT_1_E = code('PROCEXIT_1_E');

/** libsinsp's SP_EVT_BUF_SIZE: the largest enter event kept for its exit. */
const STORE_MAX = 4096;
/** How many missing ancestors of a thread read from /proc are read too (a process tree is rarely deeper). */
const MISSING_ANCESTORS = 16;

export class StateParser {
  readonly state: SystemState;
  /** A second flyweight for the stored enter event of the current exit. */
  private readonly enterEvt: Event;
  /** Removals libsinsp defers to the next event. */
  private tidToRemove: number;
  /** fds a close removes when the next event comes (the first fdsToRemoveN entries). */
  private readonly fdsToRemove: number[];
  private fdsToRemoveN: number;
  private fdsToRemoveTid: number;
  /** Ports of listening sockets in the fd lists: connections on them are inbound (libsinsp's m_server_ports). */
  private readonly serverPorts = new Set<number>();
  private readonly cgroupsCache = new ListCache();

  constructor(state: SystemState) {
    this.state = state;
    this.enterEvt = new ScapEvent();
    this.enterEvt.state = state;
    this.tidToRemove = -1;
    this.fdsToRemove = [];
    this.fdsToRemoveN = 0;
    this.fdsToRemoveTid = -1;
  }

  reset(): void {
    this.serverPorts.clear();
    this.tidToRemove = -1;
    this.fdsToRemoveN = 0;
    this.fdsToRemoveTid = -1;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Metadata blocks

  machineInfo(mi: MachineInfo): void {
    this.state.machine = mi;
  }

  interfaces(list: InterfaceEntry[]): void {
    this.state.interfaces.load(list);
  }

  users(list: UserList): void {
    for (const u of list.users) this.state.users.addUser(u);
    for (const g of list.groups) this.state.users.addGroup(g);
  }

  /** A process-list block: one ThreadInfo per entry, as libsinsp's threadinfo::init(scap_threadinfo). */
  procList(entries: ProcEntry[]): void {
    for (const p of entries) {
      const t = threadFromProcEntry(p);
      this.resolveContainer(t);
      this.state.threads.add(t, true);
    }
  }

  /** An fd-list block: the open fds of one thread at capture start (libsinsp's add_fd_from_scap). */
  fdList(tid: number, fds: FdEntry[]): void {
    const t = this.state.threads.get(tid);
    if (t === undefined) return;
    for (const e of fds) {
      if (e.type === FdType.IPV4_SERVSOCK || e.type === FdType.IPV6_SERVSOCK) this.serverPorts.add(e.sport);
      const fd = fdFromScap(e);
      if (fd !== null) this.state.threads.setInitialFd(t, e.fd, fd);
    }
  }

  /** Run once the metadata is loaded: accepted connections among the fd lists' sockets become server ends. */
  fixProcSockets(): void {
    fixProcSockets(this.state.threads, this.serverPorts);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Events

  /** Updates the state for one event and fills its links (evt.thread, evt.fd, evt.enter). */
  process(evt: Event): void {
    const threads = this.state.threads;
    // Deferred removals from the previous event.
    if (this.tidToRemove !== -1) {
      threads.remove(this.tidToRemove, false);
      this.tidToRemove = -1;
    }
    if (this.fdsToRemoveN !== 0) {
      // A counter rather than `length = 0`: truncating an array is a runtime call, and every close gets here.
      const t = threads.get(this.fdsToRemoveTid);
      if (t !== undefined) for (let k = 0; k < this.fdsToRemoveN; k++) threads.removeFd(t, this.fdsToRemove[k]);
      this.fdsToRemoveN = 0;
    }

    const type = evt.type;
    this.resetEvent(evt, type);
    dispatch(this, evt, type);

    // libsinsp's get_thread_info falls back to a table lookup when the parser left no thread (a clone's child
    // created by this very event, scheduler events): do it once here so every field sees the same thread.
    if (evt.thread === null) {
      if (type === CONTAINER_JSON_E || type === CONTAINER_JSON_2_E) evt.thread = containerThread(evt);
      else evt.thread = threads.get(evt.tid) ?? null;
    }
    // An exit consumes the stored enter event (libsinsp's event_cleanup).
    if ((type & 1) === 1 && evt.thread !== null) evt.thread.lastEventValid = false;
    if (evt.fd !== null) evt.fdNameChanged = evt.fd.name !== evt.fd.oldName;
  }

  /** procexit: the thread is removed when the next event arrives. */
  deferThreadRemoval(tid: number): void {
    this.tidToRemove = tid;
  }

  /** A successful close: the fd is removed from the thread's table when the next event arrives. */
  deferFdRemoval(tid: number, fd: number): void {
    this.fdsToRemoveTid = tid;
    this.fdsToRemove[this.fdsToRemoveN++] = fd;
  }

  /** libsinsp's sinsp_parser::reset: finds the thread, pairs the exit with its enter, resolves the fd. */
  private resetEvent(evt: Event, type: number): void {
    evt.thread = null;
    evt.fd = null;
    evt.errorCode = 0;
    evt.enter = null;
    evt.fdNameChanged = false;
    const threads = this.state.threads;
    const flags = FLAGS[type];
    if ((flags & EF_SKIPPARSERESET) !== 0) {
      if (type === PROCINFO_E) evt.thread = threads.get(evt.tid) ?? null;
      return;
    }
    if (type === CONTAINER_JSON_E || type === CONTAINER_JSON_2_E) return;
    const queryOs = IS_CLONE_EXIT[type] === 0 && type !== SCHEDSWITCH_6_E;
    let t = threads.get(evt.tid) ?? null;
    // procexit: the thread is gone in the kernel, /proc cannot have it (libsinsp does not ask either)
    if (t === null && queryOs) t = this.missingThread(evt.tid, type !== PROCEXIT_1_E && type !== PROCEXIT_E);
    evt.thread = t;
    if (type === SCHEDSWITCH_6_E || t === null) return;
    if (queryOs) t.flags |= CL.ACTIVE;

    if ((type & 1) === 0) {
      t.lastEventFd = -1;
      t.lastEventType = type;
      if ((flags & EF_USES_FD) !== 0 && ENTER_FD_PARAM[type] !== -1) {
        const fd = evt.int(ENTER_FD_PARAM[type]);
        t.lastEventFd = fd;
        evt.fd = this.lookupFd(t, fd);
      }
      t.latency = 0;
      t.enterTsLo = evt.tsLo;
      t.enterTsHi = evt.tsHi;
      return;
    }

    if (t.enterTsLo !== -1) t.latency = (evt.tsHi - t.enterTsHi) * 4294967296 + (evt.tsLo - t.enterTsLo);
    if (type === t.lastEventType + 1) {
      t.lastEventValid = t.lastEvent !== null && t.lastEvent.len > 0 && t.lastEventValid;
    } else {
      // Current libsinsp: an exit without its enter (always, from the sensor, which sends exits only; after a
      // drop, in a capture) does not trust the last enter's fd. sysdig 0.29 returned here and kept it: a close
      // of fd 1 then removed fd 0, and a failed open showed the previous open's fd.num and fd.name.
      t.lastEventValid = false;
      // An exit in the old format (captures from before libs 0.10) does not carry the fd it used: for those,
      // sysdig 0.29's guess, the last fd, stays (the capture tests compare with it).
      const at = EXIT_FD_PARAM[type];
      if (at === -1 || at < evt.nparams) t.lastEventFd = -1;
    }
    if (FIRST_IS_RES[type] === 1 && evt.nparams > 0) {
      const res = evt.int(0);
      if (res < 0) evt.errorCode = -res;
    }
    if ((flags & EF_USES_FD) !== 0) {
      if (type === COPY_FILE_RANGE_X) t.lastEventFd = evt.int(1);
      else if (t.lastEventFd === -1) {
        const at = EXIT_FD_PARAM[type];
        if (at !== -1 && at < evt.nparams && evt.paramLen[at] > 0) t.lastEventFd = evt.int(at);
      }
      evt.fd = this.lookupFd(t, t.lastEventFd);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // What the handlers use

  /**
   * A thread the table does not have, needed by an event of its own or of its child (libsinsp's get_thread with
   * query_os). Live, it is read from /proc now, with its process's fds, and so are its main thread and its
   * parent when the table lacks them too (a few levels up): proc.pname and the fd fields then answer. Otherwise
   * (a replay, a thread already gone) a placeholder, so that it is not looked for again. Null when the table is
   * full.
   */
  missingThread(tid: number, askSource = true): ThreadInfo | null {
    const threads = this.state.threads;
    const source = this.state.threadSource;
    if (source !== null && askSource) {
      const t = this.threadFromSource(source, tid, MISSING_ANCESTORS);
      if (t !== null) return t;
      threads.notInProc++;
    }
    return threads.fake(tid);
  }

  private threadFromSource(source: ThreadSource, tid: number, depth: number): ThreadInfo | null {
    const threads = this.state.threads;
    const snap = source.lookup(tid, this.state.machine?.bootTsEpoch ?? 0n);
    if (snap === null) return null;
    const t = threadFromProcEntry(snap.entry);
    this.resolveContainer(t);
    if (!threads.add(t, true)) return null;
    threads.fromProc++;
    for (const e of snap.fds) {
      const fd = fdFromScap(e);
      if (fd !== null) threads.setInitialFd(t, e.fd, fd);
    }
    if (depth > 0) {
      if (t.pid !== t.tid && threads.get(t.pid) === undefined) this.threadFromSource(source, t.pid, depth - 1);
      if (t.ptid > 0 && threads.get(t.ptid) === undefined) this.threadFromSource(source, t.ptid, depth - 1);
    }
    return t;
  }

  /** libsinsp's get_fd: the fd, whose current name becomes its old name (parsing may change it). */
  lookupFd(t: ThreadInfo, fd: number): FdInfo | null {
    const f = this.state.threads.getFd(t, fd);
    if (f !== null) f.oldName = f.name;
    return f;
  }

  /**
   * libsinsp's store_event: keeps a copy of this enter event for its exit. Like libsinsp (SP_EVT_BUF_SIZE), an
   * event over 4 KiB is not kept: its exit then goes without the enter's parameters.
   */
  store(evt: Event): void {
    const t = evt.thread;
    if (t === null || evt.len > STORE_MAX) return;
    t.lastEvent = evt.store(t.lastEvent);
    t.lastEventValid = true;
  }

  /** libsinsp's retrieve_enter_event: the stored enter of this exit, or null. */
  retrieveEnter(evt: Event): Event | null {
    const t = evt.thread;
    if (t === null || !t.lastEventValid || t.lastEvent === null) return null;
    const enter = this.enterEvt;
    if (!enter.bindStored(t.lastEvent)) return null;
    if (enter.type !== evt.type - 1) {
      t.lastEventValid = false;
      return null;
    }
    enter.thread = t;
    evt.enter = enter;
    return enter;
  }

  /**
   * A thread's cgroups from an event parameter, and its container. Consecutive clones and execs mostly carry the
   * same bytes: those are decoded and resolved once.
   */
  setCgroups(t: ThreadInfo, evt: Event, idx: number): void {
    const entry = this.cgroupsCache.get(evt, idx);
    t.cgroups = entry.value;
    if (entry.value.length === 0) return;
    if (entry.container === undefined) entry.container = containerFromCgroups(entry.value);
    const c = entry.container;
    if (c === null) return;
    t.containerId = c.id;
    this.state.containers.notice(c);
  }

  resolveContainer(t: ThreadInfo): void {
    if (t.cgroups.length === 0) return;
    const c = containerFromCgroups(t.cgroups);
    if (c === null) return;
    t.containerId = c.id;
    // unknown containers get a partial record now and, live, a lookup in the runtime's API
    this.state.containers.notice(c);
  }
}
