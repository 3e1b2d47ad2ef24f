/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The event builder: assembles one scap EV_V2 block (layout drawn in ../wire.h) in this CPU's
 * scratch space, parameter by parameter, then copies it into this CPU's ring buffer.
 *
 *   event__begin(&e, PPME_X, nparams)   reserve the header and the length array
 *   event__u32(&e, v) ...               one call per parameter, in table order
 *   event__submit(&e)                   finish header, padding, trailer; copy to the ring
 *
 * Layer: event (maps + bpf helpers). Every failure is counted in `counters` by reason; a parameter
 * that cannot be read from user memory is sent empty (length 0) and counted as a param fault.
 *
 * Offsets are masked with OFF_MASK before every access: the scratch value is 2 * WIRE_MAX_BLOCK
 * bytes, offsets stay below WIRE_MAX_BLOCK and no single write exceeds WIRE_MAX_BLOCK, which is what
 * lets the verifier prove each access in bounds without per-parameter checks.
 */
#ifndef SENSOR_EVENT_H
#define SENSOR_EVENT_H

#include "maps.h"
#include "prefilter.h"
#include "ring.h"
#include <bpf/bpf_core_read.h>

#define OFF_MASK (WIRE_MAX_BLOCK - 1)
/* The last KiB of the scratch value holds small temporary arrays (path component pointers) that do
 * not fit on the 512-byte BPF stack. Parameter writes end below WIRE_MAX_BLOCK + WIRE_MAX_PATH + 256,
 * far from it. */
#define SCRATCH_TMP_OFFSET (2 * WIRE_MAX_BLOCK - 1024)

struct event {
	__u8 *buf;  /* this CPU's scratch block */
	__u32 pos;  /* where the next parameter's bytes go */
	__u32 lens; /* where the next parameter's u16 length goes */
	__u32 cpu;
	__u32 nparams;
	__u16 type;
	__u64 ts;
};

static __always_inline struct wire_counters *event__counters(void) {
	return ring__counters();
}

/* The loader never traces itself: its /proc scan alone would flood the rings. */
static __always_inline bool event__is_self(void) {
	return (bpf_get_current_pid_tgid() >> 32) == cfg_self_tgid;
}

static __always_inline bool event__begin(struct event *e, __u16 type, __u32 nparams) {
	e->ts = bpf_ktime_get_boot_ns() + cfg_boot_epoch_ns;
	e->cpu = bpf_get_smp_processor_id();
	e->buf = bpf_map_lookup_elem(&scratch, &e->cpu);
	if(!e->buf) {
		struct wire_counters *c = event__counters();
		if(c) {
			c->events++;
			c->drops_no_scratch++;
		}
		return false;
	}
	e->type = type;
	e->nparams = nparams;
	e->lens = WIRE_LENS_OFFSET;
	e->pos = WIRE_LENS_OFFSET + 2 * nparams;
	return true;
}

static __always_inline void event__len(struct event *e, __u16 len) {
	*(__u16 *)&e->buf[e->lens & OFF_MASK] = len;
	e->lens += 2;
}

static __always_inline void event__fault(void) {
	struct wire_counters *c = event__counters();
	if(c) {
		c->param_faults++;
	}
}

/* ---- fixed-size parameters ---- */

static __always_inline void event__u8(struct event *e, __u8 v) {
	e->buf[e->pos & OFF_MASK] = v;
	e->pos += 1;
	event__len(e, 1);
}

static __always_inline void event__u16(struct event *e, __u16 v) {
	*(__u16 *)&e->buf[e->pos & OFF_MASK] = v;
	e->pos += 2;
	event__len(e, 2);
}

static __always_inline void event__u32(struct event *e, __u32 v) {
	*(__u32 *)&e->buf[e->pos & OFF_MASK] = v;
	e->pos += 4;
	event__len(e, 4);
}

static __always_inline void event__u64(struct event *e, __u64 v) {
	*(__u64 *)&e->buf[e->pos & OFF_MASK] = v;
	e->pos += 8;
	event__len(e, 8);
}

#define event__s64(e, v) event__u64(e, (__u64)(__s64)(v))
#define event__s32(e, v) event__u32(e, (__u32)(__s32)(v))

/* An absent or empty parameter: length 0. */
static __always_inline void event__empty(struct event *e) {
	event__len(e, 0);
}

/* ---- variable-size parameters ---- */

/* A NUL-terminated string from user memory, at most `max` bytes including the NUL. NULL → empty. */
static __always_inline void event__str_user(struct event *e, const void *ptr, __u32 max) {
	if(!ptr) {
		event__empty(e);
		return;
	}
	long n = bpf_probe_read_user_str(&e->buf[e->pos & OFF_MASK], max & OFF_MASK, ptr);
	if(n <= 0) {
		event__fault();
		n = 0;
	}
	e->pos += n;
	event__len(e, n);
}

/* A NUL-terminated string from kernel memory. */
static __always_inline void event__str_kernel(struct event *e, const void *ptr, __u32 max) {
	if(!ptr) {
		event__empty(e);
		return;
	}
	long n = bpf_probe_read_kernel_str(&e->buf[e->pos & OFF_MASK], max & OFF_MASK, ptr);
	if(n <= 0) {
		n = 0;
	}
	e->pos += n;
	event__len(e, n);
}

/* `len` raw bytes from user memory, cut to `max` (a power of two). */
static __always_inline __u32 event__copy_user(struct event *e, const void *ptr, __u32 len, __u32 max) {
	if(!ptr || len == 0) {
		return 0;
	}
	if(len > max) {
		len = max;
	}
	/* The mask restates, after a compiler barrier, a bound the verifier can see: clang otherwise
	 * folds the clamp above into a form the verifier reads as possibly negative. */
	barrier_var(len);
	len &= OFF_MASK;
	if(bpf_probe_read_user(&e->buf[e->pos & OFF_MASK], len, ptr) != 0) {
		event__fault();
		return 0;
	}
	e->pos += len;
	return len;
}

static __always_inline void event__bytes_user(struct event *e, const void *ptr, __u32 len, __u32 max) {
	event__len(e, event__copy_user(e, ptr, len, max));
}

/* Raw bytes from kernel memory (used by the socket-address writers). */
static __always_inline __u32 event__copy_kernel(struct event *e, const void *ptr, __u32 len) {
	len &= 0xff;
	if(bpf_probe_read_kernel(&e->buf[e->pos & OFF_MASK], len, ptr) != 0) {
		return 0;
	}
	e->pos += len;
	return len;
}

/* Direct stores used while composing a multi-part parameter (sockaddr, socktuple, DYN). */
static __always_inline void event__put_u8(struct event *e, __u8 v) {
	e->buf[e->pos & OFF_MASK] = v;
	e->pos += 1;
}
static __always_inline void event__put_u16(struct event *e, __u16 v) {
	*(__u16 *)&e->buf[e->pos & OFF_MASK] = v;
	e->pos += 2;
}
static __always_inline void event__put_u32(struct event *e, __u32 v) {
	*(__u32 *)&e->buf[e->pos & OFF_MASK] = v;
	e->pos += 4;
}
static __always_inline void event__put_u64(struct event *e, __u64 v) {
	*(__u64 *)&e->buf[e->pos & OFF_MASK] = v;
	e->pos += 8;
}

/* ---- finishing ---- */

/* Writes the block header, padding and trailer. Returns the block's length, or 0 when it is too big. */
static __always_inline __u32 event__finish(struct event *e, __u64 tid) {
	__u32 end = e->pos;
	__u32 total = ((end + 3) & ~3u) + WIRE_TRAILER_SIZE;
	if(end > WIRE_MAX_BLOCK || total > WIRE_MAX_BLOCK) {
		return 0;
	}
	__u8 *b = e->buf;
	*(__u32 *)&b[end & OFF_MASK] = 0; /* padding bytes are zero */
	*(__u32 *)&b[(total - WIRE_TRAILER_SIZE) & OFF_MASK] = total;
	*(__u32 *)&b[0] = WIRE_BLOCK_EV_V2;
	*(__u32 *)&b[4] = total;
	*(__u16 *)&b[8] = (__u16)e->cpu;
	struct wire_evt_hdr *h = (struct wire_evt_hdr *)&b[WIRE_EVT_OFFSET];
	h->ts = e->ts;
	h->tid = tid;
	h->len = end - WIRE_EVT_OFFSET;
	h->type = e->type;
	h->nparams = e->nparams;
	return total;
}

/*
 * Finishes the block and copies it into this CPU's ring (ring.h), after the open its process may have waiting in
 * the prefilter's slot (prefilter.h): Peregrine must see that open before anything of the process that could read
 * it. Returns whether the event was written.
 */
static __always_inline bool event__submit(struct event *e, __u64 tid) {
	struct wire_counters *c = event__counters();
	if(!c) {
		return false;
	}
	c->events++;
	__u32 total = event__finish(e, tid);
	if(total == 0) {
		c->drops_too_big++;
		return false;
	}
	prefilter__flush();
	return ring__output(c, e->buf, total);
}

/* The thread id of the current task, as seen from the initial pid namespace. */
static __always_inline __u64 event__current_tid(void) {
	return (__u32)bpf_get_current_pid_tgid();
}

#endif /* SENSOR_EVENT_H */
