// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fallback mode: one raw sys_exit program sees every syscall and tail-calls the wanted one's
 * rt_<name> program through exit_progs (helpers/syscall.h). Used only when per-syscall tracepoints
 * cannot be attached (no tracefs); the loader logs why.
 */
#include "helpers/syscall.h"
#include "helpers/kernel_defs.h"

/* 32-bit (ia32) syscalls use another numbering; the per-syscall tracepoints ignore them too. */
static __always_inline bool dispatch__in_ia32(void) {
	struct task_struct *t = bpf_get_current_task_btf();
	return (BPF_CORE_READ(t, thread_info.status) & K_TS_COMPAT) != 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_dispatch, struct pt_regs *regs, long ret) {
	if(event__is_self()) {
		return 0;
	}
	__s64 nr = BPF_CORE_READ(regs, orig_ax);
	if(nr < 0 || nr >= WIRE_MAX_SYSCALLS || dispatch__in_ia32()) {
		return 0;
	}
	bpf_tail_call(ctx, &exit_progs, (__u32)nr);
	return 0; /* empty slot: the syscall is not wanted */
}
