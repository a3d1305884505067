import { describe, expect, it } from 'vitest';
import { IdMap } from '../id-map.js';
import { loadCiteULike, loadCiteULikeContent } from './citeulike.js';
import { loadDelimited, type DelimitedOptions } from './delimited.js';
import { loadInteractions } from './load-interactions.js';
import { loadMovieLens } from './movielens.js';
import { loadNcfNegatives } from './ncf-negatives.js';
import { loadNcfRatings } from './ncf.js';
import { checkLoadOptions } from './options.js';
import { loadTaobao } from './taobao.js';
import { testFiles } from './test-files.js';

const write = testFiles('options');
const U_DATA = '1\t10\t3\t881250949\n1\t10\t5\t881250950\n2\t11\t4\t881250951\n';
type Options = Record<string, unknown>;

describe('checkLoadOptions', () => {
  it('accepts the common options and the loader own ones', () => {
    expect(() =>
      checkLoadOptions('f', { lenient: true, duplicates: 'sum', userIds: new IdMap(), onProgress: () => {}, x: 1 }, [
        'x',
      ]),
    ).not.toThrow();
    expect(() => checkLoadOptions('f', undefined, [])).not.toThrow();
  });

  it('refuses unknown keys, bad policies, non-boolean lenient and non-IdMap id maps', () => {
    expect(() => checkLoadOptions('f', { lenent: true }, [])).toThrow(/f has no option "lenent"/);
    expect(() => checkLoadOptions('f', { duplicates: 'merge' }, [])).toThrow(
      'f: option "duplicates" must be one of keep-latest, keep-first, sum, error, got "merge"',
    );
    expect(() => checkLoadOptions('f', { lenient: 'false' }, [])).toThrow(
      'f: option "lenient" must be true or false, got "false"',
    );
    expect(() => checkLoadOptions('f', { itemIds: ['a'] }, [])).toThrow(/option "itemIds" must be an IdMap/);
    expect(() => checkLoadOptions('f', { onProgress: 5 }, [])).toThrow(/option "onProgress" must be a function/);
  });
});

describe('loader options', () => {
  // Before: 'merge' and 'SUM' loaded with keep-latest while report.duplicatePolicy said "merge".
  it.each(['merge', 'SUM'])('loadMovieLens refuses duplicates %s, listing the policies', async (policy) => {
    await expect(loadMovieLens(write('u.data', U_DATA), { duplicates: policy } as Options)).rejects.toThrow(
      `loadMovieLens: option "duplicates" must be one of keep-latest, keep-first, sum, error, got "${policy}"`,
    );
  });

  // Before: the string 'false' is truthy, so lenient mode was on.
  it('refuses lenient as a string', async () => {
    await expect(loadMovieLens(write('u.data', U_DATA), { lenient: 'false' } as Options)).rejects.toThrow(
      /loadMovieLens: option "lenient" must be true or false, got "false"/,
    );
  });

  it.each([
    ['loadInteractions', () => loadInteractions(write('u.data', U_DATA), { formt: 'movielens' } as Options)],
    ['loadMovieLens', () => loadMovieLens(write('u.data', U_DATA), { seperator: '\t' } as Options)],
    ['loadNcfRatings', () => loadNcfRatings(write('r', '0\t0\t1\n'), { numUser: 5 } as Options)],
    ['loadNcfNegatives', () => loadNcfNegatives(write('n', '(0,0)\t1\n'), { duplicates: 'sum' } as Options)],
    ['loadTaobao', () => loadTaobao(write('t', '1,2,3,pv,1511544070\n'), { headers: true } as Options)],
    ['loadCiteULike', () => loadCiteULike(write('users.dat', '1 0\n'), { contentFmt: 'lda-c' } as Options)],
    ['loadCiteULikeContent', () => loadCiteULikeContent(write('mult.dat', '1 0:1\n'), { numRow: 3 } as Options)],
    [
      'loadDelimited',
      () => loadDelimited(write('d.csv', 'u,i\n'), { columns: { user: 0, item: 1 }, headr: true } as DelimitedOptions),
    ],
  ])('%s refuses an unknown option key', async (name, load) => {
    await expect(load()).rejects.toThrow(new RegExp(`^${name} has no option "`));
  });

  // Before: NaN sizes turned the range checks off (id >= NaN is false).
  it('refuses sizes that are not non-negative integers', async () => {
    await expect(loadNcfNegatives(write('n', '(0,0)\t1\n'), { numItems: NaN })).rejects.toThrow(
      'loadNcfNegatives: option "numItems" must be a non-negative integer, got NaN',
    );
    await expect(loadCiteULikeContent(write('mult.dat', '1 0:1\n'), { numFeatures: NaN })).rejects.toThrow(
      'loadCiteULikeContent: option "numFeatures" must be a non-negative integer, got NaN',
    );
    await expect(loadNcfRatings(write('r', '0\t0\t1\n'), { numUsers: 1.5 })).rejects.toThrow(
      /loadNcfRatings: option "numUsers" must be a non-negative integer, got 1\.5/,
    );
    await expect(loadCiteULike(write('users.dat', '1 0\n'), { numItems: -1 })).rejects.toThrow(
      /loadCiteULike: option "numItems" must be/,
    );
  });

  // Before: 'bow' was read as multi-hot.
  it('refuses an unknown content format', async () => {
    await expect(
      loadCiteULikeContent(write('mult.dat', '1 0:1\n'), { format: 'bow' } as unknown as Options),
    ).rejects.toThrow('loadCiteULikeContent: option "format" must be one of lda-c, multi-hot, got "bow"');
    await expect(
      loadCiteULike(write('users.dat', '1 0\n'), { contentFormat: 'bow' } as unknown as Options),
    ).rejects.toThrow(/loadCiteULike: option "contentFormat" must be one of lda-c, multi-hot/);
  });

  it('loadTaobao refuses a non-boolean header', async () => {
    await expect(loadTaobao(write('t', '1,2,3,pv,1511544070\n'), { header: 'yes' } as Options)).rejects.toThrow(
      /loadTaobao: option "header" must be true or false, got "yes"/,
    );
  });
});

describe('loadDelimited options', () => {
  const csv = 'u,i,b\n1,2,pv\n';
  const columns = { user: 0, item: 1, behaviour: 2 };

  // Before: codes wrapped modulo 256 in the Uint8Array, so name 256 read back as name 0.
  it('refuses more than 256 behaviour names', async () => {
    const behaviourNames = Array.from({ length: 257 }, (_, k) => `b${k}`);
    await expect(loadDelimited(write('d.csv', csv), { columns, behaviourNames })).rejects.toThrow(
      /loadDelimited: option "behaviourNames" has 257 names; behaviour codes are bytes, so at most 256/,
    );
  });

  it('refuses a repeated behaviour name', async () => {
    await expect(loadDelimited(write('d.csv', csv), { columns, behaviourNames: ['pv', 'buy', 'pv'] })).rejects.toThrow(
      'loadDelimited: behaviourNames[2] "pv" repeats behaviourNames[0]',
    );
  });

  // Before: a bare "Cannot read properties of undefined (reading 'columns')".
  it('says what to pass without options or columns', async () => {
    const missing =
      /loadDelimited: pass options with at least the column mapping, e\.g\. \{ columns: \{ user: 0, item: 1 \} \}/;
    await expect(loadDelimited(write('d.csv', csv), undefined as unknown as DelimitedOptions)).rejects.toThrow(missing);
    await expect(loadDelimited(write('d.csv', csv), {} as DelimitedOptions)).rejects.toThrow(missing);
    await expect(loadDelimited(write('d.csv', csv), { columns: { user: 0 } } as DelimitedOptions)).rejects.toThrow(
      /option "columns" needs user and item/,
    );
    await expect(
      loadDelimited(write('d.csv', csv), { columns: { user: 0, item: 1, rating: 2 } } as DelimitedOptions),
    ).rejects.toThrow(/loadDelimited \(columns\) has no option "rating"/);
  });

  it('still loads with valid names', async () => {
    const { interactions } = await loadDelimited(write('d.csv', csv), {
      columns,
      header: true,
      behaviourNames: ['pv'],
    });
    expect(interactions.behaviourNames).toEqual(['pv']);
  });
});
