import type { SparseFeatures } from '@recsys/data';
import type { StoredArray } from '../io/model-dir.js';

/**
 * Refuses item features that are not a well-formed CSR of `rows` rows (one per item index of the training log) with
 * feature ids inside their width and finite values; `where` names the caller in the message.
 *
 * @example
 * ```ts
 * checkItemFeatures(content, train.numItems, 'dualnet.fit');
 * ```
 */
export function checkItemFeatures(features: SparseFeatures, rows: number, where: string): void {
  const { numRows, numFeatures, ptr, indices, values } = features ?? {};
  if (!(ptr instanceof Int32Array && indices instanceof Int32Array && values instanceof Float32Array)) {
    throw new TypeError(
      `${where}: item features must be SparseFeatures (Int32Array ptr and indices, Float32Array values)`,
    );
  }
  if (numRows !== rows) {
    throw new RangeError(
      `${where}: the item features have ${numRows} rows, the log ${rows} items: give one row per item index ` +
        '(match them to the log by raw item id first)',
    );
  }
  if (!(Number.isInteger(numFeatures) && numFeatures >= 0)) {
    throw new RangeError(`${where}: the item features' width ${numFeatures} is not a count`);
  }
  if (
    ptr.length !== numRows + 1 ||
    ptr[0] !== 0 ||
    ptr[numRows] !== indices.length ||
    values.length !== indices.length
  ) {
    throw new RangeError(`${where}: the item features are not a CSR of ${numRows} rows`);
  }
  for (let r = 0; r < numRows; r++) {
    if (ptr[r + 1]! < ptr[r]!) throw new RangeError(`${where}: the item features' offsets decrease at row ${r}`);
  }
  const badIndex = indices.findIndex((f) => !(f >= 0 && f < numFeatures));
  if (badIndex >= 0) {
    throw new RangeError(`${where}: feature ${indices[badIndex]} is outside the ${numFeatures} features`);
  }
  const badValue = values.findIndex((v) => !Number.isFinite(v));
  if (badValue >= 0) throw new RangeError(`${where}: feature value ${values[badValue]} is not finite`);
}

/** Item features as a saved model's arrays (`features.shape`, `features.ptr`, `features.indices`, `features.values`). */
export function itemFeatureArrays(features: SparseFeatures): Record<string, StoredArray> {
  const { numRows, numFeatures, ptr, indices, values } = features;
  return {
    'features.shape': Int32Array.of(numRows, numFeatures),
    'features.ptr': ptr,
    'features.indices': indices,
    'features.values': values,
  };
}

/**
 * The item features {@link itemFeatureArrays} saved, checked as {@link checkItemFeatures} checks them for `rows`
 * items; the keys it reads are added to `expected` when given.
 *
 * @throws naming the array that is missing, of the wrong type, or does not fit.
 */
export function itemFeaturesFrom(
  arrays: Record<string, StoredArray>,
  rows: number,
  where: string,
  expected?: Set<string>,
): SparseFeatures {
  const get = <T extends StoredArray>(key: string, type: new (n: number) => T): T => {
    expected?.add(key);
    const array = arrays[key];
    if (!(array instanceof type)) throw new Error(`${where}: saved array "${key}" is missing or of the wrong type`);
    return array;
  };
  const shape = get('features.shape', Int32Array);
  if (shape.length !== 2) throw new Error(`${where}: saved array "features.shape" must hold [rows, features]`);
  const features: SparseFeatures = {
    numRows: shape[0]!,
    numFeatures: shape[1]!,
    ptr: get('features.ptr', Int32Array),
    indices: get('features.indices', Int32Array),
    values: get('features.values', Float32Array),
  };
  checkItemFeatures(features, rows, `${where}: saved item features`);
  return features;
}
