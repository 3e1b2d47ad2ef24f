// Reading configuration files: YAML with the position of every key, `${ENV}` expansion, and Falco's merge of
// `config_files` includes. Positions travel with values through merges and `-o` overrides so a schema error can
// name the file, line and column the offending value came from.
import { readFileSync } from 'node:fs';
import type { Node } from 'yaml';
import { SourceFile } from '../text/mapped-text.ts';
import { TextDigest } from '../text/text-digest.ts';
import { parseFast } from '../text/yaml-fast.ts';
import { yamlLibrary } from '../text/yaml-library.ts';
import type { YNode } from '../text/yaml-tree.ts';

export type Path = readonly (string | number)[];

export interface Pos {
  readonly file: string;
  /** 1-based; 0 when the value came from the command line. */
  readonly line: number;
  readonly col: number;
}

/** Where each value came from, keyed by `pathKey(path)`. */
export type Positions = Map<string, Pos>;

export function pathKey(path: Path): string {
  return JSON.stringify(path);
}

/** `a.b[2].c`, the form Falco's messages and `-o` use. */
export function pathText(path: Path): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s;
}

export type Tree = Record<string, unknown>;

export interface LoadedFile {
  readonly path: string;
  readonly tree: Tree;
  readonly positions: Positions;
  /** The path and the SHA-256 of the text (hashed when first read). */
  readonly digest: TextDigest;
  /** Which reader read it (the equivalence test checks the fast one is really used). */
  readonly readBy: 'fast' | 'library';
}

/**
 * Falco's pre_process_env_vars: `${NAME}` becomes the variable's value (or nothing when unset); `$${x}`
 * becomes a literal `${x}`; a `$` without a closing `}` is left as it is.
 */
export function expandEnv(value: string, env: NodeJS.ProcessEnv = process.env): string {
  let v = value;
  let start = v.indexOf('$');
  while (start !== -1) {
    const rest = v.slice(start);
    if (rest.startsWith('${')) {
      const end = rest.indexOf('}');
      if (end === -1) break;
      const name = rest.slice(2, end);
      const val = env[name] ?? '';
      v = v.slice(0, start) + val + v.slice(start + end + 1);
      start = v.indexOf('$', start + val.length);
      continue;
    }
    if (rest.startsWith('$${')) {
      if (rest.indexOf('}') === -1) break;
      v = v.slice(0, start) + v.slice(start + 1);
      start = v.indexOf('$', start + 2);
      continue;
    }
    start = v.indexOf('$', start + 1);
  }
  return v;
}

export class ConfigFileError extends Error {}

/** Reads one YAML configuration file. Throws ConfigFileError with `file:line:col: message`. */
export function loadFile(path: string, env: NodeJS.ProcessEnv = process.env): LoadedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigFileError(
      `${path}: cannot read configuration file: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`,
    );
  }
  return parseText(text, path, env);
}

export function parseText(text: string, path: string, env: NodeJS.ProcessEnv = process.env): LoadedFile {
  const fast = readFast(text, path, env);
  if (fast === undefined) return parseTextWithLibrary(text, path, env);
  return { path, tree: fast.tree, positions: fast.positions, digest: new TextDigest(path, text), readBy: 'fast' };
}

// YAML 1.2 core schema resolution of a plain scalar, exactly as the `yaml` library's core schema does it (its
// tags in its order: null, bool, int in octal, decimal and hex, floats), so both readers give the same values.
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_INT_OCT = /^0o[0-7]+$/;
const CORE_INT = /^[-+]?[0-9]+$/;
const CORE_INT_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const CORE_FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

function coreScalar(text: string): string | number | boolean | null {
  if (CORE_NULL.test(text)) return null;
  if (CORE_BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (CORE_INT_OCT.test(text)) return Number.parseInt(text.slice(2), 8);
  if (CORE_INT.test(text)) return Number.parseInt(text, 10);
  if (CORE_INT_HEX.test(text)) return Number.parseInt(text.slice(2), 16);
  if (CORE_FLOAT_NAN.test(text)) {
    if (text.slice(-3).toLowerCase() === 'nan') return Number.NaN;
    return text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (CORE_FLOAT_EXP.test(text) || CORE_FLOAT.test(text)) return Number.parseFloat(text);
  return text;
}

/** Thrown to give the text to the library. */
const LIBRARY: unique symbol = Symbol('library');

/**
 * The rules files' fast YAML reader (src/rules/yaml/fast.ts) applied to a configuration file: the `yaml`
 * library costs ~20 ms of every start on its first document, and configuration files are written in the same
 * block style. Anything the fast reader does not take, several documents, duplicate keys, keys that are not
 * scalars and empty sequence items go to the library, so its values, positions and error messages are the
 * only ones anyone sees (test/config/yaml-fast.test.ts compares the two).
 */
function readFast(
  text: string,
  path: string,
  env: NodeJS.ProcessEnv,
): { tree: Tree; positions: Positions } | undefined {
  const docs = parseFast(text);
  if (docs === undefined || docs.length > 1) return undefined;
  const source = new SourceFile(path, text);
  const at = (offset: number): Pos => {
    const p = source.position(offset);
    return { file: path, line: p.line, col: p.column };
  };
  const positions: Positions = new Map();
  const convert = (node: YNode | null, here: (string | number)[]): unknown => {
    if (node === null) return null;
    if (node.kind === 'scalar') {
      const v = node.plain ? coreScalar(node.value) : node.value;
      return typeof v === 'string' ? expandEnv(v, env) : v;
    }
    if (node.kind === 'map') {
      const out: Tree = {};
      for (const item of node.items) {
        if (item.key === null || item.key.kind !== 'scalar') throw LIBRARY;
        const key = String(item.key.plain ? coreScalar(item.key.value) : item.key.value);
        if (Object.hasOwn(out, key)) throw LIBRARY;
        const childPath = [...here, key];
        positions.set(pathKey(childPath), at(item.key.start));
        out[key] = convert(item.value, childPath);
      }
      return out;
    }
    return node.items.map((item, i) => {
      if (item === null) throw LIBRARY;
      const childPath = [...here, i];
      positions.set(pathKey(childPath), at(item.start));
      return convert(item, childPath);
    });
  };
  let root: unknown;
  try {
    root = convert(docs[0] ?? null, []);
  } catch (err) {
    if (err === LIBRARY) return undefined;
    throw err;
  }
  // not a mapping: the library's reading gives the error
  if (root !== null && (typeof root !== 'object' || Array.isArray(root))) return undefined;
  return { tree: (root ?? {}) as Tree, positions };
}

/** The `yaml` library's reading (exported for the equivalence test). */
export function parseTextWithLibrary(text: string, path: string, env: NodeJS.ProcessEnv = process.env): LoadedFile {
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  // yaml 1.2 core schema; Falco's yes/no booleans are handled by the schema, not by YAML 1.1 (which would also
  // turn 0755 into an octal number).
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): Pos => {
    const p = lineCounter.linePos(offset);
    return { file: path, line: p.line, col: p.col };
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const p = at(e.pos[0]);
    throw new ConfigFileError(`${path}:${p.line}:${p.col}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const positions: Positions = new Map();
  const convert = (node: unknown, here: (string | number)[]): unknown => {
    if (node === null || node === undefined) return null;
    if (isMap(node)) {
      const out: Tree = {};
      for (const item of node.items) {
        const keyNode = item.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const childPath = [...here, key];
        const r = (keyNode as Node | null)?.range ?? (item.value as Node | null)?.range;
        if (r) positions.set(pathKey(childPath), at(r[0]));
        out[key] = convert(item.value, childPath);
      }
      return out;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => {
        const childPath = [...here, i];
        const r = (item as Node | null)?.range;
        if (r) positions.set(pathKey(childPath), at(r[0]));
        return convert(item, childPath);
      });
    }
    if (isScalar(node)) {
      const v = node.value;
      return typeof v === 'string' ? expandEnv(v, env) : v;
    }
    return null;
  };
  const root = convert(doc.contents, []);
  if (root !== null && (typeof root !== 'object' || Array.isArray(root))) {
    throw new ConfigFileError(`${path}:1:1: the configuration must be a YAML mapping of keys to values`);
  }
  return {
    path,
    tree: (root ?? {}) as Tree,
    positions,
    digest: new TextDigest(path, text),
    readBy: 'library',
  };
}

/** Drops every position at or below `prefix`. */
export function forgetBelow(positions: Positions, prefix: Path): void {
  const k = pathKey(prefix).slice(0, -1);
  for (const key of [...positions.keys()]) {
    if (key === `${k}]` || key.startsWith(`${k},`)) positions.delete(key);
  }
}

/** Copies `from`'s positions under top-level `key` into `to`, shifting that key's list indices by `shift`. */
function adoptPositions(to: Positions, from: Positions, key: string, shift: number): void {
  const prefix = pathKey([key]).slice(0, -1);
  for (const [k, pos] of from) {
    if (k !== `${prefix}]` && !k.startsWith(`${prefix},`)) continue;
    if (shift === 0) {
      to.set(k, pos);
      continue;
    }
    const path = JSON.parse(k) as (string | number)[];
    if (path.length >= 2 && typeof path[1] === 'number') path[1] += shift;
    to.set(pathKey(path), pos);
  }
}

export type MergeStrategy = 'append' | 'override' | 'add-only';

/**
 * Merges an included file into `into`, top-level key by top-level key, as Falco's include_config_file does:
 * append extends lists and replaces everything else; override replaces; add-only only adds missing keys.
 */
export function mergeInclude(into: Tree, positions: Positions, inc: LoadedFile, strategy: MergeStrategy): void {
  for (const [key, value] of Object.entries(inc.tree)) {
    const existing = into[key];
    if (strategy === 'add-only' && existing !== undefined) continue;
    if (strategy === 'append' && Array.isArray(value) && Array.isArray(existing)) {
      adoptPositions(positions, inc.positions, key, existing.length);
      into[key] = [...existing, ...value];
      continue;
    }
    forgetBelow(positions, [key]);
    adoptPositions(positions, inc.positions, key, 0);
    into[key] = value;
  }
}

/** The position recorded for `path` or its nearest ancestor. */
export function positionOf(positions: Positions, path: Path): Pos | undefined {
  for (let n = path.length; n > 0; n--) {
    const p = positions.get(pathKey(path.slice(0, n)));
    if (p !== undefined) return p;
  }
  return undefined;
}

export function formatPos(p: Pos | undefined): string {
  if (p === undefined) return '';
  return p.line === 0 ? `${p.file}: ` : `${p.file}:${p.line}:${p.col}: `;
}
