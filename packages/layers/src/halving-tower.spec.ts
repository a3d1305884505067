import { describe, expect, it } from 'vitest';
import { halvingEmbeddingSize, halvingTower } from './halving-tower.js';

describe('halvingTower', () => {
  it('follows the NCF paper: 8 predictive factors → 32 → 16 → 8, embedding size 16', () => {
    expect(halvingTower(8)).toEqual([32, 16, 8]);
    expect(halvingEmbeddingSize(8)).toBe(16);
    expect(halvingTower(16, 4)).toEqual([128, 64, 32, 16]);
    expect(halvingEmbeddingSize(16, 4)).toBe(64);
    expect(halvingTower(5, 1)).toEqual([5]);
  });

  it('validates its arguments', () => {
    expect(() => halvingTower(0)).toThrow(/positive integer/);
    expect(() => halvingTower(8, 0)).toThrow(/positive integer/);
    expect(() => halvingTower(2.5)).toThrow(/positive integer/);
    expect(() => halvingEmbeddingSize(5, 1)).toThrow(/odd/);
  });
});
