/* SPDX-License-Identifier: Apache-2.0 */
/* clock.h — nanosecond clock reads. Event timestamps are CLOCK_BOOTTIME plus the boot's epoch (wire.h). */
#ifndef PEREGRINE_CLOCK_H
#define PEREGRINE_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t clock_ns(clockid_t id) {
	struct timespec ts;
	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif /* PEREGRINE_CLOCK_H */
