// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sockets: socket, socketpair, connect, accept, accept4, bind, listen, the send and receive calls,
 * shutdown and getsockopt. Connection tuples are read from the kernel's socket (helpers/sock.h);
 * I/O data is cut to the snaplen (Falco's default: 80 bytes).
 */
#include "helpers/syscall.h"
#include "helpers/sock.h"

#define EINPROGRESS 115
#define MAX_IOV 16

/* Bytes of I/O data to capture: the snaplen, or less when fewer were transferred. */
static __always_inline __u32 net__snaplen(__s64 transferred) {
	__u32 n = cfg_snaplen;
	if(transferred >= 0 && (__u64)transferred < n) {
		n = (__u32)transferred;
	}
	return n;
}

SYSCALL_EXIT(socket) {
	struct event e;
	if(!event__begin(&e, PPME_SOCKET_X, 5)) {
		return 0;
	}
	__u32 type = arg(1);
	event__s64(&e, ret);                   /* fd (type: FD) */
	event__u32(&e, flags__family(arg(0))); /* domain (type: ENUMFLAGS32) */
	event__u32(&e, type);                  /* type (type: UINT32) */
	event__u32(&e, arg(2));                /* proto (type: UINT32) */
	event__u32(&e, flags__socket(type));   /* flags (type: FLAGS32): SOCK_NONBLOCK/CLOEXEC */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(socketpair) {
	struct event e;
	if(!event__begin(&e, PPME_SOCKETPAIR_X, 8)) {
		return 0;
	}
	__s32 fds[2] = {-1, -1};
	__u64 source = 0, peer = 0;
	if(ret == 0) {
		bpf_probe_read_user(fds, sizeof(fds), (void *)arg(3));
		struct socket *sock = sock__from_fd(fds[0]);
		struct sock *sk = sock ? BPF_CORE_READ(sock, sk) : NULL;
		if(sk && BPF_CORE_READ(sk, __sk_common.skc_family) == K_AF_UNIX) {
			source = (__u64)sk;
			peer = (__u64)BPF_CORE_READ((struct unix_sock *)sk, peer);
		}
	}
	event__s64(&e, ret);                   /* res (type: ERRNO) */
	event__s64(&e, fds[0]);                /* fd1 (type: FD) */
	event__s64(&e, fds[1]);                /* fd2 (type: FD) */
	event__u64(&e, source);                /* source (type: UINT64) */
	event__u64(&e, peer);                  /* peer (type: UINT64) */
	event__u32(&e, flags__family(arg(0))); /* domain (type: ENUMFLAGS32) */
	event__u32(&e, arg(1));                /* type (type: UINT32) */
	event__u32(&e, arg(2));                /* proto (type: UINT32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(connect) {
	struct event e;
	if(!event__begin(&e, PPME_CONNECT_X, 4)) {
		return 0;
	}
	__s64 fd = syscall__fd(arg(0));
	const void *addr = (const void *)arg(1);
	event__s64(&e, ret); /* res (type: ERRNO) */
	if(ret == 0 || ret == -EINPROGRESS) {
		sock__push_tuple(&e, fd, SOCK_OUTBOUND, addr); /* tuple (type: SOCKTUPLE) */
	} else {
		event__empty(&e);
	}
	event__s64(&e, fd);                           /* fd (type: FD) */
	sock__push_sockaddr(&e, addr, (__u32)arg(2)); /* addr (type: SOCKADDR) */
	event__submit(&e, event__current_tid());
	return 0;
}

/* accept and accept4: the new connection's tuple, and the listening socket's queue. */
static __always_inline void net__push_accept(struct event *e, struct pt_regs *regs, long ret) {
	__u32 queuelen = 0, queuemax = 0;
	__u8 queuepct = 0;
	event__s64(e, ret); /* fd (type: FD) */
	if(ret >= 0) {
		sock__push_tuple(e, ret, SOCK_INBOUND, NULL); /* tuple (type: SOCKTUPLE) */
		struct socket *listener = sock__from_fd(syscall__fd(arg(0)));
		struct sock *sk = listener ? BPF_CORE_READ(listener, sk) : NULL;
		if(sk) {
			queuelen = BPF_CORE_READ(sk, sk_ack_backlog);
			queuemax = BPF_CORE_READ(sk, sk_max_ack_backlog);
			if(queuelen && queuemax) {
				queuepct = (__u8)((__u64)queuelen * 100 / queuemax);
			}
		}
	} else {
		event__empty(e);
	}
	event__u8(e, queuepct);  /* queuepct (type: UINT8) */
	event__u32(e, queuelen); /* queuelen (type: UINT32) */
	event__u32(e, queuemax); /* queuemax (type: UINT32) */
}

SYSCALL_EXIT(accept) {
	struct event e;
	if(!event__begin(&e, PPME_ACCEPT_5_X, 5)) {
		return 0;
	}
	net__push_accept(&e, regs, ret);
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(accept4) {
	struct event e;
	if(!event__begin(&e, PPME_ACCEPT4_6_X, 6)) {
		return 0;
	}
	net__push_accept(&e, regs, ret);
	event__u32(&e, flags__socket(arg(3))); /* flags (type: INT32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(bind) {
	struct event e;
	if(!event__begin(&e, PPME_BIND_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                                          /* res (type: ERRNO) */
	sock__push_sockaddr(&e, (const void *)arg(1), (__u32)arg(2)); /* addr (type: SOCKADDR) */
	event__s64(&e, syscall__fd(arg(0)));                          /* fd (type: FD) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(listen) {
	struct event e;
	if(!event__begin(&e, PPME_LISTEN_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                 /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0))); /* fd (type: FD) */
	event__s32(&e, arg(1));              /* backlog (type: INT32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(shutdown) {
	struct event e;
	if(!event__begin(&e, PPME_SHUTDOWN_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                        /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0)));        /* fd (type: FD) */
	event__u8(&e, flags__shutdown_how(arg(1))); /* how (type: ENUMFLAGS8) */
	event__submit(&e, event__current_tid());
	return 0;
}

/* ---- data transfer ---- */

SYSCALL_EXIT(sendto) {
	struct event e;
	if(!event__begin(&e, PPME_SENDTO_X, 5)) {
		return 0;
	}
	__s64 fd = syscall__fd(arg(0));
	__u32 size = arg(2);
	event__s64(&e, ret); /* res (type: ERRNO) */
	event__bytes_user(&e, (void *)arg(1), net__snaplen(ret > 0 ? ret : size),
	                  WIRE_MAX_SNAPLEN); /* data (type: BYTEBUF) */
	event__s64(&e, fd);                  /* fd (type: FD) */
	event__u32(&e, size);                /* size (type: UINT32) */
	if(ret >= 0) {
		sock__push_tuple(&e, fd, SOCK_OUTBOUND, (const void *)arg(4)); /* tuple (type: SOCKTUPLE) */
	} else {
		event__empty(&e);
	}
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(recvfrom) {
	struct event e;
	if(!event__begin(&e, PPME_RECVFROM_X, 5)) {
		return 0;
	}
	__s64 fd = syscall__fd(arg(0));
	event__s64(&e, ret); /* res (type: ERRNO) */
	if(ret >= 0) {
		event__bytes_user(&e, (void *)arg(1), net__snaplen(ret), WIRE_MAX_SNAPLEN); /* data (type: BYTEBUF) */
		sock__push_tuple(&e, fd, SOCK_INBOUND, (const void *)arg(4));               /* tuple (type: SOCKTUPLE) */
	} else {
		event__empty(&e);
		event__empty(&e);
	}
	event__s64(&e, fd);     /* fd (type: FD) */
	event__u32(&e, arg(2)); /* size (type: UINT32) */
	event__submit(&e, event__current_tid());
	return 0;
}

/* Gathers up to `want` bytes from a user iovec array into the event. */
struct iov_walk {
	struct event *e;
	const struct iovec *iov;
	__u32 left;
	__u32 start;
};

static long net__iov_item(__u32 i, void *arg) {
	struct iov_walk *w = arg;
	struct iovec v = {};
	if(w->left == 0 || bpf_probe_read_user(&v, sizeof(v), &w->iov[i]) != 0) {
		return 1;
	}
	__u32 n = v.iov_len < w->left ? (__u32)v.iov_len : w->left;
	n = event__copy_user(w->e, v.iov_base, n, WIRE_MAX_SNAPLEN);
	w->left -= n < w->left ? n : w->left;
	return 0;
}

static __always_inline void net__push_iov(struct event *e, const struct iovec *iov, __u64 iovcnt, __u32 want) {
	struct iov_walk w = {.e = e, .iov = iov, .left = want, .start = e->pos};
	if(iov && want) {
		bpf_loop(iovcnt < MAX_IOV ? (__u32)iovcnt : MAX_IOV, net__iov_item, &w, 0);
	}
	event__len(e, e->pos - w.start);
}

/* Total length of a user iovec array (sendmsg's size). */
struct iov_size {
	const struct iovec *iov;
	__u64 total;
};

static long net__iov_len(__u32 i, void *arg) {
	struct iov_size *s = arg;
	struct iovec v = {};
	if(bpf_probe_read_user(&v, sizeof(v), &s->iov[i]) != 0) {
		return 1;
	}
	s->total += v.iov_len;
	return 0;
}

SYSCALL_EXIT(sendmsg) {
	struct event e;
	if(!event__begin(&e, PPME_SENDMSG_X, 5)) {
		return 0;
	}
	__s64 fd = syscall__fd(arg(0));
	struct user_msghdr msg = {};
	bool have = bpf_probe_read_user(&msg, sizeof(msg), (void *)arg(1)) == 0;
	event__s64(&e, ret); /* res (type: ERRNO) */
	if(have) {
		struct iov_size s = {.iov = msg.msg_iov};
		bpf_loop(msg.msg_iovlen < MAX_IOV ? (__u32)msg.msg_iovlen : MAX_IOV, net__iov_len, &s, 0);
		net__push_iov(&e, msg.msg_iov, msg.msg_iovlen,
		              net__snaplen(ret > 0 ? ret : s.total)); /* data (type: BYTEBUF) */
		event__s64(&e, fd);                                   /* fd (type: FD) */
		event__u32(&e, (__u32)s.total);                       /* size (type: UINT32) */
		if(ret >= 0) {
			sock__push_tuple(&e, fd, SOCK_OUTBOUND, msg.msg_name); /* tuple (type: SOCKTUPLE) */
		} else {
			event__empty(&e);
		}
	} else {
		event__empty(&e);
		event__s64(&e, fd);
		event__empty(&e);
		event__empty(&e);
	}
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(recvmsg) {
	struct event e;
	if(!event__begin(&e, PPME_RECVMSG_X, 6)) {
		return 0;
	}
	__s64 fd = syscall__fd(arg(0));
	event__s64(&e, ret); /* res (type: ERRNO) */
	struct user_msghdr msg = {};
	if(ret >= 0 && bpf_probe_read_user(&msg, sizeof(msg), (void *)arg(1)) == 0) {
		event__u32(&e, (__u32)ret);                                        /* size (type: UINT32) */
		net__push_iov(&e, msg.msg_iov, msg.msg_iovlen, net__snaplen(ret)); /* data (type: BYTEBUF) */
		sock__push_tuple(&e, fd, SOCK_INBOUND, msg.msg_name);              /* tuple (type: SOCKTUPLE) */
		/* msgcontrol (type: BYTEBUF): ancillary data, e.g. descriptors passed over a unix socket */
		event__bytes_user(&e, msg.msg_control, msg.msg_controllen, WIRE_MAX_SNAPLEN);
	} else {
		event__u32(&e, 0);
		event__empty(&e);
		event__empty(&e);
		event__empty(&e);
	}
	event__s64(&e, fd); /* fd (type: FD) */
	event__submit(&e, event__current_tid());
	return 0;
}

/* ---- getsockopt ---- */

/* SO_* → PPM_SOCKOPT_SO_*: equal up to SO_ATTACH_BPF (50); a few later ones are renumbered. */
static __always_inline __u8 net__sockopt_name(__s32 level, __s32 name) {
	if(level != 1 /* SOL_SOCKET */) {
		return 0;
	}
	if(name >= 1 && name <= 50) {
		return (__u8)name;
	}
	switch(name) {
	case 59: return 51; /* SO_PEERGROUPS */
	case 55: return 52; /* SO_MEMINFO */
	case 57: return 53; /* SO_COOKIE */
	case 66: return 20; /* SO_RCVTIMEO_NEW */
	case 67: return 21; /* SO_SNDTIMEO_NEW */
	default: return 0;
	}
}

/* val (type: DYN): u8 PPM_SOCKOPT_IDX_*, then the value in that type. */
static __always_inline void net__push_sockopt_val(struct event *e, __s32 level, __s32 name, const void *optval,
                                                  __u32 optlen) {
	__u32 start = e->pos;
	__u8 ppm = net__sockopt_name(level, name);
	if(ppm == 4 /* SO_ERROR */) {
		__s32 v = 0;
		bpf_probe_read_user(&v, sizeof(v), optval);
		event__put_u8(e, 1 /* PPM_SOCKOPT_IDX_ERRNO */);
		event__put_u64(e, (__u64)(__s64)-v);
	} else if(ppm == 20 || ppm == 21) {
		struct {
			__s64 sec;
			__s64 usec;
		} tv = {};
		bpf_probe_read_user(&tv, sizeof(tv), optval);
		event__put_u8(e, 4 /* PPM_SOCKOPT_IDX_TIMEVAL */);
		event__put_u64(e, (__u64)tv.sec * 1000000000ull + (__u64)tv.usec * 1000ull);
	} else if(ppm == 53) {
		__u64 v = 0;
		bpf_probe_read_user(&v, sizeof(v), optval);
		event__put_u8(e, 3 /* PPM_SOCKOPT_IDX_UINT64 */);
		event__put_u64(e, v);
	} else if(ppm != 0 && ppm != 13 && ppm != 17 && ppm != 26 && ppm != 28 && ppm <= 49) {
		/* the integer options (everything but LINGER, PEERCRED, ATTACH_FILTER, PEERNAME) */
		__u32 v = 0;
		bpf_probe_read_user(&v, sizeof(v), optval);
		event__put_u8(e, 2 /* PPM_SOCKOPT_IDX_UINT32 */);
		event__put_u32(e, v);
	} else {
		event__put_u8(e, 0 /* PPM_SOCKOPT_IDX_UNKNOWN */);
		event__copy_user(e, optval, optlen, WIRE_MAX_SNAPLEN);
	}
	event__len(e, e->pos - start);
}

SYSCALL_EXIT(getsockopt) {
	struct event e;
	if(!event__begin(&e, PPME_GETSOCKOPT_X, 6)) {
		return 0;
	}
	__s32 level = arg(1), name = arg(2);
	__s32 optlen = 0;
	bpf_probe_read_user(&optlen, sizeof(optlen), (void *)arg(4));
	event__s64(&e, ret);                           /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0)));           /* fd (type: FD) */
	event__u8(&e, flags__sockopt_level(level));    /* level (type: ENUMFLAGS8) */
	event__u8(&e, net__sockopt_name(level, name)); /* optname (type: ENUMFLAGS8) */
	net__push_sockopt_val(&e, level, name, (const void *)arg(3), optlen > 0 ? (__u32)optlen : 0); /* val (type: DYN) */
	event__u32(&e, (__u32)optlen); /* optlen (type: UINT32) */
	event__submit(&e, event__current_tid());
	return 0;
}
