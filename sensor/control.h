/* SPDX-License-Identifier: Apache-2.0 */
/*
 * control.h — the loader's side channels. Status (--stats-fd N): one JSON object per line — {"type":"ready"},
 * {"type":"stats"} with per-CPU loss counters by reason, {"type":"syscalls"} acknowledging a change of the wanted
 * set, {"type":"prefilter"} acknowledging new prefilter tables. Commands (--commands, on stdin, one per line):
 * "syscalls N,N,...", "prefilter BASE64" or "prefilter off" (prefilter_load.c), "stats", "quit". End of stdin means the
 * parent is gone.
 */
#ifndef PEREGRINE_CONTROL_H
#define PEREGRINE_CONTROL_H

#include "attach.h"

#include <stdbool.h>

struct sensor;

/* Status lines go to descriptor fd (-1: nowhere). Dies when fd is not open. */
void control_open_status(int fd);
void control_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void control_ack_syscalls(const struct syscall_ack *ack);

void control_init(struct sensor *skel);
/* {"type":"stats"}: the kernel's per-CPU counters and the merge's and output's. */
void control_write_stats(void);

/* Reads and runs the commands waiting on stdin. Returns false when the loader should stop (quit, end of stdin). */
bool control_read_commands(void);

#endif /* PEREGRINE_CONTROL_H */
