// Extractors of the user.* and group.* fields: the thread's ids and their names (the host's, or live, the
// thread's container's: src/state/users.ts).
import { type ExtractorMap, onThread } from './common.ts';

export const extractors: ExtractorMap = {
  'user.uid': onThread((t) => t.uid),
  'user.name': onThread((t, _e, s) => s.users.userOf(t, t.uid)?.name ?? null),
  'user.homedir': onThread((t, _e, s) => s.users.userOf(t, t.uid)?.homedir ?? null),
  'user.shell': onThread((t, _e, s) => s.users.userOf(t, t.uid)?.shell ?? null),
  'user.loginuid': onThread((t) => t.loginuid | 0),
  'user.loginname': onThread((t, _e, s) => s.users.userOf(t, t.loginuid)?.name ?? null),
  'group.gid': onThread((t) => t.gid),
  'group.name': onThread((t, _e, s) => s.users.groupOf(t, t.gid)?.name ?? null),
};
