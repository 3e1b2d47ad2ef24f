// Gathers a capture's metadata as the engine reads it, for a writer that copies it into a new capture (a -w
// recording, the prefilter's simulated sensor stream).
import type { CaptureMetadata } from '../capture/writer.ts';
import type { MetadataObserver } from './engine.ts';

/** How many threads and descriptors per process the copy keeps (a recording bounds them like the state tables). */
export interface MetadataBounds {
  readonly threads: number;
  readonly fdsPerProcess: number;
}

const UNBOUNDED: MetadataBounds = { threads: Number.POSITIVE_INFINITY, fdsPerProcess: Number.POSITIVE_INFINITY };

/** An observer that adds every metadata block read to `meta`, within `bounds`. */
export function metadataCopier(meta: CaptureMetadata, bounds: MetadataBounds = UNBOUNDED): MetadataObserver {
  return {
    machineInfo: (mi) => {
      meta.machine = mi;
    },
    interfaces: (l) => {
      meta.interfaces = l;
    },
    users: (u) => {
      meta.users = { users: [...meta.users.users, ...u.users], groups: [...meta.users.groups, ...u.groups] };
    },
    procList: (p) => {
      for (const e of p) if (meta.procs.length < bounds.threads) meta.procs.push(e);
    },
    fdList: (b) => {
      const list = meta.fds.get(b.tid) ?? [];
      for (const f of b.fds) if (list.length < bounds.fdsPerProcess) list.push(f);
      if (meta.fds.size < bounds.threads) meta.fds.set(b.tid, list);
    },
  };
}
