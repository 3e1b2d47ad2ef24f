// SPDX-License-Identifier: Apache-2.0
/* The per-CPU ring buffers; see rings.h. */
#include "rings.h"
#include "host.h"
#include "log.h"
#include "sensor.skel.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int nposs;
static int *ring_fds; /* by CPU; -1 for an offline CPU */

int rings_create(struct sensor *skel, unsigned ring_bytes) {
	nposs = libbpf_num_possible_cpus();
	if(nposs <= 0) {
		die("cannot count the CPUs: %s", strerror(-nposs));
	}
	bpf_map__set_max_entries(skel->maps.scratch, (__u32)nposs);
	bpf_map__set_max_entries(skel->maps.rings, (__u32)nposs);
	bool *online = host_online_cpus(nposs);
	ring_fds = calloc((size_t)nposs, sizeof(int));
	if(!ring_fds) {
		die("out of memory");
	}
	int template_fd = -1;
	for(int i = 0; i < nposs; i++) {
		ring_fds[i] = -1;
		if(!online[i]) {
			continue;
		}
		ring_fds[i] = bpf_map_create(BPF_MAP_TYPE_RINGBUF, NULL, 0, 0, ring_bytes, NULL);
		if(ring_fds[i] < 0) {
			die("cannot create a %u-byte ring buffer for CPU %d: %s", ring_bytes, i, strerror(errno));
		}
		if(template_fd < 0) {
			template_fd = ring_fds[i];
		}
	}
	free(online);
	bpf_map__set_inner_map_fd(skel->maps.rings, template_fd);
	return nposs;
}

struct ring_buffer *rings_open(struct sensor *skel, ring_buffer_sample_fn on_record, void *(*ctx_of)(int cpu)) {
	int rings_fd = bpf_map__fd(skel->maps.rings);
	struct ring_buffer *rb = NULL;
	for(int i = 0; i < nposs; i++) {
		if(ring_fds[i] < 0) {
			continue;
		}
		__u32 key = (__u32)i;
		if(bpf_map_update_elem(rings_fd, &key, &ring_fds[i], BPF_ANY) != 0) {
			die("cannot install the ring buffer of CPU %d: %s", i, strerror(errno));
		}
		if(!rb) {
			rb = ring_buffer__new(ring_fds[i], on_record, ctx_of(i), NULL);
			if(!rb) {
				die("cannot read the ring buffers: %s", strerror(errno));
			}
		} else if(ring_buffer__add(rb, ring_fds[i], on_record, ctx_of(i)) != 0) {
			die("cannot read the ring buffer of CPU %d: %s", i, strerror(errno));
		}
	}
	return rb;
}

void rings_close(struct ring_buffer *rb) {
	ring_buffer__free(rb);
	for(int i = 0; i < nposs; i++) {
		if(ring_fds[i] >= 0) {
			close(ring_fds[i]);
		}
	}
}
