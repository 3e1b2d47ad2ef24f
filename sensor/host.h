/* SPDX-License-Identifier: Apache-2.0 */
/* host.h — what this machine must offer the sensor (checked once, each failure one sentence), and what it is. */
#ifndef PEREGRINE_HOST_H
#define PEREGRINE_HOST_H

#include "options.h"
#include "scap.h"

#include <stdbool.h>

/* Root, the kernel's BTF, a recent enough kernel, BPF enabled: dies with the reason when one is missing. */
void host_check(const struct options *o);

/* The online CPUs, indexed 0..nposs-1 (all of them when /sys does not say). */
bool *host_online_cpus(int nposs);

/* The machine info block's contents. */
void host_machine_info(struct machine_info *mi, uint64_t boot_epoch_ns);

#endif /* PEREGRINE_HOST_H */
