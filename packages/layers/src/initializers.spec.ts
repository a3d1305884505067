import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { isInitializerName, resolveInitializer, serializeInitializer } from './initializers.js';
import { maxAbsDiff, useBackend } from './test-support.js';

describe('initializers', () => {
  beforeAll(() => useBackend('cpu'));

  it('resolves names, seeded reproducibly', () => {
    const a = resolveInitializer('glorotUniform', 3).apply([4, 5], 'float32');
    const b = resolveInitializer('glorotUniform', 3).apply([4, 5], 'float32');
    const c = resolveInitializer('glorotUniform', 4).apply([4, 5], 'float32');
    expect(maxAbsDiff(a, b)).toBe(0);
    expect(maxAbsDiff(a, c)).toBeGreaterThan(0);
    // tfjs serializes the named variance-scaling initializers as VarianceScaling.
    expect(resolveInitializer('lecunUniform').getConfig()).toMatchObject({
      scale: 1,
      mode: 'fanIn',
      distribution: 'uniform',
    });
    expect(Array.from(resolveInitializer('zeros').apply([2], 'float32').dataSync())).toEqual([0, 0]);
  });

  it('round-trips instances through their serialized form', () => {
    const init = tfl.initializers.randomNormal({ mean: 1, stddev: 0.5, seed: 9 });
    const serialized = serializeInitializer(init);
    expect(serialized).toEqual({ className: 'RandomNormal', config: { mean: 1, stddev: 0.5, seed: 9 } });
    const back = resolveInitializer(JSON.parse(JSON.stringify(serialized)) as typeof serialized);
    expect(maxAbsDiff(back.apply([3, 3], 'float32'), init.apply([3, 3], 'float32'))).toBe(0);
    expect(resolveInitializer(init)).toBe(init);
    expect(serializeInitializer('heNormal')).toBe('heNormal');
  });

  it('rejects unknown names and classes', () => {
    expect(isInitializerName('glorotUniform')).toBe(true);
    expect(isInitializerName('toString')).toBe(false);
    expect(() => resolveInitializer('nope' as 'zeros')).toThrow(/Unknown initializer/);
    expect(() => resolveInitializer({ className: 'Nope', config: {} })).toThrow(/Unknown initializer class/);
  });

  it('does not leak tensors when resolving', () => {
    const before = tf.memory().numTensors;
    resolveInitializer('heUniform', 1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
