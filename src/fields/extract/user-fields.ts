// Extractors of the user.* and group.* fields: the thread's ids and the names the capture's user list gives them.
import { type ExtractorMap, onThread } from './common.ts';

export const extractors: ExtractorMap = {
  'user.uid': onThread((t) => t.uid),
  'user.name': onThread((t, _e, s) => s.users.user(t.uid)?.name ?? null),
  'user.homedir': onThread((t, _e, s) => s.users.user(t.uid)?.homedir ?? null),
  'user.shell': onThread((t, _e, s) => s.users.user(t.uid)?.shell ?? null),
  'user.loginuid': onThread((t) => t.loginuid | 0),
  'user.loginname': onThread((t, _e, s) => s.users.user(t.loginuid)?.name ?? null),
  'group.gid': onThread((t) => t.gid),
  'group.name': onThread((t, _e, s) => s.users.group(t.gid)?.name ?? null),
};
