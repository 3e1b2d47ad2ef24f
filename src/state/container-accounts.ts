// The users and groups of a container, from its own /etc/passwd and /etc/group (read through
// /proc/PID/root of one of its processes), as current libsinsp does: inside a container, uid 1000 is the
// image's user, not the host's. Live detection only: a capture carries no container files, and replay keeps
// the capture's user list for every thread (as sysdig does).
//
// Read lazily, when a rule or an output first needs a name for a thread of the container, so containers
// whose users nobody asks about cost nothing. By then the thread's process may be gone (a `cat` lives a
// millisecond, an event reaches the rules a few later): the files are read through the first of the
// thread's process, its ancestors in the same container and the container's first process (the runtime's
// State.Pid) that is still there. Failures (all gone, a scratch image without /etc/passwd) are retried at
// most once a second per container; a uid the files do not name re-reads them at most once a second (an
// image may add users at run time).
import { readFileSync } from 'node:fs';
import type { GroupEntry, UserEntry } from '../capture/metadata.ts';
import type { ContainerStore } from './containers/store.ts';
import type { ThreadInfo } from './thread.ts';
import type { ThreadTable } from './threads.ts';

/** Containers whose accounts are kept; the oldest read is forgotten beyond this. */
const MAX_CONTAINERS = 1024;
const RETRY_MS = 1000;
/** Ancestors tried after the thread itself. */
const MAX_ANCESTORS = 8;

export interface ContainerAccountsTable {
  readonly users: Map<number, UserEntry>;
  readonly groups: Map<number, GroupEntry>;
}

interface Entry {
  /** null until a read succeeded. */
  table: ContainerAccountsTable | null;
  /** Date.now() of the last read attempt. */
  readAt: number;
}

export class ContainerAccounts {
  private readonly procRoot: string;
  private readonly threads: ThreadTable;
  private readonly containers: ContainerStore;
  /** Bounded by MAX_CONTAINERS, oldest read first out; a destroyed container's entry ages out that way. */
  private readonly byContainer = new Map<string, Entry>();

  /** `hostRoot`: '' on the host, `/host` when Peregrine runs in a container with the host's /proc there. */
  constructor(hostRoot: string, threads: ThreadTable, containers: ContainerStore) {
    this.procRoot = `${hostRoot}/proc`;
    this.threads = threads;
    this.containers = containers;
  }

  /**
   * The accounts of thread `t`'s container, read if not known yet; null when they cannot be read.
   * `missing`: the caller looked for an id the known files lack (re-read if the last read is old).
   */
  get(t: ThreadInfo, missing = false): ContainerAccountsTable | null {
    const containerId = t.containerId;
    let e = this.byContainer.get(containerId);
    if (e !== undefined && e.table !== null && !missing) return e.table;
    const now = Date.now();
    if (e !== undefined && now - e.readAt < RETRY_MS) return e.table;
    if (e === undefined) {
      if (this.byContainer.size >= MAX_CONTAINERS) {
        const oldest = this.byContainer.keys().next().value;
        if (oldest !== undefined) this.byContainer.delete(oldest);
      }
      e = { table: null, readAt: now };
      this.byContainer.set(containerId, e);
    }
    e.readAt = now;
    const table = this.readThrough(t);
    if (table !== null) e.table = table;
    return e.table;
  }

  private readThrough(t: ThreadInfo): ContainerAccountsTable | null {
    let p: ThreadInfo | null = t;
    for (let i = 0; p !== null && p.containerId === t.containerId && i <= MAX_ANCESTORS; i++) {
      const table = this.read(p.pid);
      if (table !== null) return table;
      p = this.threads.parent(p);
    }
    const init = this.containers.get(t.containerId)?.initPid ?? 0;
    return init > 0 ? this.read(init) : null;
  }

  clear(): void {
    this.byContainer.clear();
  }

  private read(pid: number): ContainerAccountsTable | null {
    const root = `${this.procRoot}/${pid}/root/etc`;
    let passwd: string;
    try {
      passwd = readFileSync(`${root}/passwd`, 'utf8');
    } catch {
      return null;
    }
    let group = '';
    try {
      group = readFileSync(`${root}/group`, 'utf8');
    } catch {
      // users without group names are still worth having
    }
    return { users: parsePasswd(passwd), groups: parseGroup(group) };
  }
}

/** name:passwd:uid:gid:gecos:home:shell lines; NSS markers (+/-) and malformed lines are skipped. */
export function parsePasswd(text: string): Map<number, UserEntry> {
  const users = new Map<number, UserEntry>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 7 || f[0] === '' || f[0].startsWith('+') || f[0].startsWith('-')) continue;
    const uid = idOf(f[2]);
    const gid = idOf(f[3]);
    if (uid === -1 || gid === -1 || users.has(uid)) continue;
    users.set(uid, { uid, gid, name: f[0], homedir: f[5], shell: f[6].trimEnd() });
  }
  return users;
}

/** name:passwd:gid:members lines. */
export function parseGroup(text: string): Map<number, GroupEntry> {
  const groups = new Map<number, GroupEntry>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 4 || f[0] === '' || f[0].startsWith('+') || f[0].startsWith('-')) continue;
    const gid = idOf(f[2]);
    if (gid === -1 || groups.has(gid)) continue;
    groups.set(gid, { gid, name: f[0] });
  }
  return groups;
}

/** A decimal id below 2^32, else −1 (never 0: a bad id must not alias root). */
function idOf(s: string): number {
  if (!/^\d{1,10}$/.test(s)) return -1;
  const n = Number(s);
  return n <= 0xffffffff ? n : -1;
}
