// Your own model, defined the way NCF's are: its options, its blocks, its forward pass. Importing this module
// registers it, so fit/score/recommend/save/load/evaluate and the `recsys` command (with --import) all know it.
import { concatColumns, MLPTower, PredictionHead } from '@recsys/layers';
import { NeuralRecommender, neuralModelEntry, option, registerRecommender } from '@recsys/models';

/** concat(user embedding, item embedding) → an MLP tower → one logit. */
export class TwoTowerMLP extends NeuralRecommender {
  static spec = {
    name: 'two-tower-mlp',
    description: 'Example: user and item embeddings, concatenated, through an MLP tower',
    options: {
      dim: option.int({ description: 'Embedding size', default: 16, min: 1 }),
      units: option.ints({ description: 'Tower sizes', default: [32, 8], min: 1 }),
      dropout: option.number({
        description: 'Dropout on tower inputs',
        default: 0,
        min: 0,
        max: 1,
        maxExclusive: true,
      }),
    },
    losses: ['log', 'bpr'],
    output: 'logits',
  };

  define({ numUsers, numItems }) {
    const { dim, units, dropout } = this.options;
    this.users = this.table('users', numUsers, dim);
    this.items = this.table('items', numItems, dim);
    this.tower = this.block('tower', new MLPTower({ units, dropout }));
    this.head = this.block('head', new PredictionHead({ logits: true }));
  }

  forward(ctx, { users, items }) {
    const x = concatColumns([ctx.rows(this.users, users), ctx.rows(this.items, items)], ctx.tape);
    return this.head.forward([this.tower.forward(x, ctx)], ctx);
  }
}

registerRecommender(neuralModelEntry(TwoTowerMLP));
