import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  assertNonNegative,
  assertPositiveInt,
  isShapeList,
  lastDim,
  mergedPairShape,
  normalizeSeed,
  singleShape,
  singleTensor,
  tensorPair,
  toShapeList,
  toTensorList,
} from './layer-utils.js';
import './test-support.js';

describe('layer-utils', () => {
  it('tells a shape from a list of shapes', () => {
    expect(
      isShapeList([
        [null, 4],
        [null, 2],
      ]),
    ).toBe(true);
    expect(isShapeList([null, 4])).toBe(false);
    expect(isShapeList([])).toBe(false);
    expect(toShapeList([null, 4])).toEqual([[null, 4]]);
    expect(singleShape([[null, 3]], 'L')).toEqual([null, 3]);
    expect(() =>
      singleShape(
        [
          [null, 3],
          [null, 3],
        ],
        'L',
      ),
    ).toThrow(/exactly one/);
    expect(lastDim([null, 7], 'L')).toBe(7);
    expect(() => lastDim([null, null], 'L')).toThrow(/last axis/);
  });

  it('merges the shapes of a pair', () => {
    expect(
      mergedPairShape(
        [
          [null, 4],
          [8, 4],
        ],
        'L',
      ),
    ).toEqual([8, 4]);
    expect(() =>
      mergedPairShape(
        [
          [null, 4],
          [null, 3],
        ],
        'L',
      ),
    ).toThrow(/equal shape/);
    expect(() => mergedPairShape([null, 4], 'L')).toThrow(/two inputs/);
  });

  it('unpacks tensors', async () => {
    await tf.setBackend('cpu');
    const a = tf.ones([2, 3]);
    const b = tf.zeros([2, 3]);
    expect(singleTensor(a, 'L')).toBe(a);
    expect(singleTensor([a], 'L')).toBe(a);
    expect(() => singleTensor([a, b], 'L')).toThrow(/exactly one/);
    expect(toTensorList(a)).toEqual([a]);
    expect(tensorPair([a, b], 'L')).toEqual([a, b]);
    expect(() => tensorPair([a, tf.ones([2, 2])], 'L')).toThrow(/equal shape/);
    expect(() => tensorPair(a, 'L')).toThrow(/two input/);
  });

  it('validates numbers', () => {
    expect(() => assertPositiveInt(3, 'x')).not.toThrow();
    expect(() => assertPositiveInt(0, 'x')).toThrow(/x must be a positive integer/);
    expect(() => assertPositiveInt(1.5, 'x')).toThrow();
    expect(() => assertNonNegative(0, 'x')).not.toThrow();
    expect(() => assertNonNegative(-1, 'x')).toThrow();
    expect(() => assertNonNegative(Number.NaN, 'x')).toThrow();
    expect(normalizeSeed(null)).toBeUndefined();
    expect(normalizeSeed(undefined)).toBeUndefined();
    expect(normalizeSeed(4)).toBe(4);
    expect(() => normalizeSeed(Number.POSITIVE_INFINITY)).toThrow();
  });
});
