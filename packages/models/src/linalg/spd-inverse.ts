import { choleskyInPlace, notPositiveDefinite } from './cholesky.js';
import { jsProduct, type MatrixProduct } from './matrix-product.js';
import { lowerTriangularInverse } from './triangular-inverse.js';

/** Options of {@link spdInverse}. */
export interface SpdInverseOptions {
  /**
   * The block products (the O(n³) part): {@link jsProduct} (default) or {@link tensorProduct} on a tfjs backend
   * (`productFor(backend)` picks).
   */
  product?: MatrixProduct;
  /**
   * Rows and columns per block. Default 256: on wasm, 1682 items took 0.5 s at 256 (block products at 14–19
   * GFLOP/s) against 0.9–1.2 s at 128 (products at 6–12 GFLOP/s); 384 and 512 multiply faster but spend what they
   * save on the float64 diagonal blocks (n·b²/2 multiply-adds in plain JS).
   */
  blockSize?: number;
  /** Largest block product, in floats (the product's output and its B operand). Default 2²² (16 MB). */
  tileFloats?: number;
  /** Names the matrix in error messages. Default `'spdInverse'`. */
  what?: string;
}

/** Default {@link SpdInverseOptions.blockSize}. */
export const DEFAULT_BLOCK_SIZE = 256;
/** Default {@link SpdInverseOptions.tileFloats}. */
export const DEFAULT_TILE_FLOATS = 2 ** 22;

/**
 * Bytes {@link spdInverse} needs besides the matrix itself, at most: packed panels (four of n × block size floats),
 * eight tiles of `tileFloats` (the packed operands, reused; the backend's copies of them and of the product; product
 * outputs not yet garbage-collected), and the float64 inverses of the diagonal blocks (n × block size). Checked against
 * the peak RSS: at n = 6000 the inverse took 170 MiB above the matrix and a process with the wasm backend loaded, the
 * estimate is 163 MiB. About 5% of the matrix at 50,000 items; three times it at 1,682, where the tiles are as large
 * as the matrix.
 */
export function spdInverseWorkspaceBytes(
  n: number,
  blockSize = DEFAULT_BLOCK_SIZE,
  tileFloats = DEFAULT_TILE_FLOATS,
): number {
  const nb = Math.min(blockSize, n);
  // The largest operand: a row tile (2 blocks × n) in stages 1–2, a block row's right factor (≤ n²/4) in stage 3.
  const tile = Math.min(tileFloats, Math.max(2 * nb * n, Math.ceil((n * n) / 4)));
  return 4 * (4 * n * nb + 8 * tile) + 8 * n * nb;
}

/**
 * Inverts a symmetric positive-definite matrix in place: `a` (row-major n × n float32, lower triangle read) becomes
 * A⁻¹ (full, symmetric). Blocked Cholesky, as LAPACK's potrf + potri:
 *
 * 1. A = L·Lᵀ, right-looking by blocks of `blockSize` columns: each diagonal block is factored in float64 (exact
 *    pivots, and the place a matrix that is not SPD is caught), the panel below it is solved against it, and the
 *    trailing lower triangle takes the panel's rank-`blockSize` update — a block product.
 * 2. W = L⁻¹, block columns from the last: W₂₁ = −W₂₂·(L₂₁·W₁₁) — block products.
 * 3. A⁻¹ = Wᵀ·W, block rows from the first, written over W as it goes (each block row of A⁻¹ needs only rows of W at or
 *    below it) — block products; then the lower triangle is mirrored.
 *
 * Each stage costs n³/6 multiply-adds, n³/2 in all (n³ flops), nearly all in the block products, which go through
 * `options.product`; only the lower triangles are computed. Memory: the matrix itself (n² × 4 bytes, inverted in
 * place) plus {@link spdInverseWorkspaceBytes}. Accuracy is float32's: the relative error of A⁻¹ is about
 * 1e-7 × cond(A) (measured: 6e-6 of the largest entry on ML-100K's Gram matrix + 500·I, against float64
 * Gauss–Jordan).
 *
 * Measured on a 2-core AMD EPYC, Node 20, shared with other jobs: 1682 × 1682 (ML-100K's items) in 0.4–0.6 s with
 * {@link tensorProduct} on tfjs's wasm backend (products at 17–20 GFLOP/s), 2.9 s with {@link jsProduct} (Gauss–Jordan
 * in float64 plain JS: 14 s); 4000 × 4000 in 5.2 s and 10,000 × 10,000 in 73 s on wasm (1.1 × 10¹² flops of block
 * products at 17 GFLOP/s).
 *
 * @throws RangeError naming `options.what` and the pivot when the matrix is not symmetric positive definite (or holds
 * NaN/Infinity); `a` is then partly overwritten.
 * @example
 * ```ts
 * const a = Float32Array.of(4, 2, 2, 3);
 * spdInverse(a, 2); // a ≈ [0.375, -0.25, -0.25, 0.5]
 * spdInverse(gram, numItems, { product: productFor((await selectBackend()).name) });
 * ```
 */
export function spdInverse(a: Float32Array, n: number, options: SpdInverseOptions = {}): void {
  const {
    product = jsProduct,
    blockSize = DEFAULT_BLOCK_SIZE,
    tileFloats = DEFAULT_TILE_FLOATS,
    what = 'spdInverse',
  } = options;
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what}: n must be an integer ≥ 0, got ${n}`);
  if (!(a instanceof Float32Array) || a.length !== n * n) {
    throw new RangeError(`${what}: the matrix must be a Float32Array of n² = ${n * n} entries`);
  }
  if (!Number.isSafeInteger(blockSize) || blockSize < 1) {
    throw new RangeError(`${what}: blockSize must be an integer ≥ 1, got ${blockSize}`);
  }
  if (!Number.isSafeInteger(tileFloats) || tileFloats < 1) {
    throw new RangeError(`${what}: tileFloats must be an integer ≥ 1, got ${tileFloats}`);
  }
  if (n === 0) return;
  const nb = Math.min(blockSize, n);
  const ctx: Context = { a, n, nb, tile: tileFloats, product, what, left: new Scratch(), right: new Scratch() };
  const diagonalInverses = factor(ctx);
  invertFactor(ctx, diagonalInverses);
  multiplyTransposed(ctx);
  mirrorLower(a, n);
}

interface Context {
  a: Float32Array;
  n: number;
  nb: number;
  tile: number;
  product: MatrixProduct;
  what: string;
  /** Where the left and right operands are packed: reused, so a fit makes no garbage of operand copies. */
  left: Scratch;
  right: Scratch;
}

/**
 * A float32 buffer reused for packed operands, grown (never shrunk) to the largest asked for. A product reads its
 * operands before it returns (tfjs copies them to the backend), so the next pack can overwrite them.
 */
class Scratch {
  private buffer = new Float32Array(0);

  /** A view of `size` floats (contents undefined). */
  take(size: number): Float32Array {
    if (this.buffer.length < size) this.buffer = new Float32Array(size);
    return this.buffer.subarray(0, size);
  }
}

/**
 * Rows of C per block product when C has `columns` columns: two blocks (products of 512 rows ran at 20–24 GFLOP/s on
 * wasm, of 256 rows at 14–19), or fewer when that would not fit in the tile; at least one.
 */
function rowsPerTile(ctx: Context, columns: number): number {
  return Math.max(1, Math.min(2 * ctx.nb, Math.floor(ctx.tile / Math.max(1, columns))));
}

/** The diagonal block at `k0` (size kb) as a float64 kb × kb array (lower triangle; upper 0). */
function diagonalBlock({ a, n }: Context, k0: number, kb: number): Float64Array {
  const d = new Float64Array(kb * kb);
  for (let i = 0; i < kb; i++) {
    const src = (k0 + i) * n + k0;
    for (let j = 0; j <= i; j++) d[i * kb + j] = a[src + j];
  }
  return d;
}

/** Writes a kb × kb block (all of it) at (k0, k0). */
function writeDiagonalBlock({ a, n }: Context, k0: number, kb: number, d: Float64Array): void {
  for (let i = 0; i < kb; i++) {
    const dst = (k0 + i) * n + k0;
    for (let j = 0; j < kb; j++) a[dst + j] = d[i * kb + j];
  }
}

/** Copies rows [r0, r1) × columns [c0, c1) of `a`, packed (r1−r0) × (c1−c0), into `into`'s buffer. */
function pack({ a, n }: Context, into: Scratch, r0: number, r1: number, c0: number, c1: number): Float32Array {
  const w = c1 - c0;
  const out = into.take((r1 - r0) * w);
  for (let i = r0; i < r1; i++) out.set(a.subarray(i * n + c0, i * n + c1), (i - r0) * w);
  return out;
}

/** Copies rows [r0, r1) × columns [c0, c1) of `a`, transposed ((c1−c0) × (r1−r0)), into `into`'s buffer. */
function packTransposed(
  { a, n }: Context,
  into: Scratch,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
): Float32Array {
  const h = r1 - r0;
  const out = into.take((c1 - c0) * h);
  for (let i = r0; i < r1; i++) {
    const src = i * n;
    for (let j = c0; j < c1; j++) out[(j - c0) * h + (i - r0)] = a[src + j];
  }
  return out;
}

/** A kb × kb float64 block as float32, transposed when asked. */
function toFloat32(d: Float64Array, kb: number, transpose: boolean): Float32Array {
  const out = new Float32Array(kb * kb);
  for (let i = 0; i < kb; i++) {
    for (let j = 0; j < kb; j++) out[i * kb + j] = transpose ? d[j * kb + i] : d[i * kb + j];
  }
  return out;
}

/**
 * Stage 1: the lower triangle of `a` becomes L (A = L·Lᵀ); the strict upper triangle becomes 0. Returns the inverses
 * of L's diagonal blocks (float64), which stage 2 needs again.
 */
function factor(ctx: Context): Float64Array[] {
  const { a, n, nb, product, what } = ctx;
  const inverses: Float64Array[] = [];
  for (let k0 = 0; k0 < n; k0 += nb) {
    const kb = Math.min(nb, n - k0);
    const r0 = k0 + kb;
    const m = n - r0;
    const d = diagonalBlock(ctx, k0, kb);
    const bad = choleskyInPlace(d, kb);
    if (bad >= 0) throw notPositiveDefinite(what, k0 + bad, n);
    writeDiagonalBlock(ctx, k0, kb, d);
    lowerTriangularInverse(d, kb);
    inverses.push(d);
    if (m === 0) break;
    // Panel: L₂₁ = A₂₁ · L₁₁⁻ᵀ.
    const panel = product(pack(ctx, ctx.left, r0, n, k0, r0), toFloat32(d, kb, true), m, kb, kb);
    for (let i = 0; i < m; i++) a.set(panel.subarray(i * kb, (i + 1) * kb), (r0 + i) * n + k0);
    // Trailing update, lower triangle only: rows [i0, i1) take −L₂₁[i0:i1] · L₂₁[r0:i1]ᵀ.
    const panelT = new Float32Array(kb * m);
    for (let i = 0; i < m; i++) for (let p = 0; p < kb; p++) panelT[p * m + i] = panel[i * kb + p];
    const step = rowsPerTile(ctx, m);
    for (let i0 = r0; i0 < n; i0 += step) {
      const i1 = Math.min(n, i0 + step);
      const w = i1 - r0;
      const right = ctx.right.take(kb * w);
      for (let p = 0; p < kb; p++) right.set(panelT.subarray(p * m, p * m + w), p * w);
      const c = product(panel.subarray((i0 - r0) * kb, (i1 - r0) * kb), right, i1 - i0, kb, w);
      for (let i = i0; i < i1; i++) {
        const dst = i * n + r0;
        const src = (i - i0) * w;
        const last = i - r0; // the diagonal
        for (let j = 0; j <= last; j++) a[dst + j] -= c[src + j];
      }
    }
  }
  for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n);
  return inverses;
}

/** Stage 2: L (lower, upper 0) becomes W = L⁻¹ (lower, upper 0), given the inverses of its diagonal blocks. */
function invertFactor(ctx: Context, diagonalInverses: Float64Array[]): void {
  const { a, n, nb, product } = ctx;
  const last = Math.floor((n - 1) / nb) * nb;
  for (let j0 = last; j0 >= 0; j0 -= nb) {
    const jb = Math.min(nb, n - j0);
    const r0 = j0 + jb;
    const m = n - r0;
    const d = diagonalInverses[j0 / nb]!;
    if (m > 0) {
      // W₂₁ = −W₂₂ · (L₂₁ · W₁₁), W₂₂ (rows and columns ≥ r0) already inverted and lower triangular.
      const q = product(pack(ctx, ctx.left, r0, n, j0, r0), toFloat32(d, jb, false), m, jb, jb);
      const step = rowsPerTile(ctx, m);
      for (let i0 = r0; i0 < n; i0 += step) {
        const i1 = Math.min(n, i0 + step);
        const w = i1 - r0; // W₂₂'s rows i0..i1 are 0 past column i1
        const t = product(pack(ctx, ctx.left, i0, i1, r0, i1), q.subarray(0, w * jb), i1 - i0, w, jb);
        for (let i = i0; i < i1; i++) {
          const dst = i * n + j0;
          const src = (i - i0) * jb;
          for (let j = 0; j < jb; j++) a[dst + j] = -t[src + j];
        }
      }
    }
    writeDiagonalBlock(ctx, j0, jb, d);
  }
}

/** Stage 3: W (lower) becomes the lower triangle of Wᵀ·W = A⁻¹, block row by block row from the top. */
function multiplyTransposed(ctx: Context): void {
  const { a, n, nb, product } = ctx;
  for (let i0 = 0; i0 < n; i0 += nb) {
    const i1 = Math.min(n, i0 + nb);
    const ib = i1 - i0;
    // A⁻¹[i0:i1, 0:i1] = W[i0:n, i0:i1]ᵀ · W[i0:n, 0:i1] (W is 0 above its diagonal, so rows < i0 add nothing).
    const sum = new Float32Array(ib * i1);
    const chunk = Math.max(1, Math.floor(ctx.tile / i1));
    for (let q0 = i0; q0 < n; q0 += chunk) {
      const q1 = Math.min(n, q0 + chunk);
      const left = packTransposed(ctx, ctx.left, q0, q1, i0, i1);
      const c = product(left, pack(ctx, ctx.right, q0, q1, 0, i1), ib, q1 - q0, i1);
      for (let x = 0; x < c.length; x++) sum[x] += c[x];
    }
    // Rows i0..i1 of W are read by no later block row (those start at i1): overwrite them.
    for (let i = i0; i < i1; i++) {
      const row = (i - i0) * i1;
      a.set(sum.subarray(row, row + i + 1), i * n);
    }
  }
}

/** Copies the lower triangle onto the upper, in 64 × 64 tiles (a plain transpose walk misses the cache every step). */
function mirrorLower(a: Float32Array, n: number): void {
  const T = 64;
  for (let i0 = 0; i0 < n; i0 += T) {
    const i1 = Math.min(n, i0 + T);
    for (let j0 = 0; j0 <= i0; j0 += T) {
      const j1 = Math.min(n, j0 + T);
      for (let i = i0; i < i1; i++) {
        const ri = i * n;
        const end = Math.min(j1, i);
        for (let j = j0; j < end; j++) a[j * n + i] = a[ri + j];
      }
    }
  }
}
