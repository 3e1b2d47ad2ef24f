/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.h — the loader's voice on stderr: one line per stage, prefixed "peregrine-sensor: ". A start-up failure
 * is one sentence and exit 1 (die); Peregrine shows the last line to the user as the reason.
 */
#ifndef PEREGRINE_LOG_H
#define PEREGRINE_LOG_H

#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdbool.h>

void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* libbpf's print callback: warnings always, debug output only when verbose (-v). */
void log_set_verbose(bool verbose);
int log_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap);

#endif /* PEREGRINE_LOG_H */
