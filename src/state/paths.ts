// Path arithmetic as libsinsp does it (sinsp_utils::concatenate_paths + copy_and_sanitize_path), so that
// fd.name and the resolved paths rules match are byte-for-byte what Falco computes: relative paths are joined
// to the directory, `.` and `..` components are folded, doubled slashes collapse, a trailing slash goes, and
// every non-printable byte becomes '.'.

/** Bytes a code point takes in UTF-8: libsinsp replaces each non-ASCII byte with one '.'. */
function dotsFor(code: number): string {
  if (code < 0x80) return '.';
  if (code < 0x800) return '..';
  if (code >= 0xd800 && code <= 0xdbff) return '....';
  if (code >= 0xdc00 && code <= 0xdfff) return '';
  return '...';
}

function isPrintable(code: number): boolean {
  return code >= 0x20 && code < 0x7f;
}

/**
 * Whether sanitizing would leave `s` unchanged: printable ASCII, no '//', and no '.' that starts one of the
 * sequences libsinsp rewrites ('.' before '.', '/' or the end — anywhere, not only at a component start).
 */
function clean(s: string): boolean {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) return false;
    if (c === 0x2e) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (d === 0 || d === 0x2e || d === 0x2f) return false;
    } else if (c === 0x2f && i > 0 && s.charCodeAt(i - 1) === 0x2f) return false;
  }
  return true;
}

/** The last absolute path concatPaths found already clean, so returned as it is ('/' is its own answer too). */
let lastCleanPath = '/';

/**
 * `dir` + `path` the way libsinsp concatenates them: an absolute `path` ignores `dir`. `dir` is used as given
 * (libsinsp copies it verbatim; cwd values end with '/').
 */
export function concatPaths(dir: string, path: string): string {
  if (path.length !== 0 && path.charCodeAt(0) !== 0x2f) {
    return sanitizeInto(dir, path);
  }
  // The same absolute path again (a program reopening a file): interned strings make this a pointer test.
  if (path === lastCleanPath) return path;
  if (path.length > 1 && clean(path) && path.charCodeAt(path.length - 1) !== 0x2f) {
    lastCleanPath = path;
    return path;
  }
  return sanitizeInto('', path);
}

/** copy_and_sanitize_path with the target starting as `base` (the part `..` may rewind into). */
function sanitizeInto(base: string, path: string): string {
  const out: string[] = [];
  for (let i = 0; i < base.length; i++) out.push(base[i]);
  let i = 0;
  const n = path.length;
  const rewind = (delta: number) => {
    // rewind_to_parent_path: drop the last component of what was written so far (never the leading '/').
    if (out.length <= 1) {
      i += delta;
      return;
    }
    out.pop();
    while (out.length >= 1 && out[out.length - 1] !== '/') out.pop();
    i += delta;
  };
  while (i < n) {
    const c = path.charCodeAt(i);
    if (!isPrintable(c)) {
      out.push(dotsFor(c));
      i++;
      continue;
    }
    const c1 = i + 1 < n ? path.charCodeAt(i + 1) : 0;
    const c2 = i + 2 < n ? path.charCodeAt(i + 2) : 0;
    if (c === 0x2e && c1 === 0x2e && c2 === 0x2f) {
      rewind(3);
    } else if (c === 0x2e && c1 === 0x2e) {
      if (i + 2 >= n) rewind(2);
      else {
        out.push('..');
        i += 2;
      }
    } else if (c === 0x2e && c1 === 0x2f) {
      i += 2;
    } else if (c === 0x2e) {
      if (i + 1 >= n) i++;
      else {
        out.push('.');
        i++;
      }
    } else if (c === 0x2f) {
      if (out.length > 0 && out[out.length - 1].endsWith('/')) i++;
      else {
        out.push('/');
        i++;
      }
    } else {
      out.push(path[i]);
      i++;
    }
  }
  let s = out.join('');
  // "If the path ends with a separator, remove it, as the OS does" — except a lone "/".
  if (s.length > 1 && s.charCodeAt(s.length - 1) === 0x2f) s = s.slice(0, -1);
  return s;
}
