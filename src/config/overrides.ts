// Falco's `-o key=value`. The key is a dot path with `[i]` indices (`[]` appends to a list) and Falco's escapes
// `\.`, `\[`, `\]`, `\\` for keys that contain those characters (`-o 'annotations.kubernetes\.io/role=x'`).
// As in Falco, a value in braces is read as a YAML mapping; so is one in brackets (a YAML list, e.g.
// `-o 'rules=[{disable: {tag: network}}]'`); anything else is a scalar string that the schema reads as the key
// needs (`-o json_output=true` is a boolean, `-o webserver.listen_port=9000` a number).

import { yamlLibrary } from '../text/yaml-library.ts';

type Container = Record<string, unknown> | unknown[];

/** A parsed key: names, indices, or `append` for `[]`. */
export type KeyPart = string | number | { append: true };

/** Applies one override to `target` in place. Returns a sentence describing the problem, or the path set. */
export function applyOverride(target: Record<string, unknown>, spec: string): string | undefined {
  const r = applyOverrideAt(target, spec);
  return typeof r === 'string' ? r : undefined;
}

/** Like applyOverride, but returns the concrete path that was set (indices resolved). */
export function applyOverrideAt(target: Record<string, unknown>, spec: string): string | (string | number)[] {
  const eq = spec.indexOf('=');
  if (eq <= 0) return `Error parsing config option "${spec}". Must be of the form key=val or key.subkey=val`;
  const path = parsePath(spec.slice(0, eq));
  if (typeof path === 'string') return path;
  const raw = spec.slice(eq + 1);
  let value: unknown = raw;
  const t = raw.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      value = yamlLibrary().parse(t);
    } catch (err) {
      return `the value is not valid YAML: ${(err as Error).message.split('\n')[0]}`;
    }
  }
  const concrete: (string | number)[] = [];
  let node: Container = target;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const last = i === path.length - 1;
    let key: string | number;
    if (typeof part === 'object') {
      if (!Array.isArray(node)) return `'${pathString(concrete)}' is not a list: cannot append with []`;
      key = node.length;
    } else if (typeof part === 'number') {
      if (!Array.isArray(node)) return `'${pathString(concrete)}' is not a list: cannot index it with [${part}]`;
      key = part;
    } else {
      if (Array.isArray(node)) return `'${pathString(concrete)}' is a list: use an index such as [0]`;
      key = part;
    }
    concrete.push(key);
    if (last) {
      (node as Record<string | number, unknown>)[key] = value;
      break;
    }
    const nextIsList = typeof path[i + 1] !== 'string';
    const current = (node as Record<string | number, unknown>)[key];
    if (current === undefined || current === null || typeof current !== 'object') {
      const created: Container = nextIsList ? [] : {};
      (node as Record<string | number, unknown>)[key] = created;
      node = created;
    } else {
      node = current as Container;
    }
  }
  return concrete;
}

function pathString(path: (string | number)[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s;
}

/** `a.b[2].c` → ['a', 'b', 2, 'c']; `a\.b` → ['a.b']; `list[]` → ['list', {append}]. Or an error sentence. */
export function parsePath(text: string): KeyPart[] | string {
  const out: KeyPart[] = [];
  const bad = (why: string): string => `Config error at key "${text}": ${why}`;
  let name = '';
  let i = 0;
  let expectName = true;
  const flush = (): boolean => {
    if (name === '') return false;
    out.push(name);
    name = '';
    return true;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) return bad(`trailing backslash at pos ${i}`);
      if (!'.[]\\'.includes(next)) return bad(`invalid escape sequence '\\${next}' at pos ${i}`);
      if (!expectName) return bad(`expected '.' character at pos ${i}`);
      name += next;
      i += 2;
      continue;
    }
    if (c === '.') {
      if (expectName && !flush()) return bad(`unexpected character at pos ${i}`);
      expectName = true;
      i++;
      continue;
    }
    if (c === '[') {
      if (expectName && !flush()) return bad(`unexpected character at pos ${i}`);
      const close = text.indexOf(']', i);
      if (close === -1) return bad(`missing ']' after pos ${i}`);
      const idx = text.slice(i + 1, close);
      if (idx === '') out.push({ append: true });
      else if (/^\d+$/.test(idx)) out.push(Number(idx));
      else return bad(`expected a numeric index, found '${idx}'`);
      expectName = false;
      i = close + 1;
      continue;
    }
    if (!expectName) return bad(`expected '.' character at pos ${i - 1}`);
    name += c;
    i++;
  }
  if (expectName && !flush()) return bad('the key is empty or ends with a dot');
  return out;
}
