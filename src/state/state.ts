// Everything the state tracker knows about the observed system, in one object the engine passes around.
import type { MachineInfo } from '../capture/metadata.ts';
import { ContainerStore } from './containers/store.ts';
import { NetworkInterfaces } from './interfaces.ts';
import type { ThreadSource } from './proc-lookup.ts';
import { ThreadTable } from './threads.ts';
import { UserTable } from './users.ts';

export class SystemState {
  readonly threads: ThreadTable;
  readonly users: UserTable;
  /** Container metadata: from container-json events in a replay, from the runtimes' APIs live. */
  readonly containers: ContainerStore;
  readonly interfaces: NetworkInterfaces;
  machine: MachineInfo | null;
  /** Timestamp of the first event that is not a container-json meta event (evt.reltime's origin). */
  firstEventTs: bigint;
  /** Timestamp halves of the previous event (evt.deltatime), −1 before the first. */
  prevTsHi: number;
  prevTsLo: number;
  /** evt.hostname: the machine Peregrine runs on (set by the engine). */
  hostname: string;
  /**
   * Where a thread missing from the table is read when an event needs it: live, this host's /proc
   * (ProcThreadSource); null in a replay, where such a thread gets a placeholder, as in libsinsp.
   */
  threadSource: ThreadSource | null;
  /** Bumped by every event whose handler may change what a process's fields read (dispatch.ts). */
  changes: number;

  constructor() {
    this.threads = new ThreadTable();
    this.users = new UserTable();
    this.containers = new ContainerStore();
    this.interfaces = new NetworkInterfaces();
    this.machine = null;
    this.firstEventTs = 0n;
    this.prevTsHi = -1;
    this.prevTsLo = 0;
    this.hostname = '';
    this.threadSource = null;
    this.changes = 0;
  }

  /**
   * A number that changes whenever anything a thread's process, user, ancestor or container fields read may have
   * changed: an event of a handler that is not purely an fd, I/O or memory-counter update (dispatch.ts), a thread
   * added or removed or re-parented (from an event, a process list or /proc), a user or group added, a container
   * record set, failed or removed. Equal epochs: those fields of any thread read the same (the alert context cache,
   * src/engine/alert-context.ts, relies on it). Every counter only grows, so their sum changes with any of them.
   * Not counted, and why that is safe: fd-table changes (of the context only fd.name reads an fd, and it is
   * extracted per alert), what the parser sets on a thread per event (the ACTIVE flag, the last event's type, fd
   * and latency: no process field reads them), memory and page-fault counters, and a container noticed again with
   * nothing new. Live, a container's own user names come from files re-read on a timer, outside any of this: the
   * cache extracts those per alert.
   */
  epoch(): number {
    return this.changes + this.threads.changes + this.users.changes + this.containers.changes;
  }

  /** A concatenated capture starts over (libsinsp restarts its inspector). */
  reset(): void {
    this.threads.clear();
    this.users.clear();
    this.containers.clear();
    this.interfaces.clear();
    this.machine = null;
    this.firstEventTs = 0n;
    this.prevTsHi = -1;
    this.prevTsLo = 0;
  }

  /** Nanoseconds between the previous event and the current one's halves; 0 for the first. */
  deltaNs(hi: number, lo: number): number {
    if (this.prevTsHi === -1) return 0;
    return (hi - this.prevTsHi) * 4294967296 + (lo - this.prevTsLo);
  }
}
