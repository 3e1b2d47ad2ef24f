/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Maps and configuration shared by every program. They are defined once, in maps.bpf.c, and
 * declared extern here; bpftool's static linker joins the objects.
 *
 * Configure before load, change at run time through maps (and the mmapped .bss):
 *   - rodata (cfg_*): set by the loader before load, constant for the verifier;
 *   - .bss (sc_wanted): rewritten by the loader when the rules' syscall set changes;
 *   - rings: one ring buffer per CPU, created by the loader and put into this array-of-maps.
 */
#ifndef SENSOR_MAPS_H
#define SENSOR_MAPS_H

#include "../build/vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../wire.h"
#include "../prefilter.h"

/* Per-CPU scratch space where an event block is assembled before it is copied into the ring. Twice
 * the largest block, so that a write at any offset below WIRE_MAX_BLOCK of anything up to
 * WIRE_MAX_BLOCK bytes provably stays inside the value (the verifier checks exactly that). Indexed by
 * CPU id (a per-CPU array cannot hold values this large). */
struct scratch {
	__u8 data[2 * WIRE_MAX_BLOCK];
};

struct scratch_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* resized to the number of possible CPUs by the loader */
	__type(key, __u32);
	__type(value, struct scratch);
};
extern struct scratch_map scratch SEC(".maps");

struct counters_map {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wire_counters);
};
extern struct counters_map counters SEC(".maps");

/* One BPF_MAP_TYPE_RINGBUF per CPU. The inner map is created by the loader with bpf_map_create
 * (libbpf 1.1 crashes resizing an inner map template) and handed over with
 * bpf_map__set_inner_map_fd. */
struct rings_map {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1); /* resized to the number of possible CPUs by the loader */
	__type(key, __u32);
	__array(
	        values, struct {
		        __uint(type, BPF_MAP_TYPE_RINGBUF);
		        __uint(max_entries, 4096);
	        });
};
extern struct rings_map rings SEC(".maps");

/* Fallback mode only: the raw sys_exit dispatcher tail-calls rt_<syscall> through this array,
 * indexed by syscall number. An empty slot is an unwanted syscall. */
struct exit_progs_map {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, WIRE_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, __u32);
};
extern struct exit_progs_map exit_progs SEC(".maps");

/* ---- the prefilter (../prefilter.h, helpers/prefilter.h) ---- */

struct pf_config_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2); /* one per generation */
	__type(key, __u32);
	__type(value, struct pf_config);
};
extern struct pf_config_map pf_config SEC(".maps");

struct pf_flags_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * PF_FLAGS_ENTRIES);
	__type(key, __u32);
	__type(value, __u64);
};
extern struct pf_flags_map pf_flags SEC(".maps");

struct pf_paths_map {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 2 * PF_MAX_PATHS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct pf_path_key);
	__type(value, __u64);
};
extern struct pf_paths_map pf_paths SEC(".maps");

struct pf_comms_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2 * PF_MAX_COMMS);
	__type(key, struct pf_comm_key);
	__type(value, __u64);
};
extern struct pf_comms_map pf_comms SEC(".maps");

/* Per process (on its group leader): the slot and the fresh descriptors. Freed with the task. */
struct pf_procs_map {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct pf_proc);
};
extern struct pf_procs_map pf_procs SEC(".maps");

/* Per thread: its name as the state knows it. */
struct pf_names_map {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct pf_comm);
};
extern struct pf_names_map pf_names SEC(".maps");

/*
 * Room for a trie key built from an event's name (bigger than the key: the cleanliness scan and the comparison may
 * read past it), and this CPU's last name and its class (helpers/prefilter.h pf__path_mask): a storm opens the same
 * name again and again, and the trie lookup and cleanliness scan cost 70 of the decision's 165 ns.
 */
struct pf_key_scratch {
	struct pf_path_key key;
	__u8 pad[8];
	__u32 last_serial; /* the fill of the tables last_mask was computed from; 0: empty */
	__u32 last_len;    /* bytes of last[] with the NUL */
	__u64 last_mask;
	__u8 last[PF_CACHED_NAME_BYTES * 2];
	__u8 last_pad[8];
};
struct pf_key_map {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pf_key_scratch);
};
extern struct pf_key_map pf_key SEC(".maps");

/* 0: off; 1 + generation: the filter in force. Written by the loader with one store. */
extern volatile __u32 pf_active;
/* Incremented by the loader each time the prefilter goes from off to on: slots and fresh bits of an older epoch were
 * not kept up to date meanwhile and count as empty and stale. */
extern volatile __u32 pf_epoch;
/* 1 once the loader attached the rename hook (thread names are then known; 0: every name is unknown). */
extern volatile __u32 pf_names_known;

/* Read-only configuration, fixed at load. */
extern const volatile __u64 cfg_boot_epoch_ns; /* add to bpf_ktime_get_boot_ns() to get epoch ns */
extern const volatile __u32 cfg_self_tgid;     /* the loader's own process: never traced */
extern const volatile __u32 cfg_wakeup_bytes;  /* force a reader wake-up when a ring crosses this */
extern const volatile __u32 cfg_snaplen;       /* bytes of I/O data captured per event */

/* Syscalls the rules and the state tracker want, by x86_64 number; read by the programs that serve
 * events not tied to one syscall tracepoint (sched_process_exec emits execve/execveat). */
extern volatile __u8 sc_wanted[WIRE_MAX_SYSCALLS];

#endif /* SENSOR_MAPS_H */
