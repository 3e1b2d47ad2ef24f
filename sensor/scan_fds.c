// SPDX-License-Identifier: Apache-2.0
/*
 * The descriptors of each process at startup; see scan_fds.h. Which fields an FDL entry carries and where each comes
 * from follows libscap's scanner (userspace/libscap/linux/scap_fds.c).
 */
#define _GNU_SOURCE
#include "scan_fds.h"
#include "procfs.h"
#include "wire.h"
#include "helpers/flags.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* scap fd types (userspace/libscap/scap.h scap_fd_type) and l4 protocols */
/* scap fd types (userspace/libscap/scap.h scap_fd_type) and l4 protocols */
enum {
	FD_FILE = 1,
	FD_DIRECTORY = 2,
	FD_IPV4_SOCK = 3,
	FD_IPV6_SOCK = 4,
	FD_IPV4_SERVSOCK = 5,
	FD_IPV6_SERVSOCK = 6,
	FD_FIFO = 7,
	FD_UNIX_SOCK = 8,
	FD_EVENT = 9,
	FD_UNSUPPORTED = 10,
	FD_SIGNALFD = 11,
	FD_EVENTPOLL = 12,
	FD_INOTIFY = 13,
	FD_TIMERFD = 14,
	FD_NETLINK = 15,
	FD_FILE_V2 = 16,
	FD_BPF = 17,
	FD_USERFAULTFD = 18,
	FD_IOURING = 19,
	FD_MEMFD = 20,
	FD_PIDFD = 21,
};
enum { L4_NA = 1, L4_TCP = 2, L4_UDP = 3, L4_RAW = 5 };

/* ---- sockets, per network namespace ---- */

struct sock_info {
	uint64_t ino;
	uint8_t type;
	uint8_t l4;
	uint32_t ip4[2]; /* local, remote */
	uint32_t ip6[2][4];
	uint16_t port[2]; /* local, remote */
	uint64_t unix_src;
	char *path; /* unix socket path */
};

struct sock_table {
	uint64_t netns;
	struct sock_info *v;
	size_t n, cap;
	bool sorted;
};

static struct sock_table *tables;
static size_t ntables;

static void sock_add(struct sock_table *t, const struct sock_info *s) {
	if(t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = realloc(t->v, t->cap * sizeof(*t->v));
		if(!t->v) {
			fprintf(stderr, "peregrine-sensor: out of memory reading socket tables\n");
			exit(1);
		}
	}
	t->v[t->n++] = *s;
}

static int sock_cmp(const void *a, const void *b) {
	uint64_t x = ((const struct sock_info *)a)->ino, y = ((const struct sock_info *)b)->ino;
	return x < y ? -1 : x > y;
}

static void parse_inet(struct sock_table *t, const char *path, bool v6, uint8_t l4) {
	FILE *f = fopen(path, "re");
	if(!f) {
		return;
	}
	char line[512];
	if(!fgets(line, sizeof(line), f)) { /* header */
		fclose(f);
		return;
	}
	while(fgets(line, sizeof(line), f)) {
		struct sock_info s = {.l4 = l4};
		char laddr[64], raddr[64];
		unsigned lport, rport;
		unsigned long long ino;
		/* sl local:port remote:port st tx:rx tr:when retrnsmt uid timeout inode */
		if(sscanf(line, " %*s %63[0-9A-Fa-f]:%x %63[0-9A-Fa-f]:%x %*s %*s %*s %*s %*s %*s %llu", laddr, &lport, raddr,
		          &rport, &ino) != 5) {
			continue;
		}
		s.ino = ino;
		s.port[0] = (uint16_t)lport;
		s.port[1] = (uint16_t)rport;
		if(!v6) {
			/* /proc prints the address as the hex of the u32 in host order; those are the network-order
			 * bytes, which is what scap stores */
			s.ip4[0] = (uint32_t)strtoul(laddr, NULL, 16);
			s.ip4[1] = (uint32_t)strtoul(raddr, NULL, 16);
			s.type = s.ip4[1] == 0 ? FD_IPV4_SERVSOCK : FD_IPV4_SOCK;
		} else {
			for(int k = 0; k < 2; k++) {
				const char *a = k ? raddr : laddr;
				for(int w = 0; w < 4; w++) {
					char word[9] = {0};
					memcpy(word, a + 8 * w, 8);
					s.ip6[k][w] = (uint32_t)strtoul(word, NULL, 16);
				}
			}
			bool unspecified = !(s.ip6[1][0] | s.ip6[1][1] | s.ip6[1][2] | s.ip6[1][3]);
			s.type = unspecified ? FD_IPV6_SERVSOCK : FD_IPV6_SOCK;
		}
		sock_add(t, &s);
	}
	fclose(f);
}

static void parse_unix(struct sock_table *t, const char *path) {
	FILE *f = fopen(path, "re");
	if(!f) {
		return;
	}
	char line[512];
	if(!fgets(line, sizeof(line), f)) {
		fclose(f);
		return;
	}
	while(fgets(line, sizeof(line), f)) {
		/* Num: RefCount Protocol Flags Type St Inode Path */
		unsigned long long num, ino;
		int consumed = 0;
		if(sscanf(line, "%llx: %*s %*s %*s %*s %*s %llu%n", &num, &ino, &consumed) != 2) {
			continue;
		}
		struct sock_info s = {.type = FD_UNIX_SOCK, .l4 = L4_NA, .ino = ino, .unix_src = num};
		char *p = line + consumed;
		while(*p == ' ') {
			p++;
		}
		p[strcspn(p, "\n")] = 0;
		s.path = *p ? strdup(p) : NULL;
		sock_add(t, &s);
	}
	fclose(f);
}

static void parse_netlink(struct sock_table *t, const char *path) {
	FILE *f = fopen(path, "re");
	if(!f) {
		return;
	}
	char line[512];
	if(!fgets(line, sizeof(line), f)) {
		fclose(f);
		return;
	}
	while(fgets(line, sizeof(line), f)) {
		/* sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode */
		unsigned long long ino;
		if(sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %llu", &ino) != 1) {
			continue;
		}
		struct sock_info s = {.type = FD_NETLINK, .l4 = L4_NA, .ino = ino};
		sock_add(t, &s);
	}
	fclose(f);
}

/* The socket table of the network namespace `netns`, read through process `pid` on first use. */
static struct sock_table *sockets_of(const char *host_root, int pid, uint64_t netns) {
	for(size_t i = 0; i < ntables; i++) {
		if(tables[i].netns == netns) {
			return &tables[i];
		}
	}
	tables = realloc(tables, (ntables + 1) * sizeof(*tables));
	if(!tables) {
		fprintf(stderr, "peregrine-sensor: out of memory reading socket tables\n");
		exit(1);
	}
	struct sock_table *t = &tables[ntables++];
	memset(t, 0, sizeof(*t));
	t->netns = netns;
	char path[PATH_BUF];
	static const struct {
		const char *name;
		bool v6;
		uint8_t l4;
	} inet[] = {{"tcp", false, L4_TCP}, {"udp", false, L4_UDP}, {"raw", false, L4_RAW},
	            {"tcp6", true, L4_TCP}, {"udp6", true, L4_UDP}, {"raw6", true, L4_RAW}};
	for(size_t i = 0; i < sizeof(inet) / sizeof(inet[0]); i++) {
		snprintf(path, sizeof(path), "%s/proc/%d/net/%s", host_root, pid, inet[i].name);
		parse_inet(t, path, inet[i].v6, inet[i].l4);
	}
	snprintf(path, sizeof(path), "%s/proc/%d/net/unix", host_root, pid);
	parse_unix(t, path);
	snprintf(path, sizeof(path), "%s/proc/%d/net/netlink", host_root, pid);
	parse_netlink(t, path);
	qsort(t->v, t->n, sizeof(*t->v), sock_cmp);
	return t;
}

static const struct sock_info *sock_find(const struct sock_table *t, uint64_t ino) {
	size_t lo = 0, hi = t->n;
	while(lo < hi) {
		size_t mid = (lo + hi) / 2;
		if(t->v[mid].ino < ino) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < t->n && t->v[lo].ino == ino ? &t->v[lo] : NULL;
}

void scan_fds_done(void) {
	for(size_t i = 0; i < ntables; i++) {
		for(size_t j = 0; j < tables[i].n; j++) {
			free(tables[i].v[j].path);
		}
		free(tables[i].v);
	}
	free(tables);
	tables = NULL;
	ntables = 0;
}

/* ---- descriptors ---- */

/* anon_inode:[eventfd] and friends, by name (libscap classifies the same names). */
static uint8_t anon_inode_type(const char *link) {
	/* Types 17..21 (bpf, userfaultfd, io_uring, memfd, pidfd) are newer than the readers we must stay
	 * readable by (sysdig 0.29 rejects a capture containing them), so those descriptors are written
	 * as UNSUPPORTED, and memfds as the FILE_V2 "/memfd:name" they were before. */
	static const struct {
		const char *name;
		uint8_t type;
	} kinds[] = {{"anon_inode:[eventfd]", FD_EVENT},
	             {"anon_inode:[eventpoll]", FD_EVENTPOLL},
	             {"anon_inode:inotify", FD_INOTIFY},
	             {"anon_inode:[signalfd]", FD_SIGNALFD},
	             {"anon_inode:[timerfd]", FD_TIMERFD}};
	for(size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if(strcmp(link, kinds[i].name) == 0) {
			return kinds[i].type;
		}
	}
	return FD_UNSUPPORTED;
}

/* The open flags of a descriptor, from /proc/<pid>/fdinfo/<fd> ("flags:\t0100002", octal). */
static uint32_t fd_open_flags(const char *dir, const char *fdname) {
	char path[PATH_BUF], text[512];
	snprintf(path, sizeof(path), "%sfdinfo/%s", dir, fdname);
	ssize_t n = read_file(path, text, sizeof(text) - 1);
	if(n <= 0) {
		return 0;
	}
	text[n] = 0;
	const char *v = status_field(text, "flags");
	return v ? flags__open((uint32_t)strtoul(v, NULL, 8)) : 0;
}

static uint32_t encode_dev(dev_t dev) {
	uint32_t major = (uint32_t)((dev >> 8) & 0xfff) | (uint32_t)((dev >> 32) & ~0xfffu);
	uint32_t minor = (uint32_t)(dev & 0xff) | (uint32_t)((dev >> 12) & ~0xffu);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

/* Writes the FDL V2 block of process `pid` (directory `dir`, ending in '/'), if it has fds. */
void scan_fds(struct buf *out, const struct scan_opts *o, int pid, const char *dir, struct scan_stats *st) {
	char path[PATH_BUF], link[PATH_BUF];
	snprintf(path, sizeof(path), "%sfd", dir);
	DIR *d = opendir(path);
	if(!d) {
		return;
	}
	struct stat sb;
	snprintf(path, sizeof(path), "%sns/net", dir);
	uint64_t netns = stat(path, &sb) == 0 ? sb.st_ino : 0;
	const struct sock_table *socks = NULL;

	size_t blk = block_begin(out, WIRE_BLOCK_FDL_V2);
	buf_u64(out, (uint64_t)pid);
	size_t empty_len = out->len;
	struct dirent *de;
	while((de = readdir(d)) != NULL) {
		if(!isdigit((unsigned char)de->d_name[0])) {
			continue;
		}
		int64_t fd = strtoll(de->d_name, NULL, 10);
		snprintf(path, sizeof(path), "%sfd/%s", dir, de->d_name);
		if(stat(path, &sb) != 0 || read_link(path, link, sizeof(link)) < 0) {
			continue;
		}
		uint8_t type;
		switch(sb.st_mode & S_IFMT) {
		case S_IFIFO: type = FD_FIFO; break;
		case S_IFREG:
		case S_IFBLK:
		case S_IFCHR: type = FD_FILE_V2; break; /* a memfd too ("/memfd:name"): see below */
		case S_IFDIR: type = FD_DIRECTORY; break;
		case S_IFSOCK: type = FD_UNIX_SOCK; break; /* refined below */
		default: type = anon_inode_type(link); break;
		}
		const struct sock_info *s = NULL;
		if((sb.st_mode & S_IFMT) == S_IFSOCK) {
			if(!socks) {
				socks = sockets_of(o->host_root, pid, netns);
			}
			s = sock_find(socks, sb.st_ino);
			if(!s) {
				continue; /* a socket family /proc/net does not list (packet, vsock, ...) */
			}
			type = s->type;
		}
		size_t e = entry_begin(out);
		buf_u64(out, (uint64_t)fd);
		buf_u64(out, (uint64_t)sb.st_ino);
		buf_u8(out, type);
		switch(type) {
		case FD_IPV4_SOCK:
			buf_u32(out, s->ip4[0]);
			buf_u32(out, s->ip4[1]);
			buf_u16(out, s->port[0]);
			buf_u16(out, s->port[1]);
			buf_u8(out, s->l4);
			break;
		case FD_IPV4_SERVSOCK:
			buf_u32(out, s->ip4[0]);
			buf_u16(out, s->port[0]);
			buf_u8(out, s->l4);
			break;
		case FD_IPV6_SOCK:
			buf_put(out, s->ip6[0], 16);
			buf_put(out, s->ip6[1], 16);
			buf_u16(out, s->port[0]);
			buf_u16(out, s->port[1]);
			buf_u8(out, s->l4);
			break;
		case FD_IPV6_SERVSOCK:
			buf_put(out, s->ip6[0], 16);
			buf_u16(out, s->port[0]);
			buf_u8(out, s->l4);
			break;
		case FD_UNIX_SOCK:
			buf_u64(out, s->unix_src);
			buf_u64(out, 0);
			buf_str16(out, s->path ? s->path : "", s->path ? strlen(s->path) : 0);
			break;
		case FD_FILE_V2:
			buf_u32(out, fd_open_flags(dir, de->d_name));
			buf_str16(out, link, strlen(link));
			buf_u32(out, encode_dev(sb.st_dev));
			break;
		case FD_FIFO:
		case FD_DIRECTORY: buf_str16(out, link, strlen(link)); break;
		default: /* anon inodes, netlink: no name, as libscap writes them */ buf_str16(out, "", 0); break;
		}
		entry_end(out, e);
		st->fds++;
	}
	closedir(d);
	if(out->len == empty_len) {
		out->len = blk; /* no fds: no block */
		return;
	}
	block_end(out, blk);
}
