// SPDX-License-Identifier: Apache-2.0
/* The per-CPU ring buffers; see rings.h. */
#include "rings.h"
#include "host.h"
#include "log.h"
#include "sensor.skel.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

static int nposs;
static unsigned ring_size;
static int *ring_fds; /* by CPU; -1 for an offline CPU */

/* One ring as the kernel lays it out for mmap: page 0 the consumer position (ours to write), page 1 the producer
 * position, then the data pages. */
struct ring {
	unsigned long *consumer_pos;
	const unsigned long *producer_pos; /* mapped with the data that follows it */
	const uint8_t *data;
	void *ctx;
};

struct rings {
	struct ring *ring;
	int count;
	int epoll_fd;
	size_t page;
	rings_record_fn *on_record;
	uint8_t *bounce; /* a record that wraps at the end of the data area, in one piece */
	size_t bounce_cap;
};

int rings_create(struct sensor *skel, unsigned ring_bytes) {
	nposs = libbpf_num_possible_cpus();
	if(nposs <= 0) {
		die("cannot count the CPUs: %s", strerror(-nposs));
	}
	ring_size = ring_bytes;
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

static void map_ring(struct rings *rs, int cpu, int fd, void *ctx) {
	struct ring *r = &rs->ring[rs->count++];
	r->ctx = ctx;
	void *cons = mmap(NULL, rs->page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if(cons == MAP_FAILED) {
		die("cannot map the consumer page of CPU %d's ring: %s", cpu, strerror(errno));
	}
	void *prod = mmap(NULL, rs->page + ring_size, PROT_READ, MAP_SHARED, fd, (off_t)rs->page);
	if(prod == MAP_FAILED) {
		die("cannot map CPU %d's ring: %s", cpu, strerror(errno));
	}
	r->consumer_pos = cons;
	r->producer_pos = prod;
	r->data = (const uint8_t *)prod + rs->page;
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)cpu};
	if(epoll_ctl(rs->epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		die("cannot poll CPU %d's ring: %s", cpu, strerror(errno));
	}
}

void rings_discard(void) {
	for(int i = 0; ring_fds && i < nposs; i++) {
		if(ring_fds[i] >= 0) {
			close(ring_fds[i]);
		}
	}
	free(ring_fds);
	ring_fds = NULL;
}

struct rings *rings_open(struct sensor *skel, rings_record_fn *on_record, void *(*ctx_of)(int cpu)) {
	struct rings *rs = calloc(1, sizeof(*rs));
	if(rs) {
		rs->ring = calloc((size_t)nposs, sizeof(*rs->ring));
	}
	if(!rs || !rs->ring) {
		die("out of memory");
	}
	rs->page = (size_t)sysconf(_SC_PAGESIZE);
	rs->on_record = on_record;
	rs->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if(rs->epoll_fd < 0) {
		die("cannot create an epoll descriptor: %s", strerror(errno));
	}
	int rings_fd = bpf_map__fd(skel->maps.rings);
	for(int i = 0; i < nposs; i++) {
		if(ring_fds[i] < 0) {
			continue;
		}
		__u32 key = (__u32)i;
		if(bpf_map_update_elem(rings_fd, &key, &ring_fds[i], BPF_ANY) != 0) {
			die("cannot install the ring buffer of CPU %d: %s", i, strerror(errno));
		}
		map_ring(rs, i, ring_fds[i], ctx_of(i));
	}
	return rs;
}

int rings_poll_fd(const struct rings *rs) {
	return rs->epoll_fd;
}

/* The data of a record that starts at `off` and runs past the end of the data area, in one piece. */
static const void *unwrap(struct rings *rs, const struct ring *r, size_t off, size_t size) {
	if(size > rs->bounce_cap) {
		rs->bounce = realloc(rs->bounce, size);
		if(!rs->bounce) {
			die("out of memory reading a ring");
		}
		rs->bounce_cap = size;
	}
	size_t first = ring_size - off;
	memcpy(rs->bounce, r->data + off, first);
	memcpy(rs->bounce + first, r->data, size - first);
	return rs->bounce;
}

/* The kernel's protocol (kernel/bpf/ringbuf.c): each record starts with an 8-byte header, its length word carrying a
 * busy bit while the producer writes it and a discard bit if it was dropped; records are 8-byte aligned, so a header
 * never wraps, data may. */
static void consume_ring(struct rings *rs, struct ring *r) {
	const size_t mask = ring_size - 1;
	unsigned long cons = __atomic_load_n(r->consumer_pos, __ATOMIC_ACQUIRE);
	for(;;) {
		unsigned long prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
		if(cons >= prod) {
			return;
		}
		while(cons < prod) {
			const uint32_t *hdr = (const uint32_t *)(r->data + (cons & mask));
			uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
			if(len & BPF_RINGBUF_BUSY_BIT) {
				return; /* still being written: the records after it wait for the next round */
			}
			uint32_t size = len & ~(uint32_t)(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
			if(!(len & BPF_RINGBUF_DISCARD_BIT)) {
				size_t off = (cons + BPF_RINGBUF_HDR_SZ) & mask;
				const void *rec = off + size <= ring_size ? r->data + off : unwrap(rs, r, off, size);
				rs->on_record(r->ctx, rec, size);
			}
			cons += (size + BPF_RINGBUF_HDR_SZ + 7) & ~7ul;
			__atomic_store_n(r->consumer_pos, cons, __ATOMIC_RELEASE);
		}
	}
}

void rings_consume(struct rings *rs) {
	for(int i = 0; i < rs->count; i++) {
		consume_ring(rs, &rs->ring[i]);
	}
}

void rings_close(struct rings *rs) {
	for(int i = 0; i < rs->count; i++) {
		munmap(rs->ring[i].consumer_pos, rs->page);
		munmap((void *)rs->ring[i].producer_pos, rs->page + ring_size);
	}
	close(rs->epoll_fd);
	free(rs->bounce);
	free(rs->ring);
	free(rs);
	for(int i = 0; i < nposs; i++) {
		if(ring_fds[i] >= 0) {
			close(ring_fds[i]);
		}
	}
}
