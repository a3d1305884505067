import { describe, it, expect } from 'vitest';
import type { Interactions } from '../interactions.js';
import { leaveOneOut } from '../split/leave-one-out.js';
import { sampleTestNegatives } from '../split/sample-test-negatives.js';
import { caseCount, negativesOf } from '../test-negatives.js';
import { SYNTHETIC_BEHAVIOURS, synthetic } from './synthetic.js';

function affinity(data: { userFactors: Float32Array; itemFactors: Float32Array }, f: number, u: number, i: number) {
  let s = 0;
  for (let d = 0; d < f; d++) s += data.userFactors[u * f + d] * data.itemFactors[i * f + d];
  return s;
}

/** HR@10 of a scorer under sampled leave-one-out (99 negatives); ties count against the test item. */
function hitRate(log: Interactions, score: (u: number, i: number) => number): number {
  const { test } = leaveOneOut(log);
  const negatives = sampleTestNegatives(log, test, { seed: 1 });
  let hits = 0;
  for (let c = 0; c < caseCount(negatives); c++) {
    const u = negatives.users[c];
    const positive = score(u, negatives.positives[c]);
    let rank = 0;
    for (const i of negativesOf(negatives, c)) if (score(u, i) >= positive) rank++;
    if (rank < 10) hits++;
  }
  return hits / caseCount(negatives);
}

describe('synthetic', () => {
  const data = synthetic();
  const log = data.interactions;

  it('has the requested sizes, raw ids u0.. and i0.., and unit factors', () => {
    expect(log.numUsers).toBe(500);
    expect(log.numItems).toBe(1000);
    expect(log.userIds.raw(0)).toBe('u0');
    expect(log.itemIds.raw(999)).toBe('i999');
    expect(data.userFactors.length).toBe(500 * 8);
    expect(data.itemFactors.length).toBe(1000 * 8);
    expect(Math.hypot(...data.itemFactors.subarray(0, 8))).toBeCloseTo(1, 5);
    expect(log.size / 500).toBeGreaterThan(27);
    expect(log.size / 500).toBeLessThan(34);
    let minDegree = Infinity;
    for (let u = 0; u < 500; u++) minDegree = Math.min(minDegree, log.userDegree(u));
    expect(minDegree).toBeGreaterThanOrEqual(5);
    expect(data.content).toBeUndefined();
    expect(log.behaviours).toBeUndefined();
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = synthetic();
    expect(again.interactions.items).toEqual(log.items);
    expect(again.interactions.timestamps).toEqual(log.timestamps);
    expect(again.interactions.values).toEqual(log.values);
    expect(again.itemFactors).toEqual(data.itemFactors);
    expect(synthetic({ seed: 7 }).interactions.items).not.toEqual(log.items);
  });

  it('gives each user distinct items with strictly increasing timestamps', () => {
    const ts = log.timestamps ?? new Float64Array(0);
    let repeats = 0;
    let notIncreasing = 0;
    for (let u = 0; u < log.numUsers; u++) {
      const items = log.itemsOf(u);
      for (let k = 1; k < items.length; k++) if (items[k] === items[k - 1]) repeats++;
      const rows = Array.from(log.rowsOfUser(u)).sort((a, b) => a - b);
      for (let k = 1; k < rows.length; k++) if (!(ts[rows[k]] > ts[rows[k - 1]])) notIncreasing++;
    }
    expect(repeats).toBe(0);
    expect(notIncreasing).toBe(0);
  });

  it('skews popularity: the top 10% of items hold a large share of the rows', () => {
    const degrees = Array.from({ length: log.numItems }, (_, i) => log.itemDegree(i)).sort((a, b) => b - a);
    const top = degrees.slice(0, 100).reduce((a, b) => a + b, 0);
    expect(top / log.size).toBeGreaterThan(0.4);
    const flat = synthetic({ popularityExponent: 0 }).interactions;
    const flatDegrees = Array.from({ length: 1000 }, (_, i) => flat.itemDegree(i)).sort((a, b) => b - a);
    expect(flatDegrees.slice(0, 100).reduce((a, b) => a + b, 0) / flat.size).toBeLessThan(0.25);
  });

  it('makes popularity beat random and affinity beat popularity', () => {
    const { train } = leaveOneOut(log);
    const random = hitRate(log, (u, i) => ((i * 2654435761 + u) >>> 0) % 9973);
    const popularity = hitRate(log, (_u, i) => train.itemDegree(i));
    const personalized = hitRate(log, (u, i) => Math.log(train.itemDegree(i) + 1) + affinity(data, 8, u, i) / 0.2);
    expect(random).toBeLessThan(0.15);
    expect(popularity).toBeGreaterThan(random + 0.2);
    expect(personalized).toBeGreaterThan(popularity + 0.1);
  });

  it('derives ratings 1–5 from the affinity', () => {
    const values = log.values ?? new Float32Array(0);
    const byRating: number[][] = [[], [], [], [], [], []];
    let invalid = 0;
    for (let r = 0; r < log.size; r++) {
      if ([1, 2, 3, 4, 5].includes(values[r])) byRating[values[r]].push(affinity(data, 8, log.users[r], log.items[r]));
      else invalid++;
    }
    expect(invalid).toBe(0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(byRating[5])).toBeGreaterThan(mean(byRating[3]));
    expect(mean(byRating[3])).toBeGreaterThan(mean(byRating[2]));
  });

  it('adds Taobao-like behaviours: buy, cart and fav only on clicked items, rarer in turn, driven by affinity', () => {
    const withBehaviours = synthetic({ behaviours: true });
    const multi = withBehaviours.interactions;
    expect(multi.behaviourNames).toEqual(SYNTHETIC_BEHAVIOURS);
    const pv = multi.ofBehaviour('pv');
    // The clicks are exactly the picks of the plain log.
    expect(pv.items).toEqual(log.items);
    expect(pv.users).toEqual(log.users);
    const sizes = SYNTHETIC_BEHAVIOURS.map((name) => multi.ofBehaviour(name).size);
    expect(sizes[0]).toBeGreaterThan(sizes[1]);
    expect(sizes[1]).toBeGreaterThan(sizes[2]);
    expect(sizes[2]).toBeGreaterThan(sizes[3]);
    expect(sizes[3]).toBeGreaterThan(0);
    for (const name of ['cart', 'fav', 'buy']) {
      const part = multi.ofBehaviour(name);
      let unclicked = 0;
      for (let r = 0; r < part.size; r++) if (!pv.has(part.users[r], part.items[r])) unclicked++;
      expect(unclicked).toBe(0);
    }
    const buy = multi.ofBehaviour('buy');
    const meanAffinity = (part: Interactions) => {
      let s = 0;
      for (let r = 0; r < part.size; r++) s += affinity(data, 8, part.users[r], part.items[r]);
      return s / part.size;
    };
    expect(meanAffinity(buy)).toBeGreaterThan(meanAffinity(pv) + 0.05);
    // Timestamps still increase strictly per user.
    const ts = multi.timestamps ?? new Float64Array(0);
    let notIncreasing = 0;
    for (let u = 0; u < multi.numUsers; u++) {
      const rows = Array.from(multi.rowsOfUser(u)).sort((a, b) => a - b);
      for (let k = 1; k < rows.length; k++) if (!(ts[rows[k]] > ts[rows[k - 1]])) notIncreasing++;
    }
    expect(notIncreasing).toBe(0);
  });

  it('generates bag-of-words content that predicts the item factors', () => {
    const { content, itemFactors, interactions } = synthetic({ contentFeatures: 300 });
    if (!content) throw new Error('no content');
    expect(interactions.items).toEqual(log.items); // content does not change the picks
    expect(content.numRows).toBe(1000);
    expect(content.numFeatures).toBe(300);
    expect(content.ptr.length).toBe(1001);
    expect(content.ptr[1000]).toBe(content.indices.length);
    expect(content.values.length).toBe(content.indices.length);
    const bags: Map<number, number>[] = [];
    let malformed = 0;
    for (let i = 0; i < 1000; i++) {
      const bag = new Map<number, number>();
      if (!(content.ptr[i + 1] > content.ptr[i])) malformed++;
      for (let k = content.ptr[i]; k < content.ptr[i + 1]; k++) {
        if (k > content.ptr[i] && !(content.indices[k] > content.indices[k - 1])) malformed++;
        if (!(content.indices[k] >= 0 && content.indices[k] < 300)) malformed++;
        if (!(Number.isInteger(content.values[k]) && content.values[k] >= 1)) malformed++;
        bag.set(content.indices[k], content.values[k]);
      }
      bags.push(bag);
    }
    expect(malformed).toBe(0);
    const cosine = (a: Map<number, number>, b: Map<number, number>) => {
      let ab = 0;
      for (const [w, x] of a) ab += x * (b.get(w) ?? 0);
      const norm = (m: Map<number, number>) => Math.sqrt([...m.values()].reduce((s, x) => s + x * x, 0));
      return ab / (norm(a) * norm(b));
    };
    // Items with close factors share words far more than items with opposite factors.
    let close = 0;
    let far = 0;
    for (let i = 0; i < 200; i++) {
      let best = -1;
      let worst = -1;
      let bestScore = -Infinity;
      let worstScore = Infinity;
      for (let j = 0; j < 1000; j++) {
        if (j === i) continue;
        let s = 0;
        for (let d = 0; d < 8; d++) s += itemFactors[i * 8 + d] * itemFactors[j * 8 + d];
        if (s > bestScore) [best, bestScore] = [j, s];
        if (s < worstScore) [worst, worstScore] = [j, s];
      }
      close += cosine(bags[i], bags[best]);
      far += cosine(bags[i], bags[worst]);
    }
    expect(close).toBeGreaterThan(2 * far);
  });

  it('rejects bad options, naming them', () => {
    expect(() => synthetic({ users: 0 })).toThrow(/option "users" must be an integer >= 1, got 0/);
    expect(() => synthetic({ items: 5 })).toThrow(/option "items"/);
    expect(() => synthetic({ factors: 1.5 })).toThrow(/option "factors"/);
    expect(() => synthetic({ items: 40, interactionsPerUser: 30 })).toThrow(/option "interactionsPerUser"/);
    expect(() => synthetic({ interactionsPerUser: 2 })).toThrow(/option "interactionsPerUser"/);
    expect(() => synthetic({ popularityExponent: -1 })).toThrow(/option "popularityExponent"/);
    expect(() => synthetic({ temperature: 0 })).toThrow(/option "temperature"/);
    expect(() => synthetic({ contentFeatures: 0 })).toThrow(/option "contentFeatures"/);
    expect(() => synthetic({ seed: 0.5 })).toThrow(/option "seed"/);
    // Before: 1 + 2^32 gave seed 1's data, and NaN seed 0's.
    expect(() => synthetic({ seed: 1 + 2 ** 32 })).toThrow(
      'synthetic: option "seed" must be an integer in [0, 4294967295], got 4294967297',
    );
    expect(() => synthetic({ seed: NaN })).toThrow(/option "seed" must be an integer .*got NaN/);
  });
});

describe('synthetic options', () => {
  // Before: `user: 5` was ignored and the log had the default 500 users.
  it('refuses an unknown option key', () => {
    expect(() => synthetic({ user: 5 } as never)).toThrow(/synthetic has no option "user"/);
  });

  it('refuses a non-boolean behaviours and quotes string values', () => {
    expect(() => synthetic({ behaviours: 'false' as never })).toThrow(
      'synthetic: option "behaviours" must be true or false, got "false"',
    );
    expect(() => synthetic({ users: '5' as never })).toThrow(
      'synthetic: option "users" must be an integer >= 1, got "5"',
    );
  });
});
