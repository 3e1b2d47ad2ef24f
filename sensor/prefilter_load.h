/* SPDX-License-Identifier: Apache-2.0 */
/* prefilter_load.h — Peregrine's prefilter tables into the kernel's maps (prefilter_load.c; layout: prefilter.h). */
#ifndef PEREGRINE_PREFILTER_LOAD_H
#define PEREGRINE_PREFILTER_LOAD_H

#include <stdint.h>

struct sensor;

void prefilter_init(struct sensor *skel, uint64_t boot_epoch_ns);

/* "prefilter BASE64" or "prefilter off": applies it and acknowledges on the status channel. */
void prefilter_command(const char *arg);

/* The rename hook is attached: thread names the state knows can be used. */
void prefilter_names_known(void);

#endif /* PEREGRINE_PREFILTER_LOAD_H */
