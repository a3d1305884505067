// tfjs-backend-wasm's matmul with a transpose flag, stock and as `useFastTransposedMatMulOnWasm()` wraps it (the
// operand transposed by wasm's Transpose kernel first), at the shapes of the models' backward passes: dA = dY·Bᵀ and
// dB = Aᵀ·dY for a tower layer (batch 256) and for attention over ~1500 distinct history entries. tfjs derives every
// matmul gradient with these flags. Median milliseconds of 5 rounds of 100 calls each.
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { useFastTransposedMatMulOnWasm } from '@recsys/train';
import { median, table } from './shared.mjs';

const SHAPES = [
  [256, 64, 128],
  [256, 128, 64],
  [1500, 32, 32],
];

/** One call of `f`, its result read back (so the work is done) outside the tidy: tf.tidy walks a returned typed array
 * element by element looking for tensors, which would cost more than the matmul. */
function once(f) {
  const y = tf.tidy(f);
  y.dataSync();
  y.dispose();
}

/** Median ms per call of `f`. */
function ms(f) {
  for (let k = 0; k < 20; k++) once(f);
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let k = 0; k < 100; k++) once(f);
    rounds.push((performance.now() - start) / 100);
  }
  return median(rounds);
}

await tf.setBackend('wasm');
const cases = SHAPES.map(([m, k, n]) => {
  const [a, b, dy] = [tf.randomNormal([m, k], 0, 1, 'float32', 1), tf.randomNormal([k, n], 0, 1, 'float32', 2),
    tf.randomNormal([m, n], 0, 1, 'float32', 3)]; // prettier-ignore
  return { label: `[${m}, ${k}] · [${k}, ${n}]`, a, b, dy };
});
const time = ({ a, b, dy }) => ({
  forward: ms(() => tf.matMul(a, b)),
  dA: ms(() => tf.matMul(dy, b, false, true)),
  dB: ms(() => tf.matMul(a, dy, true, false)),
});
const stock = cases.map(time);
useFastTransposedMatMulOnWasm();
const fast = cases.map(time);
table(
  ['shape', 'forward ms', 'dY·Bᵀ stock', 'dY·Bᵀ wrapped', 'Aᵀ·dY stock', 'Aᵀ·dY wrapped'],
  cases.map((c, i) => [c.label, fast[i].forward.toFixed(3), stock[i].dA.toFixed(3), fast[i].dA.toFixed(3),
    stock[i].dB.toFixed(3), fast[i].dB.toFixed(3)]), // prettier-ignore
);
