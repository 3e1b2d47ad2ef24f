// SPDX-License-Identifier: Apache-2.0
/* Per-CPU staging and the timestamp merge; see merge.h. */
#include "merge.h"
#include "clock.h"
#include "log.h"
#include "output.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

/* Records whose timestamp is this close to "now" wait for the next round: another CPU may still commit an older
 * one. */
#define REORDER_MARGIN_NS 2000000ull
#define OUT_FLUSH_BYTES (1u << 20)

struct staging {
	uint8_t *data;
	size_t head; /* first unread byte */
	size_t len;  /* bytes held */
	size_t cap;
};

static struct staging *stage;
static int ncpus;
static struct rings *rings;
static uint64_t boot_epoch_ns;
static uint64_t backlog_limit;
static uint64_t last_emitted_ts;
static struct merge_counts counts;

void merge_init(int n, uint64_t epoch_ns, uint64_t limit) {
	ncpus = n;
	boot_epoch_ns = epoch_ns;
	backlog_limit = limit;
	stage = calloc((size_t)n, sizeof(*stage));
	if(!stage) {
		die("out of memory");
	}
}

void *merge_cpu_context(int cpu) {
	return &stage[cpu];
}

void merge_set_rings(struct rings *rs) {
	rings = rs;
}

const struct merge_counts *merge_counts(void) {
	return &counts;
}

void merge_on_record(void *ctx, const void *data, size_t size) {
	struct staging *s = ctx;
	if(s->len + size > s->cap) {
		if(s->head > 0) {
			memmove(s->data, s->data + s->head, s->len - s->head);
			s->len -= s->head;
			s->head = 0;
		}
		while(s->len + size > s->cap) {
			s->cap = s->cap ? s->cap * 2 : 1 << 20;
		}
		s->data = realloc(s->data, s->cap);
		if(!s->data) {
			die("out of memory staging events");
		}
	}
	memcpy(s->data + s->len, data, size);
	s->len += size;
}

static uint64_t record_ts(const uint8_t *block) {
	uint64_t ts;
	memcpy(&ts, block + WIRE_EVT_OFFSET, sizeof(ts));
	return ts;
}

static uint32_t record_len(const uint8_t *block) {
	uint32_t len;
	memcpy(&len, block + 4, sizeof(len));
	return len;
}

/* Writes, in timestamp order across CPUs, every staged record stamped at or before `watermark`. */
static void emit_until(uint64_t watermark) {
	struct buf *out = output_buf();
	for(;;) {
		int best = -1;
		uint64_t best_ts = UINT64_MAX;
		for(int c = 0; c < ncpus; c++) {
			struct staging *s = &stage[c];
			if(s->head < s->len) {
				uint64_t ts = record_ts(s->data + s->head);
				if(ts <= watermark && ts < best_ts) {
					best = c;
					best_ts = ts;
				}
			}
		}
		if(best < 0) {
			break;
		}
		struct staging *s = &stage[best];
		uint32_t len = record_len(s->data + s->head);
		buf_put(out, s->data + s->head, len);
		s->head += len;
		if(s->head == s->len) {
			s->head = s->len = 0;
		}
		if(best_ts < last_emitted_ts) {
			counts.records_late++; /* committed after a newer record was already written */
		} else {
			last_emitted_ts = best_ts;
		}
		counts.records_written++;
		if(!output_nonblocking() && out->len >= OUT_FLUSH_BYTES) {
			output_flush();
		}
	}
}

void merge_take(void *unused) {
	(void)unused;
	if(rings) {
		rings_consume(rings);
	}
}

void merge_drain(void) {
	if(output_pending() > backlog_limit) {
		counts.backlog_full_rounds++; /* the reader is far behind: leave the records in the rings */
		return;
	}
	uint64_t start = clock_ns(CLOCK_BOOTTIME) + boot_epoch_ns;
	merge_take(NULL);
	emit_until(start - REORDER_MARGIN_NS);
}

void merge_drain_final(uint64_t stop_ts) {
	merge_take(NULL);
	emit_until(stop_ts);
	for(int c = 0; c < ncpus; c++) {
		struct staging *s = &stage[c];
		while(s->head < s->len) {
			s->head += record_len(s->data + s->head);
			counts.records_after_stop++;
		}
		s->head = s->len = 0;
	}
}
