import { touchRows } from '../engine/touch-rows.js';
import { badRow, checkDenseUpdate, checkRowsUpdate } from './check-update.js';
import type { Optimizer, OptimizerState } from './optimizer.js';

/**
 * SGD with (heavy-ball) momentum, as tfjs's and TensorFlow's `MomentumOptimizer`: `v = μ·v + g; w −= lr·v`. DualNet's
 * paper trains with it. Sparse updates are lazy like the other optimizers': a row's velocity decays only on the steps
 * that touch the row (TensorFlow's sparse momentum does the same).
 *
 * @example
 * ```ts
 * const momentum = new Momentum({ learningRate: 0.01, momentum: 0.9 });
 * const state = momentum.createState(weights.length);
 * momentum.updateDense(weights, state, grad, 1);
 * ```
 */
export class Momentum implements Optimizer {
  readonly name = 'momentum';
  learningRate: number;
  /** μ: the share of the last step's velocity kept. */
  readonly momentum: number;

  /** @throws RangeError when momentum is outside [0, 1). */
  constructor(options: { learningRate?: number; momentum?: number } = {}) {
    this.learningRate = options.learningRate ?? 0.01;
    this.momentum = options.momentum ?? 0.9;
    if (!(this.momentum >= 0 && this.momentum < 1)) {
      throw new RangeError(`Momentum: momentum must be in [0, 1), got ${this.momentum}`);
    }
  }

  createState(size: number): OptimizerState {
    return [new Float32Array(size)];
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
    checkRowsUpdate('Momentum', param, state, rows, count, grads, dim);
    const [velocity] = state;
    const { learningRate: lr, momentum: mu } = this;
    const tableRows = param.length / dim;
    touchRows(param, rows, count, dim);
    touchRows(velocity, rows, count, dim);
    for (let k = 0; k < count; k++) {
      const row = rows[k];
      if (!(row >= 0 && row < tableRows)) badRow('Momentum', row, tableRows);
      const base = row * dim;
      const g0 = k * dim;
      for (let d = 0; d < dim; d++) {
        const j = base + d;
        velocity[j] = mu * velocity[j] + grads[g0 + d];
        param[j] -= lr * velocity[j];
      }
    }
  }

  /** @throws RangeError when grad or the state is not as long as param. */
  updateDense(param: Float32Array, state: OptimizerState, grad: Float32Array): void {
    checkDenseUpdate('Momentum', param, grad, state);
    const [velocity] = state;
    const { learningRate: lr, momentum: mu } = this;
    for (let j = 0; j < param.length; j++) {
      velocity[j] = mu * velocity[j] + grad[j];
      param[j] -= lr * velocity[j];
    }
  }
}
