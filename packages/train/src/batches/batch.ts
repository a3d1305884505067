import type { Random } from '@recsys/data';

/**
 * A training batch: any shape a model and its batch source agree on. The engine needs only its {@link size}, the number
 * of training examples it counts (for the epoch's mean loss and samples per second).
 */
export interface Batch {
  readonly size: number;
}

/** (user, item) pairs to score: what a model's forward pass takes. */
export interface Pairs {
  readonly users: Int32Array;
  readonly items: Int32Array;
}

/**
 * Pointwise training: (user, item) pairs, each with a target (1 for a positive, 0 for a sampled negative, or a graded
 * target such as rating / max rating) and optionally a weight (a confidence). `size` is the number of pairs.
 */
export interface PairBatch extends Pairs, Batch {
  readonly targets: Float32Array;
  readonly weights?: Float32Array;
}

/** Pairwise training: (user, positive item, negative item) triples. `size` counts both items: 2 × triples. */
export interface TripleBatch extends Batch {
  readonly users: Int32Array;
  readonly positives: Int32Array;
  readonly negatives: Int32Array;
}

/** One epoch of batches, drawn up front by a {@link BatchSource}. */
export interface EpochBatches<B extends Batch> {
  /** Number of batches. */
  readonly length: number;
  /** Training examples in the epoch (the sum of the batches' sizes). */
  readonly examples: number;
  /** Batch `index` (0-based). */
  batch(index: number): B;
}

/**
 * Where a training loop gets its batches: every epoch draws anew (fresh negatives, a new shuffle) from the seeded
 * generator it is given, so a run is repeatable. Pointwise pairs ({@link pointwiseBatches}), pairwise triples
 * ({@link pairwiseBatches}); a model with another batch shape (blocks of users × items, histories) brings its own.
 */
export interface BatchSource<B extends Batch> {
  epoch(random: Random): EpochBatches<B>;
}

/** Whether a batch is a {@link TripleBatch}. */
export function isTripleBatch(batch: Batch): batch is TripleBatch {
  return 'positives' in batch && 'negatives' in batch;
}
