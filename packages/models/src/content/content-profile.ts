import { describeValue, type Interactions, type SparseFeatures } from '@recsys/data';
import { BaseRecommender } from '../base-recommender.js';
import type { ModelDirContents, StoredArray } from '../io/model-dir.js';
import type { FitOptions } from '../recommender.js';
import { checkFeatureRows, itemFeatureArrays, itemFeaturesFrom } from './item-features.js';

/** Options of {@link ContentProfile.fit}. */
export interface ContentProfileFitOptions extends FitOptions {
  /** The items' content, one row per item index of the training log (cold items included). Required. */
  itemFeatures?: SparseFeatures;
}

/**
 * The content-only baseline of cold-start recommendation: a user's profile is the sum of the L2-normalised feature
 * vectors of the items in their training history, and an item scores the cosine between its features and the profile.
 * No collaborative signal at all: it is what an item's content alone tells, the bar a content-aware model (DualNet)
 * must clear on items nobody has interacted with. An item without features, or a user without history, scores 0.
 *
 * @example
 * ```ts
 * const model = new ContentProfile();
 * await model.fit(train, { itemFeatures: content });
 * await model.recommend(0, 50, { candidates: coldItems });
 * ```
 */
export class ContentProfile extends BaseRecommender {
  readonly name = 'content';
  private features: SparseFeatures | undefined;
  /** Each row's entries divided by the row's L2 norm. */
  private normalized = new Float32Array(0);

  /** Restores a model saved with {@link BaseRecommender.save}. */
  static fromContents(contents: ModelDirContents): ContentProfile {
    const model = new ContentProfile();
    const expected = new Set<string>();
    model.setFeatures(itemFeaturesFrom(contents.arrays, contents.train.numItems, 'content', expected));
    const extra = Object.keys(contents.arrays).filter((key) => !expected.has(key));
    if (extra.length > 0) throw new Error(`content: the saved model holds arrays it does not: ${extra.join(', ')}`);
    model.restore(contents.train);
    return model;
  }

  override async fit(train: Interactions, options: ContentProfileFitOptions = {}) {
    const { itemFeatures, ...rest } = options;
    if (itemFeatures === undefined) {
      throw new TypeError('content.fit: option "itemFeatures" is required: the model scores items by their content');
    }
    checkFeatureRows(itemFeatures, train.numItems, 'content.fit');
    this.setFeatures(itemFeatures);
    return super.fit(train, rest);
  }

  protected async fitModel(): Promise<void> {}

  async score(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    if (!this.fitted || !this.features) throw new Error('content: the model is not fitted');
    if (!(users instanceof Int32Array) || !(items instanceof Int32Array)) {
      throw new TypeError(`content.score: users and items must be Int32Arrays of indices, got ${describeValue(users)}`);
    }
    if (users.length !== items.length)
      throw new RangeError(`content.score: ${users.length} users for ${items.length} items`);
    const { ptr, indices } = this.features;
    const out = new Float32Array(users.length);
    const profile = new Float32Array(this.features.numFeatures);
    let current = -1;
    let norm = 0;
    for (let k = 0; k < users.length; k++) {
      if (users[k] !== current) {
        current = users[k]!;
        norm = this.profileOf(current, profile);
      }
      const item = items[k]!;
      if (norm === 0 || !(item >= 0 && item < this.features.numRows)) continue;
      let dot = 0;
      for (let e = ptr[item]!; e < ptr[item + 1]!; e++) dot += profile[indices[e]!]! * this.normalized[e]!;
      out[k] = dot / norm;
    }
    return out;
  }

  protected config() {
    return {};
  }

  protected arrays(): Record<string, StoredArray> {
    return itemFeatureArrays(this.features!);
  }

  /** Writes `user`'s profile into `profile` (zeroed first) and returns its L2 norm (0 for a user without history). */
  private profileOf(user: number, profile: Float32Array): number {
    profile.fill(0);
    if (!(user >= 0 && user < this.numUsers)) return 0;
    const { ptr, indices } = this.features!;
    for (const item of this.train.itemsOf(user)) {
      for (let e = ptr[item]!; e < ptr[item + 1]!; e++) profile[indices[e]!]! += this.normalized[e]!;
    }
    let sum = 0;
    for (let f = 0; f < profile.length; f++) sum += profile[f]! * profile[f]!;
    return Math.sqrt(sum);
  }

  private setFeatures(features: SparseFeatures): void {
    const { ptr, values } = features;
    const normalized = new Float32Array(values.length);
    for (let r = 0; r < features.numRows; r++) {
      let sum = 0;
      for (let e = ptr[r]!; e < ptr[r + 1]!; e++) sum += values[e]! * values[e]!;
      const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
      for (let e = ptr[r]!; e < ptr[r + 1]!; e++) normalized[e] = values[e]! * scale;
    }
    this.features = features;
    this.normalized = normalized;
  }
}
