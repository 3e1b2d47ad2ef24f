// SPDX-License-Identifier: Apache-2.0
/* scap block writing primitives; see scap.h. */
#include "scap.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_reserve(struct buf *b, size_t extra) {
	if(b->len + extra <= b->cap) {
		return;
	}
	size_t cap = b->cap ? b->cap : 65536;
	while(cap < b->len + extra) {
		cap *= 2;
	}
	uint8_t *p = realloc(b->data, cap);
	if(!p) {
		fprintf(stderr, "peregrine-sensor: out of memory (asked for %zu bytes)\n", cap);
		exit(1);
	}
	b->data = p;
	b->cap = cap;
}

void buf_put(struct buf *b, const void *p, size_t n) {
	buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void buf_u8(struct buf *b, uint8_t v) {
	buf_put(b, &v, 1);
}
void buf_u16(struct buf *b, uint16_t v) {
	buf_put(b, &v, 2);
}
void buf_u32(struct buf *b, uint32_t v) {
	buf_put(b, &v, 4);
}
void buf_u64(struct buf *b, uint64_t v) {
	buf_put(b, &v, 8);
}

void buf_str16(struct buf *b, const char *s, size_t n) {
	if(n > UINT16_MAX) {
		n = UINT16_MAX;
	}
	buf_u16(b, (uint16_t)n);
	buf_put(b, s, n);
}

void buf_free(struct buf *b) {
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

size_t block_begin(struct buf *b, uint32_t type) {
	size_t start = b->len;
	buf_u32(b, type);
	buf_u32(b, 0);
	return start;
}

void block_end(struct buf *b, size_t start) {
	static const uint8_t zeros[4];
	size_t body = b->len - start;
	size_t pad = (4 - body % 4) % 4;
	buf_put(b, zeros, pad);
	uint32_t total = (uint32_t)(b->len - start + WIRE_TRAILER_SIZE);
	buf_u32(b, total);
	memcpy(b->data + start + 4, &total, 4);
}

size_t entry_begin(struct buf *b) {
	size_t start = b->len;
	buf_u32(b, 0);
	return start;
}

void entry_end(struct buf *b, size_t start) {
	uint32_t len = (uint32_t)(b->len - start);
	memcpy(b->data + start, &len, 4);
}

void scap_write_shb(struct buf *b) {
	size_t s = block_begin(b, WIRE_BLOCK_SHB);
	buf_u32(b, WIRE_SHB_MAGIC);
	buf_u16(b, 1);          /* major */
	buf_u16(b, 0);          /* minor */
	buf_u64(b, UINT64_MAX); /* section length: unknown (a stream) */
	block_end(b, s);
}

void scap_write_mi(struct buf *b, const struct machine_info *mi) {
	size_t s = block_begin(b, WIRE_BLOCK_MI);
	buf_u32(b, mi->num_cpus);
	buf_u64(b, mi->memory_size_bytes);
	buf_u64(b, mi->max_pid);
	buf_put(b, mi->hostname, sizeof(mi->hostname));
	buf_u64(b, mi->boot_ts_epoch);
	buf_u64(b, 0); /* flags */
	buf_u64(b, 0); /* reserved3 */
	buf_u64(b, 0); /* reserved4 */
	block_end(b, s);
}
