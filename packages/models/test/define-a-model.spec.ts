import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { holdout, Interactions, leaveOneOut, synthetic } from '@recsys/data';
import { concatColumns, MLPTower, PredictionHead } from '@recsys/layers';
import type { Pairs, SparseTable, StepContext } from '@recsys/train';
import { describe, expect, it } from 'vitest';
import {
  BPRMF,
  createRecommender,
  GMF,
  holdoutValidation,
  loadRecommender,
  MLP,
  NeuMF,
  neuralModelEntry,
  NeuralRecommender,
  option,
  registerRecommender,
  type NeuralModelSpec,
} from '../src/index.js';

const { interactions } = synthetic({ users: 60, items: 90, interactionsPerUser: 12, seed: 3 });
const { train } = leaveOneOut(interactions);
const quiet = { progress: false as const, backend: 'cpu' as const };

// A user's own model: its options, its blocks, its forward pass; nothing else.
const towerSpec = {
  name: 'two-tower-mlp',
  description: 'concat(user, item) → MLP → sigmoid',
  options: { dim: option.int({ description: 'Embedding size', default: 8, min: 1 }) },
  losses: ['log', 'bpr'],
  output: 'logits',
} as const satisfies NeuralModelSpec;

class TwoTowerMLP extends NeuralRecommender<typeof towerSpec.options> {
  static readonly spec = towerSpec;
  private users!: SparseTable;
  private items!: SparseTable;
  private tower!: MLPTower;
  private head!: PredictionHead;

  protected define({ numUsers, numItems }: Interactions) {
    this.users = this.table('users', numUsers, this.options.dim);
    this.items = this.table('items', numItems, this.options.dim);
    this.tower = this.block('tower', new MLPTower({ units: [16, 8] }));
    this.head = this.block('head', new PredictionHead({ logits: true }));
  }

  forward(ctx: StepContext, { users, items }: Pairs) {
    const x = concatColumns([ctx.rows(this.users, users), ctx.rows(this.items, items)], ctx.tape);
    return this.head.forward([this.tower.forward(x, ctx)], ctx);
  }
}

/** The same model written wrongly: a plain tf.concat cuts the graph. */
class Careless extends TwoTowerMLP {
  override forward(ctx: StepContext, { users, items }: Pairs) {
    const x = tf.concat([ctx.rows(this['users'], users), ctx.rows(this['items'], items)], 1) as tf.Tensor2D;
    return this['head'].forward([this['tower'].forward(x, ctx)], ctx);
  }
}

describe('a model defined in a few lines', () => {
  it('gets fit, score, recommend, save, load and the registry', async () => {
    registerRecommender(neuralModelEntry(TwoTowerMLP));
    const model = createRecommender('two-tower-mlp', { dim: 4 }) as TwoTowerMLP;
    const report = await model.fit(train, { ...quiet, epochs: 3, learningRate: 0.01 });
    expect(report.history.epochs[2]!.loss).toBeLessThan(report.history.epochs[0]!.loss);
    expect(model.denseWeights().map((w) => w.name)).toEqual([
      'tower/kernel_0',
      'tower/bias_0',
      'tower/kernel_1',
      'tower/bias_1',
      'head/kernel',
      'head/bias',
    ]);
    const dir = join(mkdtempSync(join(tmpdir(), 'recsys-custom-')), 'model');
    await model.save(dir);
    const loaded = await loadRecommender(dir);
    const pairs = [Int32Array.of(0, 1, 2), Int32Array.of(3, 4, 5)] as const;
    expect(await loaded.score(...pairs)).toEqual(await model.score(...pairs));
    expect(await loaded.recommend(1, 5)).toEqual(await model.recommend(1, 5));
    expect(() => createRecommender('two-tower-mlp', { factors: 4 })).toThrow(
      'two-tower-mlp has no option "factors" (its options: dim)',
    );
  });

  it('fails loudly, naming the tables, when a plain tf op cuts the graph, and is left unfitted', async () => {
    const careless = new Careless();
    await expect(careless.fit(train, { ...quiet, epochs: 1 })).rejects.toThrow(
      /epoch 1, batch 1\/\d+: step 1: no gradient reached table "users", table "items".*ctx\.op/,
    );
    expect(careless.fitted).toBe(false);
    await expect(careless.score(Int32Array.of(0), Int32Array.of(0))).rejects.toThrow(/not fitted/);
  });

  it('seeds blocks by name: a table starts the same in every model that declares it', async () => {
    const options = { ...quiet, epochs: 1, seed: 9, learningRate: 1e-12 };
    const gmf = new GMF({ factors: 4 });
    const neumf = new NeuMF({ factors: 4 });
    await gmf.fit(train, options);
    await neumf.fit(train, options);
    const table = (model: NeuralRecommender, name: string) => model.tables.find((t) => t.name === name)!.data;
    // A rate of 1e-12 moves values by ~1e-12: the tables are still their initial draws.
    const maxDiff = (a: Float32Array, b: Float32Array) => Math.max(...a.map((v, k) => Math.abs(v - b[k]!)));
    expect(maxDiff(table(neumf, 'gmf_user'), table(gmf, 'gmf_user'))).toBeLessThan(1e-9);
    expect(maxDiff(table(neumf, 'gmf_item'), table(gmf, 'gmf_item'))).toBeLessThan(1e-9);
    expect(maxDiff(table(neumf, 'mlp_user').subarray(0, 4), table(gmf, 'gmf_user').subarray(0, 4))).toBeGreaterThan(
      1e-4,
    );
  });
});

describe('fit options reach every model and are checked', () => {
  const ratings = Interactions.fromColumns(
    { users: train.users, items: train.items, values: Float32Array.from(train.users, (u) => 1 + (u % 5)) },
    train.sameSpace(),
  );

  it('popularity negatives and rating targets train', async () => {
    const model = new GMF({ factors: 4 });
    const report = await model.fit(ratings, {
      ...quiet,
      epochs: 2,
      sampler: 'popularity',
      popularityExponent: 0.5,
      targets: 'rating',
    });
    expect(report.history.epochs).toHaveLength(2);
    expect(report.loss).toBe('log');
  });

  it('validation is pluggable: holdout Recall@M picks the epoch', async () => {
    const { train: kept, test: heldOut } = holdout(train, { ratio: 0.2, seed: 4 });
    const report = await new GMF({ factors: 4 }).fit(kept, {
      ...quiet,
      epochs: 3,
      validation: holdoutValidation(kept, heldOut, { m: 20 }),
    });
    const recalls = report.history.epochs.map((e) => e.validation!['recall']!);
    expect(recalls.every((r) => r >= 0 && r <= 1)).toBe(true);
    expect(report.history.bestEpoch).toBe(recalls.indexOf(Math.max(...recalls)) + 1);
    await expect(
      new GMF().fit(kept, { ...quiet, epochs: 1, validation: holdoutValidation(kept, heldOut), k: 5 }),
    ).rejects.toThrow(/validationNegatives and k apply to validation interactions only/);
  });

  it('GMF trains with BPR too, and BPR-MF with log loss', async () => {
    const gmf = await new GMF({ factors: 4 }).fit(train, { ...quiet, epochs: 2, loss: 'bpr', learningRate: 0.01 });
    expect(gmf.history.epochs[0]!.samples).toBe(2 * train.size);
    expect(gmf.history.epochs[1]!.loss).toBeLessThan(gmf.history.epochs[0]!.loss);
    const bpr = await new BPRMF({ factors: 4 }).fit(train, { ...quiet, epochs: 2, loss: 'log', learningRate: 0.01 });
    expect(bpr.loss).toBe('log');
    expect(bpr.history.epochs[0]!.samples).toBe(5 * train.size); // each positive with 4 negatives
    expect(bpr.history.epochs[1]!.loss).toBeLessThan(bpr.history.epochs[0]!.loss);
  });

  it('an option that does not apply is an error, not ignored', async () => {
    const fit = (options: Parameters<GMF['fit']>[1]) => new GMF().fit(train, { ...quiet, epochs: 1, ...options });
    await expect(fit({ loss: 'nce' })).rejects.toThrow('gmf trains with log or bpr loss, not "nce"');
    await expect(fit({ popularityExponent: 0.5 })).rejects.toThrow(
      /popularityExponent applies with sampler 'popularity'/,
    );
    const implicit = Interactions.fromColumns({ users: train.users, items: train.items }, train.sameSpace());
    await expect(new GMF().fit(implicit, { ...quiet, targets: 'rating' })).rejects.toThrow(/no value column/);
    await expect(fit({ loss: 'bpr', targets: 'rating' })).rejects.toThrow(/targets apply to a pointwise loss only/);
    await expect(fit({ patience: 2 })).rejects.toThrow(/patience applies with validation only/);
    await expect(fit({ negatives: -1 })).rejects.toThrow(/option "negatives" must be an integer ≥ 0, got -1/);
    await expect(fit({ factors: 16 } as never)).rejects.toThrow(
      'gmf.fit has no option "factors": it is a hyper-parameter, give it to the constructor',
    );
    expect(() => new GMF({ layers: [8] } as never)).toThrow('gmf has no option "layers" (its options: factors, l2)');
    expect(() => new MLP({ factors: 4, layers: [16, 8] })).toThrow(/factors 4 disagree with layers \[16, 8\]/);
    expect(() => new MLP({ layers: [7, 3] })).toThrow(/must be even/);
  });
});
