import type { Optimizer, OptimizerState } from './optimizer.js';

/**
 * Adagrad (Duchi et al.): per-coordinate step sizes from the running sum of squared gradients; sparse updates touch
 * only the batch's rows. Defaults as Keras: lr 0.001, initial accumulator 0.1, ε 1e-7.
 *
 * @example
 * ```ts
 * const adagrad = new Adagrad({ learningRate: 0.05 });
 * const state = adagrad.createState(table.length);
 * adagrad.updateRows(table, state, rows, rows.length, grads, dim, step);
 * ```
 */
export class Adagrad implements Optimizer {
  readonly name = 'adagrad';
  learningRate: number;
  readonly initialAccumulator: number;
  readonly epsilon: number;

  constructor(options: { learningRate?: number; initialAccumulator?: number; epsilon?: number } = {}) {
    this.learningRate = options.learningRate ?? 1e-3;
    this.initialAccumulator = options.initialAccumulator ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-7;
  }

  createState(size: number): OptimizerState {
    return [new Float32Array(size).fill(this.initialAccumulator)];
  }

  updateRows(
    param: Float32Array,
    [acc]: OptimizerState,
    rows: Int32Array,
    count: number,
    grads: Float32Array,
    dim: number,
    _step?: number,
  ): void {
    const { learningRate: lr, epsilon } = this;
    for (let k = 0; k < count; k++) {
      const base = rows[k] * dim;
      const g0 = k * dim;
      for (let d = 0; d < dim; d++) {
        const j = base + d;
        const g = grads[g0 + d];
        acc[j] += g * g;
        param[j] -= (lr * g) / (Math.sqrt(acc[j]) + epsilon);
      }
    }
  }

  updateDense(param: Float32Array, [acc]: OptimizerState, grad: Float32Array): void {
    const { learningRate: lr, epsilon } = this;
    for (let j = 0; j < param.length; j++) {
      const g = grad[j];
      acc[j] += g * g;
      param[j] -= (lr * g) / (Math.sqrt(acc[j]) + epsilon);
    }
  }
}
