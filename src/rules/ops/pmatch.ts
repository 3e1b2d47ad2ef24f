// Falco's `pmatch`: true when one of the listed paths is a component-wise prefix of the value
// (libsinsp prefix_search.h). `/var/run` matches `/var/run` and `/var/run/docker`, not `/var` nor
// `/var/running`; empty components are ignored; a component with `*?[` is an fnmatch pattern.
import { compileGlob, type GlobMatcher } from '../../text/glob.ts';

interface Node {
  /** A search path ends here: everything below matches. */
  terminal: boolean;
  dirs: Map<string, Node>;
  globs: { m: GlobMatcher; node: Node }[];
}

function newNode(): Node {
  return { terminal: false, dirs: new Map(), globs: [] };
}

function split(path: string): string[] {
  return path.split('/').filter((c) => c.length > 0);
}

export type PathMatcher = (value: string) => boolean;

export function compilePathPrefixes(paths: readonly string[]): PathMatcher {
  const root = newNode();
  const globNodes = new Map<Node, Map<string, Node>>();
  for (const p of paths) {
    let node = root;
    for (const comp of split(p)) {
      if (node.terminal) break;
      let next: Node | undefined;
      if (/[?*[]/.test(comp)) {
        let byPattern = globNodes.get(node);
        if (byPattern === undefined) {
          byPattern = new Map();
          globNodes.set(node, byPattern);
        }
        next = byPattern.get(comp);
        if (next === undefined) {
          next = newNode();
          byPattern.set(comp, next);
          node.globs.push({ m: compileGlob(comp), node: next });
        }
      } else {
        next = node.dirs.get(comp);
        if (next === undefined) {
          next = newNode();
          node.dirs.set(comp, next);
        }
      }
      node = next;
    }
    // A shorter search path makes its subtree irrelevant.
    node.terminal = true;
    node.dirs.clear();
    node.globs.length = 0;
  }
  return (value: string) => matchNode(root, split(value), 0);
}

function matchNode(node: Node, comps: string[], i: number): boolean {
  if (node.terminal) return true;
  if (i >= comps.length) return false;
  const direct = node.dirs.get(comps[i]);
  if (direct !== undefined && matchNode(direct, comps, i + 1)) return true;
  for (const g of node.globs) if (g.m(comps[i]) && matchNode(g.node, comps, i + 1)) return true;
  return false;
}
