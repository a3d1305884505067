import type * as tf from '@tensorflow/tfjs-core';
import { behaviourViews, type BehaviourViews, type Interactions } from '@recsys/data';
import { concatColumns, MultiBranchMLP, multiply, PredictionHead } from '@recsys/layers';
import {
  SupportiveNegatives,
  UniformNegatives,
  type BatchSource,
  type Loss,
  type PairBatch,
  type Pairs,
  type SparseTable,
  type StepContext,
  type TripleBatch,
} from '@recsys/train';
import type { NeuralModelSpec } from '../model-spec.js';
import { neuralFitOptionSchema, type NeuralFitOptions } from '../neural/neural-fit-options.js';
import { NeuralRecommender } from '../neural/neural-recommender.js';
import { option, type OptionInput, type OptionSchema } from '../options/option-spec.js';
import { TOWER_OPTIONS, towerSizes } from '../ncf/ncf-tower.js';

/** Negatives per purchase by default: the paper's best ratio (Table 3, ng-3). */
const MULTI_FEEDBACK_NEGATIVES = 3;

const spec = {
  name: 'multi-feedback',
  description: 'Multiple implicit feedback (MF + multi-branch MLP, one branch per behaviour) for a target behaviour',
  options: {
    factors: option.int({ description: 'MF embedding size (and the branch tower default)', default: 8, min: 1 }),
    ...TOWER_OPTIONS,
    target: option.string({ description: 'The behaviour to predict (e.g. buy)', default: 'buy' }),
    supportive: option.strings({
      description: 'Supportive behaviours, one branch each',
      defaultText: 'every other behaviour of the log',
    }),
    negativeSampler: option.choice({
      description: "A target row's negatives: among the user's supportive-only items, or uniform",
      choices: ['supportive', 'uniform'] as const,
      default: 'supportive',
    }),
    supportiveShare: option.number({
      description: 'Share of negatives drawn from supportive-only items (the rest uniform)',
      default: 1,
      min: 0,
      max: 1,
    }),
  },
  losses: ['bpr', 'log'],
  output: 'logits',
} as const satisfies NeuralModelSpec;

/** Hyper-parameters of {@link MultiFeedbackNCF}. */
export type MultiFeedbackNCFOptions = OptionInput<typeof spec.options>;

/**
 * Recommendation from multiple implicit feedback (the Alibaba/Taobao paper): predicts a **target** behaviour
 * (purchases) from it and from **supportive** ones (views, carts, favourites).
 *
 * Assembled from blocks, as Figure 2:
 * - an MF part: `p_uᴹᶠ ⊙ q_iᴹᶠ` (eq. 5), embeddings of `factors`;
 * - an M-MLP part ({@link MultiBranchMLP}, eq. 2–4): one ReLU branch per behaviour over `[p_uᴹᴸᴾ ⊕ q_iᴹᴸᴾ]`
 *   (embeddings of half the tower's first width, as NCF's MLP), fused by a dense layer. The target branch trains on
 *   every pair; a supportive branch only on pairs that have its behaviour (§3.3);
 * - a head over `[MF ⊕ M-MLP]` (eq. 7), as NeuMF's.
 *
 * Training (`fit` on a log with a behaviours column, e.g. `loadTaobao`'s): the positives are the target rows; each
 * gets `negatives` (default 3, the paper's best) sampled by {@link SupportiveNegatives} — items the user only touched
 * through supportive behaviours, uniform when there are none — or uniformly with `negativeSampler: 'uniform'`; the
 * loss is BPR, as the paper (log loss as an option). Supportive rows are never positives.
 *
 * @example
 * ```ts
 * const { interactions } = await loadTaobao('UserBehavior.csv');
 * const { train, test } = targetLeaveOneOut(interactions, { target: 'buy' });
 * const model = new MultiFeedbackNCF({ factors: 8, target: 'buy', supportive: ['pv', 'cart', 'fav'] });
 * await model.fit(train, { epochs: 10 });
 * ```
 */
export class MultiFeedbackNCF extends NeuralRecommender<typeof spec.options, PairBatch | TripleBatch> {
  static readonly spec = spec;
  /** Branch tower sizes. */
  readonly tower: number[];
  private mfUser!: SparseTable;
  private mfItem!: SparseTable;
  private mlpUser!: SparseTable;
  private mlpItem!: SparseTable;
  private branches!: MultiBranchMLP;
  private head!: PredictionHead;
  /** The target and supportive views of the log being trained on (absent on a loaded model until it is fit). */
  private views: BehaviourViews | undefined;
  private lastSampler: SupportiveNegatives | undefined;

  constructor(options: MultiFeedbackNCFOptions = {}) {
    super(options);
    const { factors, layers, target, supportive } = this.options;
    this.tower = towerSizes('multi-feedback', layers ? undefined : factors, layers);
    if (supportive?.includes(target)) {
      throw new RangeError(`multi-feedback: "${target}" is the target behaviour and cannot also be supportive`);
    }
  }

  /** Supportive behaviours, one branch each: the option, else every other behaviour of the log trained on. */
  get supportive(): readonly string[] {
    const given = this.options.supportive;
    if (given) return given;
    if (this.views) return this.views.supportive;
    throw new Error('multi-feedback: the supportive behaviours are known once the model is fit (or give them)');
  }

  /** How many negatives came from supportive-only items and how many were uniform, in the last fit. */
  get negativeDraws(): { supportive: number; uniform: number } | undefined {
    return this.lastSampler ? { ...this.lastSampler.draws } : undefined;
  }

  protected define(train: Interactions): void {
    const { factors, dropout, l2 } = this.options;
    const size = this.tower[0]! / 2;
    this.mfUser = this.table('mf_user', train.numUsers, factors, { l2 });
    this.mfItem = this.table('mf_item', train.numItems, factors, { l2 });
    this.mlpUser = this.table('mlp_user', train.numUsers, size, { l2 });
    this.mlpItem = this.table('mlp_item', train.numItems, size, { l2 });
    this.branches = this.block(
      'branches',
      new MultiBranchMLP({ branches: 1 + this.supportive.length, units: this.tower, dropout, l2 }),
    );
    this.head = this.block('head', new PredictionHead({ logits: true }));
  }

  forward(ctx: StepContext, { users, items }: Pairs): tf.Tensor {
    const mf = multiply(ctx.rows(this.mfUser, users), ctx.rows(this.mfItem, items), ctx.tape) as tf.Tensor2D;
    const x = concatColumns([ctx.rows(this.mlpUser, users), ctx.rows(this.mlpItem, items)], ctx.tape);
    // In training, a supportive branch learns only from the pairs that have its behaviour (§3.3).
    const views = this.views;
    const gradientMasks =
      ctx.tape && views ? [undefined, ...views.supportiveLogs.map((log) => has(log, users, items))] : undefined;
    const mlp = this.branches.forward(x, { tape: ctx.tape, training: ctx.training, seed: ctx.seed, gradientMasks });
    return this.head.forward([mf, mlp], ctx);
  }

  override async fit(train: Interactions, options: NeuralFitOptions = {}) {
    if (options.sampler !== undefined || options.popularityExponent !== undefined) {
      throw new RangeError(
        'multi-feedback.fit: the negatives follow the model\'s "negativeSampler" option (supportive or uniform), ' +
          'not the fit option "sampler"',
      );
    }
    this.views = this.viewsOf(train);
    return super.fit(train, options);
  }

  /** Triples (or pairs, for the log loss) of the target rows, with negatives from the model's sampler. */
  protected override batches(
    train: Interactions,
    options: NeuralFitOptions,
    loss: Loss,
  ): BatchSource<PairBatch | TripleBatch> {
    const views = (this.views ??= this.viewsOf(train));
    const { negativeSampler, supportiveShare } = this.options;
    const supportive =
      negativeSampler === 'supportive'
        ? new SupportiveNegatives(views.targetLog, views.supportiveLogs, { share: supportiveShare })
        : undefined;
    this.lastSampler = supportive;
    if (supportive) {
      options.log?.(
        `multi-feedback: ${supportive.usersWithSupportive} of ${views.targetLog.numUsers} users have items they only ` +
          `${views.supportive.join('/')}: their "${views.target}" negatives come from those items` +
          (supportiveShare < 1 ? ` (share ${supportiveShare}; the rest uniform)` : "; the others' are uniform"),
      );
    }
    const sampler = supportive ?? new UniformNegatives(views.targetLog);
    const negatives = options.negatives ?? MULTI_FEEDBACK_NEGATIVES;
    return super.batches(views.targetLog, { ...options, negatives, sampler }, loss);
  }

  /**
   * Validation interactions are target rows held out: they must not repeat a training purchase, but their item may
   * have been viewed or carted before (those rows stay in training), so they are checked against the target rows.
   */
  protected override validationTrain(train: Interactions): Interactions {
    return (this.views ??= this.viewsOf(train)).targetLog;
  }

  /**
   * After fitting, the model keeps the target rows as its training log: what it recommends and is evaluated on is the
   * target behaviour, so only target items count as seen (an item the user viewed is still a candidate purchase), and
   * a saved model keeps them.
   */
  protected override keptTrainingLog(fitted: Interactions): Interactions {
    return this.validationTrain(fitted);
  }

  /** The hyper-parameters saved with the model: the supportive behaviours as resolved (a loaded model has their branches). */
  protected override config() {
    return { ...super.config(), supportive: [...this.supportive] };
  }

  private viewsOf(train: Interactions): BehaviourViews {
    const { target, supportive } = this.options;
    return behaviourViews(train, { target, supportive });
  }
}

/** 1 where (users[k], items[k]) is a row of `log`, else 0. */
function has(log: Interactions, users: Int32Array, items: Int32Array): Float32Array {
  const out = new Float32Array(users.length);
  for (let k = 0; k < users.length; k++) out[k] = log.has(users[k]!, items[k]!) ? 1 : 0;
  return out;
}

/**
 * The multi-feedback model's training options for the command line: the neural models' without the sampler (the
 * model's `negativeSampler` decides), with its default of 3 negatives per target row in the help.
 *
 * @example
 * ```ts
 * registerRecommender({ ...neuralModelEntry(MultiFeedbackNCF), fitOptions: multiFeedbackFitOptionSchema() });
 * ```
 */
export function multiFeedbackFitOptionSchema(): OptionSchema {
  const { sampler: _sampler, popularityExponent: _exponent, ...rest } = neuralFitOptionSchema(spec.losses);
  return {
    ...rest,
    negatives: option.int({
      description: 'Sampled negatives per target row, re-drawn each epoch',
      min: 1,
      defaultText: String(MULTI_FEEDBACK_NEGATIVES),
    }),
  };
}
