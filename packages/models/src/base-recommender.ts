import { describeValue, Interactions, refuseUnknownOptions, type IdMap } from '@recsys/data';
import { writeModelDir, type Json, type StoredArray, type WriteModelDirResult } from './io/model-dir.js';
import type { FitOptions, FitReport, RecommendOptions, Recommendation, Recommender } from './recommender.js';
import { TopK } from './top-k.js';

/**
 * What every {@link Recommender} shares: it keeps its training log (the index space, and the items to leave out of
 * recommendations), implements `recommend` by scoring the catalogue in batches, and saves through the model-directory
 * format. A model supplies `fitModel`, `score`, and the config and arrays it saves.
 */
export abstract class BaseRecommender implements Recommender {
  abstract readonly name: string;
  private trainLog: Interactions | undefined;
  private validationLog: Interactions | undefined;

  /** The training log; throws before `fit`. */
  get train(): Interactions {
    if (!this.trainLog) throw new Error(`${this.name}: the model is not fitted; call fit() or load a saved model`);
    return this.trainLog;
  }

  get fitted(): boolean {
    return this.trainLog !== undefined;
  }

  get validationPairs(): Interactions | undefined {
    return this.validationLog;
  }

  get numUsers(): number {
    return this.train.numUsers;
  }

  get numItems(): number {
    return this.train.numItems;
  }

  get userIds(): IdMap {
    return this.train.userIds;
  }

  get itemIds(): IdMap {
    return this.train.itemIds;
  }

  async fit(train: Interactions, options: FitOptions = {}): Promise<FitReport> {
    if (!(train instanceof Interactions)) {
      throw new TypeError(`${this.name}.fit: train must be an Interactions log, got ${describeValue(train)}`);
    }
    if (train.size === 0) throw new Error(`${this.name}.fit: the training log is empty`);
    // Arguments first: a fit refused for a bad option leaves a fitted model as it was.
    this.checkFit(train, options);
    const start = performance.now();
    this.trainLog = train;
    this.validationLog = undefined;
    try {
      await this.fitModel(train, options);
      this.trainLog = this.keptTrainingLog(train);
    } catch (error) {
      this.trainLog = undefined; // half-trained parameters are not a model to score with
      this.validationLog = undefined;
      throw error;
    }
    return { seconds: (performance.now() - start) / 1000, rows: train.size };
  }

  abstract score(users: Int32Array, items: Int32Array): Promise<Float32Array>;

  /**
   * The log a fitted model keeps as its {@link train}: its index space and the items recommendations and evaluation
   * leave out as seen. Default the log it was fitted on; a model trained on several behaviours keeps the rows of the
   * one it predicts (a viewed item is still worth recommending for purchase). Same index space as `fitted`.
   */
  protected keptTrainingLog(fitted: Interactions): Interactions {
    return fitted;
  }

  async recommend(user: number, k: number, options: RecommendOptions = {}): Promise<Recommendation[]> {
    checkInteger(`${this.name}.recommend`, 'user', user, 0);
    const { excludeSeen, batchSize, candidates } = this.recommendOptions('recommend', k, options);
    const seen = this.seenBy(user, excludeSeen);
    if (candidates !== undefined) return this.recommendAmong(user, k, candidates, seen, batchSize);
    const numItems = this.numItems;
    const top = new TopK(k);
    const users = new Int32Array(Math.min(batchSize, numItems)).fill(user);
    const items = new Int32Array(users.length);
    let next = 0; // position in `seen` (ascending), so skipping seen items is one merge pass
    for (let start = 0; start < numItems; start += items.length) {
      const end = Math.min(start + items.length, numItems);
      for (let i = start; i < end; i++) items[i - start] = i;
      const scores = await this.score(users.subarray(0, end - start), items.subarray(0, end - start));
      for (let i = start; i < end; i++) {
        while (next < seen.length && seen[next] < i) next++;
        if (next < seen.length && seen[next] === i) continue;
        top.offer(i, scores[i - start]);
      }
    }
    return top.result();
  }

  async recommendMany(users: Int32Array, k: number, options: RecommendOptions = {}): Promise<Recommendation[][]> {
    const where = `${this.name}.recommendMany`;
    if (!(users instanceof Int32Array)) throw new TypeError(`${where}: users must be an Int32Array of user indices`);
    users.forEach((user, j) => checkInteger(where, `users[${j}]`, user, 0));
    const { excludeSeen, batchSize, candidates } = this.recommendOptions('recommendMany', k, options);
    const numItems = this.numItems;
    // Whole catalogues of several users per score call; a catalogue larger than a batch is the one-user path's case.
    const perCall = Math.floor(batchSize / Math.max(1, numItems));
    if (candidates !== undefined || perCall < 2) {
      const lists: Recommendation[][] = [];
      for (const user of users) lists.push(await this.recommend(user, k, options));
      return lists;
    }
    const lists: Recommendation[][] = [];
    const pairUsers = new Int32Array(perCall * numItems);
    const pairItems = new Int32Array(perCall * numItems);
    for (let u = 0; u < perCall; u++) for (let i = 0; i < numItems; i++) pairItems[u * numItems + i] = i;
    for (let first = 0; first < users.length; first += perCall) {
      const group = users.subarray(first, Math.min(users.length, first + perCall));
      group.forEach((user, u) => pairUsers.fill(user, u * numItems, (u + 1) * numItems));
      const size = group.length * numItems;
      const scores = await this.score(pairUsers.subarray(0, size), pairItems.subarray(0, size));
      group.forEach((user, u) => {
        const seen = this.seenBy(user, excludeSeen);
        const top = new TopK(k);
        let next = 0;
        for (let i = 0; i < numItems; i++) {
          while (next < seen.length && seen[next] < i) next++;
          if (next < seen.length && seen[next] === i) continue;
          top.offer(i, scores[u * numItems + i]);
        }
        lists.push(top.result());
      });
    }
    return lists;
  }

  /** `recommend`'s and `recommendMany`'s options, checked, with their defaults. */
  private recommendOptions(method: string, k: number, options: RecommendOptions) {
    const where = `${this.name}.${method}`;
    refuseUnknownOptions(where, options, ['excludeSeen', 'batchSize', 'candidates']);
    const { excludeSeen = true, batchSize = 65_536, candidates } = options;
    checkInteger(where, 'k', k, 1);
    checkInteger(where, 'batchSize', batchSize, 1);
    if (typeof excludeSeen !== 'boolean') {
      throw new TypeError(`${where}: excludeSeen must be a boolean (got ${String(excludeSeen)})`);
    }
    return { excludeSeen, batchSize, candidates };
  }

  /** The items `user` saw in training, ascending (none for a cold user, or when they are not to be left out). */
  private seenBy(user: number, excludeSeen: boolean): Int32Array {
    return excludeSeen && user < this.numUsers ? this.train.itemsOf(user) : new Int32Array(0);
  }

  /** The top `k` of `candidates` for `user`, `seen` (ascending) left out. */
  private async recommendAmong(
    user: number,
    k: number,
    candidates: Int32Array,
    seen: Int32Array,
    batchSize: number,
  ): Promise<Recommendation[]> {
    const where = `${this.name}.recommend`;
    if (!(candidates instanceof Int32Array)) throw new TypeError(`${where}: candidates must be an Int32Array of items`);
    const numItems = this.numItems;
    const bad = candidates.findIndex((i) => !(i >= 0 && i < numItems));
    if (bad >= 0) {
      throw new RangeError(
        `${where}: candidate ${candidates[bad]} (at ${bad}) is not an item index in [0, ${numItems})`,
      );
    }
    const seenSet = new Set(seen);
    const items = Int32Array.from(new Set(Array.from(candidates).filter((i) => !seenSet.has(i))));
    const top = new TopK(k);
    for (let start = 0; start < items.length; start += batchSize) {
      const chunk = items.subarray(start, Math.min(items.length, start + batchSize));
      const scores = await this.score(new Int32Array(chunk.length).fill(user), chunk);
      chunk.forEach((item, j) => top.offer(item, scores[j]!));
    }
    return top.result();
  }

  async save(dir: string): Promise<WriteModelDirResult> {
    const validation = this.validationLog && { users: this.validationLog.users, items: this.validationLog.items };
    return writeModelDir(dir, {
      model: this.name,
      config: this.config(),
      arrays: this.arrays(),
      train: this.train,
      validation,
    });
  }

  /**
   * Checks `fit`'s arguments before anything changes (a model refines it with its own options); by default, refuses
   * unknown option keys.
   */
  protected checkFit(_train: Interactions, options: FitOptions): void {
    refuseUnknownOptions(`${this.name}.fit`, options, ['seed', 'log']);
  }

  /** Forgets the training log: the model is unfitted again (after `dispose`, say). */
  protected forget(): void {
    this.trainLog = undefined;
    this.validationLog = undefined;
  }

  /** Trains the model's parameters; `this.train` is already set. */
  protected abstract fitModel(train: Interactions, options: FitOptions): Promise<void>;
  /** Hyper-parameters and settings to save (JSON). */
  protected abstract config(): { [key: string]: Json };
  /** Learned arrays to save. */
  protected abstract arrays(): Record<string, StoredArray>;

  /** Sets the training log (and the validation pairs, if saved) of a model being restored from a directory. */
  protected restore(train: Interactions, validation?: { users: Int32Array; items: Int32Array }): void {
    this.trainLog = train;
    this.validationLog = validation && Interactions.fromColumns(validation, train.sameSpace());
  }

  /** Records the held-out pairs this fit chooses its epochs on (a model's `fitModel` calls it). */
  protected validatedOn(heldOut: Interactions | undefined): void {
    this.validationLog = heldOut;
  }
}

/** Throws a RangeError naming the call and the argument unless `value` is an integer ≥ `min`. */
function checkInteger(call: string, name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${call}: ${name} must be an integer ≥ ${min} (got ${String(value)})`);
  }
}
