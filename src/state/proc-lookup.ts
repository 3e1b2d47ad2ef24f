// Where the state looks for a thread its table does not have when an event of that thread, or of its child,
// arrives (libsinsp's get_thread with query_os: scap_proc_get). Live, that is /proc at that moment; a replay has
// no source (libscap's savefile platform cannot answer either) and the table gets a placeholder.
import type { FdEntry, ProcEntry } from '../capture/metadata.ts';
import { readProcFds } from './proc-fds.ts';
import { readProcThread } from './proc-reader.ts';

/** One thread as /proc shows it now, and, for a main thread, its process's fds. */
export interface ThreadSnapshot {
  readonly entry: ProcEntry;
  readonly fds: readonly FdEntry[];
}

export interface ThreadSource {
  /** The thread `tid` as it is now, or null when it is gone. `bootTsEpoch`: the host's boot time, epoch ns. */
  lookup(tid: number, bootTsEpoch: bigint): ThreadSnapshot | null;
}

/** This host's /proc, below `hostRoot` (HOST_ROOT when Peregrine runs in a container). */
export class ProcThreadSource implements ThreadSource {
  private readonly hostRoot: string;

  constructor(hostRoot: string) {
    this.hostRoot = hostRoot;
  }

  lookup(tid: number, bootTsEpoch: bigint): ThreadSnapshot | null {
    const entry = readProcThread(this.hostRoot, tid, bootTsEpoch);
    if (entry === null) return null;
    return { entry, fds: entry.tid === entry.pid ? readProcFds(this.hostRoot, entry.pid) : [] };
  }
}
