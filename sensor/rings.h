/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rings.h — one BPF ring buffer per online CPU. The rings are created here (bpf_map_create) and handed to the
 * `rings` array-of-maps as its inner-map template, because libbpf 1.1 crashes resizing an inner-map template; a CPU
 * hot-plugged after start has no ring (its events are counted as drops_no_ring).
 */
#ifndef PEREGRINE_RINGS_H
#define PEREGRINE_RINGS_H

#include <bpf/libbpf.h>

struct sensor;

/* Before load: sizes the per-CPU maps and creates the rings. Returns the number of possible CPUs. */
int rings_create(struct sensor *skel, unsigned ring_bytes);

/* After load: puts each ring into the array and opens them all for reading; `on_record` receives each record with
 * ctx_of(cpu) as its context. */
struct ring_buffer *rings_open(struct sensor *skel, ring_buffer_sample_fn on_record, void *(*ctx_of)(int cpu));

void rings_close(struct ring_buffer *rb);

#endif /* PEREGRINE_RINGS_H */
