// Users and groups: the host's, from the capture's UL block (live: the sensor's /etc/passwd scan) and
// useradded/groupadded events; live, a container's own, from its /etc files (container-accounts.ts).
// user.name and group.name read them by the thread's ids.
import type { GroupEntry, UserEntry } from '../capture/metadata.ts';
import type { ContainerAccounts } from './container-accounts.ts';
import type { ThreadInfo } from './thread.ts';

/** Bound on users and on groups kept (a UL block is not otherwise limited). */
export const MAX_USERS = 65536;

export class UserTable {
  readonly users: Map<number, UserEntry>;
  readonly groups: Map<number, GroupEntry>;
  /** Live: containers' own accounts. null: every thread uses the host's (replay, as sysdig does). */
  containers: ContainerAccounts | null;
  /** Users and groups not kept because the table was full (MAX_USERS). */
  dropped: number;
  /** Bumped by every change of the host's users or groups: part of SystemState.epoch. */
  changes: number;

  constructor() {
    this.users = new Map();
    this.groups = new Map();
    this.containers = null;
    this.dropped = 0;
    this.changes = 0;
  }

  clear(): void {
    this.changes++;
    this.users.clear();
    this.groups.clear();
    this.containers?.clear();
  }

  /**
   * The user `uid` as thread `t` sees it: in a container whose accounts can be read, the container's (and
   * undefined when its files do not name the uid, as Falco); otherwise the host's.
   */
  userOf(t: ThreadInfo, uid: number): UserEntry | undefined {
    const c = this.containers;
    if (c === null || t.containerId === '') return this.users.get(uid);
    const acc = c.get(t);
    if (acc === null) return this.users.get(uid);
    return acc.users.get(uid) ?? c.get(t, true)?.users.get(uid);
  }

  /** The group `gid` as thread `t` sees it (see userOf). */
  groupOf(t: ThreadInfo, gid: number): GroupEntry | undefined {
    const c = this.containers;
    if (c === null || t.containerId === '') return this.groups.get(gid);
    const acc = c.get(t);
    if (acc === null) return this.groups.get(gid);
    return acc.groups.get(gid) ?? c.get(t, true)?.groups.get(gid);
  }

  addUser(u: UserEntry): void {
    this.changes++;
    if (this.users.size < MAX_USERS || this.users.has(u.uid)) this.users.set(u.uid, u);
    else this.dropped++;
  }

  addGroup(g: GroupEntry): void {
    this.changes++;
    if (this.groups.size < MAX_USERS || this.groups.has(g.gid)) this.groups.set(g.gid, g);
    else this.dropped++;
  }

  user(uid: number): UserEntry | undefined {
    return this.users.get(uid);
  }

  group(gid: number): GroupEntry | undefined {
    return this.groups.get(gid);
  }
}
