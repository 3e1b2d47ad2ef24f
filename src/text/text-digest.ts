// A file's path and the SHA-256 of its text, computed when first read (/metrics, --support). Hashing needs
// node:crypto, ~20 internal modules that every start would otherwise load for digests only a few runs report
// (`--version`, -V and a replay never do). docs/performance.md, "Start-up and replay (issue 15)".
export class TextDigest {
  readonly path: string;
  #text: string | undefined;
  #sha256: string | undefined;

  constructor(path: string, text: string) {
    this.path = path;
    this.#text = text;
  }

  get sha256(): string {
    if (this.#sha256 === undefined) {
      this.#sha256 = process
        .getBuiltinModule('node:crypto')
        .createHash('sha256')
        .update(this.#text ?? '')
        .digest('hex');
      this.#text = undefined;
    }
    return this.#sha256;
  }

  /** As JSON (--support), the plain record it stands for. */
  toJSON(): { path: string; sha256: string } {
    return { path: this.path, sha256: this.sha256 };
  }
}
