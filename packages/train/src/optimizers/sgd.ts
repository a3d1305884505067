import { touchRows } from '../engine/touch-rows.js';
import { badRow, checkDenseUpdate, checkRowsUpdate } from './check-update.js';
import type { Optimizer, OptimizerState } from './optimizer.js';

/**
 * Plain (vanilla) stochastic gradient descent: `w -= lr·g`. NeuMF after GMF + MLP pre-training is fine-tuned with it,
 * as in the NCF paper (Adam's moments are not part of the pre-trained state).
 *
 * @example
 * ```ts
 * const sgd = new SGD({ learningRate: 0.01 });
 * sgd.updateDense(weights, sgd.createState(weights.length), grad, 1);
 * ```
 */
export class SGD implements Optimizer {
  readonly name = 'sgd';
  learningRate: number;

  constructor(options: { learningRate?: number } = {}) {
    this.learningRate = options.learningRate ?? 0.01;
  }

  createState(): OptimizerState {
    return [];
  }

  /** @throws RangeError on a gradient shorter than count × dim, a count above rows.length, or a row outside param. */
  updateRows(
    param: Float32Array,
    state: OptimizerState,
    rows: Int32Array,
    count: number,
    grads: Float32Array,
    dim: number,
    _step?: number,
  ): void {
    checkRowsUpdate('SGD', param, state, rows, count, grads, dim);
    const lr = this.learningRate;
    const tableRows = param.length / dim;
    touchRows(param, rows, count, dim);
    for (let k = 0; k < count; k++) {
      const row = rows[k];
      if (!(row >= 0 && row < tableRows)) badRow('SGD', row, tableRows);
      const base = row * dim;
      const g0 = k * dim;
      for (let d = 0; d < dim; d++) param[base + d] -= lr * grads[g0 + d];
    }
  }

  /** @throws RangeError when grad is not as long as param. */
  updateDense(param: Float32Array, state: OptimizerState, grad: Float32Array): void {
    checkDenseUpdate('SGD', param, grad, state);
    const lr = this.learningRate;
    for (let j = 0; j < param.length; j++) param[j] -= lr * grad[j];
  }
}
