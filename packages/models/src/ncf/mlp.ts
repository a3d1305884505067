import type * as tf from '@tensorflow/tfjs-core';
import type { Interactions } from '@recsys/data';
import { concatColumns, MLPTower, PredictionHead } from '@recsys/layers';
import type { Pairs, SparseTable, StepContext } from '@recsys/train';
import type { NeuralModelSpec } from '../model-spec.js';
import { NeuralRecommender } from '../neural/neural-recommender.js';
import { option, type OptionInput } from '../options/option-spec.js';
import { TOWER_OPTIONS, towerSizes } from './ncf-tower.js';

const spec = {
  name: 'mlp',
  description: 'MLP (NCF): concatenated embeddings through a halving ReLU tower',
  options: {
    factors: option.int({ description: 'Predictive factors: the last tower layer', min: 1, defaultText: '8' }),
    ...TOWER_OPTIONS,
  },
  losses: ['log', 'bpr'],
  output: 'logits',
} as const satisfies NeuralModelSpec;

/** Hyper-parameters of {@link MLP}. */
export type MLPOptions = OptionInput<typeof spec.options>;

/**
 * NCF's Multi-Layer Perceptron (He et al. 2017, eq. 10): the user and item embeddings are concatenated and passed
 * through a ReLU tower that halves at each layer; a sigmoid head on the last layer (the predictive factors).
 *
 * @example
 * ```ts
 * const mlp = new MLP({ factors: 8 }); // embeddings 16 + 16 → 32 → 16 → 8 → ŷ
 * await mlp.fit(train, { epochs: 20, validation });
 * ```
 */
export class MLP extends NeuralRecommender<typeof spec.options> {
  static readonly spec = spec;
  /** Tower sizes. */
  readonly tower: number[];
  private user!: SparseTable;
  private item!: SparseTable;
  private towerLayer!: MLPTower;
  private head!: PredictionHead;

  constructor(options: MLPOptions = {}) {
    super(options);
    this.tower = towerSizes('mlp', this.options.factors, this.options.layers);
  }

  /** Predictive factors (the last layer). */
  get factors(): number {
    return this.tower[this.tower.length - 1]!;
  }

  protected define({ numUsers, numItems }: Interactions): void {
    const { dropout, l2 } = this.options;
    const size = this.tower[0]! / 2;
    this.user = this.table('mlp_user', numUsers, size, { l2 });
    this.item = this.table('mlp_item', numItems, size, { l2 });
    this.towerLayer = this.block('mlp_tower', new MLPTower({ units: this.tower, dropout, l2 }));
    this.head = this.block('mlp_head', new PredictionHead({ logits: true }));
  }

  /** The last tower layer's output (NeuMF's MLP branch). */
  vector(ctx: StepContext, { users, items }: Pairs): tf.Tensor2D {
    const input = concatColumns([ctx.rows(this.user, users), ctx.rows(this.item, items)], ctx.tape);
    return this.towerLayer.forward(input, ctx);
  }

  forward(ctx: StepContext, pairs: Pairs): tf.Tensor {
    return this.head.forward([this.vector(ctx, pairs)], ctx);
  }
}
