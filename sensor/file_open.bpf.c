// SPDX-License-Identifier: GPL-2.0-only
/*
 * Opening files: open, openat, openat2, creat, open_by_handle_at. One exit event each, carrying the
 * call's arguments (read from the saved registers) and, on success, the device and inode of the new
 * descriptor and whether the call created the file.
 */
#include "helpers/syscall.h"
#include "helpers/file.h"

/* flags: the PPM_O_* of the call, plus PPM_O_F_CREATED and the overlayfs layer of the result. */
static __always_inline __u32 open__flags(__u32 kflags, long fd, struct file *f) {
	__u32 flags = flags__open(kflags);
	if(f) {
		flags |= file__created(f) | file__overlay_layer(f);
	}
	return flags;
}

/* The name parameter, pushed where the prefilter can find it: its offset in the block, then its length. */
static __always_inline __u32 open__push_name(struct event *e, const void *name, __u32 *len) {
	__u32 at = e->pos;
	event__str_user(e, name, WIRE_MAX_PATH);
	*len = e->pos - at;
	return at;
}

/*
 * Sends the event, unless the prefilter (helpers/prefilter.h) says no rule can match it: then a failed open is dropped
 * and a successful one waits in its process's slot when it can. A successful open Peregrine sees makes its
 * descriptor fresh.
 */
static __always_inline void open__send(struct event *e, __u32 type, long ret, __u32 flags, __u32 mode, __u32 name_at,
                                       __u32 name_len) {
	__u64 tid = event__current_tid();
	enum pf_verdict v = prefilter__open(type, ret, flags, mode, &e->buf[name_at & OFF_MASK], name_len);
	if(v == PF_DROP) {
		prefilter__count_drop();
		return;
	}
	if(v == PF_DEFER) {
		__u32 total = event__finish(e, tid);
		if(total && prefilter__defer(e->buf, total, ret)) {
			return;
		}
	}
	if(event__submit(e, tid) && ret >= 0) {
		prefilter__opened(ret);
	}
}

static __always_inline void open__push_dev_ino(struct event *e, struct file *f) {
	event__u32(e, f ? file__dev(f) : 0); /* dev (type: UINT32) */
	event__u64(e, f ? file__ino(f) : 0); /* ino (type: UINT64) */
}

/* A failed open the prefilter drops is dropped before anything is built (helpers/prefilter.h). */
SYSCALL_EXIT(open) {
	if(prefilter__drop_failed(0, ret, flags__open(arg(1)), flags__open_mode(arg(1), arg(2)), (void *)arg(0))) {
		return 0;
	}
	struct event e;
	if(!event__begin(&e, PPME_OPEN_X, 6)) {
		return 0;
	}
	struct file *f = ret >= 0 ? file__from_fd(ret) : NULL;
	__u32 kflags = arg(1), name_len;
	event__s64(&e, ret);                                            /* fd (type: FD) */
	__u32 name_at = open__push_name(&e, (void *)arg(0), &name_len); /* name (type: FSPATH) */
	__u32 flags = open__flags(kflags, ret, f);
	__u32 mode = flags__open_mode(kflags, arg(2));
	event__u32(&e, flags);     /* flags (type: FLAGS32) */
	event__u32(&e, mode);      /* mode (type: UINT32) */
	open__push_dev_ino(&e, f); /* dev, ino */
	open__send(&e, 0, ret, flags, mode, name_at, name_len);
	return 0;
}

SYSCALL_EXIT(openat) {
	if(prefilter__drop_failed(1, ret, flags__open(arg(2)), flags__open_mode(arg(2), arg(3)), (void *)arg(1))) {
		return 0;
	}
	struct event e;
	if(!event__begin(&e, PPME_OPENAT_2_X, 7)) {
		return 0;
	}
	struct file *f = ret >= 0 ? file__from_fd(ret) : NULL;
	__u32 kflags = arg(2), name_len;
	event__s64(&e, ret);                                            /* fd (type: FD) */
	event__s64(&e, syscall__fd(arg(0)));                            /* dirfd (type: FD) */
	__u32 name_at = open__push_name(&e, (void *)arg(1), &name_len); /* name (type: FSRELPATH) */
	__u32 flags = open__flags(kflags, ret, f);
	__u32 mode = flags__open_mode(kflags, arg(3));
	event__u32(&e, flags);     /* flags (type: FLAGS32) */
	event__u32(&e, mode);      /* mode (type: UINT32) */
	open__push_dev_ino(&e, f); /* dev, ino */
	open__send(&e, 1, ret, flags, mode, name_at, name_len);
	return 0;
}

/* openat2's flags, mode and resolve come from a user struct open_how {u64 flags, mode, resolve}. */
SYSCALL_EXIT(openat2) {
	struct open_how how = {};
	bool how_read = bpf_probe_read_user(&how, sizeof(how), (void *)arg(2)) == 0;
	if(prefilter__drop_failed(2, ret, flags__open(how.flags), flags__open_mode(how.flags, how.mode), (void *)arg(1))) {
		return 0;
	}
	struct event e;
	if(!event__begin(&e, PPME_OPENAT2_X, 8)) {
		return 0;
	}
	if(!how_read) {
		event__fault();
	}
	struct file *f = ret >= 0 ? file__from_fd(ret) : NULL;
	__u32 name_len;
	event__s64(&e, ret);                                            /* fd (type: FD) */
	event__s64(&e, syscall__fd(arg(0)));                            /* dirfd (type: FD) */
	__u32 name_at = open__push_name(&e, (void *)arg(1), &name_len); /* name (type: FSRELPATH) */
	__u32 flags = open__flags(how.flags, ret, f);
	__u32 mode = flags__open_mode(how.flags, how.mode);
	event__u32(&e, flags); /* flags (type: FLAGS32) */
	event__u32(&e, mode);  /* mode (type: UINT32) */
	/* resolve (type: FLAGS32): RESOLVE_NO_XDEV 1, NO_MAGICLINKS 2, NO_SYMLINKS 4, BENEATH 8,
	 * IN_ROOT 16, CACHED 32 keep their bits in PPM_RESOLVE_* */
	event__u32(&e, how.resolve & 0x3f);
	open__push_dev_ino(&e, f); /* dev, ino */
	open__send(&e, 2, ret, flags, mode, name_at, name_len);
	return 0;
}

/* creat carries no flags parameter: Peregrine's state reads its flags as 0, and so does the prefilter. */
SYSCALL_EXIT(creat) {
	if(prefilter__drop_failed(3, ret, 0, flags__mode(arg(1)), (void *)arg(0))) {
		return 0;
	}
	struct event e;
	if(!event__begin(&e, PPME_CREAT_X, 6)) {
		return 0;
	}
	struct file *f = ret >= 0 ? file__from_fd(ret) : NULL;
	__u32 name_len;
	event__s64(&e, ret);                                            /* fd (type: FD) */
	__u32 name_at = open__push_name(&e, (void *)arg(0), &name_len); /* name (type: FSPATH) */
	__u32 mode = flags__mode(arg(1));
	event__u32(&e, mode);      /* mode (type: UINT32) */
	open__push_dev_ino(&e, f); /* dev, ino */
	/* creat_flags (type: FLAGS16): the overlayfs layer, as PPM_FD_UPPER_LAYER_CREAT (1 << 0) or
	 * PPM_FD_LOWER_LAYER_CREAT (1 << 1), since PPM_FD_*_LAYER do not fit in 16 bits */
	__u32 layer = f ? file__overlay_layer(f) : 0;
	event__u16(&e, layer == PPM_FD_UPPER_LAYER ? 1 : layer == PPM_FD_LOWER_LAYER ? 2 : 0);
	open__send(&e, 3, ret, 0, mode, name_at, name_len);
	return 0;
}

SYSCALL_EXIT(open_by_handle_at) {
	struct event e;
	if(!event__begin(&e, PPME_OPEN_BY_HANDLE_AT_X, 6)) {
		return 0;
	}
	struct file *f = ret >= 0 ? file__from_fd(ret) : NULL;
	__u32 kflags = arg(2);
	event__s64(&e, ret);                         /* fd (type: FD) */
	event__s64(&e, syscall__fd(arg(0)));         /* mountfd (type: FD) */
	event__u32(&e, open__flags(kflags, ret, f)); /* flags (type: FLAGS32) */
	if(f) {                                      /* path (type: FSPATH) */
		file__push_path(&e, &f->f_path);
	} else {
		event__empty(&e);
	}
	open__push_dev_ino(&e, f); /* dev, ino */
	event__submit(&e, event__current_tid());
	return 0;
}
