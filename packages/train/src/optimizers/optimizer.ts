/**
 * An optimizer over host-side parameters (`Float32Array`s), updating either a whole tensor (dense weights) or only
 * some rows of a table (embeddings). Sparse updates are *lazy*: rows a step does not touch keep their values and their
 * optimizer state, so a step costs O(touched rows × dim), never O(table size).
 */
export interface Optimizer {
  /** Name, as in options (`'adam'`, `'sgd'`, `'momentum'`, `'adagrad'`). */
  readonly name: string;
  /** Learning rate; may be changed between steps. */
  learningRate: number;
  /** Optimizer state for a parameter of `size` values (e.g. Adam's two moments). */
  createState(size: number): OptimizerState;
  /**
   * Updates `rows` (distinct row indices) of a row-major table with `dim` columns.
   * @param grads - gradient of each listed row, row k at `grads[k*dim .. (k+1)*dim)`.
   * @param step - the global step count, starting at 1 (for bias correction).
   */
  updateRows(
    param: Float32Array,
    state: OptimizerState,
    rows: Int32Array,
    count: number,
    grads: Float32Array,
    dim: number,
    step: number,
  ): void;
  /** Updates every value of `param` with `grad` (same length). */
  updateDense(param: Float32Array, state: OptimizerState, grad: Float32Array, step: number): void;
}

/** Per-parameter optimizer slots, one `Float32Array` per slot, each as long as the parameter. */
export type OptimizerState = Float32Array[];

/** The optimizers recsys trains with. */
export type OptimizerName = 'adam' | 'sgd' | 'momentum' | 'adagrad';
