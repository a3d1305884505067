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
  host: Float32Array;
  /** Optimizer slots. */
  state: OptimizerState = [];
  readonly name: string;
  readonly variable: tf.Variable;
  readonly l2: number;
  readonly optionalGradient: boolean;
  /**
   * Whether {@link host} is memory other threads update too (a parallel fit): the variable is then written from it
   * before each step ({@link pull}) rather than after each update.
   */
  private shared = false;

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
    if (!this.shared) this.pull();
  }

  /** Writes the host values to the variable (disposing the tensor it writes through: callers need no tidy). */
  pull(): void {
    const value = tf.tensor(this.host, this.variable.shape);
    this.variable.assign(value);
    value.dispose();
  }

  /**
   * Moves the values and optimizer slots onto `host` and `state` (memory shared with other threads' replicas; not
   * copied), or back to private memory with `undefined` (a copy of the current values).
   */
  useStorage(shared: { host: Float32Array; state: OptimizerState } | undefined): void {
    if (shared && shared.host.length !== this.host.length) {
      throw new Error(`${this.name}: storage of ${shared.host.length} values for ${this.host.length}`);
    }
    this.host = shared ? shared.host : Float32Array.from(this.host);
    this.state = shared ? shared.state : this.state.map((slot) => Float32Array.from(slot));
    this.shared = shared !== undefined;
  }

  /** Re-reads the variable (after the variable was set from outside, e.g. a restored snapshot). */
  refresh(): void {
    this.host.set(this.variable.dataSync() as Float32Array);
  }
}
