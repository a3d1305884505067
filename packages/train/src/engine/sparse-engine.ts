import * as tf from '@tensorflow/tfjs-core';
import { Random } from '@recsys/data';
import { unitSeed } from '@recsys/layers';
import type { Optimizer } from '../optimizers/optimizer.js';
import { DenseParam, type DenseWeight } from './dense-param.js';
import { RowGradients } from './row-gradients.js';
import { checkSlots, sharedCopy, type SharedParameters } from './shared-parameters.js';
import type { SparseTable } from './sparse-table.js';
import { StepContext, type Lookup } from './step-context.js';
import type { StepPhase, StepProfile } from './step-profile.js';

/** A training step's loss: computed from a {@link StepContext}, recorded on its tape, a scalar. */
export type StepLoss = (ctx: StepContext) => tf.Tensor;

/** Per-step numbers the engine reports. */
export interface StepResult {
  /** The step's loss (as the loss op computed it, host-side). */
  loss: number;
}

const NON_FINITE_HINT =
  'An op whose gradient is undefined at its input (sqrt, log or a division at 0, a norm of a zero vector) makes ' +
  'NaN: clamp its input or add an epsilon; a learning rate too high makes it too.';

const CUT_GRAPH_HINT =
  'An op outside the tape cut the graph between them: plain tf.* calls are not recorded. Use the tape ops ' +
  "(concatColumns(xs, ctx.tape), dense, multiply, rowDot, splitRows, …) and layers' forward(x, ctx), or wrap the " +
  "computation in ctx.op(f, ...inputs), which records any differentiable tfjs function with tfjs's gradient.";

/**
 * The training step every recsys model uses: one forward and one backward pass in tfjs, embedding tables host-side
 * with sparse (lazy) optimizer updates on the touched rows, dense weights updated host-side and written back.
 *
 * A step: the loss function runs the model's forward pass through a {@link StepContext} (table rows and bags become
 * tensors, layers record their ops on the context's tape) and returns a scalar loss recorded on the tape; one backward
 * pass gives gradients for the looked-up rows and the dense variables; row gradients are summed per table and distinct
 * row and applied once per table, dense gradients to the weights. Everything a step allocates in tfjs is disposed.
 *
 * It fails loudly rather than train silently wrong: a loss not computed on the tape, a looked-up table or a dense weight
 * that no gradient reached (unless marked optional), and a non-finite loss or gradient are errors naming the culprit,
 * raised before any parameter changes.
 *
 * @example
 * ```ts
 * const engine = new SparseEngine(model.tables, model.denseWeights(), new LazyAdam({ learningRate: 1e-3 }));
 * const { loss } = engine.step((ctx) => model.loss(ctx, batch));
 * ```
 */
export class SparseEngine {
  private readonly dense: DenseParam[];
  /** Each table's gradient accumulator, kept across steps (their buffers are reused). */
  private readonly rowGradients = new Map<SparseTable, RowGradients>();
  /** Scratch: occurrences per table in the current step. */
  private readonly occurrences = new Map<SparseTable, number>();
  private stepCount = 0;
  /** Draws each step's seed for the layers' random ops (dropout), so a run is repeatable. */
  private readonly stepSeeds: Random;
  /** Whether the parameters live in memory other threads train too (see {@link share}). */
  private shared = false;

  /**
   * @param tables - the embedding tables trained sparsely.
   * @param dense - the dense weights.
   * @param optimizer - applied to both (NCF: Adam; NeuMF after pre-training: SGD).
   * @param seed - seeds the steps' random ops (dropout masks); the same seed repeats the same masks.
   */
  constructor(
    readonly tables: readonly SparseTable[],
    dense: readonly DenseWeight[],
    readonly optimizer: Optimizer,
    seed = 0,
  ) {
    this.stepSeeds = new Random(seed);
    this.dense = dense.map((weight) => new DenseParam(weight));
    for (const table of tables) if (table.trainable) table.state = optimizer.createState(table.data.length);
    for (const param of this.dense) param.state = optimizer.createState(param.host.length);
  }

  /** Times every step's phases when set (see {@link StepProfile}); `fitModel`'s `profile` option sets it. */
  profile: StepProfile | undefined;

  /** Steps taken so far. */
  get steps(): number {
    return this.stepCount;
  }

  /** Runs one training step on the loss `loss` computes (called once, in training mode). */
  step(loss: StepLoss): StepResult {
    const step = this.stepCount + 1;
    if (this.shared) this.pullDense(); // other threads' updates since this thread's last step
    const profile = this.profile;
    const start = profile ? performance.now() : 0;
    let mark = start;
    /** Ends `phase` now (when profiling). */
    const lap = (phase: StepPhase, less = 0): void => {
      if (!profile) return;
      const now = performance.now();
      profile.add(phase, now - mark - less);
      mark = now;
    };
    const result = tf.tidy(() => {
      const ctx = new StepContext(true, this.stepSeeds.nextUint32(), profile !== undefined);
      const value = loss(ctx);
      const tape = ctx.tape!;
      if (value.size !== 1) throw new Error(`step ${step}: the loss must be a scalar, got [${value.shape.join(', ')}]`);
      if (!tape.produced(value)) {
        throw new Error(
          `step ${step}: the loss was not computed on the tape, so no parameter can get a gradient. Compute it with a ` +
            `recsys loss (e.g. new LogLoss().apply(logits, targets, null, ctx.tape)) or ctx.op(f, ...inputs).`,
        );
      }
      const lossValue = (value.dataSync() as Float32Array)[0]!;
      if (!Number.isFinite(lossValue)) {
        throw new Error(
          `step ${step}: the loss is ${lossValue}: training diverged, and this step changed nothing. Lower the ` +
            'learning rate (the usual cause), or look for inputs out of range',
        );
      }
      profile?.add('host lookups', ctx.hostMs);
      lap('forward', ctx.hostMs);
      const lookups = ctx.lookups;
      const wrt = [...lookups.map((l) => l.tensor), ...this.dense.map((p) => p.variable)];
      const grads = tape.gradients(value, unitSeed(), wrt);
      lap('backward');
      // Everything is checked before anything changes: an error leaves the model as it was.
      const missing: string[] = [];
      lookups.forEach((lookup, k) => {
        if (!grads[k] && !lookup.table.optionalGradient) missing.push(`table "${lookup.table.name}"`);
      });
      this.dense.forEach((param, k) => {
        if (!grads[lookups.length + k] && !param.optionalGradient) missing.push(`dense weight "${param.name}"`);
      });
      if (missing.length > 0) {
        throw new Error(
          `step ${step}: no gradient reached ${[...new Set(missing)].join(', ')}. ${CUT_GRAPH_HINT} If some steps ` +
            `legitimately leave a table or weight out, mark it { gradient: 'optional' }.`,
        );
      }
      const host = grads.map((g) => (g ? (g.dataSync() as Float32Array) : null));
      lap('gradients to host');
      const tables = this.sumTables(lookups, host);
      for (const rows of tables) {
        if (!rows.finite) {
          throw new Error(
            `step ${step}: the gradient of table "${rows.table!.name}" is not finite (loss ${lossValue}). ${NON_FINITE_HINT}`,
          );
        }
      }
      this.dense.forEach((param, k) => {
        const grad = host[lookups.length + k];
        if (grad && !isFiniteArray(grad)) {
          throw new Error(
            `step ${step}: the gradient of dense weight "${param.name}" is not finite (loss ${lossValue}). ${NON_FINITE_HINT}`,
          );
        }
      });
      lap('sparse scatter');
      this.stepCount = step;
      for (const rows of tables) rows.apply(this.optimizer, step);
      this.dense.forEach((param, k) => {
        const grad = host[lookups.length + k];
        if (grad) param.applyGradient(Float32Array.from(grad), this.optimizer, step);
      });
      lap('optimizer');
      return { loss: lossValue };
    });
    if (profile) {
      lap('other'); // the tidy's disposal
      profile.steps++;
    }
    return result;
  }

  /** Re-reads dense variables set from outside (e.g. after restoring a snapshot). */
  refreshDense(): void {
    for (const param of this.dense) param.refresh();
  }

  /**
   * Moves every trainable table, dense weight and optimizer slot into `SharedArrayBuffer`s (values copied) and returns
   * them, for replicas of the model in worker threads to {@link adoptShared}: Hogwild-style data parallelism, every
   * thread's steps updating the same parameters without locks. From then on each step first writes the dense variables
   * from the shared values, which other threads may have changed. {@link unshare} ends it.
   */
  share(): SharedParameters {
    const shared: SharedParameters = {
      tables: this.tables.map((t) => ({ values: sharedCopy(t.data), state: t.state.map(sharedCopy) })),
      dense: this.dense.map((p) => ({ values: sharedCopy(p.host), state: p.state.map(sharedCopy) })),
    };
    this.adoptShared(shared);
    return shared;
  }

  /**
   * Trains the parameters `shared` holds (from {@link share} on the model this engine's model replicates: same tables
   * and dense weights, in the same order and sizes) in place, with the threads that share them.
   *
   * @throws when `shared` does not fit this engine's tables and weights.
   */
  adoptShared(shared: SharedParameters): void {
    const tables = this.tables.map((t, k) => checkSlots(`table "${t.name}"`, shared.tables[k], t.data.length, t.state));
    const dense = this.dense.map((p, k) =>
      checkSlots(`dense weight "${p.name}"`, shared.dense[k], p.host.length, p.state),
    );
    if (shared.tables.length !== tables.length || shared.dense.length !== dense.length) {
      throw new Error(
        `shared parameters: ${shared.tables.length} tables and ${shared.dense.length} dense weights for the ` +
          `replica's ${tables.length} and ${dense.length}: the replica is not built like the model`,
      );
    }
    this.tables.forEach((table, k) => {
      table.useStorage(tables[k]!.values);
      table.state = tables[k]!.state;
    });
    this.dense.forEach((param, k) => param.useStorage({ host: dense[k]!.values, state: dense[k]!.state }));
    this.shared = true;
    this.pullDense();
  }

  /** Writes the dense variables from their host values (after other threads' steps, before reading the model). */
  pullDense(): void {
    for (const param of this.dense) param.pull();
  }

  /** Moves the parameters back to memory of their own (their current values copied), ending {@link share}. */
  unshare(): void {
    if (!this.shared) return;
    this.pullDense();
    for (const table of this.tables) {
      table.useStorage(Float32Array.from(table.data));
      table.state = table.state.map((slot) => Float32Array.from(slot));
    }
    for (const param of this.dense) param.useStorage(undefined);
    this.shared = false;
  }

  /**
   * Sums each table's lookups into one gradient per distinct row (nothing is updated yet) and returns the tables'
   * sums. Allocates nothing per step beyond the returned list: it runs for every step of every model.
   */
  private sumTables(lookups: readonly Lookup[], grads: readonly (Float32Array | null)[]): RowGradients[] {
    const occurrences = this.occurrences;
    occurrences.clear();
    lookups.forEach((lookup, k) => {
      if (!grads[k]) return;
      const n = lookup.kind === 'rows' ? lookup.ids.length : lookup.bag.ids.length;
      occurrences.set(lookup.table, (occurrences.get(lookup.table) ?? 0) + n);
    });
    const sums: RowGradients[] = [];
    for (const [table, n] of occurrences) {
      let rows = this.rowGradients.get(table);
      if (!rows) this.rowGradients.set(table, (rows = new RowGradients()));
      rows.begin(table, n);
      sums.push(rows);
    }
    lookups.forEach((lookup, k) => {
      const grad = grads[k];
      if (!grad) return;
      const rows = this.rowGradients.get(lookup.table)!;
      if (lookup.kind === 'rows') rows.addRows(lookup.ids, grad);
      else rows.addBag(lookup.bag, grad);
    });
    return sums;
  }
}

/** Whether every value is finite (one pass: a NaN or an infinity makes the sum non-finite). */
function isFiniteArray(values: Float32Array): boolean {
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k]! * 0;
  return sum === 0;
}
