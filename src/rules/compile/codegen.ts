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

  build(code: string): Predicate<E> {
    const factory = new Function(
      'P',
      'C',
      'X',
      'G',
      'K',
      `return function condition(e) { const n = e.num, ST = K.stamps, VA = K.values; let v, t; return (${code}); };`,
    ) as (P: unknown, C: unknown, X: unknown, G: unknown, K: FieldCache) => Predicate<E>;
    return factory(this.preds, this.consts, this.extractors, this.getters, this.cache);
  }
}
