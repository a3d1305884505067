import { describe, expect, it } from 'vitest';
import { formatFixed, formatSeconds, isFiniteNumber, metricLabel } from './format-number.js';

describe('formatFixed', () => {
  it('keeps a fixed number of decimals and says n/a for what is not a finite number', () => {
    expect(formatFixed(0.31968, 3)).toBe('0.320');
    expect(formatFixed(2, 2)).toBe('2.00');
    expect(formatFixed(-0.00001, 3)).toBe('0.000');
    expect(formatFixed(NaN, 3)).toBe('n/a');
    expect(formatFixed(null, 3)).toBe('n/a');
    expect(formatFixed(Infinity, 3)).toBe('n/a');
  });

  it('refuses a bad decimals count', () => {
    expect(() => formatFixed(1, 1.5)).toThrow('formatFixed: decimals must be an integer in [0, 10], got 1.5');
  });
});

describe('formatSeconds', () => {
  it('scales the precision to the size', () => {
    expect(formatSeconds(0.0421)).toBe('0.042 s');
    expect(formatSeconds(0.00004717)).toBe('0.000047 s');
    expect(formatSeconds(0)).toBe('0.000 s');
    expect(formatSeconds(4.214)).toBe('4.21 s');
    expect(formatSeconds(42.14)).toBe('42.1 s');
    expect(formatSeconds(421.4)).toBe('421 s');
    expect(formatSeconds(undefined)).toBe('n/a');
  });
});

describe('metricLabel and isFiniteNumber', () => {
  it('labels metrics', () => {
    expect(metricLabel('ndcg@10')).toBe('NDCG@10');
    expect(metricLabel('auc')).toBe('AUC');
    expect(metricLabel('coverage@20')).toBe('Coverage@20');
    expect(metricLabel('custom@3')).toBe('custom@3');
  });

  it('tests finiteness', () => {
    expect(isFiniteNumber(0)).toBe(true);
    expect(isFiniteNumber('1')).toBe(false);
    expect(isFiniteNumber(-Infinity)).toBe(false);
  });
});
