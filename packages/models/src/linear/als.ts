import { choleskyInPlace, choleskySolve, notPositiveDefinite } from '../linalg/cholesky.js';
import { conjugateGradient, conjugateGradientWork } from '../linalg/conjugate-gradient.js';
import type { CsrMatrix } from '../neighbourhood/csr-matrix.js';

/**
 * The steps of implicit alternating least squares (iALS: Hu, Koren & Volinsky 2008), as plain functions of float64
 * factor matrices, so tests can check each against a brute-force solve. Objective, with preference 1 on observed
 * pairs and 0 elsewhere, confidence c_ui = 1 + α·r_ui on observed pairs and 1 elsewhere:
 *
 *   L(X, Y) = Σ_{all u,i} c_ui (p_ui − x_u·y_i)² + Σ_u λ_u ‖x_u‖² + Σ_i λ_i ‖y_i‖².
 */

/** How the L2 penalty of a row is set: {@link rowLambdas}. */
export type Regularization = 'plain' | 'frequency';

/** The Gramian YᵀY (f × f, full, row-major float64) of `rows` factor rows of size f. O(rows·f²/2). */
export function gramian(y: Float64Array, rows: number, f: number): Float64Array {
  const g = new Float64Array(f * f);
  for (let r = 0; r < rows; r++) {
    const o = r * f;
    for (let a = 0; a < f; a++) {
      const ya = y[o + a];
      if (ya === 0) continue;
      const ga = a * f;
      for (let b = 0; b <= a; b++) g[ga + b] += ya * y[o + b];
    }
  }
  for (let a = 0; a < f; a++) for (let b = 0; b < a; b++) g[b * f + a] = g[a * f + b];
  return g;
}

/**
 * The L2 penalty of each row of `m`:
 *
 * - `'plain'` (Hu et al. 2008; the `implicit` library): λ for every row;
 * - `'frequency'` (Rendle et al. 2021, "Revisiting the Performance of iALS on Item Recommendation Benchmarks", ν = 1):
 *   λ times the row's total confidence, λ·Σ_i c_ui = λ·(items + α·Σ_i r_ui). Their loss weighs unobserved pairs α₀
 *   and scales the penalty by (|I_u| + α₀|I|); rewritten with observed confidence 1 + α (α = 1/α₀) that is this.
 */
export function rowLambdas(m: CsrMatrix, lambda: number, alpha: number, regularization: Regularization): Float64Array {
  const out = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    if (regularization === 'plain') {
      out[r] = lambda;
      continue;
    }
    let total = 0;
    for (let k = m.offsets[r]; k < m.offsets[r + 1]; k++) total += m.values[k];
    out[r] = lambda * (m.columns + alpha * total);
  }
  return out;
}

/** Options of {@link solveRows}. */
export interface SolveRowsOptions {
  /** Confidence slope: an observed entry r weighs 1 + α·r. */
  alpha: number;
  /** Each row's L2 penalty ({@link rowLambdas}). */
  lambdas: Float64Array;
  /** `'cg'`: `cgSteps` conjugate-gradient steps from the current row; `'cholesky'`: the exact solve. */
  solver: 'cg' | 'cholesky';
  /** Conjugate-gradient steps per row. */
  cgSteps: number;
  /** Names the side in error messages, e.g. `'user'`. */
  side: string;
}

/**
 * One half-step of iALS: every row x_r of `x` (rows × f) is set to the minimiser of the objective with the other side
 * `y` fixed — the solution of
 *
 *   (YᵀY + Yᵀ(C_r − I)Y + λ_r I) x_r = Yᵀ C_r p_r = Σ_{c ∈ r} (1 + α·v_rc) y_c,
 *
 * where YᵀY (`gram`, computed once per half-step) stands for every unobserved column, so a row costs O(deg·f) on top
 * of the f × f work (the Gramian trick). With `'cholesky'` the system is formed (O(deg·f²)) and solved exactly
 * (O(f³/6)); with `'cg'` it is never formed: `cgSteps` conjugate-gradient steps, each O(f² + deg·f), start from the
 * current x_r (warm start) and never raise the objective.
 *
 * @throws RangeError naming the side and the row when a system is not positive definite (a negative confidence).
 */
export function solveRows(
  x: Float64Array,
  y: Float64Array,
  m: CsrMatrix,
  f: number,
  gram: Float64Array,
  options: SolveRowsOptions,
): void {
  const { alpha, lambdas, solver, cgSteps, side } = options;
  const { offsets: ptr, indices: cols, values } = m;
  const b = new Float64Array(f);
  if (solver === 'cholesky') {
    const a = new Float64Array(f * f);
    for (let r = 0; r < m.rows; r++) {
      a.set(gram);
      b.fill(0);
      for (let k = ptr[r]; k < ptr[r + 1]; k++) {
        const o = cols[k] * f;
        const extra = alpha * values[k]; // c − 1
        const conf = 1 + extra;
        for (let d = 0; d < f; d++) {
          const yd = y[o + d];
          b[d] += conf * yd;
          const w = extra * yd;
          if (w === 0) continue;
          const row = d * f;
          for (let e = 0; e <= d; e++) a[row + e] += w * y[o + e];
        }
      }
      for (let d = 0; d < f; d++) a[d * f + d] += lambdas[r];
      const bad = choleskyInPlace(a, f);
      if (bad >= 0) throw notPositiveDefinite(`ials: the system of ${side} ${r}`, bad, f);
      choleskySolve(a, f, b);
      x.set(b, r * f);
    }
    return;
  }
  const work = conjugateGradientWork(f);
  const row = new Float64Array(f);
  const system = new RowSystem(y, m, f, gram, alpha);
  for (let r = 0; r < m.rows; r++) {
    system.select(r, lambdas[r]);
    b.fill(0);
    for (let k = ptr[r]; k < ptr[r + 1]; k++) {
      const o = cols[k] * f;
      const conf = 1 + alpha * values[k];
      for (let d = 0; d < f; d++) b[d] += conf * y[o + d];
    }
    const o = r * f;
    for (let d = 0; d < f; d++) row[d] = x[o + d];
    conjugateGradient(system, b, row, cgSteps, work);
    x.set(row, o);
  }
}

/**
 * The matrix of one row's system, YᵀY + Yᵀ(C_r − I)Y + λ_r·I, as a product: O(f² + deg·f), never formed. One object
 * serves every row ({@link RowSystem.select}), so the solver's call to `apply` stays monomorphic.
 */
class RowSystem {
  private start = 0;
  private end = 0;
  private lambda = 0;

  constructor(
    private readonly y: Float64Array,
    private readonly m: CsrMatrix,
    private readonly f: number,
    private readonly gram: Float64Array,
    private readonly alpha: number,
  ) {}

  select(r: number, lambda: number): void {
    this.start = this.m.offsets[r];
    this.end = this.m.offsets[r + 1];
    this.lambda = lambda;
  }

  apply(v: Float64Array, out: Float64Array): void {
    const { y, f, gram, alpha, start, end, lambda } = this;
    const { indices: cols, values } = this.m;
    for (let d = 0; d < f; d++) out[d] = lambda * v[d] + dot(gram, d * f, v, 0, f);
    for (let k = start; k < end; k++) {
      const o = cols[k] * f;
      const w = alpha * values[k] * dot(y, o, v, 0, f);
      if (w === 0) continue;
      for (let d = 0; d < f; d++) out[d] += w * y[o + d];
    }
  }
}

/**
 * Σ_d a[ao + d]·b[bo + d] over n terms, with four partial sums (a single sum is one chain of dependent additions).
 */
function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < n; d += 4) {
    s0 += a[ao + d] * b[bo + d];
    s1 += a[ao + d + 1] * b[bo + d + 1];
    s2 += a[ao + d + 2] * b[bo + d + 2];
    s3 += a[ao + d + 3] * b[bo + d + 3];
  }
  for (; d < n; d++) s0 += a[ao + d] * b[bo + d];
  return s0 + s1 + (s2 + s3);
}

/**
 * The iALS objective L(X, Y), exactly, without touching the unobserved pairs one by one: with G = XᵀX,
 *
 *   Σ_{all u,i} (x_u·y_i)² = Σ_i y_iᵀ G y_i,
 *
 * and each observed pair replaces its (x_u·y_i)² by c_ui(1 − x_u·y_i)². O(items·f² + nnz·f) given G.
 *
 * @param byItem - the feedback matrix by item (items × users).
 * @param gramX - XᵀX (f × f).
 */
export function alsLoss(
  x: Float64Array,
  y: Float64Array,
  byItem: CsrMatrix,
  f: number,
  gramX: Float64Array,
  alpha: number,
  userLambdas: Float64Array,
  itemLambdas: Float64Array,
): number {
  let loss = 0;
  const { offsets: ptr, indices: cols, values } = byItem;
  for (let i = 0; i < byItem.rows; i++) {
    const o = i * f;
    let quadratic = 0;
    let norm = 0;
    for (let d = 0; d < f; d++) {
      const g = d * f;
      let s = 0;
      for (let e = 0; e < f; e++) s += gramX[g + e] * y[o + e];
      quadratic += y[o + d] * s;
      norm += y[o + d] * y[o + d];
    }
    loss += quadratic + itemLambdas[i] * norm;
    for (let k = ptr[i]; k < ptr[i + 1]; k++) {
      const ou = cols[k] * f;
      let s = 0;
      for (let d = 0; d < f; d++) s += x[ou + d] * y[o + d];
      const miss = 1 - s;
      loss += (1 + alpha * values[k]) * miss * miss - s * s;
    }
  }
  for (let u = 0; u < userLambdas.length; u++) {
    const o = u * f;
    let norm = 0;
    for (let d = 0; d < f; d++) norm += x[o + d] * x[o + d];
    loss += userLambdas[u] * norm;
  }
  return loss;
}
