import { touchRows } from '../engine/touch-rows.js';
import { badRow, checkDenseUpdate, checkRowsUpdate } from './check-update.js';
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

  /** @throws RangeError on a gradient shorter than count × dim, a count above rows.length, a row outside param, or state of another length. */
  updateRows(
    param: Float32Array,
    state: OptimizerState,
    rows: Int32Array,
    count: number,
    grads: Float32Array,
    dim: number,
    _step?: number,
  ): void {
    checkRowsUpdate('Adagrad', param, state, rows, count, grads, dim);
    const [acc] = state;
    const { learningRate: lr, epsilon } = this;
    const tableRows = param.length / dim;
    touchRows(param, rows, count, dim);
    touchRows(acc, rows, count, dim);
    for (let k = 0; k < count; k++) {
      const row = rows[k];
      if (!(row >= 0 && row < tableRows)) badRow('Adagrad', row, tableRows);
      const base = row * dim;
      const g0 = k * dim;
      for (let d = 0; d < dim; d++) {
        const j = base + d;
        const g = grads[g0 + d];
        acc[j] += g * g;
        param[j] -= (lr * g) / (Math.sqrt(acc[j]) + epsilon);
      }
    }
  }

  /** @throws RangeError when grad or the state is not as long as param. */
  updateDense(param: Float32Array, state: OptimizerState, grad: Float32Array): void {
    checkDenseUpdate('Adagrad', param, grad, state);
    const [acc] = state;
    const { learningRate: lr, epsilon } = this;
    for (let j = 0; j < param.length; j++) {
      const g = grad[j];
      acc[j] += g * g;
      param[j] -= (lr * g) / (Math.sqrt(acc[j]) + epsilon);
    }
  }
}
