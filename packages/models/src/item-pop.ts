import type { Interactions } from '@recsys/data';
import { BaseRecommender } from './base-recommender.js';
import type { ModelDirContents } from './io/model-dir.js';

/**
 * ItemPop: ranks items by popularity, the number of training interactions they have. Not personalised; the baseline
 * every personalised model must beat (the NCF and DMF papers' first row).
 *
 * A cold item (index ≥ `numItems`, never seen in training) has popularity 0.
 *
 * @example
 * ```ts
 * const model = new ItemPop();
 * await model.fit(train);
 * const top = await model.recommend(0, 10); // the 10 most popular items user 0 has not seen
 * ```
 */
export class ItemPop extends BaseRecommender {
  readonly name = 'itempop';
  private popularity: Float32Array = new Float32Array(0);

  /** Restores a model saved with {@link BaseRecommender.save}. */
  static fromContents(contents: ModelDirContents): ItemPop {
    const model = new ItemPop();
    const popularity = contents.arrays.popularity;
    if (!(popularity instanceof Float32Array) || popularity.length !== contents.train.numItems) {
      throw new Error('itempop: the saved popularity array is missing or has the wrong length');
    }
    model.popularity = popularity;
    model.restore(contents.train);
    return model;
  }

  protected async fitModel(train: Interactions): Promise<void> {
    const popularity = new Float32Array(train.numItems);
    for (let i = 0; i < train.numItems; i++) popularity[i] = train.itemDegree(i);
    this.popularity = popularity;
  }

  async score(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    const popularity = this.popularity;
    if (!this.fitted) throw new Error('itempop: the model is not fitted');
    if (!(users instanceof Int32Array) || !(items instanceof Int32Array)) {
      // A Float32Array of 0.5 read a row no user has.
      throw new TypeError(`${this.name}.score: users and items must be Int32Arrays of indices`);
    }
    if (users.length !== items.length) {
      throw new RangeError(`itempop.score: ${users.length} users for ${items.length} items`);
    }
    const out = new Float32Array(items.length);
    for (let k = 0; k < items.length; k++) {
      const i = items[k];
      out[k] = i >= 0 && i < popularity.length ? popularity[i] : 0;
    }
    return out;
  }

  protected config() {
    return {};
  }

  protected arrays() {
    return { popularity: this.popularity };
  }
}
