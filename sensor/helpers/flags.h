/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel flag values → the PPM_* encodings of Falco's event table (driver/ppm_events_public.h).
 * Rules test these bits by name (`evt.arg.flags contains O_TRUNC`, `evt.arg.mode contains S_ISUID`),
 * so each conversion must give exactly the bit Falco's drivers give.
 *
 * Layer: flags (no map access, no kernel reads). Used by the per-syscall programs, and by the
 * loader's /proc scan for the open flags of the descriptors it finds.
 */
#ifndef SENSOR_FLAGS_H
#define SENSOR_FLAGS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

#include "kernel_defs.h"

/* PPM_O_* (open flags) */
#define PPM_O_RDONLY (1 << 0)
#define PPM_O_WRONLY (1 << 1)
#define PPM_O_RDWR (PPM_O_RDONLY | PPM_O_WRONLY)
#define PPM_O_CREAT (1 << 2)
#define PPM_O_APPEND (1 << 3)
#define PPM_O_DSYNC (1 << 4)
#define PPM_O_EXCL (1 << 5)
#define PPM_O_NONBLOCK (1 << 6)
#define PPM_O_SYNC (1 << 7)
#define PPM_O_TRUNC (1 << 8)
#define PPM_O_DIRECT (1 << 9)
#define PPM_O_DIRECTORY (1 << 10)
#define PPM_O_LARGEFILE (1 << 11)
#define PPM_O_CLOEXEC (1 << 12)
#define PPM_O_TMPFILE (1 << 13)
#define PPM_O_F_CREATED (1 << 14)
#define PPM_FD_UPPER_LAYER (1 << 15)
#define PPM_FD_LOWER_LAYER (1 << 16)

/* PPM_S_* (permission bits) */
#define PPM_S_IXOTH (1 << 0)
#define PPM_S_IWOTH (1 << 1)
#define PPM_S_IROTH (1 << 2)
#define PPM_S_IXGRP (1 << 3)
#define PPM_S_IWGRP (1 << 4)
#define PPM_S_IRGRP (1 << 5)
#define PPM_S_IXUSR (1 << 6)
#define PPM_S_IWUSR (1 << 7)
#define PPM_S_IRUSR (1 << 8)
#define PPM_S_ISVTX (1 << 9)
#define PPM_S_ISGID (1 << 10)
#define PPM_S_ISUID (1 << 11)

/* PPM_CL_* (clone, unshare and setns flags) */
#define PPM_CL_CLONE_FILES (1 << 0)
#define PPM_CL_CLONE_FS (1 << 1)
#define PPM_CL_CLONE_IO (1 << 2)
#define PPM_CL_CLONE_NEWIPC (1 << 3)
#define PPM_CL_CLONE_NEWNET (1 << 4)
#define PPM_CL_CLONE_NEWNS (1 << 5)
#define PPM_CL_CLONE_NEWPID (1 << 6)
#define PPM_CL_CLONE_NEWUTS (1 << 7)
#define PPM_CL_CLONE_PARENT (1 << 8)
#define PPM_CL_CLONE_PARENT_SETTID (1 << 9)
#define PPM_CL_CLONE_PTRACE (1 << 10)
#define PPM_CL_CLONE_SIGHAND (1 << 11)
#define PPM_CL_CLONE_SYSVSEM (1 << 12)
#define PPM_CL_CLONE_THREAD (1 << 13)
#define PPM_CL_CLONE_UNTRACED (1 << 14)
#define PPM_CL_CLONE_VM (1 << 15)
#define PPM_CL_CLONE_NEWUSER (1 << 20)
#define PPM_CL_CLONE_CHILD_CLEARTID (1 << 23)
#define PPM_CL_CLONE_CHILD_SETTID (1 << 24)
#define PPM_CL_CLONE_SETTLS (1 << 25)
#define PPM_CL_CLONE_VFORK (1 << 27)
#define PPM_CL_CLONE_NEWCGROUP (1 << 28)
#define PPM_CL_CHILD_IN_PIDNS (1 << 29)

/* PPM_AF_* */
#define PPM_AF_UNSPEC 0
#define PPM_AF_UNIX 1
#define PPM_AF_INET 2
#define PPM_AF_INET6 10
#define PPM_AF_NETLINK 16
#define PPM_AF_PACKET 17

/* execve flags parameter */
#define PPM_EXE_WRITABLE (1 << 0)
#define PPM_EXE_UPPER_LAYER (1 << 1)
#define PPM_EXE_FROM_MEMFD (1 << 2)
#define PPM_EXE_LOWER_LAYER (1 << 3)

/* ptrace: request codes and the DYN parameter's type selector */
#define PPM_PTRACE_IDX_UINT64 0
#define PPM_PTRACE_IDX_SIGTYPE 1

/* mount(2): the obsolete magic in the top 16 bits, ignored as Falco does */
#define PPM_MS_MGC_MSK 0xffff0000
#define PPM_MS_MGC_VAL 0xC0ED0000

/* A compact way to write "if kernel bit set, set PPM bit". */
#define MAP_BIT(in, kbit, pbit) (((in) & (kbit)) ? (pbit) : 0)

static __always_inline __u32 flags__open(__u32 f) {
	__u32 r;
	switch(f & K_O_ACCMODE) {
	case K_O_WRONLY: r = PPM_O_WRONLY; break;
	case K_O_RDWR: r = PPM_O_RDWR; break;
	default: r = PPM_O_RDONLY; break;
	}
	r |= MAP_BIT(f, K_O_CREAT, PPM_O_CREAT);
	r |= ((f & K_O_TMPFILE) == K_O_TMPFILE) ? PPM_O_TMPFILE : 0;
	r |= MAP_BIT(f, K_O_APPEND, PPM_O_APPEND);
	r |= MAP_BIT(f, K_O_DSYNC, PPM_O_DSYNC);
	r |= MAP_BIT(f, K_O_EXCL, PPM_O_EXCL);
	r |= MAP_BIT(f, K_O_NONBLOCK, PPM_O_NONBLOCK);
	r |= ((f & K_O_SYNC) == K_O_SYNC) ? PPM_O_SYNC : 0;
	r |= MAP_BIT(f, K_O_TRUNC, PPM_O_TRUNC);
	r |= MAP_BIT(f, K_O_DIRECT, PPM_O_DIRECT);
	r |= MAP_BIT(f, K_O_DIRECTORY, PPM_O_DIRECTORY);
	r |= MAP_BIT(f, K_O_LARGEFILE, PPM_O_LARGEFILE);
	r |= MAP_BIT(f, K_O_CLOEXEC, PPM_O_CLOEXEC);
	return r;
}

/* Permission bits of a mode, in PPM_S_* encoding (chmod, mkdir, open with O_CREAT). */
static __always_inline __u32 flags__mode(__u32 m) {
	__u32 r = 0;
	r |= MAP_BIT(m, 0001, PPM_S_IXOTH);
	r |= MAP_BIT(m, 0002, PPM_S_IWOTH);
	r |= MAP_BIT(m, 0004, PPM_S_IROTH);
	r |= MAP_BIT(m, 0010, PPM_S_IXGRP);
	r |= MAP_BIT(m, 0020, PPM_S_IWGRP);
	r |= MAP_BIT(m, 0040, PPM_S_IRGRP);
	r |= MAP_BIT(m, 0100, PPM_S_IXUSR);
	r |= MAP_BIT(m, 0200, PPM_S_IWUSR);
	r |= MAP_BIT(m, 0400, PPM_S_IRUSR);
	r |= MAP_BIT(m, K_S_ISVTX, PPM_S_ISVTX);
	r |= MAP_BIT(m, K_S_ISGID, PPM_S_ISGID);
	r |= MAP_BIT(m, K_S_ISUID, PPM_S_ISUID);
	return r;
}

/* open's mode only means something when the call may create a file. */
static __always_inline __u32 flags__open_mode(__u32 flags, __u32 mode) {
	if((flags & (K_O_CREAT | K_O_TMPFILE)) == 0) {
		return 0;
	}
	return flags__mode(mode);
}

static __always_inline __u32 flags__clone(__u64 f) {
	__u32 r = 0;
	r |= MAP_BIT(f, K_CLONE_FILES, PPM_CL_CLONE_FILES);
	r |= MAP_BIT(f, K_CLONE_FS, PPM_CL_CLONE_FS);
	r |= MAP_BIT(f, K_CLONE_IO, PPM_CL_CLONE_IO);
	r |= MAP_BIT(f, K_CLONE_NEWIPC, PPM_CL_CLONE_NEWIPC);
	r |= MAP_BIT(f, K_CLONE_NEWNET, PPM_CL_CLONE_NEWNET);
	r |= MAP_BIT(f, K_CLONE_NEWNS, PPM_CL_CLONE_NEWNS);
	r |= MAP_BIT(f, K_CLONE_NEWPID, PPM_CL_CLONE_NEWPID);
	r |= MAP_BIT(f, K_CLONE_NEWUTS, PPM_CL_CLONE_NEWUTS);
	r |= MAP_BIT(f, K_CLONE_PARENT_SETTID, PPM_CL_CLONE_PARENT_SETTID);
	r |= MAP_BIT(f, K_CLONE_PARENT, PPM_CL_CLONE_PARENT);
	r |= MAP_BIT(f, K_CLONE_PTRACE, PPM_CL_CLONE_PTRACE);
	r |= MAP_BIT(f, K_CLONE_SIGHAND, PPM_CL_CLONE_SIGHAND);
	r |= MAP_BIT(f, K_CLONE_SYSVSEM, PPM_CL_CLONE_SYSVSEM);
	r |= MAP_BIT(f, K_CLONE_THREAD, PPM_CL_CLONE_THREAD);
	r |= MAP_BIT(f, K_CLONE_UNTRACED, PPM_CL_CLONE_UNTRACED);
	r |= MAP_BIT(f, K_CLONE_VM, PPM_CL_CLONE_VM);
	r |= MAP_BIT(f, K_CLONE_NEWUSER, PPM_CL_CLONE_NEWUSER);
	r |= MAP_BIT(f, K_CLONE_CHILD_CLEARTID, PPM_CL_CLONE_CHILD_CLEARTID);
	r |= MAP_BIT(f, K_CLONE_CHILD_SETTID, PPM_CL_CLONE_CHILD_SETTID);
	r |= MAP_BIT(f, K_CLONE_SETTLS, PPM_CL_CLONE_SETTLS);
	r |= MAP_BIT(f, K_CLONE_VFORK, PPM_CL_CLONE_VFORK);
	r |= MAP_BIT(f, K_CLONE_NEWCGROUP, PPM_CL_CLONE_NEWCGROUP);
	return r;
}

static __always_inline __u8 flags__family(__u32 family) {
	switch(family) {
	case K_AF_UNIX: return PPM_AF_UNIX;
	case K_AF_INET: return PPM_AF_INET;
	case K_AF_INET6: return PPM_AF_INET6;
	default:
		/* Falco's PPM_AF_* equal the kernel's AF_* for every family it names (netlink 16, packet
		 * 17, ...); families it does not name become PPM_AF_UNSPEC. */
		return family <= 39 && family != 27 && family != 28 ? (__u8)family : PPM_AF_UNSPEC;
	}
}

/* SOCK_NONBLOCK / SOCK_CLOEXEC carried in socket's type or accept4's flags. */
static __always_inline __u32 flags__socket(__u32 f) {
	return MAP_BIT(f, K_O_NONBLOCK, PPM_O_NONBLOCK) | MAP_BIT(f, K_O_CLOEXEC, PPM_O_CLOEXEC);
}

/* O_NONBLOCK/O_CLOEXEC families of eventfd2, signalfd4, inotify_init1, timerfd_create. */
static __always_inline __u16 flags__nonblock_cloexec(__s32 f) {
	if(f < 0) {
		return 0;
	}
	return MAP_BIT(f, K_O_NONBLOCK, PPM_O_NONBLOCK) | MAP_BIT(f, K_O_CLOEXEC, PPM_O_CLOEXEC);
}

static __always_inline __u32 flags__pipe2(__s32 f) {
	if(f < 0) {
		return 0;
	}
	return MAP_BIT(f, K_O_CLOEXEC, PPM_O_CLOEXEC) | MAP_BIT(f, K_O_DIRECT, PPM_O_DIRECT) |
	       MAP_BIT(f, K_O_NONBLOCK, PPM_O_NONBLOCK);
}

static __always_inline __u32 flags__unlinkat(__u32 f) {
	return MAP_BIT(f, K_AT_REMOVEDIR, 0x200 /* PPM_AT_REMOVEDIR */);
}

static __always_inline __u32 flags__linkat(__u32 f) {
	return MAP_BIT(f, K_AT_SYMLINK_FOLLOW, 0x400 /* PPM_AT_SYMLINK_FOLLOW */) |
	       MAP_BIT(f, K_AT_EMPTY_PATH, 0x1000 /* PPM_AT_EMPTY_PATH */);
}

static __always_inline __u32 flags__umount2(__u32 f) {
	/* MNT_FORCE 1, MNT_DETACH 2, MNT_EXPIRE 4, UMOUNT_NOFOLLOW 8 map to PPM bits 0..3 */
	return f & 0xf;
}

static __always_inline __u32 flags__memfd(__u32 f) {
	/* MFD_CLOEXEC 1, MFD_ALLOW_SEALING 2, MFD_HUGETLB 4 → PPM_MFD_* bits 0..2 */
	return f & 0x7;
}

static __always_inline __u32 flags__finit_module(__u32 f) {
	/* MODULE_INIT_IGNORE_MODVERSIONS 1, IGNORE_VERMAGIC 2, COMPRESSED_FILE 4 → the same bits */
	return f & 0x7;
}

static __always_inline __u32 flags__close_range(__u32 f) {
	/* CLOSE_RANGE_UNSHARE (1 << 1) and CLOSE_RANGE_CLOEXEC (1 << 2) keep their bits */
	return f & 0x6;
}

static __always_inline __u32 flags__pidfd_open(__u32 f) {
	return MAP_BIT(f, K_O_NONBLOCK, 1 /* PPM_PIDFD_NONBLOCK */);
}

static __always_inline __u8 flags__fcntl_cmd(__u32 cmd) {
	switch(cmd) {
	case 0: return 1;     /* F_DUPFD */
	case 1: return 2;     /* F_GETFD */
	case 2: return 3;     /* F_SETFD */
	case 3: return 4;     /* F_GETFL */
	case 4: return 5;     /* F_SETFL */
	case 5: return 6;     /* F_GETLK */
	case 6: return 8;     /* F_SETLK */
	case 7: return 9;     /* F_SETLKW */
	case 8: return 10;    /* F_SETOWN */
	case 9: return 12;    /* F_GETOWN */
	case 10: return 13;   /* F_SETSIG */
	case 11: return 15;   /* F_GETSIG */
	case 15: return 21;   /* F_SETOWN_EX */
	case 16: return 22;   /* F_GETOWN_EX */
	case 1024: return 23; /* F_SETLEASE */
	case 1025: return 24; /* F_GETLEASE */
	case 1029: return 25; /* F_CANCELLK */
	case 1030: return 26; /* F_DUPFD_CLOEXEC */
	case 1026: return 27; /* F_NOTIFY */
	case 1031: return 28; /* F_SETPIPE_SZ */
	case 1032: return 29; /* F_GETPIPE_SZ */
	case 36: return 30;   /* F_OFD_GETLK */
	case 37: return 31;   /* F_OFD_SETLK */
	case 38: return 32;   /* F_OFD_SETLKW */
	default: return 0;    /* PPM_FCNTL_UNKNOWN */
	}
}

/* PTRACE_* → PPM_PTRACE_* */
static __always_inline __u16 flags__ptrace_request(__u64 req) {
	switch(req) {
	case 0: return 1;       /* TRACEME */
	case 1: return 2;       /* PEEKTEXT */
	case 2: return 3;       /* PEEKDATA */
	case 3: return 4;       /* PEEKUSR */
	case 4: return 5;       /* POKETEXT */
	case 5: return 6;       /* POKEDATA */
	case 6: return 7;       /* POKEUSR */
	case 7: return 8;       /* CONT */
	case 8: return 9;       /* KILL */
	case 9: return 10;      /* SINGLESTEP */
	case 16: return 11;     /* ATTACH */
	case 17: return 12;     /* DETACH */
	case 24: return 13;     /* SYSCALL */
	case 0x4200: return 14; /* SETOPTIONS */
	case 0x4201: return 15; /* GETEVENTMSG */
	case 0x4202: return 16; /* GETSIGINFO */
	case 0x4203: return 17; /* SETSIGINFO */
	case 0x4204: return 18; /* GETREGSET */
	case 0x4205: return 19; /* SETREGSET */
	case 0x4206: return 20; /* SEIZE */
	case 0x4207: return 21; /* INTERRUPT */
	case 0x4208: return 22; /* LISTEN */
	case 0x4209: return 23; /* PEEKSIGINFO */
	case 0x420a: return 24; /* GETSIGMASK */
	case 0x420b: return 25; /* SETSIGMASK */
	case 12: return 26;     /* GETREGS */
	case 13: return 27;     /* SETREGS */
	case 14: return 28;     /* GETFPREGS */
	case 15: return 29;     /* SETFPREGS */
	case 18: return 30;     /* GETFPXREGS */
	case 19: return 31;     /* SETFPXREGS */
	case 21: return 32;     /* OLDSETOPTIONS */
	case 25: return 33;     /* GET_THREAD_AREA */
	case 26: return 34;     /* SET_THREAD_AREA */
	case 30: return 35;     /* ARCH_PRCTL */
	case 31: return 36;     /* SYSEMU */
	case 32: return 37;     /* SYSEMU_SINGLESTEP */
	case 33: return 38;     /* SINGLEBLOCK */
	default: return 0;      /* UNKNOWN */
	}
}

static __always_inline __u8 flags__rlimit_resource(__u32 r) {
	/* RLIMIT_* 0..15 map to PPM_RLIMIT_* 0..15; anything else is PPM_RLIMIT_UNKNOWN */
	return r <= 15 ? (__u8)r : 255;
}

static __always_inline __u8 flags__shutdown_how(__u32 how) {
	/* SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2 keep their values; Falco sends 0xffff for others, cut to u8 */
	return how <= 2 ? (__u8)how : 0xff;
}

/* getsockopt levels: SOL_SOCKET (1) → 1, SOL_TCP (6) → 2, others 0. */
static __always_inline __u8 flags__sockopt_level(__s32 level) {
	return level == 1 ? 1 : level == 6 ? 2 : 0;
}

#endif /* SENSOR_FLAGS_H */
