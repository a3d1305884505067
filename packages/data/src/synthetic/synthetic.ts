import { describeValue, refuseUnknownOptions } from '../check-options.js';
import { IdMap } from '../id-map.js';
import { Interactions } from '../interactions.js';
import { checkSeed, Random } from '../random.js';
import type { SparseFeatures } from '../sparse-features.js';
import { AffinitySampler, dot } from './affinity-sampler.js';
import { AliasTable } from './alias-table.js';

/** Options of {@link synthetic}. Every option has a default. */
export interface SyntheticOptions {
  /** Number of users. Default 500. */
  users?: number;
  /** Number of items (at least 10). Default 1000. */
  items?: number;
  /** Dimension of the latent factors. Default 8. */
  factors?: number;
  /**
   * Mean number of distinct items per user; each user's count varies (log-normal), at least 5 and at most items / 2.
   * Default 30.
   */
  interactionsPerUser?: number;
  /** Zipf exponent of item popularity: the item of popularity rank r has weight r^-exponent (0: uniform). Default 1. */
  popularityExponent?: number;
  /** Softmax temperature of the affinity ⟨p_u, q_i⟩ ∈ [-1, 1]; lower is more personalized. Default 0.2. */
  temperature?: number;
  /** Add cart/fav/buy rows after each click (pv), Taobao-style. Default false. */
  behaviours?: boolean;
  /** Give each item a bag of words over this many words, generated from its latent factor. Default none. */
  contentFeatures?: number;
  /** Seed, an integer in [0, 2^32 − 1]; equal options give equal data. Default 42. */
  seed?: number;
}

/** What {@link synthetic} generates. */
export interface SyntheticData {
  /** The log: user ids `u0..`, item ids `i0..`, ratings 1–5 as values, timestamps (unix seconds), maybe behaviours. */
  interactions: Interactions;
  /** Bag-of-words item content (word counts), with the `contentFeatures` option. */
  content?: SparseFeatures;
  /** True user factors, unit rows, `users × factors` row-major. */
  userFactors: Float32Array;
  /** True item factors, unit rows, `items × factors` row-major. */
  itemFactors: Float32Array;
}

/** Behaviour names of the synthetic log with `behaviours: true`. */
export const SYNTHETIC_BEHAVIOURS = ['pv', 'cart', 'fav', 'buy'] as const;

// Base probabilities of cart, fav, buy after a click, scaled by how much the user likes the item.
const FOLLOW_UP = [0.45, 0.3, 0.22] as const;
const NOISE_WORDS = 0.15;
const START = 1_500_000_000;

/**
 * Generates a synthetic interaction log from a latent-factor model with popularity skew: the embedded default dataset
 * for demos and tests, with known true factors.
 *
 * Users and items get random unit factors p_u, q_i. Item popularity follows a Zipf law with `popularityExponent` over a
 * random ranking of the items. Each user picks distinct items one after another, each with probability
 * ∝ popularity_i × exp(⟨p_u, q_i⟩ / temperature) among the items not yet picked. Both signals matter, so a popularity
 * baseline beats random and a personalized model can beat popularity. The picked items come in random order with
 * strictly increasing timestamps per user (leave-one-out by time works), and a rating 1–5 that grows with the affinity.
 *
 * With `behaviours: true`, each pick is a click (`pv`) possibly followed by `cart`, `fav` and `buy` rows with
 * decreasing, affinity-driven probabilities; every row of a pick carries the pick's rating. With `contentFeatures: F`,
 * each item gets about 20 words over a Zipf-distributed vocabulary of F words with random unit vectors w_j, mostly
 * drawn ∝ exp(⟨q_i, w_j⟩ / temperature), so content predicts the item's factor (for cold-start models).
 *
 * Sampling is exact and never computes a softmax over all items: proposals by popularity (alias tables), refined by
 * clusters of item factors, are accepted with probability exp((affinity − bound) / temperature), where the bound
 * holds for the whole cluster. 10,000 users × 30 picks over 10,000 items take about 1.5 s with 8 factors on a modest
 * machine; the cost grows with `factors` and as `temperature` falls.
 *
 * @throws RangeError naming the option on a bad value or an unknown option key; TypeError on a non-boolean
 * `behaviours`.
 * @example
 * ```ts
 * const { interactions, userFactors } = synthetic({ users: 200, items: 500, seed: 1 });
 * const { train, test } = leaveOneOut(interactions);
 * ```
 */
export function synthetic(options: SyntheticOptions = {}): SyntheticData {
  // A misspelt option (`user: 5`) would otherwise give the default (500 users) without a word.
  refuseUnknownOptions('synthetic', options, SYNTHETIC_OPTION_KEYS);
  const {
    users = 500,
    items = 1000,
    factors = 8,
    interactionsPerUser = 30,
    popularityExponent = 1,
    temperature = 0.2,
    behaviours = false,
    contentFeatures,
    seed = 42,
  } = options;
  checkInteger('users', users, 1);
  checkInteger('items', items, 10);
  checkInteger('factors', factors, 1);
  if (!(interactionsPerUser >= 5 && interactionsPerUser <= items / 2)) {
    throw new RangeError(
      `synthetic: option "interactionsPerUser" must be in [5, items / 2 = ${items / 2}], got ${describeValue(interactionsPerUser)}`,
    );
  }
  if (!(popularityExponent >= 0 && Number.isFinite(popularityExponent))) {
    throw new RangeError(
      `synthetic: option "popularityExponent" must be finite and >= 0, got ${describeValue(popularityExponent)}`,
    );
  }
  if (!(temperature > 0 && Number.isFinite(temperature))) {
    throw new RangeError(`synthetic: option "temperature" must be finite and > 0, got ${describeValue(temperature)}`);
  }
  if (contentFeatures !== undefined) checkInteger('contentFeatures', contentFeatures, 1);
  if (typeof behaviours !== 'boolean') {
    throw new TypeError(`synthetic: option "behaviours" must be true or false, got ${describeValue(behaviours)}`);
  }
  checkSeed('synthetic', seed);

  // Independent streams, so that turning on behaviours or content leaves the picks unchanged.
  const master = new Random(seed);
  const factorRandom = new Random(master.nextUint32());
  const pickRandom = new Random(master.nextUint32());
  const behaviourRandom = new Random(master.nextUint32());
  const contentRandom = new Random(master.nextUint32());

  const userFactors = unitRows(users, factors, factorRandom);
  const itemFactors = unitRows(items, factors, factorRandom);
  const popularity = zipfWeights(items, popularityExponent, factorRandom);

  // Per-user counts: log-normal around the mean, at least 5, at most half the catalogue.
  const sigma = 0.6;
  const counts = new Int32Array(users);
  let picks = 0;
  for (let u = 0; u < users; u++) {
    const n = Math.round(interactionsPerUser * Math.exp(sigma * factorRandom.normal() - (sigma * sigma) / 2));
    counts[u] = Math.min(Math.max(n, 5), Math.floor(items / 2));
    picks += counts[u];
  }

  const pickItems = new Int32Array(picks);
  const pickAffinity = new Float32Array(picks);
  const sampler = new AffinitySampler(itemFactors, factors, popularity, temperature, factorRandom);
  for (let u = 0, offset = 0; u < users; u++) {
    const out = pickItems.subarray(offset, offset + counts[u]);
    sampler.drawDistinct(userFactors, u * factors, out, pickRandom);
    pickRandom.shuffle(out); // sequential draws favour strong items early; the time order must carry no such signal
    for (let k = 0; k < out.length; k++) {
      pickAffinity[offset + k] = dot(userFactors, u * factors, itemFactors, out[k] * factors, factors);
    }
    offset += counts[u];
  }

  const interactions = assemble(counts, pickItems, pickAffinity, factors, behaviours, pickRandom, behaviourRandom, {
    userIds: IdMap.from(Array.from({ length: users }, (_, u) => `u${u}`)),
    itemIds: IdMap.from(Array.from({ length: items }, (_, i) => `i${i}`)),
  });
  const data: SyntheticData = { interactions, userFactors, itemFactors };
  if (contentFeatures !== undefined)
    data.content = content(itemFactors, factors, contentFeatures, temperature, contentRandom);
  return data;
}

/** Builds the log's rows: per user, picks in time order; per pick a row, or with behaviours a pv row and follow-ups. */
function assemble(
  counts: Int32Array,
  pickItems: Int32Array,
  pickAffinity: Float32Array,
  factors: number,
  withBehaviours: boolean,
  timeRandom: Random,
  behaviourRandom: Random,
  ids: { userIds: IdMap; itemIds: IdMap },
): Interactions {
  const picks = pickItems.length;
  const capacity = withBehaviours ? picks * 4 : picks;
  const users = new Int32Array(capacity);
  const items = new Int32Array(capacity);
  const values = new Float32Array(capacity);
  const timestamps = new Float64Array(capacity);
  const behaviours = new Uint8Array(capacity);
  const scale = Math.sqrt(factors); // a random item's affinity has standard deviation 1 / sqrt(factors)
  let row = 0;
  for (let u = 0, k = 0; u < counts.length; u++) {
    let t = START + Math.floor(timeRandom.next() * 180 * 86_400);
    for (let end = k + counts[u]; k < end; k++) {
      // Follow-up rows sit 10 s apart and picks at least 60 s apart, so timestamps strictly increase per user.
      t += 60 + Math.floor(-Math.log(1 - timeRandom.next()) * 6 * 3600);
      const z = pickAffinity[k] * scale;
      const rating = Math.min(5, Math.max(1, Math.round(2.7 + 0.75 * z + 0.6 * timeRandom.normal())));
      users[row] = u;
      items[row] = pickItems[k];
      values[row] = rating;
      timestamps[row] = t;
      row++;
      if (!withBehaviours) continue;
      const like = 1 / (1 + Math.exp(-(z - 2)));
      for (let b = 1; b <= FOLLOW_UP.length; b++) {
        if (behaviourRandom.next() >= FOLLOW_UP[b - 1] * like) continue;
        users[row] = u;
        items[row] = pickItems[k];
        values[row] = rating;
        timestamps[row] = t + 10 * b;
        behaviours[row] = b;
        row++;
      }
    }
  }
  return Interactions.fromColumns(
    {
      users: users.slice(0, row),
      items: items.slice(0, row),
      values: values.slice(0, row),
      timestamps: timestamps.slice(0, row),
      behaviours: withBehaviours ? behaviours.slice(0, row) : undefined,
    },
    { ...ids, behaviourNames: withBehaviours ? SYNTHETIC_BEHAVIOURS : undefined },
  );
}

/** Bag-of-words content: per item about 20 words, mostly drawn by affinity to the item's factor. */
function content(
  itemFactors: Float32Array,
  f: number,
  numWords: number,
  temperature: number,
  random: Random,
): SparseFeatures {
  const numItems = itemFactors.length / f;
  const wordVectors = unitRows(numWords, f, random);
  const frequency = zipfWeights(numWords, 1, random);
  const sampler = new AffinitySampler(wordVectors, f, frequency, temperature, random);
  const noise = new AliasTable(frequency);
  const ptr = new Int32Array(numItems + 1);
  const indices: number[] = [];
  const values: number[] = [];
  let tokens = new Int32Array(64);
  for (let i = 0; i < numItems; i++) {
    const length = Math.max(3, Math.round(20 * Math.exp(0.5 * random.normal() - 0.125)));
    if (tokens.length < length) tokens = new Int32Array(length * 2);
    const bag = tokens.subarray(0, length);
    let topical = 0;
    for (let k = 0; k < length; k++) if (random.next() >= NOISE_WORDS) topical++;
    sampler.drawWithReplacement(itemFactors, i * f, bag.subarray(0, topical), random);
    for (let k = topical; k < length; k++) bag[k] = noise.sample(random);
    bag.sort();
    for (let k = 0; k < length;) {
      let end = k + 1;
      while (end < length && bag[end] === bag[k]) end++;
      indices.push(bag[k]);
      values.push(end - k);
      k = end;
    }
    ptr[i + 1] = indices.length;
  }
  return {
    numRows: numItems,
    numFeatures: numWords,
    ptr,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
}

/** `rows × f` random unit vectors (normalized Gaussians: uniform on the sphere). */
function unitRows(rows: number, f: number, random: Random): Float32Array {
  const out = new Float32Array(rows * f);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let d = 0; d < f; d++) {
      const x = random.normal();
      out[r * f + d] = x;
      norm += x * x;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < f; d++) out[r * f + d] *= inv;
  }
  return out;
}

/** Zipf weights (rank + 1)^-exponent over a random ranking of `n` candidates. */
function zipfWeights(n: number, exponent: number, random: Random): Float64Array {
  const ranking = random.shuffle(Int32Array.from({ length: n }, (_, k) => k));
  const weights = new Float64Array(n);
  for (let r = 0; r < n; r++) weights[ranking[r]] = Math.pow(r + 1, -exponent);
  return weights;
}

const SYNTHETIC_OPTION_KEYS = [
  'users',
  'items',
  'factors',
  'interactionsPerUser',
  'popularityExponent',
  'temperature',
  'behaviours',
  'contentFeatures',
  'seed',
];

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`synthetic: option "${name}" must be an integer >= ${min}, got ${describeValue(value)}`);
  }
}
