// Text that remembers where each character came from. Falco builds a rule's condition by string
// concatenation (appends, exceptions, list expansion); we do the same, and keep for every character the
// rules file and offset it came from, so an error inside the final condition still names a file, line and
// column a person can open.

/** A rules file's content with a line index, for offset → line/column. */
export class SourceFile {
  readonly name: string;
  readonly content: string;
  private readonly lineStarts: number[];

  constructor(name: string, content: string) {
    this.name = name;
    this.content = content;
    this.lineStarts = [0];
    for (let i = 0; i < content.length; i++) if (content.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
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

export class MappedText {
  readonly text: string;
  /** Per character: the source file (null for generated text) and the offset in it. */
  private readonly files: (SourceFile | null)[];
  private readonly offsets: Int32Array;

  constructor(text: string, files: (SourceFile | null)[], offsets: Int32Array) {
    this.text = text;
    this.files = files;
    this.offsets = offsets;
  }

  /** Text with no known origin. */
  static plain(text: string): MappedText {
    return new MappedText(text, new Array(text.length).fill(null), new Int32Array(text.length).fill(-1));
  }

  /** Every character maps to one point (generated text such as `and not (`). */
  static at(text: string, file: SourceFile | null, offset: number): MappedText {
    return new MappedText(text, new Array(text.length).fill(file), new Int32Array(text.length).fill(offset));
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
    for (let i = 0; i < value.length; i++) {
      const c = value[i];
      let k = j;
      const limit = Math.min(end, j + 256);
      const isSpace = c === ' ' || c === '\n' || c === '\t';
      while (k < limit && src[k] !== c && !(isSpace && (src[k] === '\n' || src[k] === ' '))) k++;
      if (k < limit) {
        offsets[i] = k;
        j = k + 1;
      } else {
        offsets[i] = Math.min(j, Math.max(start, end - 1));
      }
    }
    return new MappedText(value, new Array(value.length).fill(file), offsets);
  }

  static concat(parts: MappedText[]): MappedText {
    const text = parts.map((p) => p.text).join('');
    const files: (SourceFile | null)[] = [];
    const offsets = new Int32Array(text.length);
    let k = 0;
    for (const p of parts) {
      for (let i = 0; i < p.text.length; i++) {
        files.push(p.files[i]);
        offsets[k++] = p.offsets[i];
      }
    }
    return new MappedText(text, files, offsets);
  }

  slice(start: number, end = this.text.length): MappedText {
    return new MappedText(this.text.slice(start, end), this.files.slice(start, end), this.offsets.slice(start, end));
  }

  /** Replaces [start, end) by `sub`; the new characters all map to where the replaced text began. */
  replace(start: number, end: number, sub: string): MappedText {
    const anchorFile = this.files[start] ?? this.files[Math.max(0, start - 1)] ?? null;
    const anchor = this.offsets[start] ?? this.offsets[Math.max(0, start - 1)] ?? -1;
    return MappedText.concat([this.slice(0, start), MappedText.at(sub, anchorFile, anchor), this.slice(end)]);
  }

  /** Where character `idx` came from; past the end, where the last character came from. */
  locate(idx: number): Location | undefined {
    if (this.text.length === 0) return undefined;
    const i = Math.min(Math.max(idx, 0), this.text.length - 1);
    const file = this.files[i];
    const offset = this.offsets[i];
    if (file === null || offset < 0) return undefined;
    const { line, column } = file.position(offset);
    return { file: file.name, line, column: idx >= this.text.length ? column + 1 : column, offset };
  }
}
