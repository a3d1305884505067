import { Interactions, Random } from '@recsys/data';
import { describe, expect, it } from 'vitest';
import { relativeError, solveDense } from '../linalg/test-support.js';
import { transposeCsr } from '../neighbourhood/csr-matrix.js';
import { feedbackMatrix } from '../neighbourhood/feedback-matrix.js';
import { alsLoss, gramian, rowLambdas, solveRows } from './als.js';

// 4 users × 5 items, weighted: user 0 has item 2 twice (values 1 and 3 → r = 4).
const log = Interactions.fromColumns({
  users: Int32Array.of(0, 0, 0, 1, 1, 2, 2, 2, 3, 0),
  items: Int32Array.of(0, 2, 4, 1, 2, 0, 3, 4, 1, 2),
  values: Float32Array.of(2, 1, 5, 1, 2, 3, 1, 4, 2, 3),
});
const [U, I, f, alpha] = [4, 5, 3, 0.7];
const byUser = feedbackMatrix(log, 'weighted', 'test');
const byItem = transposeCsr(byUser);

function randomFactors(rows: number, seed: number): Float64Array {
  const random = new Random(seed);
  return Float64Array.from({ length: rows * f }, () => 0.5 * random.normal());
}

/** Dense r (0 where unobserved). */
function denseR(): Float64Array {
  const r = new Float64Array(U * I);
  for (let u = 0; u < U; u++) {
    for (let k = byUser.offsets[u]; k < byUser.offsets[u + 1]; k++) r[u * I + byUser.indices[k]] = byUser.values[k];
  }
  return r;
}

/** The user rows by brute force: the dense C_u and p_u, (YᵀC_uY + λ_u I) x_u = YᵀC_u p_u solved by Gauss–Jordan. */
function bruteForceUsers(y: Float64Array, lambdas: Float64Array): Float64Array {
  const r = denseR();
  const x = new Float64Array(U * f);
  for (let u = 0; u < U; u++) {
    const a = new Float64Array(f * f);
    const b = new Float64Array(f);
    for (let i = 0; i < I; i++) {
      const observed = r[u * I + i] > 0;
      const c = observed ? 1 + alpha * r[u * I + i] : 1;
      const p = observed ? 1 : 0;
      for (let d = 0; d < f; d++) {
        b[d] += c * p * y[i * f + d];
        for (let e = 0; e < f; e++) a[d * f + e] += c * y[i * f + d] * y[i * f + e];
      }
    }
    for (let d = 0; d < f; d++) a[d * f + d] += lambdas[u];
    x.set(solveDense(a, f, b), u * f);
  }
  return x;
}

/** The objective summed pair by pair over the dense matrix. */
function bruteForceLoss(x: Float64Array, y: Float64Array, lu: Float64Array, li: Float64Array): number {
  const r = denseR();
  let loss = 0;
  for (let u = 0; u < U; u++) {
    for (let i = 0; i < I; i++) {
      let s = 0;
      for (let d = 0; d < f; d++) s += x[u * f + d] * y[i * f + d];
      const observed = r[u * I + i] > 0;
      loss += (observed ? 1 + alpha * r[u * I + i] : 1) * ((observed ? 1 : 0) - s) ** 2;
    }
  }
  for (let u = 0; u < U; u++) for (let d = 0; d < f; d++) loss += lu[u] * x[u * f + d] ** 2;
  for (let i = 0; i < I; i++) for (let d = 0; d < f; d++) loss += li[i] * y[i * f + d] ** 2;
  return loss;
}

describe('iALS steps', () => {
  it.each(['plain', 'frequency'] as const)(
    'a Cholesky user half-step equals the brute-force normal equations (%s regularization)',
    (regularization) => {
      const y = randomFactors(I, 1);
      const lambdas = rowLambdas(byUser, 0.3, alpha, regularization);
      const x = randomFactors(U, 2);
      solveRows(x, y, byUser, f, gramian(y, I, f), { alpha, lambdas, solver: 'cholesky', cgSteps: 1, side: 'user' });
      expect(relativeError(x, bruteForceUsers(y, lambdas))).toBeLessThan(1e-12);
    },
  );

  it('conjugate gradient with enough steps matches the Cholesky solve', () => {
    const y = randomFactors(I, 3);
    const lambdas = rowLambdas(byUser, 0.1, alpha, 'plain');
    const exact = randomFactors(U, 4);
    solveRows(exact, y, byUser, f, gramian(y, I, f), { alpha, lambdas, solver: 'cholesky', cgSteps: 1, side: 'user' });
    const cg = randomFactors(U, 5);
    solveRows(cg, y, byUser, f, gramian(y, I, f), { alpha, lambdas, solver: 'cg', cgSteps: 3 * f, side: 'user' });
    expect(relativeError(cg, exact)).toBeLessThan(1e-9);
  });

  it('computes the loss exactly with the Gramian trick', () => {
    const x = randomFactors(U, 6);
    const y = randomFactors(I, 7);
    const lu = rowLambdas(byUser, 0.2, alpha, 'frequency');
    const li = rowLambdas(byItem, 0.2, alpha, 'frequency');
    const loss = alsLoss(x, y, byItem, f, gramian(x, U, f), alpha, lu, li);
    expect(loss).toBeCloseTo(bruteForceLoss(x, y, lu, li), 9);
  });

  it('never raises the loss, even with one CG step from a warm start', () => {
    const x = randomFactors(U, 8);
    const y = randomFactors(I, 9);
    const lu = rowLambdas(byUser, 0.05, alpha, 'plain');
    const li = rowLambdas(byItem, 0.05, alpha, 'plain');
    let previous = bruteForceLoss(x, y, lu, li);
    for (let half = 0; half < 10; half++) {
      const users = half % 2 === 0;
      const options = { alpha, solver: 'cg', cgSteps: 1, side: 'row' } as const;
      if (users) solveRows(x, y, byUser, f, gramian(y, I, f), { ...options, lambdas: lu });
      else solveRows(y, x, byItem, f, gramian(x, U, f), { ...options, lambdas: li });
      const loss = bruteForceLoss(x, y, lu, li);
      expect(loss).toBeLessThanOrEqual(previous + 1e-12);
      previous = loss;
    }
  });

  it('scales λ by the row total confidence with frequency regularization', () => {
    // user 0: items 0, 2, 4 with r = 2, 4, 5 → total confidence 5 + 0.7 × 11.
    expect(rowLambdas(byUser, 0.5, alpha, 'frequency')[0]).toBeCloseTo(0.5 * (I + alpha * 11), 12);
    expect([...rowLambdas(byUser, 0.5, alpha, 'plain')]).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('refuses a system that is not positive definite, naming the row', () => {
    const y = randomFactors(I, 1);
    const lambdas = new Float64Array(U).fill(1e-3);
    // alpha −10 gives confidence 1 − 10·r < 0 on observed pairs.
    expect(() =>
      solveRows(randomFactors(U, 2), y, byUser, f, gramian(y, I, f), {
        alpha: -10,
        lambdas,
        solver: 'cholesky',
        cgSteps: 1,
        side: 'user',
      }),
    ).toThrow(/ials: the system of user 0: the 3 × 3 matrix is not symmetric positive definite/);
  });
});
