import { checkSparseFeatures, type SparseFeatures } from '@recsys/data';
import type { StoredArray } from '../io/model-dir.js';

/**
 * Refuses item features that are not well-formed CSR ({@link checkSparseFeatures}) of `rows` rows, one per item index
 * of the training log; `where` names the caller in the message.
 *
 * @example
 * ```ts
 * checkFeatureRows(content, train.numItems, 'dualnet.fit');
 * ```
 */
export function checkFeatureRows(features: SparseFeatures, rows: number, where: string): void {
  checkSparseFeatures(where, 'itemFeatures', features);
  if (features.numRows !== rows) {
    throw new RangeError(
      `${where}: the item features have ${features.numRows} rows, the log ${rows} items: give one row per item ` +
        'index (matchItemFeatures matches features to a log by raw item id)',
    );
  }
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
 * The item features {@link itemFeatureArrays} saved, checked as {@link checkFeatureRows} checks them for `rows`
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
  checkFeatureRows(features, rows, `${where}: saved item features`);
  return features;
}
