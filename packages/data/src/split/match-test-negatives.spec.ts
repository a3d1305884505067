import { describe, expect, it } from 'vitest';
import { IdMap } from '../id-map.js';
import { Interactions } from '../interactions.js';
import type { TestNegatives } from '../test-negatives.js';
import { assertNegativesMatch, matchTestNegatives } from './match-test-negatives.js';

function negatives(heads: [number, number][], perCase = 2): TestNegatives {
  return {
    users: Int32Array.from(heads, ([u]) => u),
    positives: Int32Array.from(heads, ([, i]) => i),
    offsets: Int32Array.from({ length: heads.length + 1 }, (_, c) => c * perCase),
    items: new Int32Array(heads.length * perCase).fill(9),
  };
}

const test = Interactions.fromColumns(
  { users: Int32Array.of(0, 1, 2), items: Int32Array.of(3, 4, 5) },
  { userIds: IdMap.from(['a', 'b', 'c']), itemIds: IdMap.from(['i0', 'i1', 'i2', 'i3', 'i4', 'i5']) },
);

describe('matchTestNegatives', () => {
  it('finds nothing when every pair heads exactly one case', () => {
    const match = matchTestNegatives(
      negatives([
        [2, 5],
        [0, 3],
        [1, 4],
      ]),
      test,
    );
    expect(match).toMatchObject({ cases: 3, heldOutPairs: 3, casesNotHeldOut: 0, heldOutWithoutCase: 0 });
    expect(match.repeatedCases).toBe(0);
  });

  it('counts cases of another split, repeated cases and pairs without a case', () => {
    const match = matchTestNegatives(
      negatives([
        [0, 3],
        [0, 3],
        [1, 1],
        [7, 4],
      ]),
      test,
    );
    expect(match.casesNotHeldOut).toBe(2); // (1,1) and the unknown user 7
    expect(match.repeatedCases).toBe(1);
    expect(match.heldOutWithoutCase).toBe(2); // (1,4) and (2,5)
    expect(match.examples.notHeldOut).toEqual([
      [1, 1],
      [7, 4],
    ]);
    expect(match.examples.withoutCase).toEqual([
      [1, 4],
      [2, 5],
    ]);
  });

  it('counts a pair the log lists twice once', () => {
    const twice = Interactions.fromColumns(
      { users: Int32Array.of(0, 0), items: Int32Array.of(3, 3) },
      { numUsers: 3, numItems: 6 },
    );
    expect(matchTestNegatives(negatives([[0, 3]]), twice)).toMatchObject({ heldOutPairs: 1, heldOutWithoutCase: 0 });
  });
});

describe('assertNegativesMatch', () => {
  const names = { negatives: 'test.negative', heldOut: 'test.rating' };

  it('passes a matching pair of files', () => {
    expect(
      assertNegativesMatch(
        negatives([
          [0, 3],
          [1, 4],
          [2, 5],
        ]),
        test,
        names,
      ).cases,
    ).toBe(3);
  });

  it('names both files and shows raw ids when they disagree', () => {
    expect(() =>
      assertNegativesMatch(
        negatives([
          [0, 3],
          [1, 2],
        ]),
        test,
        names,
      ),
    ).toThrow(
      'test.negative does not belong to test.rating: 1 of its 2 cases are not pairs of test.rating (e.g. (b,i2)); ' +
        '2 of the 3 pairs of test.rating have no case (e.g. (b,i4), (c,i5))',
    );
  });
});

describe('assertNegativesMatch arguments', () => {
  it('says what to pass without names', () => {
    const heldOut = Interactions.fromColumns({ users: Int32Array.of(0), items: Int32Array.of(1) }, { numItems: 3 });
    const negatives: TestNegatives = {
      users: Int32Array.of(0),
      positives: Int32Array.of(1),
      offsets: Int32Array.of(0, 1),
      items: Int32Array.of(2),
    };
    // Before: "Cannot read properties of undefined (reading 'negatives')", and only when the two disagreed.
    expect(() => assertNegativesMatch(negatives, heldOut, undefined as never)).toThrow(
      /assertNegativesMatch: pass the names of the two sources for the message, e\.g\. \{ negatives: 'test\.negative', heldOut: 'test\.rating' \}, got undefined/,
    );
    expect(() => assertNegativesMatch(negatives, heldOut, { negatives: 'a', heldOut: 'b' })).not.toThrow();
  });
});
