// The stock cpu kernels must be registered before one of them is replaced, or importing the package later would
// put the stock UnsortedSegmentSum back.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { unsortedSegmentSumCpu, unsortedSegmentSumWasm } from './unsorted-segment-sum.js';

interface TrainingKernel {
  readonly config: tf.KernelConfig;
  /** Replace a kernel tfjs already registered (true for a stock kernel known to be too slow). */
  readonly replaceStock: boolean;
}

const TRAINING_KERNELS: readonly TrainingKernel[] = [
  // The stock cpu kernel costs O(numSegments · N · D): one equal/cast/mul/sum per segment.
  {
    config: { kernelName: tf.UnsortedSegmentSum, backendName: 'cpu', kernelFunc: unsortedSegmentSumCpu },
    replaceStock: true,
  },
  // tfjs-backend-wasm 4.22 has none (tfjs#8082); should a later version ship one, keep it.
  {
    config: { kernelName: tf.UnsortedSegmentSum, backendName: 'wasm', kernelFunc: unsortedSegmentSumWasm },
    replaceStock: false,
  },
];

/**
 * Registers the kernels that make stock tfjs training usable in Node: a linear-time `UnsortedSegmentSum` for the
 * `cpu` backend (replacing tfjs's O(numSegments·N·D) kernel) and one for the `wasm` backend (which has none). That
 * kernel is the gradient of `tf.gather`, so without this call stock `tf.layers.embedding` models crawl on cpu and
 * throw "Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'" on wasm.
 *
 * When to call it: once at startup, before the first gradient through a gather. These kernels have no `setupFunc`,
 * so calling it before or after `tf.setBackend`/`selectBackend` both work (tfjs looks kernels up on every call);
 * calling it first is the safe habit. The wasm package does not have to be installed: a kernel for an absent backend
 * is never run. Idempotent and silent: a second call changes nothing and prints no "already registered" warning.
 * The registrations are process-global, like every tfjs kernel.
 *
 * @example
 * ```ts
 * import { registerTrainingKernels, selectBackend } from '@recsys/train';
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 *
 * registerTrainingKernels();
 * await selectBackend(); // wasm here
 * const model = tfl.sequential({
 *   layers: [
 *     tfl.layers.embedding({ inputDim: 100_000, outputDim: 32, inputLength: 1 }),
 *     tfl.layers.flatten(),
 *     tfl.layers.dense({ units: 1 }),
 *   ],
 * });
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * await model.fit(tf.tensor2d([[3], [7]]), tf.tensor2d([[1], [0]])); // no longer throws on wasm
 * ```
 */
export function registerTrainingKernels(): void {
  for (const { config, replaceStock } of TRAINING_KERNELS) {
    // tf.getKernel is typed as always returning a config, but returns undefined when none is registered.
    const current: tf.KernelConfig | undefined = tf.getKernel(config.kernelName, config.backendName);
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current !== undefined) {
      if (!replaceStock) continue;
      tf.unregisterKernel(config.kernelName, config.backendName);
    }
    tf.registerKernel(config);
  }
}
