/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan.h — host state at startup, read from /proc and /etc (below an optional host-root prefix such as
 * "/host" when the sensor runs in a container), written as scap metadata blocks:
 *   UL  users and groups (etc/passwd, etc/group)
 *   PL  one entry per thread (PL V9)
 *   FDL the open descriptors of each process (FDL V2), sockets resolved through the /proc/<pid>/net tables
 *
 * The loader runs this AFTER the kernel programs are attached, so every process is either in the
 * scan or announced by a clone/execve event that follows it in the stream.
 */
#ifndef PEREGRINE_SCAN_H
#define PEREGRINE_SCAN_H

#include "scap.h"

struct scan_stats {
	uint32_t processes;
	uint32_t threads;
	uint32_t fds;
	uint32_t users;
	uint32_t groups;
	uint32_t skipped; /* vanished during the scan, or kernel threads */
};

struct scan_opts {
	const char *host_root;   /* "" or a prefix such as "/host" */
	uint64_t boot_ts_epoch;  /* to turn /proc start times into epoch ns */
	int self_pid;            /* the loader: left out, as the kernel side leaves it out */
	void (*tick)(void *arg); /* called between processes: the loader drains its rings here */
	void *tick_arg;
};

/* Appends one UL V2 block. Missing files give an empty list, not an error. */
void scan_users(struct buf *out, const struct scan_opts *o, struct scan_stats *st);

/* Appends one PL V9 block with every thread, then one FDL V2 block per process that has fds.
 * Returns 0, or -errno when <host_root>/proc cannot be read at all. */
int scan_processes(struct buf *out, const struct scan_opts *o, struct scan_stats *st);

#endif /* PEREGRINE_SCAN_H */
