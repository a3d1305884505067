/**
 * Entry checks shared by the optimizers' updates (once per call, never per element): a gradient or a state slot of
 * another length than the parameter reads `undefined` past its end and writes NaN into the parameter.
 */

/** Checks a dense update: `grad` and every state slot (times `slotWidth`) as long as `param`. */
export function checkDenseUpdate(
  owner: string,
  param: Float32Array,
  grad: ArrayLike<number>,
  state: readonly Float32Array[],
  slotWidth = 1,
): void {
  if (grad.length !== param.length) {
    throw new RangeError(`${owner}.updateDense: gradient of ${grad.length} values for a parameter of ${param.length}`);
  }
  checkSlots(owner, 'updateDense', param, state, slotWidth);
}

/**
 * Checks a sparse update: `count` rows listed, `count × dim` gradient values, and state slots matching `param`. Row
 * indices are checked by the caller's loop (one comparison per row).
 */
export function checkRowsUpdate(
  owner: string,
  param: Float32Array,
  state: readonly Float32Array[],
  rows: Int32Array,
  count: number,
  grads: ArrayLike<number>,
  dim: number,
  slotWidth = 1,
): void {
  if (!(Number.isInteger(dim) && dim >= 1 && param.length % dim === 0)) {
    throw new RangeError(`${owner}.updateRows: width ${dim} does not divide a parameter of ${param.length} values`);
  }
  if (!(Number.isInteger(count) && count >= 0 && count <= rows.length)) {
    throw new RangeError(`${owner}.updateRows: count ${count} outside [0, ${rows.length}] (rows listed)`);
  }
  if (grads.length < count * dim) {
    throw new RangeError(
      `${owner}.updateRows: gradient of ${grads.length} values for ${count} rows × ${dim} = ${count * dim}`,
    );
  }
  checkSlots(owner, 'updateRows', param, state, slotWidth);
}

/** Refuses a row index outside the table (a write there would be silently dropped). */
export function badRow(owner: string, row: number, tableRows: number): never {
  throw new RangeError(`${owner}.updateRows: row ${row} outside the table's [0, ${tableRows})`);
}

/** Checks a step count: an integer ≥ 1 (bias corrections divide by 1 − β^step, 0 at step 0). */
export function checkStep(owner: string, step: number): void {
  if (!(Number.isInteger(step) && step >= 1)) {
    throw new RangeError(`${owner}: step must be an integer ≥ 1 (steps count from 1), got ${step}`);
  }
}

function checkSlots(
  owner: string,
  method: string,
  param: Float32Array,
  state: readonly Float32Array[],
  slotWidth: number,
): void {
  for (let s = 0; s < state.length; s++) {
    if (state[s].length !== slotWidth * param.length) {
      throw new RangeError(
        `${owner}.${method}: state slot ${s} holds ${state[s].length} values for a parameter of ${param.length} ` +
          '(create it with createState(parameter length))',
      );
    }
  }
}
