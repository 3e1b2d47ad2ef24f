// SPDX-License-Identifier: GPL-2.0-only
/*
 * Process lifecycle: clone, fork, vfork, clone3 (an exit event in the parent and one in the child),
 * execve and execveat, and the procexit event when a thread ends.
 *
 * A successful execve is emitted from the sched_process_exec tracepoint, not from the syscall's
 * exit: by then the old argv and filename are gone with the old address space, while
 * sched_process_exec still has the kernel's copy of the filename (bprm->filename) and already the
 * new process image. The syscall exit programs only report failures.
 */
#include "helpers/syscall.h"
#include "helpers/task.h"
#include "helpers/file.h"
#include "helpers/flags.h"
#include <bpf/bpf_core_read.h>

#define MAX_ARGV 64

/* Parameters 4..14 shared by clone and execve: tid, pid, ptid, cwd, fdlimit, pgft_maj, pgft_min,
 * vm_size, vm_rss, vm_swap, comm. */
static __always_inline void proc__push_ids_to_comm(struct event *e, struct task_struct *t) {
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	event__s64(e, task__xid(t, PIDTYPE_PID));  /* tid (type: PID) */
	event__s64(e, task__xid(t, PIDTYPE_TGID)); /* pid (type: PID) */
	event__s64(e, task__ppid(t));              /* ptid (type: PID) */
	event__empty(e);                           /* cwd (type: CHARBUF): the reader keeps the inherited one */
	event__u64(e, task__fdlimit(t));           /* fdlimit (type: INT64/UINT64) */
	event__u64(e, BPF_CORE_READ(t, maj_flt));  /* pgft_maj (type: UINT64) */
	event__u64(e, BPF_CORE_READ(t, min_flt));  /* pgft_min (type: UINT64) */
	event__u32(e, task__mm_kb(mm, 0xff));      /* vm_size (type: UINT32) */
	event__u32(e, task__vm_rss_kb(mm));        /* vm_rss (type: UINT32) */
	event__u32(e, task__mm_kb(mm, 2));         /* vm_swap (type: UINT32): MM_SWAPENTS */
	event__str_kernel(e, &t->comm[0], 16);     /* comm (type: CHARBUF) */
}

/* PPM_CL_* of a clone, plus PPM_CL_CHILD_IN_PIDNS when the child lives in a pid namespace below
 * the initial one (seen from the child) or is about to (seen from the parent). */
static __always_inline __u32 proc__clone_flags(struct task_struct *t, __u64 kflags) {
	__u32 flags = flags__clone(kflags);
	struct pid *pid = BPF_CORE_READ(t, thread_pid);
	__u32 level = BPF_CORE_READ(pid, level);
	struct pid_namespace *ns = BPF_CORE_READ(pid, numbers[level & 31].ns);
	if(level != 0 || BPF_CORE_READ(t, nsproxy, pid_ns_for_children) != ns) {
		flags |= PPM_CL_CHILD_IN_PIDNS;
	}
	return flags;
}

static __always_inline int proc__clone_exit(struct pt_regs *regs, long ret, __u16 type, __u64 kflags) {
	if(ret == 0) {
		/* the child: Peregrine copies the parent's descriptors when it sees this event, so the parent's open
		 * waiting in the prefilter's slot goes first */
		prefilter__flush_parent();
	}
	if(ret >= 0 && (kflags & (K_CLONE_FILES | K_CLONE_THREAD))) {
		/* a thread, or a table shared with a child: the prefilter keeps off the process */
		prefilter__shared(bpf_get_current_task_btf()->group_leader);
	}
	struct event e;
	if(!event__begin(&e, type, WIRE_NPARAMS_CLONE)) {
		return 0;
	}
	struct task_struct *t = task__current();
	event__s64(&e, ret); /* res (type: PID): the child's tid in the parent, 0 in the child */
	if(ret >= 0) {
		task__push_exe_args(&e, BPF_CORE_READ(t, mm)); /* exe (CHARBUF), args (BYTEBUF) */
	} else {
		event__empty(&e);
		event__empty(&e);
	}
	proc__push_ids_to_comm(&e, t);                    /* params 4..14 */
	task__push_cgroups(&e, t);                        /* cgroups (type: BYTEBUF) */
	event__u32(&e, proc__clone_flags(t, kflags));     /* flags (type: FLAGS32) */
	event__u32(&e, BPF_CORE_READ(t, cred, euid.val)); /* uid (type: UINT32) */
	event__u32(&e, BPF_CORE_READ(t, cred, egid.val)); /* gid (type: UINT32) */
	event__s64(&e, task__vxid(t, PIDTYPE_PID));       /* vtid (type: PID) */
	event__s64(&e, task__vxid(t, PIDTYPE_TGID));      /* vpid (type: PID) */
	event__u64(&e, task__pidns_init_start(t));        /* pidns_init_start_ts (type: UINT64) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(clone) {
	return proc__clone_exit(regs, ret, PPME_CLONE_20_X, arg(0));
}

SYSCALL_EXIT(fork) {
	return proc__clone_exit(regs, ret, PPME_FORK_20_X, 0);
}

SYSCALL_EXIT(vfork) {
	return proc__clone_exit(regs, ret, PPME_VFORK_20_X, K_CLONE_VFORK | K_CLONE_VM);
}

/* clone3's flags are the first u64 of the user's struct clone_args. */
SYSCALL_EXIT(clone3) {
	__u64 kflags = 0;
	bpf_probe_read_user(&kflags, sizeof(kflags), (void *)arg(0));
	return proc__clone_exit(regs, ret, PPME_CLONE3_X, kflags);
}

/* ---- execve / execveat ---- */

/* exe_writable, as inode_permission(MAY_WRITE) would answer for the task's fs credentials,
 * approximated: owner, group or other write bit, or CAP_DAC_OVERRIDE; never on a read-only or
 * immutable inode. */
static __always_inline bool proc__exe_writable(struct task_struct *t, struct inode *inode) {
	__u16 mode = BPF_CORE_READ(inode, i_mode);
	if((BPF_CORE_READ(inode, i_sb, s_flags) & K_SB_RDONLY) || (BPF_CORE_READ(inode, i_flags) & K_S_IMMUTABLE)) {
		return false;
	}
	__u32 uid = BPF_CORE_READ(inode, i_uid.val);
	__u32 gid = BPF_CORE_READ(inode, i_gid.val);
	__u32 fsuid = BPF_CORE_READ(t, cred, fsuid.val);
	__u32 fsgid = BPF_CORE_READ(t, cred, fsgid.val);
	if(fsuid == uid) {
		return true; /* the owner may always chmod and write */
	}
	__u16 bits = fsgid == gid ? (mode >> 3) : mode;
	if(bits & 02) {
		return true;
	}
	const struct cred *cred = BPF_CORE_READ(t, cred);
	return (task__caps(&cred->cap_effective) >> K_CAP_DAC_OVERRIDE) & 1;
}

/*
 * Which of execve and execveat a successful exec came from. The saved syscall number cannot tell: on this
 * kernel (6.18) regs->orig_ax reads 59 (execve) inside a successful execveat, and the per-syscall exit
 * tracepoint then fires as sys_exit_execve too. So execveat's entry marks the thread (tracepoint mode), and a
 * bprm->fdpath (set when execveat resolves a path relative to a descriptor) also tells it.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u8);
} execveat_threads SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execveat")
int tp_enter_execveat(void *ctx) {
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u8 one = 1;
	bpf_map_update_elem(&execveat_threads, &tid, &one, BPF_ANY);
	return 0;
}

struct linux_binprm___fdpath {
	const char *fdpath;
} __attribute__((preserve_access_index));

static __always_inline bool proc__in_execveat(struct linux_binprm *bprm) {
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	bool marked = bpf_map_lookup_elem(&execveat_threads, &tid) != NULL;
	if(marked) {
		bpf_map_delete_elem(&execveat_threads, &tid);
		return true;
	}
	if(bpf_core_field_exists(((struct linux_binprm___fdpath *)0)->fdpath)) {
		return BPF_CORE_READ((struct linux_binprm___fdpath *)bprm, fdpath) != NULL;
	}
	return false;
}

/* A user array of strings (argv, envp) from index `from`, as one NUL-separated parameter. */
struct strv_walk {
	struct event *e;
	const char *const *v;
	__u32 start;
};

static long proc__strv_item(__u32 i, void *arg) {
	struct strv_walk *w = arg;
	struct event *e = w->e;
	const char *s = NULL;
	if(bpf_probe_read_user(&s, sizeof(s), &w->v[i]) != 0 || !s || e->pos - w->start >= WIRE_MAX_ARGS) {
		return 1;
	}
	long n = bpf_probe_read_user_str(&e->buf[e->pos & OFF_MASK], WIRE_MAX_ARGS, s);
	if(n <= 0) {
		return 1;
	}
	e->pos += n;
	return 0;
}

static __always_inline void proc__push_strv_user(struct event *e, const char *const *v, __u32 from) {
	struct strv_walk w = {.e = e, .v = v ? v + from : NULL, .start = e->pos};
	if(w.v) {
		bpf_loop(MAX_ARGV, proc__strv_item, &w, 0);
	}
	event__len(e, e->pos - w.start);
}

/* Parameters 15..30 of execve/execveat: cgroups .. gid. */
static __always_inline void proc__push_exec_tail(struct event *e, struct task_struct *t, struct pt_regs *regs,
                                                 bool failed) {
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	struct file *exe = BPF_CORE_READ(mm, exe_file);
	struct inode *inode = BPF_CORE_READ(exe, f_inode);

	task__push_cgroups(e, t); /* cgroups (type: BYTEBUF) */
	if(failed) {
		/* env (type: BYTEBUF): the envp the failed call was given */
		proc__push_strv_user(e, (const char *const *)arg(2), 0);
	} else {
		task__push_env(e, mm); /* env (type: BYTEBUF): the new image's environ */
	}
	event__u32(e, task__tty(t));                /* tty (type: UINT32) */
	event__s64(e, task__vxid(t, PIDTYPE_PGID)); /* vpgid (type: PID) */
	event__u32(e, task__loginuid(t));           /* loginuid (type: UID) */
	__u32 flags = 0;                            /* flags (type: FLAGS32) */
	if(exe) {
		if(proc__exe_writable(t, inode)) {
			flags |= PPM_EXE_WRITABLE;
		}
		__u32 layer = file__overlay_layer(exe);
		flags |= layer == PPM_FD_UPPER_LAYER   ? PPM_EXE_UPPER_LAYER
		         : layer == PPM_FD_LOWER_LAYER ? PPM_EXE_LOWER_LAYER
		                                       : 0;
		if(file__is_memfd(exe)) {
			flags |= PPM_EXE_FROM_MEMFD;
		}
	}
	event__u32(e, flags);
	const struct cred *cred = BPF_CORE_READ(t, cred);
	event__u64(e, task__caps(&cred->cap_inheritable));    /* cap_inheritable (type: UINT64) */
	event__u64(e, task__caps(&cred->cap_permitted));      /* cap_permitted (type: UINT64) */
	event__u64(e, task__caps(&cred->cap_effective));      /* cap_effective (type: UINT64) */
	event__u64(e, exe ? BPF_CORE_READ(inode, i_ino) : 0); /* exe_ino (type: UINT64) */
	event__u64(e, exe ? file__time_ns(inode, true) : 0);  /* exe_ino_ctime (type: ABSTIME) */
	event__u64(e, exe ? file__time_ns(inode, false) : 0); /* exe_ino_mtime (type: ABSTIME) */
	event__u32(e, BPF_CORE_READ(t, cred, euid.val));      /* uid (type: UID) */
	if(exe) {                                             /* trusted_exepath (type: FSPATH) */
		file__push_path(e, &exe->f_path);
	} else {
		event__empty(e);
	}
	event__s64(e, task__xid(t, PIDTYPE_PGID));       /* pgid (type: PID) */
	event__u32(e, BPF_CORE_READ(t, cred, egid.val)); /* gid (type: GID) */
}

/* exe and args of a failed execve: argv[0], then argv[1..] NUL-separated, from the caller's array. */
static __always_inline void proc__push_argv_user(struct event *e, const char *const *argv) {
	const char *s = NULL;
	if(!argv || bpf_probe_read_user(&s, sizeof(s), &argv[0]) != 0 || !s) {
		event__empty(e);
		event__empty(e);
		return;
	}
	event__str_user(e, s, WIRE_MAX_PATH); /* exe (type: CHARBUF) */
	proc__push_strv_user(e, argv, 1);     /* args (type: BYTEBUF) */
}

/* A failed execve or execveat (a successful one is reported by sched_process_exec below). */
static __always_inline int proc__exec_failed(struct pt_regs *regs, long ret, bool at) {
	if(ret == 0) {
		return 0;
	}
	if(at) {
		__u32 tid = (__u32)bpf_get_current_pid_tgid();
		bpf_map_delete_elem(&execveat_threads, &tid);
	}
	struct event e;
	if(!event__begin(&e, at ? PPME_EXECVEAT_X : PPME_EXECVE_19_X, at ? WIRE_NPARAMS_EXECVEAT : WIRE_NPARAMS_EXECVE)) {
		return 0;
	}
	struct task_struct *t = task__current();
	event__s64(&e, ret);                                            /* res (type: ERRNO) */
	proc__push_argv_user(&e, (const char *const *)arg(at ? 2 : 1)); /* exe, args */
	proc__push_ids_to_comm(&e, t);                                  /* params 4..14 */
	proc__push_exec_tail(&e, t, regs, true);                        /* params 15..30 */
	if(!at) {
		event__str_user(&e, (void *)arg(0), WIRE_MAX_PATH); /* filename (type: FSPATH) */
	}
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(execve) {
	return proc__exec_failed(regs, ret, false);
}

SYSCALL_EXIT(execveat) {
	return proc__exec_failed(regs, ret, true);
}

/* A successful execve/execveat: the new image is in place, the syscall has not returned yet. */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(sched_process_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm) {
	if(event__is_self()) {
		return 0;
	}
	prefilter__exec(); /* close-on-exec descriptors are gone: whether or not the event is wanted */
	struct pt_regs *regs = syscall__regs();
	bool at = proc__in_execveat(bprm);
	if(!sc_wanted[at ? K_NR_EXECVEAT : K_NR_EXECVE]) {
		return 0;
	}
	struct event e;
	if(!event__begin(&e, at ? PPME_EXECVEAT_X : PPME_EXECVE_19_X, at ? WIRE_NPARAMS_EXECVEAT : WIRE_NPARAMS_EXECVE)) {
		return 0;
	}
	struct task_struct *t = task__current();
	event__s64(&e, 0);                             /* res (type: ERRNO) */
	task__push_exe_args(&e, BPF_CORE_READ(t, mm)); /* exe (CHARBUF), args (BYTEBUF) */
	proc__push_ids_to_comm(&e, t);                 /* params 4..14 */
	proc__push_exec_tail(&e, t, regs, false);      /* params 15..30 */
	if(!at) {
		event__str_kernel(&e, BPF_CORE_READ(bprm, filename), WIRE_MAX_PATH); /* filename (type: FSPATH) */
	}
	if(event__submit(&e, event__current_tid())) {
		prefilter__name_seen(t); /* the state now names the thread by this comm */
	}
	return 0;
}

/* A thread renamed (prctl PR_SET_NAME, /proc/.../comm; an exec too, which sched_process_exec then records again):
 * the state keeps the old name, so the prefilter no longer knows it (helpers/prefilter.h). */
SEC("tp_btf/task_rename")
int BPF_PROG(pf_renamed, struct task_struct *task, const char *comm) {
	struct pf_comm *n = bpf_task_storage_get(&pf_names, task, 0, 0);
	if(n) {
		n->valid = 0;
	}
	return 0;
}

/* ---- procexit ---- */

/* Who inherits the children of an exiting thread: another live thread of its group, else the
 * nearest ancestor marked child-subreaper, else the init of its pid namespace. 0 when it has no
 * children (the reader then has nothing to re-parent). */
static __always_inline __s64 proc__reaper(struct task_struct *t, bool group_dead) {
	struct list_head *children = &t->children;
	if(BPF_CORE_READ(children, next) == children) {
		return 0;
	}
	if(!group_dead) {
		struct signal_struct *sig = BPF_CORE_READ(t, signal);
		struct list_head *head = &sig->thread_head;
		struct list_head *node = BPF_CORE_READ(head, next);
		for(int i = 0; i < 4 && node != head; i++) {
			struct task_struct *th = container_of(node, struct task_struct, thread_node);
			if(th != t && !(BPF_CORE_READ(th, flags) & 0x4 /* PF_EXITING */)) {
				return BPF_CORE_READ(th, pid);
			}
			node = BPF_CORE_READ(node, next);
		}
	}
	struct task_struct *a = BPF_CORE_READ(t, real_parent);
	for(int i = 0; i < 8 && a; i++) {
		struct signal_struct *sig = BPF_CORE_READ(a, signal);
		if(BPF_CORE_READ_BITFIELD_PROBED(sig, is_child_subreaper)) {
			return BPF_CORE_READ(a, tgid);
		}
		struct task_struct *next = BPF_CORE_READ(a, real_parent);
		if(next == a) {
			break;
		}
		a = next;
	}
	struct pid *pid = BPF_CORE_READ(t, thread_pid);
	__u32 level = BPF_CORE_READ(pid, level);
	struct task_struct *init = BPF_CORE_READ(pid, numbers[level & 31].ns, child_reaper);
	return init ? BPF_CORE_READ(init, pid) : 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_process_exit, struct task_struct *p, bool group_dead) {
	if(event__is_self()) {
		return 0;
	}
	struct event e;
	if(!event__begin(&e, PPME_PROCEXIT_1_E, 5)) {
		return 0;
	}
	struct task_struct *t = task__current();
	__s32 code = BPF_CORE_READ(t, exit_code);
	event__s64(&e, code);                                      /* status (type: ERRNO) */
	event__s64(&e, K_WEXITSTATUS(code));                       /* ret (type: ERRNO) */
	event__u8(&e, K_WIFSIGNALED(code) ? K_WTERMSIG(code) : 0); /* sig (type: SIGTYPE) */
	event__u8(&e, K_WCOREDUMP(code) ? 1 : 0);                  /* core (type: UINT8) */
	event__s64(&e, proc__reaper(t, group_dead));               /* reaper_tid (type: PID) */
	event__submit(&e, event__current_tid());
	return 0;
}
