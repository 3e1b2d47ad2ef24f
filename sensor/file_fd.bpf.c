// SPDX-License-Identifier: GPL-2.0-only
/*
 * Descriptors that are not opened by path: close, the dup family, pipes, fcntl, and the anonymous
 * descriptors (eventfd, signalfd, timerfd, inotify, epoll, userfaultfd, memfd, io_uring, pidfd).
 * The reader's fd table follows these; rules rarely name them, state tracking always needs them.
 */
#include "helpers/syscall.h"
#include "helpers/file.h"

/* The close of an open waiting in the prefilter's slot drops both (helpers/prefilter.h). */
SYSCALL_EXIT(close) {
	if(prefilter__close(syscall__fd(arg(0)), ret)) {
		return 0;
	}
	struct event e;
	if(!event__begin(&e, PPME_CLOSE_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);                 /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0))); /* fd (type: FD) */
	event__submit(&e, event__current_tid());
	return 0;
}

/* Peregrine's state does not close the range's descriptors: the prefilter must not think them fresh. */
SYSCALL_EXIT(close_range) {
	if(ret == 0) {
		prefilter__unseen_close(arg(0), arg(1));
	}
	struct event e;
	if(!event__begin(&e, PPME_CLOSE_RANGE_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                        /* res (type: ERRNO) */
	event__u32(&e, arg(0));                     /* first (type: UINT32) */
	event__u32(&e, arg(1));                     /* last (type: UINT32) */
	event__u32(&e, flags__close_range(arg(2))); /* flags (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(dup) {
	struct event e;
	if(!event__begin(&e, PPME_DUP_1_X, 2)) {
		return 0;
	}
	event__s64(&e, (__s32)ret);          /* res (type: FD) */
	event__s64(&e, syscall__fd(arg(0))); /* oldfd (type: FD) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(dup2) {
	struct event e;
	if(!event__begin(&e, PPME_DUP2_X, 3)) {
		return 0;
	}
	event__s64(&e, (__s32)ret);          /* res (type: FD) */
	event__s64(&e, syscall__fd(arg(0))); /* oldfd (type: FD) */
	event__s64(&e, syscall__fd(arg(1))); /* newfd (type: FD) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(dup3) {
	struct event e;
	if(!event__begin(&e, PPME_DUP3_X, 4)) {
		return 0;
	}
	event__s64(&e, (__s32)ret);                                  /* res (type: FD) */
	event__s64(&e, syscall__fd(arg(0)));                         /* oldfd (type: FD) */
	event__s64(&e, syscall__fd(arg(1)));                         /* newfd (type: FD) */
	event__u32(&e, MAP_BIT(arg(2), K_O_CLOEXEC, PPM_O_CLOEXEC)); /* flags (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

/* pipe/pipe2: the two new descriptors come back through the user's int[2]. */
static __always_inline void fd__push_pipe(struct event *e, struct pt_regs *regs, long ret) {
	__s32 fds[2] = {-1, -1};
	if(bpf_probe_read_user(fds, sizeof(fds), (void *)arg(0)) != 0) {
		fds[0] = fds[1] = -1;
	}
	event__s64(e, fds[0]); /* fd1 (type: FD) */
	event__s64(e, fds[1]); /* fd2 (type: FD) */
	struct file *f = ret == 0 ? file__from_fd(fds[0]) : NULL;
	event__u64(e, f ? file__ino(f) : 0); /* ino (type: UINT64) */
}

SYSCALL_EXIT(pipe) {
	struct event e;
	if(!event__begin(&e, PPME_PIPE_X, 4)) {
		return 0;
	}
	event__s64(&e, ret); /* res (type: ERRNO) */
	fd__push_pipe(&e, regs, ret);
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(pipe2) {
	struct event e;
	if(!event__begin(&e, PPME_PIPE2_X, 5)) {
		return 0;
	}
	event__s64(&e, ret); /* res (type: ERRNO) */
	fd__push_pipe(&e, regs, ret);
	event__u32(&e, flags__pipe2(arg(1))); /* flags (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(fcntl) {
	struct event e;
	if(!event__begin(&e, PPME_FCNTL_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                     /* res (type: FD) */
	event__s64(&e, syscall__fd(arg(0)));     /* fd (type: FD) */
	event__u8(&e, flags__fcntl_cmd(arg(1))); /* cmd (type: ENUMFLAGS8) */
	event__u64(&e, arg(2));                  /* arg (type: UINT64) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(eventfd) {
	struct event e;
	if(!event__begin(&e, PPME_EVENTFD_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);    /* res (type: FD) */
	event__u64(&e, arg(0)); /* initval (type: UINT64) */
	event__u32(&e, 0);      /* flags (type: UINT32): eventfd has none */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(eventfd2) {
	struct event e;
	if(!event__begin(&e, PPME_EVENTFD2_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: FD) */
	event__u16(&e, flags__nonblock_cloexec(arg(1))); /* flags (type: FLAGS16) */
	event__u64(&e, arg(0));                          /* initval (type: UINT64) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(signalfd) {
	struct event e;
	if(!event__begin(&e, PPME_SIGNALFD_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                 /* res (type: FD) */
	event__s64(&e, syscall__fd(arg(0))); /* fd (type: FD) */
	event__u32(&e, 0);                   /* mask (type: UINT32): not read, as in Falco */
	event__u8(&e, 0);                    /* flags (type: UINT8): signalfd has none */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(signalfd4) {
	struct event e;
	if(!event__begin(&e, PPME_SIGNALFD4_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: FD) */
	event__u16(&e, flags__nonblock_cloexec(arg(3))); /* flags (type: FLAGS16) */
	event__s64(&e, syscall__fd(arg(0)));             /* fd (type: FD) */
	event__u32(&e, 0);                               /* mask (type: UINT32): not read */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(timerfd_create) {
	struct event e;
	if(!event__begin(&e, PPME_TIMERFD_CREATE_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                                  /* res (type: FD) */
	event__u8(&e, (__u8)arg(0));                          /* clockid (type: UINT8) */
	event__u8(&e, (__u8)flags__nonblock_cloexec(arg(1))); /* flags (type: UINT8) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(inotify_init) {
	struct event e;
	if(!event__begin(&e, PPME_INOTIFY_INIT_X, 2)) {
		return 0;
	}
	event__s64(&e, ret); /* res (type: FD) */
	event__u8(&e, 0);    /* flags (type: UINT8): inotify_init has none */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(inotify_init1) {
	struct event e;
	if(!event__begin(&e, PPME_INOTIFY_INIT1_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: FD) */
	event__u16(&e, flags__nonblock_cloexec(arg(0))); /* flags (type: FLAGS16) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(epoll_create) {
	struct event e;
	if(!event__begin(&e, PPME_EPOLL_CREATE_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);    /* res (type: ERRNO) */
	event__s32(&e, arg(0)); /* size (type: INT32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(epoll_create1) {
	struct event e;
	if(!event__begin(&e, PPME_EPOLL_CREATE1_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);                                                     /* res (type: ERRNO) */
	event__u32(&e, MAP_BIT(arg(0), K_O_CLOEXEC, 1 /* PPM_EPOLL_CLOEXEC */)); /* flags (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(userfaultfd) {
	struct event e;
	if(!event__begin(&e, PPME_USERFAULTFD_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);    /* res (type: ERRNO) */
	event__u32(&e, arg(0)); /* flags (type: FLAGS32): as given, as Falco sends them */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(memfd_create) {
	struct event e;
	if(!event__begin(&e, PPME_MEMFD_CREATE_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                                /* fd (type: FD) */
	event__str_user(&e, (void *)arg(0), WIRE_MAX_PATH); /* name (type: CHARBUF) */
	event__u32(&e, flags__memfd(arg(1)));               /* flags (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

/* io_uring_setup reports the parameters the kernel wrote back into the user's io_uring_params. */
SYSCALL_EXIT(io_uring_setup) {
	struct event e;
	if(!event__begin(&e, PPME_IO_URING_SETUP_X, 8)) {
		return 0;
	}
	struct io_uring_params p = {};
	bpf_probe_read_user(&p, sizeof(p), (void *)arg(1));
	event__s64(&e, ret);          /* res (type: ERRNO) */
	event__u32(&e, arg(0));       /* entries (type: UINT32) */
	event__u32(&e, p.sq_entries); /* sq_entries (type: UINT32) */
	event__u32(&e, p.cq_entries); /* cq_entries (type: UINT32) */
	/* flags (type: FLAGS32): IORING_SETUP_IOPOLL and SQPOLL keep bits 0 and 1; PPM puts
	 * IORING_SQ_NEED_WAKEUP at bit 2 (its kernel value is bit 0, so Falco sets it with IOPOLL) and
	 * SQ_AFF..R_DISABLED one bit higher */
	event__u32(&e, (p.flags & 0x3) | ((p.flags & 0x1) << 2) | ((p.flags & 0x7c) << 1));
	event__u32(&e, p.sq_thread_cpu);    /* sq_thread_cpu (type: UINT32) */
	event__u32(&e, p.sq_thread_idle);   /* sq_thread_idle (type: UINT32) */
	event__u32(&e, p.features & 0x7ff); /* features (type: FLAGS32): IORING_FEAT_* bits 0..10 */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(pidfd_open) {
	struct event e;
	if(!event__begin(&e, PPME_PIDFD_OPEN_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                       /* fd (type: FD) */
	event__s64(&e, (__s32)arg(0));             /* pid (type: PID) */
	event__u32(&e, flags__pidfd_open(arg(1))); /* flags (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(pidfd_getfd) {
	struct event e;
	if(!event__begin(&e, PPME_PIDFD_GETFD_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                 /* fd (type: FD) */
	event__s64(&e, syscall__fd(arg(0))); /* pid_fd (type: FD) */
	event__s64(&e, syscall__fd(arg(1))); /* target_fd (type: FD) */
	event__u32(&e, arg(2));              /* flags (type: UINT32) */
	event__submit(&e, event__current_tid());
	return 0;
}
