// A fast reader for the YAML rules files are written in: documents that are block sequences of block
// mappings (or block mappings: configuration files), with plain, quoted, folded and literal scalars and flow sequences. It exists because the
// general `yaml` library builds documents at ~1 MB/s in a fresh process, which was half of Falco's three
// rule files' load time. It is deliberately narrow: at anything outside that subset, or anything that
// might be an error (tabs, anchors, tags, flow mappings, odd indentation, `: ` inside a plain value...),
// it gives up and the library reads the file instead, so errors always get the library's messages. For
// every text it accepts it must build the tree the library builds (tree.ts), values and offsets alike;
// test/rules/yaml-fast.test.ts compares them on real files and on fuzzed ones.
import type { YMap, YNode, YPair, YScalar, YSeq } from './yaml-tree.ts';

/** Thrown to give up; caught in parseFast. */
const GIVE_UP: unique symbol = Symbol('give up');

function giveUp(): never {
  throw GIVE_UP;
}

// Characters the fast reader does not handle: tabs and CR (indentation and line-break rules), and the
// characters YAML refuses or treats specially (C0/C1 controls, DEL, byte-order marks, non-characters).
const UNSUPPORTED = /[\0-\x09\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]/;

/** Block-context key: letters, digits, `_`, `-`, `.`; followed by `:` and a space or the line's end. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46;
}

const SPACE = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const CLOSE_BRACKET = 93;

/** Indicator characters a plain scalar may not start with (`-`, `?`, `:` are handled apart). */
const PLAIN_START_FORBIDDEN = new Set([',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

class FastReader {
  private readonly src: string;
  private readonly n: number;
  /** Start offset of each line; a final entry at src.length + 1 closes the last line. */
  private readonly starts: number[];
  private readonly lineCount: number;
  /** The first line not yet consumed by the node just parsed. */
  private li = 0;

  constructor(src: string) {
    this.src = src;
    this.n = src.length;
    const starts = [0];
    let i = src.indexOf('\n');
    while (i >= 0) {
      starts.push(i + 1);
      i = src.indexOf('\n', i + 1);
    }
    this.lineCount = starts.length;
    starts.push(src.length + 1);
    this.starts = starts;
  }

  private lineEnd(li: number): number {
    return this.starts[li + 1] - 1;
  }

  private indent(li: number): number {
    const s = this.starts[li];
    const e = this.lineEnd(li);
    let i = s;
    while (i < e && this.src.charCodeAt(i) === SPACE) i++;
    return i - s;
  }

  /** Blank (spaces only) or a comment line. */
  private isEmptyLine(li: number): boolean {
    const s = this.starts[li];
    const e = this.lineEnd(li);
    let i = s;
    while (i < e && this.src.charCodeAt(i) === SPACE) i++;
    return i === e || this.src.charCodeAt(i) === HASH;
  }

  private isBlank(li: number): boolean {
    const s = this.starts[li];
    const e = this.lineEnd(li);
    for (let i = s; i < e; i++) if (this.src.charCodeAt(i) !== SPACE) return false;
    return true;
  }

  private skipEmpty(li: number): number {
    while (li < this.lineCount && this.isEmptyLine(li)) li++;
    return li;
  }

  /** `---` or `...` at the start of a line (followed by a blank or the line's end). */
  private markerAt(li: number): '---' | '...' | undefined {
    const s = this.starts[li];
    const src = this.src;
    for (const m of ['---', '...'] as const) {
      if (src.startsWith(m, s)) {
        const c = src.charCodeAt(s + 3);
        if (s + 3 >= this.n || c === SPACE || c === NL) return m;
      }
    }
    return undefined;
  }

  /** From `p` to the line's end there are only spaces, then nothing or a comment. */
  private restIsEmpty(p: number, li: number): boolean {
    const e = this.lineEnd(li);
    const start = p;
    while (p < e && this.src.charCodeAt(p) === SPACE) p++;
    if (p === e) return true;
    // A comment must be separated from what precedes it by a space.
    return this.src.charCodeAt(p) === HASH && (p > start || p === this.starts[li]);
  }

  /** Whether `- ` (or a lone `-`) starts at offset p. */
  private isDash(p: number): boolean {
    if (this.src.charCodeAt(p) !== DASH) return false;
    const c = this.src.charCodeAt(p + 1);
    return p + 1 >= this.n || c === SPACE || c === NL;
  }

  /** The length of a block key at p (`name:` followed by a space or the line's end), or 0. */
  private keyLength(p: number): number {
    const src = this.src;
    let i = p;
    while (i < this.n && isKeyChar(src.charCodeAt(i))) i++;
    if (i === p || src.charCodeAt(i) !== COLON) return 0;
    const c = src.charCodeAt(i + 1);
    if (i + 1 < this.n && c !== SPACE && c !== NL) return 0;
    return i - p;
  }

  documents(): (YNode | null)[] {
    const docs: (YNode | null)[] = [];
    let li = 0;
    // After `---`: the empty scalar an empty document holds, until content arrives.
    let explicitStart: YScalar | undefined;
    for (;;) {
      li = this.skipEmpty(li);
      if (li >= this.lineCount) break;
      const s = this.starts[li];
      const marker = this.markerAt(li);
      if (marker === '...') giveUp();
      if (marker === '---') {
        if (!this.restIsEmpty(s + 3, li)) giveUp();
        if (explicitStart !== undefined) docs.push(explicitStart);
        explicitStart = this.emptyAfter(s + 3, li);
        li++;
        continue;
      }
      const c = this.src.charCodeAt(s);
      if (c === 37 /* % */) giveUp();
      // rules files are sequences; configuration files (src/config/source.ts) are mappings
      if (this.isDash(s)) docs.push(this.seq(li, 0));
      else if (this.keyLength(s) > 0) docs.push(this.map(li, 0, s));
      else giveUp();
      explicitStart = undefined;
      li = this.skipEmpty(this.li);
      if (li < this.lineCount && this.markerAt(li) !== '---') giveUp();
    }
    if (explicitStart !== undefined) docs.push(explicitStart);
    return docs;
  }

  /** The empty scalar the library places after `---` and its blanks. */
  private emptyAfter(p: number, li: number): YScalar {
    const e = this.lineEnd(li);
    while (p < e && this.src.charCodeAt(p) === SPACE) p++;
    return { kind: 'scalar', value: '', plain: true, start: p, end: p };
  }

  /** A block sequence whose dashes are at column `col`, the first on line li. */
  private seq(li: number, col: number): YSeq {
    const items: (YNode | null)[] = [];
    const start = this.starts[li] + col;
    for (;;) {
      li = this.skipEmpty(li);
      if (li >= this.lineCount) break;
      const ind = this.indent(li);
      if (ind < col) break;
      if (ind > col) giveUp();
      const s = this.starts[li];
      if (col === 0 && this.markerAt(li) !== undefined) break;
      if (!this.isDash(s + col)) {
        if (col === 0) giveUp();
        break;
      }
      const afterDash = s + col + 1;
      let q = afterDash;
      const e = this.lineEnd(li);
      while (q < e && this.src.charCodeAt(q) === SPACE) q++;
      if (this.restIsEmpty(afterDash, li)) {
        items.push(this.below(li, col, false, q));
      } else {
        items.push(this.inline(li, q, col, true));
      }
      li = this.li;
    }
    this.li = li;
    return { kind: 'seq', items, start };
  }

  /** A block mapping whose keys are at column `col`; the first key is at offset `first` on line li. */
  private map(li: number, col: number, first: number): YMap {
    const items: YPair[] = [];
    let p = first;
    for (;;) {
      const len = this.keyLength(p);
      if (len === 0) giveUp();
      const key: YScalar = { kind: 'scalar', value: this.src.slice(p, p + len), plain: true, start: p, end: p + len };
      const afterColon = p + len + 1;
      let q = afterColon;
      const e = this.lineEnd(li);
      while (q < e && this.src.charCodeAt(q) === SPACE) q++;
      const value = this.restIsEmpty(afterColon, li) ? this.below(li, col, true, q) : this.inline(li, q, col, false);
      items.push({ key, value });
      li = this.skipEmpty(this.li);
      if (li >= this.lineCount) break;
      if (col === 0 && this.markerAt(li) !== undefined) break;
      const ind = this.indent(li);
      if (ind < col) break;
      if (ind > col) giveUp();
      p = this.starts[li] + col;
    }
    this.li = li;
    return { kind: 'map', items, start: first };
  }

  /**
   * The value of `key:` or `-` with nothing after it on the line: a collection on the following lines, or an
   * empty (null) scalar at `emptyAt`. A mapping's value may be a sequence at the mapping's own column.
   */
  private below(li: number, parentCol: number, inMap: boolean, emptyAt: number): YNode {
    const next = this.skipEmpty(li + 1);
    if (next < this.lineCount) {
      const ind = this.indent(next);
      const s = this.starts[next];
      if (!(parentCol === 0 && ind === 0 && this.markerAt(next) !== undefined)) {
        if (this.isDash(s + ind) && (ind > parentCol || (inMap && ind === parentCol))) return this.seq(next, ind);
        if (ind > parentCol) {
          if (this.keyLength(s + ind) > 0) return this.map(next, ind, s + ind);
          const c = this.src[s + ind];
          if (c === '|' || c === '>') giveUp();
          // A scalar on the following lines, with no comment between it and its key (the library refuses some).
          if (emptyAt < this.lineEnd(li)) giveUp();
          for (let k = li + 1; k < next; k++) if (!this.isBlank(k)) giveUp();
          return this.inline(next, s + ind, parentCol, false);
        }
      }
    }
    this.li = li + 1;
    return { kind: 'scalar', value: '', plain: true, start: emptyAt, end: emptyAt };
  }

  /** A node starting at offset q on line li, after `- ` (inSeq) or `key: `; parentCol is that item's column. */
  private inline(li: number, q: number, parentCol: number, inSeq: boolean): YNode {
    const c = this.src[q];
    if (c === '[') {
      const node = this.flowSeq(q, parentCol);
      this.endOfValue(node.end);
      return node.seq;
    }
    if (c === '"' || c === "'") {
      const node = this.quoted(q, parentCol);
      this.endOfValue(node.end);
      return node;
    }
    if (c === '|' || c === '>') return this.blockScalar(li, q, parentCol);
    if (this.isDash(q)) giveUp();
    if (inSeq && this.keyLength(q) > 0) return this.map(li, q - this.starts[li], q);
    return this.plain(li, q, parentCol);
  }

  /** After a flow value ending at p: only blanks or a comment may follow on its line. */
  private endOfValue(p: number): void {
    const li = this.lineOf(p);
    if (!this.restIsEmpty(p, li)) giveUp();
    this.li = li + 1;
  }

  private lineOf(p: number): number {
    let lo = 0;
    let hi = this.lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether the plain text [p, e) contains `: `, ends with `:` or holds ` #` (returns the comment's offset). */
  private plainLineEnd(p: number, e: number): { end: number; comment: boolean } {
    const src = this.src;
    for (let i = p; i < e; i++) {
      const c = src.charCodeAt(i);
      if (c === COLON) {
        const d = src.charCodeAt(i + 1);
        if (i + 1 >= e || d === SPACE) giveUp();
      } else if (c === HASH && i > p && src.charCodeAt(i - 1) === SPACE) {
        return { end: i, comment: true };
      }
    }
    return { end: e, comment: false };
  }

  private checkPlainStart(q: number): void {
    const c = this.src[q];
    if (PLAIN_START_FORBIDDEN.has(c)) giveUp();
    if (c === '-' || c === '?' || c === ':') {
      const d = this.src.charCodeAt(q + 1);
      if (q + 1 >= this.n || d === SPACE || d === NL) giveUp();
      if (c !== '-') giveUp();
    }
  }

  /** A plain scalar in block context, continued on following lines indented more than parentCol. */
  private plain(li: number, q: number, parentCol: number): YScalar {
    this.checkPlainStart(q);
    const src = this.src;
    let { end, comment } = this.plainLineEnd(q, this.lineEnd(li));
    while (end > q && src.charCodeAt(end - 1) === SPACE) end--;
    let value = src.slice(q, end);
    let last = li;
    if (!comment) {
      let k = li + 1;
      let empties = 0;
      while (k < this.lineCount) {
        if (this.isBlank(k)) {
          empties++;
          k++;
          continue;
        }
        const ind = this.indent(k);
        if (ind <= parentCol) break;
        const p = this.starts[k] + ind;
        if (src.charCodeAt(p) === HASH) break;
        const c = src[p];
        if (PLAIN_START_FORBIDDEN.has(c) || c === '-' || c === '?' || c === ':') giveUp();
        const line = this.plainLineEnd(p, this.lineEnd(k));
        let e = line.end;
        while (e > p && src.charCodeAt(e - 1) === SPACE) e--;
        value += empties > 0 ? '\n'.repeat(empties) : ' ';
        value += src.slice(p, e);
        end = e;
        empties = 0;
        last = k;
        k++;
        if (line.comment) break;
      }
    }
    this.li = last + 1;
    return { kind: 'scalar', value, plain: true, start: q, end };
  }

  /**
   * A quoted scalar starting at q. Line breaks fold as YAML says: a break becomes a space, or is dropped when
   * empty lines follow (each of which gives a newline); spaces around breaks are dropped.
   */
  private quoted(q: number, parentCol: number): YScalar {
    const src = this.src;
    const dq = src[q] === '"';
    let value = '';
    let i = q + 1;
    for (;;) {
      if (i >= this.n) giveUp();
      const c = src[i];
      if (dq && c === '"') break;
      if (!dq && c === "'") {
        if (src[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        break;
      }
      if (dq && c === '\\') {
        const d = src[i + 1];
        // An escaped line break (rare in rules files, subtle with empty lines) is left to the library.
        if (d === '\n') giveUp();
        const r = SIMPLE_ESCAPES[d];
        if (r === undefined) giveUp();
        value += r;
        i += 2;
        continue;
      }
      if (c === '\n' || c === ' ') {
        // Spaces before a break are dropped; spaces elsewhere are kept.
        let j = i;
        while (j < this.n && src.charCodeAt(j) === SPACE) j++;
        if (src.charCodeAt(j) !== NL) {
          if (j >= this.n) giveUp();
          value += src.slice(i, j);
          i = j;
          continue;
        }
        // Fold: count empty lines after the break.
        let k = this.continuation(j, parentCol);
        let empties = 0;
        while (src.charCodeAt(k) === NL) {
          empties++;
          k = this.continuation(k, parentCol);
        }
        value += empties > 0 ? '\n'.repeat(empties) : ' ';
        i = k;
        continue;
      }
      value += c;
      i++;
    }
    return { kind: 'scalar', value, plain: false, start: q, end: i + 1 };
  }

  /**
   * Past the line break at `nl` and the next line's indentation, which must be deeper than parentCol (so a
   * continuation line never starts at column 0, where `---` and `...` would end the document).
   */
  private continuation(nl: number, parentCol: number): number {
    const src = this.src;
    let k = nl + 1;
    const lineStart = k;
    while (k < this.n && src.charCodeAt(k) === SPACE) k++;
    if (k >= this.n) giveUp();
    if (src.charCodeAt(k) !== NL && k - lineStart <= parentCol) giveUp();
    return k;
  }

  /**
   * A flow sequence `[...]` starting at q; its lines must be indented deeper than parentCol, except the
   * closing bracket of the outermost one, which may stand at parentCol.
   */
  private flowSeq(q: number, parentCol: number, depth = 0): { seq: YSeq; end: number } {
    const src = this.src;
    const items: YNode[] = [];
    let i = q + 1;
    const skip = () => {
      for (;;) {
        const c = src.charCodeAt(i);
        if (c === SPACE) i++;
        else if (c === NL) {
          const lineStart = i + 1;
          let k = lineStart;
          while (k < this.n && src.charCodeAt(k) === SPACE) k++;
          if (k >= this.n) giveUp();
          const d = src.charCodeAt(k);
          const col = k - lineStart;
          const closing = depth === 0 && col === parentCol && d === CLOSE_BRACKET;
          if (d !== NL && col <= parentCol && !closing) giveUp();
          i = k;
        } else if (c === HASH) {
          const prev = src.charCodeAt(i - 1);
          if (prev !== SPACE && prev !== NL) giveUp();
          while (i < this.n && src.charCodeAt(i) !== NL) i++;
          if (i >= this.n) giveUp();
        } else return;
      }
    };
    skip();
    if (src[i] === ']') return { seq: { kind: 'seq', items, start: q }, end: i + 1 };
    for (;;) {
      skip();
      const c = src[i];
      if (i >= this.n) giveUp();
      let item: YNode;
      if (c === '[') {
        const inner = this.flowSeq(i, parentCol, depth + 1);
        item = inner.seq;
        i = inner.end;
      } else if (c === '"' || c === "'") {
        const s = this.quoted(i, parentCol);
        item = s;
        i = s.end;
      } else {
        const s = this.flowPlain(i);
        item = s;
        i = s.end;
      }
      items.push(item);
      skip();
      const d = src[i];
      if (d === ',') {
        i++;
        skip();
        if (src[i] === ']') return { seq: { kind: 'seq', items, start: q }, end: i + 1 };
        if (src[i] === ',') giveUp();
        continue;
      }
      if (d === ']') return { seq: { kind: 'seq', items, start: q }, end: i + 1 };
      giveUp();
    }
  }

  /** A plain scalar inside a flow sequence: one line, up to `,` `]` or a comment. */
  private flowPlain(q: number): YScalar {
    const src = this.src;
    const c = src[q];
    if (PLAIN_START_FORBIDDEN.has(c) || c === '?' || c === ':') giveUp();
    if (c === '-') {
      const d = src[q + 1];
      if (d === undefined || d === ' ' || d === '\n' || d === ',' || d === ']' || d === '[') giveUp();
    }
    let i = q;
    for (; i < this.n; i++) {
      const d = src[i];
      if (d === ',' || d === ']' || d === '\n') break;
      if (d === '[' || d === '{' || d === '}') giveUp();
      if (d === ':') {
        const e = src[i + 1];
        if (e === undefined || e === ' ' || e === '\n' || e === ',' || e === ']' || e === '[' || e === '{' || e === '}')
          giveUp();
      }
      if (d === '#' && src[i - 1] === ' ') break;
    }
    let end = i;
    while (end > q && src.charCodeAt(end - 1) === SPACE) end--;
    // A plain scalar continued on the next line is left to the library.
    let j = i;
    while (j < this.n && src.charCodeAt(j) === SPACE) j++;
    if (src[j] === '\n') {
      let k = j + 1;
      while (k < this.n && (src.charCodeAt(k) === SPACE || src.charCodeAt(k) === NL)) k++;
      const next = src[k];
      if (next !== ',' && next !== ']' && next !== '#') giveUp();
    }
    return { kind: 'scalar', value: src.slice(q, end), plain: true, start: q, end };
  }

  /**
   * A folded (`>`) or literal (`|`) block scalar whose header is at q on line li, its content indented deeper
   * than parentCol. Explicit indentation and keep chomping (`+`) are left to the library.
   */
  private blockScalar(li: number, q: number, parentCol: number): YScalar {
    const src = this.src;
    const folded = src[q] === '>';
    let p = q + 1;
    let strip = false;
    if (src[p] === '-') {
      strip = true;
      p++;
    }
    const e0 = this.lineEnd(li);
    if (p < e0 && src.charCodeAt(p) !== SPACE) giveUp();
    if (!this.restIsEmpty(p, li)) giveUp();
    // Content lines: up to the first non-blank line indented at most parentCol.
    let k = li + 1;
    let indent = -1;
    let maxLeadingBlank = 0;
    const lines: number[] = [];
    while (k < this.lineCount) {
      const ind = this.indent(k);
      const blank = this.isBlank(k);
      if (!blank) {
        if (ind <= parentCol) break;
        if (indent < 0) {
          if (maxLeadingBlank > ind) giveUp();
          indent = ind;
        } else if (ind < indent) giveUp();
      } else if (indent < 0) {
        maxLeadingBlank = Math.max(maxLeadingBlank, ind);
      }
      lines.push(k);
      k++;
    }
    if (indent < 0) giveUp();
    // Trailing blank lines are not content (they only matter for keep chomping).
    let lastContent = lines.length - 1;
    while (lastContent >= 0 && this.isBlank(lines[lastContent])) lastContent--;
    for (let j = lines.length - 1; j > lastContent; j--) if (this.indent(lines[j]) > indent) giveUp();
    let value = '';
    let sep = '';
    let prevMore = false;
    for (let j = 0; j <= lastContent; j++) {
      const l = lines[j];
      const s = this.starts[l];
      const e = this.lineEnd(l);
      const ind = this.isBlank(l) ? e - s : this.indent(l);
      const text = src.slice(s + Math.min(ind, indent), e);
      if (!folded) {
        value += sep + text;
        sep = '\n';
      } else if (ind > indent) {
        if (sep === ' ') sep = '\n';
        else if (!prevMore && sep === '\n') sep = '\n\n';
        value += sep + text;
        sep = '\n';
        prevMore = true;
      } else if (text === '') {
        if (sep === '\n') value += '\n';
        else sep = '\n';
      } else {
        value += sep + text;
        sep = ' ';
        prevMore = false;
      }
    }
    if (!strip) value += '\n';
    const lastLine = lines[lastContent];
    const end = Math.min(this.starts[lastLine + 1], this.n);
    this.li = lastLine + 1;
    return { kind: 'scalar', value, plain: false, start: q, end };
  }
}

/** The documents of `text` when the fast reader handles it entirely; undefined to use the library. */
export function parseFast(text: string): (YNode | null)[] | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  try {
    return new FastReader(text).documents();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    // A bug here must not break loading: the library reads the file.
    return undefined;
  }
}
