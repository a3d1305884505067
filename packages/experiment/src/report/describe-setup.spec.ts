import { describe, expect, it } from 'vitest';
import { describeSetup, jsonText, settingsText } from './describe-setup.js';
import { comparisonFixture } from './fixture.js';

describe('describeSetup', () => {
  it('describes data, split, seeds, protocols, cutoffs, selection, budget and the run', () => {
    const setup = Object.fromEntries(describeSetup(comparisonFixture()));
    expect(setup.Data).toBe('ml-100k: 943 users, 1,682 items, 100,000 interactions');
    expect(setup.Split).toBe('leave-one-out, per seed: train 98,114, validation 943, test 943');
    expect(setup.Seeds).toBe('1, 2, 3 (3)');
    expect(setup.Protocols).toBe('sampled (99 negatives per test item), full ranking');
    expect(setup.Cutoffs).toBe('K = 5, 10, 20');
    expect(setup.Selection).toBe('NDCG@10 under the sampled protocol, on validation only');
    expect(setup.Budget).toBe('at most 4 tuning trials per model and seed');
    expect(setup.Run).toContain('(42 min 17 s)');
  });

  it('lists extra split keys and survives bad times', () => {
    const result = comparisonFixture();
    result.split = { ...result.split, kind: 'given test', coldTestCases: 12, ratio: 0.2 } as typeof result.split;
    result.finished = 'never';
    const setup = Object.fromEntries(describeSetup(result));
    expect(setup.Split).toBe(
      'given test, per seed: train 98,114, validation 943, test 943; cold cases left out: validation 0, test 12, ratio 0.2',
    );
    expect(setup.Run).not.toContain('NaN');
  });

  it('says when the test cases are a sample', () => {
    const result = comparisonFixture();
    result.split = { ...result.split, test: 500, testCasesDrawn: { drawn: 500, of: 943 } };
    expect(Object.fromEntries(describeSetup(result)).Split).toBe(
      'leave-one-out, per seed: train 98,114, validation 943, test 500; test cases: a seeded sample of 500 of 943, ' +
        'the same for every model',
    );
  });
});

describe('settingsText', () => {
  it('writes key=value pairs', () => {
    expect(settingsText({ factors: 16, layers: [64, 32], opt: 'adam' })).toBe('factors=16, layers=[64,32], opt=adam');
    expect(settingsText({})).toBe('defaults');
    expect(jsonText(null)).toBe('null');
  });
});
