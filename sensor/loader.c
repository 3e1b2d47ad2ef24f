// SPDX-License-Identifier: Apache-2.0
/*
 * peregrine-sensor — loads the eBPF sensor and writes what it sees as a scap stream.
 *
 * main() reads top to bottom, one stage after the other, each saying what it did on stderr:
 *   arguments → checks → mode → open → configure → load → attach → scan /proc → poll → one cleanup path.
 *
 * Output (stdout, or --output FILE) is a valid .scap file: SHB, MI, UL, PL, FDL blocks, then EV_V2 event blocks
 * forever. The kernel programs write each event block complete (wire.h), one ring buffer per CPU (rings.c); this
 * program merges the CPUs' records by timestamp (merge.c) and copies them out (output.c). Status lines, stats and
 * stdin commands: control.c. Which syscalls are hooked, and how: attach.c.
 *
 * The process dies with its parent (PR_SET_PDEATHSIG): a stray sensor would keep every syscall on the machine slow.
 */
#define _GNU_SOURCE
#include "attach.h"
#include "clock.h"
#include "control.h"
#include "host.h"
#include "log.h"
#include "merge.h"
#include "options.h"
#include "output.h"
#include "prefilter_load.h"
#include "rings.h"
#include "scan.h"
#include "scap.h"
#include "sensor.skel.h"
#include "sensor_probe.skel.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#define POLL_MS 10

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig) {
	stop_signal = sig;
}

/* Dies with the parent, stops cleanly on signals. False when the parent is already gone. */
static bool follow_parent(pid_t parent) {
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if(getppid() != parent) {
		return false; /* the parent died before the line above took effect */
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return true;
}

/* The loader is the only reader of the rings: when it does not run, the kernel drops. On a busy host it must win the
 * CPU over the workload it watches (bench/live.ts: open storm on 2 busy cores, 10-15% drops at nice 0). It spends its
 * time copying, and sleeps when there is nothing to copy. */
static void raise_priority(int nice) {
	if(setpriority(PRIO_PROCESS, 0, nice) != 0) {
		say("cannot set priority %d: %s", nice, strerror(errno));
	}
}

/* Whether the BTF file holds the string `name` (its string section, where every type and function is named), read in
 * chunks: parsing the whole kernel BTF for one lookup would add ~5 MiB to the loader's peak memory. */
static bool btf_names(const char *path, const char *name) {
	FILE *f = fopen(path, "rb");
	if(!f) {
		return false;
	}
	char want[64];
	int wlen = snprintf(want, sizeof(want), "%c%s%c", 0, name, 0); /* the whole name, NUL to NUL */
	static char buf[65536 + sizeof(want)];
	size_t keep = 0, got;
	bool found = false;
	while(!found && (got = fread(buf + keep, 1, sizeof(buf) - keep, f)) > 0) {
		size_t len = keep + got;
		found = memmem(buf, len, want, (size_t)wlen) != NULL;
		keep = len < (size_t)wlen ? len : (size_t)wlen - 1; /* a match across two chunks */
		memmove(buf, buf + len - keep, keep);
	}
	fclose(f);
	return found;
}

/*
 * Which build of the programs to load (README "Kernel reads"). Direct reads need the bpf_rdonly_cast kfunc, which
 * the kernel resolves through its own BTF: not with a BTF file given for a kernel that has none.
 */
static enum reads choose_reads(const struct options *o) {
	if(o->reads != READS_AUTO) {
		return o->reads;
	}
	if(strcmp(o->btf, KERNEL_BTF_PATH) != 0) {
		return READS_PROBE;
	}
	return btf_names(o->btf, "bpf_rdonly_cast") ? READS_DIRECT : READS_PROBE;
}

/* Both builds have the same maps, programs and variables (the Makefile checks it): one skeleton serves both, with
 * the other object's bytes for probe reads. */
static struct sensor *open_object(const char *btf, enum reads reads) {
	LIBBPF_OPTS(bpf_object_open_opts, open_opts, .btf_custom_path = btf);
	struct sensor *skel = calloc(1, sizeof(*skel));
	if(!skel) {
		die("out of memory");
	}
	int err = sensor__create_skeleton(skel);
	if(!err && reads == READS_PROBE) {
		skel->skeleton->data = (void *)sensor_probe__elf_bytes(&skel->skeleton->data_sz);
	}
	if(!err) {
		err = bpf_object__open_skeleton(skel->skeleton, &open_opts);
	}
	if(err) {
		sensor__destroy(skel);
		die("cannot open the BPF object: %s", strerror(-err));
	}
	return skel;
}

/* Read-only configuration, map sizes and the programs of the mode, before load. Returns the number of CPUs. */
static int configure(struct sensor *skel, const struct options *o, uint64_t boot_epoch_ns) {
	skel->rodata->cfg_boot_epoch_ns = boot_epoch_ns;
	skel->rodata->cfg_self_tgid = (__u32)getpid();
	skel->rodata->cfg_wakeup_bytes = o->wakeup_bytes;
	skel->rodata->cfg_snaplen = o->snaplen;
	return rings_create(skel, o->ring_bytes);
}

/* The verifier runs here. Returns 0 or the error. */
static int load(struct sensor *skel, size_t nprogs, enum mode mode, enum reads reads) {
	uint64_t t0 = clock_ns(CLOCK_MONOTONIC);
	int err = sensor__load(skel);
	if(err) {
		return err;
	}
	say("loaded %zu programs in %" PRIu64 " ms (%s mode, %s reads)", nprogs, (clock_ns(CLOCK_MONOTONIC) - t0) / 1000000,
	    mode == MODE_TRACEPOINT ? "per-syscall tracepoint" : "raw sys_exit",
	    reads == READS_DIRECT ? "direct" : "probe");
	return 0;
}

/* Opens, configures and loads the build `reads` picks; on its own choice, a kernel that refuses the direct build
 * gets the probe build (a kernel with the kfunc but a verifier that rejects what the direct build does with it). */
static struct sensor *open_and_load(const struct options *o, enum mode mode, enum reads reads, uint64_t boot_epoch_ns,
                                    int *ncpus) {
	struct sensor *skel = open_object(o->btf, reads);
	*ncpus = configure(skel, o, boot_epoch_ns);
	size_t nprogs = attach_select_programs(skel, mode);
	int err = load(skel, nprogs, mode, reads);
	if(err && reads == READS_DIRECT && o->reads == READS_AUTO) {
		say("the kernel rejected the direct-read programs (%s): loading the probe-read ones", strerror(-err));
		sensor__destroy(skel);
		rings_discard();
		return open_and_load(o, mode, READS_PROBE, boot_epoch_ns, ncpus);
	}
	if(err) {
		die("the kernel rejected the BPF programs (%s); run with -v for the verifier log%s", strerror(-err),
		    reads == READS_DIRECT ? ", or with --kernel-reads probe" : "");
	}
	return skel;
}

/* Process lifecycle always, then the wanted syscalls. */
static void attach(const struct options *o, int ncpus) {
	attach_lifecycle();
	bool want[attach_nsyscalls()];
	attach_parse_syscalls(o->initial_syscalls, want);
	struct syscall_ack ack;
	attach_apply(want, &ack);
	control_ack_syscalls(&ack);
	say("capturing %zu syscalls on %d CPUs", attach_count_wanted(), ncpus);
}

/* Host state, read after attaching: a process started meanwhile is in the scan or its clone/execve event follows in
 * the stream. The rings are drained between processes so that they do not fill meanwhile. */
static void scan_host(const struct options *o, uint64_t boot_epoch_ns, enum mode mode, int ncpus) {
	struct buf *out = output_buf();
	struct machine_info mi;
	host_machine_info(&mi, boot_epoch_ns);
	scap_write_shb(out);
	scap_write_mi(out, &mi);
	struct scan_opts so = {
	        .host_root = o->host_root,
	        .boot_ts_epoch = boot_epoch_ns,
	        .self_pid = getpid(),
	        .tick = merge_take,
	};
	struct scan_stats st = {0};
	uint64_t t0 = clock_ns(CLOCK_MONOTONIC);
	scan_users(out, &so, &st);
	if(o->scan) {
		int r = scan_processes(out, &so, &st);
		if(r != 0) {
			die("cannot read %s/proc: %s", o->host_root, strerror(-r));
		}
	}
	uint64_t scan_ms = (clock_ns(CLOCK_MONOTONIC) - t0) / 1000000;
	output_flush();
	output_go_nonblocking();
	say("read %u processes, %u threads, %u fds, %u users, %u groups in %" PRIu64 " ms", st.processes, st.threads,
	    st.fds, st.users, st.groups, scan_ms);
	control_status("{\"type\":\"ready\",\"mode\":\"%s\",\"cpus\":%d,\"processes\":%u,\"threads\":%u,\"fds\":%u,"
	               "\"scan_ms\":%" PRIu64 "}",
	               attach_mode_name(mode), ncpus, st.processes, st.threads, st.fds, scan_ms);
}

/* Waits for a forced ring wake-up, for room in the pipe when records wait, or 10 ms; drains every ring, writes. */
static void poll_loop(const struct options *o, struct rings *rb, pid_t parent) {
	uint64_t interval_ns = (uint64_t)o->stats_interval_ms * 1000000ull;
	uint64_t next_stats = clock_ns(CLOCK_MONOTONIC) + interval_ns;
	while(!stop_signal) {
		struct pollfd pf[2] = {{.fd = rings_poll_fd(rb), .events = POLLIN},
		                       {.fd = output_fd(), .events = output_pending() > 0 ? POLLOUT : 0}};
		if(poll(pf, output_nonblocking() ? 2 : 1, POLL_MS) < 0 && errno != EINTR) {
			say("polling the ring buffers failed: %s", strerror(errno));
			break;
		}
		merge_drain();
		output_flush();
		if(getppid() != parent) {
			break; /* PR_SET_PDEATHSIG covers this too; belt and braces */
		}
		if(o->commands && !control_read_commands()) {
			break;
		}
		uint64_t now = clock_ns(CLOCK_MONOTONIC);
		if(now >= next_stats) {
			control_write_stats();
			next_stats = now + interval_ns;
		}
	}
}

/* Detach first so that nothing new arrives, then write what was stamped before the request, then the last stats. */
static void stop(struct sensor *skel, struct rings *rb, uint64_t boot_epoch_ns) {
	uint64_t stop_ts = clock_ns(CLOCK_BOOTTIME) + boot_epoch_ns;
	if(stop_signal) {
		say("%s: detaching", strsignal(stop_signal));
	}
	uint64_t t0 = clock_ns(CLOCK_MONOTONIC);
	attach_detach_all();
	say("detached in %" PRIu64 " ms", (clock_ns(CLOCK_MONOTONIC) - t0) / 1000000);
	merge_drain_final(stop_ts);
	output_flush_all();
	control_write_stats();
	say("wrote %" PRIu64 " events (%" PRIu64 " bytes)", merge_counts()->records_written, output_bytes_written());
	rings_close(rb);
	sensor__destroy(skel);
	output_close();
}

int main(int argc, char **argv) {
	pid_t parent = getppid();

	/* 1. arguments */
	struct options opt;
	options_parse(argc, argv, &opt);
	log_set_verbose(opt.verbose);
	libbpf_set_print(log_libbpf);
	if(opt.list_syscalls) {
		attach_print_syscalls(stdout);
		return 0;
	}
	if(!follow_parent(parent)) {
		return 0;
	}
	control_open_status(opt.stats_fd);
	output_open(opt.output);

	/* 2. checks, each a clear sentence */
	host_check(&opt);
	raise_priority(opt.nice);

	/* 3. how syscalls are hooked: per-syscall tracepoints, or the raw sys_exit dispatcher */
	enum mode mode = attach_choose_mode(opt.mode);

	/* 4-6. open, configure (read-only settings, map sizes, the rings, the mode's programs), load */
	uint64_t boot_epoch_ns = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME);
	int ncpus = 0;
	struct sensor *skel = open_and_load(&opt, mode, choose_reads(&opt), boot_epoch_ns, &ncpus);

	/* then read every ring into the merge */
	merge_init(ncpus, boot_epoch_ns, opt.backlog_bytes);
	struct rings *rb = rings_open(skel, merge_on_record, merge_cpu_context);
	merge_set_rings(rb);
	control_init(skel);
	prefilter_init(skel, boot_epoch_ns);

	/* 7. attach */
	attach(&opt, ncpus);

	/* 8. host state: users, threads, fds */
	scan_host(&opt, boot_epoch_ns, mode, ncpus);

	/* 9. poll until a signal, "quit", the end of stdin or the parent's death */
	poll_loop(&opt, rb, parent);

	/* 10. one cleanup path */
	stop(skel, rb, boot_epoch_ns);
	return 0;
}
