// SPDX-License-Identifier: Apache-2.0
/*
 * The startup scan of /proc and /etc; see scan.h. Which fields a PL/FDL entry carries and where each
 * comes from follows libscap's scanner (userspace/libscap/linux/scap_procs.c, scap_fds.c), so a
 * Peregrine capture describes a host the way a Falco capture does. Values that the kernel programs
 * also report (vpgid, pidns_init_start_ts, cgroups) are computed the same way on both sides.
 */
#define _GNU_SOURCE
#include "scan.h"
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
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PATH_BUF 4352 /* a 4096-byte path plus the /proc/<pid>/task/<tid>/ prefix */

/*
 * libscap's limit on the strings of a process-list entry (scap_limits.h). Its /proc scanner keeps at most this
 * many bytes of argv[0], cwd and root, and one less of the executable's path; its capture reader refuses an
 * entry with a longer one ("invalid exelen 1356": chromium's argv[0] is a whole command line). The scan keeps
 * what libscap keeps, so proc.exe & co. of a process found at start equal Falco's, and sysdig and Falco open
 * every capture Peregrine records.
 */
#define SCAP_MAX_PATH_SIZE 1024

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

/* ---- small file helpers ---- */

/* Reads up to cap bytes of a /proc file; returns the length, or -1. */
static ssize_t read_file(const char *path, char *buf, size_t cap) {
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if(fd < 0) {
		return -1;
	}
	size_t len = 0;
	while(len < cap) {
		ssize_t n = read(fd, buf + len, cap - len);
		if(n < 0 && errno == EINTR) {
			continue;
		}
		if(n <= 0) {
			break;
		}
		len += (size_t)n;
	}
	close(fd);
	return (ssize_t)len;
}

static ssize_t read_link(const char *path, char *buf, size_t cap) {
	ssize_t n = readlink(path, buf, cap - 1);
	if(n < 0) {
		buf[0] = 0;
		return -1;
	}
	buf[n] = 0;
	return n;
}

/* The value after "Key:" in a /proc status text, or NULL. */
static const char *status_field(const char *status, const char *key) {
	size_t k = strlen(key);
	for(const char *p = status; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if(strncmp(p, key, k) == 0 && p[k] == ':') {
			return p + k + 1;
		}
	}
	return NULL;
}

/* The last number of a whitespace-separated list ("NSpid:\t4321\t1" → 1). */
static int64_t last_number(const char *p) {
	int64_t v = -1;
	while(p && *p && *p != '\n') {
		while(*p == ' ' || *p == '\t') {
			p++;
		}
		if(!isdigit((unsigned char)*p)) {
			break;
		}
		v = strtoll(p, (char **)&p, 10);
	}
	return v;
}

/* ---- users and groups ---- */

void scan_users(struct buf *out, const struct scan_opts *o, struct scan_stats *st) {
	char path[PATH_BUF];
	size_t blk = block_begin(out, WIRE_BLOCK_UL_V2);
	char *line = NULL;
	size_t cap = 0;

	snprintf(path, sizeof(path), "%s/etc/passwd", o->host_root);
	FILE *f = fopen(path, "re");
	while(f && getline(&line, &cap, f) > 0) {
		/* name:password:uid:gid:gecos:home:shell */
		char *fields[7] = {0};
		char *p = line;
		int n = 0;
		for(; n < 7 && p; n++) {
			fields[n] = p;
			p = strchr(p, ':');
			if(p) {
				*p++ = 0;
			}
		}
		if(n < 7 || !fields[0][0]) {
			continue;
		}
		fields[6][strcspn(fields[6], "\n")] = 0;
		size_t e = entry_begin(out);
		buf_u8(out, 0); /* USERBLOCK_TYPE_USER */
		buf_u32(out, (uint32_t)strtoul(fields[2], NULL, 10));
		buf_u32(out, (uint32_t)strtoul(fields[3], NULL, 10));
		buf_str16(out, fields[0], strnlen(fields[0], 256));
		buf_str16(out, fields[5], strnlen(fields[5], 256));
		buf_str16(out, fields[6], strnlen(fields[6], 256));
		entry_end(out, e);
		st->users++;
	}
	if(f) {
		fclose(f);
	}

	snprintf(path, sizeof(path), "%s/etc/group", o->host_root);
	f = fopen(path, "re");
	while(f && getline(&line, &cap, f) > 0) {
		/* name:password:gid:members */
		char *name = line;
		char *pw = strchr(name, ':');
		char *gid = pw ? strchr(pw + 1, ':') : NULL;
		if(!pw || !gid || name == pw) {
			continue;
		}
		*pw = 0;
		size_t e = entry_begin(out);
		buf_u8(out, 1); /* USERBLOCK_TYPE_GROUP */
		buf_u32(out, (uint32_t)strtoul(gid + 1, NULL, 10));
		buf_str16(out, name, strnlen(name, 256));
		entry_end(out, e);
		st->groups++;
	}
	if(f) {
		fclose(f);
	}
	free(line);
	block_end(out, blk);
}

/* ---- sockets, per network namespace ---- */

struct sock_info {
	uint64_t ino;
	uint8_t type;
	uint8_t l4;
	uint32_t ip4[2];   /* local, remote */
	uint32_t ip6[2][4];
	uint16_t port[2];  /* local, remote */
	uint64_t unix_src;
	char *path;        /* unix socket path */
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
		if(sscanf(line, " %*s %63[0-9A-Fa-f]:%x %63[0-9A-Fa-f]:%x %*s %*s %*s %*s %*s %*s %llu", laddr, &lport,
		          raddr, &rport, &ino) != 5) {
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
	            {"tcp6", true, L4_TCP},  {"udp6", true, L4_UDP},  {"raw6", true, L4_RAW}};
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

static void free_tables(void) {
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
	} kinds[] = {{"anon_inode:[eventfd]", FD_EVENT},   {"anon_inode:[eventpoll]", FD_EVENTPOLL},
	             {"anon_inode:inotify", FD_INOTIFY},    {"anon_inode:[signalfd]", FD_SIGNALFD},
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
static void scan_fds(struct buf *out, const struct scan_opts *o, int pid, const char *dir, struct scan_stats *st) {
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
		case FD_DIRECTORY:
			buf_str16(out, link, strlen(link));
			break;
		default: /* anon inodes, netlink: no name, as libscap writes them */
			buf_str16(out, "", 0);
			break;
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

/* ---- threads ---- */

/* cgroups as "subsys=/path\0...": v1 lines name their controllers; for the v2 line the controllers
 * are those enabled in the thread's cgroup (cgroup.controllers, walking up while empty). */
static size_t read_cgroups(const char *host_root, const char *dir, char *out, size_t cap) {
	char path[PATH_BUF], text[4096];
	snprintf(path, sizeof(path), "%scgroup", dir);
	ssize_t n = read_file(path, text, sizeof(text) - 1);
	if(n <= 0) {
		return 0;
	}
	text[n] = 0;
	size_t len = 0;
	char *line_save = NULL;
	for(char *line = strtok_r(text, "\n", &line_save); line; line = strtok_r(NULL, "\n", &line_save)) {
		/* "hierarchy-id:controller,list:/path" */
		char *c1 = strchr(line, ':');
		char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if(!c2) {
			continue;
		}
		*c1 = *c2 = 0;
		const char *cgpath = c2 + 1;
		char ctrls[1024] = {0};
		if(c1[1]) {
			snprintf(ctrls, sizeof(ctrls), "%s", c1 + 1);
		} else {
			char up[PATH_BUF];
			snprintf(up, sizeof(up), "%s", cgpath);
			for(;;) {
				snprintf(path, sizeof(path), "%s/sys/fs/cgroup%s/cgroup.controllers", host_root, up);
				ssize_t m = read_file(path, ctrls, sizeof(ctrls) - 1);
				ctrls[m > 0 ? m : 0] = 0;
				char *slash = strrchr(up, '/');
				if(m > 1 || !slash || strcmp(up, "/") == 0) {
					break;
				}
				if(slash == up) {
					up[1] = 0; /* continue with the root cgroup */
				} else {
					*slash = 0;
				}
			}
		}
		char *save = NULL;
		for(char *c = strtok_r(ctrls, " ,\n", &save); c; c = strtok_r(NULL, " ,\n", &save)) {
			int w = snprintf(out + len, cap - len, "%s=%s", c, cgpath);
			if(w < 0 || (size_t)w + 1 >= cap - len) {
				return len;
			}
			len += (size_t)w + 1;
		}
	}
	return len;
}

/* pidns_init_start_ts: the start of the init process of each pid namespace, in epoch ns. */
struct pidns_start {
	uint64_t ns;
	uint64_t start;
};
static struct pidns_start pidns_starts[256];
static size_t npidns;

static uint64_t proc_start_epoch(const struct scan_opts *o, const char *stat_after_comm) {
	/* field 22 (starttime, clock ticks since boot); stat_after_comm points at field 3 */
	unsigned long long ticks = 0;
	if(sscanf(stat_after_comm, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu",
	          &ticks) != 1) {
		return 0;
	}
	long hz = sysconf(_SC_CLK_TCK);
	return o->boot_ts_epoch + ticks * (1000000000ull / (uint64_t)(hz > 0 ? hz : 100));
}

static void write_thread(struct buf *out, const struct scan_opts *o, int pid, int tid, const char *dir,
                         struct scan_stats *st) {
	static char cmdline[WIRE_MAX_ARGS], env[WIRE_MAX_ARGS], cgroups[WIRE_MAX_CGROUPS * 4];
	char path[PATH_BUF], exepath[PATH_BUF], cwd[PATH_BUF], root[PATH_BUF], comm[64], status[8192], stat_text[2048];

	snprintf(path, sizeof(path), "%scmdline", dir);
	ssize_t cmdlen = read_file(path, cmdline, sizeof(cmdline));
	snprintf(path, sizeof(path), "%sexe", dir);
	ssize_t exelen = read_link(path, exepath, SCAP_MAX_PATH_SIZE);
	if(cmdlen <= 0 && exelen <= 0) {
		st->skipped++; /* a kernel thread or a zombie */
		return;
	}
	snprintf(path, sizeof(path), "%sstatus", dir);
	ssize_t n = read_file(path, status, sizeof(status) - 1);
	snprintf(path, sizeof(path), "%sstat", dir);
	ssize_t m = read_file(path, stat_text, sizeof(stat_text) - 1);
	if(n <= 0 || m <= 0) {
		st->skipped++;
		return;
	}
	status[n] = 0;
	stat_text[m] = 0;
	const char *after = strrchr(stat_text, ')');
	if(!after) {
		st->skipped++;
		return;
	}
	after += 2; /* at field 3, the state */
	long long pgid = 0, sid = 0;
	unsigned tty = 0;
	unsigned long long minflt = 0, majflt = 0;
	sscanf(after, "%*c %*d %lld %lld %u %*d %*u %llu %*u %llu", &pgid, &sid, &tty, &minflt, &majflt);

	snprintf(path, sizeof(path), "%scomm", dir);
	ssize_t cl = read_file(path, comm, sizeof(comm) - 1);
	comm[cl > 0 ? cl : 0] = 0;
	comm[strcspn(comm, "\n")] = 0;
	snprintf(path, sizeof(path), "%senviron", dir);
	ssize_t envlen = read_file(path, env, sizeof(env));
	snprintf(path, sizeof(path), "%scwd", dir);
	read_link(path, cwd, SCAP_MAX_PATH_SIZE + 1);
	snprintf(path, sizeof(path), "%sroot", dir);
	read_link(path, root, SCAP_MAX_PATH_SIZE + 1);
	size_t cglen = read_cgroups(o->host_root, dir, cgroups, sizeof(cgroups));

	const char *v;
	int64_t ppid = (v = status_field(status, "PPid")) ? strtoll(v, NULL, 10) : 0;
	uint32_t euid = 0, egid = 0;
	if((v = status_field(status, "Uid"))) {
		sscanf(v, "%*u %u", &euid);
	}
	if((v = status_field(status, "Gid"))) {
		sscanf(v, "%*u %u", &egid);
	}
	uint32_t vmsize = (v = status_field(status, "VmSize")) ? (uint32_t)strtoul(v, NULL, 10) : 0;
	uint32_t vmrss = (v = status_field(status, "VmRSS")) ? (uint32_t)strtoul(v, NULL, 10) : 0;
	uint32_t vmswap = (v = status_field(status, "VmSwap")) ? (uint32_t)strtoul(v, NULL, 10) : 0;
	uint64_t capinh = (v = status_field(status, "CapInh")) ? strtoull(v, NULL, 16) : 0;
	uint64_t capprm = (v = status_field(status, "CapPrm")) ? strtoull(v, NULL, 16) : 0;
	uint64_t capeff = (v = status_field(status, "CapEff")) ? strtoull(v, NULL, 16) : 0;
	int64_t vtid = (v = status_field(status, "NSpid")) ? last_number(v) : tid;
	int64_t vpid = (v = status_field(status, "NStgid")) ? last_number(v) : pid;
	int64_t vpgid = (v = status_field(status, "NSpgid")) ? last_number(v) : pgid;

	uint32_t loginuid = UINT32_MAX;
	char lu[32];
	snprintf(path, sizeof(path), "%sloginuid", dir);
	ssize_t lul = read_file(path, lu, sizeof(lu) - 1);
	if(lul > 0) {
		lu[lul] = 0;
		loginuid = (uint32_t)strtoul(lu, NULL, 10);
	}

	struct rlimit rl;
	uint64_t fdlimit = syscall(SYS_prlimit64, tid, RLIMIT_NOFILE, NULL, &rl) == 0 ? rl.rlim_cur : UINT64_MAX;

	/* the executable: inode, times, writability, memfd */
	struct stat xs;
	bool have_exe = false;
	snprintf(path, sizeof(path), "%sexe", dir);
	if(stat(path, &xs) == 0) {
		have_exe = true;
	}
	uint8_t exe_writable = 0;
	if(have_exe) {
		if(xs.st_uid == euid) {
			exe_writable = 1;
		} else if(xs.st_gid == egid ? (xs.st_mode & S_IWGRP) : (xs.st_mode & S_IWOTH)) {
			exe_writable = 1;
		} else if((capeff >> K_CAP_DAC_OVERRIDE) & 1) {
			exe_writable = 1;
		}
	}
	uint8_t from_memfd = strncmp(exepath, "/memfd:", 7) == 0;

	/* pid namespace of the thread, and the start of that namespace's init */
	uint64_t pidns_start = 0;
	struct stat ns;
	snprintf(path, sizeof(path), "%sns/pid", dir);
	if(stat(path, &ns) == 0) {
		for(size_t i = 0; i < npidns; i++) {
			if(pidns_starts[i].ns == ns.st_ino) {
				pidns_start = pidns_starts[i].start;
			}
		}
		if(vpid == 1 && tid == pid && pidns_start == 0 && npidns < sizeof(pidns_starts) / sizeof(pidns_starts[0])) {
			pidns_start = proc_start_epoch(o, after);
			pidns_starts[npidns++] = (struct pidns_start){ns.st_ino, pidns_start};
		}
	}

	/* exe is argv[0]; args the rest of the command line, NUL-separated */
	size_t exe_len = cmdlen > 0 ? strnlen(cmdline, (size_t)cmdlen) : 0;
	const char *args = cmdlen > 0 && (size_t)cmdlen > exe_len + 1 ? cmdline + exe_len + 1 : "";
	size_t args_len = cmdlen > 0 && (size_t)cmdlen > exe_len + 1 ? (size_t)cmdlen - exe_len - 1 : 0;

	size_t e = entry_begin(out);
	buf_u64(out, (uint64_t)tid);
	buf_u64(out, (uint64_t)pid);
	buf_u64(out, (uint64_t)ppid);
	buf_u64(out, (uint64_t)sid);
	buf_u64(out, (uint64_t)vpgid);
	buf_str16(out, comm, strlen(comm));
	buf_str16(out, cmdline, exe_len < SCAP_MAX_PATH_SIZE ? exe_len : SCAP_MAX_PATH_SIZE);
	buf_str16(out, exepath, strlen(exepath));
	buf_str16(out, args, args_len);
	buf_str16(out, cwd, strlen(cwd));
	buf_u64(out, fdlimit);
	buf_u32(out, tid == pid ? 0 : (PPM_CL_CLONE_THREAD | PPM_CL_CLONE_FILES));
	buf_u32(out, euid);
	buf_u32(out, egid);
	buf_u32(out, vmsize);
	buf_u32(out, vmrss);
	buf_u32(out, vmswap);
	buf_u64(out, majflt);
	buf_u64(out, minflt);
	buf_str16(out, env, envlen > 0 ? (size_t)envlen : 0);
	buf_u64(out, (uint64_t)vtid);
	buf_u64(out, (uint64_t)vpid);
	buf_str16(out, cgroups, cglen);
	buf_str16(out, root, strlen(root));
	buf_u64(out, pidns_start);
	buf_u32(out, tty);
	buf_u32(out, loginuid);
	buf_u8(out, exe_writable);
	buf_u64(out, capinh);
	buf_u64(out, capprm);
	buf_u64(out, capeff);
	buf_u8(out, 0); /* exe_upper_layer: not knowable from /proc */
	buf_u64(out, have_exe ? (uint64_t)xs.st_ino : 0);
	buf_u64(out, have_exe ? (uint64_t)xs.st_ctim.tv_sec * 1000000000ull + (uint64_t)xs.st_ctim.tv_nsec : 0);
	buf_u64(out, have_exe ? (uint64_t)xs.st_mtim.tv_sec * 1000000000ull + (uint64_t)xs.st_mtim.tv_nsec : 0);
	buf_u8(out, from_memfd);
	buf_u8(out, 0); /* exe_lower_layer */
	buf_u64(out, (uint64_t)pgid);
	entry_end(out, e);
	st->threads++;
}

static int cmp_int(const void *a, const void *b) {
	return *(const int *)a - *(const int *)b;
}

/* The numeric entries of a directory, sorted (so init and namespace inits come before their
 * children). */
static int *list_ids(const char *path, size_t *count) {
	DIR *d = opendir(path);
	*count = 0;
	if(!d) {
		return NULL;
	}
	size_t cap = 1024;
	int *ids = malloc(cap * sizeof(int));
	struct dirent *de;
	while(ids && (de = readdir(d)) != NULL) {
		if(!isdigit((unsigned char)de->d_name[0])) {
			continue;
		}
		if(*count == cap) {
			cap *= 2;
			int *more = realloc(ids, cap * sizeof(int));
			if(!more) {
				break;
			}
			ids = more;
		}
		ids[(*count)++] = atoi(de->d_name);
	}
	closedir(d);
	if(ids) {
		qsort(ids, *count, sizeof(int), cmp_int);
	}
	return ids;
}

int scan_processes(struct buf *out, const struct scan_opts *o, struct scan_stats *st) {
	char path[PATH_BUF], dir[PATH_BUF];
	snprintf(path, sizeof(path), "%s/proc", o->host_root);
	size_t npids;
	int *pids = list_ids(path, &npids);
	if(!pids) {
		return -errno;
	}
	/* FDL blocks are collected apart and appended after the PL block */
	struct buf fdl = {0};
	size_t pl = block_begin(out, WIRE_BLOCK_PL_V9);
	for(size_t i = 0; i < npids; i++) {
		int pid = pids[i];
		if(pid == o->self_pid) {
			continue;
		}
		snprintf(path, sizeof(path), "%s/proc/%d/task", o->host_root, pid);
		size_t ntids;
		int *tids = list_ids(path, &ntids);
		if(!tids || ntids == 0) {
			free(tids);
			st->skipped++;
			continue;
		}
		uint32_t before = st->threads;
		for(size_t j = 0; j < ntids; j++) {
			snprintf(dir, sizeof(dir), "%s/proc/%d/task/%d/", o->host_root, pid, tids[j]);
			write_thread(out, o, pid, tids[j], dir, st);
		}
		free(tids);
		if(st->threads > before) {
			st->processes++;
			snprintf(dir, sizeof(dir), "%s/proc/%d/", o->host_root, pid);
			scan_fds(&fdl, o, pid, dir, st);
		}
		if(o->tick) {
			o->tick(o->tick_arg);
		}
	}
	block_end(out, pl);
	buf_put(out, fdl.data, fdl.len);
	buf_free(&fdl);
	free(pids);
	free_tables();
	return 0;
}
