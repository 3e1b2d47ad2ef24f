// SPDX-License-Identifier: Apache-2.0
/*
 * peregrine-sensor — loads the eBPF sensor and writes what it sees as a scap stream.
 *
 * It reads top to bottom: arguments → log callback → checks → open → read-only config → load →
 * attach → scan /proc → poll → one cleanup path. Each stage says what it did on stderr.
 *
 * Output (stdout, or --output FILE) is a valid .scap file: SHB, MI, UL, PL, FDL blocks, then EV_V2
 * event blocks forever. The kernel programs write each event block complete (wire.h), one ring
 * buffer per CPU; this program merges the CPUs' records by timestamp and copies them out.
 *
 * Side channel (--stats-fd N): one JSON object per line — {"type":"ready"}, periodic
 * {"type":"stats"} with per-CPU loss counters by reason, {"type":"syscalls"} acknowledging a change
 * of the wanted set. Commands (--commands, on stdin, one per line): "syscalls N,N,...", "stats",
 * "quit". End of stdin means the parent is gone: detach and exit.
 *
 * The process dies with its parent (PR_SET_PDEATHSIG): a stray sensor would keep every syscall on
 * the machine slow.
 */
#define _GNU_SOURCE
#include <asm/unistd_64.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "scan.h"
#include "scap.h"
#include "sensor.skel.h"
#include "wire.h"

#define DEFAULT_RING_BYTES (8u << 20)
#define POLL_MS 10
#define OUT_FLUSH_BYTES (1u << 20)
#define TRACEFS "/sys/kernel/tracing"
#define MIN_KERNEL_MAJOR 5
#define MIN_KERNEL_MINOR 17 /* bpf_loop (5.17), bpf_task_pt_regs (5.15); ring buffers and tp_btf are older */
/* Records whose timestamp is this close to "now" wait for the next round: another CPU may still
 * commit an older one (see drain()). */
#define REORDER_MARGIN_NS 2000000ull

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
	SC(capset), SC(prctl), SC(setrlimit), SC(prlimit64), SC(ptrace), SC(mount), SC_TP(umount2, "umount") /* SYSCALL_DEFINE2(umount, ...) */,
	SC(setns), SC(unshare), SC(init_module), SC(finit_module), SC(bpf), SC(kill), SC(tkill),
	SC(tgkill), SC(seccomp),
};
#define NSYSCALLS (sizeof(syscalls) / sizeof(syscalls[0]))

/* ---- options ---- */

enum mode { MODE_AUTO, MODE_TRACEPOINT, MODE_RAW };

static struct {
	const char *output;
	const char *btf;
	const char *host_root;
	const char *kernel_release; /* overrides uname -r for the version check (tests) */
	const char *initial_syscalls;
	enum mode mode;
	int stats_fd;
	unsigned stats_interval_ms;
	unsigned ring_bytes;
	unsigned wakeup_bytes;
	unsigned snaplen;
	int nice;
	bool commands;
	bool scan;
	bool verbose;
	bool list_syscalls;
} opt = {
	.btf = "/sys/kernel/btf/vmlinux",
	.host_root = "",
	.mode = MODE_AUTO,
	.stats_fd = -1,
	.stats_interval_ms = 1000,
	.ring_bytes = DEFAULT_RING_BYTES,
	.snaplen = WIRE_DEFAULT_SNAPLEN,
	.nice = -10,
	.scan = true,
};

static void usage(FILE *f) {
	fprintf(f,
	        "usage: peregrine-sensor [options]\n"
	        "  --syscalls N,N,...     x86_64 syscall numbers to capture from the start (default: all supported)\n"
	        "  --output FILE          write the capture to FILE instead of stdout\n"
	        "  --stats-fd N           write JSON status lines (ready, stats, syscalls) to descriptor N\n"
	        "  --stats-interval MS    how often to write stats (default 1000)\n"
	        "  --commands             read commands from stdin: 'syscalls N,N,...', 'stats', 'quit'\n"
	        "  --ring-bytes N         ring buffer size per CPU, a power of two (default 8 MiB)\n"
	        "  --wakeup-bytes N       wake the reader early when a ring holds this much (default ring/8)\n"
	        "  --snaplen N            bytes of I/O data per event (default 80)\n"
	        "  --backlog-bytes N      memory for records the reader has not taken yet (default 256 MiB)\n"
	        "  --nice N               scheduling priority of the loader (default -10: it must drain the rings\n"
	        "                         before they fill, whatever else runs)\n"
	        "  --mode MODE            auto, tracepoint (per-syscall tracepoints) or raw (sys_exit filter)\n"
	        "  --btf PATH             kernel BTF (default /sys/kernel/btf/vmlinux)\n"
	        "  --no-scan              skip the /proc scan (no thread or fd tables in the capture)\n"
	        "  --list-syscalls        print the supported syscalls as JSON and exit\n"
	        "  -v                     verbose (libbpf debug output)\n"
	        "environment: HOST_ROOT=/host reads /proc and /etc below that prefix (sensor in a container)\n");
}

/* ---- logging: one line per stage on stderr ---- */

static void vsay(const char *fmt, va_list ap) {
	fprintf(stderr, "peregrine-sensor: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static void say(const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

/* A start-up failure: one clear sentence, exit 1. */
static void die(const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	exit(1);
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap) {
	if(level == LIBBPF_DEBUG && !opt.verbose) {
		return 0;
	}
	fprintf(stderr, "peregrine-sensor: libbpf: ");
	return vfprintf(stderr, fmt, ap);
}

/* ---- stats channel ---- */

static FILE *stats_out;

static void stats_line(const char *fmt, ...) {
	if(!stats_out) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stats_out, fmt, ap);
	va_end(ap);
	fputc('\n', stats_out);
	fflush(stats_out);
}

/* ---- time ---- */

static uint64_t clock_ns(clockid_t id) {
	struct timespec ts;
	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- per-CPU staging and the timestamp merge ---- */

struct staging {
	uint8_t *data;
	size_t head; /* first unread byte */
	size_t len;  /* bytes held */
	size_t cap;
};

static struct staging *stage;
static int ncpus;
static struct buf out;
static int out_fd = STDOUT_FILENO;
static uint64_t boot_epoch_ns;
static uint64_t last_emitted_ts;
static uint64_t records_written, records_late, records_after_stop, bytes_written;

static int on_record(void *ctx, void *data, size_t size) {
	struct staging *s = ctx;
	if(s->len + size > s->cap) {
		if(s->head > 0) {
			memmove(s->data, s->data + s->head, s->len - s->head);
			s->len -= s->head;
			s->head = 0;
		}
		while(s->len + size > s->cap) {
			s->cap = s->cap ? s->cap * 2 : 1 << 20;
		}
		s->data = realloc(s->data, s->cap);
		if(!s->data) {
			die("out of memory staging events");
		}
	}
	memcpy(s->data + s->len, data, size);
	s->len += size;
	return 0;
}

static uint64_t record_ts(const uint8_t *block) {
	uint64_t ts;
	memcpy(&ts, block + WIRE_EVT_OFFSET, sizeof(ts));
	return ts;
}

static uint32_t record_len(const uint8_t *block) {
	uint32_t len;
	memcpy(&len, block + 4, sizeof(len));
	return len;
}

/*
 * Output. Records wait in `out` (written from out_head on) until the reader takes them. A pipe or socket to peregrine is
 * non-blocking: when the reader falls behind, the loader keeps draining the rings into memory, up to
 * --backlog-bytes, instead of blocking in write() while the rings fill; only past that bound does it stop
 * draining, and then the kernel counts the drops. A file is written with ordinary blocking writes.
 */
static size_t out_head;
static bool out_nonblocking;
static uint64_t backlog_limit = 256u << 20;
static uint64_t backlog_full_rounds; /* drain rounds skipped because the backlog was full */

static size_t out_pending(void) {
	return out.len - out_head;
}

/* Writes what the reader takes now (everything, when blocking). Exits when the reader is gone. */
static void flush_out(void) {
	while(out_head < out.len) {
		ssize_t n = write(out_fd, out.data + out_head, out.len - out_head);
		if(n < 0 && errno == EINTR) {
			continue;
		}
		if(n < 0 && errno == EAGAIN) {
			break; /* the pipe is full: the rest waits in the backlog */
		}
		if(n <= 0) {
			say("output closed (%s); stopping", n < 0 ? strerror(errno) : "short write");
			exit(0);
		}
		out_head += (size_t)n;
		bytes_written += (uint64_t)n;
	}
	if(out_head == out.len) {
		out_head = out.len = 0;
	} else if(out_head > (1u << 20) && out_head > out.len / 2) {
		memmove(out.data, out.data + out_head, out.len - out_head);
		out.len -= out_head;
		out_head = 0;
	}
}

/* At exit: everything, blocking. */
static void flush_all(void) {
	if(out_nonblocking) {
		int fl = fcntl(out_fd, F_GETFL);
		fcntl(out_fd, F_SETFL, fl & ~O_NONBLOCK);
		out_nonblocking = false;
	}
	flush_out();
}

/* Emits, in timestamp order across CPUs, every staged record stamped at or before `watermark`. */
static void emit_until(uint64_t watermark) {
	for(;;) {
		int best = -1;
		uint64_t best_ts = UINT64_MAX;
		for(int c = 0; c < ncpus; c++) {
			struct staging *s = &stage[c];
			if(s->head < s->len) {
				uint64_t ts = record_ts(s->data + s->head);
				if(ts <= watermark && ts < best_ts) {
					best = c;
					best_ts = ts;
				}
			}
		}
		if(best < 0) {
			break;
		}
		struct staging *s = &stage[best];
		uint32_t len = record_len(s->data + s->head);
		buf_put(&out, s->data + s->head, len);
		s->head += len;
		if(s->head == s->len) {
			s->head = s->len = 0;
		}
		if(best_ts < last_emitted_ts) {
			records_late++; /* committed after a newer record was already written */
		} else {
			last_emitted_ts = best_ts;
		}
		records_written++;
		if(!out_nonblocking && out.len >= OUT_FLUSH_BYTES) {
			flush_out();
		}
	}
}

static struct ring_buffer *rb;

/*
 * Drains every ring into staging, then emits what is safe to emit. A record is stamped when its
 * block is submitted, so once all rings are drained nothing older than (drain start − margin) can
 * still arrive: those are written; younger ones wait for the next round (≤ 10 ms).
 */
static void drain(void) {
	if(out_pending() > backlog_limit) {
		backlog_full_rounds++; /* the reader is far behind: leave the records in the rings */
		return;
	}
	uint64_t start = clock_ns(CLOCK_BOOTTIME) + boot_epoch_ns;
	if(rb) {
		ring_buffer__consume(rb);
	}
	emit_until(start - REORDER_MARGIN_NS);
}

/* At shutdown: everything stamped before the stop request, nothing after (the detach itself takes a
 * moment, and what happens meanwhile is not part of the capture the user asked for). */
static void drain_final(uint64_t stop_ts) {
	if(rb) {
		ring_buffer__consume(rb);
	}
	emit_until(stop_ts);
	/* what is left was stamped after the stop request: counted, so every event is accounted for */
	for(int c = 0; c < ncpus; c++) {
		struct staging *s = &stage[c];
		while(s->head < s->len) {
			s->head += record_len(s->data + s->head);
			records_after_stop++;
		}
		s->head = s->len = 0;
	}
}

static bool metadata_done;

/* Called by the /proc scan between processes: keeps the rings from filling up while it runs. */
static void scan_tick(void *arg) {
	(void)arg;
	if(rb) {
		ring_buffer__consume(rb);
	}
}

/* ---- signals ---- */

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig) {
	stop_signal = sig;
}

/* ---- the wanted syscall set ---- */

static struct sensor *skel;
static enum mode active_mode;

static struct syscall_entry *syscall_by_nr(int nr) {
	for(size_t i = 0; i < NSYSCALLS; i++) {
		if(syscalls[i].nr == nr) {
			return &syscalls[i];
		}
	}
	return NULL;
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

/* Attaches what became wanted and detaches what no longer is; acknowledges on the stats channel. */
static void apply_syscalls(const bool *want) {
	char attached[8192] = "", failed[8192] = "";
	size_t alen = 0, flen = 0;
	int exit_progs_fd = bpf_map__fd(skel->maps.exit_progs);
	struct bpf_link *unwanted[2 * NSYSCALLS];
	size_t nunwanted = 0;
	for(size_t i = 0; i < NSYSCALLS; i++) {
		struct syscall_entry *s = &syscalls[i];
		bool w = want[i];
		skel->bss->sc_wanted[s->nr] = w;
		if(!s->prog) {
			if(w) {
				flen += snprintf(failed + flen, sizeof(failed) - flen, "%s{\"nr\":%d,\"name\":\"%s\",\"error\":\"no program\"}",
				                 flen ? "," : "", s->nr, s->name);
			}
			continue;
		}
		int err = 0;
		if(active_mode == MODE_TRACEPOINT) {
			if(w && !s->link) {
				char tp[64], dir[128];
				snprintf(tp, sizeof(tp), "sys_exit_%s", s->tracepoint ? s->tracepoint : s->name);
				snprintf(dir, sizeof(dir), TRACEFS "/events/syscalls/%s", tp);
				if(access(dir, F_OK) != 0) {
					err = -ENOSYS; /* not in this kernel (e.g. init_module without CONFIG_MODULES) */
				} else {
					s->link = bpf_program__attach_tracepoint(s->prog, "syscalls", tp);
					if(!s->link) {
						err = -errno;
					}
				}
				if(!err && s->nr == __NR_execveat) {
					/* marks the thread: a successful execveat looks like execve afterwards */
					s->enter = bpf_program__attach_tracepoint(skel->progs.tp_enter_execveat, "syscalls",
					                                          "sys_enter_execveat");
				}
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
			flen += snprintf(failed + flen, sizeof(failed) - flen, "%s{\"nr\":%d,\"name\":\"%s\",\"error\":\"%s\"}",
			                 flen ? "," : "", s->nr, s->name, strerror(-err));
		}
		s->wanted = w;
		if(w) {
			alen += snprintf(attached + alen, sizeof(attached) - alen, "%s%d", alen ? "," : "", s->nr);
		}
	}
	destroy_links(unwanted, nunwanted);
	stats_line("{\"type\":\"syscalls\",\"mode\":\"%s\",\"enabled\":[%s],\"failed\":[%s]}",
	           active_mode == MODE_TRACEPOINT ? "tracepoint" : "raw", attached, failed);
}

/* Parses "N,N,..." into want[] (indexed like syscalls[]); unknown numbers are reported. */
static void parse_syscall_list(const char *list, bool *want) {
	memset(want, 0, NSYSCALLS * sizeof(bool));
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

/* ---- stats ---- */

static void write_stats(void) {
	if(!stats_out) {
		return;
	}
	int nposs = libbpf_num_possible_cpus();
	struct wire_counters *per = calloc((size_t)nposs, sizeof(*per));
	__u32 zero = 0;
	if(!per || bpf_map_lookup_elem(bpf_map__fd(skel->maps.counters), &zero, per) != 0) {
		free(per);
		return;
	}
	char cpus[16384];
	size_t n = 0;
	for(int c = 0; c < nposs && n < sizeof(cpus) - 256; c++) {
		struct wire_counters *k = &per[c];
		n += snprintf(cpus + n, sizeof(cpus) - n,
		              "%s{\"cpu\":%d,\"events\":%llu,\"drops_ring_full\":%llu,\"drops_too_big\":%llu,"
		              "\"drops_no_scratch\":%llu,\"drops_no_ring\":%llu,\"param_faults\":%llu}",
		              c ? "," : "", c, k->events, k->drops_ring_full, k->drops_too_big, k->drops_no_scratch,
		              k->drops_no_ring, k->param_faults);
	}
	stats_line("{\"type\":\"stats\",\"ts\":%" PRIu64 ",\"records_written\":%" PRIu64 ",\"records_late\":%" PRIu64
	           ",\"records_after_stop\":%" PRIu64 ",\"bytes_written\":%" PRIu64 ",\"backlog_bytes\":%zu"
	           ",\"backlog_full_rounds\":%" PRIu64 ",\"cpus\":[%s]}",
	           clock_ns(CLOCK_REALTIME), records_written, records_late, records_after_stop, bytes_written, out_pending(),
	           backlog_full_rounds, cpus);
	free(per);
}

/* ---- commands on stdin ---- */

static char cmdbuf[65536];
static size_t cmdlen;

/* Returns false when the loader should stop (quit, or end of stdin). */
static bool read_commands(void) {
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	if(poll(&p, 1, 0) <= 0) {
		return true;
	}
	ssize_t n = read(STDIN_FILENO, cmdbuf + cmdlen, sizeof(cmdbuf) - 1 - cmdlen);
	if(n == 0) {
		say("stdin closed; stopping");
		return false;
	}
	if(n < 0) {
		return errno == EINTR || errno == EAGAIN;
	}
	cmdlen += (size_t)n;
	cmdbuf[cmdlen] = 0;
	char *line = cmdbuf, *nl;
	while((nl = strchr(line, '\n')) != NULL) {
		*nl = 0;
		if(strncmp(line, "syscalls ", 9) == 0 || strcmp(line, "syscalls") == 0) {
			bool want[NSYSCALLS];
			parse_syscall_list(line[8] ? line + 9 : "", want);
			apply_syscalls(want);
		} else if(strcmp(line, "stats") == 0) {
			write_stats();
		} else if(strcmp(line, "quit") == 0) {
			return false;
		} else if(line[0]) {
			say("unknown command '%s'", line);
		}
		line = nl + 1;
	}
	cmdlen = strlen(line);
	memmove(cmdbuf, line, cmdlen + 1);
	if(cmdlen == sizeof(cmdbuf) - 1) {
		cmdlen = 0; /* a line that long is not a command */
	}
	return true;
}

/* ---- start-up checks ---- */

static void check_kernel(void) {
	struct utsname u;
	const char *release = opt.kernel_release;
	if(!release) {
		uname(&u);
		release = u.release;
	}
	int major = 0, minor = 0;
	sscanf(release, "%d.%d", &major, &minor);
	if(major < MIN_KERNEL_MAJOR || (major == MIN_KERNEL_MAJOR && minor < MIN_KERNEL_MINOR)) {
		die("kernel %s is too old: the sensor needs Linux %d.%d or newer", release, MIN_KERNEL_MAJOR,
		    MIN_KERNEL_MINOR);
	}
}

static void check_bpf(void) {
	/* BPF_PROG_LOAD with no attributes: EINVAL/EFAULT means the syscall exists and we may use it */
	long r = syscall(__NR_bpf, 5 /* BPF_PROG_LOAD */, NULL, 0);
	if(r < 0 && errno == ENOSYS) {
		die("BPF is disabled in this kernel (built without CONFIG_BPF_SYSCALL)");
	}
	if(r < 0 && errno == EPERM) {
		die("the kernel refuses BPF to this process (EPERM): check kernel.unprivileged_bpf_disabled, "
		    "lockdown and security modules");
	}
}

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

/* The online CPUs; rings are created only for them (a CPU hot-plugged later is counted as
 * drops_no_ring on its events). */
static bool *online_cpus(int nposs) {
	bool *on = calloc((size_t)nposs, sizeof(bool));
	char text[1024] = "";
	FILE *f = fopen("/sys/devices/system/cpu/online", "re");
	if(!on) {
		die("out of memory");
	}
	if(!f || !fgets(text, sizeof(text), f)) {
		for(int i = 0; i < nposs; i++) {
			on[i] = true;
		}
	} else {
		for(char *p = text; *p && *p != '\n';) {
			int a = (int)strtol(p, &p, 10), b = a;
			if(*p == '-') {
				b = (int)strtol(p + 1, &p, 10);
			}
			for(int i = a; i <= b && i < nposs; i++) {
				on[i] = true;
			}
			if(*p == ',') {
				p++;
			} else {
				break;
			}
		}
	}
	if(f) {
		fclose(f);
	}
	return on;
}

/* ---- main ---- */

int main(int argc, char **argv) {
	pid_t parent = getppid();

	/* 1. arguments */
	enum {
		O_SYSCALLS = 256, O_OUTPUT, O_STATS_FD, O_STATS_INTERVAL, O_COMMANDS, O_RING, O_WAKEUP, O_SNAPLEN,
		O_MODE, O_BTF, O_NO_SCAN, O_LIST, O_KREL, O_NICE, O_BACKLOG, O_HELP
	};
	static const struct option longopts[] = {
		{"syscalls", required_argument, NULL, O_SYSCALLS},
		{"output", required_argument, NULL, O_OUTPUT},
		{"stats-fd", required_argument, NULL, O_STATS_FD},
		{"stats-interval", required_argument, NULL, O_STATS_INTERVAL},
		{"commands", no_argument, NULL, O_COMMANDS},
		{"ring-bytes", required_argument, NULL, O_RING},
		{"wakeup-bytes", required_argument, NULL, O_WAKEUP},
		{"snaplen", required_argument, NULL, O_SNAPLEN},
		{"mode", required_argument, NULL, O_MODE},
		{"btf", required_argument, NULL, O_BTF},
		{"no-scan", no_argument, NULL, O_NO_SCAN},
		{"list-syscalls", no_argument, NULL, O_LIST},
		{"kernel-release", required_argument, NULL, O_KREL},
		{"nice", required_argument, NULL, O_NICE},
		{"backlog-bytes", required_argument, NULL, O_BACKLOG},
		{"help", no_argument, NULL, O_HELP},
		{0},
	};
	int c;
	while((c = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
		switch(c) {
		case O_SYSCALLS: opt.initial_syscalls = optarg; break;
		case O_OUTPUT: opt.output = optarg; break;
		case O_STATS_FD: opt.stats_fd = atoi(optarg); break;
		case O_STATS_INTERVAL: opt.stats_interval_ms = (unsigned)atoi(optarg); break;
		case O_COMMANDS: opt.commands = true; break;
		case O_RING: opt.ring_bytes = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_WAKEUP: opt.wakeup_bytes = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_SNAPLEN: opt.snaplen = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_MODE:
			if(strcmp(optarg, "auto") == 0) {
				opt.mode = MODE_AUTO;
			} else if(strcmp(optarg, "tracepoint") == 0) {
				opt.mode = MODE_TRACEPOINT;
			} else if(strcmp(optarg, "raw") == 0) {
				opt.mode = MODE_RAW;
			} else {
				die("--mode must be auto, tracepoint or raw, not '%s'", optarg);
			}
			break;
		case O_BTF: opt.btf = optarg; break;
		case O_NO_SCAN: opt.scan = false; break;
		case O_LIST: opt.list_syscalls = true; break;
		case O_KREL: opt.kernel_release = optarg; break;
		case O_NICE: opt.nice = atoi(optarg); break;
		case O_BACKLOG: backlog_limit = strtoull(optarg, NULL, 0); break;
		case 'v': opt.verbose = true; break;
		case O_HELP: usage(stdout); return 0;
		default: usage(stderr); return 1;
		}
	}
	if(optind < argc) {
		die("unexpected argument '%s' (see --help)", argv[optind]);
	}
	const char *hr = getenv("HOST_ROOT");
	if(hr && *hr) {
		opt.host_root = hr;
	}
	if(opt.ring_bytes < 4096 || (opt.ring_bytes & (opt.ring_bytes - 1)) != 0) {
		die("--ring-bytes must be a power of two of at least 4096, not %u", opt.ring_bytes);
	}
	if(opt.wakeup_bytes == 0) {
		opt.wakeup_bytes = opt.ring_bytes / 8;
	}
	if(opt.snaplen > WIRE_MAX_SNAPLEN) {
		die("--snaplen is at most %u", WIRE_MAX_SNAPLEN);
	}

	/* 2. log callback */
	libbpf_set_print(libbpf_log);

	if(opt.list_syscalls) {
		printf("[");
		for(size_t i = 0; i < NSYSCALLS; i++) {
			printf("%s{\"nr\":%d,\"name\":\"%s\"}", i ? "," : "", syscalls[i].nr, syscalls[i].name);
		}
		printf("]\n");
		return 0;
	}

	/* 3. die with the parent, and stop cleanly on signals */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if(getppid() != parent) {
		return 0; /* the parent died before the line above took effect */
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if(opt.stats_fd >= 0) {
		stats_out = fdopen(opt.stats_fd, "w");
		if(!stats_out) {
			die("--stats-fd %d is not an open descriptor (%s)", opt.stats_fd, strerror(errno));
		}
	}
	if(opt.output) {
		out_fd = open(opt.output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if(out_fd < 0) {
			die("cannot write %s: %s", opt.output, strerror(errno));
		}
	} else {
		/* 1 MiB of room (from 64 KiB of pipe, or a socket's default): fewer wake-ups of the reader, and room
		 * for a burst. Node's child_process hands its children a socket pair, not a pipe. */
		struct stat st;
		if(fstat(out_fd, &st) == 0 && S_ISSOCK(st.st_mode)) {
			int sz = 1 << 20;
			if(setsockopt(out_fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz)) != 0) {
				setsockopt(out_fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
			}
		} else {
			fcntl(out_fd, F_SETPIPE_SZ, 1 << 20);
		}
	}

	/* 4. checks, each a clear sentence */
	if(geteuid() != 0) {
		die("must run as root: loading eBPF programs needs CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN");
	}
	if(access(opt.btf, R_OK) != 0) {
		die("no kernel BTF at %s (%s): the sensor needs a kernel built with CONFIG_DEBUG_INFO_BTF=y", opt.btf,
		    strerror(errno));
	}
	check_kernel();
	check_bpf();

	/* The loader is the only reader of the rings: when it does not run, the kernel drops. On a busy host it
	 * must win the CPU over the workload it watches (bench/live.ts: open storm on 2 busy cores, 10-15% drops
	 * at nice 0). It spends its time copying, and sleeps when there is nothing to copy. */
	if(setpriority(PRIO_PROCESS, 0, opt.nice) != 0) {
		say("cannot set priority %d: %s", opt.nice, strerror(errno));
	}

	/* 5. choose how syscalls are hooked */
	active_mode = opt.mode == MODE_RAW ? MODE_RAW : MODE_TRACEPOINT;
	if(active_mode == MODE_TRACEPOINT) {
		const char *why = prepare_tracefs();
		if(why && opt.mode == MODE_TRACEPOINT) {
			die("per-syscall tracepoints are unavailable: %s", why);
		}
		if(why) {
			say("per-syscall tracepoints are unavailable (%s); filtering in a raw sys_exit program instead", why);
			active_mode = MODE_RAW;
		}
	}

	/* 6. open */
	LIBBPF_OPTS(bpf_object_open_opts, open_opts, .btf_custom_path = opt.btf);
	skel = sensor__open_opts(&open_opts);
	if(!skel) {
		die("cannot open the BPF object: %s", strerror(errno));
	}

	/* 7. read-only configuration and sizes, before load */
	boot_epoch_ns = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME);
	skel->rodata->cfg_boot_epoch_ns = boot_epoch_ns;
	skel->rodata->cfg_self_tgid = (__u32)getpid();
	skel->rodata->cfg_wakeup_bytes = opt.wakeup_bytes;
	skel->rodata->cfg_snaplen = opt.snaplen;

	int nposs = libbpf_num_possible_cpus();
	if(nposs <= 0) {
		die("cannot count the CPUs: %s", strerror(-nposs));
	}
	bpf_map__set_max_entries(skel->maps.scratch, (__u32)nposs);
	bpf_map__set_max_entries(skel->maps.rings, (__u32)nposs);
	bool *online = online_cpus(nposs);
	int *ring_fds = calloc((size_t)nposs, sizeof(int));
	int template_fd = -1;
	for(int i = 0; i < nposs; i++) {
		ring_fds[i] = -1;
		if(!online[i]) {
			continue;
		}
		ring_fds[i] = bpf_map_create(BPF_MAP_TYPE_RINGBUF, NULL, 0, 0, opt.ring_bytes, NULL);
		if(ring_fds[i] < 0) {
			die("cannot create a %u-byte ring buffer for CPU %d: %s", opt.ring_bytes, i, strerror(errno));
		}
		if(template_fd < 0) {
			template_fd = ring_fds[i];
		}
	}
	/* libbpf 1.1 crashes resizing an inner-map template: hand it a ready-made ring instead */
	bpf_map__set_inner_map_fd(skel->maps.rings, template_fd);

	size_t nprogs_loaded = 0;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, skel->obj) {
		const char *name = bpf_program__name(prog);
		bool is_tp = strncmp(name, "tp_", 3) == 0;
		bool is_rt = strncmp(name, "rt_", 3) == 0 || strcmp(name, "sys_exit_dispatch") == 0;
		bool load = is_tp ? active_mode == MODE_TRACEPOINT : is_rt ? active_mode == MODE_RAW : true;
		bpf_program__set_autoload(prog, load);
		if(load) {
			nprogs_loaded++;
		}
		if((is_tp && active_mode == MODE_TRACEPOINT) || (strncmp(name, "rt_", 3) == 0 && active_mode == MODE_RAW)) {
			for(size_t i = 0; i < NSYSCALLS; i++) {
				if(strcmp(syscalls[i].name, name + 3) == 0) {
					syscalls[i].prog = prog;
				}
			}
		}
	}

	/* 8. load (the verifier runs here) */
	uint64_t t0 = clock_ns(CLOCK_MONOTONIC);
	int err = sensor__load(skel);
	if(err) {
		die("the kernel rejected the BPF programs (%s); run with -v for the verifier log", strerror(-err));
	}
	say("loaded %zu programs in %" PRIu64 " ms (%s mode)", nprogs_loaded, (clock_ns(CLOCK_MONOTONIC) - t0) / 1000000,
	    active_mode == MODE_TRACEPOINT ? "per-syscall tracepoint" : "raw sys_exit");
	int rings_fd = bpf_map__fd(skel->maps.rings);
	for(int i = 0; i < nposs; i++) {
		if(ring_fds[i] >= 0) {
			__u32 key = (__u32)i;
			if(bpf_map_update_elem(rings_fd, &key, &ring_fds[i], BPF_ANY) != 0) {
				die("cannot install the ring buffer of CPU %d: %s", i, strerror(errno));
			}
		}
	}

	/* 9. readers: one staging area per CPU, all rings in one ring_buffer manager */
	ncpus = nposs;
	stage = calloc((size_t)nposs, sizeof(*stage));
	for(int i = 0; i < nposs; i++) {
		if(ring_fds[i] < 0) {
			continue;
		}
		if(!rb) {
			rb = ring_buffer__new(ring_fds[i], on_record, &stage[i], NULL);
			if(!rb) {
				die("cannot read the ring buffers: %s", strerror(errno));
			}
		} else if(ring_buffer__add(rb, ring_fds[i], on_record, &stage[i]) != 0) {
			die("cannot read the ring buffer of CPU %d: %s", i, strerror(errno));
		}
	}

	/* 10. attach: process lifecycle always, then the wanted syscalls */
	skel->links.sched_process_exec = bpf_program__attach(skel->progs.sched_process_exec);
	skel->links.sched_process_exit = bpf_program__attach(skel->progs.sched_process_exit);
	if(!skel->links.sched_process_exec || !skel->links.sched_process_exit) {
		die("cannot attach to the sched_process_exec/exit tracepoints: %s", strerror(errno));
	}
	if(active_mode == MODE_RAW) {
		skel->links.sys_exit_dispatch = bpf_program__attach(skel->progs.sys_exit_dispatch);
		if(!skel->links.sys_exit_dispatch) {
			die("cannot attach to the sys_exit tracepoint: %s", strerror(errno));
		}
	}
	bool want[NSYSCALLS];
	if(opt.initial_syscalls) {
		parse_syscall_list(opt.initial_syscalls, want);
	} else {
		for(size_t i = 0; i < NSYSCALLS; i++) {
			want[i] = true;
		}
	}
	apply_syscalls(want);
	size_t nwanted = 0;
	for(size_t i = 0; i < NSYSCALLS; i++) {
		nwanted += syscalls[i].wanted;
	}
	say("capturing %zu syscalls on %d CPUs", nwanted, nposs);

	/* 11. host state, read after attaching: a process started meanwhile is in the scan or its
	 * clone/execve event follows in the stream */
	struct machine_info mi = {0};
	mi.num_cpus = (uint32_t)get_nprocs();
	mi.memory_size_bytes = (uint64_t)get_phys_pages() * (uint64_t)sysconf(_SC_PAGESIZE);
	FILE *pm = fopen("/proc/sys/kernel/pid_max", "re");
	if(pm) {
		unsigned long long v = 0;
		if(fscanf(pm, "%llu", &v) == 1) {
			mi.max_pid = v;
		}
		fclose(pm);
	}
	gethostname(mi.hostname, sizeof(mi.hostname) - 1);
	mi.boot_ts_epoch = boot_epoch_ns;
	scap_write_shb(&out);
	scap_write_mi(&out, &mi);

	struct scan_opts so = {
		.host_root = opt.host_root,
		.boot_ts_epoch = boot_epoch_ns,
		.self_pid = getpid(),
		.tick = scan_tick,
	};
	struct scan_stats st = {0};
	t0 = clock_ns(CLOCK_MONOTONIC);
	scan_users(&out, &so, &st);
	if(opt.scan) {
		int r = scan_processes(&out, &so, &st);
		if(r != 0) {
			die("cannot read %s/proc: %s", opt.host_root, strerror(-r));
		}
	}
	uint64_t scan_ms = (clock_ns(CLOCK_MONOTONIC) - t0) / 1000000;
	flush_out();
	metadata_done = true;
	struct stat ost;
	/* a pipe or a socket to a reader (not a file): never block on it, keep draining into the backlog */
	if(fstat(out_fd, &ost) == 0 && (S_ISFIFO(ost.st_mode) || S_ISSOCK(ost.st_mode))) {
		fcntl(out_fd, F_SETFL, fcntl(out_fd, F_GETFL) | O_NONBLOCK);
		out_nonblocking = true;
	}
	say("read %u processes, %u threads, %u fds, %u users, %u groups in %" PRIu64 " ms", st.processes, st.threads,
	    st.fds, st.users, st.groups, scan_ms);
	stats_line("{\"type\":\"ready\",\"mode\":\"%s\",\"cpus\":%d,\"processes\":%u,\"threads\":%u,\"fds\":%u,"
	           "\"scan_ms\":%" PRIu64 "}",
	           active_mode == MODE_TRACEPOINT ? "tracepoint" : "raw", nposs, st.processes, st.threads, st.fds,
	           scan_ms);

	/* 12. poll: wait for a forced wake-up or 10 ms, drain every ring, write */
	uint64_t next_stats = clock_ns(CLOCK_MONOTONIC) + (uint64_t)opt.stats_interval_ms * 1000000ull;
	while(!stop_signal) {
		/* wake on a forced ring wake-up, on room in the pipe when records wait, or after 10 ms */
		struct pollfd pf[2] = {{.fd = ring_buffer__epoll_fd(rb), .events = POLLIN},
		                       {.fd = out_fd, .events = out_pending() > 0 ? POLLOUT : 0}};
		if(poll(pf, out_nonblocking ? 2 : 1, POLL_MS) < 0 && errno != EINTR) {
			say("polling the ring buffers failed: %s", strerror(errno));
			break;
		}
		drain();
		flush_out();
		if(getppid() != parent) {
			break; /* PR_SET_PDEATHSIG covers this too; belt and braces */
		}
		if(opt.commands && !read_commands()) {
			break;
		}
		uint64_t now = clock_ns(CLOCK_MONOTONIC);
		if(now >= next_stats) {
			write_stats();
			next_stats = now + (uint64_t)opt.stats_interval_ms * 1000000ull;
		}
	}

	/* 13. one cleanup path: detach first so nothing new arrives, then flush what is staged */
	uint64_t stop_ts = clock_ns(CLOCK_BOOTTIME) + boot_epoch_ns;
	if(stop_signal) {
		say("%s: detaching", strsignal(stop_signal));
	}
	uint64_t d0 = clock_ns(CLOCK_MONOTONIC);
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
	say("detached in %" PRIu64 " ms", (clock_ns(CLOCK_MONOTONIC) - d0) / 1000000);
	drain_final(stop_ts);
	flush_all();
	write_stats();
	say("wrote %" PRIu64 " events (%" PRIu64 " bytes)", records_written, bytes_written);
	ring_buffer__free(rb);
	sensor__destroy(skel);
	for(int i = 0; i < nposs; i++) {
		if(ring_fds[i] >= 0) {
			close(ring_fds[i]);
		}
	}
	if(out_fd != STDOUT_FILENO) {
		close(out_fd);
	}
	return 0;
}
