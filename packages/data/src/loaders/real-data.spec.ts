import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../../test-utils/shared-data.js';
import { caseCount, negativesOf } from '../test-negatives.js';
import { loadCiteULike } from './citeulike.js';
import { loadMovieLens } from './movielens.js';
import { loadNcfNegatives } from './ncf-negatives.js';
import { loadNcfRatings } from './ncf.js';
import { loadTaobao } from './taobao.js';

// The benchmark files live beside the repository (their licences forbid shipping them); see shared/data/README.md.
const dataDir = sharedData() ?? '';
const has = dataDir !== '';

describe.skipIf(!has)('loaders on the real benchmark files', () => {
  it('ml-100k u.data: 943 users, 1682 items, 100000 ratings, no duplicates', async () => {
    const { interactions, report } = await loadMovieLens(path.join(dataDir, 'ml-100k/u.data'), { duplicates: 'error' });
    expect(interactions.numUsers).toBe(943);
    expect(interactions.numItems).toBe(1682);
    expect(interactions.size).toBe(100_000);
    expect(report).toMatchObject({ lines: 100_000, rows: 100_000, skipped: 0, duplicates: 0 });
    const counts = [0, 0, 0, 0, 0, 0];
    for (const v of interactions.values ?? []) counts[v]++;
    expect(counts.slice(1)).toEqual([6110, 11370, 27145, 34174, 21201]);
  });

  it('amusic: train, test and 99 negatives per test user whose heads match the test file', async () => {
    const dir = path.join(dataDir, 'amusic');
    const train = await loadNcfRatings(path.join(dir, 'AMusic.train.rating'));
    expect(train.report).toMatchObject({ lines: 44_311, rows: 44_311, skipped: 0, duplicates: 0 });
    const { userIds, itemIds } = train.interactions;
    const test = await loadNcfRatings(path.join(dir, 'AMusic.test.rating'), { userIds, itemIds });
    expect(test.report.lines).toBe(1776);
    expect(test.interactions.numUsers).toBe(1776);
    expect(test.interactions.numItems).toBe(12_929);
    expect(train.interactions.size + test.interactions.size).toBe(46_087);
    const { negatives, report } = await loadNcfNegatives(path.join(dir, 'AMusic.test.negative'), {
      test: test.interactions,
    });
    expect(report).toMatchObject({ lines: 1776, rows: 1776, skipped: 0 });
    expect(caseCount(negatives)).toBe(1776);
    for (let c = 0; c < caseCount(negatives); c++) expect(negativesOf(negatives, c).length).toBe(99);
  });

  it('taobao head: 84287 events (pv 75693, cart 4494, fav 2351, buy 1749), 814 users, 55233 items', async () => {
    const file = path.join(dataDir, 'taobao-userbehavior-head/UserBehavior_head814users.csv');
    // 'sum' keeps one row per (user, item, behaviour) whose value counts its events, so raw counts stay checkable.
    const { interactions, report, categoryIds, categoryConflicts } = await loadTaobao(file, { duplicates: 'sum' });
    expect(report.lines).toBe(84_287);
    expect(report.skipped).toBe(0);
    expect(report.rows + report.duplicates).toBe(84_287);
    expect(interactions.numUsers).toBe(814);
    expect(interactions.numItems).toBe(55_233);
    expect(categoryIds.size).toBe(2911);
    // Item 2633450 is listed under two categories (as published); the first is kept and the conflict counted.
    expect(categoryConflicts).toBe(1);
    const events = [0, 0, 0, 0];
    const pairs = [0, 0, 0, 0];
    const values = interactions.values ?? new Float32Array();
    const behaviours = interactions.behaviours ?? new Uint8Array();
    for (let r = 0; r < interactions.size; r++) {
      events[behaviours[r]] += values[r];
      pairs[behaviours[r]]++;
    }
    expect(events).toEqual([75_693, 4494, 2351, 1749]);
    expect(pairs).toEqual([59_748, 4358, 2332, 1671]);
    expect(interactions.ofBehaviour('buy').activeUsers()).toBe(558);
  });

  it('citeulike-t: 7947 users, 25975 items with a 20000-word vocabulary, 134860 pairs', async () => {
    const dir = path.join(dataDir, 'citeulike-t');
    const { interactions, report, content, contentReport } = await loadCiteULike(path.join(dir, 'users.dat'), {
      content: path.join(dir, 'mult.dat'),
    });
    expect(interactions.numUsers).toBe(7947);
    expect(interactions.numItems).toBe(25_975);
    expect(interactions.size).toBe(134_860);
    expect(interactions.activeItems()).toBe(25_584);
    expect(report).toMatchObject({ lines: 7947, skipped: 0, duplicates: 0 });
    expect(content?.numRows).toBe(25_975);
    expect(content?.numFeatures).toBe(20_000);
    expect(contentReport?.lines).toBe(25_975);
    let emptyDocs = 0;
    for (let j = 0; j < 25_975; j++) if (content!.ptr[j + 1] === content!.ptr[j]) emptyDocs++;
    expect(emptyDocs).toBe(31);
  });

  it('citeulike-a: 5551 users, 16980 items, 204986 pairs, tags as multi-hot content', async () => {
    const dir = path.join(dataDir, 'citeulike-a');
    const { interactions, content } = await loadCiteULike(path.join(dir, 'users.dat'), {
      content: path.join(dir, 'item-tag.dat'),
      numFeatures: 46_391,
    });
    expect(interactions.numUsers).toBe(5551);
    expect(interactions.numItems).toBe(16_980);
    expect(interactions.size).toBe(204_986);
    expect(content?.numFeatures).toBe(46_391);
    let untagged = 0;
    for (let j = 0; j < 16_980; j++) if (content!.ptr[j + 1] === content!.ptr[j]) untagged++;
    expect(untagged).toBe(3461);
  });
});
