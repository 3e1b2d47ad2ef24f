// Generated code for compiled conditions. Each rule's condition becomes one JavaScript function whose common
// checks are inline: the shared field cache is read directly, string and number comparisons against
// literals are plain operators, and evt.type tests are a table lookup on the event code. Every other check
// (and every unusual value shape: arrays of ancestors, wrong runtime types) calls the check's own closure,
// so the generated code only ever takes fast paths whose answer is the closure's. The code contains no
// text from rules: literals live in arrays indexed by number.
import type { Predicate } from './checks.ts';
import type { CompiledField, EventLike, FieldCache } from './fields.ts';

export class CodeBuilder<E extends EventLike> {
  readonly preds: Predicate<E>[] = [];
  readonly consts: unknown[] = [];
  readonly extractors: ((e: E) => unknown)[] = [];
  readonly getters: ((e: E) => unknown)[] = [];
  /** Per memoized check: the last string it saw and its answer (see `lastString`). */
  readonly lastValues: (string | null)[] = [];
  readonly lastResults: boolean[] = [];
  private readonly cache: FieldCache;

  constructor(cache: FieldCache) {
    this.cache = cache;
  }

  /** `P[i](e)`: a check evaluated by its closure. */
  call(p: Predicate<E>): string {
    this.preds.push(p);
    return `P[${this.preds.length - 1}](e)`;
  }

  constant(c: unknown): string {
    this.consts.push(c);
    return `C[${this.consts.length - 1}]`;
  }

  /** An expression reading the field's value (through the cache for plain fields). */
  read(f: CompiledField<E>): string {
    if (f.slot !== undefined && f.extract !== undefined) {
      this.extractors.push(f.extract);
      const s = f.slot;
      return `(ST[${s}] === n ? VA[${s}] : (ST[${s}] = n, VA[${s}] = X[${this.extractors.length - 1}](e)))`;
    }
    this.getters.push(f.get);
    return `G[${this.getters.length - 1}](e)`;
  }

  /**
   * `test` (an expression of the string `v`, pure: its answer depends on `v` only) answered from the last string
   * this check saw when `v` is that string again. Event parameters' strings are interned (src/capture/bytes.ts),
   * so an event like the last one gives the very same string and the comparison is a pointer test, where
   * String#startsWith/includes/endsWith cost 15-25 ns a call on this project's machine.
   */
  lastString(test: string): string {
    const i = this.lastValues.length;
    this.lastValues.push(null);
    this.lastResults.push(false);
    return `(v === M[${i}] ? R[${i}] : (M[${i}] = v, R[${i}] = ${test}))`;
  }

  build(code: string): Predicate<E> {
    const factory = new Function(
      'P',
      'C',
      'X',
      'G',
      'K',
      'M',
      'R',
      `return function condition(e) { const n = e.num, ST = K.stamps, VA = K.values; let v, t; return (${code}); };`,
    ) as (
      P: unknown,
      C: unknown,
      X: unknown,
      G: unknown,
      K: FieldCache,
      M: (string | null)[],
      R: boolean[],
    ) => Predicate<E>;
    return factory(
      this.preds,
      this.consts,
      this.extractors,
      this.getters,
      this.cache,
      this.lastValues,
      this.lastResults,
    );
  }
}
