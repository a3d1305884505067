import type { Interactions } from '@recsys/data';
import { BaseRecommender } from '../base-recommender.js';
import type { Json, ModelDirContents, StoredArray } from '../io/model-dir.js';
import type { ModelSpec } from '../model-spec.js';
import type { OptionInput, OptionSchema, OptionValues } from '../options/option-spec.js';
import { resolveOptions } from '../options/resolve-options.js';
import { checkCsr, type CsrMatrix } from './csr-matrix.js';
import { feedbackMatrix, type Feedback } from './feedback-matrix.js';
import { UserScores } from './user-scores.js';

/** The options every item-similarity model has: how the log becomes a matrix. */
export type FeedbackOption = { readonly feedback: Feedback };

/**
 * The base of the item-based neighbourhood models (ItemKNN, RP3beta): a model computes a sparse item × item similarity
 * `S` from the user × item feedback matrix `x` ({@link ItemSimilarityRecommender.similarity}), and this class does the
 * rest: `score(u, i) = Σ_{j ∈ I_u} x_uj s_ji` through a per-user cache, saving `S` (and the
 * weighted feedback values, which the saved log does not hold), and restoring.
 *
 * `x` is built from the `feedback` option: `'binary'` (1 per distinct pair) or `'weighted'`
 * (the pair's values summed, or its row count without values). Cold users and cold items score 0.
 *
 * Memory after fit: the similarity's kept entries (≤ items × neighbours) plus `x` (the distinct training pairs) and one
 * dense row of items for the score cache; no dense items × items matrix is ever kept.
 *
 * @example
 * ```ts
 * class Cooccurrence extends ItemSimilarityRecommender<typeof SPEC.options> {
 *   static readonly spec = SPEC; // { name, description, options: { feedback: option.choice(…) } }
 *   protected similarity(x: CsrMatrix): CsrMatrix { … }
 * }
 * ```
 */
export abstract class ItemSimilarityRecommender<S extends OptionSchema> extends BaseRecommender {
  /** The model's declaration. */
  readonly spec: ModelSpec<S>;
  /** The model's hyper-parameters, checked, defaults filled in. */
  readonly options: OptionValues<S>;
  private sim: CsrMatrix | undefined;
  private x: CsrMatrix | undefined;
  private scores: UserScores | undefined;

  /** @throws RangeError naming the model and the option when an option is unknown or out of range. */
  constructor(options: OptionInput<S> = {}) {
    super();
    const spec = (new.target as unknown as { spec?: ModelSpec<S> }).spec;
    if (!spec) throw new Error(`${new.target.name} declares no static spec`);
    this.spec = spec;
    this.options = resolveOptions(spec.options, options, spec.name);
  }

  get name(): string {
    return this.spec.name;
  }

  /** The fitted item × item similarity (row j: `s_ji` for the items i that j scores); throws before fit. */
  get itemSimilarity(): CsrMatrix {
    if (!this.sim) throw new Error(`${this.name}: the model is not fitted`);
    return this.sim;
  }

  /** The user × item feedback matrix x the scores read; throws before fit. */
  get feedback(): CsrMatrix {
    if (!this.x) throw new Error(`${this.name}: the model is not fitted`);
    return this.x;
  }

  /**
   * The item × item similarity from the feedback matrix `x` (users × items): row j holds `s_ji`, the weight with
   * which a user's feedback on j scores item i. Must be sparse (pruned), with finite values.
   */
  protected abstract similarity(x: CsrMatrix, train: Interactions): CsrMatrix;

  protected async fitModel(train: Interactions): Promise<void> {
    this.sim = undefined;
    this.scores = undefined;
    const x = feedbackMatrix(train, this.feedbackKind(), this.name);
    const sim = this.similarity(x, train);
    this.x = x;
    this.sim = sim;
    this.scores = new UserScores(x, sim);
  }

  async score(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    const scores = this.scores;
    if (!this.fitted || !scores) throw new Error(`${this.name}: the model is not fitted`);
    if (!(users instanceof Int32Array) || !(items instanceof Int32Array)) {
      throw new TypeError(`${this.name}.score: users and items must be Int32Arrays of indices`);
    }
    if (users.length !== items.length) {
      throw new RangeError(`${this.name}.score: ${users.length} users for ${items.length} items`);
    }
    const out = new Float32Array(items.length);
    scores.score(users, items, out);
    return out;
  }

  protected config(): { [key: string]: Json } {
    const config: { [key: string]: Json } = {};
    for (const [key, value] of Object.entries(this.options)) if (value !== undefined) config[key] = value as Json;
    return config;
  }

  protected arrays(): Record<string, StoredArray> {
    const { offsets, indices, values } = this.itemSimilarity;
    const arrays: Record<string, StoredArray> = {
      'similarity.offsets': offsets,
      'similarity.indices': indices,
      'similarity.values': values,
    };
    // The saved log keeps users and items only: weighted feedback cannot be rebuilt from it.
    if (this.feedbackKind() === 'weighted') arrays['feedback.values'] = this.feedback.values;
    return arrays;
  }

  /**
   * Loads a saved model's similarity (and weighted feedback) from a model directory's contents into this model,
   * built with the saved config.
   *
   * @throws Error naming the model when an array is missing, malformed, or not this model's.
   */
  protected restoreFrom(contents: ModelDirContents): this {
    const { arrays, train } = contents;
    const weighted = this.feedbackKind() === 'weighted';
    const expected = ['similarity.offsets', 'similarity.indices', 'similarity.values'];
    if (weighted) expected.push('feedback.values');
    const extra = Object.keys(arrays).filter((key) => !expected.includes(key));
    if (extra.length > 0) {
      throw new Error(`${this.name}: the saved model holds arrays this model does not: ${extra.join(', ')}`);
    }
    const sim = {
      rows: train.numItems,
      columns: train.numItems,
      offsets: arrays['similarity.offsets'] as Int32Array,
      indices: arrays['similarity.indices'] as Int32Array,
      values: arrays['similarity.values'] as Float32Array,
    };
    checkCsr(`${this.name}: the saved similarity`, sim, train.numItems, train.numItems);
    const pattern = feedbackMatrix(train, 'binary', this.name);
    let x = pattern;
    if (weighted) {
      const values = arrays['feedback.values'];
      if (!(values instanceof Float32Array) || values.length !== pattern.values.length) {
        throw new Error(
          `${this.name}: the saved feedback values are missing or not one per distinct training pair ` +
            `(${pattern.values.length})`,
        );
      }
      const bad = values.findIndex((v) => !(v >= 0 && Number.isFinite(v)));
      if (bad >= 0) throw new Error(`${this.name}: saved feedback value ${bad} is ${values[bad]}, not a finite ≥ 0`);
      x = { ...pattern, values };
    }
    this.x = x;
    this.sim = sim;
    this.scores = new UserScores(x, sim);
    this.restore(train, contents.validation);
    return this;
  }

  private feedbackKind(): Feedback {
    return (this.options as unknown as FeedbackOption).feedback;
  }
}
