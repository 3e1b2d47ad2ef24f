// Extractors of the fs.path.* fields: the path a file-system syscall acted on (name), or the two paths of a
// rename/link (source, target); raw as passed, or resolved against the directory or dirfd.
import { code } from '../../capture/codes.ts';
import type { Event } from '../../state/event.ts';
import { concatPaths } from '../../state/paths.ts';
import { type ExtractorMap, plain } from './common.ts';

/** [param holding the path, param holding its dirfd or -1, success test] per event code and role. */
type Spec = { path: string; dirfd?: string; fromFd?: boolean };
interface Entry {
  name?: Spec;
  source?: Spec;
  target?: Spec;
  /** 'res0': res must be 0; 'fd': the fd must not be −1. */
  ok: 'res0' | 'fd';
}

const TABLE = new Map<number, Entry>();
function def(id: string, e: Entry): void {
  TABLE.set(code(id), e);
}
def('SYSCALL_MKDIR_2_X', { name: { path: 'path' }, ok: 'res0' });
def('SYSCALL_MKDIRAT_X', { name: { path: 'path', dirfd: 'dirfd' }, ok: 'res0' });
def('SYSCALL_RMDIR_2_X', { name: { path: 'path' }, ok: 'res0' });
def('SYSCALL_UNLINK_2_X', { name: { path: 'path' }, ok: 'res0' });
def('SYSCALL_UNLINKAT_2_X', { name: { path: 'name', dirfd: 'dirfd' }, ok: 'res0' });
def('SYSCALL_OPEN_X', { name: { path: 'name', fromFd: true }, ok: 'fd' });
def('SYSCALL_OPENAT_2_X', { name: { path: 'name', fromFd: true }, ok: 'fd' });
def('SYSCALL_OPENAT2_X', { name: { path: 'name', fromFd: true }, ok: 'fd' });
def('SYSCALL_FCHMODAT_X', { name: { path: 'filename', dirfd: 'dirfd' }, ok: 'res0' });
def('SYSCALL_CHMOD_X', { name: { path: 'filename' }, ok: 'res0' });
def('SYSCALL_FCHMOD_X', { name: { path: '', fromFd: true }, ok: 'res0' });
def('SYSCALL_CHOWN_X', { name: { path: 'path' }, ok: 'res0' });
def('SYSCALL_LCHOWN_X', { name: { path: 'path' }, ok: 'res0' });
def('SYSCALL_FCHOWN_X', { name: { path: '', fromFd: true }, ok: 'res0' });
def('SYSCALL_FCHOWNAT_X', { name: { path: 'pathname', dirfd: 'dirfd' }, ok: 'res0' });
def('SYSCALL_QUOTACTL_X', { name: { path: 'special' }, ok: 'res0' });
def('SYSCALL_MKNOD_X', { name: { path: 'path' }, ok: 'res0' });
def('SYSCALL_MKNODAT_X', { name: { path: 'path', dirfd: 'dirfd' }, ok: 'res0' });
def('SYSCALL_NEWFSTATAT_X', { name: { path: 'path', dirfd: 'dirfd' }, ok: 'res0' });
def('SYSCALL_RENAME_X', { source: { path: 'oldpath' }, target: { path: 'newpath' }, ok: 'res0' });
def('SYSCALL_RENAMEAT_X', {
  source: { path: 'oldpath', dirfd: 'olddirfd' },
  target: { path: 'newpath', dirfd: 'newdirfd' },
  ok: 'res0',
});
def('SYSCALL_RENAMEAT2_X', {
  source: { path: 'oldpath', dirfd: 'olddirfd' },
  target: { path: 'newpath', dirfd: 'newdirfd' },
  ok: 'res0',
});
def('SYSCALL_LINK_2_X', { source: { path: 'newpath' }, target: { path: 'oldpath' }, ok: 'res0' });
def('SYSCALL_LINKAT_2_X', {
  source: { path: 'newpath', dirfd: 'newdir' },
  target: { path: 'oldpath', dirfd: 'olddir' },
  ok: 'res0',
});
def('SYSCALL_SYMLINK_X', { source: { path: 'linkpath' }, target: { path: 'target' }, ok: 'res0' });
def('SYSCALL_SYMLINKAT_X', {
  source: { path: 'linkpath', dirfd: 'linkdirfd' },
  target: { path: 'target' },
  ok: 'res0',
});
def('SYSCALL_MOUNT_X', { source: { path: 'dev' }, target: { path: 'dir' }, ok: 'res0' });

function extract(role: 'name' | 'source' | 'target', resolve: boolean) {
  return plain((evt: Event) => {
    const e = TABLE.get(evt.type);
    if (e === undefined) return null;
    const spec = e[role];
    if (spec === undefined) return null;
    if (e.ok === 'res0' ? evt.int(0) !== 0 : evt.int(0) === -1) return null;
    const s = evt.state;
    const t = evt.thread;
    if (spec.fromFd && spec.path === '') return evt.fd?.name ?? null;
    const i = evt.paramIndex(spec.path);
    if (i < 0 || i >= evt.nparams) return spec.fromFd ? (evt.fd?.name ?? null) : null;
    const raw = evt.str(i);
    if (!resolve) return raw;
    if (spec.fromFd) return evt.fd !== null ? evt.fd.name : '<UNKNOWN>';
    if (s === null || t === null) return concatPaths('', raw);
    let base = s.threads.cwd(t);
    if (spec.dirfd !== undefined) {
      const di = evt.paramIndex(spec.dirfd);
      const dirfd = di >= 0 ? evt.int(di) : -100;
      if (raw.startsWith('/')) base = '';
      else if (dirfd !== -100) {
        const f = s.threads.getFd(t, dirfd);
        base = f === null ? '<UNKNOWN>' : f.name.endsWith('/') ? f.name : `${f.name}/`;
      }
    } else if (spec.dirfd === undefined && role === 'target' && evt.info.name === 'symlinkat') base = '<UNKNOWN>';
    return concatPaths(base, raw);
  });
}

export const extractors: ExtractorMap = {
  'fs.path.name': extract('name', true),
  'fs.path.nameraw': extract('name', false),
  'fs.path.source': extract('source', true),
  'fs.path.sourceraw': extract('source', false),
  'fs.path.target': extract('target', true),
  'fs.path.targetraw': extract('target', false),
};
