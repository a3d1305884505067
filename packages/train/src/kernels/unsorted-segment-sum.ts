import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Shapes of one `UnsortedSegmentSum` call, checked by {@link segmentSumShape}.
 *
 * @example
 * ```ts
 * const { outShape, rows, inner }: SegmentSumShape = segmentSumShape([6, 5, 3], [6, 5], 8, 'float32');
 * // outShape [8, 3], rows 30, inner 3
 * ```
 */
export interface SegmentSumShape {
  /** Output shape: `[numSegments, ...x.shape.slice(segmentIds.rank)]`. */
  readonly outShape: number[];
  /** Number of segment ids (`segmentIds.size`): the rows of `x` viewed as `[rows, inner]`. */
  readonly rows: number;
  /** Product of the trailing dims of `x` past the rank of `segmentIds`: the length of one summed row. */
  readonly inner: number;
}

/**
 * Checks the inputs of `UnsortedSegmentSum` and derives its shapes: `segmentIds` must match the leading dims of `x`
 * (TF semantics: `out[s, ...] = Σ x[i, ...] over all i with segmentIds[i] = s`).
 *
 * @throws Error if `numSegments` is not a non-negative integer, the dtype is not float32/int32, or the shapes disagree.
 * @example
 * ```ts
 * segmentSumShape([4096, 32], [4096], 100_000, 'float32'); // { outShape: [100000, 32], rows: 4096, inner: 32 }
 * ```
 */
export function segmentSumShape(
  xShape: readonly number[],
  idsShape: readonly number[],
  numSegments: number,
  dtype: tf.DataType,
): SegmentSumShape {
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(`UnsortedSegmentSum: numSegments must be a non-negative integer, got ${numSegments}`);
  }
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum: x must be float32 or int32, got ${dtype}`);
  }
  const rank = idsShape.length;
  const leading = xShape.slice(0, rank);
  if (rank > xShape.length || leading.some((d, i) => d !== idsShape[i])) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds shape [${idsShape.join(', ')}] must be a prefix of ` +
        `x shape [${xShape.join(', ')}]`,
    );
  }
  const trailing = xShape.slice(rank);
  return {
    outShape: [numSegments, ...trailing],
    rows: tf.util.sizeFromShape(leading),
    inner: tf.util.sizeFromShape(trailing),
  };
}

/**
 * The linear-time segment sum on flat arrays: `out[s·inner + k] = Σ x[i·inner + k]` over the rows `i` with
 * `ids[i] = s`, in increasing `i`. Ids outside `[0, numSegments)` are skipped, as in TensorFlow. Zeroes `out` first.
 * Costs O(ids.length · inner + out.length), against O(numSegments · ids.length · inner) for tfjs's stock cpu kernel.
 *
 * @param x - `ids.length · inner` values, row-major.
 * @param ids - one segment id per row of `x`.
 * @param numSegments - number of output rows.
 * @param inner - length of one row.
 * @param out - `numSegments · inner` values, overwritten. An Int32Array wraps on overflow, like int32 tensors.
 * @example
 * ```ts
 * const out = new Float32Array(2 * 2);
 * segmentSumInto(Float32Array.of(1, 2, 3, 4, 5, 6), Int32Array.of(1, 1, 7), 2, 2, out); // id 7 is skipped
 * out; // Float32Array [0, 0, 4, 6]
 * ```
 */
export function segmentSumInto(
  x: Float32Array | Int32Array,
  ids: Int32Array,
  numSegments: number,
  inner: number,
  out: Float32Array | Int32Array,
): void {
  out.fill(0);
  const rows = ids.length;
  for (let i = 0; i < rows; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const o = s * inner;
    const b = i * inner;
    for (let k = 0; k < inner; k++) out[o + k] += x[b + k];
  }
}

function readAttrs(
  kernel: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap | undefined,
): { x: tf.TensorInfo; segmentIds: tf.TensorInfo; numSegments: number } {
  const { x, segmentIds } = inputs;
  const numSegments = attrs?.numSegments;
  if (x === undefined || segmentIds === undefined || typeof numSegments !== 'number') {
    throw new Error(`${kernel}: expected inputs {x, segmentIds} and attr numSegments`);
  }
  if (segmentIds.dtype !== 'int32') throw new Error(`${kernel}: segmentIds must be int32, got ${segmentIds.dtype}`);
  return { x, segmentIds, numSegments };
}

function asSummable(values: tf.backend_util.BackendValues | undefined, what: string): Float32Array | Int32Array {
  if (values instanceof Float32Array || values instanceof Int32Array) return values;
  throw new Error(`UnsortedSegmentSum: ${what} is not stored as a Float32Array or Int32Array`);
}

function asIds(values: tf.backend_util.BackendValues | undefined): Int32Array {
  if (values instanceof Int32Array) return values;
  throw new Error('UnsortedSegmentSum: segmentIds are not stored as an Int32Array');
}

/** True for the cpu backend (`MathBackendCPU`), recognised by shape: a second copy of the package still works. */
function isCpuBackend(backend: object): backend is MathBackendCPU {
  return (
    'data' in backend &&
    typeof backend.data === 'object' &&
    'makeTensorInfo' in backend &&
    typeof backend.makeTensorInfo === 'function'
  );
}

/** True for the wasm backend (`BackendWasm`), recognised by shape so the optional wasm package is never imported. */
function isWasmBackend(backend: object): backend is BackendWasm {
  return (
    'makeOutput' in backend &&
    typeof backend.makeOutput === 'function' &&
    'typedArrayFromHeap' in backend &&
    typeof backend.typedArrayFromHeap === 'function'
  );
}

/**
 * Linear-time `UnsortedSegmentSum` for the `cpu` backend: reads the inputs' values in place and returns a new
 * `[numSegments, ...]` tensor. Replaces tfjs's stock cpu kernel, which runs one equal/cast/mul/sum per segment.
 *
 * @example
 * ```ts
 * tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
 * tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'cpu', kernelFunc: unsortedSegmentSumCpu });
 * ```
 */
export const unsortedSegmentSumCpu: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds, numSegments } = readAttrs('UnsortedSegmentSum (cpu)', inputs, attrs);
  if (!isCpuBackend(backend)) throw new Error('UnsortedSegmentSum (cpu): not a MathBackendCPU');
  const { outShape, inner } = segmentSumShape(x.shape, segmentIds.shape, numSegments, x.dtype);
  const size = tf.util.sizeFromShape(outShape);
  const out = x.dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  const xValues = asSummable(backend.data.get(x.dataId).values, 'x');
  const ids = asIds(backend.data.get(segmentIds.dataId).values);
  segmentSumInto(xValues, ids, numSegments, inner, out);
  return backend.makeTensorInfo(outShape, x.dtype, out);
};

/**
 * `UnsortedSegmentSum` for the `wasm` backend, which has none (tfjs#8082): sums on zero-copy views of the WASM heap.
 * The output is allocated first (`makeOutput` may grow the heap, which detaches older views), then viewed and zeroed.
 *
 * @example
 * ```ts
 * tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumWasm });
 * ```
 */
export const unsortedSegmentSumWasm: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds, numSegments } = readAttrs('UnsortedSegmentSum (wasm)', inputs, attrs);
  if (!isWasmBackend(backend)) throw new Error('UnsortedSegmentSum (wasm): not a BackendWasm');
  const { outShape, rows, inner } = segmentSumShape(x.shape, segmentIds.shape, numSegments, x.dtype);
  const outInfo = backend.makeOutput(outShape, x.dtype);
  // Views only after every allocation: a heap growth in makeOutput would have detached them.
  const out = asSummable(backend.typedArrayFromHeap(outInfo), 'the output');
  if (rows === 0 || inner === 0) {
    out.fill(0);
    return outInfo;
  }
  const xValues = asSummable(backend.typedArrayFromHeap(x), 'x');
  const ids = asIds(backend.typedArrayFromHeap(segmentIds));
  segmentSumInto(xValues, ids, numSegments, inner, out);
  return outInfo;
};
