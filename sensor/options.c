// SPDX-License-Identifier: Apache-2.0
/* The loader's command line; see options.h. */
#include "options.h"
#include "log.h"
#include "wire.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_RING_BYTES (8u << 20)
#define DEFAULT_BACKLOG_BYTES (256ull << 20)

static void usage(FILE *f) {
	fprintf(f, "usage: peregrine-sensor [options]\n"
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
	           "  --kernel-reads HOW     auto, direct (BTF loads; Linux 6.2+) or probe (bpf_probe_read_kernel)\n"
	           "  --btf PATH             kernel BTF (default /sys/kernel/btf/vmlinux)\n"
	           "  --no-scan              skip the /proc scan (no thread or fd tables in the capture)\n"
	           "  --list-syscalls        print the supported syscalls as JSON and exit\n"
	           "  -v                     verbose (libbpf debug output)\n"
	           "environment: HOST_ROOT=/host reads /proc and /etc below that prefix (sensor in a container)\n");
}

static enum mode parse_mode(const char *s) {
	if(strcmp(s, "auto") == 0) {
		return MODE_AUTO;
	}
	if(strcmp(s, "tracepoint") == 0) {
		return MODE_TRACEPOINT;
	}
	if(strcmp(s, "raw") == 0) {
		return MODE_RAW;
	}
	die("--mode must be auto, tracepoint or raw, not '%s'", s);
}

static enum reads parse_reads(const char *s) {
	if(strcmp(s, "auto") == 0) {
		return READS_AUTO;
	}
	if(strcmp(s, "direct") == 0) {
		return READS_DIRECT;
	}
	if(strcmp(s, "probe") == 0) {
		return READS_PROBE;
	}
	die("--kernel-reads must be auto, direct or probe, not '%s'", s);
}

void options_parse(int argc, char **argv, struct options *o) {
	*o = (struct options){
	        .btf = KERNEL_BTF_PATH,
	        .host_root = "",
	        .mode = MODE_AUTO,
	        .stats_fd = -1,
	        .stats_interval_ms = 1000,
	        .ring_bytes = DEFAULT_RING_BYTES,
	        .snaplen = WIRE_DEFAULT_SNAPLEN,
	        .backlog_bytes = DEFAULT_BACKLOG_BYTES,
	        .nice = -10,
	        .scan = true,
	};
	enum {
		O_SYSCALLS = 256,
		O_OUTPUT,
		O_STATS_FD,
		O_STATS_INTERVAL,
		O_COMMANDS,
		O_RING,
		O_WAKEUP,
		O_SNAPLEN,
		O_MODE,
		O_BTF,
		O_NO_SCAN,
		O_LIST,
		O_KREL,
		O_NICE,
		O_BACKLOG,
		O_READS,
		O_HELP
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
	        {"kernel-reads", required_argument, NULL, O_READS},
	        {"help", no_argument, NULL, O_HELP},
	        {0},
	};
	int c;
	while((c = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
		switch(c) {
		case O_SYSCALLS: o->initial_syscalls = optarg; break;
		case O_OUTPUT: o->output = optarg; break;
		case O_STATS_FD: o->stats_fd = atoi(optarg); break;
		case O_STATS_INTERVAL: o->stats_interval_ms = (unsigned)atoi(optarg); break;
		case O_COMMANDS: o->commands = true; break;
		case O_RING: o->ring_bytes = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_WAKEUP: o->wakeup_bytes = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_SNAPLEN: o->snaplen = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_MODE: o->mode = parse_mode(optarg); break;
		case O_BTF: o->btf = optarg; break;
		case O_NO_SCAN: o->scan = false; break;
		case O_LIST: o->list_syscalls = true; break;
		case O_KREL: o->kernel_release = optarg; break;
		case O_NICE: o->nice = atoi(optarg); break;
		case O_BACKLOG: o->backlog_bytes = strtoull(optarg, NULL, 0); break;
		case O_READS: o->reads = parse_reads(optarg); break;
		case 'v': o->verbose = true; break;
		case O_HELP: usage(stdout); exit(0);
		default: usage(stderr); exit(1);
		}
	}
	if(optind < argc) {
		die("unexpected argument '%s' (see --help)", argv[optind]);
	}
	const char *hr = getenv("HOST_ROOT");
	if(hr && *hr) {
		o->host_root = hr;
	}
	if(o->ring_bytes < 4096 || (o->ring_bytes & (o->ring_bytes - 1)) != 0) {
		die("--ring-bytes must be a power of two of at least 4096, not %u", o->ring_bytes);
	}
	if(o->wakeup_bytes == 0) {
		o->wakeup_bytes = o->ring_bytes / 8;
	}
	if(o->snaplen > WIRE_MAX_SNAPLEN) {
		die("--snaplen is at most %u", WIRE_MAX_SNAPLEN);
	}
}
