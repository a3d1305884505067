import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../../test-utils/shared-data.js';
import { matchItemFeatures } from '../match-item-features.js';
import { dualNetSplit } from '../split/dualnet-split.js';
import { loadCiteULike } from './citeulike.js';
import { loadCiteULikeItemFeatures } from './citeulike-features.js';
import { loadMovieLens } from './movielens.js';
import { loadMovieLensGenres } from './movielens-genres.js';

// The benchmark files live beside the repository (their licences forbid shipping them); see shared/data/README.md.
const dataDir = sharedData() ?? '';
const has = dataDir !== '';

describe.skipIf(!has)('item features on the real benchmark files', () => {
  it('citeulike-t: 7947 users, 25975 items, 134860 pairs, 391 content-only items, 31 empty docs', async () => {
    const dir = path.join(dataDir, 'citeulike-t');
    const { interactions: log } = await loadCiteULike(path.join(dir, 'users.dat'));
    const { features, report: loadReport } = await loadCiteULikeItemFeatures(path.join(dir, 'mult.dat'), {
      names: path.join(dir, 'vocabulary.dat'),
    });
    expect(loadReport).toMatchObject({ lines: 25_975, skipped: 0 });
    const {
      interactions,
      features: rows,
      featureNames,
      report,
    } = matchItemFeatures(log, features, {
      withoutFeatures: 'error',
    });
    expect(interactions.numUsers).toBe(7947);
    expect(interactions.numItems).toBe(25_975);
    expect(interactions.size).toBe(134_860);
    expect(rows.numRows).toBe(25_975);
    expect(rows.numFeatures).toBe(20_000);
    expect(featureNames).toHaveLength(20_000);
    expect(report).toMatchObject({
      items: 25_975,
      featureRows: 25_975,
      itemsWithoutFeatures: 0,
      itemsWithoutRows: 391,
      emptyFeatureRows: 31,
    });
    expect(report.matchedItems + report.addedItems).toBe(25_975);
    // The same rows as loadCiteULike aligns by index itself.
    const direct = await loadCiteULike(path.join(dir, 'users.dat'), { content: path.join(dir, 'mult.dat') });
    expect(rows).toEqual(direct.content);
  });

  it('citeulike-a: 5551 users, 16980 items, 204986 pairs, 46391 tags, 3461 untagged items', async () => {
    const dir = path.join(dataDir, 'citeulike-a');
    const { interactions: log } = await loadCiteULike(path.join(dir, 'users.dat'));
    const { features } = await loadCiteULikeItemFeatures(path.join(dir, 'item-tag.dat'), {
      names: path.join(dir, 'tags.dat'),
    });
    const {
      interactions,
      features: rows,
      report,
    } = matchItemFeatures(log, features, {
      withoutFeatures: 'error',
      unknownItems: 'error',
    });
    expect(interactions).toBe(log);
    expect(interactions.numUsers).toBe(5551);
    expect(interactions.numItems).toBe(16_980);
    expect(interactions.size).toBe(204_986);
    expect(rows.numFeatures).toBe(46_391);
    expect(report).toMatchObject({ matchedItems: 16_980, itemsWithoutRows: 0, emptyFeatureRows: 3461 });

    // DualNet's split at full scale: counts add up and no validation or test item is missing from train.
    const split = dualNetSplit(interactions, { seed: 1 });
    const r = split.report;
    expect(r.train + r.validation + r.test + r.outOfMatrix + r.newUserRows + r.newUserColdRows).toBe(204_986);
    expect(r).toMatchObject({ users: 5551, newUsers: 555, items: 16_980, coldItems: 3396 });
    for (const part of [split.validation, split.test]) {
      for (const i of part.items) expect(split.train.itemDegree(i)).toBeGreaterThan(0);
    }
  });

  it('ml-100k: 943 users, 1682 movies, every movie with its genres from u.item (Latin-1) and u.genre', async () => {
    const dir = path.join(dataDir, 'ml-100k');
    const { interactions: log } = await loadMovieLens(path.join(dir, 'u.data'));
    const { features, report: loadReport } = await loadMovieLensGenres(path.join(dir, 'u.item'), {
      genres: path.join(dir, 'u.genre'),
    });
    expect(loadReport).toMatchObject({ lines: 1682, rows: 1682, skipped: 0 });
    const {
      interactions,
      features: rows,
      featureNames,
      report,
    } = matchItemFeatures(log, features, {
      withoutFeatures: 'error',
      unknownItems: 'error',
    });
    expect(interactions.numUsers).toBe(943);
    expect(interactions.numItems).toBe(1682);
    expect(interactions.size).toBe(100_000);
    expect(featureNames?.[4]).toBe("Children's");
    expect(rows.numFeatures).toBe(19);
    expect(report).toMatchObject({ matchedItems: 1682, itemsWithoutRows: 0 });
    // Measured on the files (not stated in the data README): movies per genre and genre flags in all.
    const perGenre = new Array<number>(19).fill(0);
    for (const g of rows.indices) perGenre[g]++;
    expect(perGenre).toEqual(GENRE_COUNTS);
    expect(rows.indices.length).toBe(2893);
    expect(report.emptyFeatureRows).toBe(0);
  });
});

const GENRE_COUNTS = [2, 251, 135, 42, 122, 505, 109, 50, 725, 22, 24, 92, 56, 61, 247, 101, 251, 71, 27];
