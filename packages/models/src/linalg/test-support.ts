/**
 * Test-only helpers of the linear-algebra specs (not exported from the package index, not bundled): random
 * symmetric positive-definite matrices and a naive Gauss–Jordan inverse to check against.
 */
import { Random } from '@recsys/data';

/**
 * A random symmetric positive-definite n × n matrix (row-major float64): MᵀM / n + shift·I for M with N(0, 1) entries.
 * Its condition number is a few hundred at most for the default shift.
 */
export function randomSpd(n: number, seed: number, shift = 0.1): Float64Array {
  const random = new Random(seed);
  const m = Float64Array.from({ length: n * n }, () => random.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += m[k * n + i] * m[k * n + j];
      a[i * n + j] = a[j * n + i] = s / n + (i === j ? shift : 0);
    }
  }
  return a;
}

/** A⁻¹ by plain Gauss–Jordan elimination with partial pivoting, in float64: the reference the fast routines meet. */
export function gaussJordanInverse(a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[pivot * n + c])) pivot = r;
    if (m[pivot * n + c] === 0) throw new Error('gaussJordanInverse: singular matrix');
    for (let j = 0; j < n; j++) {
      [m[c * n + j], m[pivot * n + j]] = [m[pivot * n + j], m[c * n + j]];
      [inv[c * n + j], inv[pivot * n + j]] = [inv[pivot * n + j], inv[c * n + j]];
    }
    const p = m[c * n + c];
    for (let j = 0; j < n; j++) {
      m[c * n + j] /= p;
      inv[c * n + j] /= p;
    }
    for (let r = 0; r < n; r++) {
      const factor = m[r * n + c];
      if (r === c || factor === 0) continue;
      for (let j = 0; j < n; j++) {
        m[r * n + j] -= factor * m[c * n + j];
        inv[r * n + j] -= factor * inv[c * n + j];
      }
    }
  }
  return inv;
}

/** x = A⁻¹·b by {@link gaussJordanInverse}. */
export function solveDense(a: ArrayLike<number>, n: number, b: ArrayLike<number>): Float64Array {
  const inv = gaussJordanInverse(a, n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) x[i] += inv[i * n + j] * b[j];
  return x;
}

/** max |x − y| / max |y|: the error of x relative to the reference y's scale. */
export function relativeError(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`lengths differ: ${x.length} vs ${y.length}`);
  let error = 0;
  let scale = 0;
  for (let k = 0; k < y.length; k++) {
    error = Math.max(error, Math.abs(x[k] - y[k]));
    scale = Math.max(scale, Math.abs(y[k]));
  }
  return error / scale;
}

/** C = A·B for row-major A (m × k) and B (k × n), the plain triple loop in float64. */
export function naiveProduct(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * k + p] * b[p * n + j];
  }
  return c;
}
