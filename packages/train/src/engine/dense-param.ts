import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer, OptimizerState } from '../optimizers/optimizer.js';

/**
 * A dense weight (a tower's kernel or bias) trained by the engine: the variable lives in tfjs, where the forward pass
 * reads it; its optimizer update runs host-side on a mirror (a few thousand values: cheaper than the dozen tfjs ops an
 * optimizer step would cost per weight), then the new values are written back with one `assign`.
 */
export class DenseParam {
  /** Host mirror of the variable's values. */
  readonly host: Float32Array;
  /** Optimizer slots. */
  state: OptimizerState = [];

  /**
   * @param variable - the tfjs variable (e.g. `layer.trainableWeights[k].read()`).
   * @param l2 - L2 penalty weight: the gradient gets `2·l2·w`.
   */
  constructor(
    readonly variable: tf.Variable,
    readonly l2 = 0,
  ) {
    this.host = Float32Array.from(variable.dataSync() as Float32Array);
  }

  /** Applies `grad` (same length) with `optimizer` and writes the result back to the variable. */
  applyGradient(grad: Float32Array, optimizer: Optimizer, step: number): void {
    if (this.l2 > 0) {
      const twoL2 = 2 * this.l2;
      for (let j = 0; j < grad.length; j++) grad[j] += twoL2 * this.host[j];
    }
    optimizer.updateDense(this.host, this.state, grad, step);
    this.variable.assign(tf.tensor(this.host, this.variable.shape));
  }

  /** Re-reads the variable (after the variable was set from outside, e.g. a restored snapshot). */
  refresh(): void {
    this.host.set(this.variable.dataSync() as Float32Array);
  }
}
