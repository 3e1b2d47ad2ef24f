/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scap.h — writing scap blocks into a growable byte buffer (user space; the kernel programs write
 * their event blocks themselves). Layouts: ../shared/docs/scap-format.md and wire.h.
 */
#ifndef PEREGRINE_SCAP_H
#define PEREGRINE_SCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

/* Appending never fails: on allocation failure the process exits with a message (out of memory
 * in the loader is not something to limp on with). */
void buf_reserve(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *p, size_t n);
void buf_u8(struct buf *b, uint8_t v);
void buf_u16(struct buf *b, uint16_t v);
void buf_u32(struct buf *b, uint32_t v);
void buf_u64(struct buf *b, uint64_t v);
/* A u16 length followed by the bytes (scap's string fields have no NUL on disk). */
void buf_str16(struct buf *b, const char *s, size_t n);
void buf_free(struct buf *b);

/* Opens a block: writes the type and a length placeholder, returns the block's start offset. */
size_t block_begin(struct buf *b, uint32_t type);
/* Closes it: pads to 4 bytes, writes the trailer and fixes the header length. */
void block_end(struct buf *b, size_t start);

/* Entries with their own u32 length prefix (PL V9, FDL V2, UL V2 entries; the length includes
 * itself). */
size_t entry_begin(struct buf *b);
void entry_end(struct buf *b, size_t start);

void scap_write_shb(struct buf *b);

struct machine_info {
	uint32_t num_cpus;
	uint64_t memory_size_bytes;
	uint64_t max_pid;
	char hostname[128];
	uint64_t boot_ts_epoch;
};
void scap_write_mi(struct buf *b, const struct machine_info *mi);

#endif /* PEREGRINE_SCAP_H */
