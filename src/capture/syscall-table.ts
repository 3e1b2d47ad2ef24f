// System-call identities: PPM_SC codes (architecture-independent) and the x86_64 native numbers.
// Generated once from falcosecurity/libs 48dfd53cd23f95720521d41b89883bbc35c8567f
// (driver/event_table.c, driver/ppm_events_public.h, driver/flags_table.c, driver/dynamic_params_table.c,
// driver/syscall_table.c + syscall_compat_x86_64.h, userspace/libscap/linux/scap_ppm_sc.c).
// These are data facts of the scap format; to follow a newer libs, regenerate rather than edit by hand.

/**
 * PPM_SC code -> syscall (or tracepoint) name, lower case as libscap prints it. Index = code; '' marks a code
 * libs never assigned. The generic syscall event (codes 0/1) carries one of these codes in its ID parameter,
 * and evt.type is this name.
 */
export const PPM_SC_NAMES: readonly string[] = [
  /* 0 */ 'unknown',
  /* 1 */ 'restart_syscall',
  /* 2 */ 'exit',
  /* 3 */ 'read',
  /* 4 */ 'write',
  /* 5 */ 'open',
  /* 6 */ 'close',
  /* 7 */ 'creat',
  /* 8 */ 'link',
  /* 9 */ 'unlink',
  /* 10 */ 'chdir',
  /* 11 */ 'time',
  /* 12 */ 'mknod',
  /* 13 */ 'chmod',
  /* 14 */ 'stat',
  /* 15 */ 'lseek',
  /* 16 */ 'getpid',
  /* 17 */ 'mount',
  /* 18 */ 'ptrace',
  /* 19 */ 'alarm',
  /* 20 */ 'fstat',
  /* 21 */ 'pause',
  /* 22 */ 'utime',
  /* 23 */ 'access',
  /* 24 */ 'sync',
  /* 25 */ 'kill',
  /* 26 */ 'rename',
  /* 27 */ 'mkdir',
  /* 28 */ 'rmdir',
  /* 29 */ 'dup',
  /* 30 */ 'pipe',
  /* 31 */ 'times',
  /* 32 */ 'brk',
  /* 33 */ 'acct',
  /* 34 */ 'ioctl',
  /* 35 */ 'fcntl',
  /* 36 */ 'setpgid',
  /* 37 */ 'umask',
  /* 38 */ 'chroot',
  /* 39 */ 'ustat',
  /* 40 */ 'dup2',
  /* 41 */ 'getppid',
  /* 42 */ 'getpgrp',
  /* 43 */ 'setsid',
  /* 44 */ 'sethostname',
  /* 45 */ 'setrlimit',
  /* 46 */ 'getrusage',
  /* 47 */ 'gettimeofday',
  /* 48 */ 'settimeofday',
  /* 49 */ 'symlink',
  /* 50 */ 'lstat',
  /* 51 */ 'readlink',
  /* 52 */ 'uselib',
  /* 53 */ 'swapon',
  /* 54 */ 'reboot',
  /* 55 */ 'mmap',
  /* 56 */ 'munmap',
  /* 57 */ 'truncate',
  /* 58 */ 'ftruncate',
  /* 59 */ 'fchmod',
  /* 60 */ 'getpriority',
  /* 61 */ 'setpriority',
  /* 62 */ 'statfs',
  /* 63 */ 'fstatfs',
  /* 64 */ 'syslog',
  /* 65 */ 'setitimer',
  /* 66 */ 'getitimer',
  /* 67 */ 'uname',
  /* 68 */ 'vhangup',
  /* 69 */ 'wait4',
  /* 70 */ 'swapoff',
  /* 71 */ 'sysinfo',
  /* 72 */ 'fsync',
  /* 73 */ 'setdomainname',
  /* 74 */ 'adjtimex',
  /* 75 */ 'mprotect',
  /* 76 */ 'init_module',
  /* 77 */ 'delete_module',
  /* 78 */ 'quotactl',
  /* 79 */ 'getpgid',
  /* 80 */ 'fchdir',
  /* 81 */ 'sysfs',
  /* 82 */ 'personality',
  /* 83 */ 'getdents',
  /* 84 */ 'select',
  /* 85 */ 'flock',
  /* 86 */ 'msync',
  /* 87 */ 'readv',
  /* 88 */ 'writev',
  /* 89 */ 'getsid',
  /* 90 */ 'fdatasync',
  /* 91 */ 'mlock',
  /* 92 */ 'munlock',
  /* 93 */ 'mlockall',
  /* 94 */ 'munlockall',
  /* 95 */ 'sched_setparam',
  /* 96 */ 'sched_getparam',
  /* 97 */ 'sched_setscheduler',
  /* 98 */ 'sched_getscheduler',
  /* 99 */ 'sched_yield',
  /* 100 */ 'sched_get_priority_max',
  /* 101 */ 'sched_get_priority_min',
  /* 102 */ 'sched_rr_get_interval',
  /* 103 */ 'nanosleep',
  /* 104 */ 'mremap',
  /* 105 */ 'poll',
  /* 106 */ 'prctl',
  /* 107 */ 'rt_sigaction',
  /* 108 */ 'rt_sigprocmask',
  /* 109 */ 'rt_sigpending',
  /* 110 */ 'rt_sigtimedwait',
  /* 111 */ 'rt_sigqueueinfo',
  /* 112 */ 'rt_sigsuspend',
  /* 113 */ 'getcwd',
  /* 114 */ 'capget',
  /* 115 */ 'capset',
  /* 116 */ 'sendfile',
  /* 117 */ 'getrlimit',
  /* 118 */ 'lchown',
  /* 119 */ 'getuid',
  /* 120 */ 'getgid',
  /* 121 */ 'geteuid',
  /* 122 */ 'getegid',
  /* 123 */ 'setreuid',
  /* 124 */ 'setregid',
  /* 125 */ 'getgroups',
  /* 126 */ 'setgroups',
  /* 127 */ 'fchown',
  /* 128 */ 'setresuid',
  /* 129 */ 'getresuid',
  /* 130 */ 'setresgid',
  /* 131 */ 'getresgid',
  /* 132 */ 'chown',
  /* 133 */ 'setuid',
  /* 134 */ 'setgid',
  /* 135 */ 'setfsuid',
  /* 136 */ 'setfsgid',
  /* 137 */ 'pivot_root',
  /* 138 */ 'mincore',
  /* 139 */ 'madvise',
  /* 140 */ 'gettid',
  /* 141 */ 'setxattr',
  /* 142 */ 'lsetxattr',
  /* 143 */ 'fsetxattr',
  /* 144 */ 'getxattr',
  /* 145 */ 'lgetxattr',
  /* 146 */ 'fgetxattr',
  /* 147 */ 'listxattr',
  /* 148 */ 'llistxattr',
  /* 149 */ 'flistxattr',
  /* 150 */ 'removexattr',
  /* 151 */ 'lremovexattr',
  /* 152 */ 'fremovexattr',
  /* 153 */ 'tkill',
  /* 154 */ 'futex',
  /* 155 */ 'sched_setaffinity',
  /* 156 */ 'sched_getaffinity',
  /* 157 */ 'set_thread_area',
  /* 158 */ 'get_thread_area',
  /* 159 */ 'io_setup',
  /* 160 */ 'io_destroy',
  /* 161 */ 'io_getevents',
  /* 162 */ 'io_submit',
  /* 163 */ 'io_cancel',
  /* 164 */ 'exit_group',
  /* 165 */ 'epoll_create',
  /* 166 */ 'epoll_ctl',
  /* 167 */ 'epoll_wait',
  /* 168 */ 'remap_file_pages',
  /* 169 */ 'set_tid_address',
  /* 170 */ 'timer_create',
  /* 171 */ 'timer_settime',
  /* 172 */ 'timer_gettime',
  /* 173 */ 'timer_getoverrun',
  /* 174 */ 'timer_delete',
  /* 175 */ 'clock_settime',
  /* 176 */ 'clock_gettime',
  /* 177 */ 'clock_getres',
  /* 178 */ 'clock_nanosleep',
  /* 179 */ 'tgkill',
  /* 180 */ 'utimes',
  /* 181 */ 'mq_open',
  /* 182 */ 'mq_unlink',
  /* 183 */ 'mq_timedsend',
  /* 184 */ 'mq_timedreceive',
  /* 185 */ 'mq_notify',
  /* 186 */ 'mq_getsetattr',
  /* 187 */ 'kexec_load',
  /* 188 */ 'waitid',
  /* 189 */ 'add_key',
  /* 190 */ 'request_key',
  /* 191 */ 'keyctl',
  /* 192 */ 'ioprio_set',
  /* 193 */ 'ioprio_get',
  /* 194 */ 'inotify_init',
  /* 195 */ 'inotify_add_watch',
  /* 196 */ 'inotify_rm_watch',
  /* 197 */ 'openat',
  /* 198 */ 'mkdirat',
  /* 199 */ 'mknodat',
  /* 200 */ 'fchownat',
  /* 201 */ 'futimesat',
  /* 202 */ 'unlinkat',
  /* 203 */ 'renameat',
  /* 204 */ 'linkat',
  /* 205 */ 'symlinkat',
  /* 206 */ 'readlinkat',
  /* 207 */ 'fchmodat',
  /* 208 */ 'faccessat',
  /* 209 */ 'pselect6',
  /* 210 */ 'ppoll',
  /* 211 */ 'unshare',
  /* 212 */ 'set_robust_list',
  /* 213 */ 'get_robust_list',
  /* 214 */ 'splice',
  /* 215 */ 'tee',
  /* 216 */ 'vmsplice',
  /* 217 */ 'getcpu',
  /* 218 */ 'epoll_pwait',
  /* 219 */ 'utimensat',
  /* 220 */ 'signalfd',
  /* 221 */ 'timerfd_create',
  /* 222 */ 'eventfd',
  /* 223 */ 'timerfd_settime',
  /* 224 */ 'timerfd_gettime',
  /* 225 */ 'signalfd4',
  /* 226 */ 'eventfd2',
  /* 227 */ 'epoll_create1',
  /* 228 */ 'dup3',
  /* 229 */ 'pipe2',
  /* 230 */ 'inotify_init1',
  /* 231 */ 'preadv',
  /* 232 */ 'pwritev',
  /* 233 */ 'rt_tgsigqueueinfo',
  /* 234 */ 'perf_event_open',
  /* 235 */ 'fanotify_init',
  /* 236 */ 'prlimit64',
  /* 237 */ 'clock_adjtime',
  /* 238 */ 'syncfs',
  /* 239 */ 'setns',
  /* 240 */ 'getdents64',
  /* 241 */ 'socket',
  /* 242 */ 'bind',
  /* 243 */ 'connect',
  /* 244 */ 'listen',
  /* 245 */ 'accept',
  /* 246 */ 'getsockname',
  /* 247 */ 'getpeername',
  /* 248 */ 'socketpair',
  /* 249 */ 'sendto',
  /* 250 */ 'recvfrom',
  /* 251 */ 'shutdown',
  /* 252 */ 'setsockopt',
  /* 253 */ 'getsockopt',
  /* 254 */ 'sendmsg',
  /* 255 */ 'sendmmsg',
  /* 256 */ 'recvmsg',
  /* 257 */ 'recvmmsg',
  /* 258 */ 'accept4',
  /* 259 */ 'semop',
  /* 260 */ 'semget',
  /* 261 */ 'semctl',
  /* 262 */ 'msgsnd',
  /* 263 */ 'msgrcv',
  /* 264 */ 'msgget',
  /* 265 */ 'msgctl',
  /* 266 */ 'shmdt',
  /* 267 */ 'shmget',
  /* 268 */ 'shmctl',
  /* 269 */ 'statfs64',
  /* 270 */ 'fstatfs64',
  /* 271 */ 'fstatat64',
  /* 272 */ 'sendfile64',
  /* 273 */ 'ugetrlimit',
  /* 274 */ 'bdflush',
  /* 275 */ 'sigprocmask',
  /* 276 */ 'ipc',
  /* 277 */ 'socketcall',
  /* 278 */ 'stat64',
  /* 279 */ 'lstat64',
  /* 280 */ 'fstat64',
  /* 281 */ 'fcntl64',
  /* 282 */ 'mmap2',
  /* 283 */ '_newselect',
  /* 284 */ 'sgetmask',
  /* 285 */ 'ssetmask',
  /* 286 */ 'sigpending',
  /* 287 */ 'olduname',
  /* 288 */ 'umount',
  /* 289 */ 'signal',
  /* 290 */ 'nice',
  /* 291 */ 'stime',
  /* 292 */ '_llseek',
  /* 293 */ 'waitpid',
  /* 294 */ 'pread64',
  /* 295 */ 'pwrite64',
  /* 296 */ 'arch_prctl',
  /* 297 */ 'shmat',
  /* 298 */ 'rt_sigreturn',
  /* 299 */ 'fallocate',
  /* 300 */ 'newfstatat',
  /* 301 */ 'process_vm_readv',
  /* 302 */ 'process_vm_writev',
  /* 303 */ 'fork',
  /* 304 */ 'vfork',
  /* 305 */ 'setuid32',
  /* 306 */ 'getuid32',
  /* 307 */ 'setgid32',
  /* 308 */ 'geteuid32',
  /* 309 */ 'getgid32',
  /* 310 */ 'setresuid32',
  /* 311 */ 'setresgid32',
  /* 312 */ 'getresuid32',
  /* 313 */ 'getresgid32',
  /* 314 */ 'finit_module',
  /* 315 */ 'bpf',
  /* 316 */ 'seccomp',
  /* 317 */ 'sigaltstack',
  /* 318 */ 'getrandom',
  /* 319 */ 'fadvise64',
  /* 320 */ 'renameat2',
  /* 321 */ 'userfaultfd',
  /* 322 */ 'openat2',
  /* 323 */ 'umount2',
  /* 324 */ 'execve',
  /* 325 */ 'execveat',
  /* 326 */ 'copy_file_range',
  /* 327 */ 'clone',
  /* 328 */ 'clone3',
  /* 329 */ 'open_by_handle_at',
  /* 330 */ 'io_uring_setup',
  /* 331 */ 'io_uring_enter',
  /* 332 */ 'io_uring_register',
  /* 333 */ 'mlock2',
  /* 334 */ 'getegid32',
  /* 335 */ 'fsconfig',
  /* 336 */ 'fspick',
  /* 337 */ 'fsmount',
  /* 338 */ 'fsopen',
  /* 339 */ 'open_tree',
  /* 340 */ 'move_mount',
  /* 341 */ 'mount_setattr',
  /* 342 */ 'memfd_create',
  /* 343 */ 'memfd_secret',
  /* 344 */ 'ioperm',
  /* 345 */ 'kexec_file_load',
  /* 346 */ 'pidfd_getfd',
  /* 347 */ 'pidfd_open',
  /* 348 */ 'pidfd_send_signal',
  /* 349 */ 'pkey_alloc',
  /* 350 */ 'pkey_mprotect',
  /* 351 */ 'pkey_free',
  /* 352 */ 'landlock_create_ruleset',
  /* 353 */ 'quotactl_fd',
  /* 354 */ 'landlock_restrict_self',
  /* 355 */ 'landlock_add_rule',
  /* 356 */ 'epoll_pwait2',
  /* 357 */ 'migrate_pages',
  /* 358 */ 'move_pages',
  /* 359 */ 'preadv2',
  /* 360 */ 'pwritev2',
  /* 361 */ 'kcmp',
  /* 362 */ 'sched_setattr',
  /* 363 */ 'mbind',
  /* 364 */ 'epoll_ctl_old',
  /* 365 */ 'lookup_dcookie',
  /* 366 */ 'modify_ldt',
  /* 367 */ 'statx',
  /* 368 */ 'set_mempolicy',
  /* 369 */ 'io_pgetevents',
  /* 370 */ 'set_mempolicy_home_node',
  /* 371 */ 'semtimedop',
  /* 372 */ 'get_kernel_syms',
  /* 373 */ 'readahead',
  /* 374 */ 'futex_waitv',
  /* 375 */ 'getpmsg',
  /* 376 */ 'name_to_handle_at',
  /* 377 */ 'process_mrelease',
  /* 378 */ 'nfsservctl',
  /* 379 */ 'epoll_wait_old',
  /* 380 */ 'rseq',
  /* 381 */ 'create_module',
  /* 382 */ '',
  /* 383 */ 'sched_getattr',
  /* 384 */ 'faccessat2',
  /* 385 */ '_sysctl',
  /* 386 */ 'query_module',
  /* 387 */ 'get_mempolicy',
  /* 388 */ 'sync_file_range',
  /* 389 */ 'process_madvise',
  /* 390 */ 'membarrier',
  /* 391 */ 'iopl',
  /* 392 */ 'close_range',
  /* 393 */ 'fanotify_mark',
  /* 394 */ 'recv',
  /* 395 */ 'send',
  /* 396 */ 'sched_process_exit',
  /* 397 */ 'sched_switch',
  /* 398 */ 'page_fault_user',
  /* 399 */ 'page_fault_kernel',
  /* 400 */ 'signal_deliver',
  /* 401 */ 'timerfd',
  /* 402 */ 's390_pci_mmio_read',
  /* 403 */ 'sigaction',
  /* 404 */ 's390_pci_mmio_write',
  /* 405 */ 'readdir',
  /* 406 */ 's390_sthyi',
  /* 407 */ 'sigsuspend',
  /* 408 */ 'idle',
  /* 409 */ 's390_runtime_instr',
  /* 410 */ 'sigreturn',
  /* 411 */ 's390_guarded_storage',
  /* 412 */ 'cachestat',
  /* 413 */ 'fchmodat2',
  /* 414 */ 'map_shadow_stack',
  /* 415 */ 'riscv_flush_icache',
  /* 416 */ 'riscv_hwprobe',
  /* 417 */ 'futex_wake',
  /* 418 */ 'futex_requeue',
  /* 419 */ 'futex_wait',
  /* 420 */ 'oldstat',
  /* 421 */ 'switch_endian',
  /* 422 */ 'multiplexer',
  /* 423 */ 'oldlstat',
  /* 424 */ 'spu_create',
  /* 425 */ 'sync_file_range2',
  /* 426 */ 'oldfstat',
  /* 427 */ 'spu_run',
  /* 428 */ 'swapcontext',
  /* 429 */ 'pciconfig_write',
  /* 430 */ 'rtas',
  /* 431 */ 'pciconfig_read',
  /* 432 */ 'sys_debug_setcontext',
  /* 433 */ 'vm86',
  /* 434 */ 'oldolduname',
  /* 435 */ 'subpage_prot',
  /* 436 */ 'pciconfig_iobase',
  /* 437 */ 'listmount',
  /* 438 */ 'statmount',
  /* 439 */ 'lsm_get_self_attr',
  /* 440 */ 'lsm_set_self_attr',
  /* 441 */ 'lsm_list_modules',
  /* 442 */ 'mseal',
  /* 443 */ 'uretprobe',
  /* 444 */ 'removexattrat',
  /* 445 */ 'listxattrat',
  /* 446 */ 'getxattrat',
  /* 447 */ 'setxattrat',
  /* 448 */ 'open_tree_attr',
  /* 449 */ 'file_getattr',
  /* 450 */ 'file_setattr',
  /* 451 */ 'listns',
  /* 452 */ 'uprobe',
  /* 453 */ 'rseq_slice_yield',
];

/** Bits of the syscall table's flags (enum syscall_flags). */
export const UF_USED = 1 << 0;
export const UF_NEVER_DROP = 1 << 1;
export const UF_ALWAYS_DROP = 1 << 2;
export const UF_ATOMIC = 1 << 4;

/**
 * The x86_64 syscall table (g_syscall_table): [native syscall number, PPM_SC code, UF_* flags, enter event,
 * exit event]. The enter/exit codes are 0/0 for syscalls reported through the generic event (0/1).
 */
export const X86_64_SYSCALLS: readonly (readonly [number, number, number, number, number])[] = [
  [0, 3, 1, 6, 7], // read
  [1, 4, 1, 8, 9], // write
  [2, 5, 3, 2, 3], // open
  [3, 6, 3, 4, 5], // close
  [4, 14, 5, 66, 67], // stat
  [5, 20, 5, 70, 71], // fstat
  [6, 50, 5, 68, 69], // lstat
  [7, 105, 5, 80, 81], // poll
  [8, 15, 5, 86, 87], // lseek
  [9, 55, 1, 160, 161], // mmap
  [10, 75, 1, 328, 329], // mprotect
  [11, 56, 5, 164, 165], // munmap
  [12, 32, 5, 158, 159], // brk
  [13, 107, 0, 0, 0], // rt_sigaction
  [14, 108, 0, 0, 0], // rt_sigprocmask
  [15, 298, 0, 0, 0], // rt_sigreturn
  [16, 34, 5, 170, 171], // ioctl
  [17, 294, 1, 112, 113], // pread64
  [18, 295, 1, 114, 115], // pwrite64
  [19, 87, 1, 116, 117], // readv
  [20, 88, 1, 118, 119], // writev
  [21, 23, 5, 264, 265], // access
  [22, 30, 3, 60, 61], // pipe
  [23, 84, 5, 82, 83], // select
  [24, 99, 0, 0, 0], // sched_yield
  [25, 104, 0, 0, 0], // mremap
  [26, 86, 0, 0, 0], // msync
  [27, 138, 0, 0, 0], // mincore
  [28, 139, 0, 0, 0], // madvise
  [29, 267, 0, 0, 0], // shmget
  [30, 297, 0, 0, 0], // shmat
  [31, 268, 0, 0, 0], // shmctl
  [32, 29, 3, 366, 367], // dup
  [33, 40, 3, 362, 363], // dup2
  [34, 21, 0, 0, 0], // pause
  [35, 103, 5, 134, 135], // nanosleep
  [36, 66, 0, 0, 0], // getitimer
  [37, 19, 0, 0, 0], // alarm
  [38, 65, 0, 0, 0], // setitimer
  [39, 16, 0, 0, 0], // getpid
  [40, 116, 1, 188, 189], // sendfile
  [41, 241, 3, 18, 19], // socket
  [42, 243, 1, 22, 23], // connect
  [43, 245, 1, 246, 247], // accept
  [44, 249, 1, 30, 31], // sendto
  [45, 250, 1, 34, 35], // recvfrom
  [46, 254, 1, 48, 49], // sendmsg
  [47, 256, 1, 52, 53], // recvmsg
  [48, 251, 1, 36, 37], // shutdown
  [49, 242, 3, 20, 21], // bind
  [50, 244, 1, 24, 25], // listen
  [51, 246, 5, 38, 39], // getsockname
  [52, 247, 5, 40, 41], // getpeername
  [53, 248, 3, 42, 43], // socketpair
  [54, 252, 1, 44, 45], // setsockopt
  [55, 253, 1, 46, 47], // getsockopt
  [56, 327, 3, 222, 223], // clone
  [57, 303, 3, 224, 225], // fork
  [58, 304, 3, 226, 227], // vfork
  [59, 324, 3, 292, 293], // execve
  [60, 2, 0, 0, 0], // exit
  [61, 69, 0, 0, 0], // wait4
  [62, 25, 1, 128, 129], // kill
  [63, 67, 0, 0, 0], // uname
  [64, 260, 5, 262, 263], // semget
  [65, 259, 5, 250, 251], // semop
  [66, 261, 5, 252, 253], // semctl
  [67, 266, 0, 0, 0], // shmdt
  [68, 264, 0, 0, 0], // msgget
  [69, 262, 0, 0, 0], // msgsnd
  [70, 263, 0, 0, 0], // msgrcv
  [71, 265, 0, 0, 0], // msgctl
  [72, 35, 1, 150, 151], // fcntl
  [73, 85, 5, 242, 243], // flock
  [74, 72, 0, 0, 0], // fsync
  [75, 90, 0, 0, 0], // fdatasync
  [76, 57, 0, 0, 0], // truncate
  [77, 58, 0, 0, 0], // ftruncate
  [78, 83, 5, 236, 237], // getdents
  [79, 113, 5, 92, 93], // getcwd
  [80, 10, 3, 94, 95], // chdir
  [81, 80, 3, 96, 97], // fchdir
  [82, 26, 1, 174, 175], // rename
  [83, 27, 1, 276, 277], // mkdir
  [84, 28, 1, 278, 279], // rmdir
  [85, 7, 3, 58, 59], // creat
  [86, 8, 1, 308, 309], // link
  [87, 9, 1, 300, 301], // unlink
  [88, 49, 1, 178, 179], // symlink
  [89, 51, 0, 0, 0], // readlink
  [90, 13, 1, 314, 315], // chmod
  [91, 59, 1, 316, 317], // fchmod
  [92, 132, 1, 378, 379], // chown
  [93, 127, 1, 382, 383], // fchown
  [94, 118, 1, 380, 381], // lchown
  [95, 37, 0, 0, 0], // umask
  [96, 47, 0, 0, 0], // gettimeofday
  [97, 117, 1, 140, 141], // getrlimit
  [98, 46, 0, 0, 0], // getrusage
  [99, 71, 0, 0, 0], // sysinfo
  [100, 31, 0, 0, 0], // times
  [101, 18, 1, 168, 169], // ptrace
  [102, 119, 1, 202, 203], // getuid
  [103, 64, 0, 0, 0], // syslog
  [104, 120, 1, 206, 207], // getgid
  [105, 133, 1, 198, 199], // setuid
  [106, 134, 1, 200, 201], // setgid
  [107, 121, 1, 204, 205], // geteuid
  [108, 122, 1, 208, 209], // getegid
  [109, 36, 5, 294, 295], // setpgid
  [110, 41, 0, 0, 0], // getppid
  [111, 42, 0, 0, 0], // getpgrp
  [112, 43, 1, 274, 275], // setsid
  [113, 123, 1, 426, 427], // setreuid
  [114, 124, 1, 428, 429], // setregid
  [115, 125, 0, 0, 0], // getgroups
  [116, 126, 0, 0, 0], // setgroups
  [117, 128, 1, 192, 193], // setresuid
  [118, 129, 1, 210, 211], // getresuid
  [119, 130, 1, 194, 195], // setresgid
  [120, 131, 1, 212, 213], // getresgid
  [121, 79, 0, 0, 0], // getpgid
  [122, 135, 0, 0, 0], // setfsuid
  [123, 136, 0, 0, 0], // setfsgid
  [124, 89, 0, 0, 0], // getsid
  [125, 114, 0, 0, 0], // capget
  [126, 115, 1, 352, 353], // capset
  [127, 109, 0, 0, 0], // rt_sigpending
  [128, 110, 0, 0, 0], // rt_sigtimedwait
  [129, 111, 0, 0, 0], // rt_sigqueueinfo
  [130, 112, 0, 0, 0], // rt_sigsuspend
  [131, 317, 0, 0, 0], // sigaltstack
  [132, 22, 0, 0, 0], // utime
  [133, 12, 1, 414, 415], // mknod
  [135, 82, 0, 0, 0], // personality
  [136, 39, 0, 0, 0], // ustat
  [137, 62, 0, 0, 0], // statfs
  [138, 63, 0, 0, 0], // fstatfs
  [139, 81, 0, 0, 0], // sysfs
  [140, 60, 0, 0, 0], // getpriority
  [141, 61, 0, 0, 0], // setpriority
  [142, 95, 0, 0, 0], // sched_setparam
  [143, 96, 0, 0, 0], // sched_getparam
  [144, 97, 0, 0, 0], // sched_setscheduler
  [145, 98, 0, 0, 0], // sched_getscheduler
  [146, 100, 0, 0, 0], // sched_get_priority_max
  [147, 101, 0, 0, 0], // sched_get_priority_min
  [148, 102, 0, 0, 0], // sched_rr_get_interval
  [149, 91, 1, 344, 345], // mlock
  [150, 92, 1, 346, 347], // munlock
  [151, 93, 1, 348, 349], // mlockall
  [152, 94, 1, 350, 351], // munlockall
  [153, 68, 0, 0, 0], // vhangup
  [154, 366, 0, 0, 0], // modify_ldt
  [155, 137, 0, 0, 0], // pivot_root
  [157, 106, 3, 400, 401], // prctl
  [158, 296, 0, 0, 0], // arch_prctl
  [159, 74, 0, 0, 0], // adjtimex
  [160, 45, 3, 142, 143], // setrlimit
  [161, 38, 3, 266, 267], // chroot
  [162, 24, 0, 0, 0], // sync
  [163, 33, 0, 0, 0], // acct
  [164, 48, 0, 0, 0], // settimeofday
  [165, 17, 1, 256, 257], // mount
  [166, 323, 1, 390, 391], // umount2
  [167, 53, 0, 0, 0], // swapon
  [168, 70, 0, 0, 0], // swapoff
  [169, 54, 0, 0, 0], // reboot
  [170, 44, 0, 0, 0], // sethostname
  [171, 73, 0, 0, 0], // setdomainname
  [172, 391, 0, 0, 0], // iopl
  [173, 344, 0, 0, 0], // ioperm
  [175, 76, 1, 410, 411], // init_module
  [176, 77, 1, 424, 425], // delete_module
  [179, 78, 1, 190, 191], // quotactl
  [186, 140, 0, 0, 0], // gettid
  [187, 373, 0, 0, 0], // readahead
  [188, 141, 0, 0, 0], // setxattr
  [189, 142, 0, 0, 0], // lsetxattr
  [190, 143, 0, 0, 0], // fsetxattr
  [191, 144, 0, 0, 0], // getxattr
  [192, 145, 0, 0, 0], // lgetxattr
  [193, 146, 0, 0, 0], // fgetxattr
  [194, 147, 0, 0, 0], // listxattr
  [195, 148, 0, 0, 0], // llistxattr
  [196, 149, 0, 0, 0], // flistxattr
  [197, 150, 0, 0, 0], // removexattr
  [198, 151, 0, 0, 0], // lremovexattr
  [199, 152, 0, 0, 0], // fremovexattr
  [200, 153, 1, 130, 131], // tkill
  [201, 11, 0, 0, 0], // time
  [202, 154, 5, 64, 65], // futex
  [203, 155, 0, 0, 0], // sched_setaffinity
  [204, 156, 0, 0, 0], // sched_getaffinity
  [205, 157, 0, 0, 0], // set_thread_area
  [206, 159, 0, 0, 0], // io_setup
  [207, 160, 0, 0, 0], // io_destroy
  [208, 161, 0, 0, 0], // io_getevents
  [209, 162, 0, 0, 0], // io_submit
  [210, 163, 0, 0, 0], // io_cancel
  [211, 158, 0, 0, 0], // get_thread_area
  [212, 365, 0, 0, 0], // lookup_dcookie
  [213, 165, 3, 374, 375], // epoll_create
  [214, 364, 0, 0, 0], // epoll_ctl_old
  [215, 379, 0, 0, 0], // epoll_wait_old
  [216, 168, 0, 0, 0], // remap_file_pages
  [217, 240, 5, 238, 239], // getdents64
  [218, 169, 0, 0, 0], // set_tid_address
  [219, 1, 0, 0, 0], // restart_syscall
  [220, 371, 0, 0, 0], // semtimedop
  [221, 319, 0, 0, 0], // fadvise64
  [222, 170, 0, 0, 0], // timer_create
  [223, 171, 0, 0, 0], // timer_settime
  [224, 172, 0, 0, 0], // timer_gettime
  [225, 173, 0, 0, 0], // timer_getoverrun
  [226, 174, 0, 0, 0], // timer_delete
  [227, 175, 0, 0, 0], // clock_settime
  [228, 176, 0, 0, 0], // clock_gettime
  [229, 177, 0, 0, 0], // clock_getres
  [230, 178, 0, 0, 0], // clock_nanosleep
  [231, 164, 0, 0, 0], // exit_group
  [232, 167, 5, 78, 79], // epoll_wait
  [233, 166, 0, 0, 0], // epoll_ctl
  [234, 179, 1, 132, 133], // tgkill
  [235, 180, 0, 0, 0], // utimes
  [237, 363, 0, 0, 0], // mbind
  [238, 368, 0, 0, 0], // set_mempolicy
  [239, 387, 0, 0, 0], // get_mempolicy
  [240, 181, 0, 0, 0], // mq_open
  [241, 182, 0, 0, 0], // mq_unlink
  [242, 183, 0, 0, 0], // mq_timedsend
  [243, 184, 0, 0, 0], // mq_timedreceive
  [244, 185, 0, 0, 0], // mq_notify
  [245, 186, 0, 0, 0], // mq_getsetattr
  [246, 187, 0, 0, 0], // kexec_load
  [247, 188, 0, 0, 0], // waitid
  [248, 189, 0, 0, 0], // add_key
  [249, 190, 0, 0, 0], // request_key
  [250, 191, 1, 452, 453], // keyctl
  [251, 192, 0, 0, 0], // ioprio_set
  [252, 193, 0, 0, 0], // ioprio_get
  [253, 194, 3, 138, 139], // inotify_init
  [254, 195, 0, 0, 0], // inotify_add_watch
  [255, 196, 0, 0, 0], // inotify_rm_watch
  [256, 357, 0, 0, 0], // migrate_pages
  [257, 197, 3, 306, 307], // openat
  [258, 198, 1, 304, 305], // mkdirat
  [259, 199, 1, 416, 417], // mknodat
  [260, 200, 1, 384, 385], // fchownat
  [261, 201, 0, 0, 0], // futimesat
  [262, 300, 5, 418, 419], // newfstatat
  [263, 202, 1, 302, 303], // unlinkat
  [264, 203, 1, 176, 177], // renameat
  [265, 204, 1, 310, 311], // linkat
  [266, 205, 1, 180, 181], // symlinkat
  [267, 206, 0, 0, 0], // readlinkat
  [268, 207, 1, 312, 313], // fchmodat
  [269, 208, 0, 0, 0], // faccessat
  [270, 209, 0, 0, 0], // pselect6
  [271, 210, 5, 254, 255], // ppoll
  [272, 211, 5, 284, 285], // unshare
  [273, 212, 0, 0, 0], // set_robust_list
  [274, 213, 0, 0, 0], // get_robust_list
  [275, 214, 1, 166, 167], // splice
  [276, 215, 0, 0, 0], // tee
  [277, 388, 0, 0, 0], // sync_file_range
  [278, 216, 0, 0, 0], // vmsplice
  [279, 358, 0, 0, 0], // move_pages
  [280, 219, 0, 0, 0], // utimensat
  [281, 218, 0, 0, 0], // epoll_pwait
  [282, 220, 3, 126, 127], // signalfd
  [283, 221, 3, 136, 137], // timerfd_create
  [284, 222, 3, 62, 63], // eventfd
  [285, 299, 0, 0, 0], // fallocate
  [286, 223, 0, 0, 0], // timerfd_settime
  [287, 224, 0, 0, 0], // timerfd_gettime
  [288, 258, 1, 388, 389], // accept4
  [289, 225, 3, 398, 399], // signalfd4
  [290, 226, 3, 396, 397], // eventfd2
  [291, 227, 3, 376, 377], // epoll_create1
  [292, 228, 3, 364, 365], // dup3
  [293, 229, 3, 392, 393], // pipe2
  [294, 230, 3, 394, 395], // inotify_init1
  [295, 231, 1, 120, 121], // preadv
  [296, 232, 1, 122, 123], // pwritev
  [297, 233, 0, 0, 0], // rt_tgsigqueueinfo
  [298, 234, 0, 0, 0], // perf_event_open
  [299, 257, 1, 54, 55], // recvmmsg
  [300, 235, 0, 0, 0], // fanotify_init
  [301, 393, 0, 0, 0], // fanotify_mark
  [302, 236, 3, 144, 145], // prlimit64
  [303, 376, 0, 0, 0], // name_to_handle_at
  [304, 329, 1, 336, 337], // open_by_handle_at
  [305, 237, 0, 0, 0], // clock_adjtime
  [306, 238, 0, 0, 0], // syncfs
  [307, 255, 1, 50, 51], // sendmmsg
  [308, 239, 1, 240, 241], // setns
  [309, 217, 0, 0, 0], // getcpu
  [310, 301, 1, 420, 421], // process_vm_readv
  [311, 302, 1, 422, 423], // process_vm_writev
  [312, 361, 0, 0, 0], // kcmp
  [313, 314, 1, 412, 413], // finit_module
  [314, 362, 0, 0, 0], // sched_setattr
  [315, 383, 0, 0, 0], // sched_getattr
  [316, 320, 1, 318, 319], // renameat2
  [317, 316, 1, 298, 299], // seccomp
  [318, 318, 0, 0, 0], // getrandom
  [319, 342, 1, 404, 405], // memfd_create
  [320, 345, 0, 0, 0], // kexec_file_load
  [321, 315, 1, 368, 369], // bpf
  [322, 325, 3, 330, 331], // execveat
  [323, 321, 3, 320, 321], // userfaultfd
  [324, 390, 0, 0, 0], // membarrier
  [325, 333, 1, 370, 371], // mlock2
  [326, 326, 1, 332, 333], // copy_file_range
  [327, 359, 0, 0, 0], // preadv2
  [328, 360, 0, 0, 0], // pwritev2
  [329, 350, 0, 0, 0], // pkey_mprotect
  [330, 349, 0, 0, 0], // pkey_alloc
  [331, 351, 0, 0, 0], // pkey_free
  [332, 367, 0, 0, 0], // statx
  [333, 369, 0, 0, 0], // io_pgetevents
  [334, 380, 0, 0, 0], // rseq
  [335, 443, 0, 0, 0], // uretprobe
  [336, 452, 0, 0, 0], // uprobe
  [424, 348, 0, 0, 0], // pidfd_send_signal
  [425, 330, 1, 338, 339], // io_uring_setup
  [426, 331, 1, 340, 341], // io_uring_enter
  [427, 332, 1, 342, 343], // io_uring_register
  [428, 339, 0, 0, 0], // open_tree
  [429, 340, 0, 0, 0], // move_mount
  [430, 338, 0, 0, 0], // fsopen
  [431, 335, 1, 372, 373], // fsconfig
  [432, 337, 0, 0, 0], // fsmount
  [433, 336, 0, 0, 0], // fspick
  [434, 347, 1, 408, 409], // pidfd_open
  [435, 328, 3, 334, 335], // clone3
  [436, 392, 3, 450, 451], // close_range
  [437, 322, 1, 326, 327], // openat2
  [438, 346, 1, 406, 407], // pidfd_getfd
  [439, 384, 0, 0, 0], // faccessat2
  [440, 389, 0, 0, 0], // process_madvise
  [441, 356, 0, 0, 0], // epoll_pwait2
  [442, 341, 0, 0, 0], // mount_setattr
  [443, 353, 0, 0, 0], // quotactl_fd
  [444, 352, 0, 0, 0], // landlock_create_ruleset
  [445, 355, 0, 0, 0], // landlock_add_rule
  [446, 354, 0, 0, 0], // landlock_restrict_self
  [447, 343, 0, 0, 0], // memfd_secret
  [448, 377, 0, 0, 0], // process_mrelease
  [449, 374, 0, 0, 0], // futex_waitv
  [450, 370, 0, 0, 0], // set_mempolicy_home_node
  [451, 412, 0, 0, 0], // cachestat
  [452, 413, 0, 0, 0], // fchmodat2
  [453, 414, 0, 0, 0], // map_shadow_stack
  [454, 417, 0, 0, 0], // futex_wake
  [455, 419, 0, 0, 0], // futex_wait
  [456, 418, 0, 0, 0], // futex_requeue
  [457, 438, 0, 0, 0], // statmount
  [458, 437, 0, 0, 0], // listmount
  [459, 439, 0, 0, 0], // lsm_get_self_attr
  [460, 440, 0, 0, 0], // lsm_set_self_attr
  [461, 441, 0, 0, 0], // lsm_list_modules
  [462, 442, 0, 0, 0], // mseal
  [463, 447, 0, 0, 0], // setxattrat
  [464, 446, 0, 0, 0], // getxattrat
  [465, 445, 0, 0, 0], // listxattrat
  [466, 444, 0, 0, 0], // removexattrat
  [467, 448, 0, 0, 0], // open_tree_attr
  [468, 449, 0, 0, 0], // file_getattr
  [469, 450, 0, 0, 0], // file_setattr
  [470, 451, 0, 0, 0], // listns
  [471, 453, 0, 0, 0], // rseq_slice_yield
];
