// Extractors of the proc.* and thread.* fields (libsinsp's "process" field class), read from the thread table.
import type { Event } from '../../state/event.ts';
import { FdType, fdTypeString } from '../../state/fd.ts';
import type { SystemState } from '../../state/state.ts';
import type { ThreadInfo } from '../../state/thread.ts';
import type { BindError, FieldArg, FieldValue } from '../types.ts';
import { type Bind, type ExtractorMap, onThread, plain } from './common.ts';

/**
 * A list joined by spaces (proc.env, proc.args), remembered for the same array: one event's rules read the same
 * field several times (`proc.env icontains HTTP_PROXY`, `… GLIBC_TUNABLES`; five `proc.args icontains` in one
 * Falco rule), and an environment is kilobytes long. The state never changes a list in place: an exec or a clone
 * sets a new array (src/state/handlers/processes.ts), so the array's identity is its content's.
 */
class JoinedList {
  private list: readonly string[] | null = null;
  private text = '';

  of(list: readonly string[]): string {
    if (list !== this.list) {
      this.list = list;
      this.text = list.join(' ');
    }
    return this.text;
  }
}

/** Shared by every rule's reference to the field, so that the rules of one event join a list once. */
const JOINED_ENV = new JoinedList();
const JOINED_ARGS = new JoinedList();

/** The process's main thread as libsinsp's proc.a* fields start from it. */
function mainOf(t: ThreadInfo, s: SystemState): ThreadInfo | null {
  return t.isMain ? t : s.threads.main(t);
}

/** The ancestor `depth` steps up from the main thread (0 = the process itself). */
function ancestor(t: ThreadInfo, s: SystemState, depth: number): ThreadInfo | null {
  let mt = mainOf(t, s);
  for (let j = 0; j < depth && mt !== null; j++) mt = s.threads.parent(mt);
  return mt;
}

/** All ancestors' values, for the argument-less filter form (`proc.aname = bash` matches any ancestor). */
function allAncestors<V extends FieldValue>(t: ThreadInfo, s: SystemState, get: (a: ThreadInfo) => V): V[] {
  const mt = mainOf(t, s);
  const out: V[] = [];
  if (mt === null) return out;
  for (const a of s.threads.ancestors(mt)) out.push(get(a));
  return out;
}

/** proc.aname, proc.apid and friends: `[n]` picks an ancestor; no argument means "any ancestor". */
function ancestorField(get: (a: ThreadInfo) => string | number): Bind {
  return (arg: FieldArg | undefined) => {
    if (arg === undefined) {
      return (evt: Event) => {
        const t = evt.thread;
        const s = evt.state;
        if (t === null || s === null) return null;
        return allAncestors(t, s, get);
      };
    }
    if (arg.index === undefined)
      return { error: `wrong argument '${arg.raw}': a number is expected` } satisfies BindError;
    const depth = arg.index;
    return (evt: Event) => {
      const t = evt.thread;
      const s = evt.state;
      if (t === null || s === null) return null;
      const a = ancestor(t, s, depth);
      return a === null ? null : get(a);
    };
  };
}

function parentOf(t: ThreadInfo, s: SystemState): ThreadInfo | null {
  return s.threads.get(t.ptid) ?? null;
}

function envValue(env: readonly string[], key: string): string | null {
  const prefix = `${key}=`;
  for (const e of env) if (e.startsWith(prefix)) return e.slice(prefix.length);
  return null;
}

/** The environment of a thread (libsinsp keeps it on the main thread). */
function envOf(t: ThreadInfo, s: SystemState): readonly string[] {
  if (t.env.length > 0) return t.env;
  const m = s.threads.main(t);
  return m === null ? t.env : m.env;
}

/** proc.env / proc.env[NAME]. */
const procEnv: Bind = (arg) => {
  if (arg === undefined) {
    return onThread((t, _e, s) => JOINED_ENV.of(envOf(t, s)))(undefined);
  }
  const key = arg.raw;
  return onThread((t, _e, s) => envValue(envOf(t, s), key))(undefined);
};

/** proc.aenv[NAME]: the variable from the process or, failing that, its nearest ancestor that has it. */
const procAenv: Bind = (arg) => {
  if (arg === undefined) {
    return onThread((t, _e, s) => JOINED_ENV.of(envOf(t, s)))(undefined);
  }
  const key = arg.raw;
  const depth = arg.index;
  return onThread((t, _e, s) => {
    if (depth !== undefined) {
      const a = ancestor(t, s, depth);
      return a === null ? null : envOf(a, s).join(' ');
    }
    let cur: ThreadInfo | null = mainOf(t, s);
    const seen = new Set<number>();
    while (cur !== null && !seen.has(cur.tid)) {
      seen.add(cur.tid);
      const v = envValue(envOf(cur, s), key);
      if (v !== null) return v;
      cur = s.threads.parent(cur);
    }
    return null;
  })(undefined);
};

/** proc.args / proc.args[N]. */
const procArgs: Bind = (arg) => {
  if (arg === undefined) {
    return onThread((t) => JOINED_ARGS.of(t.args))(undefined);
  }
  const i = arg.index;
  if (i === undefined) return { error: `wrong argument '${arg.raw}' for proc.args: a number is expected` };
  return onThread((t) => (i < t.args.length ? t.args[i] : null))(undefined);
};

/** proc.sname: the session leader's name, or the eldest ancestor in the same session. */
function sessionLeader(t: ThreadInfo, s: SystemState): ThreadInfo | null {
  const leader = s.threads.get(t.sid);
  if (leader !== undefined) return leader;
  let mt = s.threads.main(t);
  if (mt === null) return null;
  const sid = mt.sid;
  for (const a of s.threads.ancestors(mt)) {
    if (a.sid !== sid) break;
    mt = a;
  }
  return mt;
}

function groupLeader(s: SystemState, id: number, t: ThreadInfo, vpgid: boolean): ThreadInfo | null {
  const direct = vpgid ? null : s.threads.get(id);
  if (direct !== undefined && direct !== null) return direct;
  // vpgid is namespace-local: find the ancestor whose vpid is the group id.
  const mt = s.threads.main(t);
  if (mt === null) return null;
  if ((vpgid ? mt.vpid : mt.pid) === id) return mt;
  for (const a of s.threads.ancestors(mt)) {
    if ((vpgid ? a.vpid : a.pid) === id) return a;
    if ((vpgid ? a.vpgid : a.pgid) !== id) break;
  }
  return null;
}

/** The type/name of a standard stream's fd (proc.stdin.type and friends). */
function stdStream(fd: number, what: 'type' | 'name'): Bind {
  return onThread((t, _e, s) => {
    const f = s.threads.getFd(t, fd);
    if (f === null) return null;
    return what === 'type' ? fdTypeString(f.type) : f.name;
  });
}

function ns(v: bigint): number {
  return Number(v);
}

export const extractors: ExtractorMap = {
  'proc.pid': onThread((t) => t.pid),
  'proc.exe': onThread((t) => t.exe),
  'proc.name': onThread((t) => t.comm),
  'proc.args': procArgs,
  'proc.env': procEnv,
  'proc.aenv': procAenv,
  'proc.cmdline': onThread((t) => t.cmdline),
  'proc.exeline': onThread((t) => `${t.exe} ${t.args.join(' ')}`),
  'proc.cwd': onThread((t, _e, s) => s.threads.cwd(t)),
  'proc.nthreads': onThread((t, _e, s) => {
    const m = s.threads.main(t);
    return m === null ? null : s.threads.nchilds(m) + 1;
  }),
  'proc.nchilds': onThread((t, _e, s) => s.threads.nchilds(t)),
  'proc.ppid': onThread((t, _e, s) => {
    if (t.isMain) return t.ptid;
    const m = s.threads.main(t);
    return m === null ? null : m.ptid;
  }),
  'proc.pname': onThread((t, _e, s) => parentOf(t, s)?.comm ?? null),
  'proc.pcmdline': onThread((t, _e, s) => parentOf(t, s)?.cmdline ?? null),
  'proc.pexe': onThread((t, _e, s) => parentOf(t, s)?.exe ?? null),
  'proc.pexepath': onThread((t, _e, s) => parentOf(t, s)?.exepath ?? null),
  'proc.pvpid': onThread((t, _e, s) => {
    const p = parentOf(t, s);
    return p === null || p.vpid === -1 ? null : p.vpid;
  }),
  'proc.apid': ancestorField((a) => a.pid),
  'proc.aname': ancestorField((a) => a.comm),
  'proc.aexe': ancestorField((a) => a.exe),
  'proc.aexepath': ancestorField((a) => a.exepath),
  'proc.acmdline': ancestorField((a) => a.cmdline),
  'proc.aargs': ancestorField((a) => a.args.join(' ')),
  'proc.loginshellid': onThread((t, _e, s) => {
    const mt = mainOf(t, s);
    if (mt === null) return null;
    let res: number | null = null;
    const check = (p: ThreadInfo) => {
      if (p.comm.length >= 2 && p.comm.endsWith('sh')) res = p.pid;
    };
    check(mt);
    for (const a of s.threads.ancestors(mt)) check(a);
    return res;
  }),
  'proc.duration': onThread((t, e) => (t.cloneTs !== 0n ? ns(e.ts - t.cloneTs) : null)),
  'proc.ppid.duration': onThread((t, e, s) => {
    const p = parentOf(t, s);
    return p === null || p.cloneTs === 0n ? null : ns(e.ts - p.cloneTs);
  }),
  'proc.pid.ts': onThread((t) => (t.cloneTs !== 0n ? t.cloneTs : null)),
  'proc.ppid.ts': onThread((t, _e, s) => {
    const p = parentOf(t, s);
    return p === null || p.cloneTs === 0n ? null : p.cloneTs;
  }),
  'proc.fdopencount': onThread((t, _e, s) => s.threads.main(t)?.fds.size ?? null),
  'proc.fdlimit': onThread((t, _e, s) => s.threads.main(t)?.fdlimit ?? null),
  'proc.fdusage': onThread((t, _e, s) => {
    const m = s.threads.main(t);
    if (m === null || m.fdlimit <= 0) return 0;
    return (m.fds.size * 100) / m.fdlimit;
  }),
  'proc.vmsize': onThread((t) => t.vmsizeKb),
  'proc.vmrss': onThread((t) => t.vmrssKb),
  'proc.vmswap': onThread((t) => t.vmswapKb),
  'thread.pfmajor': onThread((t) => t.pfmajor),
  'thread.pfminor': onThread((t) => t.pfminor),
  'thread.tid': plain((e) => e.tid),
  'thread.ismain': onThread((t) => t.isMain),
  'thread.exectime': plain(() => 0),
  'thread.totexectime': plain(() => 0),
  'thread.cgroups': onThread((t) => (t.cgroups.length === 0 ? null : t.cgroups.join(' '))),
  'thread.cgroup': (arg) => {
    if (arg === undefined) return { error: "filter_check called without argument for field 'thread.cgroup'" };
    const prefix = `${arg.raw}=`;
    return onThread((t) => {
      for (const c of t.cgroups) if (c.startsWith(prefix)) return c.slice(prefix.length);
      return null;
    })(undefined);
  },
  'thread.vtid': onThread((t) => (t.vtid === -1 ? null : t.vtid)),
  'proc.vpid': onThread((t) => (t.vpid === -1 ? null : t.vpid)),
  'thread.cpu': plain(() => null),
  'thread.cpu.user': plain(() => null),
  'thread.cpu.system': plain(() => null),
  'thread.vmsize': onThread((t) => (t.isMain ? t.vmsizeKb : 0)),
  'thread.vmrss': onThread((t) => (t.isMain ? t.vmrssKb : 0)),
  'thread.vmsize.b': onThread((t) => (t.isMain ? t.vmsizeKb * 1024 : 0)),
  'thread.vmrss.b': onThread((t) => (t.isMain ? t.vmrssKb * 1024 : 0)),
  'proc.sid': onThread((t) => t.sid),
  'proc.sname': onThread((t, _e, s) => sessionLeader(t, s)?.comm ?? null),
  'proc.sid.exe': onThread((t, _e, s) => sessionLeader(t, s)?.exe ?? null),
  'proc.sid.exepath': onThread((t, _e, s) => sessionLeader(t, s)?.exepath ?? null),
  'proc.tty': onThread((t) => t.tty),
  'proc.exepath': onThread((t) => t.exepath),
  'thread.nametid': onThread((t, e) => `${t.comm}${e.tid}`),
  'proc.vpgid': onThread((t) => t.vpgid),
  'proc.vpgid.name': onThread((t, _e, s) => groupLeader(s, t.vpgid, t, true)?.comm ?? null),
  'proc.vpgid.exe': onThread((t, _e, s) => groupLeader(s, t.vpgid, t, true)?.exe ?? null),
  'proc.vpgid.exepath': onThread((t, _e, s) => groupLeader(s, t.vpgid, t, true)?.exepath ?? null),
  'proc.pgid': onThread((t) => (t.pgid === -1 ? null : t.pgid)),
  'proc.pgid.name': onThread((t, _e, s) => groupLeader(s, t.pgid, t, false)?.comm ?? null),
  'proc.pgid.exe': onThread((t, _e, s) => groupLeader(s, t.pgid, t, false)?.exe ?? null),
  'proc.pgid.exepath': onThread((t, _e, s) => groupLeader(s, t.pgid, t, false)?.exepath ?? null),
  'proc.is_sid_leader': onThread((t) => t.sid === t.vpid),
  'proc.is_vpgid_leader': onThread((t) => t.vpgid === t.vpid),
  'proc.is_pgid_leader': onThread((t) => t.pgid !== -1 && t.pgid === t.pid),
  'proc.is_exe_writable': onThread((t) => t.exeWritable),
  'proc.is_exe_upper_layer': onThread((t) => t.exeUpperLayer),
  'proc.is_exe_lower_layer': onThread((t) => t.exeLowerLayer),
  'proc.is_exe_from_memfd': onThread((t) => t.exeFromMemfd),
  'proc.exe_ino': onThread((t) => (t.exeIno === 0 ? null : t.exeIno)),
  'proc.exe_ino.ctime': onThread((t) => (t.exeInoCtime === 0n ? null : t.exeInoCtime)),
  'proc.exe_ino.mtime': onThread((t) => (t.exeInoMtime === 0n ? null : t.exeInoMtime)),
  'proc.exe_ino.ctime_duration_proc_start': onThread((t) =>
    t.exeInoCtime === 0n || t.cloneTs === 0n ? null : ns(t.cloneTs - t.exeInoCtime),
  ),
  'proc.exe_ino.ctime_duration_pidns_start': onThread((t) =>
    t.exeInoCtime === 0n || t.pidnsInitStartTs === 0n ? null : ns(t.exeInoCtime - t.pidnsInitStartTs),
  ),
  'proc.pidns_init_start_ts': onThread((t) => (t.pidnsInitStartTs === 0n ? null : t.pidnsInitStartTs)),
  'thread.cap_permitted': onThread((t) => capNames(t.capPermitted)),
  'thread.cap_inheritable': onThread((t) => capNames(t.capInheritable)),
  'thread.cap_effective': onThread((t) => capNames(t.capEffective)),
  'proc.cmdnargs': onThread((t) => t.args.length),
  'proc.cmdlenargs': onThread((t) => t.args.reduce((n, a) => n + a.length, 0) + Math.max(0, t.args.length - 1)),
  'proc.stdin.type': stdStream(0, 'type'),
  'proc.stdout.type': stdStream(1, 'type'),
  'proc.stderr.type': stdStream(2, 'type'),
  'proc.stdin.name': stdStream(0, 'name'),
  'proc.stdout.name': stdStream(1, 'name'),
  'proc.stderr.name': stdStream(2, 'name'),
};

/** Linux capability names by bit, as libsinsp prints capability sets. */
const CAP_NAMES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

/** A capability set as libsinsp renders it: names joined by spaces. */
function capNames(v: bigint): string {
  const out: string[] = [];
  for (let i = 0; i < CAP_NAMES.length; i++) if ((v >> BigInt(i)) & 1n) out.push(CAP_NAMES[i]);
  return out.join(' ');
}

export { FdType };
