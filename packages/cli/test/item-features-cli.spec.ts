import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRecommender } from '@recsys/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

/** A MovieLens-style file: 40 users with 12 items each out of 50 (raw ids 1..50), timestamps increasing. */
function ratingsFile(dir: string): string {
  const lines: string[] = [];
  let t = 1000;
  for (let u = 1; u <= 40; u++) {
    for (let k = 0; k < 12; k++) lines.push(`${u}\t${1 + ((u * 7 + k * 5) % 50)}\t1\t${t++}`);
  }
  const path = join(dir, 'u.data');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Features of items 1..50 (`skip` left out) and of two items nobody rated, "x1" and "x2". */
function featuresFile(dir: string, name: string, skip?: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= 50; i++) if (i !== skip) lines.push(`${i}\tg${i % 4}\tw${i % 7}:0.5`);
  lines.push('x1\tg1\tw2', 'x2\tg3');
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const quick = ['--units', '8,4', '--epochs', '1', '--user-batch', '16', '--item-batch', '16', '--backend', 'cpu'];
const readLines = (file: string) => readFileSync(file, 'utf8').trim().split('\n');

describe('recsys train / recommend / evaluate with item features', () => {
  let dir: string;
  let ratings: string;
  let features: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'recsys-item-features-'));
    ratings = ratingsFile(dir);
    features = featuresFile(dir, 'items.tsv');
  });

  it('trains dualnet with features matched by raw id, keeping items without ratings as cold items', async () => {
    const out = join(dir, 'dualnet');
    const trained = await cli(
      'train',
      '--model',
      'dualnet',
      '--train',
      ratings,
      '--item-features',
      features,
      '--out',
      out,
      ...quick,
    );
    expect(trained.code, trained.err).toBe(0);
    const printed = JSON.parse(trained.out);
    expect(printed).toMatchObject({ model: 'dualnet', items: 52, epochs: 1 });
    expect(printed.itemFeatures).toMatchObject({ matchedItems: 50, itemsWithoutFeatures: 0, addedItems: 2 });
    expect(trained.err).toContain('items.tsv (text): 52 rows, 11 features; 50 of 50 items matched');
    expect(trained.err).toContain(
      '2 features rows are for items not in the training interactions (e.g. "x1", "x2"): added as items without',
    );
    expect(trained.err).toContain('the model knows 52 items: 50 with training interactions, 2 without (cold');

    // The saved model keeps the cold items in its id map: recommend and evaluate reach them by raw id.
    const model = await loadRecommender(out);
    expect(model.numItems).toBe(52);
    const x1 = model.itemIds.index('x1')!;
    expect(x1).toBeGreaterThanOrEqual(50);
    expect(model.train.itemDegree(x1)).toBe(0);

    const candidates = join(dir, 'candidates.txt');
    writeFileSync(candidates, 'x1\n3\n\nx2\t(new)\n3\n');
    const recommended = await cli(
      'recommend',
      '--model-dir',
      out,
      '--users',
      '1,2',
      '--k',
      '3',
      '--candidates',
      candidates,
      '--include-seen',
    );
    expect(recommended.code, recommended.err).toBe(0);
    const { recommendations, candidates: count } = JSON.parse(recommended.out);
    expect(count).toBe(3);
    for (const { items } of recommendations) {
      expect(items.map((entry: { item: string }) => entry.item).sort()).toEqual(['3', 'x1', 'x2']);
    }
    expect(recommended.err).toContain('candidates.txt: 1 repeated item ids counted once (--candidates)');
    // Without --include-seen an item the user rated is left out: user 1 rated item 3 ((1·7 + 9·5) mod 50 + 1).
    const unseen = await cli('recommend', '--model-dir', out, '--users', '1', '--k', '3', '--candidates', candidates);
    expect(
      JSON.parse(unseen.out)
        .recommendations[0].items.map((e: { item: string }) => e.item)
        .sort(),
    ).toEqual(['x1', 'x2']);
  });

  it('trains the content profile with features, and recommends among candidates', async () => {
    const out = join(dir, 'content');
    const trained = await cli(
      'train',
      '--model',
      'content',
      '--train',
      ratings,
      '--item-features',
      features,
      '--out',
      out,
    );
    expect(trained.code, trained.err).toBe(0);
    const only = join(dir, 'new-items.txt');
    writeFileSync(only, 'x1\nx2\n');
    const recommended = await cli('recommend', '--model-dir', out, '--users', '5', '--k', '5', '--candidates', only);
    expect(recommended.code, recommended.err).toBe(0);
    const items = JSON.parse(recommended.out).recommendations[0].items;
    expect(items.map((entry: { item: string }) => entry.item).sort()).toEqual(['x1', 'x2']);
  });

  it('split --protocol dualnet → train → evaluate --protocol holdout in- and out-of-matrix, at several K', async () => {
    const split = join(dir, 'split');
    const made = await cli(
      'split',
      ratings,
      '--out',
      split,
      '--protocol',
      'dualnet',
      '--item-features',
      features,
      '--seed',
      '2',
    );
    expect(made.code, made.err).toBe(0);
    const out = join(dir, 'split-dualnet');
    const trained = await cli(
      'train',
      '--model',
      'dualnet',
      '--train',
      join(split, 'train.rating'),
      '--item-features',
      join(split, 'item-features.tsv'),
      '--out',
      out,
      ...quick,
    );
    expect(trained.code, trained.err).toBe(0);
    // The split's dense ids: the cold items are in the model, with their features, without training rows.
    const cold = readLines(join(split, 'cold-item-ids.tsv')).map((line) => line.split('\t')[0]!);
    const model = await loadRecommender(out);
    expect(model.numItems).toBe(readLines(join(split, 'item-ids.tsv')).length);
    for (const id of cold) expect(model.train.itemDegree(model.itemIds.index(id)!)).toBe(0);

    const coldItems = join(split, 'cold-item-ids.tsv');
    const outOfMatrix = await cli(
      'evaluate',
      '--model-dir',
      out,
      '--test',
      join(split, 'out-of-matrix.rating'),
      '--protocol',
      'holdout',
      '--k',
      '2,5',
      '--cold-items',
      coldItems,
    );
    expect(outOfMatrix.code, outOfMatrix.err).toBe(0);
    const result = JSON.parse(outOfMatrix.out);
    expect(result).toMatchObject({ protocol: 'holdout', k: [2, 5], candidateRange: [cold.length, cold.length] });
    expect(result.byK.map((entry: { k: number }) => entry.k)).toEqual([2, 5]);
    const [at2, at5] = result.byK;
    expect(at2.recall).toBeGreaterThanOrEqual(0);
    expect(at5.recall).toBeGreaterThanOrEqual(at2.recall);
    expect(at5.recall).toBeLessThanOrEqual(1);
    expect(at5.ci95.recall).toHaveLength(2);
    expect(outOfMatrix.err).toContain(
      `holdout: ranking among the ${cold.length} items of ${coldItems} (out-of-matrix)`,
    );
    expect(outOfMatrix.err).not.toMatch(/[1-9]\d* an item that is in the model's id range/);

    // In-matrix: among the items with training rows, the validation pairs left out of the candidates.
    const inMatrix = await cli(
      'evaluate',
      '--model-dir',
      out,
      '--test',
      join(split, 'test.rating'),
      '--protocol',
      'holdout',
      '--exclude',
      join(split, 'validation.rating'),
    );
    expect(inMatrix.code, inMatrix.err).toBe(0);
    let trainedItems = 0;
    for (let i = 0; i < model.numItems; i++) if (model.train.itemDegree(i) > 0) trainedItems++;
    expect(trainedItems).toBeLessThanOrEqual(model.numItems - cold.length - 2); // the split's cold items, x1, x2
    expect(JSON.parse(inMatrix.out)).toMatchObject({ protocol: 'holdout', k: 50 });
    expect(JSON.parse(inMatrix.out).candidateRange[1]).toBeLessThanOrEqual(trainedItems);
    expect(inMatrix.err).toContain(`ranking among the ${trainedItems} items with training interactions (in-matrix)`);

    // Cold test items are no in-matrix candidates: said, with the way out.
    const refused = await cli(
      'evaluate',
      '--model-dir',
      out,
      '--test',
      join(split, 'out-of-matrix.rating'),
      '--protocol',
      'holdout',
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /out-of-matrix\.rating: \d+ of its \d+ rows name \d+ items \(e\.g\. .*\) without training interactions: .*pass --cold-items <file>/,
    );

    // An id the model does not know in --cold-items is an error naming it.
    const unknown = join(dir, 'unknown-cold.txt');
    writeFileSync(unknown, `${cold[0]}\nnope\n007\n`);
    const bad = await cli(
      'evaluate',
      '--model-dir',
      out,
      '--test',
      join(split, 'out-of-matrix.rating'),
      '--protocol',
      'holdout',
      '--cold-items',
      unknown,
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /--cold-items: 2 of the 3 ids in .*unknown-cold\.txt are not items of the model \(e\.g\. "nope", "007"\); "007" has leading zeros; the model knows "7"/,
    );
  });

  it('picks dualnet epochs by holdout Recall@M among the trained items; its flags need --validation', async () => {
    // Validation: each user's 3rd and 4th ratings (the 11th and 12th repeat the 1st and 2nd), out of training.
    const lines = readLines(ratings);
    const held = lines.filter((_, r) => r % 12 === 2 || r % 12 === 3);
    const trainFile = join(dir, 'train-part.data');
    const validationFile = join(dir, 'validation-part.data');
    writeFileSync(trainFile, lines.filter((_, r) => r % 12 !== 2 && r % 12 !== 3).join('\n') + '\n');
    writeFileSync(validationFile, held.join('\n') + '\n');
    const train = (...more: string[]) =>
      cli(
        'train',
        '--model',
        'dualnet',
        '--train',
        trainFile,
        '--item-features',
        features,
        '--validation',
        validationFile,
        '--out',
        join(dir, 'validated'),
        '--format',
        'movielens',
        ...quick.filter((_, k) => k < 2 || k > 3), // two epochs, not one
        '--epochs',
        '2',
        ...more,
      );
    const holdout = await train('--validation-m', '10');
    expect(holdout.code, holdout.err).toBe(0);
    const epochs = JSON.parse(holdout.out).history;
    expect(Object.keys(epochs[0].validation)).toEqual(['recall', 'ndcg', 'hr']);
    expect((await train('--validation-protocol', 'sampled', '--validation-m', '10')).err).toContain(
      'train: --validation-m applies to --validation-protocol holdout',
    );
    const without = await cli(
      'train',
      '--model',
      'dualnet',
      '--train',
      trainFile,
      '--item-features',
      features,
      '--out',
      join(dir, 'validated'),
      '--format',
      'movielens',
      ...quick,
      '--validation-protocol',
      'holdout',
    );
    expect(without.err).toContain('train: --validation-protocol applies with --validation only');
  });

  it('refuses what does not apply, and a missing --item-features, before reading', async () => {
    const train = (model: string, ...more: string[]) =>
      cli('train', '--model', model, '--train', ratings, '--out', join(dir, 'refused'), ...more);
    expect(await train('dualnet', ...quick)).toMatchObject({
      code: 2,
      err: expect.stringContaining('train: --item-features <file> is required for dualnet'),
    });
    expect(await train('content')).toMatchObject({
      code: 2,
      err: expect.stringContaining('train: --item-features <file> is required for content'),
    });
    expect(await train('gmf', '--item-features', features)).toMatchObject({
      code: 2,
      err: expect.stringContaining(
        'train: --item-features does not apply to gmf: it reads no item features (content and dualnet do)',
      ),
    });
    expect(await train('itempop', '--unknown-items', 'drop')).toMatchObject({
      code: 2,
      err: expect.stringContaining('train: --unknown-items does not apply to itempop'),
    });
    expect(await train('dualnet', '--without-features', 'keep')).toMatchObject({
      code: 2,
      err: expect.stringContaining('train: --without-features needs --item-features'),
    });
    const help = await cli('train', '--model', 'dualnet', '--help');
    expect(help.out).toContain('--item-features-format <text|lda-c|multi-hot|movielens-genres>');
    expect(help.out).toMatch(/--without-features <keep\|error> +.*\(default: error\)/);
    expect((await cli('train', '--model', 'gmf', '--help')).out).not.toContain('--item-features');
  });

  it('refuses items with ratings but no features unless --without-features keep', async () => {
    const partial = featuresFile(dir, 'partial.tsv', 7);
    const run = (...more: string[]) =>
      cli(
        'train',
        '--model',
        'content',
        '--train',
        ratings,
        '--item-features',
        partial,
        '--out',
        join(dir, 'partial'),
        ...more,
      );
    const refused = await run();
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /partial\.tsv: matchItemFeatures: 1 of the log's 50 items have rows but no features \(e\.g\. "7"\); pass --without-features keep/,
    );
    const kept = await run('--without-features', 'keep');
    expect(kept.code, kept.err).toBe(0);
    expect(kept.err).toContain('1 items with training interactions have no features (e.g. "7"): given empty rows');
  });

  it('recommend --candidates names unknown ids; evaluate checks its flags', async () => {
    const out = join(dir, 'itempop');
    expect((await cli('train', '--model', 'itempop', '--train', ratings, '--out', out)).code).toBe(0);
    const unknown = join(dir, 'unknown.txt');
    writeFileSync(unknown, '3\nx9\n 4 \n');
    expect(await cli('recommend', '--model-dir', out, '--users', '1', '--candidates', unknown)).toMatchObject({
      code: 1,
      err: expect.stringMatching(
        /--candidates: 1 of the 3 ids in .*unknown\.txt are not items of the model \(e\.g\. "x9"\)/,
      ),
    });
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '\n\n');
    expect(await cli('recommend', '--model-dir', out, '--users', '1', '--candidates', empty)).toMatchObject({
      code: 1,
      err: expect.stringContaining('lists no item ids'),
    });

    const evaluate = (...more: string[]) => cli('evaluate', '--model-dir', out, '--test', ratings, ...more);
    expect(await evaluate('--full', '--cold-items', unknown)).toMatchObject({
      code: 2,
      err: expect.stringContaining('evaluate: --cold-items applies to --protocol holdout, not full'),
    });
    expect(await evaluate('--full', '--protocol', 'holdout')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--full is --protocol full; it does not go with --protocol holdout'),
    });
    expect(await evaluate('--protocol', 'holdout', '--test-negatives', unknown)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--test-negatives applies to the sampled protocol, not --protocol holdout'),
    });
    expect(await evaluate('--protocol', 'sampled')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--protocol sampled needs --test-negatives'),
    });
    expect(await evaluate('--protocol', 'holdout', '--k', '5,x')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--k must be integers ≥ 1 separated by commas (e.g. 50,100,200), got "5,x"'),
    });
    expect(await evaluate('--protocol', 'holdout', '--k', '5,10,5')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--k lists 5 twice'),
    });
  });
});
