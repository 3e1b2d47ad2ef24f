/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading a task: ids in and out of pid namespaces, credentials, memory counters, terminal, cgroups,
 * and the argv/environ areas. All reads go through CO-RE (BPF_CORE_READ), so one object runs on any
 * kernel with BTF; fields that were renamed across versions have a flavour struct below.
 *
 * Layer: task (kernel reads) → event (writers). Used by process.bpf.c.
 */
#ifndef SENSOR_TASK_H
#define SENSOR_TASK_H

#include "event.h"
#include "kernel_defs.h"
#include <bpf/bpf_core_read.h>

/* kernel_cap_t was { u32 cap[2] } before 6.3 and { u64 val } since. */
struct kernel_cap_struct___pre63 {
	__u32 cap[2];
} __attribute__((preserve_access_index));

/* kernfs_node.parent became __parent in 6.15. */
struct kernfs_node___pre615 {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct task_struct *task__current(void) {
	return bpf_get_current_task_btf();
}

/* The struct pid of `type` for the task: its own for PIDTYPE_PID, its signal struct's for the others. */
static __always_inline struct pid *task__pid_struct(struct task_struct *t, enum pid_type type) {
	if(type == PIDTYPE_PID) {
		return BPF_CORE_READ(t, thread_pid);
	}
	return BPF_CORE_READ(t, signal, pids[type]);
}

/* The pid of `type` (PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID) as seen from the initial namespace. */
static __always_inline __s64 task__xid(struct task_struct *t, enum pid_type type) {
	struct pid *pid = task__pid_struct(t, type);
	if(!pid) {
		return 0;
	}
	return BPF_CORE_READ(pid, numbers[0].nr);
}

/* The same id as seen from the task's own pid namespace (what getpid() returns inside a container). */
static __always_inline __s64 task__vxid(struct task_struct *t, enum pid_type type) {
	struct pid *pid = task__pid_struct(t, type);
	if(!pid) {
		return 0;
	}
	__u32 level = BPF_CORE_READ(pid, level);
	struct upid upid = {};
	bpf_core_read(&upid, sizeof(upid), &pid->numbers[level & 31]);
	return upid.nr;
}

static __always_inline __s64 task__ppid(struct task_struct *t) {
	return BPF_CORE_READ(t, real_parent, tgid);
}

static __always_inline __u64 task__caps(const kernel_cap_t *cap) {
	if(bpf_core_field_exists(((struct kernel_cap_struct___pre63 *)0)->cap)) {
		struct kernel_cap_struct___pre63 old = {};
		bpf_core_read(&old, sizeof(old), cap);
		return ((__u64)old.cap[1] << 32) | old.cap[0];
	}
	__u64 v = 0;
	bpf_core_read(&v, sizeof(v), cap);
	return v;
}

static __always_inline __u64 task__fdlimit(struct task_struct *t) {
	return BPF_CORE_READ(t, signal, rlim[K_RLIMIT_NOFILE].rlim_cur);
}

static __always_inline __u32 task__loginuid(struct task_struct *t) {
	return BPF_CORE_READ(t, loginuid.val);
}

/* The controlling terminal as /proc/<pid>/stat's tty_nr: new_encode_dev(MKDEV(major, minor)). */
static __always_inline __u32 task__tty(struct task_struct *t) {
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	if(!tty) {
		return 0;
	}
	__u32 major = BPF_CORE_READ(tty, driver, major);
	__u32 minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline __u32 task__mm_kb(struct mm_struct *mm, __u32 which) {
	if(!mm) {
		return 0;
	}
	if(which == 0xff) {
		return BPF_CORE_READ(mm, total_vm) << 2; /* pages (4 KiB) → KiB */
	}
	__s64 n = BPF_CORE_READ(mm, rss_stat[which & 3].count);
	return n > 0 ? (__u32)(n << 2) : 0;
}

static __always_inline __u32 task__vm_rss_kb(struct mm_struct *mm) {
	/* MM_FILEPAGES 0 + MM_ANONPAGES 1 + MM_SHMEMPAGES 3 */
	return task__mm_kb(mm, 0) + task__mm_kb(mm, 1) + task__mm_kb(mm, 3);
}

/* Start time of the init process of the task's pid namespace, in epoch ns (0 when unknown). */
static __always_inline __u64 task__pidns_init_start(struct task_struct *t) {
	struct pid *pid = BPF_CORE_READ(t, thread_pid);
	__u32 level = BPF_CORE_READ(pid, level);
	struct pid_namespace *ns = BPF_CORE_READ(pid, numbers[level & 31].ns);
	struct task_struct *reaper = BPF_CORE_READ(ns, child_reaper);
	if(!reaper) {
		return 0;
	}
	return BPF_CORE_READ(reaper, start_boottime) + cfg_boot_epoch_ns;
}

/*
 * argv or environ: the bytes [start, end) of the process memory, NUL-separated. `exe` selects the
 * execve layout, where argv[0] is its own parameter (exe) and the rest is `args`.
 */
static __always_inline void task__push_area(struct event *e, __u64 start, __u64 end) {
	__u32 len = end > start ? (__u32)(end - start) : 0;
	if(len > WIRE_MAX_ARGS) {
		len = WIRE_MAX_ARGS;
	}
	__u32 n = event__copy_user(e, (const void *)start, len, WIRE_MAX_ARGS);
	/* The area normally ends with a NUL; a truncated one gets its last byte replaced by one. */
	if(n > 0) {
		e->buf[(e->pos - 1) & OFF_MASK] = 0;
	}
	event__len(e, n);
}

static __always_inline void task__push_exe_args(struct event *e, struct mm_struct *mm) {
	__u64 start = mm ? BPF_CORE_READ(mm, arg_start) : 0;
	__u64 end = mm ? BPF_CORE_READ(mm, arg_end) : 0;
	if(end <= start) {
		event__empty(e);
		event__empty(e);
		return;
	}
	/* exe: argv[0] */
	long n = bpf_probe_read_user_str(&e->buf[e->pos & OFF_MASK], WIRE_MAX_PATH, (const void *)start);
	if(n <= 0) {
		event__fault();
		n = 0;
	}
	e->pos += n;
	event__len(e, n);
	/* args: argv[1..] */
	task__push_area(e, start + n, end);
}

static __always_inline void task__push_env(struct event *e, struct mm_struct *mm) {
	if(!mm) {
		event__empty(e);
		return;
	}
	task__push_area(e, BPF_CORE_READ(mm, env_start), BPF_CORE_READ(mm, env_end));
}

/* ---- cgroups: "subsys=/path\0" for each subsystem the task belongs to ---- */

#define CGROUP_MAX_DEPTH 16
#define CGROUP_MAX_SUBSYS 16

static __always_inline struct kernfs_node *task__kn_parent(struct kernfs_node *kn) {
	if(bpf_core_field_exists(((struct kernfs_node___pre615 *)0)->parent)) {
		return BPF_CORE_READ((struct kernfs_node___pre615 *)kn, parent);
	}
	return BPF_CORE_READ(kn, __parent);
}

struct cgroup_walk {
	struct event *e;
	struct css_set *cgroups;
	__u64 *names;
	struct kernfs_node *kn;
	__u32 start;
	__u32 count;
	__u32 depth;
};

/* One step up the kernfs tree; the hierarchy root's own name is not part of the path. */
static long cgroup__step(__u32 i, void *arg) {
	struct cgroup_walk *w = arg;
	struct kernfs_node *kn = w->kn;
	struct kernfs_node *parent = task__kn_parent(kn);
	if(!parent) {
		return 1;
	}
	w->names[i & (CGROUP_MAX_DEPTH - 1)] = (__u64)BPF_CORE_READ(kn, name);
	w->depth = i + 1;
	w->kn = parent;
	return 0;
}

static long cgroup__write_component(__u32 i, void *arg) {
	struct cgroup_walk *w = arg;
	struct event *e = w->e;
	event__put_u8(e, '/');
	long n = bpf_probe_read_kernel_str(&e->buf[e->pos & OFF_MASK], 256,
	                                   (const void *)w->names[(w->depth - 1 - i) & (CGROUP_MAX_DEPTH - 1)]);
	if(n > 1) {
		e->pos += n - 1;
	}
	return 0;
}

/* "subsys=/path\0" for subsystem i. */
static long cgroup__subsys(__u32 i, void *arg) {
	struct cgroup_walk *w = arg;
	struct event *e = w->e;
	if(i >= w->count || e->pos - w->start > WIRE_MAX_CGROUPS) {
		return 1;
	}
	struct css_set *cgroups = w->cgroups;
	struct cgroup_subsys_state *css = BPF_CORE_READ(cgroups, subsys[i & (CGROUP_MAX_SUBSYS - 1)]);
	if(!css) {
		return 0;
	}
	const char *name = BPF_CORE_READ(css, ss, name);
	long n = bpf_probe_read_kernel_str(&e->buf[e->pos & OFF_MASK], 32, name);
	if(n <= 1) {
		return 0;
	}
	e->pos += n - 1;
	event__put_u8(e, '=');
	w->kn = BPF_CORE_READ(css, cgroup, kn);
	w->depth = 0;
	bpf_loop(CGROUP_MAX_DEPTH, cgroup__step, w, 0);
	if(w->depth == 0) {
		event__put_u8(e, '/');
	}
	bpf_loop(w->depth, cgroup__write_component, w, 0);
	event__put_u8(e, 0);
	return 0;
}

/* cgroups: "subsys=/path\0" for each subsystem the task belongs to. */
static __always_inline void task__push_cgroups(struct event *e, struct task_struct *t) {
	struct cgroup_walk w = {.e = e};
	w.start = e->pos;
	w.cgroups = BPF_CORE_READ(t, cgroups);
	w.count = bpf_core_enum_value(enum cgroup_subsys_id, CGROUP_SUBSYS_COUNT);
	w.names = (__u64 *)&e->buf[SCRATCH_TMP_OFFSET];
	bpf_loop(CGROUP_MAX_SUBSYS, cgroup__subsys, &w, 0);
	event__len(e, e->pos - w.start);
}

#endif /* SENSOR_TASK_H */
