/* SPDX-License-Identifier: Apache-2.0 */
/* options.h — the loader's command line (see usage in options.c and sensor/README.md). */
#ifndef PEREGRINE_OPTIONS_H
#define PEREGRINE_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

/* How syscalls are hooked: per-syscall tracepoints, or one raw sys_exit program (attach.h). */
enum mode { MODE_AUTO, MODE_TRACEPOINT, MODE_RAW };

/* The running kernel's own BTF: --btf's default, and the only BTF through which the kernel resolves kfuncs. */
#define KERNEL_BTF_PATH "/sys/kernel/btf/vmlinux"

/* Which build of the programs reads kernel memory (README "Kernel reads"): direct loads of BTF-typed pointers (Linux
 * 6.2+), or bpf_probe_read_kernel calls (any supported kernel); auto picks direct when the kernel can. */
enum reads { READS_AUTO, READS_DIRECT, READS_PROBE };

struct options {
	const char *output;           /* NULL: stdout */
	const char *btf;              /* kernel BTF */
	const char *host_root;        /* "" or HOST_ROOT, the prefix of /proc and /etc */
	const char *kernel_release;   /* overrides uname -r for the version check (tests) */
	const char *initial_syscalls; /* NULL: every supported syscall */
	enum mode mode;
	enum reads reads;
	int stats_fd; /* -1: no status lines */
	unsigned stats_interval_ms;
	unsigned ring_bytes;
	unsigned wakeup_bytes;
	unsigned snaplen;
	uint64_t backlog_bytes;
	int nice;
	bool commands;
	bool scan;
	bool verbose;
	bool list_syscalls;
};

/* Fills `o` from argv and the environment. Bad input is one sentence and exit 1; --help prints and exits 0. */
void options_parse(int argc, char **argv, struct options *o);

#endif /* PEREGRINE_OPTIONS_H */
