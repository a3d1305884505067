import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { createOptimizer } from './create-optimizer.js';
import { LazyAdam } from './lazy-adam.js';
import { Momentum } from './momentum.js';
import { SGD } from './sgd.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Runs `steps` of a tfjs optimizer on f(w) = Σ (w − target)² · scale and returns w. */
function tfjsReference(
  optimizer: tf.Optimizer,
  start: Float32Array,
  target: Float32Array,
  steps: number,
): Float32Array {
  const w = tf.variable(tf.tensor1d(start));
  const t = tf.tensor1d(target);
  for (let s = 0; s < steps; s++) optimizer.minimize(() => tf.sum(tf.square(tf.sub(w, t))));
  const out = w.dataSync() as Float32Array;
  w.dispose();
  t.dispose();
  return Float32Array.from(out);
}

function ours(
  optimizer: LazyAdam | SGD | Momentum | Adagrad,
  start: Float32Array,
  target: Float32Array,
  steps: number,
) {
  const w = Float32Array.from(start);
  const state = optimizer.createState(w.length);
  const grad = new Float32Array(w.length);
  for (let s = 1; s <= steps; s++) {
    for (let j = 0; j < w.length; j++) grad[j] = 2 * (w[j] - target[j]);
    optimizer.updateDense(w, state, grad, s);
  }
  return w;
}

const start = Float32Array.of(0.5, -1, 2, 0.1, 0, 3);
const target = Float32Array.of(1, 1, -1, 0.1, 0.5, 2.5);

describe('dense updates match tfjs optimizers', () => {
  it('Adam', () => {
    const expected = tfjsReference(tf.train.adam(0.05, 0.9, 0.999, 1e-7), start, target, 25);
    const actual = ours(new LazyAdam({ learningRate: 0.05 }), start, target, 25);
    for (let j = 0; j < start.length; j++) expect(actual[j]).toBeCloseTo(expected[j], 4);
  });

  it('SGD', () => {
    const expected = tfjsReference(tf.train.sgd(0.1), start, target, 10);
    const actual = ours(new SGD({ learningRate: 0.1 }), start, target, 10);
    for (let j = 0; j < start.length; j++) expect(actual[j]).toBeCloseTo(expected[j], 5);
  });

  it('Momentum', () => {
    const expected = tfjsReference(tf.train.momentum(0.05, 0.9), start, target, 12);
    const actual = ours(new Momentum({ learningRate: 0.05, momentum: 0.9 }), start, target, 12);
    for (let j = 0; j < start.length; j++) expect(actual[j]).toBeCloseTo(expected[j], 5);
  });

  it('Adagrad', () => {
    const expected = tfjsReference(tf.train.adagrad(0.3, 0.1), start, target, 10);
    const actual = ours(new Adagrad({ learningRate: 0.3, initialAccumulator: 0.1 }), start, target, 10);
    for (let j = 0; j < start.length; j++) expect(actual[j]).toBeCloseTo(expected[j], 4);
  });
});

describe('sparse (lazy) row updates', () => {
  for (const make of [
    () => new LazyAdam({ learningRate: 0.1 }),
    () => new SGD({ learningRate: 0.1 }),
    () => new Momentum({ learningRate: 0.1 }),
    () => new Adagrad({ learningRate: 0.1 }),
  ]) {
    const name = make().name;
    it(`${name}: touches only the listed rows, and a row updated every step follows the dense rule`, () => {
      const dim = 3;
      const table = Float32Array.from({ length: 5 * dim }, (_, j) => j / 10);
      const before = Float32Array.from(table);
      const optimizer = make();
      const state = optimizer.createState(table.length);
      const rowGrad = Float32Array.of(0.5, -0.25, 1);
      const dense = make();
      const row = table.slice(2 * dim, 3 * dim);
      const denseState = dense.createState(dim);
      for (let step = 1; step <= 4; step++) {
        optimizer.updateRows(table, state, Int32Array.of(2), 1, rowGrad, dim, step);
        dense.updateDense(row, denseState, rowGrad, step);
      }
      for (let r = 0; r < 5; r++) {
        for (let d = 0; d < dim; d++) {
          const j = r * dim + d;
          if (r === 2) expect(table[j]).toBeCloseTo(row[d], 6);
          else expect(table[j]).toBe(before[j]);
        }
      }
      // Untouched rows keep their initial optimizer state (nothing decays lazily).
      const initial = make().createState(table.length);
      state.forEach((slot, k) => expect(slot.subarray(0, 2 * dim)).toEqual(initial[k].subarray(0, 2 * dim)));
    });
  }

  it('updates several rows from a packed gradient buffer', () => {
    const sgd = new SGD({ learningRate: 1 });
    const table = new Float32Array(8);
    sgd.updateRows(table, [], Int32Array.of(3, 1, 99), 2, Float32Array.of(1, 2, 3, 4), 2, 1);
    expect([...table]).toEqual([0, 0, -3, -4, 0, 0, -1, -2]);
  });
});

describe('createOptimizer', () => {
  it('makes each optimizer and rejects bad input', () => {
    expect(createOptimizer('adam', 0.001)).toBeInstanceOf(LazyAdam);
    expect(createOptimizer('sgd', 0.1).learningRate).toBe(0.1);
    expect(createOptimizer('adagrad', 0.1)).toBeInstanceOf(Adagrad);
    expect(createOptimizer('momentum', 0.1)).toMatchObject({ name: 'momentum', momentum: 0.9 });
    expect(() => new Momentum({ momentum: 1 })).toThrow('momentum must be in [0, 1)');
    expect(() => createOptimizer('adam', 0)).toThrow(/positive/);
    expect(() => createOptimizer('rmsprop' as 'adam', 0.1)).toThrow(/unknown optimizer/);
  });
});

describe('optimizers: argument checks (they wrote NaN into parameters)', () => {
  const optimizers = [new SGD(), new LazyAdam(), new Momentum(), new Adagrad()];
  for (const opt of optimizers) {
    const owner =
      opt instanceof SGD
        ? 'SGD'
        : opt instanceof LazyAdam
          ? 'LazyAdam'
          : opt instanceof Momentum
            ? 'Momentum'
            : 'Adagrad';
    it(`${owner}: refuses a gradient or state of another length, and rows outside the table`, () => {
      const param = Float32Array.of(1, 2, 3, 4);
      const state = opt.createState(4);
      expect(() => opt.updateDense(param, state, Float32Array.of(1, 1), 1)).toThrow(
        `${owner}.updateDense: gradient of 2 values for a parameter of 4`,
      );
      expect(() => opt.updateRows(param, state, Int32Array.of(0, 1), 2, Float32Array.of(1, 1, 1), 2, 1)).toThrow(
        `${owner}.updateRows: gradient of 3 values for 2 rows × 2 = 4`,
      );
      expect(() => opt.updateRows(param, state, Int32Array.of(0), 2, new Float32Array(4), 2, 1)).toThrow(
        /count 2 outside \[0, 1\]/,
      );
      expect(() => opt.updateRows(param, state, Int32Array.of(2), 1, new Float32Array(2), 2, 1)).toThrow(
        `${owner}.updateRows: row 2 outside the table's [0, 2)`,
      );
      expect(() => opt.updateRows(param, state, Int32Array.of(0), 1, new Float32Array(3), 3, 1)).toThrow(
        /width 3 does not divide/,
      );
      if (owner !== 'SGD') {
        expect(() => opt.updateDense(param, opt.createState(3), new Float32Array(4), 1)).toThrow(
          /state slot 0 holds \d+ values for a parameter of 4/,
        );
      }
      expect(Array.from(param)).toEqual([1, 2, 3, 4]); // nothing written by the refused calls
      opt.updateDense(param, state, Float32Array.of(1, 1, 1, 1), 1);
      expect(param.every(Number.isFinite)).toBe(true);
    });
  }

  it('LazyAdam refuses step 0 (bias correction divides by 1 − β1⁰ = 0) and fractional steps', () => {
    const adam = new LazyAdam();
    const param = Float32Array.of(1, 2);
    expect(() => adam.updateDense(param, adam.createState(2), Float32Array.of(1, 1), 0)).toThrow(
      'LazyAdam.updateDense: step must be an integer ≥ 1 (steps count from 1), got 0',
    );
    expect(() => adam.updateRows(param, adam.createState(2), Int32Array.of(0), 1, Float32Array.of(1), 1, 1.5)).toThrow(
      /LazyAdam.updateRows: step must be an integer ≥ 1/,
    );
    expect(Array.from(param)).toEqual([1, 2]);
  });
});
