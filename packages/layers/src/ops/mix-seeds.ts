/**
 * One 32-bit seed from several (a step's seed, a layer's own seed, a layer index): a murmur-style mix, so layers that
 * draw in the same step, and the same layer in different steps, get unrelated random streams.
 *
 * @example
 * ```ts
 * const seed = mixSeeds(stepSeed, layerSeed, i); // e.g. for dropout(x, rate, tape, seed)
 * ```
 */
export function mixSeeds(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // 'a', NaN and 0 all became 0 under >>> 0: distinct seeds must not collide silently.
    if (!Number.isInteger(part)) throw new RangeError(`mixSeeds: seeds must be integers, got ${String(part)}`);
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}
