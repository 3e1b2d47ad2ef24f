/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output.h — the scap stream on stdout (or --output FILE). Bytes wait in a buffer until the reader takes them. A pipe
 * or socket to peregrine is written non-blocking: when the reader falls behind, the loader keeps draining the rings
 * into memory, up to --backlog-bytes, instead of blocking in write() while the rings fill; only past that bound does
 * it stop draining (merge.c), and then the kernel counts the drops. A file is written with ordinary blocking writes.
 */
#ifndef PEREGRINE_OUTPUT_H
#define PEREGRINE_OUTPUT_H

#include "scap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Opens FILE, or gives stdout 1 MiB of room (from a pipe's 64 KiB or a socket's default). Dies on failure. */
void output_open(const char *file);

/* The buffer blocks are appended to. */
struct buf *output_buf(void);

/* After the metadata: a pipe or socket to a reader is never blocked on from here on. */
void output_go_nonblocking(void);
bool output_nonblocking(void);
int output_fd(void);

/* Bytes appended and not yet taken by the reader. */
size_t output_pending(void);
uint64_t output_bytes_written(void);

/* Writes what the reader takes now (everything, when blocking). Exits when the reader is gone. */
void output_flush(void);
/* At exit: everything, blocking. */
void output_flush_all(void);
void output_close(void);

#endif /* PEREGRINE_OUTPUT_H */
