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

  updateRows(
    param: Float32Array,
    _state: OptimizerState,
    rows: Int32Array,
    count: number,
    grads: Float32Array,
    dim: number,
    _step?: number,
  ): void {
    const lr = this.learningRate;
    for (let k = 0; k < count; k++) {
      const base = rows[k] * dim;
      const g0 = k * dim;
      for (let d = 0; d < dim; d++) param[base + d] -= lr * grads[g0 + d];
    }
  }

  updateDense(param: Float32Array, _state: OptimizerState, grad: Float32Array): void {
    const lr = this.learningRate;
    for (let j = 0; j < param.length; j++) param[j] -= lr * grad[j];
  }
}
