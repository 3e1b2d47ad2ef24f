/* SPDX-License-Identifier: Apache-2.0 */
/* procfs.h — small helpers the /proc scan (scan.c, scan_fds.c) reads files with. */
#ifndef PEREGRINE_PROCFS_H
#define PEREGRINE_PROCFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PATH_BUF 4352 /* a 4096-byte path plus the /proc/<pid>/task/<tid>/ prefix */

/* Reads up to cap bytes of a /proc file; returns the length, or -1. */
ssize_t read_file(const char *path, char *buf, size_t cap);
/* readlink into a NUL-terminated buffer; returns the length, or -1 (and an empty buf). */
ssize_t read_link(const char *path, char *buf, size_t cap);
/* The value after "Key:" in a /proc status text, or NULL. */
const char *status_field(const char *status, const char *key);
/* The last number of a whitespace-separated list ("NSpid:\t4321\t1" → 1). */
int64_t last_number(const char *p);

#endif /* PEREGRINE_PROCFS_H */
