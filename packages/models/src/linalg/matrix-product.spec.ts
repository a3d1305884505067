import '@tensorflow/tfjs-backend-cpu';
import { selectBackend } from '@recsys/train';
import { describe, expect, it } from 'vitest';
import { jsProduct, productFor, tensorProduct } from './matrix-product.js';
import { naiveProduct, relativeError } from './test-support.js';

const random = (n: number, seed: number) => Float32Array.from({ length: n }, (_, k) => Math.sin(seed * 7919 + k * 1.3));

describe('matrix products', () => {
  // Odd sizes exercise the 2-row and 4-deep remainders; 700 columns cross the 512-column tile.
  const shapes = [
    [1, 1, 1],
    [3, 5, 7],
    [2, 4, 8],
    [9, 13, 700],
    [64, 3, 31],
  ] as const;

  it.each(shapes)('jsProduct matches the triple loop (%i × %i × %i)', (m, k, n) => {
    const a = random(m * k, 1);
    const b = random(k * n, 2);
    expect(relativeError(jsProduct(a, b, m, k, n), naiveProduct(a, b, m, k, n))).toBeLessThan(1e-6);
  });

  it.each(['cpu', 'wasm'] as const)('tensorProduct matches the triple loop on the %s backend', async (backend) => {
    await selectBackend({ backend, log: () => {} });
    for (const [m, k, n] of shapes) {
      const a = random(m * k, 3);
      const b = random(k * n, 4);
      const c = tensorProduct(a, b, m, k, n);
      expect(c).toBeInstanceOf(Float32Array);
      expect(relativeError(c, naiveProduct(a, b, m, k, n))).toBeLessThan(1e-5);
    }
  });

  it('uses plain JS on the cpu backend and tfjs elsewhere', () => {
    expect(productFor('cpu')).toBe(jsProduct);
    expect(productFor('wasm')).toBe(tensorProduct);
    expect(productFor('tensorflow')).toBe(tensorProduct);
  });
});
