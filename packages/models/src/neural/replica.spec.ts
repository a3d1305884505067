import { Interactions } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { logData, logFromData, workerFitOptions } from './replica.js';

describe('workerFitOptions', () => {
  it('keeps the plain options that shape batches, leaves the main thread its own', () => {
    const fit = workerFitOptions('gmf', {
      batchSize: 256,
      negatives: 4,
      sampler: 'popularity',
      order: 'grouped',
      seed: 3,
      epochs: 20,
      workers: 2,
      validation: {},
      progress: false,
      onEpochEnd: () => {},
      behaviours: ['pv', 'cart'],
      loss: undefined,
    });
    expect(fit).toEqual({
      batchSize: 256,
      negatives: 4,
      sampler: 'popularity',
      order: 'grouped',
      seed: 3,
      behaviours: ['pv', 'cart'],
    });
  });

  it('refuses an option a worker cannot receive, naming it', () => {
    expect(() => workerFitOptions('gmf', { sampler: { sample: () => 0 } })).toThrow(
      /gmf\.fit: option "sampler" .* cannot go to the workers of a parallel fit/,
    );
    expect(() => workerFitOptions('dmf', { itemWeights: new Float32Array(3) })).toThrow(/option "itemWeights"/);
  });
});

describe('logData / logFromData', () => {
  it('rebuilds the log in the same index space, every column kept', () => {
    const log = Interactions.fromColumns(
      {
        users: Int32Array.of(0, 2, 1),
        items: Int32Array.of(3, 0, 3),
        values: Float32Array.of(5, 1, 4),
        timestamps: Float64Array.of(10, 20, 30),
        behaviours: Uint8Array.of(0, 1, 1),
      },
      { numUsers: 4, numItems: 6, behaviourNames: ['pv', 'buy'] },
    );
    const copy = logFromData(structuredClone(logData(log)));
    expect([copy.numUsers, copy.numItems]).toEqual([4, 6]);
    expect(copy.users).toEqual(log.users);
    expect(copy.items).toEqual(log.items);
    expect(copy.values).toEqual(log.values);
    expect(copy.timestamps).toEqual(log.timestamps);
    expect(copy.behaviours).toEqual(log.behaviours);
    expect(copy.behaviourNames).toEqual(['pv', 'buy']);
    expect(copy.itemsOf(2)).toEqual(log.itemsOf(2));
  });
});
