import type { OptimizerState } from '../optimizers/optimizer.js';

/** One parameter's values and optimizer slots, in memory several threads read and write. */
export interface SharedSlots {
  /** The parameter's values (a table's rows, row-major; a dense weight's host mirror). */
  readonly values: Float32Array;
  /** Its optimizer slots (Adam's moments, …), as the optimizer's `createState` lays them out. */
  readonly state: OptimizerState;
}

/**
 * A model's trainable parameters in `SharedArrayBuffer`s: each embedding table and dense weight with its optimizer
 * slots, in the order of the engine's tables and dense weights. Posted to worker threads (structured clone shares the
 * memory, it does not copy it), where replicas of the model adopt it and train it in place together.
 */
export interface SharedParameters {
  /** The engine's tables, in its order. */
  readonly tables: readonly SharedSlots[];
  /** The engine's dense weights, in its order. */
  readonly dense: readonly SharedSlots[];
}

/** A copy of `values` in a new `SharedArrayBuffer`. */
export function sharedCopy(values: Float32Array): Float32Array {
  const shared = new Float32Array(new SharedArrayBuffer(values.byteLength));
  shared.set(values);
  return shared;
}

/** Checks that `slots` fit a parameter of `length` values with `state` slots, naming `what` when not. */
export function checkSlots(
  what: string,
  slots: SharedSlots | undefined,
  length: number,
  state: OptimizerState,
): SharedSlots {
  if (!slots) throw new Error(`shared parameters: nothing for ${what}`);
  const fits =
    slots.values.length === length &&
    slots.state.length === state.length &&
    slots.state.every((slot, k) => slot.length === state[k]!.length);
  if (!fits) {
    throw new Error(
      `shared parameters: ${what} holds ${slots.values.length} values and ${slots.state.length} optimizer slots, ` +
        `the replica's ${length} and ${state.length}: the replica is not built like the model`,
    );
  }
  return slots;
}
