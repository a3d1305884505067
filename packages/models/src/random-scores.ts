import { describeValue, type Interactions } from '@recsys/data';
import { BaseRecommender } from './base-recommender.js';
import type { ModelDirContents } from './io/model-dir.js';
import type { FitOptions } from './recommender.js';

/**
 * The random baseline: every (user, item) pair scores a uniform number in [0, 1) hashed from the fit's seed, the user
 * and the item. It knows nothing, so it is the floor every model must clear — most of all on cold items, which other
 * collaborative baselines cannot score at all. Scores are a pure function of (seed, user, item): the same pair scores
 * the same in every call and after save → load, and items never seen in training (cold items) score like any other.
 *
 * @example
 * ```ts
 * const model = new RandomScores();
 * await model.fit(train, { seed: 1 });
 * await model.recommend(0, 50, { candidates: coldItems }); // 50 cold items at random
 * ```
 */
export class RandomScores extends BaseRecommender {
  readonly name = 'random';
  private seed = 0;

  /** Restores a model saved with {@link BaseRecommender.save}. */
  static fromContents(contents: ModelDirContents): RandomScores {
    const model = new RandomScores();
    const seed = contents.config.seed;
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`random: the saved seed must be an integer in [0, 2^32 − 1], got ${describeValue(seed)}`);
    }
    model.seed = seed;
    model.restore(contents.train);
    return model;
  }

  protected async fitModel(_train: Interactions, options: FitOptions): Promise<void> {
    this.seed = (options.seed ?? 0) >>> 0;
  }

  async score(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    if (!this.fitted) throw new Error('random: the model is not fitted');
    if (!(users instanceof Int32Array) || !(items instanceof Int32Array)) {
      throw new TypeError(`random.score: users and items must be Int32Arrays of indices, got ${describeValue(users)}`);
    }
    if (users.length !== items.length) {
      throw new RangeError(`random.score: ${users.length} users for ${items.length} items`);
    }
    const out = new Float32Array(items.length);
    for (let k = 0; k < items.length; k++) out[k] = pairHash(this.seed, users[k]!, items[k]!) / 2 ** 32;
    return out;
  }

  protected config() {
    return { seed: this.seed };
  }

  protected arrays() {
    return {};
  }
}

/** A 32-bit hash of (seed, user, item): murmur3's finaliser over each word in turn, so nearby ids scatter. */
function pairHash(seed: number, user: number, item: number): number {
  let h = seed ^ 0x9e3779b9;
  for (const word of [user, item]) {
    h = Math.imul(h ^ word, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}
