// SPDX-License-Identifier: GPL-2.0-only
/*
 * File operations by path: chdir/fchdir/chroot, the link, symlink, rename, unlink, mkdir, rmdir,
 * chmod and chown families. Paths are sent as the caller gave them (FSPATH, or FSRELPATH relative to
 * the dirfd parameter); the reader resolves them against its cwd and fd tables.
 */
#include "helpers/syscall.h"
#include "helpers/flags.h"

#define PATH_ARG(n) ((const void *)arg(n))

SYSCALL_EXIT(chdir) {
	struct event e;
	if(!event__begin(&e, PPME_CHDIR_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* path (type: CHARBUF) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(fchdir) {
	struct event e;
	if(!event__begin(&e, PPME_FCHDIR_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);                 /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0))); /* fd (type: FD) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(chroot) {
	struct event e;
	if(!event__begin(&e, PPME_CHROOT_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* path (type: FSPATH) */
	event__submit(&e, event__current_tid());
	return 0;
}

/* ---- links ---- */

SYSCALL_EXIT(link) {
	struct event e;
	if(!event__begin(&e, PPME_LINK_2_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* oldpath (type: FSPATH) */
	event__str_user(&e, PATH_ARG(1), WIRE_MAX_PATH); /* newpath (type: FSPATH) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(linkat) {
	struct event e;
	if(!event__begin(&e, PPME_LINKAT_2_X, 6)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0)));             /* olddir (type: FD) */
	event__str_user(&e, PATH_ARG(1), WIRE_MAX_PATH); /* oldpath (type: FSRELPATH) */
	event__s64(&e, syscall__fd(arg(2)));             /* newdir (type: FD) */
	event__str_user(&e, PATH_ARG(3), WIRE_MAX_PATH); /* newpath (type: FSRELPATH) */
	event__u32(&e, flags__linkat(arg(4)));           /* flags (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(symlink) {
	struct event e;
	if(!event__begin(&e, PPME_SYMLINK_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* target (type: CHARBUF) */
	event__str_user(&e, PATH_ARG(1), WIRE_MAX_PATH); /* linkpath (type: FSPATH) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(symlinkat) {
	struct event e;
	if(!event__begin(&e, PPME_SYMLINKAT_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* target (type: CHARBUF) */
	event__s64(&e, syscall__fd(arg(1)));             /* linkdirfd (type: FD) */
	event__str_user(&e, PATH_ARG(2), WIRE_MAX_PATH); /* linkpath (type: FSRELPATH) */
	event__submit(&e, event__current_tid());
	return 0;
}

/* ---- renames ---- */

SYSCALL_EXIT(rename) {
	struct event e;
	if(!event__begin(&e, PPME_RENAME_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* oldpath (type: FSPATH) */
	event__str_user(&e, PATH_ARG(1), WIRE_MAX_PATH); /* newpath (type: FSPATH) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(renameat) {
	struct event e;
	if(!event__begin(&e, PPME_RENAMEAT_X, 5)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0)));             /* olddirfd (type: FD) */
	event__str_user(&e, PATH_ARG(1), WIRE_MAX_PATH); /* oldpath (type: FSRELPATH) */
	event__s64(&e, syscall__fd(arg(2)));             /* newdirfd (type: FD) */
	event__str_user(&e, PATH_ARG(3), WIRE_MAX_PATH); /* newpath (type: FSRELPATH) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(renameat2) {
	struct event e;
	if(!event__begin(&e, PPME_RENAMEAT2_X, 6)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0)));             /* olddirfd (type: FD) */
	event__str_user(&e, PATH_ARG(1), WIRE_MAX_PATH); /* oldpath (type: FSRELPATH) */
	event__s64(&e, syscall__fd(arg(2)));             /* newdirfd (type: FD) */
	event__str_user(&e, PATH_ARG(3), WIRE_MAX_PATH); /* newpath (type: FSRELPATH) */
	/* flags (type: FLAGS32): as given (RENAME_NOREPLACE 1, EXCHANGE 2, WHITEOUT 4 equal PPM's) */
	event__u32(&e, arg(4));
	event__submit(&e, event__current_tid());
	return 0;
}

/* ---- removal and creation of directory entries ---- */

SYSCALL_EXIT(unlink) {
	struct event e;
	if(!event__begin(&e, PPME_UNLINK_2_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* path (type: FSPATH) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(unlinkat) {
	struct event e;
	if(!event__begin(&e, PPME_UNLINKAT_2_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0)));             /* dirfd (type: FD) */
	event__str_user(&e, PATH_ARG(1), WIRE_MAX_PATH); /* name (type: FSRELPATH) */
	event__u32(&e, flags__unlinkat(arg(2)));         /* flags (type: FLAGS32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(mkdir) {
	struct event e;
	if(!event__begin(&e, PPME_MKDIR_2_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* path (type: FSPATH) */
	event__u32(&e, arg(1));                          /* mode (type: UINT32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(mkdirat) {
	struct event e;
	if(!event__begin(&e, PPME_MKDIRAT_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0)));             /* dirfd (type: FD) */
	event__str_user(&e, PATH_ARG(1), WIRE_MAX_PATH); /* path (type: FSRELPATH) */
	event__u32(&e, arg(2));                          /* mode (type: UINT32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(rmdir) {
	struct event e;
	if(!event__begin(&e, PPME_RMDIR_2_X, 2)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* path (type: FSPATH) */
	event__submit(&e, event__current_tid());
	return 0;
}

/* ---- permissions and ownership ---- */

SYSCALL_EXIT(chmod) {
	struct event e;
	if(!event__begin(&e, PPME_CHMOD_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* filename (type: FSPATH) */
	event__u32(&e, flags__mode(arg(1)));             /* mode (type: MODE) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(fchmod) {
	struct event e;
	if(!event__begin(&e, PPME_FCHMOD_X, 3)) {
		return 0;
	}
	event__s64(&e, ret);                 /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0))); /* fd (type: FD) */
	event__u32(&e, flags__mode(arg(1))); /* mode (type: MODE) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(fchmodat) {
	struct event e;
	if(!event__begin(&e, PPME_FCHMODAT_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0)));             /* dirfd (type: FD) */
	event__str_user(&e, PATH_ARG(1), WIRE_MAX_PATH); /* filename (type: FSRELPATH) */
	event__u32(&e, flags__mode(arg(2)));             /* mode (type: MODE) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(chown) {
	struct event e;
	if(!event__begin(&e, PPME_CHOWN_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* path (type: FSPATH) */
	event__u32(&e, arg(1));                          /* uid (type: UINT32) */
	event__u32(&e, arg(2));                          /* gid (type: UINT32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(lchown) {
	struct event e;
	if(!event__begin(&e, PPME_LCHOWN_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__str_user(&e, PATH_ARG(0), WIRE_MAX_PATH); /* path (type: FSPATH) */
	event__u32(&e, arg(1));                          /* uid (type: UINT32) */
	event__u32(&e, arg(2));                          /* gid (type: UINT32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(fchown) {
	struct event e;
	if(!event__begin(&e, PPME_FCHOWN_X, 4)) {
		return 0;
	}
	event__s64(&e, ret);                 /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0))); /* fd (type: FD) */
	event__u32(&e, arg(1));              /* uid (type: UINT32) */
	event__u32(&e, arg(2));              /* gid (type: UINT32) */
	event__submit(&e, event__current_tid());
	return 0;
}

SYSCALL_EXIT(fchownat) {
	struct event e;
	if(!event__begin(&e, PPME_FCHOWNAT_X, 6)) {
		return 0;
	}
	event__s64(&e, ret);                             /* res (type: ERRNO) */
	event__s64(&e, syscall__fd(arg(0)));             /* dirfd (type: FD) */
	event__str_user(&e, PATH_ARG(1), WIRE_MAX_PATH); /* pathname (type: FSRELPATH) */
	event__u32(&e, arg(2));                          /* uid (type: UINT32) */
	event__u32(&e, arg(3));                          /* gid (type: UINT32) */
	event__u32(&e, flags__linkat(arg(4)));           /* flags (type: FLAGS32): AT_SYMLINK_FOLLOW, AT_EMPTY_PATH */
	event__submit(&e, event__current_tid());
	return 0;
}
