import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer, OptimizerState } from '../optimizers/optimizer.js';

/** A dense weight for the engine to train: a tfjs variable, named for messages. */
export interface DenseWeight {
  /** E.g. `mlp_tower/kernel_0`: how errors and snapshots name it. */
  name: string;
  variable: tf.Variable;
  /** L2 penalty weight: the gradient gets `2·l2·w`. Default 0. */
  l2?: number;
  /**
   * `'optional'` when a step may legitimately not reach this weight (a branch a batch does not use). Default
   * `'required'`: a weight without gradient is an error, because it almost always means an op outside the tape.
   */
  gradient?: 'required' | 'optional';
}

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
  readonly name: string;
  readonly variable: tf.Variable;
  readonly l2: number;
  readonly optionalGradient: boolean;

  constructor(weight: DenseWeight) {
    this.name = weight.name;
    this.variable = weight.variable;
    this.l2 = weight.l2 ?? 0;
    this.optionalGradient = weight.gradient === 'optional';
    this.host = Float32Array.from(weight.variable.dataSync() as Float32Array);
  }

  /** Applies `grad` (same length) with `optimizer` and writes the result back to the variable. */
  applyGradient(grad: Float32Array, optimizer: Optimizer, step: number): void {
    if (this.l2 > 0) {
      const twoL2 = 2 * this.l2;
      for (let j = 0; j < grad.length; j++) grad[j] += twoL2 * this.host[j]!;
    }
    optimizer.updateDense(this.host, this.state, grad, step);
    this.variable.assign(tf.tensor(this.host, this.variable.shape));
  }

  /** Re-reads the variable (after the variable was set from outside, e.g. a restored snapshot). */
  refresh(): void {
    this.host.set(this.variable.dataSync() as Float32Array);
  }
}
