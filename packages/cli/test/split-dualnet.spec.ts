import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadItemFeatures, loadNcfRatings } from '@recsys/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

/** A MovieLens-style file: 40 users with 15 items each out of 60 (raw ids 1..60), timestamps increasing. */
function ratingsFile(dir: string): string {
  const lines: string[] = [];
  let t = 1000;
  for (let u = 1; u <= 40; u++) {
    for (let k = 0; k < 15; k++) lines.push(`${u}\t${1 + ((u * 7 + k * 4) % 60)}\t${1 + ((u + k) % 5)}\t${t++}`);
  }
  const path = join(dir, 'u.data');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const readLines = (file: string) => readFileSync(file, 'utf8').trim().split('\n');

describe('recsys split --protocol dualnet', () => {
  let dir: string;
  let data: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'recsys-dualnet-'));
    data = ratingsFile(dir);
  });

  it('writes every part, the ids and a report whose counts add up, and prints the counts', async () => {
    const out = join(dir, 'split');
    const result = await cli('split', data, '--out', out, '--protocol', 'dualnet', '--seed', '3');
    expect(result.code, result.err).toBe(0);
    const printed = JSON.parse(result.out);
    const r = printed.split;
    expect(printed).toMatchObject({ protocol: 'dualnet', seed: 3, newUserFraction: 0.1, coldItemFraction: 0.2 });
    expect(printed.ratios).toEqual([3, 1, 1]);
    expect(r).toMatchObject({ rows: 600, users: 40, knownUsers: 36, newUsers: 4, coldItems: 12 });
    expect(r.train + r.validation + r.test + r.outOfMatrix + r.newUserRows + r.newUserColdRows).toBe(600);
    expect(result.err).toContain(
      `recsys: dualnet split: 40 users with rows (36 known, 4 new), 60 items with rows (12 cold)`,
    );
    expect(result.err).toContain(`rows: train ${r.train.toLocaleString('en-US')}, validation ${r.validation}`);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toMatchObject({ split: r });
    expect(Object.keys(printed.files).sort()).toEqual([
      'cold-item-ids.tsv',
      'item-ids.tsv',
      'new-user-ids.tsv',
      'new-users.rating',
      'out-of-matrix.rating',
      'report.json',
      'test.rating',
      'train.rating',
      'user-ids.tsv',
      'validation.rating',
    ]);

    // The .rating files load back (NCF format, dense ids) with the sizes reported, and keep the invariants.
    const load = async (name: string) => (await loadNcfRatings(join(out, name))).interactions;
    const train = await load('train.rating');
    const sizes = {
      validation: r.validation,
      test: r.test,
      'out-of-matrix': r.outOfMatrix,
      'new-users': r.newUserRows,
    };
    expect(train.size).toBe(r.train);
    for (const [name, size] of Object.entries(sizes)) expect((await load(`${name}.rating`)).size).toBe(size);
    const cold = readLines(join(out, 'cold-item-ids.tsv')).map((line) => Number(line.split('\t')[0]));
    expect(cold).toHaveLength(12);
    const itemIds = readLines(join(out, 'item-ids.tsv'));
    for (const line of readLines(join(out, 'cold-item-ids.tsv'))) expect(itemIds).toContain(line);
    for (const i of cold) expect(i < train.numItems ? train.itemDegree(i) : 0).toBe(0);
    for (const name of ['validation.rating', 'test.rating']) {
      for (const i of (await load(name)).items) expect(train.itemDegree(i)).toBeGreaterThan(0);
    }
    const outOfMatrix = await load('out-of-matrix.rating');
    for (const i of outOfMatrix.items) expect(cold).toContain(i);
    const newUsers = readLines(join(out, 'new-user-ids.tsv')).map((line) => Number(line.split('\t')[0]));
    expect(newUsers).toHaveLength(4);
    for (const u of train.users) expect(newUsers).not.toContain(u);

    // recsys train and evaluate read them back.
    const model = join(dir, 'itempop');
    const trained = await cli('train', '--model', 'itempop', '--train', join(out, 'train.rating'), '--out', model);
    expect(trained.code, trained.err).toBe(0);
    const evaluated = await cli('evaluate', '--model-dir', model, '--test', join(out, 'test.rating'), '--full');
    expect(evaluated.code, evaluated.err).toBe(0);

    // Deterministic for a seed.
    const again = await cli('split', data, '--out', join(dir, 'again'), '--protocol', 'dualnet', '--seed', '3');
    expect(JSON.parse(again.out).split).toEqual(r);
    expect(readFileSync(join(dir, 'again', 'test.rating'), 'utf8')).toBe(
      readFileSync(join(out, 'test.rating'), 'utf8'),
    );
  });

  it('takes fractions and ratios, and leaves out parts without rows', async () => {
    const out = join(dir, 'custom');
    const result = await cli(
      'split',
      data,
      '--out',
      out,
      '--protocol',
      'dualnet',
      '--new-users',
      '0',
      '--cold-items',
      '0.5',
      '--ratios',
      '8:0:2',
    );
    expect(result.code, result.err).toBe(0);
    const { split, files } = JSON.parse(result.out);
    expect(split).toMatchObject({ newUsers: 0, coldItems: 30, validation: 0, newUserRows: 0 });
    expect(files['validation.rating']).toBeUndefined();
    expect(existsSync(join(out, 'validation.rating'))).toBe(false);
    expect(existsSync(join(out, 'new-users.rating'))).toBe(false);
    expect(readFileSync(join(out, 'new-user-ids.tsv'), 'utf8')).toBe('');
  });

  it('matches item features first, adds content-only items and writes them keyed by dense id', async () => {
    const features = join(dir, 'items.tsv');
    // Items 1..50 have features (item 7 none at all); "x1" is an item without ratings: a content-only cold item.
    const lines = Array.from({ length: 50 }, (_, k) => (k + 1 === 7 ? '7' : `${k + 1}\tg${k % 3}\tlen:${k / 10}`));
    writeFileSync(features, [...lines, 'x1\tg0'].join('\n') + '\n');
    const out = join(dir, 'features');
    const result = await cli('split', data, '--out', out, '--protocol', 'dualnet', '--item-features', features);
    expect(result.code, result.err).toBe(0);
    const { itemFeatures, items } = JSON.parse(result.out);
    expect(items).toBe(61);
    expect(itemFeatures).toMatchObject({
      logItems: 60,
      matchedItems: 50,
      emptyFeatureRows: 1,
      itemsWithoutFeatures: 10,
      unknownItems: 1,
      unknownItemsExamples: ['x1'],
      addedItems: 1,
      itemsWithoutRows: 1,
    });
    expect(result.err).toContain('items.tsv (text): 51 rows, 4 features; 50 of 60 items matched (1 with an empty row)');
    expect(result.err).toContain('10 items with ratings have no features');
    expect(result.err).toContain('1 features rows are for items not in the ratings (e.g. "x1"): added as items');
    expect(readLines(join(out, 'item-ids.tsv'))).toContain('60\tx1');
    // item-features.tsv: keyed by the dense ids of the .rating files, one line per item.
    const written = (await loadItemFeatures(join(out, 'item-features.tsv'))).features;
    expect(written.itemIds.size).toBe(61);
    expect(written.itemIds.raw(60)).toBe('60');
    const rawToDense = new Map(
      readLines(join(out, 'item-ids.tsv')).map((line) => {
        const [dense, raw] = line.split('\t');
        return [raw, dense] as const;
      }),
    );
    const row = (dense: string) => {
      const r = written.itemIds.index(dense)!;
      return Array.from(
        written.rows.indices.subarray(written.rows.ptr[r], written.rows.ptr[r + 1]),
        (f) => written.featureNames![f],
      );
    };
    expect(row(rawToDense.get('2')!)).toEqual(['g1', 'len']);
    expect(row(rawToDense.get('x1')!)).toEqual(['g0']);
    expect(row(rawToDense.get('55')!)).toEqual([]);

    // 'error' policies fail naming the flags; drop leaves the unknown item out.
    const strict = await cli(
      'split',
      data,
      '--out',
      join(dir, 'x'),
      '--protocol',
      'dualnet',
      '--item-features',
      features,
      '--without-features',
      'error',
    );
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(
      /items\.tsv: matchItemFeatures: 10 of the log's 60 items have rows but no features \(e\.g\. .*\); pass --without-features keep/,
    );
    const dropped = await cli(
      'split',
      data,
      '--out',
      join(dir, 'd'),
      '--item-features',
      features,
      '--unknown-items',
      'drop',
      '--negatives',
      '5',
    );
    expect(dropped.code, dropped.err).toBe(0);
    expect(JSON.parse(dropped.out).files['item-features.tsv']).toBe(join(dir, 'd', 'item-features.tsv'));
    // A split never writes over a file it reads: here the features, as the previous split's item-features.tsv.
    const again = join(dir, 'd', 'item-features.tsv');
    const refused = await cli(
      'split',
      data,
      '--out',
      join(dir, 'd'),
      '--protocol',
      'dualnet',
      '--item-features',
      again,
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('would overwrite it (as item-features.tsv)');
    expect(JSON.parse(dropped.out)).toMatchObject({
      protocol: 'leave-one-out',
      items: 60,
      itemFeatures: { droppedFeatureRows: 1 },
    });
  });

  it('reads MovieLens genres from u.item with u.genre', async () => {
    const genres = join(dir, 'u.genre');
    writeFileSync(genres, 'none|0\nfun|1\nsad|2\n');
    const item = join(dir, 'u.item');
    writeFileSync(item, Array.from({ length: 60 }, (_, k) => `${k + 1}|T|||u|0|${k % 2}|1`).join('\n') + '\n');
    const out = join(dir, 'genres');
    const result = await cli(
      'split',
      data,
      '--out',
      out,
      '--protocol',
      'dualnet',
      '--item-features',
      item,
      '--item-feature-names',
      genres,
    );
    expect(result.code, result.err).toBe(0);
    expect(JSON.parse(result.out).itemFeatures).toMatchObject({
      matchedItems: 60,
      itemsWithoutFeatures: 0,
      unknownItems: 0,
    });
    expect(result.err).toContain('(movielens-genres): 60 rows, 3 features');
    expect(readFileSync(join(out, 'item-features.tsv'), 'utf8')).toMatch(/^0\tfun\tsad\n|^0\tsad\n/);
  });

  it('refuses flags of the other protocol and bad values, before reading', async () => {
    const run = (...extra: string[]) => cli('split', data, '--out', join(dir, 'refused'), ...extra);
    expect(await run('--protocol', 'dualnet', '--negatives', '5')).toMatchObject({
      code: 2,
      err: expect.stringContaining('split: --negatives does not apply to --protocol dualnet'),
    });
    expect(await run('--protocol', 'dualnet', '--validation')).toMatchObject({ code: 2 });
    expect(await run('--cold-items', '0.3')).toMatchObject({
      code: 2,
      err: expect.stringContaining('split: --cold-items does not apply to --protocol leave-one-out'),
    });
    expect(await run('--protocol', 'holdout')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--protocol must be one of leave-one-out, dualnet; got "holdout"'),
    });
    expect(await run('--protocol', 'dualnet', '--ratios', '3:1')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--ratios must be train:validation:test'),
    });
    expect(await run('--protocol', 'dualnet', '--ratios', '0:1:1')).toMatchObject({ code: 2 });
    expect(await run('--protocol', 'dualnet', '--new-users', '1')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--new-users must be a number in [0, 1)'),
    });
    expect(await run('--item-features-format', 'text')).toMatchObject({
      code: 2,
      err: expect.stringContaining('split: --item-features-format needs --item-features'),
    });
    const odd = join(dir, 'features.bin');
    writeFileSync(odd, 'a\tb\n');
    expect(await run('--item-features', odd)).toMatchObject({
      code: 2,
      err: expect.stringContaining('pass --item-features-format (text, lda-c, multi-hot, movielens-genres)'),
    });
    expect(
      await run('--item-features', odd, '--item-features-format', 'text', '--item-feature-names', odd),
    ).toMatchObject({
      code: 2,
      err: expect.stringContaining('--item-feature-names does not apply to --item-features-format text'),
    });
    expect(
      await run('--item-features', odd, '--item-features-format', 'text', '--unknown-items', 'ignore'),
    ).toMatchObject({
      code: 2,
      err: expect.stringContaining('--unknown-items must be one of keep, drop, error; got "ignore"'),
    });
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });

  it('lists the protocol in its help', async () => {
    const help = await cli('split', '--help');
    expect(help.out).toContain('--protocol <leave-one-out|dualnet>');
    expect(help.out).toContain('--item-features-format <text|lda-c|multi-hot|movielens-genres>');
  });
});
