// Text that remembers where each character came from. Falco builds a rule's condition by string
// concatenation (appends, exceptions, list expansion); we do the same, and keep for every character the
// rules file and offset it came from, so an error inside the final condition still names a file, line and
// column a person can open.

/** A rules file's content with a line index, for offset → line/column. */
export class SourceFile {
  readonly name: string;
  readonly content: string;
  /** Built on the first position asked for: most files never have a problem to locate. */
  private lineStarts: number[] | undefined;
  /** The sources table of text that comes from this file alone (shared, so concatenations need no merge). */
  readonly alone: Sources;

  constructor(name: string, content: string) {
    this.name = name;
    this.content = content;
    this.alone = [null, this];
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    if (this.lineStarts === undefined) {
      const starts = [0];
      const content = this.content;
      let i = content.indexOf('\n');
      while (i >= 0) {
        starts.push(i + 1);
        i = content.indexOf('\n', i + 1);
      }
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }
}

export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/**
 * The files a MappedText's characters come from; a character stores its file's index here (0: generated text).
 * Each text carries its own small table rather than indexing one process-wide registry: a registry would keep
 * every rules file ever loaded alive (and a hot reload loads them all again), and its 16-bit indexes would
 * wrap after 65,535 files.
 */
type Sources = readonly (SourceFile | null)[];
const NO_SOURCES: Sources = [null];

/** `sources` as one table for texts of several origins, and each part's index → merged index. */
function mergeSources(parts: readonly MappedText[]): { sources: Sources; maps: (Uint16Array | undefined)[] } {
  const merged: (SourceFile | null)[] = [null];
  const maps = parts.map((p) => {
    if (p.sources === NO_SOURCES) return undefined;
    const map = new Uint16Array(p.sources.length);
    let identity = true;
    for (let i = 1; i < p.sources.length; i++) {
      let j = merged.indexOf(p.sources[i]);
      if (j < 0) j = merged.push(p.sources[i]) - 1;
      map[i] = j;
      if (j !== i) identity = false;
    }
    return identity ? undefined : map;
  });
  return { sources: merged, maps };
}

export class MappedText {
  readonly text: string;
  /** Per character: the source file's index in FILES (0 for generated text) and the offset in it. */
  private readonly files: Uint16Array;
  private readonly offsets: Int32Array;
  /** The files `files` indexes. */
  readonly sources: Sources;

  private constructor(text: string, files: Uint16Array, offsets: Int32Array, sources: Sources) {
    this.text = text;
    this.files = files;
    this.offsets = offsets;
    this.sources = sources;
  }

  /** Text with no known origin. */
  static plain(text: string): MappedText {
    return new MappedText(text, new Uint16Array(text.length), new Int32Array(text.length).fill(-1), NO_SOURCES);
  }

  /** Every character maps to one point (generated text such as `and not (`). */
  static at(text: string, file: SourceFile | null, offset: number): MappedText {
    return new MappedText(
      text,
      new Uint16Array(text.length).fill(file === null ? 0 : 1),
      new Int32Array(text.length).fill(offset),
      file === null ? NO_SOURCES : file.alone,
    );
  }

  /**
   * A YAML scalar's value, mapped onto its source text. Block and quoted scalars do not map one to one
   * (folding, indentation, escapes), so each value character is matched forward against the source; when a
   * character cannot be found nearby the previous position is kept. Positions are therefore exact for
   * plain and single-line values and close for the rest.
   */
  static fromScalar(value: string, file: SourceFile, start: number, end: number): MappedText {
    const src = file.content;
    const offsets = new Int32Array(value.length);
    let j = start;
    // Skip a block scalar header (`>-`, `|+2`) up to its line end, and an opening quote.
    const first = src[start];
    if (first === '>' || first === '|') {
      const nl = src.indexOf('\n', start);
      j = nl < 0 ? end : nl + 1;
    } else if (first === '"' || first === "'") {
      j = start + 1;
    }
    const n = value.length;
    for (let i = 0; i < n; i++) {
      // Runs of characters copied unchanged from the source (most of any scalar) map one to one.
      while (i < n && j < end && value.charCodeAt(i) === src.charCodeAt(j)) offsets[i++] = j++;
      if (i >= n) break;
      const c = value.charCodeAt(i);
      let k = j;
      const limit = Math.min(end, j + 256);
      const isSpace = c === 32 || c === 10 || c === 9;
      while (k < limit) {
        const d = src.charCodeAt(k);
        if (d === c || (isSpace && (d === 10 || d === 32))) break;
        k++;
      }
      if (k < limit) {
        offsets[i] = k;
        j = k + 1;
      } else {
        offsets[i] = Math.min(j, Math.max(start, end - 1));
      }
    }
    return new MappedText(value, new Uint16Array(value.length).fill(1), offsets, file.alone);
  }

  static concat(parts: MappedText[]): MappedText {
    let len = 0;
    // The common case: every part comes from one file (or from none), so they share one sources table.
    let shared: Sources | undefined = NO_SOURCES;
    for (const p of parts) {
      len += p.text.length;
      if (p.sources === NO_SOURCES || p.sources === shared) continue;
      shared = shared === NO_SOURCES ? p.sources : undefined;
    }
    const { sources, maps } =
      shared === undefined ? mergeSources(parts) : { sources: shared, maps: [] as (Uint16Array | undefined)[] };
    const files = new Uint16Array(len);
    const offsets = new Int32Array(len);
    let k = 0;
    let text = '';
    for (let pi = 0; pi < parts.length; pi++) {
      const p = parts[pi];
      const map = maps[pi];
      if (map === undefined) files.set(p.files, k);
      else for (let i = 0; i < p.files.length; i++) files[k + i] = map[p.files[i]];
      offsets.set(p.offsets, k);
      k += p.text.length;
      text += p.text;
    }
    return new MappedText(text, files, offsets, sources);
  }

  /** Same text from the same places (so anything parsed from one stands for the other, positions included). */
  equals(o: MappedText): boolean {
    if (o === this) return true;
    if (o.text !== this.text) return false;
    const n = this.text.length;
    for (let i = 0; i < n; i++) {
      if (this.offsets[i] !== o.offsets[i] || this.sources[this.files[i]] !== o.sources[o.files[i]]) return false;
    }
    return true;
  }

  slice(start: number, end = this.text.length): MappedText {
    return new MappedText(
      this.text.slice(start, end),
      this.files.subarray(start, end),
      this.offsets.subarray(start, end),
      this.sources,
    );
  }

  /** Replaces [start, end) by `sub`; the new characters all map to character `anchorIdx` (default `start`). */
  replace(start: number, end: number, sub: string, anchorIdx = start): MappedText {
    const at = Math.min(anchorIdx, Math.max(0, this.text.length - 1));
    const anchor = new MappedText(
      sub,
      new Uint16Array(sub.length).fill(this.files[at] ?? 0),
      new Int32Array(sub.length).fill(this.offsets[at] ?? -1),
      this.sources,
    );
    return MappedText.concat([this.slice(0, start), anchor, this.slice(end)]);
  }

  /** Where character `idx` came from; past the end, where the last character came from. */
  locate(idx: number): Location | undefined {
    if (this.text.length === 0) return undefined;
    const i = Math.min(Math.max(idx, 0), this.text.length - 1);
    const file = this.sources[this.files[i]];
    const offset = this.offsets[i];
    if (file === null || file === undefined || offset < 0) return undefined;
    const { line, column } = file.position(offset);
    return { file: file.name, line, column: idx >= this.text.length ? column + 1 : column, offset };
  }
}
