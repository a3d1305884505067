import { selectBackend } from '@recsys/train';
import { describe, expect, it } from 'vitest';
import { jsProduct, tensorProduct } from './matrix-product.js';
import { spdInverse, spdInverseWorkspaceBytes } from './spd-inverse.js';
import { gaussJordanInverse, randomSpd, relativeError } from './test-support.js';

describe('spdInverse', () => {
  // Sizes below, at, and between multiples of the block size 16, and one block only.
  it.each([1, 2, 15, 16, 17, 33, 50, 131])('inverts a random SPD matrix like Gauss–Jordan (n = %i)', (n) => {
    const a = randomSpd(n, n);
    const inverse = Float32Array.from(a);
    spdInverse(inverse, n, { blockSize: 16 });
    expect(relativeError(inverse, gaussJordanInverse(a, n))).toBeLessThan(1e-4);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(inverse[j * n + i]).toBe(inverse[i * n + j]);
  });

  it('gives the same inverse whatever the block size, tile size and product', async () => {
    const n = 70;
    const a = randomSpd(n, 5);
    const reference = gaussJordanInverse(a, n);
    await selectBackend({ backend: 'cpu', log: () => {} });
    for (const options of [
      { blockSize: 1 },
      { blockSize: 7 },
      { blockSize: 256 },
      { blockSize: 8, tileFloats: 50 }, // row tiles of one row and chunked block rows
      { blockSize: 9, product: tensorProduct },
      { blockSize: 64, product: jsProduct },
    ]) {
      const inverse = Float32Array.from(a);
      spdInverse(inverse, n, options);
      expect(relativeError(inverse, reference)).toBeLessThan(1e-4);
    }
  });

  it('runs its block products on the wasm backend', async () => {
    await selectBackend({ backend: 'wasm', log: () => {} });
    const n = 300;
    const a = randomSpd(n, 9);
    const inverse = Float32Array.from(a);
    spdInverse(inverse, n, { blockSize: 64, product: tensorProduct });
    expect(relativeError(inverse, gaussJordanInverse(a, n))).toBeLessThan(1e-4);
    await selectBackend({ backend: 'cpu', log: () => {} });
  });

  it('reads only the lower triangle', () => {
    const a = randomSpd(20, 3);
    const upperGarbage = Float32Array.from(a);
    for (let i = 0; i < 20; i++) for (let j = i + 1; j < 20; j++) upperGarbage[i * 20 + j] = 1e6;
    const inverse = Float32Array.from(a);
    spdInverse(inverse, 20, { blockSize: 6 });
    spdInverse(upperGarbage, 20, { blockSize: 6 });
    expect(upperGarbage).toEqual(inverse);
  });

  it('refuses a matrix that is not positive definite, naming the pivot', () => {
    const n = 40;
    const a = Float32Array.from(randomSpd(n, 2));
    a[37 * n + 37] = -5; // the leading 38 × 38 block is indefinite
    expect(() => spdInverse(a, n, { blockSize: 16, what: 'XᵀX + λI' })).toThrow(
      /XᵀX \+ λI: the 40 × 40 matrix is not symmetric positive definite: pivot 37 is not positive/,
    );
    const nan = Float32Array.from(randomSpd(3, 2));
    nan[4] = NaN;
    expect(() => spdInverse(nan, 3)).toThrow(/pivot 1/);
  });

  it('refuses malformed arguments', () => {
    expect(() => spdInverse(new Float32Array(5), 2)).toThrow(/n² = 4/);
    expect(() => spdInverse(new Float32Array(4), 2, { blockSize: 0 })).toThrow(/blockSize/);
    expect(() => spdInverse(new Float32Array(4), 2, { tileFloats: 1.5 })).toThrow(/tileFloats/);
    expect(() => spdInverse(new Float32Array(0), 0)).not.toThrow();
  });

  it('states its workspace: panels of n × block size, bounded tiles', () => {
    expect(spdInverseWorkspaceBytes(10, 256)).toBe(4 * (4 * 10 * 10 + 8 * 200) + 8 * 10 * 10);
    expect(spdInverseWorkspaceBytes(50_000)).toBeLessThan(0.06 * 4 * 50_000 ** 2);
  });
});
