// SPDX-License-Identifier: Apache-2.0
/* /proc file helpers; see procfs.h. */
#include "procfs.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads up to cap bytes of a /proc file; returns the length, or -1. */
ssize_t read_file(const char *path, char *buf, size_t cap) {
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if(fd < 0) {
		return -1;
	}
	size_t len = 0;
	while(len < cap) {
		ssize_t n = read(fd, buf + len, cap - len);
		if(n < 0 && errno == EINTR) {
			continue;
		}
		if(n <= 0) {
			break;
		}
		len += (size_t)n;
	}
	close(fd);
	return (ssize_t)len;
}

ssize_t read_link(const char *path, char *buf, size_t cap) {
	ssize_t n = readlink(path, buf, cap - 1);
	if(n < 0) {
		buf[0] = 0;
		return -1;
	}
	buf[n] = 0;
	return n;
}

/* The value after "Key:" in a /proc status text, or NULL. */
const char *status_field(const char *status, const char *key) {
	size_t k = strlen(key);
	for(const char *p = status; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if(strncmp(p, key, k) == 0 && p[k] == ':') {
			return p + k + 1;
		}
	}
	return NULL;
}

/* The last number of a whitespace-separated list ("NSpid:\t4321\t1" → 1). */
int64_t last_number(const char *p) {
	int64_t v = -1;
	while(p && *p && *p != '\n') {
		while(*p == ' ' || *p == '\t') {
			p++;
		}
		if(!isdigit((unsigned char)*p)) {
			break;
		}
		v = strtoll(p, (char **)&p, 10);
	}
	return v;
}
