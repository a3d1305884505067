import { describe, it, expect } from 'vitest';
import { Random } from '../random.js';
import { AffinitySampler, dot } from './affinity-sampler.js';

const f = 3;

function unitRows(rows: number, random: Random): Float32Array {
  const out = new Float32Array(rows * f);
  for (let r = 0; r < rows; r++) {
    const v = [random.normal(), random.normal(), random.normal()];
    const norm = Math.hypot(...v);
    v.forEach((x, d) => (out[r * f + d] = x / norm));
  }
  return out;
}

/** The exact target: p_c ∝ base_c × exp(⟨x, v_c⟩ / T). */
function target(vectors: Float32Array, base: Float64Array, query: Float32Array, temperature: number): number[] {
  const w = Array.from(base, (b, c) => b * Math.exp(dot(query, 0, vectors, c * f, f) / temperature));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

describe('AffinitySampler', () => {
  const random = new Random(5);
  const n = 40;
  const vectors = unitRows(n, random);
  const base = Float64Array.from({ length: n }, (_, c) => 1 / (c + 1));
  const query = unitRows(1, random);

  it.each([0.5, 0.2])('draws from base × exp(affinity / T) exactly (T = %s)', (temperature) => {
    const sampler = new AffinitySampler(vectors, f, base, temperature, new Random(1));
    const expected = target(vectors, base, query, temperature);
    const draws = 100_000;
    const out = new Int32Array(draws);
    sampler.drawWithReplacement(query, 0, out, new Random(2));
    const counts = new Array<number>(n).fill(0);
    for (const c of out) counts[c]++;
    for (let c = 0; c < n; c++) expect(Math.abs(counts[c] / draws - expected[c])).toBeLessThan(0.006);
  });

  it('gives the first of the distinct draws the same distribution, also through the full-scan fallback', () => {
    // T = 0.01 makes rejection hopeless, so most draws come from the fallback scan.
    for (const temperature of [0.3, 0.01]) {
      const sampler = new AffinitySampler(vectors, f, base, temperature, new Random(1));
      const expected = target(vectors, base, query, temperature);
      const counts = new Array<number>(n).fill(0);
      const out = new Int32Array(3);
      const draws = 20_000;
      const rng = new Random(3);
      for (let k = 0; k < draws; k++) {
        sampler.drawDistinct(query, 0, out, rng);
        counts[out[0]]++;
      }
      for (let c = 0; c < n; c++) expect(Math.abs(counts[c] / draws - expected[c])).toBeLessThan(0.015);
    }
  });

  it('draws distinct candidates, up to all of them, and copes with a temperature that underflows exp', () => {
    const sampler = new AffinitySampler(vectors, f, base, 1e-4, new Random(1));
    const all = new Int32Array(n);
    sampler.drawDistinct(query, 0, all, new Random(4));
    expect(new Set(all).size).toBe(n);
    const logWeights = Array.from(base, (b, c) => Math.log(b) + dot(query, 0, vectors, c * f, f) / 1e-4);
    const best = logWeights.indexOf(Math.max(...logWeights));
    const out = new Int32Array(5);
    sampler.drawWithReplacement(query, 0, out, new Random(4));
    expect(Array.from(out)).toEqual([best, best, best, best, best]);
  });
});
