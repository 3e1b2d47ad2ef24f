// SPDX-License-Identifier: GPL-2.0-only
/*
 * System-level calls that detection rules watch: ptrace, mount, umount2, setns, unshare, kernel
 * modules, bpf, signals and seccomp.
 */
#include "helpers/syscall.h"
#include "helpers/flags.h"

SYSCALL_EXIT(ptrace) {
	struct event e;
	if(!event__begin(&e, PPME_PTRACE_X, 5)) {
		return 0;
	}
	__u16 req = flags__ptrace_request(arg(0));
	__u64 addr = arg(2), data = arg(3);
	event__s64(&e, ret); /* res (type: ERRNO) */
	/* addr (type: DYN): the address as a u64, 0 when the call failed */
	__u32 start = e.pos;
	event__put_u8(&e, PPM_PTRACE_IDX_UINT64);
	event__put_u64(&e, ret < 0 ? 0 : addr);
	event__len(&e, e.pos - start);
	/* data (type: DYN): the word read for PEEK*, the signal for CONT/SINGLESTEP/DETACH/SYSCALL,
	 * the value otherwise */
	start = e.pos;
	if(ret < 0) {
		event__put_u8(&e, PPM_PTRACE_IDX_UINT64);
		event__put_u64(&e, 0);
	} else if(req == 2 || req == 3 || req == 4) { /* PEEKTEXT, PEEKDATA, PEEKUSR */
		__u64 word = 0;
		bpf_probe_read_user(&word, sizeof(word), (void *)data);
		event__put_u8(&e, PPM_PTRACE_IDX_UINT64);
		event__put_u64(&e, word);
	} else if(req == 8 || req == 10 || req == 12 || req == 13) { /* CONT, SINGLESTEP, DETACH, SYSCALL */
		event__put_u8(&e, PPM_PTRACE_IDX_SIGTYPE);
		event__put_u8(&e, (__u8)data);
	} else {
		event__put_u8(&e, PPM_PTRACE_IDX_UINT64);
		event__put_u64(&e, data);
	}
	event__len(&e, e.pos - start);
	event__u16(&e, req);           /* request (type: ENUMFLAGS16) */
	event__s64(&e, (__s32)arg(1)); /* pid (type: PID) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(mount) {
	struct event e;
	if(!event__begin(&e, PPME_MOUNT_X, 5)) {
		return 0;
	}
	__u32 flags = arg(3);
	if((flags & PPM_MS_MGC_MSK) == PPM_MS_MGC_VAL) {
		flags &= ~PPM_MS_MGC_MSK; /* the pre-2.4 magic, ignored by the kernel */
	}
	event__s64(&e, ret);                                /* res (type: ERRNO) */
	event__str_user(&e, (void *)arg(0), WIRE_MAX_PATH); /* dev (type: CHARBUF) */
	event__str_user(&e, (void *)arg(1), WIRE_MAX_PATH); /* dir (type: FSPATH) */
	event__str_user(&e, (void *)arg(2), 256);           /* type (type: CHARBUF) */
	event__u32(&e, flags);                              /* flags (type: FLAGS32): MS_* equal PPM_MS_* */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(umount2) {
	struct event e;
	if(!event__begin(&e, PPME_UMOUNT2_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                                /* res (type: ERRNO) */
	event__str_user(&e, (void *)arg(0), WIRE_MAX_PATH); /* name (type: FSPATH) */
	event__u32(&e, flags__umount2(arg(1)));             /* flags (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(setns) {
	struct event e;
	if(!event__begin(&e, PPME_SETNS_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                  /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0)));  /* fd (type: FD) */
	event__u32(&e, flags__clone(arg(1))); /* nstype (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(unshare) {
	struct event e;
	if(!event__begin(&e, PPME_UNSHARE_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);                  /* res (type: ERRNO) */
	event__u32(&e, flags__clone(arg(0))); /* flags (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(init_module) {
	struct event e;
	if(!event__begin(&e, PPME_INIT_MODULE_X, 4)) {
		return 0;
	}
	__u64 len = arg(1);
	event__s64(&e, ret); /* res (type: ERRNO) */
	event__bytes_user(&e, (void *)arg(0), len < cfg_snaplen ? len : cfg_snaplen,
	                  WIRE_MAX_SNAPLEN);                /* img (type: BYTEBUF) */
	event__u64(&e, len);                                /* length (type: UINT64) */
	event__str_user(&e, (void *)arg(2), WIRE_MAX_PATH); /* uargs (type: CHARBUF) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(finit_module) {
	struct event e;
	if(!event__begin(&e, PPME_FINIT_MODULE_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                                /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0)));                /* fd (type: FD) */
	event__str_user(&e, (void *)arg(1), WIRE_MAX_PATH); /* uargs (type: CHARBUF) */
	event__u32(&e, flags__finit_module(arg(2)));        /* flags (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(bpf) {
	struct event e;
	if(!event__begin(&e, PPME_BPF_2_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);    /* fd (type: FD) */
	event__u32(&e, arg(0)); /* cmd (type: ENUMFLAGS32): BPF_* commands equal PPM_BPF_* */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(kill) {
	struct event e;
	if(!event__begin(&e, PPME_KILL_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);           /* res (type: ERRNO) */
	event__s64(&e, (__s32)arg(0)); /* pid (type: PID) */
	event__u8(&e, (__u8)arg(1));   /* sig (type: SIGTYPE) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(tkill) {
	struct event e;
	if(!event__begin(&e, PPME_TKILL_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);           /* res (type: ERRNO) */
	event__s64(&e, (__s32)arg(0)); /* tid (type: PID) */
	event__u8(&e, (__u8)arg(1));   /* sig (type: SIGTYPE) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(tgkill) {
	struct event e;
	if(!event__begin(&e, PPME_TGKILL_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);           /* res (type: ERRNO) */
	event__s64(&e, (__s32)arg(0)); /* pid (type: PID) */
	event__s64(&e, (__s32)arg(1)); /* tid (type: PID) */
	event__u8(&e, (__u8)arg(2));   /* sig (type: SIGTYPE) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(seccomp) {
	struct event e;
	if(!event__begin(&e, PPME_SECCOMP_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);    /* res (type: ERRNO) */
	event__u64(&e, arg(0)); /* op (type: UINT64) */
	event__u64(&e, arg(1)); /* flags (type: UINT64) */
	event__submit(&e, event__current_tid());
	return 0;
}
