import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@recsys/data';
import type { Loss } from '../losses/loss.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { DenseParam } from './dense-param.js';
import { Scratch, type SparseTable } from './sparse-table.js';
import { StepContext } from './step-context.js';

/** A forward pass: given a context for embedding lookups, the model's output `[n, 1]` (logits or scores). */
export type Forward = (ctx: StepContext) => tf.Tensor;

/** Per-step numbers the engine reports. */
export interface StepResult {
  /** Mean loss of the batch (host-computed). */
  loss: number;
  /** Examples in the batch (rows of the output). */
  size: number;
}

/**
 * The training step every recsys model uses: one forward and one backward pass in tfjs, embedding tables host-side
 * with sparse (lazy) optimizer updates on the touched rows, dense weights updated host-side and written back.
 *
 * A step: the forward pass gathers table rows into tensors through a {@link StepContext} while its layers record
 * their ops on the context's tape; the loss's closed-form gradient seeds one backward pass over that tape, giving
 * gradients for the row tensors and the dense variables; row gradients are summed per distinct id and applied to the
 * tables, dense gradients to the weights. Everything a step allocates in tfjs is disposed.
 */
export class SparseEngine {
  private readonly dense: DenseParam[];
  private readonly scratch = new Scratch();
  private stepCount = 0;
  /** Draws each step's seed for the layers' random ops (dropout), so a run is repeatable. */
  private readonly stepSeeds: Random;

  /**
   * @param tables - the embedding tables trained sparsely.
   * @param dense - the dense variables and their L2 weights.
   * @param optimizer - applied to both (NCF: Adam; NeuMF after pre-training: SGD).
   * @param seed - seeds the steps' random ops (dropout masks); the same seed repeats the same masks.
   */
  constructor(
    readonly tables: readonly SparseTable[],
    dense: readonly { variable: tf.Variable; l2?: number }[],
    readonly optimizer: Optimizer,
    seed = 0,
  ) {
    this.stepSeeds = new Random(seed);
    this.dense = dense.map(({ variable, l2 }) => new DenseParam(variable, l2 ?? 0));
    for (const table of tables) table.state = optimizer.createState(table.data.length);
    for (const param of this.dense) param.state = optimizer.createState(param.host.length);
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.stepCount;
  }

  /**
   * Runs one training step.
   * @param forward - the model's forward pass (called once, in training mode).
   * @param loss - the loss; `targets`/`weights` are its per-row targets and weights (pointwise losses).
   */
  step(forward: Forward, loss: Loss, targets: Float32Array | null, weights?: Float32Array | null): StepResult {
    const step = ++this.stepCount;
    return tf.tidy(() => {
      const ctx = new StepContext(true, this.stepSeeds.nextUint32());
      const output = forward(ctx);
      const targetTensor = targets ? tf.tensor2d(targets, [targets.length, 1]) : null;
      const weightTensor = weights ? tf.tensor2d(weights, [weights.length, 1]) : null;
      const dOutput = loss.gradient(output, targetTensor, weightTensor);
      const lookups = ctx.lookups;
      const wrt = [...lookups.map((l) => l.tensor), ...this.dense.map((p) => p.variable)];
      const grads = ctx.tape!.gradients(output, dOutput, wrt);
      const outputs = output.dataSync() as Float32Array;
      lookups.forEach((lookup, k) => {
        const grad = grads[k];
        if (grad)
          lookup.table.applyGradients(lookup.ids, grad.dataSync() as Float32Array, this.optimizer, step, this.scratch);
      });
      this.dense.forEach((param, k) => {
        const grad = grads[lookups.length + k];
        if (grad) param.applyGradient(Float32Array.from(grad.dataSync() as Float32Array), this.optimizer, step);
      });
      return { loss: loss.value(outputs, targets, weights), size: outputs.length };
    });
  }

  /** Re-reads dense variables set from outside (e.g. after restoring a snapshot). */
  refreshDense(): void {
    for (const param of this.dense) param.refresh();
  }
}
