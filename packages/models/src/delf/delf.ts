import * as tf from '@tensorflow/tfjs-core';
import { refuseUnknownOptions, type Interactions } from '@recsys/data';
import {
  AttentivePooling,
  concatColumns,
  empiricalFusionWeights,
  FusionHead,
  halvingTower,
  MLPTower,
  PairwiseTowers,
  takeRows,
} from '@recsys/layers';
import { paddingMask, RecentHistories, type Pairs, type SparseTable, type StepContext } from '@recsys/train';
import type { NeuralModelSpec } from '../model-spec.js';
import type { MLP } from '../ncf/mlp.js';
import { distinctIds } from '../neural/distinct-ids.js';
import { NeuralRecommender } from '../neural/neural-recommender.js';
import { option, type OptionInput } from '../options/option-spec.js';

const spec = {
  name: 'delf',
  description: 'DELF (Cheng et al. 2018): dual embeddings, attentive NSVD, four pairwise towers, MLP or EF fusion',
  options: {
    factors: option.int({ description: 'Predictive factors: the towers’ last layer and h_f', default: 32, min: 1 }),
    layers: option.ints({ description: 'Tower sizes (each pairwise tower)', min: 1, defaultText: '4F,2F,F' }),
    dim: option.int({ description: 'Embedding size of the four tables', min: 1, defaultText: 'factors' }),
    fusion: option.choice({
      description: 'Fusion: MLP (eq. 16–17) or empirical by interaction counts (eq. 18–19)',
      choices: ['mlp', 'ef'] as const,
      default: 'mlp',
    }),
    variant: option.choice({
      description: 'Ablation: full; ni (one tower, no pairwise layers); na (averages, no attention)',
      choices: ['full', 'ni', 'na'] as const,
      default: 'full',
    }),
    attention: option.choice({
      description: "Attention: the paper's (eq. 10–11) or the authors' code (MLP scores, √-normalised softmax)",
      choices: ['paper', 'code'] as const,
      default: 'paper',
    }),
    historyCap: option.int({
      description: 'Most recent interactions a history keeps (0: all)',
      default: 50,
      min: 0,
    }),
    lambdaUser: option.number({ description: 'λ_u of the EF fusion', default: 10, min: 0, minExclusive: true }),
    lambdaItem: option.number({ description: 'λ_i of the EF fusion', default: 10, min: 0, minExclusive: true }),
    dropout: option.number({
      description: 'Dropout on each tower input',
      default: 0,
      min: 0,
      max: 1,
      maxExclusive: true,
    }),
    l2: option.number({ description: 'L2 on the embeddings and tower kernels', default: 0, min: 0 }),
  },
  losses: ['log', 'bpr'],
  output: 'logits',
} as const satisfies NeuralModelSpec;

/** Hyper-parameters of {@link DELF}. */
export type DELFOptions = OptionInput<typeof spec.options>;

/** One side's embeddings of a batch: primitive, NSVD (attended history), and the history's full length. */
interface Side {
  primitive: tf.Tensor2D;
  nsvd: tf.Tensor2D;
  counts: Int32Array;
}

/**
 * DELF, the Dual-Embedding based deep Latent Factor model (Cheng et al., IJCAI 2018): every user has a primitive
 * embedding `p_u` and an item-based one `m_u` (attention over the items it interacted with, NSVD-style, eq. 9–11);
 * every item a primitive `q_i` and a user-based `n_i` (eq. 12). Four pairwise towers model `p⊕n`, `p⊕q`, `m⊕n`,
 * `m⊕q` (eq. 13–15) and a fusion head combines them (MLP, eq. 16–17, or empirical by interaction counts, eq. 18–19).
 *
 * Assembled from blocks: four tables (`user`, `item`, `user_nsvd`, `item_nsvd`), two {@link AttentivePooling}s over
 * {@link RecentHistories}, one {@link PairwiseTowers}, one {@link FusionHead}.
 *
 * - Histories keep the `historyCap` most recent interactions (default 50; 0 keeps all): a step's cost grows with the
 *   cap, never with the number of users or items.
 * - In training the scored pair is left out of both histories (the item out of the user's, the user out of the
 *   item's) and out of the EF counts: otherwise a positive is in its own input.
 * - Ablations (the paper's §4.3): `variant: 'ni'` replaces the four towers by one over `p⊕q⊕m⊕n` with the same
 *   layers; `'na'` replaces attention by averages.
 * - `attention: 'code'` follows the authors' code instead of the paper: scores from a ReLU MLP (64 → 1) of each entry,
 *   no context vector, and `α_j = e^{s_j}/√Σe^{s_k}`. The code also keeps the target in its history, uses two layers
 *   per tower and clips gradients to ±0.1; those are not offered (see docs/delf.md).
 * - {@link DELF.fromPretrained} starts the primitive embeddings from a trained NCF MLP (§3.2).
 *
 * @example
 * ```ts
 * const delf = new DELF({ factors: 32 }); // DELF-MLP: towers 128 → 64 → 32, embeddings 32
 * await delf.fit(train, { epochs: 20, validation }); // log loss, 4 negatives, Adam 1e-3
 * const ef = new DELF({ fusion: 'ef', lambdaUser: 5, lambdaItem: 5 });
 * ```
 */
export class DELF extends NeuralRecommender<typeof spec.options> {
  static readonly spec = spec;
  /** Tower sizes. */
  readonly tower: number[];
  /** Embedding size. */
  readonly dim: number;
  private user!: SparseTable;
  private item!: SparseTable;
  private userNsvd!: SparseTable;
  private itemNsvd!: SparseTable;
  private itemsOfUser!: RecentHistories;
  private usersOfItem!: RecentHistories;
  private userAttention!: AttentivePooling;
  private itemAttention!: AttentivePooling;
  private towers: PairwiseTowers | undefined;
  private unified: MLPTower | undefined;
  private head!: FusionHead;

  constructor(options: DELFOptions = {}) {
    super(options);
    const { factors, layers, dim, variant, fusion } = this.options;
    if (layers && options.factors !== undefined && layers[layers.length - 1] !== factors) {
      throw new RangeError(
        `delf: factors ${factors} disagree with layers [${layers.join(', ')}] (the last is the factors)`,
      );
    }
    if (variant === 'ni' && fusion === 'ef') {
      throw new RangeError(
        "delf: variant 'ni' has no pairwise representations for the empirical fusion: use fusion 'mlp'",
      );
    }
    this.tower = layers ?? halvingTower(factors);
    this.dim = dim ?? this.tower[this.tower.length - 1]!;
  }

  protected define(train: Interactions): void {
    const { l2, dropout, variant, attention, fusion } = this.options;
    this.user = this.table('user', train.numUsers, this.dim, { l2 });
    this.item = this.table('item', train.numItems, this.dim, { l2 });
    this.userNsvd = this.table('user_nsvd', train.numUsers, this.dim, { l2 });
    this.itemNsvd = this.table('item_nsvd', train.numItems, this.dim, { l2 });
    this.itemsOfUser = new RecentHistories(train, 'user');
    this.usersOfItem = new RecentHistories(train, 'item');
    const pooling = () =>
      new AttentivePooling(
        variant === 'na'
          ? { scoring: 'none', normalization: 'softmax' }
          : attention === 'code'
            ? { scoring: 'mlp', normalization: 'sqrt' }
            : { scoring: 'context', normalization: 'softmax' },
      );
    this.userAttention = this.block('user_attention', pooling());
    this.itemAttention = this.block('item_attention', pooling());
    if (variant === 'ni') {
      this.unified = this.block('tower', new MLPTower({ units: this.tower, dropout, l2 }));
      this.towers = undefined;
    } else {
      this.towers = this.block('towers', new PairwiseTowers({ units: this.tower, dropout, l2 }));
      this.unified = undefined;
    }
    const factors = this.tower[this.tower.length - 1]!;
    this.head = this.block(
      'fusion',
      new FusionHead({ fusion: fusion === 'ef' ? 'empirical' : 'mlp', units: factors, logits: true }),
    );
  }

  forward(ctx: StepContext, { users, items }: Pairs): tf.Tensor {
    if (ctx.training) {
      // The scored pair out of both histories: a positive's item is in its user's history, its user in its item's.
      return this.interact(ctx, this.userSide(ctx, users, items), this.itemSide(ctx, items, users));
    }
    // Scoring: each distinct user's and item's embeddings once, gathered back to the pairs.
    const u = distinctIds(users);
    const i = distinctIds(items);
    const user = gatherSide(this.userSide(ctx, u.ids), u.index);
    const item = gatherSide(this.itemSide(ctx, i.ids), i.index);
    return this.interact(ctx, user, item);
  }

  /** `p_u` and `m_u` of `users`, with `leaveOut[r]` out of row `r`'s history when given. */
  private userSide(ctx: StepContext, users: Int32Array, leaveOut?: Int32Array): Side {
    const history = this.itemsOfUser.padded(users, this.cap, leaveOut);
    const nsvd = this.attend(ctx, this.userAttention, this.itemNsvd, history.ids, users.length, history.length);
    return { primitive: ctx.rows(this.user, users), nsvd, counts: history.counts };
  }

  /** `q_i` and `n_i` of `items`, with `leaveOut[r]` out of row `r`'s history when given. */
  private itemSide(ctx: StepContext, items: Int32Array, leaveOut?: Int32Array): Side {
    const history = this.usersOfItem.padded(items, this.cap, leaveOut);
    const nsvd = this.attend(ctx, this.itemAttention, this.userNsvd, history.ids, items.length, history.length);
    return { primitive: ctx.rows(this.item, items), nsvd, counts: history.counts };
  }

  /** The attentive (or, for DELF-na, averaged) NSVD embedding of padded histories `ids` `[n, length]` of `table`. */
  private attend(
    ctx: StepContext,
    pooling: AttentivePooling,
    table: SparseTable,
    ids: Int32Array,
    n: number,
    length: number,
  ): tf.Tensor2D {
    const shape = [n, length] as const;
    const mask = paddingMask(ids, shape);
    // A batch's histories repeat popular entries: the attention scores each distinct one once, and the weighted sum
    // reads the table directly (no [n, length, dim] tensor).
    const entries = distinctIds(ids, true);
    const alpha =
      pooling.scoring === 'none'
        ? pooling.attention(mask, tf.zeros([0, 1]), entries.index)
        : pooling.attention(mask, ctx.rows(table, entries.ids), entries.index, ctx);
    return ctx.weightedRows(table, ids, shape, alpha);
  }

  private interact(ctx: StepContext, user: Side, item: Side): tf.Tensor2D {
    const inputs = [user.primitive, item.primitive, user.nsvd, item.nsvd];
    if (this.unified) return this.head.forward([this.unified.forward(concatColumns(inputs, ctx.tape), ctx)], ctx);
    const representations = this.towers!.forward(inputs, ctx);
    if (this.options.fusion === 'ef') {
      const { lambdaUser, lambdaItem } = this.options;
      const weights = empiricalFusionWeights(user.counts, item.counts, lambdaUser, lambdaItem);
      representations.push(tf.tensor2d(weights, [user.counts.length, 2]));
    }
    return this.head.forward(representations, ctx);
  }

  private get cap(): number {
    return this.options.historyCap === 0 ? Infinity : this.options.historyCap;
  }

  protected override keptLogColumns(): readonly ('values' | 'order')[] {
    return ['order'];
  }

  /**
   * A DELF whose primitive embeddings start from a trained NCF MLP (DELF §3.2: "we pre-train DELF with MLP to
   * initialize primitive user and item embeddings"); everything else starts as usual. The MLP's embedding size (half
   * its first layer) must be DELF's `dim`. Fit it on the MLP's training log.
   *
   * @example
   * ```ts
   * const mlp = new MLP({ layers: [64, 32, 16] }); // embeddings 32
   * await mlp.fit(train, { validation });
   * const delf = DELF.fromPretrained(mlp, { factors: 32 }); // dim 32
   * await delf.fit(train, { validation });
   * ```
   */
  static fromPretrained(mlp: MLP, options: DELFOptions = {}): DELF {
    refuseUnknownOptions('DELF.fromPretrained', options, Object.keys(spec.options));
    if (!mlp.fitted) throw new Error('DELF.fromPretrained: the MLP must be trained first');
    const delf = new DELF(options);
    const size = mlp.tower[0]! / 2;
    if (size !== delf.dim) {
      throw new RangeError(
        `DELF.fromPretrained: the MLP's embeddings have ${size} values, DELF's dim is ${delf.dim}: give dim ${size} ` +
          `or train the MLP with layers [${2 * delf.dim}, …]`,
      );
    }
    delf.build(mlp.train, 0);
    delf.copyFrom(mlp, [
      ['mlp_user', 'user'],
      ['mlp_item', 'item'],
    ]);
    delf.initialized = true;
    return delf;
  }
}

/** A side's rows `index` (scoring only: no gradient). Host-side: tfjs's wasm GatherV2 is slow at these sizes. */
function gatherSide(side: Side, index: Int32Array): Side {
  const counts = Int32Array.from(index, (k) => side.counts[k]!);
  return { primitive: takeRows(side.primitive, index), nsvd: takeRows(side.nsvd, index), counts };
}
