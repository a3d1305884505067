/** Typed arrays a model may keep beside its manifest. */
export type StoredArray = Float32Array | Int32Array;

/** How a stored array's values are encoded: 4-byte little-endian floats or integers. */
export type StoredDtype = 'float32' | 'int32';

/** The dtype a typed array is stored as. */
export function dtypeOf(array: StoredArray): StoredDtype {
  return array instanceof Float32Array ? 'float32' : 'int32';
}

const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The array's values as little-endian bytes (a view of the array on little-endian hosts, else a swapped copy). */
export function littleEndianBytes(array: StoredArray): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  return littleEndian ? bytes : swap32(bytes);
}

/**
 * The array stored in `bytes` (little-endian), in a buffer of its own: it never views the caller's memory, so a
 * Buffer from Node's shared pool cannot leak into a model. `bytes.byteLength` must be a multiple of 4.
 */
export function fromLittleEndianBytes(bytes: Uint8Array, dtype: StoredDtype): StoredArray {
  if (bytes.byteLength % 4 !== 0) throw new Error(`a ${dtype} file of ${bytes.byteLength} bytes is truncated`);
  // An explicit copy: on a Node Buffer `slice()` is a view of the pool, not a copy.
  const own = littleEndian ? copy(bytes) : swap32(bytes);
  return dtype === 'float32' ? new Float32Array(own.buffer, 0, own.byteLength / 4) : new Int32Array(own.buffer);
}

/** Index of the first NaN or ±Infinity in `array`, or -1 when every value is finite. */
export function firstNonFinite(array: Float32Array): number {
  for (let k = 0; k < array.length; k++) if (!Number.isFinite(array[k])) return k;
  return -1;
}

function copy(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength);
  out.set(bytes);
  return out;
}

function swap32(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < bytes.length; k += 4) {
    out[k] = bytes[k + 3];
    out[k + 1] = bytes[k + 2];
    out[k + 2] = bytes[k + 1];
    out[k + 3] = bytes[k];
  }
  return out;
}
