// Users and groups of the host, from the capture's UL block (later: useradded/groupadded events and, live,
// /etc/passwd). user.name and group.name read them by id.
import type { GroupEntry, UserEntry } from '../capture/metadata.ts';

/** Bound on users and on groups kept (a UL block is not otherwise limited). */
export const MAX_USERS = 65536;

export class UserTable {
  readonly users: Map<number, UserEntry>;
  readonly groups: Map<number, GroupEntry>;

  constructor() {
    this.users = new Map();
    this.groups = new Map();
  }

  clear(): void {
    this.users.clear();
    this.groups.clear();
  }

  addUser(u: UserEntry): void {
    if (this.users.size < MAX_USERS || this.users.has(u.uid)) this.users.set(u.uid, u);
  }

  addGroup(g: GroupEntry): void {
    if (this.groups.size < MAX_USERS || this.groups.has(g.gid)) this.groups.set(g.gid, g);
  }

  user(uid: number): UserEntry | undefined {
    return this.users.get(uid);
  }

  group(gid: number): GroupEntry | undefined {
    return this.groups.get(gid);
  }
}
