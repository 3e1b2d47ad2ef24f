/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel ABI constants that vmlinux.h cannot carry (it holds types, not #defines). x86_64 and
 * asm-generic values from the Linux UAPI headers; these numbers are part of the syscall ABI and never
 * change.
 */
#ifndef SENSOR_KERNEL_DEFS_H
#define SENSOR_KERNEL_DEFS_H

/* open(2) flags, asm-generic/fcntl.h */
#define K_O_ACCMODE 00000003
#define K_O_WRONLY 00000001
#define K_O_RDWR 00000002
#define K_O_CREAT 00000100
#define K_O_EXCL 00000200
#define K_O_NOCTTY 00000400
#define K_O_TRUNC 00001000
#define K_O_APPEND 00002000
#define K_O_NONBLOCK 00004000
#define K_O_DSYNC 00010000
#define K_O_DIRECT 00040000
#define K_O_LARGEFILE 00100000
#define K_O_DIRECTORY 00200000
#define K_O_NOFOLLOW 00400000
#define K_O_CLOEXEC 02000000
#define K_O_SYNC (04000000 | K_O_DSYNC)
#define K_O_TMPFILE (020000000 | K_O_DIRECTORY)
#define K_FMODE_CREATED 0x100000 /* f_mode bit set when open created the file */

/* file modes, linux/stat.h */
#define K_S_IFMT 00170000
#define K_S_IFSOCK 0140000
#define K_S_IFLNK 0120000
#define K_S_IFREG 0100000
#define K_S_IFBLK 0060000
#define K_S_IFDIR 0040000
#define K_S_IFCHR 0020000
#define K_S_IFIFO 0010000
#define K_S_ISUID 0004000
#define K_S_ISGID 0002000
#define K_S_ISVTX 0001000

/* clone(2) flags, linux/sched.h */
#define K_CLONE_VM 0x00000100
#define K_CLONE_FS 0x00000200
#define K_CLONE_FILES 0x00000400
#define K_CLONE_SIGHAND 0x00000800
#define K_CLONE_PIDFD 0x00001000
#define K_CLONE_PTRACE 0x00002000
#define K_CLONE_VFORK 0x00004000
#define K_CLONE_PARENT 0x00008000
#define K_CLONE_THREAD 0x00010000
#define K_CLONE_NEWNS 0x00020000
#define K_CLONE_SYSVSEM 0x00040000
#define K_CLONE_SETTLS 0x00080000
#define K_CLONE_PARENT_SETTID 0x00100000
#define K_CLONE_CHILD_CLEARTID 0x00200000
#define K_CLONE_UNTRACED 0x00800000
#define K_CLONE_CHILD_SETTID 0x01000000
#define K_CLONE_NEWCGROUP 0x02000000
#define K_CLONE_NEWUTS 0x04000000
#define K_CLONE_NEWIPC 0x08000000
#define K_CLONE_NEWUSER 0x10000000
#define K_CLONE_NEWPID 0x20000000
#define K_CLONE_NEWNET 0x40000000
#define K_CLONE_IO 0x80000000

/* address families, linux/socket.h */
#define K_AF_UNIX 1
#define K_AF_INET 2
#define K_AF_INET6 10
#define K_AF_NETLINK 16
#define K_AF_PACKET 17

/* *at(2) flags, linux/fcntl.h */
#define K_AT_FDCWD (-100)
#define K_AT_SYMLINK_NOFOLLOW 0x100
#define K_AT_REMOVEDIR 0x200
#define K_AT_SYMLINK_FOLLOW 0x400
#define K_AT_NO_AUTOMOUNT 0x800
#define K_AT_EMPTY_PATH 0x1000

/* superblock and inode flags */
#define K_SB_RDONLY 1
#define K_S_IMMUTABLE (1 << 3)
#define K_OVERLAYFS_SUPER_MAGIC 0x794c7630

/* rlimits */
#define K_RLIMIT_NOFILE 7

/* capabilities */
#define K_CAP_DAC_OVERRIDE 1

/* exit codes, as in <sys/wait.h> */
#define K_WEXITSTATUS(status) (((status)&0xff00) >> 8)
#define K_WTERMSIG(status) ((status)&0x7f)
#define K_WIFSIGNALED(status) (((signed char)(((status)&0x7f) + 1) >> 1) > 0)
#define K_WCOREDUMP(status) ((status)&0x80)

/* x86_64 syscall numbers used by programs that serve more than one syscall */
#define K_NR_EXECVE 59
#define K_NR_EXECVEAT 322

/* TS_COMPAT in thread_info.status: the task is inside an ia32 syscall */
#define K_TS_COMPAT 0x0002

#endif /* SENSOR_KERNEL_DEFS_H */
