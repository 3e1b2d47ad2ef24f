/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sockets: the socket tuple (SOCKTUPLE) read from the kernel's socket, and user sockaddrs (SOCKADDR)
 * packed into Falco's layout (driver/ppm_events.c pack_addr / fd_to_socktuple):
 *
 *   SOCKADDR  inet:  u8 family, 4B ip (network order), u16 port (host order)
 *             inet6: u8 family, 16B ip, u16 port
 *             unix:  u8 family, NUL-terminated path
 *   SOCKTUPLE inet:  u8 family, 4B sip, u16 sport, 4B dip, u16 dport
 *             inet6: u8 family, 16B sip, u16 sport, 16B dip, u16 dport
 *             unix:  u8 family, u64 src, u64 dst (kernel socket pointers), NUL-terminated path
 *
 * Layer: sock (kernel and user reads) → event (writers). Used by net.bpf.c.
 */
#ifndef SENSOR_SOCK_H
#define SENSOR_SOCK_H

#include "file.h"

#define SOCK_OUTBOUND 0 /* connect, send*: source is the local end */
#define SOCK_INBOUND 1  /* accept, recv*: source is the remote end */
#define UNIX_PATH_MAX 108

static __always_inline __u16 sock__ntohs(__u16 v) {
	return (__u16)((v >> 8) | (v << 8));
}

/* The struct socket behind a descriptor, or NULL when it is not a socket. */
static __always_inline struct socket *sock__from_fd(__s64 fd) {
	struct file *f = file__from_fd(fd);
	if(!f) {
		return NULL;
	}
	__u16 mode = BPF_CORE_READ(f, f_inode, i_mode);
	if((mode & K_S_IFMT) != K_S_IFSOCK) {
		return NULL;
	}
	return BPF_CORE_READ(f, private_data);
}

/* Copies a unix socket path from kernel memory, skipping the leading NUL of an abstract address. */
static __always_inline void sock__put_unix_path(struct event *e, const char *path, bool user) {
	char first = 0;
	if(path) {
		if(user) {
			bpf_probe_read_user(&first, 1, path);
		} else {
			bpf_probe_read_kernel(&first, 1, path);
		}
	}
	if(path && first == 0) {
		path++;
	}
	long n = 0;
	if(path) {
		n = user ? bpf_probe_read_user_str(&e->buf[e->pos & OFF_MASK], UNIX_PATH_MAX, path)
		         : bpf_probe_read_kernel_str(&e->buf[e->pos & OFF_MASK], UNIX_PATH_MAX, path);
	}
	if(n <= 0) {
		e->buf[e->pos & OFF_MASK] = 0;
		n = 1;
	}
	e->pos += n;
}

/*
 * SOCKTUPLE of descriptor `fd`. `usr` is the user sockaddr of the call (sendto's dest_addr, recvfrom's
 * src_addr after the call), used when the kernel socket has no peer (unconnected UDP).
 */
static __always_inline void sock__push_tuple(struct event *e, __s64 fd, int direction, const void *usr) {
	struct socket *sock = sock__from_fd(fd);
	struct sock *sk = sock ? BPF_CORE_READ(sock, sk) : NULL;
	if(!sk) {
		event__empty(e);
		return;
	}
	__u32 start = e->pos;
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if(family == K_AF_INET) {
		struct inet_sock *inet = (struct inet_sock *)sk;
		__u32 lip = BPF_CORE_READ(inet, inet_saddr);
		if(lip == 0) {
			lip = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		}
		__u16 lport = BPF_CORE_READ(inet, inet_sport);
		__u32 rip = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 rport = BPF_CORE_READ(sk, __sk_common.skc_dport);
		if(rport == 0 && usr) {
			struct sockaddr_in sin = {};
			if(bpf_probe_read_user(&sin, sizeof(sin), usr) == 0 && sin.sin_family == K_AF_INET) {
				rip = sin.sin_addr.s_addr;
				rport = sin.sin_port;
			}
		}
		event__put_u8(e, PPM_AF_INET);
		if(direction == SOCK_OUTBOUND) {
			event__put_u32(e, lip);
			event__put_u16(e, sock__ntohs(lport));
			event__put_u32(e, rip);
			event__put_u16(e, sock__ntohs(rport));
		} else {
			event__put_u32(e, rip);
			event__put_u16(e, sock__ntohs(rport));
			event__put_u32(e, lip);
			event__put_u16(e, sock__ntohs(lport));
		}
	} else if(family == K_AF_INET6) {
		struct inet_sock *inet = (struct inet_sock *)sk;
		struct in6_addr lip = {}, rip = {};
		BPF_CORE_READ_INTO(&lip, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&rip, sk, __sk_common.skc_v6_daddr);
		__u16 lport = BPF_CORE_READ(inet, inet_sport);
		__u16 rport = BPF_CORE_READ(sk, __sk_common.skc_dport);
		if(rport == 0 && usr) {
			struct sockaddr_in6 sin6 = {};
			if(bpf_probe_read_user(&sin6, sizeof(sin6), usr) == 0 && sin6.sin6_family == K_AF_INET6) {
				rip = sin6.sin6_addr;
				rport = sin6.sin6_port;
			}
		}
		event__put_u8(e, PPM_AF_INET6);
		struct in6_addr *s = direction == SOCK_OUTBOUND ? &lip : &rip;
		struct in6_addr *d = direction == SOCK_OUTBOUND ? &rip : &lip;
		__builtin_memcpy(&e->buf[e->pos & OFF_MASK], s, 16);
		e->pos += 16;
		event__put_u16(e, sock__ntohs(direction == SOCK_OUTBOUND ? lport : rport));
		__builtin_memcpy(&e->buf[e->pos & OFF_MASK], d, 16);
		e->pos += 16;
		event__put_u16(e, sock__ntohs(direction == SOCK_OUTBOUND ? rport : lport));
	} else if(family == K_AF_UNIX) {
		struct unix_sock *local = (struct unix_sock *)sk;
		struct unix_sock *peer = (struct unix_sock *)BPF_CORE_READ(local, peer);
		event__put_u8(e, PPM_AF_UNIX);
		if(direction == SOCK_OUTBOUND) {
			event__put_u64(e, (__u64)peer);
			event__put_u64(e, (__u64)local);
			if(!peer && usr) {
				sock__put_unix_path(e, (const char *)usr + 2, true);
			} else {
				struct unix_address *addr = peer ? BPF_CORE_READ(peer, addr) : NULL;
				sock__put_unix_path(e, addr ? (const char *)addr->name[0].sun_path : NULL, false);
			}
		} else {
			event__put_u64(e, (__u64)local);
			event__put_u64(e, (__u64)peer);
			struct unix_address *addr = BPF_CORE_READ(local, addr);
			sock__put_unix_path(e, addr ? (const char *)addr->name[0].sun_path : NULL, false);
		}
	}
	/* other families (netlink, packet, ...) have no tuple: the parameter stays empty */
	event__len(e, e->pos - start);
}

/* SOCKADDR from a user sockaddr of `len` bytes. */
static __always_inline void sock__push_sockaddr(struct event *e, const void *usr, __u32 len) {
	__u16 family = 0;
	if(!usr || len < 2 || bpf_probe_read_user(&family, sizeof(family), usr) != 0) {
		event__empty(e);
		return;
	}
	__u32 start = e->pos;
	if(family == K_AF_INET) {
		struct sockaddr_in sin = {};
		bpf_probe_read_user(&sin, sizeof(sin), usr);
		event__put_u8(e, PPM_AF_INET);
		event__put_u32(e, sin.sin_addr.s_addr);
		event__put_u16(e, sock__ntohs(sin.sin_port));
	} else if(family == K_AF_INET6) {
		struct sockaddr_in6 sin6 = {};
		bpf_probe_read_user(&sin6, sizeof(sin6), usr);
		event__put_u8(e, PPM_AF_INET6);
		__builtin_memcpy(&e->buf[e->pos & OFF_MASK], &sin6.sin6_addr, 16);
		e->pos += 16;
		event__put_u16(e, sock__ntohs(sin6.sin6_port));
	} else if(family == K_AF_UNIX) {
		event__put_u8(e, PPM_AF_UNIX);
		sock__put_unix_path(e, (const char *)usr + 2, true);
	}
	event__len(e, e->pos - start);
}

#endif /* SENSOR_SOCK_H */
