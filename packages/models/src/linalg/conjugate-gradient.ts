/**
 * The symmetric positive-definite A of a {@link conjugateGradient} solve, as its product: `apply(v, out)` sets
 * out = A·v. An object rather than a function, so a caller solving many systems can reuse one (a closure made per
 * system is a new function each time, and V8 stops inlining the product into the solver: iALS's user half-step on ML-100K took 1.3× as long).
 */
export interface LinearOperator {
  apply(v: Float64Array, out: Float64Array): void;
}

/** Scratch vectors of a {@link conjugateGradient} solve of size n, reusable across solves of the same size. */
export interface ConjugateGradientWork {
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
}

/** Scratch for {@link conjugateGradient} on systems of size `n`. */
export function conjugateGradientWork(n: number): ConjugateGradientWork {
  return { r: new Float64Array(n), p: new Float64Array(n), ap: new Float64Array(n) };
}

/**
 * Conjugate gradient for A·x = b with A symmetric positive definite, in place from the starting point `x` (a warm
 * start: iALS passes the previous sweep's factors), for at most `steps` steps. A is given only as a product
 * ({@link LinearOperator}), so a caller need never form it: iALS applies YᵀY + Yᵀ(C_u − I)Y + λI in O(f² + deg·f).
 *
 * Every step lowers the quadratic ½xᵀAx − bᵀx (CG minimises it over a growing Krylov space around the start), so a
 * truncated solve never makes the objective worse than the start; with `steps` ≥ n it solves the system up to
 * rounding. Stops early once ‖r‖ ≤ 1e-10·‖b‖. Cost per step: one product plus 5n multiply-adds; memory: `work`.
 *
 * @returns the number of steps taken.
 * @example
 * ```ts
 * const a = { apply: (v: Float64Array, out: Float64Array) => { out[0] = 4 * v[0] + v[1]; out[1] = v[0] + 3 * v[1]; } };
 * const x = new Float64Array(2);
 * conjugateGradient(a, Float64Array.of(1, 2), x, 2); // x ≈ [1/11, 7/11]
 * ```
 */
export function conjugateGradient(
  operator: LinearOperator,
  b: Float64Array,
  x: Float64Array,
  steps: number,
  work: ConjugateGradientWork = conjugateGradientWork(b.length),
): number {
  const n = b.length;
  const { r, p, ap } = work;
  if (x.length !== n || r.length < n) throw new RangeError(`conjugateGradient: x, b and work must have size ${n}`);
  operator.apply(x, ap);
  let rs = 0;
  let bb = 0;
  for (let k = 0; k < n; k++) {
    const rk = b[k] - ap[k];
    r[k] = rk;
    p[k] = rk;
    rs += rk * rk;
    bb += b[k] * b[k];
  }
  const tolerance = 1e-20 * bb;
  let step = 0;
  for (; step < steps; step++) {
    if (rs <= tolerance) break;
    operator.apply(p, ap);
    let pap = 0;
    for (let k = 0; k < n; k++) pap += p[k] * ap[k];
    if (!(pap > 0)) break; // A is not positive definite along p (or p vanished): no descent left
    const alpha = rs / pap;
    let next = 0;
    for (let k = 0; k < n; k++) {
      x[k] += alpha * p[k];
      const rk = (r[k] -= alpha * ap[k]);
      next += rk * rk;
    }
    const beta = next / rs;
    for (let k = 0; k < n; k++) p[k] = r[k] + beta * p[k];
    rs = next;
  }
  return step;
}
