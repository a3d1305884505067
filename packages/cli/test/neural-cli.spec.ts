import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthetic } from '@recsys/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeMovieLensFile } from './movielens-file.js';
import { cli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'recsys-neural-cli-'));
const split = join(dir, 'split');

beforeAll(async () => {
  // A small synthetic MovieLens-style file, split by the CLI itself (with validation).
  const { interactions: log } = synthetic({ users: 60, items: 90, interactionsPerUser: 12, seed: 2 });
  writeMovieLensFile(join(dir, 'u.data'), log);
  const result = await cli('split', join(dir, 'u.data'), '--out', split, '--negatives', '20', '--validation');
  expect(result.code, result.err).toBe(0);
});

const quick = ['--epochs', '2', '--batch-size', '128', '--backend', 'cpu'];
/** `recsys evaluate` of a model directory on the split's test file and negatives. */
const evaluateSampled = (modelDir: string, ...more: string[]) =>
  cli(
    'evaluate',
    ...more,
    '--model-dir',
    modelDir,
    '--test',
    join(split, 'test.rating'),
    '--test-negatives',
    join(split, 'test.negative'),
  );

describe('recsys train / evaluate / score / recommend with each neural model', () => {
  const sizes: Record<string, string[]> = {
    dmf: ['--layers', '16,8'],
    delf: ['--factors', '4', '--history-cap', '5'],
  };
  for (const model of ['gmf', 'mlp', 'neumf', 'bprmf', 'dmf', 'delf']) {
    it(model, async () => {
      const out = join(dir, model);
      const trained = await cli(
        'train',
        '--model',
        model,
        '--train',
        join(split, 'train.rating'),
        '--out',
        out,
        '--validation',
        join(split, 'validation.rating'),
        '--validation-negatives',
        join(split, 'validation.negative'),
        ...(sizes[model] ?? ['--factors', '4']),
        ...quick,
      );
      expect(trained.code, trained.err).toBe(0);
      const report = JSON.parse(trained.out);
      expect(report).toMatchObject({ model, epochs: 2 });
      expect(report.history[0].validation.ndcg).toBeGreaterThanOrEqual(0);

      const evaluated = await evaluateSampled(out);
      expect(evaluated.code, evaluated.err).toBe(0);
      expect(JSON.parse(evaluated.out)).toMatchObject({ protocol: 'sampled', users: 60 });

      const pairs = join(dir, `${model}.pairs`);
      writeFileSync(pairs, '0\t1\n1\t2\n');
      const scored = await cli('score', '--model-dir', out, '--pairs', pairs);
      expect(scored.code, scored.err).toBe(0);
      expect(
        scored.out
          .trim()
          .split('\n')
          .map((l) => Number.isFinite(Number(l.split('\t')[2]))),
      ).toEqual([true, true]);

      const recommended = await cli('recommend', '--model-dir', out, '--users', '0', '--k', '3');
      expect(recommended.code, recommended.err).toBe(0);
      expect(JSON.parse(recommended.out).recommendations[0].items).toHaveLength(3);
    });
  }

  it('neumf --pretrain builds from GMF and MLP directories and fine-tunes with SGD', async () => {
    const result = await cli(
      'train',
      '--model',
      'neumf',
      '--pretrain',
      `${join(dir, 'gmf')},${join(dir, 'mlp')}`,
      '--train',
      join(split, 'train.rating'),
      '--out',
      join(dir, 'neumf-p'),
      '--lr',
      '0.1',
      '--lr-decay',
      '0.5',
      ...quick,
    );
    expect(result.code, result.err).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ model: 'neumf', epochs: 2 });
    expect(report.history.map((e: { learningRate: number }) => e.learningRate)).toEqual([0.1, 0.05]);
    const wrong = await cli(
      'train',
      '--model',
      'neumf',
      '--pretrain',
      `${join(dir, 'mlp')},${join(dir, 'gmf')}`,
      '--train',
      join(split, 'train.rating'),
      '--out',
      join(dir, 'x'),
    );
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/holds a mlp model, not gmf/);
  });
});

describe('recsys train: each model declares its own options', () => {
  const train = () => ['train', '--train', join(split, 'train.rating'), '--out', join(dir, 'opts')];

  it("--model X --help lists X's options and no others", async () => {
    const gmf = await cli('train', '--model', 'gmf', '--help');
    expect(gmf.code).toBe(0);
    expect(gmf.out).toMatch(/gmf options:\n\s+--factors <n>\s+Predictive factors/);
    expect(gmf.out).toMatch(/Training options:[\s\S]*--sampler <uniform\|popularity>[\s\S]*--lr <x>/);
    expect(gmf.out).toMatch(/--loss <log\|bpr>/);
    expect(gmf.out).not.toMatch(/--layers|--dropout|--pretrain/);
    const neumf = await cli('train', '--model', 'neumf', '--help');
    expect(neumf.out).toMatch(/--layers <a,b,…>[\s\S]*--pretrain <gmfDir>,<mlpDir>[\s\S]*--alpha/);
    const itempop = await cli('train', '--model', 'itempop', '--help');
    expect(itempop.out).not.toMatch(/Training options|--epochs|--validation/);
    const general = await cli('train', '--help');
    expect(general.out).toMatch(/recsys train --model <name> --help/);
  });

  it('an option of another model, or a training option of a model without training, is a usage error', async () => {
    expect(await cli(...train(), '--model', 'gmf', '--layers', '8,4')).toMatchObject({
      code: 2,
      err: expect.stringMatching(
        /--layers does not apply to gmf \(it is an option of mlp, dmf, multi-feedback, delf, neumf\)/,
      ),
    });
    expect(await cli(...train(), '--model', 'itempop', '--epochs', '3')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--epochs does not apply to itempop/),
    });
    expect(await cli(...train(), '--model', 'itempop', '--validation', 'v.rating')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--validation does not apply to itempop/),
    });
    expect(await cli(...train(), '--model', 'mlp', '--factors', '4', '--layers', '16,8')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/factors 4 disagree with layers \[16, 8\]/),
    });
    expect(await cli(...train(), '--model', 'gmf', '--loss', 'nce')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--loss must be one of log, bpr, got "nce"/),
    });
    expect(await cli(...train(), '--model', 'gmf', '--popularity-exponent', '0.5', ...quick)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/popularityExponent applies with sampler 'popularity'/),
    });
    expect(await cli(...train(), '--model', 'neumf', '--alpha', '0.3', ...quick)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/alpha applies with pretrain only/),
    });
  });

  it('--profile prints where training time went, phase by phase; a model without training refuses it', async () => {
    const result = await cli(...train(), '--model', 'gmf', ...quick, '--profile');
    expect(result.code, result.err).toBe(0);
    const steps = Math.ceil(JSON.parse(result.out).history[0].samples / 128) * 2;
    expect(result.err).toMatch(new RegExp(`where training's time went \\(gmf\\):\\n${steps} steps, [\\d,]+ samples`));
    for (const phase of ['batches', 'host lookups', 'forward', 'backward', 'sparse scatter', 'optimizer'])
      expect(result.err).toMatch(new RegExp(`\\n${phase} +[\\d.]+ +[\\d.]+% +[\\d.]+ `));
    expect(await cli(...train(), '--model', 'itempop', '--profile')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--profile does not apply to itempop: it has no training loop/),
    });
  });

  it('samplers, rating targets and the BPR loss are reachable from the command line', async () => {
    const result = await cli(...train(), '--model', 'gmf', '--sampler', 'popularity', '--targets', 'rating', ...quick);
    expect(result.code, result.err).toBe(0);
    const bpr = await cli(...train(), '--model', 'mlp', '--loss', 'bpr', '--negatives', '2', ...quick);
    expect(bpr.code, bpr.err).toBe(0);
    expect(JSON.parse(bpr.out).history[0].samples).toBeGreaterThan(0);
  });
});

describe('recsys with your own model (--import)', () => {
  it('trains, evaluates, scores and recommends a model a module registers', async () => {
    const module = join(__dirname, '..', '..', '..', 'examples', 'custom-model', 'two-tower-mlp.mjs');
    const out = join(dir, 'two-tower');
    const help = await cli('train', '--import', module, '--model', 'two-tower-mlp', '--help');
    expect(help.out).toMatch(/two-tower-mlp options:\n\s+--dim <n>[\s\S]*--units <a,b,…>/);
    const trained = await cli(
      'train',
      '--import',
      module,
      '--model',
      'two-tower-mlp',
      '--dim',
      '8',
      '--train',
      join(split, 'train.rating'),
      '--out',
      out,
      ...quick,
    );
    expect(trained.code, trained.err).toBe(0);
    const evaluated = await evaluateSampled(out, '--import', module);
    expect(evaluated.code, evaluated.err).toBe(0);
    expect(JSON.parse(evaluated.out).hr).toBeGreaterThan(0);
    const recommended = await cli('recommend', '--import', module, '--model-dir', out, '--users', '0', '--k', '2');
    expect(recommended.code, recommended.err).toBe(0);
    expect(await cli('score', '--import', 'no/such/module.mjs', '--model-dir', out, '--pairs', 'x')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/--import no\/such\/module\.mjs: /),
    });
  });
});
