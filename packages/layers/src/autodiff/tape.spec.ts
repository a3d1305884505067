import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tape } from './tape.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** y = a ⊙ b recorded on the tape. */
function mul(tape: Tape, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const y = tf.mul(a, b);
  tape.record([a, b], y, (dy, needs) => [needs[0] ? tf.mul(dy, b) : null, needs[1] ? tf.mul(dy, a) : null]);
  return y;
}

describe('Tape', () => {
  it('matches tfjs autodiff, summing gradients of a tensor used twice', () => {
    tf.tidy(() => {
      const a = tf.tensor1d([1, 2, 3]);
      const b = tf.tensor1d([4, -5, 6]);
      const tape = new Tape();
      const y = mul(tape, mul(tape, a, b), a); // a²b
      const [da, db] = tape.gradients(y, tf.onesLike(y), [a, b]);
      const [ea, eb] = tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.mul(tf.mul(x, z), x))([a, b]);
      expect(da!.arraySync()).toEqual(ea.arraySync()); // 2ab
      expect(db!.arraySync()).toEqual(eb.arraySync()); // a²
    });
  });

  it('skips gradients nobody asked for and returns null where there is no path', () => {
    tf.tidy(() => {
      const a = tf.tensor1d([1, 2]);
      const constant = tf.tensor1d([3, 4]);
      const unrelated = tf.tensor1d([0, 0]);
      const tape = new Tape();
      let asked: readonly boolean[] = [];
      const y = tf.mul(a, constant);
      tape.record([a, constant], y, (dy, needs) => {
        asked = needs;
        return [tf.mul(dy, constant), null];
      });
      const [da, du] = tape.gradients(y, tf.onesLike(y), [a, unrelated]);
      expect(asked).toEqual([true, false]);
      expect(da!.arraySync()).toEqual([3, 4]);
      expect(du).toBeNull();
      expect(tape.size).toBe(1);
    });
  });

  it('records ops with several outputs; an output without gradient reaches the rule as null', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([1, 2, 3, 4]);
      const tape = new Tape();
      const parts = tf.split(x, 2);
      let seen: readonly (tf.Tensor | null)[] = [];
      tape.recordMany([x], parts, (dys) => {
        seen = dys;
        return [tf.concat(dys.map((dy, k) => dy ?? tf.zeros(parts[k]!.shape)))];
      });
      const y = mul(tape, parts[1]!, parts[1]!);
      expect(tape.produced(y)).toBe(true);
      expect(tape.produced(x)).toBe(false);
      const [dx] = tape.gradients(y, tf.onesLike(y), [x]);
      expect(seen[0]).toBeNull();
      expect(dx!.arraySync()).toEqual([0, 0, 6, 8]);
    });
  });

  it('refuses an op whose output is one of its inputs', () => {
    const x = tf.tensor1d([1]);
    expect(() => new Tape().record([x], x, (dy) => [dy])).toThrow(/new tensor/);
    x.dispose();
  });
});
