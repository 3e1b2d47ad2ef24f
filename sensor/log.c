// SPDX-License-Identifier: Apache-2.0
/* The loader's stderr lines; see log.h. */
#include "log.h"

#include <stdio.h>
#include <stdlib.h>

static bool verbose;

static void vsay(const char *fmt, va_list ap) {
	fprintf(stderr, "peregrine-sensor: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void say(const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

void die(const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	exit(1);
}

void log_set_verbose(bool v) {
	verbose = v;
}

int log_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap) {
	if(level == LIBBPF_DEBUG && !verbose) {
		return 0;
	}
	fprintf(stderr, "peregrine-sensor: libbpf: ");
	return vfprintf(stderr, fmt, ap);
}
