// SPDX-License-Identifier: Apache-2.0
/* Start-up checks and facts about the machine; see host.h. */
#define _GNU_SOURCE
#include "host.h"
#include "log.h"

#include <asm/unistd_64.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#define MIN_KERNEL_MAJOR 5
#define MIN_KERNEL_MINOR 17 /* bpf_loop (5.17), bpf_task_pt_regs (5.15); ring buffers and tp_btf are older */

static void check_kernel(const char *release_override) {
	struct utsname u;
	const char *release = release_override;
	if(!release) {
		uname(&u);
		release = u.release;
	}
	int major = 0, minor = 0;
	sscanf(release, "%d.%d", &major, &minor);
	if(major < MIN_KERNEL_MAJOR || (major == MIN_KERNEL_MAJOR && minor < MIN_KERNEL_MINOR)) {
		die("kernel %s is too old: the sensor needs Linux %d.%d or newer", release, MIN_KERNEL_MAJOR, MIN_KERNEL_MINOR);
	}
}

static void check_bpf(void) {
	/* BPF_PROG_LOAD with no attributes: EINVAL/EFAULT means the syscall exists and we may use it */
	long r = syscall(__NR_bpf, 5 /* BPF_PROG_LOAD */, NULL, 0);
	if(r < 0 && errno == ENOSYS) {
		die("BPF is disabled in this kernel (built without CONFIG_BPF_SYSCALL)");
	}
	if(r < 0 && errno == EPERM) {
		die("the kernel refuses BPF to this process (EPERM): check kernel.unprivileged_bpf_disabled, "
		    "lockdown and security modules");
	}
}

void host_check(const struct options *o) {
	if(geteuid() != 0) {
		die("must run as root: loading eBPF programs needs CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN");
	}
	if(access(o->btf, R_OK) != 0) {
		die("no kernel BTF at %s (%s): the sensor needs a kernel built with CONFIG_DEBUG_INFO_BTF=y", o->btf,
		    strerror(errno));
	}
	check_kernel(o->kernel_release);
	check_bpf();
}

bool *host_online_cpus(int nposs) {
	bool *on = calloc((size_t)nposs, sizeof(bool));
	char text[1024] = "";
	if(!on) {
		die("out of memory");
	}
	FILE *f = fopen("/sys/devices/system/cpu/online", "re");
	if(!f || !fgets(text, sizeof(text), f)) {
		for(int i = 0; i < nposs; i++) {
			on[i] = true;
		}
	} else {
		/* "0-3,5,7-8" */
		for(char *p = text; *p && *p != '\n';) {
			int a = (int)strtol(p, &p, 10), b = a;
			if(*p == '-') {
				b = (int)strtol(p + 1, &p, 10);
			}
			for(int i = a; i <= b && i < nposs; i++) {
				on[i] = true;
			}
			if(*p != ',') {
				break;
			}
			p++;
		}
	}
	if(f) {
		fclose(f);
	}
	return on;
}

void host_machine_info(struct machine_info *mi, uint64_t boot_epoch_ns) {
	*mi = (struct machine_info){0};
	mi->num_cpus = (uint32_t)get_nprocs();
	mi->memory_size_bytes = (uint64_t)get_phys_pages() * (uint64_t)sysconf(_SC_PAGESIZE);
	FILE *pm = fopen("/proc/sys/kernel/pid_max", "re");
	if(pm) {
		unsigned long long v = 0;
		if(fscanf(pm, "%llu", &v) == 1) {
			mi->max_pid = v;
		}
		fclose(pm);
	}
	gethostname(mi->hostname, sizeof(mi->hostname) - 1);
	mi->boot_ts_epoch = boot_epoch_ns;
}
