/* SPDX-License-Identifier: Apache-2.0 */
/*
 * prefilter.h — the kernel prefilter's tables, shared by the kernel programs (helpers/prefilter.h) and the loader
 * (prefilter.c), which fills them from what Peregrine computes from its rules (src/engine/prefilter/). See
 * sensor/README.md "The prefilter" for what it decides and why that is safe.
 *
 * Everything is double-buffered by a generation (0 or 1): the loader fills the idle generation, then switches
 * `pf_active` (0: off, 1 + generation) with one store, then clears the old one. A program reads pf_active once per
 * event, so it sees one whole filter, old or new, never a mix.
 */
#ifndef PEREGRINE_PREFILTER_H
#define PEREGRINE_PREFILTER_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define PF_TYPES 4         /* open, openat, openat2, creat (src/engine/prefilter/model.ts PREFILTER_CODES) */
#define PF_MAX_FEATURES 10 /* bits of the flags-table index after the type */
#define PF_FLAGS_ENTRIES (PF_TYPES << PF_MAX_FEATURES)
#define PF_PATH_BYTES 255 /* path bytes of a trie key (with the generation byte: 256, the LPM maximum) */
#define PF_COMM_BYTES 16  /* TASK_COMM_LEN */
#define PF_MAX_PATHS 8192 /* per generation */
#define PF_MAX_COMMS 4096 /* per generation */
#define PF_SLOT_BYTES 512 /* the largest open event block that can wait in a process's slot */
#define PF_FRESH_FDS 256  /* descriptors whose freshness is tracked (fresh[] bits) */
/* The longest name (with its NUL) a CPU's cache of its last name holds (helpers/prefilter.h pf__path_mask): most
 * names a build opens are shorter, and each further 8 bytes is one more round the verifier walks in every open
 * program (with all 256, the loader's start took 650 ms instead of 400). */
#define PF_CACHED_NAME_BYTES 64

/* What a type's terms say before any lookup. */
enum pf_type_mode {
	PF_TYPE_NONE = 0,  /* no rule can match an event of this type */
	PF_TYPE_TERMS = 1, /* look it up */
	PF_TYPE_ALL = 2,   /* every event of this type may match: send them all */
};

/* A feature: bit j of the flags-table index is ((word & mask) != 0); word 0 flags, 1 mode, 2 "the call failed". */
struct pf_feature {
	__u32 word;
	__u32 mask;
};

/* One generation's scalar settings. */
struct pf_config {
	__u64 type_terms[PF_TYPES];
	__u64 path_default; /* a clean absolute name no key prefixes */
	__u64 comm_default; /* a known thread name the map does not hold */
	struct pf_feature features[PF_MAX_FEATURES];
	__u32 nfeatures;
	__u32 defer;  /* successful opens no rule can match may wait in their process's slot */
	__u32 serial; /* unique to this fill of the tables (never 0, never reused): what the programs' caches are keyed by */
	__u8 type_mode[PF_TYPES];
};

/* LPM trie key: the generation byte, then the path bytes; prefixlen counts bits of both. An exact name is stored with
 * its NUL (prefix of name + NUL only when equal); a prefix without. */
struct pf_path_key {
	__u32 prefixlen;
	__u8 gen;
	__u8 data[PF_PATH_BYTES];
};

struct pf_comm_key {
	__u8 gen;
	char comm[PF_COMM_BYTES];
};

/* The slot of a process (its group leader's task storage). */
enum pf_slot_state {
	PF_SLOT_EMPTY = 0,
	PF_SLOT_FILLING = 1, /* an open is being put in */
	PF_SLOT_PENDING = 2, /* an open waits: sent before the process's next event, or dropped with its close */
	PF_SLOT_TAKING = 3,  /* being sent or dropped */
};

struct pf_proc {
	__u64 state;  /* enum pf_slot_state, changed with compare-and-swap (64 bits: clang 14's BPF has no 32-bit one) */
	__s32 fd;     /* the waiting open's descriptor */
	__u32 len;    /* its block's length */
	__u32 shared; /* the process's descriptor table was seen shared (threads, CLONE_FILES, io_uring): never wait */
	__u32 epoch;  /* pf_epoch when fresh[] was last valid */
	__u32 tid;    /* the thread that made the waiting open: only its own close drops it */
	__u32 pad;
	/* Bit N: Peregrine's state holds no stale entry for descriptor N of this process while N is closed (see
	 * README). Set by an open of N Peregrine sees; cleared by what closes descriptors unseen (exec's close-on-exec,
	 * close_range, a failed close). */
	__u64 fresh[PF_FRESH_FDS / 64];
	__u8 block[PF_SLOT_BYTES];
};

/* The thread's name as Peregrine's state knows it: the comm of the execve event it last saw for the thread, until
 * the kernel renames the thread (__set_task_comm: prctl PR_SET_NAME, /proc/.../comm). */
struct pf_comm {
	__u32 valid;
	char comm[PF_COMM_BYTES];
	/* the comm's terms (pf_comms) under the tables of fill `mask_serial`, 0: not known */
	__u32 mask_serial;
	__u64 mask;
};

#endif /* PEREGRINE_PREFILTER_H */
