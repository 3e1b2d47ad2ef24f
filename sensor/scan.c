// SPDX-License-Identifier: Apache-2.0
/*
 * The startup scan of /proc and /etc; see scan.h. Which fields a PL/FDL entry carries and where each
 * comes from follows libscap's scanner (userspace/libscap/linux/scap_procs.c, scap_fds.c), so a
 * Peregrine capture describes a host the way a Falco capture does. Values that the kernel programs
 * also report (vpgid, pidns_init_start_ts, cgroups) are computed the same way on both sides.
 */
#define _GNU_SOURCE
#include "scan.h"
#include "procfs.h"
#include "scan_fds.h"
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

/*
 * libscap's limit on the strings of a process-list entry (scap_limits.h). Its /proc scanner keeps at most this
 * many bytes of argv[0], cwd and root, and one less of the executable's path; its capture reader refuses an
 * entry with a longer one ("invalid exelen 1356": chromium's argv[0] is a whole command line). The scan keeps
 * what libscap keeps, so proc.exe & co. of a process found at start equal Falco's, and sysdig and Falco open
 * every capture Peregrine records.
 */
#define SCAP_MAX_PATH_SIZE 1024

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
	scan_fds_done();
	return 0;
}
