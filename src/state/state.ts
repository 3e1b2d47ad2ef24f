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
