// SPDX-License-Identifier: Apache-2.0
/* Status lines, stats and stdin commands; see control.h. */
#include "control.h"
#include "clock.h"
#include "log.h"
#include "merge.h"
#include "output.h"
#include "prefilter_load.h"
#include "sensor.skel.h"
#include "wire.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *status_out;
static struct sensor *skel;

void control_open_status(int fd) {
	if(fd < 0) {
		return;
	}
	status_out = fdopen(fd, "w");
	if(!status_out) {
		die("--stats-fd %d is not an open descriptor (%s)", fd, strerror(errno));
	}
}

void control_status(const char *fmt, ...) {
	if(!status_out) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vfprintf(status_out, fmt, ap);
	va_end(ap);
	fputc('\n', status_out);
	fflush(status_out);
}

void control_ack_syscalls(const struct syscall_ack *ack) {
	control_status("{\"type\":\"syscalls\",\"mode\":\"%s\",\"enabled\":[%s],\"failed\":[%s]}", ack->mode, ack->enabled,
	               ack->failed);
}

void control_init(struct sensor *s) {
	skel = s;
}

void control_write_stats(void) {
	if(!status_out) {
		return;
	}
	int nposs = libbpf_num_possible_cpus();
	struct wire_counters *per = calloc((size_t)nposs, sizeof(*per));
	__u32 zero = 0;
	if(!per || bpf_map_lookup_elem(bpf_map__fd(skel->maps.counters), &zero, per) != 0) {
		free(per);
		return;
	}
	size_t cap = (size_t)nposs * 512 + 1, n = 0;
	char *cpus = malloc(cap);
	if(!cpus) {
		free(per);
		return;
	}
	cpus[0] = 0;
	for(int c = 0; c < nposs && n < cap; c++) {
		struct wire_counters *k = &per[c];
		n += snprintf(cpus + n, cap - n,
		              "%s{\"cpu\":%d,\"events\":%llu,\"drops_ring_full\":%llu,\"drops_too_big\":%llu,"
		              "\"drops_no_scratch\":%llu,\"drops_no_ring\":%llu,\"param_faults\":%llu,"
		              "\"prefilter_dropped\":%llu,\"prefilter_deferred\":%llu,\"prefilter_sent\":%llu}",
		              c ? "," : "", c, k->events, k->drops_ring_full, k->drops_too_big, k->drops_no_scratch,
		              k->drops_no_ring, k->param_faults, k->prefilter_dropped, k->prefilter_deferred,
		              k->prefilter_sent);
	}
	const struct merge_counts *m = merge_counts();
	control_status("{\"type\":\"stats\",\"ts\":%" PRIu64 ",\"records_written\":%" PRIu64 ",\"records_late\":%" PRIu64
	               ",\"records_after_stop\":%" PRIu64 ",\"bytes_written\":%" PRIu64 ",\"backlog_bytes\":%zu"
	               ",\"backlog_full_rounds\":%" PRIu64 ",\"cpus\":[%s]}",
	               clock_ns(CLOCK_REALTIME), m->records_written, m->records_late, m->records_after_stop,
	               output_bytes_written(), output_pending(), m->backlog_full_rounds, cpus);
	free(cpus);
	free(per);
}

/* ---- commands ---- */

/* A prefilter table is one long line (tens of KiB); lines longer than this are not commands. */
#define MAX_COMMAND (4u << 20)
static char *cmdbuf;
static size_t cmdlen, cmdcap;

/* Runs one command line; false for quit. */
static bool run_command(const char *line) {
	if(strncmp(line, "syscalls ", 9) == 0 || strcmp(line, "syscalls") == 0) {
		bool want[attach_nsyscalls()];
		attach_parse_syscalls(line[8] ? line + 9 : "", want);
		struct syscall_ack ack;
		attach_apply(want, &ack);
		control_ack_syscalls(&ack);
	} else if(strncmp(line, "prefilter ", 10) == 0) {
		prefilter_command(line + 10);
	} else if(strcmp(line, "stats") == 0) {
		control_write_stats();
	} else if(strcmp(line, "quit") == 0) {
		return false;
	} else if(line[0]) {
		say("unknown command '%s'", line);
	}
	return true;
}

bool control_read_commands(void) {
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	if(poll(&p, 1, 0) <= 0) {
		return true;
	}
	if(cmdcap - cmdlen < 65536 + 1 && cmdcap < MAX_COMMAND) {
		cmdcap = cmdcap ? cmdcap * 2 : 131072;
		cmdbuf = realloc(cmdbuf, cmdcap);
		if(!cmdbuf) {
			die("out of memory reading commands");
		}
	}
	ssize_t n = read(STDIN_FILENO, cmdbuf + cmdlen, cmdcap - 1 - cmdlen);
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
		if(!run_command(line)) {
			return false;
		}
		line = nl + 1;
	}
	cmdlen = strlen(line);
	memmove(cmdbuf, line, cmdlen + 1);
	if(cmdlen == cmdcap - 1 && cmdcap >= MAX_COMMAND) {
		say("a command line longer than %u bytes: ignored", MAX_COMMAND);
		cmdlen = 0;
	}
	return true;
}
