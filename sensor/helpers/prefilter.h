/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The prefilter in the kernel (tables: ../prefilter.h; why it is safe: ../README.md "The prefilter").
 *
 * For an open-family exit event, prefilter__open() answers from the tables Peregrine compiled from its rules whether
 * some rule may match it. When none can:
 *   - a failed open is dropped: it changes nothing in Peregrine's state;
 *   - a successful one creates a descriptor the state tracks and later events may read. It waits in its process's
 *     slot (prefilter__defer) instead of going to the ring. If the process's next event is the close of that
 *     descriptor, both are dropped (prefilter__close): the state would have added and removed the descriptor with
 *     nothing in between to see it. Any other event of the process first sends the waiting open
 *     (prefilter__flush, from event__submit), with its own timestamp, so the state has it before anything reads it.
 *
 * Layer: prefilter (maps, ring) → used by the event builder (event.h) and the open/close/process programs.
 */
#ifndef SENSOR_PREFILTER_H
#define SENSOR_PREFILTER_H

#include "ring.h"
#include <bpf/bpf_core_read.h>

enum pf_verdict { PF_SEND, PF_DROP, PF_DEFER };

/* The group leader of the current task: the process's slot lives in its task storage. */
static __always_inline struct task_struct *pf__leader(void) {
	return bpf_get_current_task_btf()->group_leader;
}

/* The current process's slot (created when `create`), with its fresh bits reset when they are from an older epoch. */
static __always_inline struct pf_proc *pf__proc(struct task_struct *leader, bool create) {
	struct pf_proc *p = bpf_task_storage_get(&pf_procs, leader, 0, create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
	if(p && p->epoch != pf_epoch) {
		p->fresh[0] = p->fresh[1] = p->fresh[2] = p->fresh[3] = 0;
		p->epoch = pf_epoch;
	}
	return p;
}

/* Sends the open waiting in slot p, if any. */
static __always_inline void pf__flush_slot(struct pf_proc *p) {
	if(p->state != PF_SLOT_PENDING ||
	   __sync_val_compare_and_swap(&p->state, PF_SLOT_PENDING, PF_SLOT_TAKING) != PF_SLOT_PENDING) {
		return;
	}
	struct wire_counters *c = ring__counters();
	__u32 len = p->len;
	barrier_var(len);
	len &= PF_SLOT_BYTES - 1; /* prefilter__defer keeps blocks shorter than the slot */
	if(c && len >= WIRE_LENS_OFFSET) {
		c->events++;
		c->prefilter_sent++;
		ring__output(c, p->block, len);
	}
	__sync_val_compare_and_swap(&p->state, PF_SLOT_TAKING, PF_SLOT_EMPTY);
}

/* Before any event of the current process goes to the ring: the open waiting in its slot goes first. */
static __always_inline void prefilter__flush(void) {
	struct pf_proc *p = bpf_task_storage_get(&pf_procs, pf__leader(), 0, 0);
	if(p) {
		pf__flush_slot(p);
	}
}

/* A clone's child, before its first event: its parent's waiting open goes first, since Peregrine copies the parent's
 * descriptors into the child when it sees the clone. */
static __always_inline void prefilter__flush_parent(void) {
	struct task_struct *parent = bpf_get_current_task_btf()->real_parent;
	if(!parent) {
		return;
	}
	struct pf_proc *p = bpf_task_storage_get(&pf_procs, parent->group_leader, 0, 0);
	if(p) {
		pf__flush_slot(p);
	}
}

static __always_inline void pf__set_fresh(struct pf_proc *p, long fd, bool on) {
	if(fd < 0 || fd >= PF_FRESH_FDS) {
		return;
	}
	__u64 bit = 1ull << (fd & 63);
	if(on) {
		__sync_fetch_and_or(&p->fresh[(fd >> 6) & 3], bit);
	} else {
		__sync_fetch_and_and(&p->fresh[(fd >> 6) & 3], ~bit);
	}
}

/* The state now holds an accurate entry for descriptor fd of this process (an open it saw). */
static __always_inline void prefilter__opened(long fd) {
	if(!pf_active || fd < 0 || fd >= PF_FRESH_FDS) {
		return;
	}
	struct pf_proc *p = pf__proc(pf__leader(), true);
	if(p) {
		pf__set_fresh(p, fd, true);
	}
}

/* Descriptors the kernel closed without the state seeing it (close_range): their entries may be stale. */
static __always_inline void prefilter__unseen_close(__u32 first, __u32 last) {
	if(!pf_active) {
		return;
	}
	struct pf_proc *p = pf__proc(pf__leader(), false);
	if(!p || first >= PF_FRESH_FDS) {
		return;
	}
	if(last >= PF_FRESH_FDS) {
		last = PF_FRESH_FDS - 1;
	}
	/* whole words, conservatively: any word the range touches */
	for(__u32 w = 0; w < PF_FRESH_FDS / 64; w++) {
		if(w >= first / 64 && w <= last / 64) {
			p->fresh[w] = 0;
		}
	}
}

/* An exec: close-on-exec descriptors are gone without the state seeing it, and the table is the process's own. */
static __always_inline void prefilter__exec(void) {
	if(!pf_active) {
		return;
	}
	struct pf_proc *p = pf__proc(pf__leader(), false);
	if(p) {
		p->fresh[0] = p->fresh[1] = p->fresh[2] = p->fresh[3] = 0;
		p->shared = 0;
	}
}

/* The process's descriptor table is (or was) shared with another task: never defer in it. */
static __always_inline void prefilter__shared(struct task_struct *leader) {
	if(!pf_active) {
		return;
	}
	struct pf_proc *p = pf__proc(leader, true);
	if(p) {
		p->shared = 1;
	}
}

/*
 * A close by the current process. Returns true when it closes the open waiting in the slot and both are dropped
 * (the caller emits nothing). A failed close leaves the state's entry while the kernel may have released the
 * descriptor: not fresh any more.
 */
static __always_inline bool prefilter__close(long fd, long ret) {
	if(!pf_active) {
		return false;
	}
	struct pf_proc *p = pf__proc(pf__leader(), false);
	if(!p) {
		return false;
	}
	if(ret < 0) {
		pf__set_fresh(p, fd, false);
		return false;
	}
	__u32 gen = pf_active - 1;
	struct pf_config *cfg = bpf_map_lookup_elem(&pf_config, &gen);
	if(!cfg || !cfg->defer || p->state != PF_SLOT_PENDING || p->fd != fd ||
	   p->tid != (__u32)bpf_get_current_pid_tgid() ||
	   __sync_val_compare_and_swap(&p->state, PF_SLOT_PENDING, PF_SLOT_TAKING) != PF_SLOT_PENDING) {
		return false;
	}
	__sync_val_compare_and_swap(&p->state, PF_SLOT_TAKING, PF_SLOT_EMPTY);
	struct wire_counters *c = ring__counters();
	if(c) {
		c->prefilter_dropped += 2; /* the open and its close */
	}
	return true;
}

/* Whether the task uses io_uring, which can close descriptors without a close syscall. */
static __always_inline bool pf__io_uring(struct task_struct *t) {
	if(bpf_core_field_exists(t->io_uring)) {
#ifdef SENSOR_DIRECT_READS
		return t->io_uring != NULL;
#else
		return BPF_CORE_READ(t, io_uring) != NULL;
#endif
	}
	return false;
}

/*
 * Puts the finished block of a successful open no rule can match in the process's slot. False when it cannot wait
 * (the caller sends it): a shared descriptor table, a descriptor the state may hold a stale entry for, a slot that
 * is busy, a block too big.
 */
static __always_inline bool prefilter__defer(void *block, __u32 total, long fd) {
	if(fd < 0 || fd >= PF_FRESH_FDS || total < WIRE_LENS_OFFSET || total >= PF_SLOT_BYTES) {
		return false;
	}
	barrier_var(total);
	total &= PF_SLOT_BYTES - 1; /* restated in a form the verifier keeps */
	struct task_struct *t = bpf_get_current_task_btf();
	struct pf_proc *p = pf__proc(t->group_leader, true);
	if(!p || p->shared) {
		return false;
	}
#ifdef SENSOR_DIRECT_READS
	int users = t->files->count.counter;
#else
	int users = BPF_CORE_READ(t, files, count.counter);
#endif
	if(users != 1 || pf__io_uring(t)) {
		p->shared = 1;
		return false;
	}
	if(!(p->fresh[(fd >> 6) & 3] & (1ull << (fd & 63)))) {
		return false;
	}
	pf__flush_slot(p); /* one slot: what waits goes first */
	if(__sync_val_compare_and_swap(&p->state, PF_SLOT_EMPTY, PF_SLOT_FILLING) != PF_SLOT_EMPTY) {
		return false;
	}
	bpf_probe_read_kernel(p->block, total, block);
	p->fd = (__s32)fd;
	p->tid = (__u32)bpf_get_current_pid_tgid();
	p->len = total;
	__sync_val_compare_and_swap(&p->state, PF_SLOT_FILLING, PF_SLOT_PENDING);
	struct wire_counters *c = ring__counters();
	if(c) {
		c->prefilter_deferred++;
	}
	return true;
}

/* ---- the decision ---- */

static __always_inline __u64 pf__flags_mask(struct pf_config *cfg, __u32 gen, __u32 type, long ret, __u32 flags,
                                            __u32 mode) {
	__u32 nf = cfg->nfeatures;
	if(nf > PF_MAX_FEATURES) {
		return ~0ull;
	}
	__u32 bits = 0;
	for(__u32 j = 0; j < PF_MAX_FEATURES; j++) {
		if(j >= nf) {
			break;
		}
		struct pf_feature *f = &cfg->features[j];
		bool on = f->word == 2 ? ret < 0 : ((f->word == 0 ? flags : mode) & f->mask) != 0;
		bits |= (__u32)on << j;
	}
	__u32 idx = gen * PF_FLAGS_ENTRIES + (((type << nf) | bits) & (PF_FLAGS_ENTRIES - 1));
	__u64 *m = bpf_map_lookup_elem(&pf_flags, &idx);
	return m ? *m : ~0ull;
}

/*
 * Whether an answer computed from the tables of fill `serial` may be cached: the filter in force has not changed
 * meanwhile. A program that began under a fill the loader has since replaced may have read its tables while they
 * were being rewritten: its one answer is as good as before the caches, but must not outlive the event.
 */
static __always_inline bool pf__still_in_force(struct pf_config *cfg, __u32 active, __u32 serial) {
	return pf_active == active && cfg->serial == serial;
}

/* The current thread's name as the state knows it, looked up (once per fill of the tables: the answer is kept in
 * the thread's pf_names entry); all terms when it is not known. */
static __always_inline __u64 pf__comm_mask(struct pf_config *cfg, __u32 active, __u32 serial) {
	if(!pf_names_known) {
		return ~0ull;
	}
	struct pf_comm *n = bpf_task_storage_get(&pf_names, bpf_get_current_task_btf(), 0, 0);
	if(!n || !n->valid) {
		return ~0ull;
	}
	if(serial != 0 && n->mask_serial == serial) {
		return n->mask;
	}
	struct pf_comm_key key = {.gen = (__u8)(active - 1)};
	__builtin_memcpy(key.comm, n->comm, PF_COMM_BYTES);
	__u64 *m = bpf_map_lookup_elem(&pf_comms, &key);
	__u64 mask = m ? *m : cfg->comm_default;
	if(pf__still_in_force(cfg, active, serial)) {
		n->mask = mask;
		n->mask_serial = serial;
	}
	return mask;
}

/* Whether Peregrine's state keeps this name as it is (src/state/paths.ts): printable ASCII, starting with '/',
 * no "//", no '.' before '.', '/' or the end, no '/' at the end, two bytes at least. n excludes the NUL. */
static __always_inline bool pf__clean(const __u8 *s, __u32 n) {
	if(n < 2 || n >= PF_PATH_BYTES || s[0] != '/' || s[(n - 1) & 0xff] == '/') {
		return false;
	}
	for(__u32 i = 0; i < PF_PATH_BYTES; i++) {
		if(i >= n) {
			break;
		}
		__u8 c = s[i & 0xff];
		if(c < 0x20 || c >= 0x7f) {
			return false;
		}
		__u8 next = s[(i + 1) & 0xff];
		if(c == '.' && (next == 0 || next == '.' || next == '/')) {
			return false;
		}
		if(c == '/' && next == '/') {
			return false;
		}
	}
	return true;
}

/*
 * The name into the trie key scratch, from the event block (kernel memory, `len` bytes with its NUL) or straight
 * from the caller (user memory, `name` a user pointer, len ignored). Returns the name's length with its NUL, or 0
 * when the kernel cannot use it: unread, or so long that a key cannot hold it (254 bytes and more).
 */
static __always_inline __u32 pf__load_name(struct pf_key_scratch *k, const void *name, __u32 len, bool user) {
	if(user) {
		long n = bpf_probe_read_user_str(k->key.data, PF_PATH_BYTES, name);
		len = n > 0 ? (__u32)n : 0;
	} else if(len > 0 && len < PF_PATH_BYTES) {
		/* restated after a barrier, in a form the verifier keeps (as event__copy_user does) */
		barrier_var(len);
		len &= 0xff;
		if(bpf_probe_read_kernel(k->key.data, len, name) != 0) {
			len = 0;
		}
	}
	return len >= PF_PATH_BYTES ? 0 : len;
}

/* Whether the first len (<= PF_CACHED_NAME_BYTES) bytes of a and b are equal, 8 at a time (both arrays have 8
 * readable bytes past len). */
static __always_inline bool pf__same_bytes(const __u8 *a, const __u8 *b, __u32 len) {
	for(__u32 i = 0; i < PF_CACHED_NAME_BYTES / 8; i++) {
		__u32 at = i * 8;
		if(at >= len) {
			break;
		}
		__u64 diff = *(const __u64 *)&a[at & 0xff] ^ *(const __u64 *)&b[at & 0xff];
		__u32 left = len - at;
		if(left < 8) {
			diff &= (1ull << (left * 8)) - 1; /* little-endian: the first `left` bytes are the low ones */
		}
		if(diff) {
			return false;
		}
	}
	return true;
}

/*
 * The class of the name loaded into k (len bytes with its NUL); all terms when it is not clean and absolute. The
 * CPU's last name and class are kept in k: the same name under the same fill of the tables gets the same class.
 */
static __always_inline __u64 pf__path_mask(struct pf_config *cfg, __u32 active, __u32 serial, struct pf_key_scratch *k,
                                           __u32 len) {
	if(len < 3 || len >= PF_PATH_BYTES) {
		return ~0ull;
	}
	k->key.data[(len - 1) & 0xff] = 0;
	bool cacheable = len <= PF_CACHED_NAME_BYTES;
	if(cacheable && serial != 0 && k->last_serial == serial && k->last_len == len &&
	   pf__same_bytes(k->key.data, k->last, len)) {
		return k->last_mask;
	}
	__u64 mask = ~0ull;
	if(pf__clean(k->key.data, len - 1)) {
		k->key.gen = (__u8)(active - 1);
		k->key.prefixlen = 8 + 8 * len;
		__u64 *m = bpf_map_lookup_elem(&pf_paths, &k->key);
		mask = m ? *m : cfg->path_default;
	}
	if(cacheable && pf__still_in_force(cfg, active, serial)) {
		k->last_serial = 0; /* the entry is invalid while it is rewritten */
		__u32 n = len;
		barrier_var(n);
		n &= PF_CACHED_NAME_BYTES * 2 - 1;
		if(bpf_probe_read_kernel(k->last, n, k->key.data) == 0) {
			k->last_len = len;
			k->last_mask = mask;
			k->last_serial = serial;
		}
	}
	return mask;
}

/*
 * Whether some rule may match an open-family exit event of type `type` (PF_TYPES order) with this return value,
 * flags and mode (as the event carries them) and this name (see pf__load_name). Reads the filter in force once: an
 * event sees one generation whole.
 */
static __always_inline enum pf_verdict pf__decide(__u32 type, long ret, __u32 flags, __u32 mode, const void *name,
                                                  __u32 len, bool user) {
	__u32 active = pf_active;
	if(active == 0 || active > 2 || type >= PF_TYPES) {
		return PF_SEND;
	}
	__u32 gen = active - 1;
	struct pf_config *cfg = bpf_map_lookup_elem(&pf_config, &gen);
	if(!cfg) {
		return PF_SEND;
	}
	__u32 serial = cfg->serial;
	__u8 mode_of_type = cfg->type_mode[type & (PF_TYPES - 1)];
	if(mode_of_type == PF_TYPE_ALL) {
		return PF_SEND;
	}
	if(mode_of_type == PF_TYPE_TERMS) {
		__u64 terms = cfg->type_terms[type & (PF_TYPES - 1)];
		terms &= pf__flags_mask(cfg, gen, type, ret, flags, mode);
		if(terms) {
			terms &= pf__comm_mask(cfg, active, serial);
		}
		if(terms) {
			__u32 zero = 0;
			struct pf_key_scratch *k = bpf_map_lookup_elem(&pf_key, &zero);
			if(!k) {
				return PF_SEND;
			}
			terms &= pf__path_mask(cfg, active, serial, k, pf__load_name(k, name, len, user));
		}
		if(terms) {
			return PF_SEND;
		}
	}
	if(ret < 0) {
		return PF_DROP;
	}
	return cfg->defer ? PF_DEFER : PF_SEND;
}

/* The decision on a built event whose name is `len` bytes (with its NUL) at `name` in the event block. */
static __always_inline enum pf_verdict prefilter__open(__u32 type, long ret, __u32 flags, __u32 mode, const __u8 *name,
                                                       __u32 len) {
	return pf__decide(type, ret, flags, mode, name, len, false);
}

/*
 * A failed open, before its event is built: whether it is dropped (then counted, and nothing is built). Its flags
 * carry no bit of a resulting file, so the decision is the one prefilter__open would take on the built event.
 */
static __always_inline bool prefilter__drop_failed(__u32 type, long ret, __u32 flags, __u32 mode,
                                                   const void *user_name) {
	if(ret >= 0 || pf__decide(type, ret, flags, mode, user_name, 0, true) != PF_DROP) {
		return false;
	}
	struct wire_counters *c = ring__counters();
	if(c) {
		c->prefilter_dropped++;
	}
	return true;
}

static __always_inline void prefilter__count_drop(void) {
	struct wire_counters *c = ring__counters();
	if(c) {
		c->prefilter_dropped++;
	}
}

/* The thread's name as the state now knows it (an execve event was written for it). */
static __always_inline void prefilter__name_seen(struct task_struct *t) {
	struct pf_comm *n = bpf_task_storage_get(&pf_names, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if(!n) {
		return;
	}
	n->mask_serial = 0; /* the cached terms were the old name's */
	__builtin_memset(n->comm, 0, PF_COMM_BYTES);
	bpf_probe_read_kernel_str(n->comm, PF_COMM_BYTES, &t->comm[0]);
	n->valid = 1;
}

#endif /* SENSOR_PREFILTER_H */
