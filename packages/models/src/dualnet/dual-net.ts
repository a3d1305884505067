import * as tf from '@tensorflow/tfjs-core';
import { Random, describeValue, type Interactions, type SparseFeatures } from '@recsys/data';
import {
  blockScores,
  buildFor,
  DENSE_ACTIVATIONS,
  DUAL_DESIGNS,
  DualEncoder,
  DualMatching,
  mixSeeds,
  rowDot,
  takeRows,
} from '@recsys/layers';
import {
  dualBlocks,
  featureBags,
  ratingVectors,
  WeightedSquaredError,
  withInputNoise,
  StepContext,
  type Bag,
  type BatchSource,
  type DualBlockBatch,
  type Pairs,
  type SparseTable,
} from '@recsys/train';
import type { StoredArray } from '../io/model-dir.js';
import type { NeuralModelSpec } from '../model-spec.js';
import type { Recommendation } from '../recommender.js';
import { TopK } from '../top-k.js';
import { EmbeddingScores } from '../neural/embedding-scores.js';
import { checkFeatureRows, itemFeatureArrays, itemFeaturesFrom } from '../content/item-features.js';
import { neuralFitOptionSchema, type NeuralFitOptions, type NeuralFitReport } from '../neural/neural-fit-options.js';
import { NeuralRecommender } from '../neural/neural-recommender.js';
import { distinctIds } from '../neural/distinct-ids.js';
import { option, type OptionInput, type OptionSchema } from '../options/option-spec.js';

const spec = {
  name: 'dualnet',
  description: 'DualNet (Xiong et al. 2017): a user network over histories, an item network over content',
  options: {
    units: option.ints({
      description: 'Width of each level of both networks (aligned); the first is the sparse input layer',
      min: 1,
      default: [200, 200, 50],
    }),
    design: option.choice({
      description: 'Matching: the top level, every level, or every level through a matching branch',
      choices: DUAL_DESIGNS,
      default: 'branching',
    }),
    activation: option.choice({
      description: 'Activation of every level',
      choices: DENSE_ACTIVATIONS,
      default: 'tanh',
    }),
    dropout: option.number({
      description: 'Dropout on the input of every level after the first',
      default: 0,
      min: 0,
      max: 1,
      maxExclusive: true,
    }),
    noise: option.number({
      description: 'Input noise: the fraction of history and content entries zeroed in training',
      default: 0,
      min: 0,
      max: 1,
      maxExclusive: true,
    }),
    positiveWeight: option.number({ description: 'a: confidence of an observed pair', default: 1, min: 0 }),
    zeroWeight: option.number({ description: 'b: confidence of an unobserved pair', default: 0.01, min: 0 }),
    l2: option.number({ description: 'L2 on the first layers and the kernels', default: 0, min: 0 }),
  },
  losses: ['squared'],
  output: 'scores',
} as const satisfies NeuralModelSpec;

/** Hyper-parameters of {@link DualNet}. */
export type DualNetOptions = OptionInput<typeof spec.options>;

/** Options of {@link DualNet.fit}: the neural models' (no negatives: every zero of a block is one) and DualNet's own. */
export interface DualNetFitOptions extends Omit<
  NeuralFitOptions,
  'negatives' | 'sampler' | 'popularityExponent' | 'targets' | 'order' | 'batchSize' | 'workers'
> {
  /**
   * The items' content, one row per item index of the training log (items without interactions included: those are
   * the cold items the model recommends from content alone). Required on the first fit; a refit keeps the model's.
   */
  itemFeatures?: SparseFeatures;
  /** Users per dual mini-batch, B_u. Default 256. */
  userBatch?: number;
  /** Items per dual mini-batch, B_v. Default 256. */
  itemBatch?: number;
  /**
   * Layer-wise warm start (§4): before the model trains, networks of one level train this many epochs (matched by
   * the dot product of their outputs), then a level is stacked on them and the two-level networks train as long, and
   * so on up to one level short of `units`; the model then starts from them. Validation and `onEpochEnd` see only the
   * model's own epochs. Default 0 (no warm start).
   */
  warmStartEpochs?: number;
}

/** Options of {@link DualNet.recommendFromHistory}. */
export interface HistoryRecommendOptions {
  /** Leave out the items of the history. Default `true`. */
  excludeSeen?: boolean;
  /** Recommend among these items only (e.g. the new items). Default every item. */
  candidates?: Int32Array;
}

/**
 * Adam's default rate for DualNet, chosen on validation (CiteULike-a, `dualNetSplit` seed 1, blocks of 256 × 256):
 * 1e-3, the other models' default, was unstable there (validation Recall@50 fell from 0.21 to 0.10 within 10 epochs).
 */
const DUALNET_LEARNING_RATE = 3e-4;

const NOT_FOR_DUALNET = ['negatives', 'sampler', 'popularityExponent', 'targets', 'order', 'batchSize'] as const;

/**
 * Collaborative deep embedding with dual networks (Xiong, Lin et al.): a **user network** g(r_i) over the user's
 * history (the binary row of R over the training items) and an **item network** f(x_j) over the item's content (a bag
 * of words, tags, genres), both MLPs with tanh levels, matched level by level (§3, Figure 1) and trained on weighted
 * squared error `Σ c_ij (R_ij − ŷ_ij)²` with confidence a for observed pairs and b for zeros (eq. 4), on dual
 * mini-batches of B_u users × B_v items covering R once per epoch (§4).
 *
 * Because both sides are encoders, nothing is learned per item: an item nobody interacted with (out-of-matrix) is
 * scored from its content, and a user absent at training time from their history ({@link encodeUsers},
 * {@link recommendFromHistory}), without retraining.
 *
 * Assembled from blocks:
 * - first levels as host-side tables: the user network's `W_u1` has a row per training item and a user's first level
 *   is the sum of their items' rows (`ratingVectors`); the item network's `W_v1` a row per feature, an item's first
 *   level the weighted sum of its features' rows (`featureBags`) — never a dense users × items or items × words input;
 * - a {@link DualEncoder} per side for the rest of each network (every level's representation kept);
 * - a {@link DualMatching} for the design (`'basic'`, `'multilevel'`, `'branching'`): each side's levels become one
 *   matching embedding, so a block is one matmul (`blockScores`) and scoring a user against the catalogue too.
 *
 * Departures from the paper, each a documented default: Adam at 3e-4 rather than SGD with momentum (that is
 * `optimizer: 'momentum'`); the loss is the mean over a block's cells rather than the sum (the same minimiser; Adam does not see the
 * scale); no unsupervised pre-training of the item network (§4): both networks start from Glorot-uniform levels and
 * N(0, 0.01²) first layers, or from §4's layer-wise warm start with `warmStartEpochs`. Input noise zeroes entries
 * without rescaling the rest, as §5.3 describes it.
 *
 * @example
 * ```ts
 * const { interactions, content } = await loadCiteULike('citeulike-t/users.dat', { content: 'citeulike-t/mult.dat' });
 * const model = new DualNet({ units: [200, 200, 50], design: 'branching' });
 * await model.fit(train, { itemFeatures: content, epochs: 10, userBatch: 256, itemBatch: 512 });
 * await model.recommend(0, 50, { candidates: coldItems }); // among items nobody has seen
 * ```
 */
export class DualNet extends NeuralRecommender<typeof spec.options, DualBlockBatch> {
  static readonly spec = spec;
  private features: SparseFeatures | undefined;
  private blockSizes: { userBatch?: number; itemBatch?: number } = {};
  private userFirst!: SparseTable;
  private itemFirst!: SparseTable;
  private userNetwork!: DualEncoder;
  private itemNetwork!: DualEncoder;
  private matching!: DualMatching;
  /** The training log whose rows are the users' histories (the reference items of the user network). */
  private histories!: Interactions;
  private readonly loss_ = new WeightedSquaredError();

  /** The item features the model reads (one row per item index). */
  get itemFeatures(): SparseFeatures {
    if (!this.features) throw new Error('dualnet: the model has no item features yet: fit it first');
    return this.features;
  }

  override async fit(train: Interactions, options: DualNetFitOptions = {}): Promise<NeuralFitReport> {
    const { itemFeatures, userBatch, itemBatch, warmStartEpochs = 0, ...rest } = options;
    for (const key of NOT_FOR_DUALNET) {
      if ((rest as Record<string, unknown>)[key] !== undefined) {
        throw new RangeError(
          `dualnet.fit: option "${key}" does not apply: DualNet trains on dual mini-batches of userBatch × itemBatch ` +
            'cells, every zero of a block a negative',
        );
      }
    }
    if ((rest as { workers?: unknown }).workers !== undefined) {
      // A worker rebuilds a model from its options and log; DualNet's item features and warm start are neither.
      throw new RangeError('dualnet.fit: option "workers" does not apply: DualNet trains on one thread');
    }
    for (const [key, value] of [
      ['userBatch', userBatch],
      ['itemBatch', itemBatch],
    ] as const) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
        throw new RangeError(`dualnet.fit: option "${key}" must be a positive integer, got ${describeValue(value)}`);
      }
    }
    if (!(Number.isInteger(warmStartEpochs) && warmStartEpochs >= 0)) {
      throw new RangeError(
        `dualnet.fit: option "warmStartEpochs" must be a non-negative integer, got ${describeValue(warmStartEpochs)}`,
      );
    }
    const features = itemFeatures ?? this.features;
    if (!features) {
      throw new TypeError(
        'dualnet.fit: option "itemFeatures" is required: the item network encodes items from content',
      );
    }
    checkFeatureRows(features, train.numItems, 'dualnet.fit');
    this.features = features;
    this.blockSizes = { userBatch, itemBatch };
    const fitOptions: NeuralFitOptions = {
      ...(rest as NeuralFitOptions),
      learningRate: rest.learningRate ?? DUALNET_LEARNING_RATE,
    };
    if (warmStartEpochs > 0 && this.options.units.length > 1) await this.warmStart(train, fitOptions, warmStartEpochs);
    return super.fit(train, fitOptions);
  }

  /**
   * §4's layer-wise refinement: networks of one level train first, matched by the dot product of their outputs; then
   * a level is stacked on top and the two-level networks train from there, and so on. This model is then built and
   * starts from the deepest of them (its top level and matching branches from their initialisers), `initialized` so
   * that `fit` trains on from there instead of rebuilding.
   */
  private async warmStart(train: Interactions, options: NeuralFitOptions, epochs: number): Promise<void> {
    const { units } = this.options;
    const seed = options.seed ?? 42;
    const stage: DualNetFitOptions = {
      ...options,
      ...this.blockSizes,
      epochs,
      validation: undefined, // the stages train a fixed number of epochs; validation picks the model's own
      validationNegatives: undefined,
      monitor: undefined,
      patience: undefined,
      onEpochEnd: undefined,
    };
    let previous: DualNet | undefined;
    try {
      for (let depth = 1; depth < units.length; depth++) {
        options.log?.(
          `dualnet: warm start ${depth}/${units.length - 1}: networks of ${depth} level${depth > 1 ? 's' : ''} ` +
            `[${units.slice(0, depth).join(', ')}], ${epochs} epoch${epochs > 1 ? 's' : ''}`,
        );
        const shallow = new DualNet({ ...this.options, units: units.slice(0, depth), design: 'basic' });
        shallow.features = this.features;
        shallow.blockSizes = this.blockSizes;
        if (previous) {
          shallow.build(train, seed);
          shallow.stackOn(previous);
          shallow.initialized = true;
        }
        await shallow.fit(train, stage);

        previous?.dispose();
        previous = shallow;
      }
      this.build(train, seed);
      this.stackOn(previous!);
      this.initialized = true;
    } finally {
      previous?.dispose();
    }
  }

  /** Copies a shallower DualNet's first layers and levels into this one's lower levels; the rest keep their values. */
  private stackOn(shallow: DualNet): void {
    this.copyFrom(shallow, ['user_first', 'item_first']);
    for (const [name, network] of [
      ['user_network', this.userNetwork],
      ['item_network', this.itemNetwork],
    ] as const) {
      const learned = shallow.blockWeights(name); // bias_0, then kernel_l, bias_l of its levels: a prefix of ours
      tf.tidy(() =>
        network.setWeights(
          network.getWeights().map((w, k) => (k < learned.length ? tf.tensor(learned[k]!, w.shape) : w)),
        ),
      );
    }
  }

  protected define(train: Interactions): void {
    const { units, activation, dropout, l2, design } = this.options;
    const features = this.itemFeatures;
    checkFeatureRows(features, train.numItems, 'dualnet');
    this.histories = train;
    this.userFirst = this.table('user_first', train.numItems, units[0]!, { l2 });
    this.itemFirst = this.table('item_first', features.numFeatures, units[0]!, { l2 });
    this.userNetwork = this.block('user_network', new DualEncoder({ units, activation, dropout, l2 }));
    this.itemNetwork = this.block('item_network', new DualEncoder({ units, activation, dropout, l2 }));
    this.matching = this.block('matching', new DualMatching({ design, branchActivation: activation }));
  }

  forward(ctx: StepContext, { users, items }: Pairs): tf.Tensor {
    // Each distinct user and item encoded once, the embeddings gathered back to the pairs.
    const u = distinctIds(users);
    const i = distinctIds(items);
    const p = this.embed(ctx, 'user', this.userBag(u.ids));
    const q = this.embed(ctx, 'item', featureBags(this.itemFeatures, i.ids));
    return rowDot(gather(p, u.index, ctx), gather(q, i.index, ctx), ctx.tape);
  }

  /**
   * Every user's and item's matching embedding, computed once after training (or loading) and kept until the next
   * training step: evaluation ranks each user against thousands of items, and re-encoding the items for every batch
   * of pairs would cost an item network pass per pair. A cold id (outside the training log's space) scores from an
   * empty history or empty content.
   */
  protected override scoringEmbeddings(): EmbeddingScores {
    return new EmbeddingScores(this.encodeAll('user'), this.encodeAll('item'), this.embeddingSize);
  }

  /** A block's weighted squared error: every cell scored as one matmul, observed pairs at confidence a, zeros at b. */
  override loss(ctx: StepContext, batch: DualBlockBatch): tf.Tensor {
    this.invalidateScoring(); // the weights are about to change

    const { noise, positiveWeight, zeroWeight } = this.options;
    const random = new Random(mixSeeds(ctx.seed ?? 0, 0x6475616c)); // the step's input noise, repeatable
    const p = this.embed(ctx, 'user', withInputNoise(this.userBag(batch.users), noise, random));
    const q = this.embed(ctx, 'item', withInputNoise(featureBags(this.itemFeatures, batch.items), noise, random));
    const block = blockScores(p, q, ctx.tape);
    const cells = ctx.op((x: tf.Tensor2D) => tf.reshape(x, [-1, 1]), block);
    // A plain loop: Float32Array.from with a callback took 7% of an epoch over a block's 65k cells.
    const { targets } = batch;
    const weights = new Float32Array(targets.length);
    for (let k = 0; k < targets.length; k++) weights[k] = targets[k]! > 0 ? positiveWeight : zeroWeight;
    return this.loss_.apply(cells, targets, weights, ctx.tape);
  }

  protected override batches(train: Interactions, options: NeuralFitOptions): BatchSource<DualBlockBatch> {
    const source = dualBlocks(train, this.blockSizes);
    const idleUsers = train.numUsers - source.users.length;
    const idleItems = train.numItems - source.items.length;
    if (idleUsers + idleItems > 0) {
      options.log?.(
        `dualnet: ${idleUsers} users and ${idleItems} items without training rows stay out of the blocks ` +
          '(users are encoded from their histories, items from their content, when scored)',
      );
    }
    return source;
  }

  /** Width of the matching embeddings {@link encodeUsers} and {@link encodeItems} return. */
  get embeddingSize(): number {
    return this.matching.embeddingSize;
  }

  /**
   * Matching embeddings `[histories.length × embeddingSize]` (row-major) of users given by their histories: item indices
   * of the model's item space, e.g. a user who joined after training. A user's score for an item is the dot product of
   * its embedding with the item's ({@link encodeItems}).
   *
   * @throws RangeError naming the history and entry that is not an item index.
   */
  encodeUsers(histories: readonly Int32Array[]): Float32Array {
    const numItems = this.numItems;
    const offsets = new Int32Array(histories.length + 1);
    histories.forEach((history, r) => {
      if (!(history instanceof Int32Array)) {
        throw new TypeError(`dualnet.encodeUsers: history ${r} must be an Int32Array of item indices`);
      }
      const bad = history.findIndex((i) => !(i >= 0 && i < numItems));
      if (bad >= 0) {
        throw new RangeError(
          `dualnet.encodeUsers: entry ${bad} of history ${r} (${history[bad]}) is not an item index in [0, ${numItems})`,
        );
      }
      offsets[r + 1] = offsets[r]! + history.length;
    });
    const ids = new Int32Array(offsets[histories.length]!);
    histories.forEach((history, r) => ids.set(history, offsets[r]!));
    return this.encode('user', { offsets, ids });
  }

  /**
   * Matching embeddings `[features.numRows × embeddingSize]` (row-major) of items given by their content, in the model's
   * feature space (same width and meaning as the features it was trained with): e.g. items added after training.
   *
   * @throws RangeError when the features' width is not the model's.
   */
  encodeItems(features: SparseFeatures): Float32Array {
    if (features.numFeatures !== this.itemFeatures.numFeatures) {
      throw new RangeError(
        `dualnet.encodeItems: the features have ${features.numFeatures} columns, the model's ${this.itemFeatures.numFeatures}`,
      );
    }
    checkFeatureRows(features, features.numRows, 'dualnet.encodeItems');
    const rows = Int32Array.from({ length: features.numRows }, (_, k) => k);
    return this.encode('item', featureBags(features, rows));
  }

  /**
   * The top `k` items for a user given by their history (a user absent at training time), among `candidates` when
   * given; the history's items are left out unless `excludeSeen` is false.
   */
  async recommendFromHistory(
    history: Int32Array,
    k: number,
    options: HistoryRecommendOptions = {},
  ): Promise<Recommendation[]> {
    if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`dualnet.recommendFromHistory: k must be ≥ 1, got ${k}`);
    const { excludeSeen = true, candidates } = options;
    const user = this.encodeUsers([history]);
    const items = candidates ?? Int32Array.from({ length: this.numItems }, (_, i) => i);
    const bad = items.findIndex((i) => !(i >= 0 && i < this.numItems));
    if (bad >= 0) throw new RangeError(`dualnet.recommendFromHistory: candidate ${items[bad]} is not an item index`);
    const seen = new Set(excludeSeen ? history : []);
    const distinct = Int32Array.from(new Set(Array.from(items).filter((i) => !seen.has(i))));
    const embeddings = this.cachedScoring()!.items;
    const size = user.length;
    const top = new TopK(k);
    for (const item of distinct) {
      let score = 0;
      for (let d = 0, at = item * size; d < size; d++) score += user[d]! * embeddings[at + d]!;
      top.offer(item, score);
    }
    return top.result();
  }

  protected override savedData(): Record<string, StoredArray> {
    return itemFeatureArrays(this.itemFeatures);
  }

  protected override restoreData(arrays: Record<string, StoredArray>, expected: Set<string>): void {
    const shape = arrays['features.shape'];
    this.features = itemFeaturesFrom(arrays, shape instanceof Int32Array ? shape[0]! : -1, 'dualnet', expected);
  }

  /** One side's matching embeddings from its first-level bags, on the step's tape. */
  private embed(ctx: StepContext, side: 'user' | 'item', bag: Bag): tf.Tensor2D {
    const table = side === 'user' ? this.userFirst : this.itemFirst;
    const network = side === 'user' ? this.userNetwork : this.itemNetwork;
    const levels = network.forward(ctx.bag(table, bag), ctx);
    if (!this.matching.built) buildFor(this.matching, [...levels, ...levels]);
    return this.matching.embed(side, levels, ctx);
  }

  /** Every user's (or item's) matching embedding, then one row for the empty input (a cold id), row-major. */
  private encodeAll(side: 'user' | 'item'): Float32Array {
    const count = side === 'user' ? this.numUsers : this.numItems;
    const size = this.embeddingSize;
    const out = new Float32Array((count + 1) * size);
    const chunk = 2048;
    for (let start = 0; start <= count; start += chunk) {
      const ids = Int32Array.from({ length: Math.min(chunk, count + 1 - start) }, (_, k) => start + k); // count: cold
      const bag = side === 'user' ? this.userBag(ids) : featureBags(this.itemFeatures, ids);
      out.set(this.encode(side, bag), start * size);
    }
    return out;
  }

  /** Embeddings of bags, scoring mode, as a host array. */
  private encode(side: 'user' | 'item', bag: Bag): Float32Array {
    const out = tf.tidy(() => this.embed(new StepContext(false), side, bag));
    try {
      return Float32Array.from(out.dataSync() as Float32Array);
    } finally {
      out.dispose();
    }
  }

  /** The binary history rows of `users` in the training log. */
  private userBag(users: Int32Array): Bag {
    return ratingVectors(this.histories, 'user', users, { values: 'binary' });
  }
}

/** Rows `index` of `x` (host-side), or `x` itself when `index` is 0, 1, 2, … */
function gather(x: tf.Tensor2D, index: Int32Array, ctx: StepContext): tf.Tensor2D {
  const identity = index.length === x.shape[0] && index.every((k, r) => k === r);
  return identity ? x : takeRows(x, index, ctx.tape);
}

/**
 * DualNet's training options for the command line: the neural models' without those of sampled negatives and of
 * one-dimensional batches, with the dual mini-batch's sizes.
 *
 * @example
 * ```ts
 * registerRecommender({ ...neuralModelEntry(DualNet), fitOptions: dualNetFitOptionSchema() });
 * ```
 */
export function dualNetFitOptionSchema(): OptionSchema {
  const schema = Object.entries(neuralFitOptionSchema(spec.losses)).filter(
    ([key]) => !(NOT_FOR_DUALNET as readonly string[]).includes(key) && key !== 'workers',
  );
  return {
    ...Object.fromEntries(schema),
    learningRate: option.number({
      description: 'Learning rate',
      flag: 'lr',
      min: 0,
      minExclusive: true,
      defaultText: String(DUALNET_LEARNING_RATE),
    }),
    userBatch: option.int({ description: 'Users per dual mini-batch (B_u)', min: 1, defaultText: '256' }),
    itemBatch: option.int({ description: 'Items per dual mini-batch (B_v)', min: 1, defaultText: '256' }),
    warmStartEpochs: option.int({
      description: 'Layer-wise warm start: epochs for the networks of 1, 2, … levels before the full model trains',
      min: 0,
      defaultText: '0',
    }),
  };
}
