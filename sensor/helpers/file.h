/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Files: from a descriptor number to its struct file, and from there to the device and inode
 * numbers, the overlayfs layer, the "created by this open" bit, and a path.
 *
 * Layer: file (kernel reads) → event (writers). Used by the file, process and network programs.
 */
#ifndef SENSOR_FILE_H
#define SENSOR_FILE_H

#include "event.h"
#include "kernel_defs.h"
#include "flags.h"
#include <bpf/bpf_core_read.h>

/* Inode timestamps: i_mtime (< 6.6), __i_mtime (6.6 .. 6.10), i_mtime_sec/_nsec (6.11+). */
struct inode___pre66 {
	struct timespec64 i_mtime;
	struct timespec64 i_ctime;
} __attribute__((preserve_access_index));
struct inode___pre611 {
	struct timespec64 __i_mtime;
	struct timespec64 __i_ctime;
} __attribute__((preserve_access_index));

/*
 * Two ways to read a struct file, chosen at build time (the Makefile builds the programs both ways; the loader picks
 * one, sensor/README.md "Kernel reads"):
 *   SENSOR_DIRECT_READS  the pointer is cast to its BTF type with the bpf_rdonly_cast kfunc (Linux 6.2+), after which
 *                        a field is one load the verifier guards with an exception-table entry;
 *   otherwise            each field is a bpf_probe_read_kernel call (BPF_CORE_READ), which works on every kernel the
 *                        sensor supports and costs a helper call per field.
 * The open family reads 10 fields of the new file on every successful open: direct reads made tp_openat 374 -> 267 ns
 * with the syscall arguments read directly as well (bench/sensor-programs.ts).
 */
#ifdef SENSOR_DIRECT_READS
extern void *bpf_rdonly_cast(const void *obj__ign, __u32 btf_id__k) __ksym;
/* Free at run time: the verifier turns the kfunc call into a register move. */
#define file__btf(p) ((struct file *)bpf_rdonly_cast((p), bpf_core_type_id_kernel(struct file)))
#endif

/* The struct file behind descriptor `fd` of the current task, or NULL. */
static __always_inline struct file *file__from_fd(__s64 fd) {
	if(fd < 0) {
		return NULL;
	}
#ifdef SENSOR_DIRECT_READS
	struct fdtable *fdt = bpf_get_current_task_btf()->files->fdt;
	if((__u64)fd >= fdt->max_fds) {
		return NULL;
	}
	struct file **fds = fdt->fd; /* an array of pointers: the verifier sees a number, so the element is read */
#else
	struct fdtable *fdt = BPF_CORE_READ(bpf_get_current_task_btf(), files, fdt);
	if((__u64)fd >= BPF_CORE_READ(fdt, max_fds)) {
		return NULL;
	}
	struct file **fds = BPF_CORE_READ(fdt, fd);
#endif
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* st_dev as userspace sees it: new_encode_dev of the superblock's device. */
static __always_inline __u32 file__dev(struct file *f) {
#ifdef SENSOR_DIRECT_READS
	__u32 dev = file__btf(f)->f_inode->i_sb->s_dev;
#else
	__u32 dev = BPF_CORE_READ(f, f_inode, i_sb, s_dev);
#endif
	__u32 major = dev >> 20, minor = dev & 0xfffff;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline __u64 file__ino(struct file *f) {
#ifdef SENSOR_DIRECT_READS
	return file__btf(f)->f_inode->i_ino;
#else
	return BPF_CORE_READ(f, f_inode, i_ino);
#endif
}

/* PPM_FD_UPPER_LAYER / PPM_FD_LOWER_LAYER for files on overlayfs (container images), else 0. */
static __always_inline __u32 file__overlay_layer(struct file *f) {
#ifdef SENSOR_DIRECT_READS
	struct inode *inode = file__btf(f)->f_inode;
	if(inode->i_sb->s_magic != K_OVERLAYFS_SUPER_MAGIC) {
		return 0;
	}
#else
	struct inode *inode = BPF_CORE_READ(f, f_inode);
	if(BPF_CORE_READ(inode, i_sb, s_magic) != K_OVERLAYFS_SUPER_MAGIC) {
		return 0;
	}
#endif
	struct ovl_inode *oi = container_of(inode, struct ovl_inode, vfs_inode);
	return BPF_CORE_READ(oi, __upperdentry) ? PPM_FD_UPPER_LAYER : PPM_FD_LOWER_LAYER;
}

/* PPM_O_F_CREATED when this open created the file (FMODE_CREATED in f_mode). */
static __always_inline __u32 file__created(struct file *f) {
#ifdef SENSOR_DIRECT_READS
	return (file__btf(f)->f_mode & K_FMODE_CREATED) ? PPM_O_F_CREATED : 0;
#else
	return (BPF_CORE_READ(f, f_mode) & K_FMODE_CREATED) ? PPM_O_F_CREATED : 0;
#endif
}

static __always_inline __u64 file__time_ns(struct inode *inode, bool ctime) {
	__s64 sec;
	__s64 nsec;
	if(bpf_core_field_exists(inode->i_mtime_sec)) {
		sec = ctime ? BPF_CORE_READ(inode, i_ctime_sec) : BPF_CORE_READ(inode, i_mtime_sec);
		nsec = ctime ? BPF_CORE_READ(inode, i_ctime_nsec) : BPF_CORE_READ(inode, i_mtime_nsec);
	} else if(bpf_core_field_exists(((struct inode___pre611 *)0)->__i_mtime)) {
		struct inode___pre611 *i = (void *)inode;
		sec = ctime ? BPF_CORE_READ(i, __i_ctime.tv_sec) : BPF_CORE_READ(i, __i_mtime.tv_sec);
		nsec = ctime ? BPF_CORE_READ(i, __i_ctime.tv_nsec) : BPF_CORE_READ(i, __i_mtime.tv_nsec);
	} else {
		struct inode___pre66 *i = (void *)inode;
		sec = ctime ? BPF_CORE_READ(i, i_ctime.tv_sec) : BPF_CORE_READ(i, i_mtime.tv_sec);
		nsec = ctime ? BPF_CORE_READ(i, i_ctime.tv_nsec) : BPF_CORE_READ(i, i_mtime.tv_nsec);
	}
	return (__u64)sec * 1000000000ull + (__u64)nsec;
}

/* A memfd's dentry is its own parent and is named "memfd:<name>" (mm/memfd.c). */
static __always_inline bool file__is_memfd(struct file *f) {
	struct dentry *d = BPF_CORE_READ(f, f_path.dentry);
	if(!d || BPF_CORE_READ(d, d_parent) != d) {
		return false;
	}
	char prefix[7] = {};
	bpf_probe_read_kernel_str(prefix, sizeof(prefix), BPF_CORE_READ(d, d_name.name));
	return prefix[0] == 'm' && prefix[1] == 'e' && prefix[2] == 'm' && prefix[3] == 'f' && prefix[4] == 'd' &&
	       prefix[5] == ':';
}

/*
 * Writes the path of `path` as d_path() would show it to the current task: components walked up to
 * the task's root, crossing mount points, then written root first. A file with no name in the tree
 * (a memfd, an anonymous inode) is written as "/<name> (deleted)" like /proc/<pid>/exe shows it.
 * Deeper than PATH_MAX_DEPTH components, the leading ones are dropped.
 *
 * Both walks run in bpf_loop callbacks: the verifier checks a callback once, where an unrolled
 * loop with a variable write offset made it explore more than a million states.
 */
#define PATH_MAX_DEPTH 64
#define PATH_MAX_STEPS 96

struct path_walk {
	struct event *e;
	__u64 *names; /* component name pointers, in the scratch tail */
	struct dentry *d;
	struct vfsmount *vmnt;
	struct mount *mnt;
	struct dentry *mnt_root;
	struct dentry *root_d;
	struct vfsmount *root_m;
	__u32 depth;
	bool detached;
};

static long path__step(__u32 i, void *arg) {
	struct path_walk *w = arg;
	/* CO-RE reads take locals: a relocation through `w->` would target struct path_walk. */
	struct dentry *d = w->d;
	struct mount *mnt = w->mnt;
	if(d == w->root_d && w->vmnt == w->root_m) {
		return 1;
	}
	if(d == w->mnt_root) {
		struct mount *parent = BPF_CORE_READ(mnt, mnt_parent);
		if(parent == mnt) {
			return 1; /* the root of the mount tree */
		}
		w->d = BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = parent;
		struct vfsmount *vmnt = &parent->mnt;
		w->vmnt = vmnt;
		w->mnt_root = BPF_CORE_READ(vmnt, mnt_root);
		return 0;
	}
	struct dentry *parent = BPF_CORE_READ(d, d_parent);
	if(w->depth < PATH_MAX_DEPTH) {
		w->names[w->depth & (PATH_MAX_DEPTH - 1)] = (__u64)BPF_CORE_READ(d, d_name.name);
		w->depth++;
	}
	if(parent == d) {
		w->detached = true;
		return 1;
	}
	w->d = parent;
	return 0;
}

/* Writes "/" + names[depth - 1 - i]: the walk collected them leaf first. */
static long path__write_component(__u32 i, void *arg) {
	struct path_walk *w = arg;
	struct event *e = w->e;
	__u32 k = (w->depth - 1 - i) & (PATH_MAX_DEPTH - 1);
	event__put_u8(e, '/');
	long n = bpf_probe_read_kernel_str(&e->buf[e->pos & OFF_MASK], 256, (const void *)w->names[k]);
	if(n > 1) {
		e->pos += n - 1;
	}
	return 0;
}

static __always_inline void file__push_path(struct event *e, const struct path *path) {
	struct path_walk w = {.e = e};
	struct dentry *d0 = BPF_CORE_READ(path, dentry);
	struct vfsmount *m0 = BPF_CORE_READ(path, mnt);
	w.d = d0;
	w.vmnt = m0;
	if(!w.d || !w.vmnt) {
		event__empty(e);
		return;
	}
	struct task_struct *t = bpf_get_current_task_btf();
	w.root_d = BPF_CORE_READ(t, fs, root.dentry);
	w.root_m = BPF_CORE_READ(t, fs, root.mnt);
	struct vfsmount *vmnt = w.vmnt;
	w.mnt = container_of(vmnt, struct mount, mnt);
	w.mnt_root = BPF_CORE_READ(vmnt, mnt_root);
	/* Component name pointers are kept in the scratch tail, not on the 512-byte BPF stack. */
	w.names = (__u64 *)&e->buf[SCRATCH_TMP_OFFSET];
	bpf_loop(PATH_MAX_STEPS, path__step, &w, 0);

	__u32 start = e->pos;
	if(w.depth == 0) {
		event__put_u8(e, '/');
	}
	bpf_loop(w.depth, path__write_component, &w, 0);
	if(w.detached) {
		const char suffix[] = " (deleted)";
		__builtin_memcpy(&e->buf[e->pos & OFF_MASK], suffix, sizeof(suffix) - 1);
		e->pos += sizeof(suffix) - 1;
	}
	event__put_u8(e, 0);
	event__len(e, e->pos - start);
}

#endif /* SENSOR_FILE_H */
