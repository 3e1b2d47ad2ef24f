/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How a syscall's exit program is declared. Every syscall handler is written once, as the body of
 * SYSCALL_EXIT(name), and becomes two BPF programs:
 *
 *   tp_<name>  classic tracepoint syscalls/sys_exit_<name>. The loader attaches it only while the
 *              syscall is wanted, so an unwanted syscall costs the kernel a bitmap test and no BPF
 *              run at all (measured: 1.09x on other syscalls, against 1.49x for filtering inside a
 *              raw sys_exit program). Needs tracefs, which the loader mounts if it is absent.
 *   rt_<name>  tp_btf/sys_exit, tail-called by the raw dispatcher (dispatch.bpf.c) through the
 *              exit_progs array; the fallback when per-syscall tracepoints are unavailable.
 *
 * The loader loads only one of the two families (bpf_program__set_autoload).
 *
 * Inside the body: `regs` (the task's saved user registers, so arg(n) reads the syscall's
 * arguments) and `ret` (the return value).
 *
 * Layer: syscall (program declaration) → task/file/sock/event.
 */
#ifndef SENSOR_SYSCALL_H
#define SENSOR_SYSCALL_H

#include "event.h"
#include <bpf/bpf_tracing.h>

/* x86_64 syscall arguments: rdi, rsi, rdx, r10, r8, r9. `regs` is a BTF pointer (bpf_task_pt_regs, or the tp_btf
 * argument): each is a plain load, not a helper call (measured: tp_openat 374 -> 344 ns on its own). */
static __always_inline __u64 syscall__arg(struct pt_regs *regs, int n) {
	switch(n) {
	case 0: return regs->di;
	case 1: return regs->si;
	case 2: return regs->dx;
	case 3: return regs->r10;
	case 4: return regs->r8;
	case 5: return regs->r9;
	default: return 0;
	}
}
#define arg(n) syscall__arg(regs, n)

static __always_inline struct pt_regs *syscall__regs(void) {
	return (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
}

#define SYSCALL_EXIT(name)                                                                                             \
	static __always_inline int name##__exit(struct pt_regs *regs, long ret);                                           \
	SEC("tracepoint/syscalls/sys_exit_" #name)                                                                         \
	int tp_##name(struct trace_event_raw_sys_exit *ctx) {                                                              \
		if(event__is_self()) {                                                                                         \
			return 0;                                                                                                  \
		}                                                                                                              \
		return name##__exit(syscall__regs(), ctx->ret);                                                                \
	}                                                                                                                  \
	SEC("tp_btf/sys_exit")                                                                                             \
	int BPF_PROG(rt_##name, struct pt_regs *regs, long ret) {                                                          \
		return name##__exit(regs, ret);                                                                                \
	}                                                                                                                  \
	static __always_inline int name##__exit(struct pt_regs *regs, long ret)

/* An fd-typed argument: the int the kernel used, widened with its sign (AT_FDCWD stays -100). */
static __always_inline __s64 syscall__fd(__u64 raw) {
	return (__s64)(__s32)raw;
}

#endif /* SENSOR_SYSCALL_H */
