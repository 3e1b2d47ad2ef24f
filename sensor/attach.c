// SPDX-License-Identifier: Apache-2.0
/* Programs, tracefs, attaching and detaching; see attach.h. */
#define _GNU_SOURCE
#include "attach.h"
#include "log.h"
#include "prefilter_load.h"
#include "sensor.skel.h"
#include "wire.h"

#include <asm/unistd_64.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define TRACEFS "/sys/kernel/tracing"

/* ---- the syscalls this sensor has programs for (x86_64 numbers from asm/unistd_64.h) ---- */

struct syscall_entry {
	int nr;
	const char *name;
	const char *tracepoint;   /* its sys_exit_<name> tracepoint, when the kernel names it otherwise */
	struct bpf_program *prog; /* tp_<name> or rt_<name>, depending on the mode */
	struct bpf_link *link;    /* tracepoint mode: attached while wanted */
	struct bpf_link *enter;   /* tracepoint mode: an entry program some syscalls also need */
	bool wanted;
};

/* In the order the table has always had (acknowledgements list enabled syscalls in this order); umount2's
 * tracepoint is sys_exit_umount (SYSCALL_DEFINE2(umount, ...)). */
// clang-format off
#define SC(name) {__NR_##name, #name, NULL, NULL, NULL, NULL, false}
#define SC_TP(name, tp) {__NR_##name, #name, tp, NULL, NULL, NULL, false}
static struct syscall_entry syscalls[] = {
	SC(open), SC(openat), SC(openat2), SC(creat), SC(open_by_handle_at), SC(close), SC(close_range),
	SC(dup), SC(dup2), SC(dup3), SC(pipe), SC(pipe2), SC(fcntl), SC(eventfd), SC(eventfd2),
	SC(signalfd), SC(signalfd4), SC(timerfd_create), SC(inotify_init), SC(inotify_init1),
	SC(epoll_create), SC(epoll_create1), SC(userfaultfd), SC(memfd_create), SC(io_uring_setup),
	SC(pidfd_open), SC(pidfd_getfd), SC(chdir), SC(fchdir), SC(chroot), SC(link), SC(linkat),
	SC(symlink), SC(symlinkat), SC(rename), SC(renameat), SC(renameat2), SC(unlink), SC(unlinkat),
	SC(mkdir), SC(mkdirat), SC(rmdir), SC(chmod), SC(fchmod), SC(fchmodat), SC(chown), SC(lchown),
	SC(fchown), SC(fchownat), SC(clone), SC(clone3), SC(fork), SC(vfork), SC(execve), SC(execveat),
	SC(socket), SC(socketpair), SC(connect), SC(accept), SC(accept4), SC(bind), SC(listen),
	SC(sendto), SC(recvfrom), SC(sendmsg), SC(recvmsg), SC(shutdown), SC(getsockopt), SC(setuid),
	SC(setgid), SC(setreuid), SC(setregid), SC(setresuid), SC(setresgid), SC(setsid), SC(setpgid),
	SC(capset), SC(prctl), SC(setrlimit), SC(prlimit64), SC(ptrace), SC(mount), SC_TP(umount2, "umount"),
	SC(setns), SC(unshare), SC(init_module), SC(finit_module), SC(bpf), SC(kill), SC(tkill),
	SC(tgkill), SC(seccomp),
};
// clang-format on
#define NSYSCALLS (sizeof(syscalls) / sizeof(syscalls[0]))

static struct sensor *skel;
static enum mode active_mode;

void attach_print_syscalls(FILE *f) {
	fprintf(f, "[");
	for(size_t i = 0; i < NSYSCALLS; i++) {
		fprintf(f, "%s{\"nr\":%d,\"name\":\"%s\"}", i ? "," : "", syscalls[i].nr, syscalls[i].name);
	}
	fprintf(f, "]\n");
}

size_t attach_nsyscalls(void) {
	return NSYSCALLS;
}

static struct syscall_entry *syscall_by_nr(int nr) {
	for(size_t i = 0; i < NSYSCALLS; i++) {
		if(syscalls[i].nr == nr) {
			return &syscalls[i];
		}
	}
	return NULL;
}

/* ---- tracefs and the mode ---- */

static bool tracefs_ready(void) {
	return access(TRACEFS "/events/syscalls", F_OK) == 0;
}

/* Per-syscall tracepoints need tracefs; mount it if it is absent. Returns a reason on failure. */
static const char *prepare_tracefs(void) {
	if(tracefs_ready()) {
		return NULL;
	}
	if(access("/sys/kernel/debug/tracing", F_OK) == 0) {
		return "debugfs is mounted without tracing; libbpf would look there";
	}
	if(mount("nodev", TRACEFS, "tracefs", 0, NULL) != 0) {
		static char why[128];
		snprintf(why, sizeof(why), "cannot mount tracefs at " TRACEFS ": %s", strerror(errno));
		return why;
	}
	if(!tracefs_ready()) {
		return "tracefs has no syscalls events (kernel without CONFIG_FTRACE_SYSCALLS)";
	}
	say("mounted tracefs at " TRACEFS);
	return NULL;
}

enum mode attach_choose_mode(enum mode requested) {
	if(requested == MODE_RAW) {
		return MODE_RAW;
	}
	const char *why = prepare_tracefs();
	if(why && requested == MODE_TRACEPOINT) {
		die("per-syscall tracepoints are unavailable: %s", why);
	}
	if(why) {
		say("per-syscall tracepoints are unavailable (%s); filtering in a raw sys_exit program instead", why);
		return MODE_RAW;
	}
	return MODE_TRACEPOINT;
}

const char *attach_mode_name(enum mode mode) {
	return mode == MODE_TRACEPOINT ? "tracepoint" : "raw";
}

/* ---- programs ---- */

size_t attach_select_programs(struct sensor *s, enum mode mode) {
	skel = s;
	active_mode = mode;
	size_t nloaded = 0;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, skel->obj) {
		const char *name = bpf_program__name(prog);
		bool is_tp = strncmp(name, "tp_", 3) == 0;
		bool is_rt = strncmp(name, "rt_", 3) == 0 || strcmp(name, "sys_exit_dispatch") == 0;
		bool load = is_tp ? mode == MODE_TRACEPOINT : is_rt ? mode == MODE_RAW : true;
		bpf_program__set_autoload(prog, load);
		nloaded += load;
		if((is_tp && mode == MODE_TRACEPOINT) || (strncmp(name, "rt_", 3) == 0 && mode == MODE_RAW)) {
			for(size_t i = 0; i < NSYSCALLS; i++) {
				if(strcmp(syscalls[i].name, name + 3) == 0) {
					syscalls[i].prog = prog;
				}
			}
		}
	}
	return nloaded;
}

void attach_lifecycle(void) {
	skel->links.sched_process_exec = bpf_program__attach(skel->progs.sched_process_exec);
	skel->links.sched_process_exit = bpf_program__attach(skel->progs.sched_process_exit);
	if(!skel->links.sched_process_exec || !skel->links.sched_process_exit) {
		die("cannot attach to the sched_process_exec/exit tracepoints: %s", strerror(errno));
	}
	/* Thread renames, for the prefilter's knowledge of thread names: without it, no name is known (as safe, slower). */
	skel->links.pf_renamed = bpf_program__attach(skel->progs.pf_renamed);
	if(skel->links.pf_renamed) {
		prefilter_names_known();
	} else {
		say("cannot watch thread renames (%s): the prefilter will not use thread names", strerror(errno));
	}
	if(active_mode == MODE_RAW) {
		skel->links.sys_exit_dispatch = bpf_program__attach(skel->progs.sys_exit_dispatch);
		if(!skel->links.sys_exit_dispatch) {
			die("cannot attach to the sys_exit tracepoint: %s", strerror(errno));
		}
	}
}

/* ---- the wanted set ---- */

void attach_parse_syscalls(const char *list, bool *want) {
	for(size_t i = 0; i < NSYSCALLS; i++) {
		want[i] = list == NULL;
	}
	const char *p = list;
	while(p && *p) {
		char *end;
		long nr = strtol(p, &end, 10);
		if(end == p) {
			break;
		}
		struct syscall_entry *s = syscall_by_nr((int)nr);
		if(s) {
			want[s - syscalls] = true;
		}
		p = *end == ',' ? end + 1 : NULL;
	}
}

/*
 * Destroying a tracepoint link waits for an RCU grace period in the kernel (~30 ms here), one link
 * after the other: 90 links took 3 s. Destroying them from several threads lets the waits overlap.
 */
#define DETACH_THREADS 16

struct detach_job {
	struct bpf_link **links;
	size_t n;
};

static void *detach_worker(void *arg) {
	struct detach_job *job = arg;
	for(size_t i = 0; i < job->n; i++) {
		bpf_link__destroy(job->links[i]);
	}
	return NULL;
}

static void destroy_links(struct bpf_link **links, size_t n) {
	if(n == 0) {
		return;
	}
	pthread_t th[DETACH_THREADS];
	struct detach_job jobs[DETACH_THREADS];
	size_t nthreads = n < DETACH_THREADS ? n : DETACH_THREADS;
	size_t per = (n + nthreads - 1) / nthreads, started = 0;
	for(size_t t = 0; t < nthreads; t++) {
		size_t from = t * per, to = from + per < n ? from + per : n;
		jobs[t] = (struct detach_job){links + from, from < to ? to - from : 0};
		if(pthread_create(&th[t], NULL, detach_worker, &jobs[t]) != 0) {
			detach_worker(&jobs[t]); /* no thread: do it here */
			continue;
		}
		started |= 1ul << t;
	}
	for(size_t t = 0; t < nthreads; t++) {
		if(started & (1ul << t)) {
			pthread_join(th[t], NULL);
		}
	}
}

/* Tracepoint mode: attaches syscall s (and the entry program it needs). Returns 0 or -errno. */
static int attach_tracepoint(struct syscall_entry *s) {
	char tp[64], dir[128];
	snprintf(tp, sizeof(tp), "sys_exit_%s", s->tracepoint ? s->tracepoint : s->name);
	snprintf(dir, sizeof(dir), TRACEFS "/events/syscalls/%s", tp);
	if(access(dir, F_OK) != 0) {
		return -ENOSYS; /* not in this kernel (e.g. init_module without CONFIG_MODULES) */
	}
	s->link = bpf_program__attach_tracepoint(s->prog, "syscalls", tp);
	if(!s->link) {
		return -errno;
	}
	if(s->nr == __NR_execveat) {
		/* marks the thread: a successful execveat looks like execve afterwards */
		s->enter = bpf_program__attach_tracepoint(skel->progs.tp_enter_execveat, "syscalls", "sys_enter_execveat");
	}
	return 0;
}

#define APPEND(buf, len, ...) len += snprintf(buf + len, sizeof(buf) - len, __VA_ARGS__)

void attach_apply(const bool *want, struct syscall_ack *ack) {
	size_t alen = 0, flen = 0;
	ack->mode = attach_mode_name(active_mode);
	ack->enabled[0] = ack->failed[0] = 0;
	int exit_progs_fd = bpf_map__fd(skel->maps.exit_progs);
	struct bpf_link *unwanted[2 * NSYSCALLS];
	size_t nunwanted = 0;
	for(size_t i = 0; i < NSYSCALLS; i++) {
		struct syscall_entry *s = &syscalls[i];
		bool w = want[i];
		skel->bss->sc_wanted[s->nr] = w;
		if(!s->prog) {
			if(w) {
				APPEND(ack->failed, flen, "%s{\"nr\":%d,\"name\":\"%s\",\"error\":\"no program\"}", flen ? "," : "",
				       s->nr, s->name);
			}
			continue;
		}
		int err = 0;
		if(active_mode == MODE_TRACEPOINT) {
			if(w && !s->link) {
				err = attach_tracepoint(s);
			} else if(!w && s->link) {
				unwanted[nunwanted++] = s->link;
				s->link = NULL;
				if(s->enter) {
					unwanted[nunwanted++] = s->enter;
					s->enter = NULL;
				}
			}
		} else {
			__u32 key = (__u32)s->nr;
			if(w) {
				int fd = bpf_program__fd(s->prog);
				err = bpf_map_update_elem(exit_progs_fd, &key, &fd, BPF_ANY);
			} else {
				bpf_map_delete_elem(exit_progs_fd, &key);
			}
		}
		if(err) {
			w = false;
			skel->bss->sc_wanted[s->nr] = 0;
			APPEND(ack->failed, flen, "%s{\"nr\":%d,\"name\":\"%s\",\"error\":\"%s\"}", flen ? "," : "", s->nr, s->name,
			       strerror(-err));
		}
		s->wanted = w;
		if(w) {
			APPEND(ack->enabled, alen, "%s%d", alen ? "," : "", s->nr);
		}
	}
	destroy_links(unwanted, nunwanted);
}

size_t attach_count_wanted(void) {
	size_t n = 0;
	for(size_t i = 0; i < NSYSCALLS; i++) {
		n += syscalls[i].wanted;
	}
	return n;
}

void attach_detach_all(void) {
	struct bpf_link *links[2 * NSYSCALLS];
	size_t nlinks = 0;
	for(size_t i = 0; i < NSYSCALLS; i++) {
		if(syscalls[i].link) {
			links[nlinks++] = syscalls[i].link;
			syscalls[i].link = NULL;
		}
		if(syscalls[i].enter) {
			links[nlinks++] = syscalls[i].enter;
			syscalls[i].enter = NULL;
		}
	}
	destroy_links(links, nlinks);
	sensor__detach(skel);
}
