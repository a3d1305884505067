import { MAX_BEHAVIOURS } from '../interactions.js';
import { LineProblem } from './errors.js';
import { quote } from './fields.js';

/**
 * Codes behaviour names (`click`, `buy`) as bytes: by the given names, or else in order of first appearance, at most
 * {@link MAX_BEHAVIOURS} of them. Shared by the delimited loader and {@link Interactions.fromRecords}.
 *
 * @example
 * ```ts
 * const codes = new BehaviourCodes();
 * codes.code('view'); // 0
 * codes.code('buy'); // 1
 * codes.names; // ['view', 'buy']
 * ```
 */
export class BehaviourCodes {
  /** The names, in code order (growing as new names are coded, unless they were given). */
  readonly names: string[];
  private readonly codes: Map<string, number>;

  /** @param fixed - the names in code order; a name not listed is then a problem. Checked by the caller. */
  constructor(private readonly fixed?: readonly string[]) {
    this.names = fixed ? [...fixed] : [];
    this.codes = new Map(this.names.map((name, code) => [name, code]));
  }

  /**
   * The code of `name`, a new one for a name not seen before (unless the names were given).
   * @throws LineProblem of kind `'behaviour'` for a name not among the given ones, an empty name, or a new name past
   * {@link MAX_BEHAVIOURS}: nothing is coded then.
   */
  code(name: string): number {
    const code = this.codes.get(name);
    if (code !== undefined) return code;
    if (this.fixed) {
      throw new LineProblem('behaviour', `unknown behaviour ${quote(name)} (expected ${this.fixed.join(', ')})`);
    }
    if (name === '') throw new LineProblem('behaviour', 'empty behaviour');
    if (this.names.length === MAX_BEHAVIOURS) {
      throw new LineProblem('behaviour', `behaviour ${quote(name)} is a new name past ${MAX_BEHAVIOURS}`);
    }
    const next = this.names.length;
    this.codes.set(name, next);
    this.names.push(name);
    return next;
  }
}
