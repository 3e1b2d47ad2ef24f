/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rings.h — one BPF ring buffer per online CPU. The rings are created here (bpf_map_create) and handed to the
 * `rings` array-of-maps as its inner-map template, because libbpf 1.1 crashes resizing an inner-map template; a CPU
 * hot-plugged after start has no ring (its events are counted as drops_no_ring).
 *
 * The rings are read here too, not with libbpf's ring_buffer: libbpf maps each ring's data area twice, back to
 * back (so that a record wrapping at the end reads as one piece), and the kernel maps every page of both at mmap
 * time, so a ring counted twice in the loader's RSS (2 × 8 MiB per CPU at the default preset). This reader maps the
 * data once and copies the rare wrapping record into a bounce buffer; the kernel's memory is the same.
 */
#ifndef PEREGRINE_RINGS_H
#define PEREGRINE_RINGS_H

#include <stddef.h>

struct sensor;
struct rings;

/* Receives each record, with the context rings_open was given for its CPU. */
typedef void rings_record_fn(void *ctx, const void *data, size_t size);

/* Before load: sizes the per-CPU maps and creates the rings. Returns the number of possible CPUs. */
int rings_create(struct sensor *skel, unsigned ring_bytes);

/* Closes the rings rings_create made, when the object they were made for is not loaded after all. */
void rings_discard(void);

/* After load: puts each ring into the array and maps them all for reading; `on_record` receives each record with
 * ctx_of(cpu) as its context. */
struct rings *rings_open(struct sensor *skel, rings_record_fn *on_record, void *(*ctx_of)(int cpu));

/* A descriptor that polls readable when some ring holds data. */
int rings_poll_fd(const struct rings *r);

/* Hands every committed record of every ring to on_record, in each ring's order, and frees their room. */
void rings_consume(struct rings *r);

void rings_close(struct rings *r);

#endif /* PEREGRINE_RINGS_H */
