/* SPDX-License-Identifier: Apache-2.0 */
/*
 * attach.h — how the kernel programs meet the syscalls: the table of syscalls the sensor has programs for, tracefs,
 * the choice between per-syscall tracepoints and the raw sys_exit dispatcher, attaching what is wanted and
 * detaching everything at the end.
 */
#ifndef PEREGRINE_ATTACH_H
#define PEREGRINE_ATTACH_H

#include "options.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sensor;

/* What a change of the wanted set achieved, as the JSON fragments of a {"type":"syscalls"} status line. */
struct syscall_ack {
	const char *mode; /* "tracepoint" or "raw" */
	char enabled[8192];
	char failed[8192];
};

/* Prints the supported syscalls as a JSON array. */
void attach_print_syscalls(FILE *f);

/* Per-syscall tracepoints when tracefs has them (mounting it when absent), else the raw dispatcher; dies when the
 * user asked for tracepoints that are unavailable. */
enum mode attach_choose_mode(enum mode requested);
const char *attach_mode_name(enum mode mode);

/* Before load: loads only the active mode's programs and binds each syscall to its program. Returns how many
 * programs will be loaded. */
size_t attach_select_programs(struct sensor *skel, enum mode mode);

/* After load: the process lifecycle tracepoints (always) and, in raw mode, the dispatcher. */
void attach_lifecycle(void);

/* "N,N,..." (x86_64 numbers) into want[], indexed like the table; NULL means every supported syscall. */
size_t attach_nsyscalls(void);
void attach_parse_syscalls(const char *list, bool *want);

/* Attaches what became wanted and detaches what no longer is. */
void attach_apply(const bool *want, struct syscall_ack *ack);
size_t attach_count_wanted(void);

/* Detaches every program: per-syscall links from several threads (each waits for an RCU grace period), then the
 * skeleton's own links. */
void attach_detach_all(void);

#endif /* PEREGRINE_ATTACH_H */
