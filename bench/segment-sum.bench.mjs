// Gradient of tf.gather — an UnsortedSegmentSum into a dense [V, D] table — with tfjs's stock cpu kernel and with the
// linear-time kernels `registerTrainingKernels()` adds for cpu and wasm. V = 100 000, D = 32, N = 4 096 lookups.
// The stock cpu kernel runs one equal/cast/mul/sum per table row, so it is timed once at a small V and extrapolated
// (its cost is linear in V); stock wasm has no such kernel at all.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers tfjs's gradients
import { registerTrainingKernels } from '@recsys/train';
import { table, timed } from './shared.mjs';

const V = 100_000;
const D = 32;
const N = 4_096;
const STOCK_V = 500; // about 15 s for one stock step on this machine's cores
const STEPS = 5;

/** Seconds per gradient of Σ gather(table, ids) · dy with respect to the table, on the current backend. */
async function gradientSeconds(vocabulary, steps, warmUp) {
  const [tableT, ids, dy] = tf.tidy(() => [
    tf.randomUniform([vocabulary, D], -1, 1, 'float32', 1),
    tf.randomUniform([N], 0, vocabulary, 'int32', 2),
    tf.randomUniform([N, D], -1, 1, 'float32', 3),
  ]);
  const gradient = tf.grad((t) => tf.sum(tf.mul(tf.gather(t, ids), dy)));
  const step = () => tf.tidy(() => gradient(tableT).dataSync()[0]); // cpu and wasm run synchronously
  if (warmUp) step();
  const [, seconds] = await timed(() => {
    for (let s = 0; s < steps; s++) step();
  });
  tf.dispose([tableT, ids, dy]);
  return seconds / steps;
}

await tf.setBackend('cpu');
const stock = await gradientSeconds(STOCK_V, 1, false);

registerTrainingKernels();
const rows = [['stock', 'cpu', STOCK_V, 1, (stock * 1000).toFixed(0)]];
for (const backend of ['cpu', 'wasm']) {
  await tf.setBackend(backend);
  rows.push([
    'registerTrainingKernels',
    backend,
    V,
    STEPS,
    ((await gradientSeconds(V, STEPS, true)) * 1000).toFixed(0),
  ]);
}

console.log(`gradient of tf.gather: table [V, ${D}], ${N} lookups`);
table(['kernel', 'backend', 'V', 'steps', 'ms / gradient'], rows);
const extrapolated = (stock * V) / STOCK_V;
console.log(`stock cpu extrapolated to V = ${V}: ~${(extrapolated / 60).toFixed(0)} min per gradient (linear in V)`);
