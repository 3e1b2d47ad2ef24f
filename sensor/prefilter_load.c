// SPDX-License-Identifier: Apache-2.0
/*
 * The prefilter's tables, from Peregrine's "prefilter BASE64" command into the kernel's maps (prefilter.h), one
 * generation at a time: the idle generation is filled, pf_active switches to it with one store, then the old
 * generation's entries go. "prefilter off" switches it off. Each change is acknowledged with
 * {"type":"prefilter",...} carrying the time it took effect (the clock of event timestamps), so that Peregrine can
 * tell which events were filtered by which tables.
 *
 * The blob (little-endian; src/engine/prefilter/encode.ts writes it):
 *   "PF1\0"
 *   u8 type_mode[4], u64 type_terms[4], u32 nfeatures, {u32 word, u32 mask} x nfeatures,
 *   u64 path_default, u64 comm_default, u32 defer,
 *   u32 nflags, u64 x nflags                        (nflags = 4 << nfeatures)
 *   u32 npaths, {u16 len, bytes[len], u64 mask} x npaths   (an exact name's bytes end with its NUL)
 *   u32 ncomms, {u8 len, bytes[len], u64 mask} x ncomms    (len <= 15)
 */
#include "prefilter_load.h"
#include "clock.h"
#include "control.h"
#include "log.h"
#include "prefilter.h"
#include "sensor.skel.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static struct sensor *skel;
static uint64_t boot_epoch_ns;
static uint32_t active; /* 0 off, 1 + generation */

/* What each generation holds, to clear it later. */
static struct pf_path_key *gen_paths[2];
static size_t gen_npaths[2];
static struct pf_comm_key *gen_comms[2];
static size_t gen_ncomms[2];

void prefilter_init(struct sensor *s, uint64_t epoch_ns) {
	skel = s;
	boot_epoch_ns = epoch_ns;
}

/* ---- decoding ---- */

static int b64_value(int c) {
	if(c >= 'A' && c <= 'Z') {
		return c - 'A';
	}
	if(c >= 'a' && c <= 'z') {
		return c - 'a' + 26;
	}
	if(c >= '0' && c <= '9') {
		return c - '0' + 52;
	}
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes base64 into a new buffer; NULL on a bad character. */
static uint8_t *b64_decode(const char *s, size_t *out_len) {
	size_t n = strlen(s);
	uint8_t *out = malloc(n / 4 * 3 + 3);
	if(!out) {
		return NULL;
	}
	size_t len = 0;
	uint32_t acc = 0;
	int bits = 0;
	for(size_t i = 0; i < n; i++) {
		if(s[i] == '=') {
			break;
		}
		int v = b64_value((unsigned char)s[i]);
		if(v < 0) {
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if(bits >= 8) {
			bits -= 8;
			out[len++] = (uint8_t)(acc >> bits);
		}
	}
	*out_len = len;
	return out;
}

struct reader {
	const uint8_t *p;
	size_t left;
	bool bad;
};

static const uint8_t *take(struct reader *r, size_t n) {
	if(r->bad || r->left < n) {
		r->bad = true;
		return NULL;
	}
	const uint8_t *p = r->p;
	r->p += n;
	r->left -= n;
	return p;
}

static uint64_t take_uint(struct reader *r, size_t n) {
	const uint8_t *p = take(r, n);
	uint64_t v = 0;
	for(size_t i = 0; p && i < n; i++) {
		v |= (uint64_t)p[i] << (8 * i);
	}
	return v;
}

/* ---- applying ---- */

static void clear_generation(uint32_t gen) {
	int paths_fd = bpf_map__fd(skel->maps.pf_paths), comms_fd = bpf_map__fd(skel->maps.pf_comms);
	for(size_t i = 0; i < gen_npaths[gen]; i++) {
		bpf_map_delete_elem(paths_fd, &gen_paths[gen][i]);
	}
	for(size_t i = 0; i < gen_ncomms[gen]; i++) {
		bpf_map_delete_elem(comms_fd, &gen_comms[gen][i]);
	}
	free(gen_paths[gen]);
	free(gen_comms[gen]);
	gen_paths[gen] = NULL;
	gen_comms[gen] = NULL;
	gen_npaths[gen] = gen_ncomms[gen] = 0;
}

static void ack(const char *error, size_t npaths, size_t ncomms) {
	uint64_t ts = clock_ns(CLOCK_BOOTTIME) + boot_epoch_ns;
	if(error) {
		control_status("{\"type\":\"prefilter\",\"error\":\"%s\",\"active\":%u,\"ts\":%" PRIu64 "}", error, active, ts);
		return;
	}
	control_status("{\"type\":\"prefilter\",\"active\":%u,\"paths\":%zu,\"comms\":%zu,\"ts\":%" PRIu64 "}", active,
	               npaths, ncomms, ts);
}

/* Fills generation `gen` from the blob; returns an error sentence or NULL. */
static const char *fill(uint32_t gen, struct reader *r, size_t *npaths_out, size_t *ncomms_out) {
	const uint8_t *magic = take(r, 4);
	if(!magic || memcmp(magic, "PF1", 4) != 0) {
		return "not a prefilter table (bad magic)";
	}
	struct pf_config cfg = {0};
	for(int i = 0; i < PF_TYPES; i++) {
		cfg.type_mode[i] = (uint8_t)take_uint(r, 1);
	}
	for(int i = 0; i < PF_TYPES; i++) {
		cfg.type_terms[i] = take_uint(r, 8);
	}
	cfg.nfeatures = (uint32_t)take_uint(r, 4);
	if(cfg.nfeatures > PF_MAX_FEATURES) {
		return "too many features";
	}
	for(uint32_t i = 0; i < cfg.nfeatures; i++) {
		cfg.features[i].word = (uint32_t)take_uint(r, 4);
		cfg.features[i].mask = (uint32_t)take_uint(r, 4);
	}
	cfg.path_default = take_uint(r, 8);
	cfg.comm_default = take_uint(r, 8);
	cfg.defer = (uint32_t)take_uint(r, 4);
	static uint32_t last_serial;
	cfg.serial = ++last_serial; /* the kernel's caches of this fill's answers are keyed by it */

	uint32_t nflags = (uint32_t)take_uint(r, 4);
	if(r->bad || nflags != ((uint32_t)PF_TYPES << cfg.nfeatures)) {
		return "the flags table does not match the features";
	}
	int flags_fd = bpf_map__fd(skel->maps.pf_flags);
	for(uint32_t i = 0; i < nflags; i++) {
		uint64_t m = take_uint(r, 8);
		uint32_t key = gen * PF_FLAGS_ENTRIES + i;
		if(r->bad || bpf_map_update_elem(flags_fd, &key, &m, BPF_ANY) != 0) {
			return r->bad ? "truncated flags table" : "cannot write the flags table";
		}
	}

	uint32_t npaths = (uint32_t)take_uint(r, 4);
	if(npaths > PF_MAX_PATHS) {
		return "too many paths";
	}
	gen_paths[gen] = calloc(npaths ? npaths : 1, sizeof(struct pf_path_key));
	int paths_fd = bpf_map__fd(skel->maps.pf_paths);
	for(uint32_t i = 0; i < npaths; i++) {
		uint32_t len = (uint32_t)take_uint(r, 2);
		const uint8_t *bytes = len <= PF_PATH_BYTES ? take(r, len) : NULL;
		uint64_t m = take_uint(r, 8);
		if(!bytes || r->bad) {
			return "bad path entry";
		}
		struct pf_path_key *k = &gen_paths[gen][gen_npaths[gen]];
		k->prefixlen = 8 + 8 * len;
		k->gen = (uint8_t)gen;
		memcpy(k->data, bytes, len);
		if(bpf_map_update_elem(paths_fd, k, &m, BPF_ANY) != 0) {
			return "cannot write a path";
		}
		gen_npaths[gen]++;
	}

	uint32_t ncomms = (uint32_t)take_uint(r, 4);
	if(ncomms > PF_MAX_COMMS) {
		return "too many names";
	}
	gen_comms[gen] = calloc(ncomms ? ncomms : 1, sizeof(struct pf_comm_key));
	int comms_fd = bpf_map__fd(skel->maps.pf_comms);
	for(uint32_t i = 0; i < ncomms; i++) {
		uint32_t len = (uint32_t)take_uint(r, 1);
		const uint8_t *bytes = len < PF_COMM_BYTES ? take(r, len) : NULL;
		uint64_t m = take_uint(r, 8);
		if(!bytes || r->bad) {
			return "bad name entry";
		}
		struct pf_comm_key *k = &gen_comms[gen][gen_ncomms[gen]];
		k->gen = (uint8_t)gen;
		memcpy(k->comm, bytes, len);
		if(bpf_map_update_elem(comms_fd, k, &m, BPF_ANY) != 0) {
			return "cannot write a name";
		}
		gen_ncomms[gen]++;
	}
	if(r->left != 0) {
		return "trailing bytes";
	}
	uint32_t key = gen;
	if(bpf_map_update_elem(bpf_map__fd(skel->maps.pf_config), &key, &cfg, BPF_ANY) != 0) {
		return "cannot write the settings";
	}
	*npaths_out = npaths;
	*ncomms_out = ncomms;
	return NULL;
}

void prefilter_command(const char *arg) {
	if(strcmp(arg, "off") == 0) {
		uint32_t old = active;
		skel->bss->pf_active = active = 0;
		if(old) {
			clear_generation(old - 1);
		}
		ack(NULL, 0, 0);
		return;
	}
	size_t len = 0;
	uint8_t *blob = b64_decode(arg, &len);
	if(!blob) {
		ack("not base64", 0, 0);
		return;
	}
	uint32_t gen = active == 1 ? 1 : 0; /* the idle generation */
	clear_generation(gen);
	struct reader r = {blob, len, false};
	size_t npaths = 0, ncomms = 0;
	const char *error = fill(gen, &r, &npaths, &ncomms);
	free(blob);
	if(error) {
		clear_generation(gen);
		ack(error, 0, 0);
		return;
	}
	uint32_t old = active;
	if(old == 0) {
		/* from off to on: slots and fresh bits were not kept meanwhile (helpers/prefilter.h) */
		skel->bss->pf_epoch++;
	}
	__atomic_store_n(&skel->bss->pf_active, gen + 1, __ATOMIC_SEQ_CST);
	active = gen + 1;
	ack(NULL, npaths, ncomms);
	if(old) {
		clear_generation(old - 1);
	}
}

void prefilter_names_known(void) {
	skel->bss->pf_names_known = 1;
}
