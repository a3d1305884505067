import { describeValue } from './check-options.js';

/**
 * A seeded pseudo-random generator (xoshiro128**): fast, 32-bit, and the same sequence on every platform.
 * Everything in recsys that draws at random takes a seed and uses this, so a run can be repeated exactly.
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * @param seed - an integer in [0, 2^32 − 1]; equal seeds give equal sequences.
   * @throws RangeError when `seed` is not such an integer: the state takes 32 bits, and folding 1.5, NaN, `'abc'` or
   * 2^32 into them would silently repeat the sequence of another seed (1, 0, 0, 0).
   */
  constructor(seed: number) {
    checkSeed('new Random', seed, 'seed');
    // splitmix32 spreads one seed over the four words of state (an all-zero state would be stuck).
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    return result;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    if (!(n > 0) || !Number.isInteger(n)) throw new RangeError(`Random.int: n must be a positive integer, got ${n}`);
    // Multiply-shift for n < 2^32 is unbiased enough for sampling (bias < n / 2^32), and far faster than rejection.
    return Math.floor(this.next() * n);
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: number } | unknown[]>(array: T): T {
    const a = array as unknown as unknown[];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return array;
  }
}

/** Largest seed: a seed is the 32 bits of the generator's initial state. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * The one rule for seeds in recsys: an integer in [0, 2^32 − 1]. Anything else would be folded to 32 bits and give
 * the same draws as another seed without saying so.
 *
 * @param where - the function, for the message.
 * @param seed - the value given.
 * @param name - how the message names it (default `option "seed"`).
 * @throws RangeError naming `where` and the value.
 */
export function checkSeed(where: string, seed: unknown, name = 'option "seed"'): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`${where}: ${name} must be an integer in [0, ${MAX_SEED}], got ${describeValue(seed)}`);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
