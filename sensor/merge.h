/* SPDX-License-Identifier: Apache-2.0 */
/*
 * merge.h — the CPUs' records merged by timestamp. The loader drains every ring into per-CPU staging, then writes, in
 * timestamp order across CPUs, what is older than the drain's start minus a margin: a record is stamped when its
 * block is submitted, so once all rings are drained nothing older can still arrive, and a thread that migrates
 * between CPUs never has its events reordered.
 */
#ifndef PEREGRINE_MERGE_H
#define PEREGRINE_MERGE_H

#include "rings.h"

#include <stddef.h>
#include <stdint.h>

struct merge_counts {
	uint64_t records_written;
	uint64_t records_late;        /* written after a newer record (committed out of timestamp order) */
	uint64_t records_after_stop;  /* stamped after the stop request: counted, not written */
	uint64_t backlog_full_rounds; /* drain rounds skipped because the reader's backlog was full */
};

void merge_init(int ncpus, uint64_t boot_epoch_ns, uint64_t backlog_limit);

/* The rings' record callback and the context to give it for each CPU (rings_open). */
void merge_on_record(void *ctx, const void *data, size_t size);
void *merge_cpu_context(int cpu);

void merge_set_rings(struct rings *rs);

/* Drains every ring and writes what is safe to write (see above); does nothing while the backlog is full. */
void merge_drain(void);
/* Only takes records out of the rings (between processes of the /proc scan: keeps them from filling up). */
void merge_take(void *unused);
/* At shutdown: everything stamped before the stop request, nothing after (counted as records_after_stop). */
void merge_drain_final(uint64_t stop_ts);

const struct merge_counts *merge_counts(void);

#endif /* PEREGRINE_MERGE_H */
