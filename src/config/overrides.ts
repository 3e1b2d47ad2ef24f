// Falco's `-o key=value`: a dot path with optional [i] indices; the value is read as YAML, so
// `-o 'rules=[{disable: {tag: network}}]'` sets a list and `-o json_output=true` a boolean.
import { parse as parseYaml } from 'yaml';

type Container = Record<string, unknown> | unknown[];

/** Applies one override to `target` in place. Returns a sentence describing the problem, or undefined. */
export function applyOverride(target: Record<string, unknown>, spec: string): string | undefined {
  const eq = spec.indexOf('=');
  if (eq <= 0) return 'expected key=value (for example -o json_output=true)';
  const path = parsePath(spec.slice(0, eq));
  if (typeof path === 'string') return path;
  let value: unknown;
  try {
    value = parseYaml(spec.slice(eq + 1));
  } catch (err) {
    return `the value is not valid YAML: ${(err as Error).message.split('\n')[0]}`;
  }
  let node: Container = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const nextIsIndex = typeof path[i + 1] === 'number';
    const current = (node as Record<string | number, unknown>)[key];
    if (current === undefined || current === null || typeof current !== 'object') {
      const created: Container = nextIsIndex ? [] : {};
      (node as Record<string | number, unknown>)[key] = created;
      node = created;
    } else {
      node = current as Container;
    }
  }
  (node as Record<string | number, unknown>)[path[path.length - 1]] = value ?? '';
  return undefined;
}

/** `a.b[2].c` → ['a', 'b', 2, 'c']. */
export function parsePath(text: string): (string | number)[] | string {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|(\.)/gy;
  let m: RegExpExecArray | null = re.exec(text);
  let expectKey = true;
  while (m !== null) {
    if (m[1] !== undefined) {
      if (!expectKey) return `malformed key path '${text}'`;
      out.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      if (expectKey) return `malformed key path '${text}'`;
      out.push(Number(m[2]));
    } else {
      if (expectKey) return `malformed key path '${text}'`;
      expectKey = true;
    }
    if (re.lastIndex === text.length) break;
    m = re.exec(text);
  }
  if (re.lastIndex !== text.length || out.length === 0 || expectKey) return `malformed key path '${text}'`;
  return out;
}
