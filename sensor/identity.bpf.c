// SPDX-License-Identifier: GPL-2.0-only
/*
 * Identity and process attributes: the set*uid/set*gid family, setsid, setpgid, capset, prctl,
 * setrlimit and prlimit. The reader updates the thread's user, group, capabilities and name.
 */
#include "helpers/syscall.h"
#include "helpers/task.h"
#include "helpers/flags.h"

SYSCALL_EXIT(setuid) {
	struct event e;
	if(!event__begin(&e, PPME_SETUID_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);    /* res (type: ERRNO) */
	event__u32(&e, arg(0)); /* uid (type: UID) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(setgid) {
	struct event e;
	if(!event__begin(&e, PPME_SETGID_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);    /* res (type: ERRNO) */
	event__u32(&e, arg(0)); /* gid (type: GID) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(setreuid) {
	struct event e;
	if(!event__begin(&e, PPME_SETREUID_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);    /* res (type: ERRNO) */
	event__u32(&e, arg(0)); /* ruid (type: UID) */
	event__u32(&e, arg(1)); /* euid (type: UID) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(setregid) {
	struct event e;
	if(!event__begin(&e, PPME_SETREGID_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);    /* res (type: ERRNO) */
	event__u32(&e, arg(0)); /* rgid (type: UID) */
	event__u32(&e, arg(1)); /* egid (type: UID) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(setresuid) {
	struct event e;
	if(!event__begin(&e, PPME_SETRESUID_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);    /* res (type: ERRNO) */
	event__u32(&e, arg(0)); /* ruid (type: UID) */
	event__u32(&e, arg(1)); /* euid (type: UID) */
	event__u32(&e, arg(2)); /* suid (type: UID) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(setresgid) {
	struct event e;
	if(!event__begin(&e, PPME_SETRESGID_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);    /* res (type: ERRNO) */
	event__u32(&e, arg(0)); /* rgid (type: GID) */
	event__u32(&e, arg(1)); /* egid (type: GID) */
	event__u32(&e, arg(2)); /* sgid (type: GID) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(setsid) {
	struct event e;
	if(!event__begin(&e, PPME_SETSID_X, 1)) {
		return 0;
	}
	event__s64(&e, ret); /* res (type: PID) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(setpgid) {
	struct event e;
	if(!event__begin(&e, PPME_SETPGID_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);           /* res (type: ERRNO) */
	event__s64(&e, (__s32)arg(0)); /* pid (type: PID) */
	event__s64(&e, (__s32)arg(1)); /* pgid (type: PID) */
	event__submit(&e, event__current_tid());
	return 0;
}

/* capset: the capabilities the task holds after the call. */
SYSCALL_EXIT(capset) {
	struct event e;
	if(!event__begin(&e, PPME_CAPSET_X, 4)) {
		return 0;
	}
	struct task_struct *t = task__current();
	const struct cred *cred = BPF_CORE_READ(t, cred);
	event__s64(&e, ret);                                /* res (type: ERRNO) */
	event__u64(&e, task__caps(&cred->cap_inheritable)); /* cap_inheritable (type: UINT64) */
	event__u64(&e, task__caps(&cred->cap_permitted));   /* cap_permitted (type: UINT64) */
	event__u64(&e, task__caps(&cred->cap_effective));   /* cap_effective (type: UINT64) */
	event__submit(&e, event__current_tid());
	return 0;
}

#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_GET_CHILD_SUBREAPER 37

SYSCALL_EXIT(prctl) {
	struct event e;
	if(!event__begin(&e, PPME_PRCTL_X, 4)) {
		return 0;
	}
	__u32 option = arg(0);
	__u64 arg2 = arg(1);
	event__s64(&e, ret);    /* res (type: ERRNO) */
	event__u32(&e, option); /* option (type: ENUMFLAGS32): PR_* values are PPM_PR_* */
	if(option == PR_SET_NAME || option == PR_GET_NAME) {
		event__str_user(&e, (void *)arg2, 16); /* arg2_str (type: CHARBUF): the thread name */
		event__s64(&e, 0);                     /* arg2_int (type: INT64) */
	} else if(option == PR_GET_CHILD_SUBREAPER) {
		__s32 v = 0;
		bpf_probe_read_user(&v, sizeof(v), (void *)arg2);
		event__empty(&e);  /* arg2_str (type: CHARBUF) */
		event__s64(&e, v); /* arg2_int (type: INT64) */
	} else {
		event__empty(&e);     /* arg2_str (type: CHARBUF) */
		event__s64(&e, arg2); /* arg2_int (type: INT64) */
	}
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(setrlimit) {
	struct event e;
	if(!event__begin(&e, PPME_SETRLIMIT_X, 4)) {
		return 0;
	}
	struct {
		__s64 cur;
		__s64 max;
	} rl = {};
	bpf_probe_read_user(&rl, sizeof(rl), (void *)arg(1));
	event__s64(&e, ret);                           /* res (type: ERRNO) */
	event__s64(&e, rl.cur);                        /* cur (type: INT64) */
	event__s64(&e, rl.max);                        /* max (type: INT64) */
	event__u8(&e, flags__rlimit_resource(arg(0))); /* resource (type: ENUMFLAGS8) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(prlimit64) {
	struct event e;
	if(!event__begin(&e, PPME_PRLIMIT_X, 7)) {
		return 0;
	}
	struct {
		__s64 cur;
		__s64 max;
	} nl = {}, ol = {-1, -1};
	bpf_probe_read_user(&nl, sizeof(nl), (void *)arg(2));
	if(ret == 0 && arg(3)) {
		bpf_probe_read_user(&ol, sizeof(ol), (void *)arg(3));
	}
	event__s64(&e, ret);                           /* res (type: ERRNO) */
	event__s64(&e, nl.cur);                        /* newcur (type: INT64) */
	event__s64(&e, nl.max);                        /* newmax (type: INT64) */
	event__s64(&e, ol.cur);                        /* oldcur (type: INT64) */
	event__s64(&e, ol.max);                        /* oldmax (type: INT64) */
	event__s64(&e, (__s32)arg(0));                 /* pid (type: INT64) */
	event__u8(&e, flags__rlimit_resource(arg(1))); /* resource (type: ENUMFLAGS8) */
	event__submit(&e, event__current_tid());
	return 0;
}
