import { touchRows } from '../engine/touch-rows.js';
import { badRow, checkDenseUpdate, checkRowsUpdate, checkStep } from './check-update.js';
import type { Optimizer, OptimizerState } from './optimizer.js';

/** Options of {@link LazyAdam}. */
export interface AdamOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba) with lazy sparse updates, as TensorFlow's `LazyAdamOptimizer`: only the rows a batch touches have
 * their moments and values updated; bias correction uses the global step. Dense parameters get plain Adam.
 * Defaults are Keras's: lr 0.001, β1 0.9, β2 0.999, ε 1e-7.
 *
 * @example
 * ```ts
 * const adam = new LazyAdam({ learningRate: 1e-3 });
 * const state = adam.createState(table.length);
 * adam.updateRows(table, state, Int32Array.of(3, 7), 2, rowGrads, dim, step);
 * ```
 */
export class LazyAdam implements Optimizer {
  readonly name = 'adam';
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(options: AdamOptions = {}) {
    this.learningRate = options.learningRate ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
  }

  /**
   * One slot holding both moments, interleaved per row (`[m(dim), v(dim)]` for each row; a dense parameter is one
   * row): a sparse update then touches one contiguous span per row instead of two distant ones.
   */
  createState(size: number): OptimizerState {
    return [new Float32Array(2 * size)];
  }

  /**
   * @throws RangeError on step < 1 (or not an integer), a gradient shorter than count × dim, a count above
   *   rows.length, a row outside param, or moments of another length than 2 × param.
   */
  updateRows(
    param: Float32Array,
    state: OptimizerState,
    rows: Int32Array,
    count: number,
    grads: Float32Array,
    dim: number,
    step: number,
  ): void {
    checkStep('LazyAdam.updateRows', step);
    checkRowsUpdate('LazyAdam', param, state, rows, count, grads, dim, 2);
    const [moments] = state;
    const { beta1, beta2, epsilon } = this;
    const lr = this.correctedRate(step);
    const eps = epsilon * Math.sqrt(1 - beta2 ** step); // ε on the corrected scale, as tf.keras applies it
    const tableRows = param.length / dim;
    touchRows(param, rows, count, dim);
    touchRows(moments, rows, count, 2 * dim);
    for (let k = 0; k < count; k++) {
      const row = rows[k];
      if (!(row >= 0 && row < tableRows)) badRow('LazyAdam', row, tableRows);
      const base = row * dim;
      const m0 = row * 2 * dim;
      const v0 = m0 + dim;
      const g0 = k * dim;
      for (let d = 0; d < dim; d++) {
        const g = grads[g0 + d];
        const m = (moments[m0 + d] = beta1 * moments[m0 + d] + (1 - beta1) * g);
        const v = (moments[v0 + d] = beta2 * moments[v0 + d] + (1 - beta2) * g * g);
        param[base + d] -= (lr * m) / (Math.sqrt(v) + eps);
      }
    }
  }

  /** @throws RangeError on step < 1 (or not an integer), or grad or moments not matching param. */
  updateDense(param: Float32Array, state: OptimizerState, grad: Float32Array, step: number): void {
    checkStep('LazyAdam.updateDense', step);
    checkDenseUpdate('LazyAdam', param, grad, state, 2);
    const [moments] = state;
    const { beta1, beta2, epsilon } = this;
    const lr = this.correctedRate(step);
    const eps = epsilon * Math.sqrt(1 - beta2 ** step);
    const n = param.length; // one row: m in [0, n), v in [n, 2n)
    for (let j = 0; j < n; j++) {
      const g = grad[j];
      const m = (moments[j] = beta1 * moments[j] + (1 - beta1) * g);
      const v = (moments[n + j] = beta2 * moments[n + j] + (1 - beta2) * g * g);
      param[j] -= (lr * m) / (Math.sqrt(v) + eps);
    }
  }

  /** lr·√(1−β2^t)/(1−β1^t): both bias corrections folded into the step size. */
  private correctedRate(step: number): number {
    return (this.learningRate * Math.sqrt(1 - this.beta2 ** step)) / (1 - this.beta1 ** step);
  }
}
