import * as data from '@recsys/data';
import * as evaluation from '@recsys/eval';
import * as experiment from '@recsys/experiment';
import * as layers from '@recsys/layers';
import * as models from '@recsys/models';
import * as train from '@recsys/train';
import { describe, expect, it } from 'vitest';
import * as recsys from './index.js';

describe('the recsys entry package', () => {
  it('re-exports every value each scoped package exports, as the same object', () => {
    const packages = { data, evaluation, experiment, layers, models, train };
    for (const [name, exported] of Object.entries(packages)) {
      for (const [key, value] of Object.entries(exported)) {
        expect((recsys as Record<string, unknown>)[key], `${name}.${key}`).toBe(value);
      }
    }
  });

  it('trains and evaluates from the one import', async () => {
    const { GMF, evaluateSampled, leaveOneOut, sampleTestNegatives, synthetic } = recsys;
    const { interactions } = synthetic({ users: 100, items: 150, seed: 3 });
    const { train, test } = leaveOneOut(interactions);
    const model = new GMF({ factors: 4 });
    await model.fit(train, { epochs: 1, progress: false, backend: 'cpu' });
    const { metrics } = await evaluateSampled(model, sampleTestNegatives(interactions, test, { count: 20, seed: 1 }));
    expect(metrics.hr).toBeGreaterThanOrEqual(0);
    expect(metrics.hr).toBeLessThanOrEqual(1);
  });
});
