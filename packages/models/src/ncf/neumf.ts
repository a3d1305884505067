import type * as tf from '@tensorflow/tfjs-core';
import { firstIdConflict, refuseUnknownOptions, type Interactions } from '@recsys/data';
import { concatColumns, MLPTower, multiply, PredictionHead } from '@recsys/layers';
import type { Pairs, SparseTable, StepContext } from '@recsys/train';
import type { NeuralModelSpec } from '../model-spec.js';
import { NeuralRecommender } from '../neural/neural-recommender.js';
import { option, type OptionInput } from '../options/option-spec.js';
import type { GMF } from './gmf.js';
import type { MLP } from './mlp.js';
import { TOWER_OPTIONS, towerSizes } from './ncf-tower.js';

const spec = {
  name: 'neumf',
  description: 'NeuMF (NCF): GMF and MLP branches fused under one head; optionally from pre-trained GMF + MLP',
  options: {
    factors: option.int({ description: 'GMF embedding size (and the MLP tower default)', default: 8, min: 1 }),
    ...TOWER_OPTIONS,
  },
  losses: ['log', 'bpr'],
  output: 'logits',
} as const satisfies NeuralModelSpec;

/** Hyper-parameters of {@link NeuMF}. */
export type NeuMFOptions = OptionInput<typeof spec.options>;

/**
 * Neural Matrix Factorization (NCF, He et al. 2017, eq. 11–12): a GMF branch and an MLP branch with their own
 * embeddings, fused by concatenating the GMF vector with the MLP's last layer under one sigmoid head.
 *
 * Trained from scratch with Adam, or — as the paper recommends — initialised from a pre-trained GMF and MLP with
 * {@link NeuMF.fromPretrained} and then fine-tuned with plain SGD. Its blocks carry GMF's and MLP's names, so
 * pre-training copies them by name.
 *
 * @example
 * ```ts
 * const gmf = new GMF({ factors: 8 });
 * await gmf.fit(train, { validation });
 * const mlp = new MLP({ factors: 8 });
 * await mlp.fit(train, { validation });
 * const neumf = NeuMF.fromPretrained(gmf, mlp, { alpha: 0.5 });
 * await neumf.fit(train, { validation, learningRate: 0.001 }); // SGD by default after pre-training
 * ```
 */
export class NeuMF extends NeuralRecommender<typeof spec.options> {
  static readonly spec = spec;
  /** MLP tower sizes. */
  readonly tower: number[];
  private gmfUser!: SparseTable;
  private gmfItem!: SparseTable;
  private mlpUser!: SparseTable;
  private mlpItem!: SparseTable;
  private towerLayer!: MLPTower;
  private head!: PredictionHead;

  constructor(options: NeuMFOptions = {}) {
    super(options);
    const { factors, layers } = this.options;
    this.tower = towerSizes('neumf', layers ? undefined : factors, layers); // factors is GMF's; layers the MLP's
  }

  protected define({ numUsers, numItems }: Interactions): void {
    const { factors, dropout, l2 } = this.options;
    const size = this.tower[0]! / 2;
    this.gmfUser = this.table('gmf_user', numUsers, factors, { l2 });
    this.gmfItem = this.table('gmf_item', numItems, factors, { l2 });
    this.mlpUser = this.table('mlp_user', numUsers, size, { l2 });
    this.mlpItem = this.table('mlp_item', numItems, size, { l2 });
    this.towerLayer = this.block('mlp_tower', new MLPTower({ units: this.tower, dropout, l2 }));
    this.head = this.block('neumf_head', new PredictionHead({ logits: true }));
  }

  forward(ctx: StepContext, { users, items }: Pairs): tf.Tensor {
    const gmf = multiply(ctx.rows(this.gmfUser, users), ctx.rows(this.gmfItem, items), ctx.tape) as tf.Tensor2D;
    const mlpInput = concatColumns([ctx.rows(this.mlpUser, users), ctx.rows(this.mlpItem, items)], ctx.tape);
    return this.head.forward([gmf, this.towerLayer.forward(mlpInput, ctx)], ctx);
  }

  /**
   * A NeuMF initialised from a trained GMF and MLP (NCF §3.4.1): their embeddings and tower are copied by name, and
   * the head is `h ← [α·h_GMF; (1−α)·h_MLP]` with bias `α·b_GMF + (1−α)·b_MLP`. Its `fit` then defaults to plain
   * SGD: Adam's moments are not part of the pre-trained state. Both models must be trained on the same index space.
   */
  static fromPretrained(gmf: GMF, mlp: MLP, options: { alpha?: number } = {}): NeuMF {
    refuseUnknownOptions('NeuMF.fromPretrained', options, ['alpha']);
    const alpha = options.alpha ?? 0.5;
    if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${alpha}`);
    if (!gmf.fitted || !mlp.fitted) throw new Error('NeuMF.fromPretrained: both GMF and MLP must be trained first');
    if (gmf.numUsers !== mlp.numUsers || gmf.numItems !== mlp.numItems) {
      throw new Error(
        `NeuMF.fromPretrained: GMF (${gmf.numUsers} users × ${gmf.numItems} items) and MLP (${mlp.numUsers} × ${mlp.numItems}) were trained on different data`,
      );
    }
    for (const [what, a, b] of [
      ['user', gmf.userIds, mlp.userIds],
      ['item', gmf.itemIds, mlp.itemIds],
    ] as const) {
      const k = firstIdConflict(a, b);
      if (k >= 0) {
        throw new Error(
          `NeuMF.fromPretrained: GMF and MLP number their ${what}s differently (index ${k} is "${a.raw(k)}" in ` +
            `GMF, "${b.raw(k)}" in MLP): train both on the same file, read the same way`,
        );
      }
    }
    const { dropout, l2 } = mlp.options;
    const neumf = new NeuMF({ factors: gmf.options.factors, layers: mlp.tower, dropout, l2 });
    neumf.build(gmf.train, 0);
    neumf.copyFrom(gmf, ['gmf_user', 'gmf_item']);
    neumf.copyFrom(mlp, ['mlp_user', 'mlp_item', 'mlp_tower']);
    const [hGmf, bGmf] = gmf.blockWeights('gmf_head');
    const [hMlp, bMlp] = mlp.blockWeights('mlp_head');
    neumf.head.setKernelParts(
      [hGmf!.map((v) => alpha * v), hMlp!.map((v) => (1 - alpha) * v)],
      alpha * bGmf![0]! + (1 - alpha) * bMlp![0]!,
    );
    neumf.initialized = true;
    return neumf;
  }

  protected override defaultOptimizer(): 'adam' | 'sgd' {
    return this.initialized ? 'sgd' : 'adam';
  }
}
