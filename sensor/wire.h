/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wire.h — the one header shared by the kernel programs (*.bpf.c) and the loader (loader.c).
 *
 * The sensor writes the scap capture format (docs: ../shared/docs/scap-format.md). Each ring-buffer
 * record is already a complete EV_V2 block, so the loader copies records to its stdout unchanged and
 * the TypeScript side reads them with the same block reader as a .scap file:
 *
 *   offset  size  field
 *   0       4     block_type          = WIRE_BLOCK_EV_V2 (0x216)
 *   4       4     block_total_length  = 8 + 2 + evt.len, rounded up to 4, + 4
 *   8       2     cpu_id
 *   10      8     evt.ts              nanoseconds since the epoch
 *   18      8     evt.tid             thread id in the initial pid namespace
 *   26      4     evt.len             26 + 2 * nparams + sum(param lengths)
 *   30      2     evt.type            PPME_* code (below)
 *   32      4     evt.nparams
 *   36      2*n   u16 length of each parameter, in table order
 *   ...           parameter bytes, concatenated, no alignment
 *   ...           0..3 zero bytes of padding
 *   total-4 4     block_total_length again (trailer)
 *
 * All integers are little-endian. Event codes and parameter lists are Falco's (driver/event_table.c
 * of falcosecurity/libs); WIRE_EVENTS below lists every event this sensor emits, with the name and
 * type of each parameter, and test/sensor/wire-header.test.ts checks it against
 * src/capture/event-table.ts so the three never drift apart.
 */
#ifndef PEREGRINE_WIRE_H
#define PEREGRINE_WIRE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* ---- scap blocks ---------------------------------------------------------------------------- */

#define WIRE_BLOCK_SHB 0x0A0D0D0Au
#define WIRE_BLOCK_MI 0x201u
#define WIRE_BLOCK_PL_V9 0x215u
#define WIRE_BLOCK_FDL_V2 0x218u
#define WIRE_BLOCK_EV_V2 0x216u
#define WIRE_BLOCK_EVF_V2 0x217u
#define WIRE_BLOCK_UL_V2 0x220u
#define WIRE_SHB_MAGIC 0x1A2B3C4Du

#define WIRE_BLOCK_HDR_SIZE 8 /* block_type + block_total_length */
#define WIRE_CPU_ID_SIZE 2
#define WIRE_EVT_HDR_SIZE 26
#define WIRE_TRAILER_SIZE 4
/* Offset of the event header inside a block, and of the parameter-length array. */
#define WIRE_EVT_OFFSET (WIRE_BLOCK_HDR_SIZE + WIRE_CPU_ID_SIZE)
#define WIRE_LENS_OFFSET (WIRE_EVT_OFFSET + WIRE_EVT_HDR_SIZE)

/* The scap event header, packed, as it appears at WIRE_EVT_OFFSET. */
struct wire_evt_hdr {
	__u64 ts;
	__u64 tid;
	__u32 len;
	__u16 type;
	__u32 nparams;
} __attribute__((packed));

_Static_assert(sizeof(struct wire_evt_hdr) == WIRE_EVT_HDR_SIZE, "scap v2 event header is 26 bytes");
_Static_assert(WIRE_LENS_OFFSET == 36, "parameter lengths start 36 bytes into an EV_V2 block");

/*
 * libscap refuses non-large event blocks above 64 KiB (READER_BUF_SIZE); every block the sensor
 * builds fits in WIRE_MAX_BLOCK, and anything larger is counted as drops_too_big, never cut silently.
 */
#define WIRE_MAX_BLOCK 65536u

/* Parameter limits, the same as Falco's defaults so captures look alike. */
#define WIRE_MAX_PATH 4096u     /* PATH_MAX, for every path and string parameter */
#define WIRE_MAX_ARGS 4096u     /* argv and environ areas (Falco: MAX_PROC_ARG_ENV) */
#define WIRE_MAX_CGROUPS 1024u  /* the "subsys=path" list of clone/execve */
#define WIRE_DEFAULT_SNAPLEN 80 /* bytes of I/O data in sendto/recvfrom/... (Falco's snaplen) */
#define WIRE_MAX_SNAPLEN 4096u

/* Parameter types (enum ppm_param_type); only their sizes matter to the writer. */
#define WIRE_AT_FDCWD (-100) /* PPM_AT_FDCWD */

/* ---- loss accounting ------------------------------------------------------------------------- */

/*
 * One of these per CPU (a per-CPU array, key 0). Every event the sensor tried to emit is counted in
 * `events`; each way of losing one has its own counter. The loader sums them per CPU and reports them
 * on its stats channel; nothing is lost without a count.
 */
struct wire_counters {
	__u64 events;           /* events the sensor tried to emit (emitted + dropped) */
	__u64 drops_ring_full;  /* the CPU's ring buffer had no room */
	__u64 drops_too_big;    /* the event would exceed WIRE_MAX_BLOCK */
	__u64 drops_no_scratch; /* no per-CPU scratch space (should never happen) */
	__u64 drops_no_ring;    /* no ring buffer for this CPU (CPU brought online after start) */
	__u64 param_faults;     /* a parameter could not be read from user memory; it was sent empty */
	/* The prefilter (prefilter.h): events no rule can match and no state needs, dropped on purpose — not losses,
	 * and not in `events`. An open that waited in its process's slot counts here with its close when both are
	 * dropped, and in `events` when it is sent after all. */
	__u64 prefilter_dropped;
	__u64 prefilter_deferred; /* opens put in a slot (each later sent, dropped with its close, or still waiting) */
	__u64 prefilter_sent;     /* opens sent from a slot, before the next event of their process */
};
#define WIRE_COUNTER_FIELDS 9
_Static_assert(sizeof(struct wire_counters) == WIRE_COUNTER_FIELDS * 8, "counters are plain u64s");

/* Syscall numbers the wanted-set bitmap can hold (x86_64 uses < 470). */
#define WIRE_MAX_SYSCALLS 512

/* ---- the events this sensor emits ------------------------------------------------------------ */

/*
 * X(symbol, code, name, params): params are "name:TYPE" pairs in table order, TYPE being the
 * ppm_param_type without its PT_ prefix. The kernel programs push parameters in exactly this order;
 * the TypeScript test compares this table with the event table, and the per-syscall tests decode
 * real events against it.
 */
#define WIRE_EVENTS(X)                                                                                                 \
	X(OPEN_X, 3, "open", "fd:FD name:FSPATH flags:FLAGS32 mode:UINT32 dev:UINT32 ino:UINT64")                          \
	X(CLOSE_X, 5, "close", "res:ERRNO fd:FD")                                                                          \
	X(SOCKET_X, 19, "socket", "fd:FD domain:ENUMFLAGS32 type:UINT32 proto:UINT32 flags:FLAGS32")                       \
	X(BIND_X, 21, "bind", "res:ERRNO addr:SOCKADDR fd:FD")                                                             \
	X(CONNECT_X, 23, "connect", "res:ERRNO tuple:SOCKTUPLE fd:FD addr:SOCKADDR")                                       \
	X(LISTEN_X, 25, "listen", "res:ERRNO fd:FD backlog:INT32")                                                         \
	X(SENDTO_X, 31, "sendto", "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE")                              \
	X(RECVFROM_X, 35, "recvfrom", "res:ERRNO data:BYTEBUF tuple:SOCKTUPLE fd:FD size:UINT32")                          \
	X(SHUTDOWN_X, 37, "shutdown", "res:ERRNO fd:FD how:ENUMFLAGS8")                                                    \
	X(SOCKETPAIR_X, 43, "socketpair",                                                                                  \
	  "res:ERRNO fd1:FD fd2:FD source:UINT64 peer:UINT64 domain:ENUMFLAGS32 type:UINT32 proto:UINT32")                 \
	X(GETSOCKOPT_X, 47, "getsockopt", "res:ERRNO fd:FD level:ENUMFLAGS8 optname:ENUMFLAGS8 val:DYN optlen:UINT32")     \
	X(SENDMSG_X, 49, "sendmsg", "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE")                            \
	X(RECVMSG_X, 53, "recvmsg", "res:ERRNO size:UINT32 data:BYTEBUF tuple:SOCKTUPLE msgcontrol:BYTEBUF fd:FD")         \
	X(CREAT_X, 59, "creat", "fd:FD name:FSPATH mode:UINT32 dev:UINT32 ino:UINT64 creat_flags:FLAGS16")                 \
	X(PIPE_X, 61, "pipe", "res:ERRNO fd1:FD fd2:FD ino:UINT64")                                                        \
	X(EVENTFD_X, 63, "eventfd", "res:FD initval:UINT64 flags:UINT32")                                                  \
	X(CHDIR_X, 95, "chdir", "res:ERRNO path:CHARBUF")                                                                  \
	X(FCHDIR_X, 97, "fchdir", "res:ERRNO fd:FD")                                                                       \
	X(SIGNALFD_X, 127, "signalfd", "res:FD fd:FD mask:UINT32 flags:UINT8")                                             \
	X(KILL_X, 129, "kill", "res:ERRNO pid:PID sig:SIGTYPE")                                                            \
	X(TKILL_X, 131, "tkill", "res:ERRNO tid:PID sig:SIGTYPE")                                                          \
	X(TGKILL_X, 133, "tgkill", "res:ERRNO pid:PID tid:PID sig:SIGTYPE")                                                \
	X(TIMERFD_CREATE_X, 137, "timerfd_create", "res:FD clockid:UINT8 flags:UINT8")                                     \
	X(INOTIFY_INIT_X, 139, "inotify_init", "res:FD flags:UINT8")                                                       \
	X(SETRLIMIT_X, 143, "setrlimit", "res:ERRNO cur:INT64 max:INT64 resource:ENUMFLAGS8")                              \
	X(PRLIMIT_X, 145, "prlimit",                                                                                       \
	  "res:ERRNO newcur:INT64 newmax:INT64 oldcur:INT64 oldmax:INT64 pid:INT64 resource:ENUMFLAGS8")                   \
	X(FCNTL_X, 151, "fcntl", "res:FD fd:FD cmd:ENUMFLAGS8 arg:UINT64")                                                 \
	X(PTRACE_X, 169, "ptrace", "res:ERRNO addr:DYN data:DYN request:ENUMFLAGS16 pid:PID")                              \
	X(RENAME_X, 175, "rename", "res:ERRNO oldpath:FSPATH newpath:FSPATH")                                              \
	X(RENAMEAT_X, 177, "renameat", "res:ERRNO olddirfd:FD oldpath:FSRELPATH newdirfd:FD newpath:FSRELPATH")            \
	X(SYMLINK_X, 179, "symlink", "res:ERRNO target:CHARBUF linkpath:FSPATH")                                           \
	X(SYMLINKAT_X, 181, "symlinkat", "res:ERRNO target:CHARBUF linkdirfd:FD linkpath:FSRELPATH")                       \
	X(PROCEXIT_1_E, 186, "procexit", "status:ERRNO ret:ERRNO sig:SIGTYPE core:UINT8 reaper_tid:PID")                   \
	X(SETRESUID_X, 193, "setresuid", "res:ERRNO ruid:UID euid:UID suid:UID")                                           \
	X(SETRESGID_X, 195, "setresgid", "res:ERRNO rgid:GID egid:GID sgid:GID")                                           \
	X(SETUID_X, 199, "setuid", "res:ERRNO uid:UID")                                                                    \
	X(SETGID_X, 201, "setgid", "res:ERRNO gid:GID")                                                                    \
	X(CLONE_20_X, 223, "clone", CLONE_PARAMS)                                                                          \
	X(FORK_20_X, 225, "fork", CLONE_PARAMS)                                                                            \
	X(VFORK_20_X, 227, "vfork", CLONE_PARAMS)                                                                          \
	X(SETNS_X, 241, "setns", "res:ERRNO fd:FD nstype:FLAGS32")                                                         \
	X(ACCEPT_5_X, 247, "accept", "fd:FD tuple:SOCKTUPLE queuepct:UINT8 queuelen:UINT32 queuemax:UINT32")               \
	X(MOUNT_X, 257, "mount", "res:ERRNO dev:CHARBUF dir:FSPATH type:CHARBUF flags:FLAGS32")                            \
	X(CHROOT_X, 267, "chroot", "res:ERRNO path:FSPATH")                                                                \
	X(SETSID_X, 275, "setsid", "res:PID")                                                                              \
	X(MKDIR_2_X, 277, "mkdir", "res:ERRNO path:FSPATH mode:UINT32")                                                    \
	X(RMDIR_2_X, 279, "rmdir", "res:ERRNO path:FSPATH")                                                                \
	X(UNSHARE_X, 285, "unshare", "res:ERRNO flags:FLAGS32")                                                            \
	X(EXECVE_19_X, 293, "execve", EXECVE_PARAMS " filename:FSPATH")                                                    \
	X(SETPGID_X, 295, "setpgid", "res:ERRNO pid:PID pgid:PID")                                                         \
	X(SECCOMP_X, 299, "seccomp", "res:ERRNO op:UINT64 flags:UINT64")                                                   \
	X(UNLINK_2_X, 301, "unlink", "res:ERRNO path:FSPATH")                                                              \
	X(UNLINKAT_2_X, 303, "unlinkat", "res:ERRNO dirfd:FD name:FSRELPATH flags:FLAGS32")                                \
	X(MKDIRAT_X, 305, "mkdirat", "res:ERRNO dirfd:FD path:FSRELPATH mode:UINT32")                                      \
	X(OPENAT_2_X, 307, "openat", "fd:FD dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32 dev:UINT32 ino:UINT64")      \
	X(LINK_2_X, 309, "link", "res:ERRNO oldpath:FSPATH newpath:FSPATH")                                                \
	X(LINKAT_2_X, 311, "linkat", "res:ERRNO olddir:FD oldpath:FSRELPATH newdir:FD newpath:FSRELPATH flags:FLAGS32")    \
	X(FCHMODAT_X, 313, "fchmodat", "res:ERRNO dirfd:FD filename:FSRELPATH mode:MODE")                                  \
	X(CHMOD_X, 315, "chmod", "res:ERRNO filename:FSPATH mode:MODE")                                                    \
	X(FCHMOD_X, 317, "fchmod", "res:ERRNO fd:FD mode:MODE")                                                            \
	X(RENAMEAT2_X, 319, "renameat2",                                                                                   \
	  "res:ERRNO olddirfd:FD oldpath:FSRELPATH newdirfd:FD newpath:FSRELPATH flags:FLAGS32")                           \
	X(USERFAULTFD_X, 321, "userfaultfd", "res:ERRNO flags:FLAGS32")                                                    \
	X(OPENAT2_X, 327, "openat2",                                                                                       \
	  "fd:FD dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32 resolve:FLAGS32 dev:UINT32 ino:UINT64")                 \
	X(EXECVEAT_X, 331, "execveat", EXECVE_PARAMS)                                                                      \
	X(CLONE3_X, 335, "clone3", CLONE_PARAMS)                                                                           \
	X(OPEN_BY_HANDLE_AT_X, 337, "open_by_handle_at",                                                                   \
	  "fd:FD mountfd:FD flags:FLAGS32 path:FSPATH dev:UINT32 ino:UINT64")                                              \
	X(IO_URING_SETUP_X, 339, "io_uring_setup",                                                                         \
	  "res:ERRNO entries:UINT32 sq_entries:UINT32 cq_entries:UINT32 flags:FLAGS32 sq_thread_cpu:UINT32 "               \
	  "sq_thread_idle:UINT32 features:FLAGS32")                                                                        \
	X(CAPSET_X, 353, "capset", "res:ERRNO cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64")           \
	X(DUP2_X, 363, "dup2", "res:FD oldfd:FD newfd:FD")                                                                 \
	X(DUP3_X, 365, "dup3", "res:FD oldfd:FD newfd:FD flags:FLAGS32")                                                   \
	X(DUP_1_X, 367, "dup", "res:FD oldfd:FD")                                                                          \
	X(BPF_2_X, 369, "bpf", "fd:FD cmd:ENUMFLAGS32")                                                                    \
	X(EPOLL_CREATE_X, 375, "epoll_create", "res:ERRNO size:INT32")                                                     \
	X(EPOLL_CREATE1_X, 377, "epoll_create1", "res:ERRNO flags:FLAGS32")                                                \
	X(CHOWN_X, 379, "chown", "res:ERRNO path:FSPATH uid:UINT32 gid:UINT32")                                            \
	X(LCHOWN_X, 381, "lchown", "res:ERRNO path:FSPATH uid:UINT32 gid:UINT32")                                          \
	X(FCHOWN_X, 383, "fchown", "res:ERRNO fd:FD uid:UINT32 gid:UINT32")                                                \
	X(FCHOWNAT_X, 385, "fchownat", "res:ERRNO dirfd:FD pathname:FSRELPATH uid:UINT32 gid:UINT32 flags:FLAGS32")        \
	X(ACCEPT4_6_X, 389, "accept4", "fd:FD tuple:SOCKTUPLE queuepct:UINT8 queuelen:UINT32 queuemax:UINT32 flags:INT32") \
	X(UMOUNT2_X, 391, "umount2", "res:ERRNO name:FSPATH flags:FLAGS32")                                                \
	X(PIPE2_X, 393, "pipe2", "res:ERRNO fd1:FD fd2:FD ino:UINT64 flags:FLAGS32")                                       \
	X(INOTIFY_INIT1_X, 395, "inotify_init1", "res:FD flags:FLAGS16")                                                   \
	X(EVENTFD2_X, 397, "eventfd2", "res:FD flags:FLAGS16 initval:UINT64")                                              \
	X(SIGNALFD4_X, 399, "signalfd4", "res:FD flags:FLAGS16 fd:FD mask:UINT32")                                         \
	X(PRCTL_X, 401, "prctl", "res:ERRNO option:ENUMFLAGS32 arg2_str:CHARBUF arg2_int:INT64")                           \
	X(MEMFD_CREATE_X, 405, "memfd_create", "fd:FD name:CHARBUF flags:FLAGS32")                                         \
	X(PIDFD_GETFD_X, 407, "pidfd_getfd", "fd:FD pid_fd:FD target_fd:FD flags:UINT32")                                  \
	X(PIDFD_OPEN_X, 409, "pidfd_open", "fd:FD pid:PID flags:FLAGS32")                                                  \
	X(INIT_MODULE_X, 411, "init_module", "res:ERRNO img:BYTEBUF length:UINT64 uargs:CHARBUF")                          \
	X(FINIT_MODULE_X, 413, "finit_module", "res:ERRNO fd:FD uargs:CHARBUF flags:FLAGS32")                              \
	X(SETREUID_X, 427, "setreuid", "res:ERRNO ruid:UID euid:UID")                                                      \
	X(SETREGID_X, 429, "setregid", "res:ERRNO rgid:UID egid:UID")                                                      \
	X(CLOSE_RANGE_X, 451, "close_range", "res:ERRNO first:UINT32 last:UINT32 flags:FLAGS32")

#define CLONE_PARAMS                                                                                                   \
	"res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 "             \
	"pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 "          \
	"uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64"

#define EXECVE_PARAMS                                                                                                  \
	"res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 "                          \
	"pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF "                        \
	"cgroups:BYTEBUF env:BYTEBUF tty:UINT32 vpgid:PID loginuid:UID flags:FLAGS32 cap_inheritable:UINT64 "              \
	"cap_permitted:UINT64 cap_effective:UINT64 exe_ino:UINT64 exe_ino_ctime:ABSTIME exe_ino_mtime:ABSTIME "            \
	"uid:UID trusted_exepath:FSPATH pgid:PID gid:GID"

#define WIRE_EVENT_CODE(sym, code, name, params) PPME_##sym = code,
enum wire_event_code { WIRE_EVENTS(WIRE_EVENT_CODE) };
#undef WIRE_EVENT_CODE

/* Parameter counts, checked at compile time against what each program pushes (see event__end). */
#define WIRE_NPARAMS_CLONE 21
#define WIRE_NPARAMS_EXECVE 31
#define WIRE_NPARAMS_EXECVEAT 30

#endif /* PEREGRINE_WIRE_H */
