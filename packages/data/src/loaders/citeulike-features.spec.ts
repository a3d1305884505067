import { describe, expect, it } from 'vitest';
import { matchItemFeatures } from '../match-item-features.js';
import { loadCiteULike } from './citeulike.js';
import { citeULikeItemFeatures, loadCiteULikeItemFeatures } from './citeulike-features.js';
import { testFiles } from './test-files.js';

const write = testFiles('citeulike-features');

describe('loadCiteULikeItemFeatures', () => {
  it('keys content rows by the dense ids "0", "1", … with names from a names file', async () => {
    const mult = write('mult.dat', '2 2:1 0:4\n0\n1 1:2\n');
    const names = write('vocabulary.dat', 'alpha\nbeta\ngamma\ndelta');
    const { features, report } = await loadCiteULikeItemFeatures(mult, { names });
    expect(features.itemIds.ids()).toEqual(['0', '1', '2']);
    expect(features.featureNames).toEqual(['alpha', 'beta', 'gamma', 'delta']);
    expect(features.rows.numFeatures).toBe(4); // the names set the width
    expect(Array.from(features.rows.indices)).toEqual([2, 0, 1]);
    expect(report).toMatchObject({ format: 'lda-c', lines: 3 });
    await expect(loadCiteULikeItemFeatures(write('mult.dat', '1 4:1\n'), { names })).rejects.toMatchObject({
      kind: 'range',
    });
    await expect(loadCiteULikeItemFeatures(mult, { names, numFeatures: 5 })).rejects.toThrow(
      'loadCiteULikeItemFeatures: option "numFeatures" is 5, but',
    );
    await expect(loadCiteULikeItemFeatures(mult, { names: write('tags.dat', 'a\nb\na\n') })).rejects.toThrow(
      'tags.dat:3: name "a" repeats line 1',
    );
    await expect(loadCiteULikeItemFeatures(mult, { names: write('tags.dat', 'a\n\nb\n') })).rejects.toThrow(
      'tags.dat:2: empty line before the last name',
    );
    // Names are labels: a lone no-break space (as in citeulike-t's vocabulary) or spaces are names; final empty lines end the file.
    const spaced = await loadCiteULikeItemFeatures(mult, { names: write('v.dat', 'a\n\u00a0\n b\nc\n\n\n') });
    expect(spaced.features.featureNames).toEqual(['a', '\u00a0', ' b', 'c']);
  });

  it('through matchItemFeatures gives exactly what loadCiteULike aligns by index, content-only items included', async () => {
    const users = write('users.dat', '2 0 3\n1 1\n');
    const mult = write('mult.dat', '1 0:1\n1 1:2\n0\n1 2:3\n1 3:1\n1 0:5\n'); // items 4 and 5: content only
    const direct = await loadCiteULike(users, { content: mult });
    const log = (await loadCiteULike(users)).interactions;
    expect(log.numItems).toBe(4);
    const { features } = await loadCiteULikeItemFeatures(mult);
    const matched = matchItemFeatures(log, features);
    expect(matched.interactions.numItems).toBe(direct.interactions.numItems);
    expect(matched.interactions.itemIds.ids()).toEqual(direct.interactions.itemIds.ids());
    expect(matched.features).toEqual(direct.content);
    expect(matched.report).toMatchObject({ addedItems: 2, itemsWithoutRows: 3, emptyFeatureRows: 1 });
    // And the loaded content itself, keyed, matches the loaded log unchanged.
    const same = matchItemFeatures(direct.interactions, citeULikeItemFeatures(direct.content!));
    expect(same.interactions).toBe(direct.interactions);
    expect(same.features).toEqual(direct.content);
  });

  it('refuses bad arguments', async () => {
    expect(() => citeULikeItemFeatures(undefined as never)).toThrow(/citeULikeItemFeatures: content.rows must be/);
    await expect(loadCiteULikeItemFeatures('x', { names: 1 as never })).rejects.toThrow(/"names" must be a path/);
    await expect(loadCiteULikeItemFeatures('x', { vocabulary: 1 } as never)).rejects.toThrow(/has no option/);
  });
});
