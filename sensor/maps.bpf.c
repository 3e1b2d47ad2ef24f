// SPDX-License-Identifier: GPL-2.0-only
/* The one definition of every map and configuration value (declared extern in helpers/maps.h). */
#include "helpers/maps.h"

struct scratch_map scratch SEC(".maps");
struct counters_map counters SEC(".maps");
struct rings_map rings SEC(".maps");
struct exit_progs_map exit_progs SEC(".maps");
struct pf_config_map pf_config SEC(".maps");
struct pf_flags_map pf_flags SEC(".maps");
struct pf_paths_map pf_paths SEC(".maps");
struct pf_comms_map pf_comms SEC(".maps");
struct pf_procs_map pf_procs SEC(".maps");
struct pf_names_map pf_names SEC(".maps");
struct pf_key_map pf_key SEC(".maps");

const volatile __u64 cfg_boot_epoch_ns = 0;
const volatile __u32 cfg_self_tgid = 0;
const volatile __u32 cfg_wakeup_bytes = 1 << 20;
const volatile __u32 cfg_snaplen = WIRE_DEFAULT_SNAPLEN;

volatile __u8 sc_wanted[WIRE_MAX_SYSCALLS];
volatile __u32 pf_active;
volatile __u32 pf_epoch;
volatile __u32 pf_names_known;

/* GPL: bpf_probe_read_user_str, bpf_task_pt_regs and tp_btf programs are GPL-only helpers. */
char LICENSE[] SEC("license") = "GPL";
