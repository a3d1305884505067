import { mkdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Interactions, leaveOneOut, synthetic } from '@recsys/data';
import { concatColumns, PredictionHead } from '@recsys/layers';
import { StepProfile, type Pairs, type SparseTable, type StepContext } from '@recsys/train';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BPRMF,
  DELF,
  DMF,
  DualNet,
  GMF,
  MLP,
  MultiFeedbackNCF,
  NeuMF,
  NeuralRecommender,
  option,
  type NeuralModelSpec,
} from '../src/index.js';
import { setParallelWorkerUrl } from '../src/neural/parallel-worker-url.js';

const root = join(__dirname, '..', '..', '..');

/** The slice of esbuild's API used here (esbuild comes with tsup; this package does not depend on it by name). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/**
 * The worker module (src/neural/parallel-worker.ts and the sources it imports) as one .mjs file node runs without a
 * build, written under this package so that tfjs, left out of the bundle, resolves from its node_modules.
 */
async function bundleWorker(): Promise<string> {
  const esbuild = createRequire(realpathSync(join(root, 'node_modules', 'tsup', 'package.json')))('esbuild') as Esbuild;
  const dir = join(__dirname, '..', 'node_modules', '.cache', 'recsys-parallel-test');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `parallel-worker-${process.pid}.mjs`);
  await esbuild.build({
    entryPoints: [join(__dirname, '..', 'src', 'neural', 'parallel-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@tensorflow/*', '@duckdb/*', 'hyparquet', 'hyparquet-compressors'],
    alias: Object.fromEntries(
      ['data', 'eval', 'layers', 'train', 'models'].map((name) => [
        `@recsys/${name}`,
        join(root, 'packages', name, 'src', 'index.ts'),
      ]),
    ),
    logLevel: 'error',
  });
  return outfile;
}

const { interactions } = synthetic({ users: 80, items: 120, interactionsPerUser: 15, seed: 11 });
const { train, test } = leaveOneOut(interactions);
const quiet = { progress: false as const, backend: 'cpu' as const };

beforeAll(async () => {
  setParallelWorkerUrl(pathToFileURL(await bundleWorker()));
}, 120_000);
afterAll(() => setParallelWorkerUrl(undefined));

const mineSpec = {
  name: 'mine-not-registered',
  description: 'concat(user, item) → logit',
  options: { dim: option.int({ description: 'Embedding size', default: 4, min: 1 }) },
  losses: ['log'],
  output: 'logits',
} as const satisfies NeuralModelSpec;

/** A model of the user's own, not in @recsys/models' registry. */
class Mine extends NeuralRecommender<typeof mineSpec.options> {
  static readonly spec = mineSpec;
  private users!: SparseTable;
  private items!: SparseTable;
  private head!: PredictionHead;

  protected define({ numUsers, numItems }: Interactions) {
    this.users = this.table('users', numUsers, this.options.dim);
    this.items = this.table('items', numItems, this.options.dim);
    this.head = this.block('head', new PredictionHead({ logits: true }));
  }

  forward(ctx: StepContext, { users, items }: Pairs) {
    return this.head.forward(
      [concatColumns([ctx.rows(this.users, users), ctx.rows(this.items, items)], ctx.tape)],
      ctx,
    );
  }
}

/** Whether every table of `model` is back in memory of its own (not a SharedArrayBuffer) after a parallel fit. */
function ownMemory(model: NeuralRecommender): boolean {
  return model.tables.every((t) => !(t.data.buffer instanceof SharedArrayBuffer));
}

describe('fit with workers: 2 (Hogwild on worker threads)', () => {
  const makers: [string, () => NeuralRecommender][] = [
    ['gmf', () => new GMF({ factors: 4 })],
    ['mlp', () => new MLP({ factors: 4 })],
    ['neumf', () => new NeuMF({ factors: 4 })],
    ['bprmf', () => new BPRMF({ factors: 4 })],
    ['dmf', () => new DMF({ layers: [16, 8] })],
    ['delf', () => new DELF({ factors: 4, historyCap: 8 })],
  ];

  it.each(makers)('%s: trains every batch of every epoch once, loss falls, scores finite', async (_name, make) => {
    const options = { ...quiet, epochs: 3, batchSize: 64, learningRate: 0.01 };
    const single = make();
    const one = await single.fit(train, options);
    const model = make();
    const report = await model.fit(train, { ...options, workers: 2 });
    const epochs = report.history.epochs;
    expect(epochs).toHaveLength(3);
    // The workers split each epoch: together they saw what one thread sees.
    expect(epochs.map((e) => e.samples)).toEqual(one.history.epochs.map((e) => e.samples));
    expect(epochs[2]!.loss).toBeLessThan(epochs[0]!.loss);
    expect(epochs.every((e) => e.samplesPerSecond > 0 && Number.isFinite(e.stepSeconds))).toBe(true);
    expect(ownMemory(model)).toBe(true);
    const scores = await model.score(Int32Array.of(0, 1, 2, 3), Int32Array.of(5, 6, 7, 8));
    expect(scores.every(Number.isFinite)).toBe(true);
    single.dispose();
    model.dispose();
  });

  it('multi-feedback: the behaviour log reaches the workers', async () => {
    // Every row of the synthetic log gets a behaviour, purchases the rarest.
    const behaviours = Uint8Array.from(train.users, (_, r) => [0, 0, 1, 2, 3][r % 5]!);
    const log = Interactions.fromColumns(
      { users: train.users, items: train.items, behaviours },
      { ...train.sameSpace(), behaviourNames: ['pv', 'cart', 'fav', 'buy'] },
    );
    const options = { ...quiet, epochs: 3, batchSize: 64, learningRate: 0.01 };
    const one = await new MultiFeedbackNCF({ factors: 4 }).fit(log, options);
    const model = new MultiFeedbackNCF({ factors: 4 });
    const report = await model.fit(log, { ...options, workers: 2 });
    const epochs = report.history.epochs;
    expect(epochs.map((e) => e.samples)).toEqual(one.history.epochs.map((e) => e.samples));
    expect(epochs[2]!.loss).toBeLessThan(epochs[0]!.loss);
    expect(ownMemory(model)).toBe(true);
    model.dispose();
  });

  it('validates between epochs on what the workers trained, and restores the best epoch', async () => {
    const model = new MLP({ factors: 4 });
    const report = await model.fit(train, {
      ...quiet,
      epochs: 4,
      batchSize: 64,
      learningRate: 0.01,
      workers: 2,
      validation: test,
      validationNegatives: 20,
    });
    const scores = report.history.epochs.map((e) => e.validation!['ndcg']!);
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(new Set(scores).size).toBeGreaterThan(1); // each epoch validated the model as it then was
    const best = scores.indexOf(Math.max(...scores)) + 1;
    expect(report.history.bestEpoch).toBe(best);
    expect(ownMemory(model)).toBe(true);
    model.dispose();
  });

  it('stops mid-epoch on `stop`, saying where; the model keeps what the workers trained', async () => {
    const big = synthetic({ users: 300, items: 400, interactionsPerUser: 40, seed: 3 }).interactions;
    const model = new GMF({ factors: 4 });
    const stop = new AbortController();
    // A terminal's bar is fed from the workers' progress reports: the first one stops the fit.
    const progress = { isTTY: true, write: () => stop.abort() };
    const report = await model.fit(big, { ...quiet, progress, epochs: 1, batchSize: 8, workers: 2, stop: stop.signal });
    const interrupted = report.history.interrupted;
    expect(interrupted).toBeDefined();
    expect(interrupted!.batch).toBeGreaterThan(0);
    expect(interrupted!.batch).toBeLessThan(interrupted!.batches);
    expect(report.history.epochs).toHaveLength(0);
    expect(ownMemory(model)).toBe(true);
    model.dispose();
  }, 60_000);

  it("fails naming the worker, the epoch and the batch when a worker's step fails", async () => {
    const model = new MLP({ factors: 4 });
    await expect(
      model.fit(train, { ...quiet, epochs: 2, batchSize: 64, learningRate: 1e38, workers: 2 }),
    ).rejects.toThrow(/worker [12]\/2: epoch \d+, batch \d+\/\d+: step \d+: the (loss is|gradient)/);
    expect(model.fitted).toBe(false);
    expect(ownMemory(model)).toBe(true);
    model.dispose();
  });

  it('fails naming the worker when the worker module cannot start', async () => {
    setParallelWorkerUrl(pathToFileURL(join(__dirname, 'no-such-worker.mjs')));
    try {
      const model = new GMF({ factors: 4 });
      await expect(model.fit(train, { ...quiet, epochs: 1, workers: 2 })).rejects.toThrow(/worker [12]\/2 failed/);
      expect(ownMemory(model)).toBe(true);
    } finally {
      setParallelWorkerUrl(pathToFileURL(await bundleWorker()));
    }
  });

  it("fails with a reason for a model the workers' registry does not have (your own)", async () => {
    const model = new Mine();
    await expect(model.fit(train, { ...quiet, epochs: 1, workers: 2 })).rejects.toThrow(
      /"mine-not-registered" is not in it \(a model you registered yourself\): train it with workers 1/,
    );
    expect(ownMemory(model)).toBe(true);
    await model.fit(train, { ...quiet, epochs: 1 }); // one thread trains it
  });

  it('refuses what a worker cannot do, before any thread starts', async () => {
    const model = new GMF({ factors: 4 });
    await expect(model.fit(train, { ...quiet, workers: 0 })).rejects.toThrow(/workers/);
    await expect(model.fit(train, { ...quiet, workers: 2, profile: new StepProfile() })).rejects.toThrow(
      /profile needs the single-thread loop/,
    );
    await expect(new DualNet().fit(train, { ...quiet, workers: 2 } as never)).rejects.toThrow(/workers/);
  });
});
