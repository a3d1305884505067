import type { IdMap, Interactions } from '@recsys/data';
import type { Scorer } from '@recsys/eval';
import type { WriteModelDirResult } from './io/model-dir.js';

/** One recommended item: its dense index and its score. */
export interface Recommendation {
  /** Dense item index (map back with `model.itemIds.raw(item)`). */
  item: number;
  /** The model's score for the item. */
  score: number;
}

/** Options of {@link Recommender.recommend}. */
export interface RecommendOptions {
  /** Leave out the items the user interacted with in training. Default `true`. */
  excludeSeen?: boolean;
  /** Pairs scored per call to `score`. Default 65 536. */
  batchSize?: number;
  /**
   * Recommend among these items only (indices of the model's item space, e.g. the new items a content model can score
   * from their features). Default every item.
   */
  candidates?: Int32Array;
}

/** Options shared by every model's `fit`. */
export interface FitOptions {
  /** Seed for everything the fit draws at random. Default 42. */
  seed?: number;
  /** Called with progress messages meant for a person (the CLI prints them on stderr). */
  log?: (message: string) => void;
}

/** What `fit` reports. */
export interface FitReport {
  /** Wall-clock seconds. */
  seconds: number;
  /** Training rows read. */
  rows: number;
}

/**
 * The interface every recsys model implements, from ItemPop to DELF: train on {@link Interactions}, score (user, item)
 * pairs (so any `@recsys/eval` protocol can evaluate it), recommend top-K, and save to a directory.
 *
 * Indices are the dense indices of the training log. An item index ≥ {@link numItems} (or a user index ≥
 * {@link numUsers}) is a *cold* id: one the model never saw in training, e.g. an item that appears only in a test
 * file. Every model scores cold ids instead of failing, and documents how (ItemPop gives cold items popularity 0).
 */
export interface Recommender extends Scorer {
  /** The model's registry name, e.g. `'itempop'`. */
  readonly name: string;
  /** Users seen in training. */
  readonly numUsers: number;
  /** Items seen in training. */
  readonly numItems: number;
  /** Raw ids of the training users. */
  readonly userIds: IdMap;
  /** Raw ids of the training items. */
  readonly itemIds: IdMap;
  /** The training log (throws before `fit`): its rows are the "seen" items that `recommend` leaves out. */
  readonly train: Interactions;
  /** Whether `fit` has run (or the model was loaded). */
  readonly fitted: boolean;
  /**
   * The held-out pairs `fit` chose its epochs on, if it validated (saved with the model), so an evaluation can warn
   * when its test pairs are among them.
   */
  readonly validationPairs: Interactions | undefined;

  /** Trains on `train`. Calling it again retrains from scratch. A fit that throws leaves the model unfitted. */
  fit(train: Interactions, options?: FitOptions): Promise<FitReport>;
  /** Scores each (users[k], items[k]) pair. */
  score(users: Int32Array, items: Int32Array): Promise<Float32Array>;
  /** The top `k` items for `user`, best first; ties broken by lower item index. */
  recommend(user: number, k: number, options?: RecommendOptions): Promise<Recommendation[]>;
  /**
   * The top `k` items for each of `users` (dense indices; a cold index gets a cold user's list), in order: the same
   * lists as `recommend` user by user, with the pairs of several users scored in each call to `score`.
   */
  recommendMany(users: Int32Array, k: number, options?: RecommendOptions): Promise<Recommendation[][]>;

  /**
   * Writes the model to `dir` (created if missing) in one atomic step: a save interrupted at any point leaves the
   * previous model or this one, never a mix. Refuses a directory that holds other files and no model. Says which
   * model it replaced, if any. {@link loadRecommender} reads it back.
   */
  save(dir: string): Promise<WriteModelDirResult>;
}
