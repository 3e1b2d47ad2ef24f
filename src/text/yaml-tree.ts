// The YAML a rules file is read into: maps, sequences and scalars with their offsets in the file, nothing
// else. Two producers build it: a fast reader for the block-style YAML rules files are written in
// (fast.ts), and the `yaml` library for everything else (anchors, flow mappings, tags, tabs, errors...).
// Both give identical trees for every text the fast reader accepts (test/rules/yaml-fast.test.ts checks it
// on the upstream files and on fuzzed texts), so which one read a file never shows.
import type { Document, Node } from 'yaml';
import { parseFast } from './yaml-fast.ts';
import { type YamlLibrary, yamlLibrary } from './yaml-library.ts';

export interface YScalar {
  readonly kind: 'scalar';
  /** The decoded text (failsafe schema: every scalar is a string). */
  readonly value: string;
  /** Written without quotes or block indicator (only plain scalars can mean null). */
  readonly plain: boolean;
  /** Offset of the scalar's first character (its quote or block indicator). */
  readonly start: number;
  /** Offset just past its value (the closing quote; the end of a block scalar's last content line). */
  readonly end: number;
}

export interface YPair {
  readonly key: YNode | null;
  readonly value: YNode | null;
}

export interface YMap {
  readonly kind: 'map';
  readonly items: readonly YPair[];
  /** Offset of the first key. */
  readonly start: number;
}

export interface YSeq {
  readonly kind: 'seq';
  readonly items: readonly (YNode | null)[];
  /** Offset of the first `-` (or of `[`). */
  readonly start: number;
}

export type YNode = YScalar | YMap | YSeq;

/** A YAML syntax error: the library's message and the offset it points at. */
export interface YamlSyntaxError {
  readonly offset: number;
  readonly message: string;
}

export type YamlReadResult =
  | { readonly docs: readonly (YNode | null)[]; readonly fast: boolean }
  | { readonly error: YamlSyntaxError }
  | { readonly exception: string };

/** yaml-cpp's null: an empty plain scalar, `~`, or null in one of its spellings. */
export function isNullNode(n: YNode | null): boolean {
  if (n === null) return true;
  if (n.kind !== 'scalar' || !n.plain) return false;
  const v = n.value;
  return v === '' || v === '~' || v === 'null' || v === 'Null' || v === 'NULL';
}

/** Reads every document of `content`: the fast reader when it accepts the text, the library otherwise. */
export function readYamlDocuments(content: string): YamlReadResult {
  const fast = parseFast(content);
  if (fast !== undefined) return { docs: fast, fast: true };
  return readWithLibrary(content);
}

/** The `yaml` library's reading, converted (aliases resolved). Exported for the equivalence tests. */
export function readWithLibrary(content: string): YamlReadResult {
  const yaml = yamlLibrary();
  let docs: Document.Parsed[];
  try {
    docs = yaml.parseAllDocuments(content, {
      schema: 'failsafe',
      uniqueKeys: false,
      prettyErrors: false,
    }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [];
  } catch (err) {
    return { exception: err instanceof Error ? err.message : String(err) };
  }
  for (const d of docs) {
    const e = d.errors[0];
    if (e !== undefined) return { error: { offset: e.pos[0], message: e.message } };
  }
  return { docs: docs.map((d) => new Converter(yaml, d).node(d.contents)), fast: false };
}

class Converter {
  private readonly yaml: YamlLibrary;
  private readonly doc: Document.Parsed;
  private readonly done = new Map<Node, YNode | null>();
  private readonly active = new Set<Node>();

  constructor(yaml: YamlLibrary, doc: Document.Parsed) {
    this.yaml = yaml;
    this.doc = doc;
  }

  node(n: unknown): YNode | null {
    if (n === null || n === undefined) return null;
    let target = n as Node;
    if (this.yaml.isAlias(target)) {
      const r = target.resolve(this.doc) as Node | undefined;
      if (r === undefined) return null;
      target = r;
    }
    const seen = this.done.get(target);
    if (seen !== undefined) return seen;
    // An alias inside the node it names would make an infinite tree: it reads as null.
    if (this.active.has(target)) return null;
    this.active.add(target);
    const out = this.convert(target);
    this.active.delete(target);
    this.done.set(target, out);
    return out;
  }

  private convert(n: Node): YNode | null {
    const { isMap, isScalar, isSeq } = this.yaml;
    const start = n.range?.[0] ?? 0;
    if (isScalar(n)) {
      const end = n.range?.[1] ?? start;
      const value = n.value === null || n.value === undefined ? '' : String(n.value);
      return { kind: 'scalar', value, plain: n.type === 'PLAIN', start, end };
    }
    if (isMap(n)) {
      return {
        kind: 'map',
        items: n.items.map((p) => ({ key: this.node(p.key), value: this.node(p.value) })),
        start,
      };
    }
    if (isSeq(n)) return { kind: 'seq', items: n.items.map((i) => this.node(i)), start };
    return null;
  }
}
