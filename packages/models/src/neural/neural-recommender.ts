import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describeValue, firstIdConflict, Interactions, type IdMap } from '@recsys/data';
import { splitRows } from '@recsys/layers';
import {
  createLoss,
  fitModel,
  isTripleBatch,
  pairwiseBatches,
  pointwiseBatches,
  selectBackend,
  SparseTable,
  StepContext,
  type Batch,
  type BatchSource,
  type DenseWeight,
  type Loss,
  type LossName,
  type PairBatch,
  type Pairs,
  type SparseTableOptions,
  type TrainableModel,
  type TripleBatch,
  type ValidationOptions,
} from '@recsys/train';
import { BaseRecommender } from '../base-recommender.js';
import type { Json, ModelDirContents, StoredArray } from '../io/model-dir.js';
import type { NeuralModelSpec } from '../model-spec.js';
import type { OptionInput, OptionSchema, OptionValues } from '../options/option-spec.js';
import { resolveOptions } from '../options/resolve-options.js';
import type { EmbeddingScores } from './embedding-scores.js';
import { RECSYS_VERSION } from '../version.js';
import { blockSeed } from './block-seed.js';
import {
  NEURAL_FIT_OPTION_KEYS,
  neuralFitOptionSchema,
  type NeuralFitOptions,
  type NeuralFitReport,
} from './neural-fit-options.js';
import { parallelWorkerUrl } from './parallel-worker-url.js';
import { logData, logFromData, workerFitOptions, type ReplicaData } from './replica.js';
import { sampledValidation, type Validator } from './validation.js';

/** Options of {@link NeuralRecommender.table}. */
export interface TableOptions extends SparseTableOptions {
  /** Standard deviation of the N(0, std²) initial values. Default 0.01 (the NCF code's). */
  std?: number;
}

/** Options of {@link NeuralRecommender.block}. */
export interface BlockOptions {
  /** `'optional'` when some training steps may legitimately not reach the block's weights. Default `'required'`. */
  gradient?: 'required' | 'optional';
}

interface Block {
  name: string;
  layer: tfl.layers.Layer;
  optional: boolean;
}

/**
 * The base of every neural model: a model is its options, its blocks and its forward pass; this class does the rest
 * (building, training on the sparse engine, scoring, recommending, saving and restoring, the registry and the CLI).
 *
 * A model declares a static {@link NeuralModelSpec} (name, options, losses, output) and implements:
 * - {@link define}: its blocks for a training log, embedding tables with {@link table} and layers with {@link block}
 *   (each seeded from its name, so pre-training lines up by name; layer input widths are inferred);
 * - {@link forward}: its output for (user, item) pairs, on the step context (`ctx.rows(table, ids)`,
 *   `layer.forward(x, ctx)`, `ctx.op(f, ...inputs)` for any other tfjs function).
 *
 * Training defaults to pointwise pairs (log loss, sampled negatives) or triples (BPR), per the `loss` option; a model
 * with another batch shape or objective overrides {@link NeuralRecommender.batches | batches} and {@link NeuralRecommender.loss | loss}. Cold ids (never seen in training)
 * read zero embeddings.
 *
 * @example
 * ```ts
 * class TwoTower extends NeuralRecommender<typeof TWO_TOWER.options> {
 *   static readonly spec = TWO_TOWER; // { name, description, options: { dim: option.int(…) }, losses, output }
 *   private users!: SparseTable;
 *   private items!: SparseTable;
 *   private head!: PredictionHead;
 *
 *   protected define(train: Interactions) {
 *     this.users = this.table('users', train.numUsers, this.options.dim);
 *     this.items = this.table('items', train.numItems, this.options.dim);
 *     this.head = this.block('head', new PredictionHead({ logits: true }));
 *   }
 *
 *   forward(ctx: StepContext, { users, items }: Pairs) {
 *     return this.head.forward([multiply(ctx.rows(this.users, users), ctx.rows(this.items, items), ctx.tape)], ctx);
 *   }
 * }
 * ```
 */
export abstract class NeuralRecommender<
  S extends OptionSchema = OptionSchema,
  B extends Batch = PairBatch | TripleBatch,
>
  extends BaseRecommender
  implements TrainableModel<B>
{
  /** The model's declaration. */
  readonly spec: NeuralModelSpec<S>;
  /** The model's hyper-parameters, checked, defaults filled in. */
  readonly options: OptionValues<S>;
  /** The rows of {@link scoringEmbeddings}, while the weights stay as they were. */
  private scoring: EmbeddingScores | undefined;
  private readonly tableList: SparseTable[] = [];
  private readonly blockList: Block[] = [];
  private weights: DenseWeight[] = [];
  private seed = 0;
  /** The index space the blocks were built for, and its raw ids. */
  private space: { numUsers: number; numItems: number; userIds: IdMap; itemIds: IdMap } | undefined;
  /** Parameters were set before `fit` (e.g. from pre-trained models): the next `fit` starts from them. */
  protected initialized = false;
  /** The loss the current fit trains with. */
  private trainingLoss: Loss | undefined;
  private lastReport: Omit<NeuralFitReport, 'seconds' | 'rows'> | undefined;

  constructor(options: OptionInput<S> = {}) {
    super();
    const spec = (new.target as unknown as { spec?: NeuralModelSpec<S> }).spec;
    if (!spec) throw new Error(`${new.target.name} declares no static spec`);
    this.spec = spec;
    this.options = resolveOptions(spec.options, options, spec.name);
  }

  get name(): string {
    return this.spec.name;
  }

  /** Embedding tables, in declaration order. */
  get tables(): readonly SparseTable[] {
    return this.tableList;
  }

  /**
   * Declares the model's blocks for a training log: tables with {@link table}, layers with {@link block}. Called
   * before training (and when a saved model is restored); the log gives the index space, and the histories or ratings
   * a model reads.
   */
  protected abstract define(train: Interactions): void;

  /**
   * The model's output for (user, item) pairs, `[n, 1]`: logits or scores (`spec.output`). Runs in training (on the
   * tape) and in scoring alike.
   */
  abstract forward(ctx: StepContext, pairs: Pairs): tf.Tensor;

  /**
   * Declares an embedding table of `rows × dim`, drawn from N(0, std²) (std 0.01 by default) with a seed derived from
   * `name`; saved under `name`.
   */
  protected table(name: string, rows: number, dim: number, options: TableOptions = {}): SparseTable {
    this.claim(name);
    const table = SparseTable.randomNormal(name, rows, dim, {
      std: 0.01,
      ...options,
      seed: blockSeed(this.seed, name),
    });
    this.tableList.push(table);
    return table;
  }

  /**
   * Declares a layer (a tower, a head, any tfjs-layers layer) under `name`: a layer without a seed gets one derived
   * from `name`; its weights are created by the first forward pass (widths inferred) and saved under `name`.
   */
  protected block<L extends tfl.layers.Layer>(name: string, layer: L, options: BlockOptions = {}): L {
    this.claim(name);
    const seeded = layer as unknown as { seed?: number };
    if ('seed' in layer && seeded.seed === undefined && !layer.built) seeded.seed = blockSeed(this.seed, name);
    this.blockList.push({ name, layer, optional: options.gradient === 'optional' });
    return layer;
  }

  /** The dense weights of the blocks, named `<block>/<weight>`. */
  denseWeights(): readonly DenseWeight[] {
    return this.weights;
  }

  /**
   * The batches a fit trains on: pointwise pairs with targets and sampled negatives, or triples for a pairwise loss.
   * A model with another batch shape (blocks of users × items, histories) overrides it, and {@link NeuralRecommender.loss | loss} with it.
   */
  protected batches(train: Interactions, options: NeuralFitOptions, loss: Loss): BatchSource<B> {
    const sampling = {
      batchSize: options.batchSize,
      negatives: options.negatives,
      sampler: options.sampler,
      popularityExponent: options.popularityExponent,
    };
    if (options.popularityExponent !== undefined && options.sampler !== 'popularity') {
      throw new RangeError(`${this.name}: popularityExponent applies with sampler 'popularity' only`);
    }
    if (loss.pairwise) {
      if (options.targets === 'rating') throw new RangeError(`${this.name}: targets apply to a pointwise loss only`);
      if (options.order !== undefined) throw new RangeError(`${this.name}: order applies to a pointwise loss only`);
      return pairwiseBatches(train, sampling) as unknown as BatchSource<B>;
    }
    const targets = options.targets === 'rating' ? ratingTargets(train) : undefined;
    return pointwiseBatches(train, { ...sampling, targets, order: options.order }) as unknown as BatchSource<B>;
  }

  /**
   * The loss of a batch, on the tape: pointwise pairs through {@link forward} against their targets, or triples as
   * one forward pass over the positives and the negatives, split for the pairwise loss.
   */
  loss(ctx: StepContext, batch: B): tf.Tensor {
    this.invalidateScoring(); // the step changes the weights
    const loss = this.trainingLoss ?? createLoss(this.spec.losses[0]!);

    if (isTripleBatch(batch)) {
      if (!loss.pairwise) throw new Error(`${this.name}: a pointwise loss (${loss.name}) got a batch of triples`);
      const n = batch.users.length;
      const scores = this.forward(ctx, {
        users: concatIds(batch.users, batch.users),
        items: concatIds(batch.positives, batch.negatives),
      });
      const [positive, negative] = splitRows(scores, [n, n], ctx.tape);
      return loss.apply(positive!, negative!, ctx.tape);
    }
    const pairs = batch as unknown as PairBatch;
    if (loss.pairwise) throw new Error(`${this.name}: a pairwise loss (${loss.name}) got a batch of pairs`);
    return loss.apply(this.forward(ctx, pairs), pairs.targets, pairs.weights, ctx.tape);
  }

  protected override checkFit(train: Interactions, options: NeuralFitOptions): void {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`${this.name}.fit: options must be an object, got ${describeValue(options)}`);
    }
    for (const [key, value] of Object.entries(options)) {
      if (value === undefined || Object.prototype.hasOwnProperty.call(NEURAL_FIT_OPTION_KEYS, key)) continue;
      const hint = key in this.spec.options ? ': it is a hyper-parameter, give it to the constructor' : '';
      throw new RangeError(`${this.name}.fit has no option "${key}"${hint}`);
    }
    checkFitNumbers(this.name, this.spec.losses, options);
    const { validation, validationNegatives } = options;
    if (validation !== undefined && !(validation instanceof Interactions) && !isValidator(validation)) {
      throw new TypeError(
        `${this.name}.fit: validation must be an Interactions log or a Validator, got ${describeValue(validation)}`,
      );
    }
    if (validation !== undefined && isValidator(validation) && validation.train && validation.train !== train) {
      throw new RangeError(
        `${this.name}.fit: the validator was made for another training log (its negatives exclude that log's ` +
          'items): make it with the log given to fit',
      );
    }
    if (
      typeof validationNegatives === 'number' &&
      !(Number.isInteger(validationNegatives) && validationNegatives >= 1)
    ) {
      throw new RangeError(
        `${this.name}.fit: option "validationNegatives" must be an integer ≥ 1 or test negatives, got ` +
          describeValue(validationNegatives),
      );
    }
  }

  protected async fitModel(train: Interactions, options: NeuralFitOptions): Promise<void> {
    const backend = await selectBackend({ backend: options.backend, log: options.log });
    const lossName = options.loss ?? this.spec.losses[0]!;
    if (!this.spec.losses.includes(lossName)) {
      throw new RangeError(`${this.name} trains with ${this.spec.losses.join(' or ')} loss, not "${lossName}"`);
    }
    const loss = createLoss(lossName);
    const source = this.batches(train, options, loss); // checks the options before anything is built
    const workers = options.workers ?? 1;
    const workerFit = workers > 1 ? workerFitOptions(this.name, options as Record<string, unknown>) : undefined;
    const validation = this.validation(train, options);
    const seed = options.seed ?? 42;
    const optimizer = options.optimizer ?? this.defaultOptimizer(); // before `initialized` is reset: it may depend on it
    const space = this.space;
    if (this.initialized && space && (space.numUsers !== train.numUsers || space.numItems !== train.numItems)) {
      throw new Error(
        `${this.name}: initialised (pre-trained) for ${space.numUsers} users × ${space.numItems} items, fit on ` +
          `${train.numUsers} × ${train.numItems}: fine-tune on the training log it was initialised from`,
      );
    }
    if (this.initialized && space) {
      // Equal sizes are not enough: a log with its rows in another order numbers its ids differently, and each
      // pre-trained embedding would be fine-tuned as another user's.
      for (const [what, mine, given] of [
        ['user', space.userIds, train.userIds],
        ['item', space.itemIds, train.itemIds],
      ] as const) {
        const k = firstIdConflict(mine, given);
        if (k >= 0) {
          throw new Error(
            `${this.name}: initialised (pre-trained) on a log whose ${what} ids differ from the one fit was given ` +
              `(index ${k} is ${what} "${mine.raw(k)}" there, "${given.raw(k)}" here): fine-tune on the training ` +
              'log it was initialised from, read the same way',
          );
        }
      }
    }
    if (!this.initialized) this.build(train, seed);
    this.initialized = false;
    this.trainingLoss = loss;
    const parallel = workerFit
      ? {
          workers,
          worker: parallelWorkerUrl(),
          replica: {
            model: this.spec.name,
            options: this.config(),
            log: logData(train),
            fit: workerFit,
            loss: lossName,
            seed,
            backend: backend.name,
          } satisfies ReplicaData,
          onSync: () => this.invalidateScoring(), // the workers' steps changed the weights
        }
      : undefined;
    try {
      const history = await fitModel(this, source, {
        epochs: options.epochs,
        optimizer,
        learningRate: options.learningRate,
        learningRateDecay: options.learningRateDecay,
        seed,
        validation,
        progress: options.progress,
        onEpochEnd: options.onEpochEnd,
        stop: options.stop,
        profile: options.profile,
        parallel,
      });

      this.lastReport = { history, optimizer, loss: lossName };
    } finally {
      this.trainingLoss = undefined;
      // The loop may have restored the best epoch after the last validation scored (and cached) the last one's rows.
      this.invalidateScoring();
    }
  }

  /**
   * Builds `model` (fresh from the registry, in a worker of a parallel fit) as the fit `data` describes builds its
   * model, and returns the batch source that fit trains on: the replica's parameters then adopt the shared ones.
   *
   * @internal
   */
  static replicate(model: NeuralRecommender<OptionSchema, Batch>, data: ReplicaData): BatchSource<Batch> {
    const train = logFromData(data.log);
    const loss = createLoss(data.loss);
    const source = model.batches(train, data.fit as NeuralFitOptions, loss);
    model.build(train, data.seed);
    model.trainingLoss = loss;
    return source;
  }

  override async fit(train: Interactions, options: NeuralFitOptions = {}): Promise<NeuralFitReport> {
    const report = await super.fit(train, options);
    return { ...report, ...this.lastReport! };
  }

  /**
   * Data beyond the training log that the model reads and a saved model must keep (DualNet's item features), under keys
   * of the model's choosing; {@link restoreData} takes them back. Default none.
   */
  protected savedData(): Record<string, StoredArray> {
    return {};
  }

  /**
   * Takes back what {@link savedData} saved, before the blocks are rebuilt (so {@link define} can read it); adds the
   * keys it read to `expected`.
   *
   * @throws when an array is missing or does not fit.
   */
  protected restoreData(_arrays: Record<string, StoredArray>, _expected: Set<string>): void {}

  /**
   * The log whose pairs validation interactions must not repeat and whose items their sampled negatives avoid: the
   * training log, or (a model trained on several behaviours) the part of it the model predicts. Default `train`.
   */
  protected validationTrain(train: Interactions): Interactions {
    return train;
  }

  /** The optimizer `fit` uses by default. */
  protected defaultOptimizer(): 'adam' | 'sgd' {
    return 'adam';
  }

  async score(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    if (!this.fitted || this.tableList.length + this.blockList.length === 0) {
      throw new Error(`${this.name}: the model is not fitted`);
    }
    if (!(users instanceof Int32Array) || !(items instanceof Int32Array)) {
      // A Float32Array of 0.5 read a row no user has.
      throw new TypeError(`${this.name}.score: users and items must be Int32Arrays of indices`);
    }
    if (users.length !== items.length) {
      throw new RangeError(`${this.name}.score: ${users.length} users for ${items.length} items`);
    }
    await selectBackend();
    const cached = this.cachedScoring();
    if (cached) return cached.score(users, items);
    // The tidy returns the tensor, not the array: tf.tidy walks a returned array element by element looking for
    // tensors (measured: a third of GMF's full-ranking evaluation time went there).
    const scores = tf.tidy(() => {
      const output = this.forward(new StepContext(false), { users, items });
      return this.spec.output === 'logits' ? tf.sigmoid(output) : output;
    });
    try {
      return Float32Array.from(scores.dataSync() as Float32Array);
    } finally {
      scores.dispose();
    }
  }

  /**
   * (Re)creates the blocks for `train`'s index space with seeds from `seed`: runs {@link define}, then one forward pass
   * over a single pair, which builds every layer (input widths inferred).
   *
   * @throws if a block is not built by that pass.
   */
  protected build(train: Interactions, seed: number): void {
    this.disposeBlocks();
    this.seed = seed;
    this.space = { numUsers: train.numUsers, numItems: train.numItems, userIds: train.userIds, itemIds: train.itemIds };
    this.define(train);
    tf.tidy(() => {
      this.forward(new StepContext(false), { users: Int32Array.of(0), items: Int32Array.of(0) });
    });
    const unbuilt = this.blockList.filter((b) => !b.layer.built).map((b) => b.name);
    if (unbuilt.length > 0) {
      throw new Error(
        `${this.name}: block ${unbuilt.join(', ')} was not built by a forward pass over one pair: use it in forward() ` +
          `or build it in define()`,
      );
    }
    this.weights = this.blockList.flatMap(({ name, layer, optional }) => {
      const penalties =
        'l2Penalties' in layer
          ? (layer as { l2Penalties(): { weight: tfl.LayerVariable; l2: number }[] }).l2Penalties()
          : [];
      return layer.trainableWeights.map((weight) => ({
        name: `${name}/${weight.originalName.split('/').pop()}`,
        variable: weight.read() as tf.Variable,
        l2: penalties.find((p) => p.weight === weight)?.l2 ?? 0,
        gradient: optional ? ('optional' as const) : ('required' as const),
      }));
    });
  }

  /**
   * Copies the tables and blocks named in `names` from `source` (same shapes), e.g. pre-trained GMF into NeuMF; a
   * `[from, to]` pair copies `source`'s `from` into this model's `to` (an NCF MLP's `mlp_user` into DELF's `user`).
   */
  protected copyFrom(
    source: NeuralRecommender<OptionSchema, Batch>,
    names: readonly (string | readonly [from: string, to: string])[],
  ): void {
    this.invalidateScoring(); // the weights change
    for (const entry of names) {
      const [fromName, name] = typeof entry === 'string' ? [entry, entry] : entry;
      const table = this.tableList.find((t) => t.name === name);
      const block = this.blockList.find((b) => b.name === name);
      if (table) {
        const from = source.tableList.find((t) => t.name === fromName);
        if (!from || from.data.length !== table.data.length) {
          throw new Error(`${this.name}: ${source.name} has no table "${fromName}" of ${table.rows} × ${table.dim}`);
        }
        table.data.set(from.data);
      } else if (block) {
        const from = source.blockList.find((b) => b.name === fromName);
        if (!from) throw new Error(`${this.name}: ${source.name} has no block "${fromName}"`);
        block.layer.setWeights(from.layer.getWeights());
      } else throw new Error(`${this.name} has no table or block "${name}"`);
    }
  }

  /** Copies of the current values of the weights of the block declared under `name`, in the layer's order. */
  blockWeights(name: string): Float32Array[] {
    const block = this.blockList.find((b) => b.name === name);
    if (!block) throw new Error(`${this.name} has no block "${name}"`);
    return block.layer.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
  }

  protected config(): { [key: string]: Json } {
    const config: { [key: string]: Json } = {};
    for (const [key, value] of Object.entries(this.options)) if (value !== undefined) config[key] = value as Json;
    return config;
  }

  /**
   * Columns of the training log beyond (user, item) that the model reads and a saved model must keep: `'values'` (the
   * ratings, DMF's input) or `'order'` (the rows' time order, for histories cut to the most recent entries; an untimed
   * log keeps its row order). Default none. A saved model without one of them is refused on load.
   */
  protected keptLogColumns(): readonly ('values' | 'order')[] {
    return [];
  }

  protected arrays(): Record<string, StoredArray> {
    const arrays: Record<string, StoredArray> = {};
    const log = this.train;
    for (const column of this.keptLogColumns()) {
      if (column === 'values') {
        if (!log.values) throw new Error(`${this.name}: the training log has no values to save`); // fit refuses it
        arrays['log.values'] = log.values;
      }
      if (column === 'order') {
        arrays['log.order'] = log.timestamps ? timeRanks(log.timestamps) : Int32Array.from(log.users, (_, k) => k);
      }
    }
    Object.assign(arrays, this.savedData());
    for (const table of this.tableList) arrays[`table.${table.name}`] = table.data;
    for (const { name, layer } of this.blockList) {
      layer
        .getWeights()
        .forEach((w, k) => (arrays[`dense.${name}.${k}`] = Float32Array.from(w.dataSync() as Float32Array)));
    }
    return arrays;
  }

  /** Rebuilds the blocks for a saved model's index space and loads its tables and weights by name. */
  protected restoreFrom(contents: ModelDirContents): this {
    const { arrays } = contents;
    const expected = new Set<string>();
    const train = this.withKeptColumns(contents.train, arrays, expected);
    this.restoreData(arrays, expected);
    this.build(train, 0);
    for (const table of this.tableList) {
      const key = `table.${table.name}`;
      expected.add(key);
      const saved = arrays[key];
      if (!(saved instanceof Float32Array) || saved.length !== table.data.length) {
        throw new Error(`${this.name}: saved table "${table.name}" is missing or has the wrong size`);
      }
      table.data.set(saved);
    }
    for (const { name, layer } of this.blockList) {
      const weights = layer.getWeights().map((w, k) => {
        const key = `dense.${name}.${k}`;
        expected.add(key);
        const saved = arrays[key];
        if (!(saved instanceof Float32Array) || saved.length !== w.size) {
          throw new Error(`${this.name}: saved weight ${k} of block "${name}" is missing or has the wrong size`);
        }
        return tf.tensor(saved, w.shape);
      });
      layer.setWeights(weights);
      tf.dispose(weights);
    }
    const extra = Object.keys(arrays).filter((key) => !expected.has(key));
    if (extra.length > 0)
      throw new Error(`${this.name}: the saved model holds arrays this model does not: ${extra.join(', ')}`);
    this.restore(train, contents.validation);
    return this;
  }

  /** The saved training log with the columns {@link keptLogColumns} saved beside it (their keys added to `expected`). */
  private withKeptColumns(
    train: Interactions,
    arrays: Record<string, StoredArray>,
    expected: Set<string>,
  ): Interactions {
    for (const column of this.keptLogColumns()) {
      if (arrays[`log.${column}`] === undefined) {
        const what = column === 'values' ? 'ratings' : 'time order';
        throw new Error(
          `${this.name}: saved array "log.${column}" is missing: the model reads its training log's ${what}`,
        );
      }
    }
    const values = arrays['log.values'];
    const order = arrays['log.order'];
    if (values === undefined && order === undefined) return train;
    for (const [key, array, type] of [
      ['log.values', values, Float32Array],
      ['log.order', order, Int32Array],
    ] as const) {
      if (array === undefined) continue;
      expected.add(key);
      if (!(array instanceof type) || array.length !== train.size) {
        throw new Error(`${this.name}: saved array "${key}" does not hold one value per training row (${train.size})`);
      }
    }
    return Interactions.fromColumns(
      {
        users: train.users,
        items: train.items,
        values: values as Float32Array | undefined,
        timestamps: order ? Float64Array.from(order) : undefined,
      },
      train.sameSpace(),
    );
  }

  /**
   * Restores a saved model of class `Model` from a model directory's contents (what `loadRecommender` does).
   *
   * @throws naming the model and what does not fit when the saved options or arrays are not this version's.
   */
  static restoreModel(Model: NeuralModelClass, contents: ModelDirContents): NeuralRecommender<OptionSchema, Batch> {
    try {
      return new Model(contents.config).restoreFrom(contents);
    } catch (error) {
      const savedBy = contents.savedBy ? `recsys ${contents.savedBy}` : 'recsys 0.1.0 or earlier';
      throw new Error(
        `cannot restore the ${contents.model} model (saved by ${savedBy}): ${(error as Error).message}; re-train it ` +
          `with this version (${RECSYS_VERSION})`,
      );
    }
  }

  /** Frees the tfjs memory of the model's layers; the model is unfitted afterwards (it cannot score or be saved). */
  dispose(): void {
    this.disposeBlocks();
    this.forget();
    this.initialized = false;
  }

  /**
   * A model whose score is a dot product of a per-user and a per-item row (a two-tower model: DMF, DualNet) returns
   * every user's and item's row here, computed in scoring mode; {@link score} then reads them (one matmul against the
   * catalogue for full ranking) instead of running {@link forward} per pair. Called after any change of the weights,
   * on the first score. Default none: scores come from {@link forward}.
   */
  protected scoringEmbeddings(): EmbeddingScores | undefined {
    return undefined;
  }

  /** The scoring rows of {@link scoringEmbeddings}, made on first use after the weights last changed. */
  protected cachedScoring(): EmbeddingScores | undefined {
    this.scoring ??= this.scoringEmbeddings();
    return this.scoring;
  }

  /** Forgets the cached scoring rows: the weights are about to change (each training step, a rebuild). */
  protected invalidateScoring(): void {
    this.scoring?.dispose();
    this.scoring = undefined;
  }

  private disposeBlocks(): void {
    this.invalidateScoring();
    for (const { layer } of this.blockList) if (layer.built) layer.dispose();
    this.blockList.length = 0;
    this.tableList.length = 0;
    this.weights = [];
  }

  private claim(name: string): void {
    if (this.tableList.some((t) => t.name === name) || this.blockList.some((b) => b.name === name)) {
      throw new Error(`${this.name}: two blocks are named "${name}"`);
    }
  }

  private validation(train: Interactions, options: NeuralFitOptions): ValidationOptions | undefined {
    const given = options.validation;
    if (!given) {
      for (const key of ['validationNegatives', 'monitor', 'k', 'patience'] as const) {
        if (options[key] !== undefined) throw new RangeError(`${this.name}: ${key} applies with validation only`);
      }
      return undefined;
    }
    let validator: Validator;
    if (isValidator(given)) {
      if (options.validationNegatives !== undefined || options.k !== undefined) {
        throw new RangeError(`${this.name}: validationNegatives and k apply to validation interactions only`);
      }
      validator = given;
    } else {
      validator = sampledValidation(this.validationTrain(train), given, {
        negatives: options.validationNegatives,
        k: options.k,
        seed: ((options.seed ?? 42) + 7) >>> 0, // seeds are uint32: wrap, never overflow
      });
    }
    this.validatedOn(validator.heldOut);
    return {
      evaluate: () => validator.evaluate(this),
      monitor: options.monitor ?? validator.monitor,
      patience: options.patience,
      restoreBest: true,
    };
  }
}

/**
 * Checks a fit's numbers and choices with the schema the CLI reads them by, so a library call is refused with the same
 * message (naming the option) before anything is built; `seed` and `k` are checked here too.
 */
function checkFitNumbers(name: string, losses: readonly LossName[], options: NeuralFitOptions): void {
  // loss is checked against the model's spec in fitModel, with its own message.
  const { loss: _loss, ...schema } = neuralFitOptionSchema(losses);
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(schema)) given[key] = (options as Record<string, unknown>)[key];
  resolveOptions(schema, given, `${name}.fit`);
  const { seed, k } = options;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new RangeError(`${name}.fit: option "seed" must be an integer in [0, 2^32 − 1], got ${seed}`);
  }
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) {
    throw new RangeError(`${name}.fit: option "k" must be an integer ≥ 1, got ${k}`);
  }
}

/** A neural model class, as the registry holds it. */
export interface NeuralModelClass {
  readonly spec: NeuralModelSpec;
  new (options: Record<string, unknown>): NeuralRecommender<OptionSchema, Batch>;
}

function isValidator(value: Interactions | Validator): value is Validator {
  return typeof (value as Partial<Validator>).evaluate === 'function';
}

/** Each row's rank in time order (ties by row): all a saved model needs of the timestamps to rebuild histories. */
function timeRanks(timestamps: Float64Array): Int32Array {
  const order = Int32Array.from(timestamps, (_, k) => k).sort((a, b) => timestamps[a]! - timestamps[b]! || a - b);
  const ranks = new Int32Array(order.length);
  order.forEach((row, rank) => (ranks[row] = rank));
  return ranks;
}

/** `[a; b]`. */
function concatIds(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Each row's value divided by the log's largest value (DMF's normalised rating). */
function ratingTargets(train: Interactions): Float32Array {
  const values = train.values;
  if (!values) throw new RangeError("targets 'rating' needs ratings, but the training log has no value column");
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  if (!(max > 0)) throw new RangeError(`targets 'rating' needs a positive largest rating, got ${max}`);
  for (const v of values) {
    if (!(v >= 0)) throw new RangeError(`targets 'rating' needs ratings ≥ 0, got ${v}`);
  }
  return Float32Array.from(values, (v) => v / max);
}
