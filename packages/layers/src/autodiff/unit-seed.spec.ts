import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../test-support.js';
import { isUnitSeed, unitSeed } from './unit-seed.js';

describe('unitSeed', () => {
  it('is one kept scalar 1 per backend, survives tidy, and is told apart from any other 1', async () => {
    await useBackend('cpu');
    const seed = tf.tidy(() => unitSeed());
    expect(seed.isDisposed).toBe(false);
    expect(seed.dataSync()[0]).toBe(1);
    expect(unitSeed()).toBe(seed);
    expect(isUnitSeed(seed)).toBe(true);
    const other = tf.scalar(1);
    expect(isUnitSeed(other)).toBe(false);
    expect(isUnitSeed(null)).toBe(false);
    other.dispose();
    await useBackend('wasm');
    const onWasm = unitSeed();
    expect(onWasm).not.toBe(seed);
    expect(seed.isDisposed).toBe(true);
    expect(isUnitSeed(seed)).toBe(false);
    expect(isUnitSeed(onWasm)).toBe(true);
  });
});
