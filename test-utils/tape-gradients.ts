import * as tf from '@tensorflow/tfjs-core';
import { Tape } from '@recsys/layers';
import { expect } from 'vitest';

/** Options of {@link expectTapeMatchesAutodiff}. */
export interface TapeCheckOptions {
  /** Indices of the inputs to compare gradients for. Default: every float32 input. */
  wrt?: number[];
  /** Largest allowed absolute difference, relative to max(1, |value|). Default 1e-4. */
  tolerance?: number;
  /** Seed of the random output gradient. Default 7. */
  seed?: number;
}

/**
 * The one check every hand-written backward rule (and the generic path) must pass: `taped(inputs, tape)` on a
 * {@link Tape}, back-propagated from a random output gradient, gives the same values and input gradients as tfjs's own
 * autodiff of `reference(...inputs)` seeded with the same output gradient. Run it on cpu and wasm.
 */
export function expectTapeMatchesAutodiff(
  taped: (inputs: tf.Tensor[], tape: Tape) => tf.Tensor,
  reference: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  options: TapeCheckOptions = {},
): void {
  const { tolerance = 1e-4, seed = 7 } = options;
  const wrt = options.wrt ?? inputs.flatMap((x, k) => (x.dtype === 'float32' ? [k] : []));
  tf.tidy(() => {
    const tape = new Tape();
    const ours = taped(inputs, tape);
    const expected = reference(...inputs);
    expectClose(ours, expected, tolerance, 'value');
    const dy = tf.randomNormal(ours.shape, 0, 1, 'float32', seed);
    const grads = tape.gradients(
      ours,
      dy,
      wrt.map((k) => inputs[k]!),
    );
    const stock = tf.engine().gradients(
      () => reference(...inputs),
      wrt.map((k) => inputs[k]!),
      dy,
      true,
    ).grads;
    wrt.forEach((k, j) => {
      const g = grads[j];
      const s = stock[j];
      if (s === undefined) {
        expect(g, `input ${k}: autodiff has no gradient`).toBeNull();
        return;
      }
      expect(g, `input ${k}: no gradient on the tape`).not.toBeNull();
      expectClose(g!, s, tolerance, `gradient of input ${k}`);
    });
  });
}

function expectClose(a: tf.Tensor, b: tf.Tensor, tolerance: number, what: string): void {
  expect(a.shape, `${what}: shape`).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  for (let i = 0; i < x.length; i++) {
    const bound = tolerance * Math.max(1, Math.abs(y[i]!));
    if (!(Math.abs(x[i]! - y[i]!) <= bound)) {
      expect.fail(`${what}: element ${i} is ${x[i]}, autodiff gives ${y[i]}`);
    }
  }
}
