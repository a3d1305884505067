// A plain tfjs-layers model with tf.layers.embedding, trained with model.fit on the wasm backend. Stock tfjs has no
// UnsortedSegmentSum kernel on wasm (the gradient of gather) and a very slow one on cpu; registerTrainingKernels()
// adds linear-time ones.
// Run from the repository root after `pnpm build`:  node examples/stock-embedding.mjs
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '@recsys/train';

registerTrainingKernels();
await tf.setBackend('wasm');

const ids = tfl.input({ shape: [1], dtype: 'int32' });
const embedded = tfl.layers.flatten().apply(tfl.layers.embedding({ inputDim: 5000, outputDim: 16 }).apply(ids));
const output = tfl.layers.dense({ units: 1, activation: 'sigmoid' }).apply(embedded);
const model = tfl.model({ inputs: ids, outputs: output });
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });

const x = tf.tensor2d(
  Int32Array.from({ length: 4096 }, (_, k) => k % 5000),
  [4096, 1],
  'int32',
);
const y = tf.tensor2d(
  Float32Array.from({ length: 4096 }, (_, k) => (k % 5000) % 2),
  [4096, 1],
);
const history = await model.fit(x, y, { epochs: 5, batchSize: 256, verbose: 0 });
console.log('loss per epoch', history.history.loss.map((l) => Number(l).toFixed(4)).join(' '));
